//! The `wikitable` format: pipe tables of the `| Defector | Profession | Birthplace | Year |
//! Notes |` kind, with or without a `|---|` separator, amid any other text.
//!
//! Every row yields a mention for each person its name cell names, and one for each person its
//! notes name as escaping with them ("Escaped with wife X"). A row missing a cell is realigned
//! by the kind of text in each cell (a year, a name, a known birthplace…), with a warning.

use compact_str::CompactString;
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::Pattern;
use defectors_model::{
    Diagnostic, Mention, ParsedDocument, Provenance, RawFieldValues, Section, Status,
};

use crate::fields::{
    MAX_TOGETHER, agency_acronym, collapse_spaces, context_for, has_outcome_cue, long_list_warning,
    next_index_in_line, non_empty, strip_footnotes,
};
use crate::names::{looks_like_name, split_name_list};
use crate::text;
use crate::years::{is_year_cell, parse_year_range};

/// What a table column holds, recognised from its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKind {
    Name,
    Profession,
    Birthplace,
    Year,
    Notes,
    Destination,
    Agency,
    Other,
}

impl ColumnKind {
    fn from_header(title: &str) -> Self {
        let t = title.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["defector", "name", "person", "who"]) {
            Self::Name
        } else if has(&[
            "profession",
            "prominence",
            "occupation",
            "role",
            "position",
            "rank",
        ]) {
            Self::Profession
        } else if has(&["birth", "born", "origin", "native"]) {
            Self::Birthplace
        } else if has(&["year", "date", "when"]) {
            Self::Year
        } else if has(&["destination", "defected to", "asylum", "country of refuge"]) {
            Self::Destination
        } else if has(&["agency", "service", "organisation", "organization"]) {
            Self::Agency
        } else if has(&["note", "remark", "comment", "description", "detail"]) {
            Self::Notes
        } else {
            Self::Other
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Profession => "profession",
            Self::Birthplace => "birthplace",
            Self::Year => "year",
            Self::Notes => "notes",
            Self::Destination => "destination",
            Self::Agency => "agency",
            Self::Other => "other",
        }
    }
}

/// One data row of a table, split into cells.
struct Row {
    line: u32,
    text: String,
    cells: Vec<String>,
    /// Warnings about this line or the text lines just before it inside the table.
    notes: Vec<(u32, Note)>,
}

/// A table: its column kinds and its rows.
struct Table {
    columns: Vec<ColumnKind>,
    rows: Vec<Row>,
}

/// Values seen in well-formed rows, used to recognise the cells of malformed ones.
#[derive(Default)]
struct KnownValues {
    birthplaces: HashSet<String>,
    professions: HashSet<String>,
}

/// Parses every pipe table of a `wikitable` document.
pub fn parse_wikitable(source_id: &str, text: &str) -> ParsedDocument {
    let mut doc = ParsedDocument::default();
    for table in find_tables(text) {
        read_table(source_id, &table, &mut doc);
    }
    doc
}

/// The number of tables (pipe tables whose header names a name column) in `text`.
pub(crate) fn table_count(text: &str) -> usize {
    find_tables(text).len()
}

/// Splits a pipe-table line into trimmed cells, dropping the outer pipes and empty tail cells.
fn split_cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells: Vec<String> = inner.split('|').map(|c| c.trim().to_owned()).collect();
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Finds the tables: a header-like pipe line that names a name column starts one.
///
/// Blank lines and `|---|` separators inside a table are skipped. A line with pipes that does
/// not start with `|` is read as a row when it has about as many cells as the header (with a
/// warning). Other text ends the table unless a row follows it: a later pipe line of two or
/// more cells that does not read as a header continues the table, and the text lines in
/// between are warned about; a later header starts a new table. A data row is never a header.
fn find_tables(text: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut current: Option<Table> = None;
    let mut pending: Vec<(u32, &str)> = Vec::new();
    for (line_no, line) in crate::numbered_lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_separator(trimmed) {
            continue;
        }
        let cells = split_cells(trimmed);
        let Some(table) = current.as_mut() else {
            if trimmed.starts_with('|') {
                current = header_table(&cells);
            }
            continue;
        };
        let unpiped = !trimmed.starts_with('|');
        let row_like = if unpiped {
            trimmed.contains('|') && cells.len() >= table.columns.len().saturating_sub(1).max(2)
        } else {
            pending.is_empty() || (cells.len() >= 2 && !looks_like_header(&cells))
        };
        if !row_like {
            if unpiped {
                pending.push((line_no, trimmed));
                continue;
            }
            tables.extend(current.take());
            pending.clear();
            current = header_table(&cells);
            continue;
        }
        let mut notes: Vec<(u32, Note)> = pending.drain(..).map(text_in_table_note).collect();
        if unpiped {
            let message = "row does not start with `|`; read as a row of the table".to_owned();
            notes.push((line_no, ("table.missing_pipe", message)));
        }
        table.rows.push(Row {
            line: line_no,
            text: trimmed.to_owned(),
            cells,
            notes,
        });
    }
    tables.extend(current);
    tables
}

/// The warning for a text line standing between two rows of a table.
fn text_in_table_note((line, text): (u32, &str)) -> (u32, Note) {
    let message = format!(
        "text line `{}` stands inside the table; skipped, and the table read on",
        abbreviate(text)
    );
    (line, ("table.text_in_table", message))
}

/// A new table when `cells` read as a header that names a name column.
fn header_table(cells: &[String]) -> Option<Table> {
    if !looks_like_header(cells) {
        return None;
    }
    let columns: Vec<ColumnKind> = cells.iter().map(|c| ColumnKind::from_header(c)).collect();
    columns.contains(&ColumnKind::Name).then(|| Table {
        columns,
        rows: Vec::new(),
    })
}

/// True for cells that read as column titles: no digits, no commas, at most four words each.
fn looks_like_header(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            !c.chars().any(|ch| ch.is_ascii_digit() || ch == ',')
                && c.split_whitespace().count() <= 4
        })
}

fn read_table(source_id: &str, table: &Table, doc: &mut ParsedDocument) {
    let known = known_values(table);
    for row in &table.rows {
        for (line, (code, message)) in &row.notes {
            doc.diagnostics
                .push(Diagnostic::warning(source_id, *line, code, message.clone()));
        }
        let mut cells: Vec<String> = row.cells.iter().map(|c| strip_footnotes(c)).collect();
        let n = table.columns.len();
        let extra_note = (cells.len() > n).then(|| {
            let note = (
                "table.column_count",
                format!(
                    "row has {} cells where the header has {n}; the last {} cells were read as one {} cell",
                    cells.len(),
                    cells.len() - n + 1,
                    table.columns[n - 1].label()
                ),
            );
            let tail = cells[n - 1..].join(" | ");
            cells.truncate(n - 1);
            cells.push(tail);
            note
        });
        let (assignment, note) = align(&cells, &table.columns, &known);
        let note = extra_note.or(note);
        if let Some(note) = note {
            doc.diagnostics
                .push(Diagnostic::warning(source_id, row.line, note.0, note.1));
        }
        let cell = |kind: ColumnKind| -> Option<String> {
            table
                .columns
                .iter()
                .zip(&assignment)
                .filter(|(k, _)| **k == kind)
                .find_map(|(_, idx)| idx.and_then(|i| non_empty(&cells[i])))
        };
        row_mentions(source_id, row, &cell, doc);
    }
}

/// Collects the birthplace and profession values of rows whose cells line up with the header.
fn known_values(table: &Table) -> KnownValues {
    let mut known = KnownValues::default();
    for row in &table.rows {
        if row.cells.len() != table.columns.len() {
            continue;
        }
        let year_ok = table
            .columns
            .iter()
            .zip(&row.cells)
            .all(|(k, c)| *k != ColumnKind::Year || c.is_empty() || is_year_cell(c));
        if !year_ok {
            continue;
        }
        for (kind, cell) in table.columns.iter().zip(&row.cells) {
            let value = cell.to_lowercase();
            match kind {
                ColumnKind::Birthplace => {
                    known.birthplaces.extend(comma_parts(&value));
                    known.birthplaces.insert(value);
                }
                ColumnKind::Profession => {
                    known.professions.insert(value);
                }
                _ => {}
            }
        }
    }
    known
}

fn comma_parts(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
}

/// True for short capitalised text such as `Ukraine, Russian Empire`.
fn looks_like_place(cell: &str) -> bool {
    let words: Vec<&str> = cell.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            let w = w.trim_end_matches(',');
            matches!(w, "of" | "the" | "and" | "de" | "la")
                || w.chars().next().is_some_and(char::is_uppercase)
        })
        && !cell.chars().any(|c| c.is_ascii_digit())
}

/// How well a cell's text fits a column kind (higher is better; 0 is no evidence).
fn fit(cell: &str, kind: ColumnKind, known: &KnownValues) -> i32 {
    if cell.is_empty() {
        return 0;
    }
    let lower = cell.to_lowercase();
    let known_place = known.birthplaces.contains(&lower)
        || comma_parts(&lower).all(|p| known.birthplaces.contains(&p));
    match kind {
        ColumnKind::Year => {
            if is_year_cell(cell) {
                4
            } else if parse_year_range(cell).is_some() {
                1
            } else {
                -4
            }
        }
        ColumnKind::Name => {
            if split_name_list(cell).is_some() || looks_like_name(cell) {
                3
            } else {
                -3
            }
        }
        ColumnKind::Birthplace => {
            if known_place {
                3
            } else if looks_like_place(cell) {
                1
            } else {
                -1
            }
        }
        ColumnKind::Profession => {
            if known.professions.contains(&lower) {
                3
            } else if known_place {
                -2
            } else if cell.split_whitespace().count() > 1 || agency_acronym(cell).is_some() {
                1
            } else {
                0
            }
        }
        ColumnKind::Notes => {
            if cell.split_whitespace().count() >= 6 {
                2
            } else {
                0
            }
        }
        ColumnKind::Destination => i32::from(looks_like_place(cell)),
        ColumnKind::Agency => i32::from(agency_acronym(cell).is_some()),
        ColumnKind::Other => 0,
    }
}

type Assignment = Vec<Option<usize>>;
type Note = (&'static str, String);

/// Maps cells to columns. Rows with as many cells as columns map in place; a row with fewer
/// cells is matched to the columns its cells fit best (order kept). The caller has already
/// joined the extra cells of a row with more cells than columns.
fn align(
    cells: &[String],
    columns: &[ColumnKind],
    known: &KnownValues,
) -> (Assignment, Option<Note>) {
    let n = columns.len();
    let m = cells.len();
    if m == n {
        let assignment: Assignment = (0..n).map(Some).collect();
        let misfit = columns
            .iter()
            .zip(cells)
            .find(|(k, c)| **k == ColumnKind::Year && fit(c, **k, known) < 0);
        let note = misfit.map(|(_, c)| {
            (
                "table.cell_type",
                format!("the year column holds `{c}`, which is not a year; kept as written"),
            )
        });
        return (assignment, note);
    }
    let Some(chosen) = best_placement(cells, columns, known) else {
        let message = format!(
            "row has {m} cells where the header has {n}: too many ways to realign it \
             (more than {REALIGN_CAP} cell-column pairs); the cells were read in place"
        );
        let assignment: Assignment = (0..n).map(|c| (c < m).then_some(c)).collect();
        return (assignment, Some(("table.realign_cap", message)));
    };
    let mut assignment: Assignment = vec![None; n];
    for (cell_idx, &col) in chosen.iter().enumerate() {
        assignment[col] = Some(cell_idx);
    }
    let missing: Vec<&str> = (0..n)
        .filter(|c| assignment[*c].is_none())
        .map(|c| columns[c].label())
        .collect();
    let read_as: Vec<String> = chosen
        .iter()
        .enumerate()
        .filter(|(i, col)| *i != **col)
        .map(|(i, col)| format!("`{}` as {}", abbreviate(&cells[i]), columns[*col].label()))
        .collect();
    let message = format!(
        "row has {m} cells where the header has {n}; missing: {}; realigned by cell type, reading {}",
        missing.join(", "),
        if read_as.is_empty() {
            "the cells in place".to_owned()
        } else {
            read_as.join(", ")
        }
    );
    (assignment, Some(("table.shifted_row", message)))
}

/// The first words of a long cell, for messages.
fn abbreviate(cell: &str) -> String {
    const MAX: usize = 40;
    if cell.chars().count() <= MAX {
        return cell.to_owned();
    }
    let cut: String = cell.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// The most cell-column pairs [`best_placement`] weighs before giving up on a row.
const REALIGN_CAP: usize = 1_000_000;

/// The increasing column indexes for the cells that fit best (highest summed [`fit`]), the
/// lexicographically first among equal scores: the choice a search of every placement in
/// lexicographic order keeping the first maximum makes, found by dynamic programming in
/// `O(cells × (columns − cells + 1))`. `None` when that exceeds [`REALIGN_CAP`].
fn best_placement(
    cells: &[String],
    columns: &[ColumnKind],
    known: &KnownValues,
) -> Option<Vec<usize>> {
    let (m, n) = (cells.len(), columns.len());
    if m > n {
        return None;
    }
    let slack = n - m;
    if m.saturating_mul(slack + 1) > REALIGN_CAP {
        return None;
    }
    // One fit per cell and column kind: a wide header repeats kinds.
    let mut kinds: Vec<ColumnKind> = Vec::new();
    for &kind in columns {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let kind_of: Vec<usize> = columns
        .iter()
        .map(|k| kinds.iter().position(|x| x == k).unwrap_or_default())
        .collect();
    let fits: Vec<Vec<i32>> = cells
        .iter()
        .map(|cell| kinds.iter().map(|&k| fit(cell, k, known)).collect())
        .collect();
    let score = |i: usize, col: usize| fits[i][kind_of[col]];
    // best[i][d]: the best score of cells i.. when cell i may take columns i+d..=i+slack.
    let mut best = vec![vec![i32::MIN; slack + 2]; m + 1];
    best[m] = vec![0; slack + 2];
    for i in (0..m).rev() {
        for d in (0..=slack).rev() {
            let take = score(i, i + d) + best[i + 1][d];
            best[i][d] = take.max(best[i][d + 1]);
        }
    }
    let mut chosen = Vec::with_capacity(m);
    let mut d = 0;
    for i in 0..m {
        while best[i][d] != score(i, i + d) + best[i + 1][d] {
            d += 1;
        }
        chosen.push(i + d);
    }
    Some(chosen)
}

fn row_mentions(
    source_id: &str,
    row: &Row,
    cell: &dyn Fn(ColumnKind) -> Option<String>,
    doc: &mut ParsedDocument,
) {
    let Some(name_cell) = cell(ColumnKind::Name) else {
        doc.diagnostics.push(Diagnostic::warning(
            source_id,
            row.line,
            "table.no_name",
            "row has no name cell; skipped",
        ));
        return;
    };
    let names = match split_name_list(&name_cell) {
        Some(list) => list.names,
        None => {
            doc.diagnostics.push(Diagnostic::warning(
                source_id,
                row.line,
                "table.odd_name",
                format!("name cell `{name_cell}` does not read as a name; kept as one person"),
            ));
            vec![name_cell.clone()]
        }
    };
    let year_raw = cell(ColumnKind::Year);
    let year = year_raw.as_deref().and_then(parse_year_range);
    if let (Some(raw), None) = (&year_raw, year) {
        doc.diagnostics.push(Diagnostic::warning(
            source_id,
            row.line,
            "table.bad_year",
            format!("year cell `{raw}` holds no year"),
        ));
    }
    let profession = cell(ColumnKind::Profession);
    let agency =
        cell(ColumnKind::Agency).or_else(|| profession.as_deref().and_then(agency_acronym));
    let notes = cell(ColumnKind::Notes);
    let companions = notes.as_deref().map(companions_in).unwrap_or_default();
    let provenance = |name: &str| Provenance {
        source_id: source_id.into(),
        line: row.line,
        section: Section::Table,
        heading: None,
        context: context_for(&row.text, name),
    };
    let mut index = next_index_in_line(&doc.mentions, source_id, row.line);
    let companion_names: Vec<String> = companions.iter().map(|c| c.name.clone()).collect();
    let count = names.len() + companion_names.len();
    doc.diagnostics.extend(long_list_warning(
        source_id,
        row.line,
        "table.long_list",
        count,
    ));
    for name in &names {
        let together: Vec<CompactString> = names
            .iter()
            .filter(|n| *n != name)
            .chain(&companion_names)
            .take(MAX_TOGETHER)
            .map(CompactString::from)
            .collect();
        doc.mentions.push(Mention {
            provenance: provenance(name),
            index_in_line: index,
            surface_name: name.into(),
            status: Status::Defector,
            raw: RawFieldValues {
                year: text(&year_raw),
                profession: text(&profession),
                agency: text(&agency),
                destination: cell(ColumnKind::Destination).map(Into::into),
                birthplace: cell(ColumnKind::Birthplace).map(Into::into),
                alias: None,
                notes: text(&notes),
                outcome: None,
                status_reason: None,
            }
            .into(),
            year,
            born: None,
            died: None,
            together_with: together,
            char_span: None,
            companion: false,
            attempt: false,
        });
        index += 1;
    }
    for companion in companions {
        let together: Vec<CompactString> = names
            .iter()
            .chain(companion_names.iter().filter(|n| **n != companion.name))
            .take(MAX_TOGETHER)
            .map(CompactString::from)
            .collect();
        doc.mentions.push(Mention {
            provenance: provenance(&companion.name),
            index_in_line: index,
            surface_name: companion.name.into(),
            status: Status::Defector,
            raw: RawFieldValues {
                year: text(&year_raw),
                notes: Some(companion.sentence.into()),
                outcome: companion.outcome.map(Into::into),
                ..RawFieldValues::default()
            }
            .into(),
            year,
            born: None,
            died: None,
            together_with: together,
            char_span: None,
            companion: true,
            attempt: false,
        });
        index += 1;
    }
}

/// A person a row's notes name as escaping with the row's subject.
#[derive(Debug, PartialEq, Eq)]
struct Companion {
    name: String,
    sentence: String,
    outcome: Option<String>,
}

const RELATION: &str = r"(?:wife|husband|son|daughter|sons|daughters|child|children|friend|brother|sister|mother|father|fiancée|fiancé|fiance|partner|colleague|companion|teammate|cousin|nephew|niece|uncle|aunt)";
const NAME: &str = r"\p{Lu}[\p{L}'’-]*(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]+))*";

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] =
    &[&WITH_COMPANION, &AND_COMPANION, &ESCAPE_VERB, &WHO_CLAUSE];

static WITH_COMPANION: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(&format!(
        r"\bwith\s+(?:(?:his|her|their|a|the)\s+)?(?:[\w-]+\s+){{0,2}}?{RELATION}\s+({NAME})"
    ))
});

static AND_COMPANION: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(&format!(
        r"^(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+)(?:(?:his|her|their)\s+)?(?:[\w-]+\s+){{0,2}}?{RELATION}\s+({NAME})"
    ))
});

static ESCAPE_VERB: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(
        r"(?i)\b(?:escap|fle[ed]|flee|defect|cross|flew|sail|swam|left|emigrat|ran\b|went\b|jump|slipp)",
    )
});

static WHO_CLAUSE: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"^\s*,?\s*who\s+(?:was|were|had been)\s+([^.;]+)"));

/// The people the notes name as escaping with the subject: `with (his|her) REL NAME
/// (and REL NAME)*` inside a sentence that has an escape verb before it.
fn companions_in(notes: &str) -> Vec<Companion> {
    let mut out = Vec::new();
    for caps in WITH_COMPANION.captures_iter(notes) {
        let whole = caps.get(0).expect("match");
        let (sentence_start, sentence_end) = sentence_bounds(notes, whole.start());
        if !ESCAPE_VERB.is_match(&notes[sentence_start..whole.start()]) {
            continue;
        }
        let sentence = collapse_spaces(&notes[sentence_start..sentence_end]);
        let mut found = vec![caps[1].to_owned()];
        let mut end = whole.end();
        while let Some(more) = AND_COMPANION.captures(&notes[end..]) {
            found.push(more[1].to_owned());
            end += more.get(0).expect("match").end();
        }
        for (i, name) in found.iter().enumerate() {
            let after = if i + 1 == found.len() {
                &notes[end..]
            } else {
                ""
            };
            let outcome = WHO_CLAUSE
                .captures(after)
                .map(|c| c[0].trim_start_matches([',', ' ']).trim().to_owned())
                .filter(|clause| has_outcome_cue(clause));
            out.push(Companion {
                name: name.trim_end_matches('.').to_owned(),
                sentence: sentence.clone(),
                outcome,
            });
        }
    }
    out
}

/// The byte bounds of the sentence of `text` that holds byte `at`, by the crate's one
/// sentence splitter ([`crate::split_sentences`]).
fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let spans = crate::split_sentences(text);
    let start = spans
        .iter()
        .take_while(|(start, _)| *start <= at)
        .last()
        .map_or(0, |(start, _)| *start);
    let end = spans
        .iter()
        .find(|(start, end)| *start <= at && at < *end)
        .map_or(text.len(), |(_, end)| *end);
    (start, end.max(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search [`best_placement`] replaces: every increasing placement in lexicographic
    /// order, keeping the first of the highest score.
    fn exhaustive(cells: &[String], columns: &[ColumnKind], known: &KnownValues) -> Vec<usize> {
        fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if cur.len() == k {
                out.push(cur.clone());
                return;
            }
            for i in start..n {
                cur.push(i);
                go(i + 1, n, k, cur, out);
                cur.pop();
            }
        }
        let mut all = Vec::new();
        go(0, columns.len(), cells.len(), &mut Vec::new(), &mut all);
        let mut best: Option<(i32, Vec<usize>)> = None;
        for chosen in all {
            let score: i32 = chosen
                .iter()
                .zip(cells)
                .map(|(&col, cell)| fit(cell, columns[col], known))
                .sum();
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, chosen));
            }
        }
        best.map(|(_, c)| c).unwrap_or_default()
    }

    #[test]
    fn dynamic_programming_chooses_what_the_exhaustive_search_chose() {
        use ColumnKind::*;
        let kinds = [
            Name,
            Profession,
            Birthplace,
            Year,
            Notes,
            Destination,
            Agency,
            Other,
        ];
        let pool = [
            "Anna Karpova",
            "KGB major",
            "Writer",
            "Latvia",
            "Kiev, Ukraine",
            "1961",
            "1979/1980",
            "in 1950",
            "Escaped across the border on foot in winter",
            "",
            "x",
            "USA",
        ];
        let mut known = KnownValues::default();
        known.birthplaces.insert("latvia".to_owned());
        known.professions.insert("writer".to_owned());
        let mut seed: u64 = 7;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound
        };
        for _ in 0..3000 {
            let n = 1 + next(8);
            let m = next(n + 1);
            let columns: Vec<ColumnKind> = (0..n).map(|_| kinds[next(kinds.len())]).collect();
            let cells: Vec<String> = (0..m).map(|_| pool[next(pool.len())].to_owned()).collect();
            let want = exhaustive(&cells, &columns, &known);
            let got = best_placement(&cells, &columns, &known).expect("under the cap");
            assert_eq!(got, want, "{cells:?} under {columns:?}");
        }
    }
}
