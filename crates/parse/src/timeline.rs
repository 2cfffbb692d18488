//! The `timeline` format: dated entries `YEAR – Name(s), descriptor (place → place)` under
//! decade headings (`1970s – …`), an optional second chronology list (a heading with
//! "chronology"), a persons table (see [`crate::persons`]), and essay text, which is prose and
//! is left to the prose parser.

use compact_str::CompactString;
use std::sync::LazyLock;

use crate::Pattern;
use defectors_model::{
    Diagnostic, Mention, ParsedDocument, Provenance, RawFieldValues, Section, Status, YearRange,
};

use crate::fields::{
    MAX_TOGETHER, agency_acronym, collapse_spaces, context_for, has_outcome_cue, long_list_warning,
    split_top_level,
};
use crate::names::{NameList, looks_like_name, split_name_list};
use crate::persons::{is_persons_header, read_persons_table};
use crate::prose::{Lexicon, extract_from_lines};
use crate::text;
use crate::years::{is_year_cell, parse_year_range};

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[
    &DECADE_HEADING,
    &CHRONOLOGY_HEADING,
    &ENTRY,
    &FROM_PLACE,
    &TOGETHER_WITH,
    &DEFECTED_TO,
    &RELATION_SPLIT,
    &ENDS_WITH_RELATION,
];

static DECADE_HEADING: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"^(1[5-9][0-9]0|20[0-9]0)s\b"));
static CHRONOLOGY_HEADING: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"(?i)\bchronolog"));
/// A dated entry: any number (or two) before the dash, so that a wrong year is reported.
static ENTRY: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(r"^(-?[0-9]{1,9}(?:\s*[/–—-]\s*-?[0-9]{1,9})?)\s+[–—-]\s+(.+)$")
});
static FROM_PLACE: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"^(?:(?:also|both|all|originally)\s+)?from\s+(.+)$"));
static TOGETHER_WITH: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"^(?:together\s+)?with\s+(.+)$"));
static DEFECTED_TO: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(r"\b(?:defected|fled|escaped|emigrated|went)\s+to\s+(\p{Lu}[\p{L}\s]*\p{L})")
});
static RELATION_SPLIT: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(
        r"\s+and\s+(?:her|his|their)\s+(?:husband|wife|partner|son|daughter|brother|sister|father|mother)\b\s*(?:[–—-]\s*)?",
    )
});
static ENDS_WITH_RELATION: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(r"\b(?:husband|wife|partner|son|daughter|brother|sister|father|mother)$")
});

/// Parses the dated entries, the persons table and the essay paragraphs (through the prose
/// extractor) of a `timeline` document.
pub fn parse_timeline(source_id: &str, text: &str, lexicon: &Lexicon) -> ParsedDocument {
    let mut doc = ParsedDocument::default();
    let lines: Vec<&str> = crate::numbered_lines(text)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    let mut block = Block {
        section: Section::Timeline,
        heading: None,
        decade: None,
    };
    let mut essay: Vec<(u32, &str)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let line_no = i as u32 + 1;
        if is_persons_header(line) {
            i = read_persons_table(
                source_id,
                &lines,
                i + 1,
                &mut doc.mentions,
                &mut doc.diagnostics,
            );
            continue;
        }
        if let Some(caps) = ENTRY.captures(line) {
            read_entry(
                source_id, line_no, line, &caps[1], &caps[2], &block, &mut doc,
            );
        } else if let Some(caps) = DECADE_HEADING.captures(line) {
            block = Block {
                section: Section::Timeline,
                heading: Some(line.to_owned()),
                decade: caps[1].parse().ok(),
            };
        } else if CHRONOLOGY_HEADING.is_match(line) && line.len() <= 160 {
            block = Block {
                section: Section::Chronology,
                heading: Some(line.to_owned()),
                decade: None,
            };
        } else if line.split_whitespace().count() >= ESSAY_MIN_WORDS {
            essay.push((line_no, lines[i]));
        }
        i += 1;
    }
    extract_from_lines(source_id, &essay, lexicon, &mut doc);
    doc
}

/// Lines with at least this many words that are no entry or heading are essay text.
const ESSAY_MIN_WORDS: usize = 8;

/// The list an entry belongs to: its kind, heading, and the decade the heading names.
struct Block {
    section: Section,
    heading: Option<String>,
    decade: Option<i32>,
}

/// What one entry says, before it is spread over its people.
#[derive(Debug, Default, PartialEq, Eq)]
struct Entry {
    names: NameList,
    professions: Vec<Option<String>>,
    alias: Option<String>,
    destination: Option<String>,
    birthplace: Option<String>,
    notes: Vec<String>,
    outcome: Option<String>,
    together_with: Vec<String>,
}

fn read_entry(
    source_id: &str,
    line_no: u32,
    line: &str,
    year_raw: &str,
    body: &str,
    block: &Block,
    doc: &mut ParsedDocument,
) {
    let year = checked_year(source_id, line_no, year_raw, &mut doc.diagnostics);
    if let (Some(decade), Some(range)) = (block.decade, year)
        && range.min / 10 * 10 != decade
    {
        doc.diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "timeline.heading_mismatch",
            format!(
                "entry dated {year_raw} stands under the heading `{}`; kept the entry's year",
                block.heading.as_deref().unwrap_or_default()
            ),
        ));
    }
    let Some(entry) = parse_entry_body(body) else {
        doc.diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "timeline.no_names",
            format!("entry `{line}` names no person that could be read; skipped"),
        ));
        return;
    };
    entry_warnings(source_id, line_no, &entry, &mut doc.diagnostics);
    let provenance = |name: &str| Provenance {
        source_id: source_id.into(),
        line: line_no,
        section: block.section,
        heading: block.heading.as_deref().map(Into::into),
        context: context_for(line, name),
    };
    let notes = (!entry.notes.is_empty()).then(|| entry.notes.join("; "));
    let n = entry.names.names.len();
    for (k, name) in entry.names.names.iter().enumerate() {
        let profession = entry.professions.get(k).cloned().flatten();
        let together: Vec<CompactString> = entry
            .names
            .names
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, other)| other)
            .chain(&entry.together_with)
            .take(MAX_TOGETHER)
            .map(CompactString::from)
            .collect();
        doc.mentions.push(Mention {
            provenance: provenance(name),
            index_in_line: k as u32,
            surface_name: name.into(),
            status: Status::Defector,
            raw: RawFieldValues {
                year: Some(year_raw.into()),
                agency: profession
                    .as_deref()
                    .and_then(agency_acronym)
                    .map(Into::into),
                profession: profession.map(Into::into),
                destination: text(&entry.destination),
                birthplace: text(&entry.birthplace),
                alias: text(&entry.alias).filter(|_| k + 1 == n),
                notes: text(&notes),
                outcome: text(&entry.outcome),
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
    }
}

/// The warnings about an entry as a whole: family groups, open and very long lists.
fn entry_warnings(source_id: &str, line_no: u32, entry: &Entry, diagnostics: &mut Vec<Diagnostic>) {
    for group in &entry.names.family_groups {
        diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "timeline.family_group",
            format!("`{group}` names a family, read as a couple of two people"),
        ));
    }
    if entry.names.open_ended {
        diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "timeline.open_list",
            "the list ends with `etc.`: it stands for more people than it names",
        ));
    }
    let count = entry.names.names.len() + entry.together_with.len();
    diagnostics.extend(long_list_warning(
        source_id,
        line_no,
        "timeline.long_list",
        count,
    ));
}

/// Years a defection can plausibly carry; an entry dated outside them is warned about.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The year of an entry, or `None` with a warning naming the value when `year_raw` is no
/// year of 1500–2099 (`0`, `99999`, `-500`) or a range that runs backwards (`1991/1917`). A
/// year outside [`PLAUSIBLE_YEARS`] is kept with a warning.
fn checked_year(
    source_id: &str,
    line_no: u32,
    year_raw: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<YearRange> {
    let mut warn = |code: &str, message: String| {
        diagnostics.push(Diagnostic::warning(source_id, line_no, code, message));
    };
    if !is_year_cell(year_raw) {
        warn(
            "timeline.bad_year",
            format!("entry year `{year_raw}` is not a year of 1500–2099; read without a year"),
        );
        return None;
    }
    let Some(range) = parse_year_range(year_raw) else {
        warn(
            "timeline.bad_year",
            format!("entry year `{year_raw}` runs backwards; read without a year"),
        );
        return None;
    };
    if !PLAUSIBLE_YEARS.contains(&range.min) || !PLAUSIBLE_YEARS.contains(&range.max) {
        warn(
            "timeline.implausible_year",
            format!(
                "entry year `{year_raw}` lies outside {}–{}, implausible for a defection; kept",
                PLAUSIBLE_YEARS.start(),
                PLAUSIBLE_YEARS.end()
            ),
        );
    }
    Some(range)
}

/// A parenthesised group at the top level of an entry, with what follows it.
struct Group {
    content: String,
    /// Whether more than punctuation follows the group (so it is not the entry's last word).
    followed: bool,
}

/// Reads the part of an entry after `YEAR –`. `None` when it names nobody.
fn parse_entry_body(body: &str) -> Option<Entry> {
    let mut entry = Entry::default();
    let (main, commentary) = split_commentary(body);

    let (text, groups) = take_groups(&main);
    let mut place_group: Option<String> = None;
    for group in groups {
        if group.followed && looks_like_name(&group.content) && entry.alias.is_none() {
            entry.alias = Some(group.content);
        } else if !group.followed {
            place_group = Some(group.content);
        } else {
            entry.notes.push(group.content);
        }
    }

    let segments: Vec<String> = split_top_level(&text, ",")
        .into_iter()
        .map(collapse_spaces)
        .filter(|s| !s.is_empty())
        .collect();
    let names_len = names_prefix_len(&segments);
    let names_text = segments[..names_len].join(", ");
    let descriptor = &segments[names_len..];

    match split_name_list(&names_text) {
        Some(list) => entry.names = list,
        None => {
            // `mass exodus of … (A/B, C/D, etc.)`: the names stand in the parentheses. Only
            // after a description, and only a list: `(Germany)` after a name the entry could
            // not read is a place, not a person.
            if !names_text.chars().next().is_some_and(char::is_lowercase) {
                return None;
            }
            let list = place_group
                .as_deref()
                .and_then(split_name_list)
                .filter(|l| l.names.len() >= 2 || l.open_ended)?;
            entry.names = list;
            entry.notes.insert(0, segments.join(", "));
            place_group = None;
        }
    }

    let mut profession_parts = Vec::new();
    let mut descriptor_places = Vec::new();
    for (k, segment) in descriptor.iter().enumerate() {
        if let Some(caps) = FROM_PLACE.captures(segment) {
            entry.birthplace = Some(caps[1].to_owned());
        } else if k > 0 && is_place_segment(segment) {
            descriptor_places.push(segment.clone());
        } else {
            profession_parts.push(segment.clone());
        }
    }

    if let Some(group) = place_group {
        read_place_group(&group, &mut entry);
    }
    if entry.destination.is_none() && !descriptor_places.is_empty() {
        entry.destination = Some(descriptor_places.join(", "));
    } else {
        entry.notes.extend(descriptor_places);
    }
    entry.notes.extend(commentary);
    if entry.destination.is_none() {
        entry.destination = entry
            .notes
            .iter()
            .find_map(|n| DEFECTED_TO.captures(n).map(|c| c[1].trim().to_owned()));
    }
    entry.outcome = entry.notes.iter().find(|n| has_outcome_cue(n)).cloned();

    let n = entry.names.names.len();
    entry.professions = if profession_parts.is_empty() {
        vec![None; n]
    } else {
        pair_professions(&profession_parts.join(", "), n)
            .into_iter()
            .map(Some)
            .collect()
    };
    Some(entry)
}

/// Splits off commentary after a spaced dash (`… (Canada) – the start of the Cold War`).
///
/// A dash is kept inside the entry when the text after it still holds the entry's places in
/// parentheses, or when it follows a relation word (`her husband – conductor`).
fn split_commentary(body: &str) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    for dash in [" – ", " — ", " - "] {
        if body.contains(dash) {
            parts = split_top_level(body, dash);
            break;
        }
    }
    if parts.len() < 2 {
        return (body.trim().to_owned(), Vec::new());
    }
    let mut main = parts[0].trim().to_owned();
    let mut commentary = Vec::new();
    for part in &parts[1..] {
        let part = part.trim();
        if commentary.is_empty() && (part.contains('(') || ENDS_WITH_RELATION.is_match(&main)) {
            main = format!("{main} – {part}");
        } else {
            commentary.push(part.to_owned());
        }
    }
    (main, commentary)
}

/// Removes the top-level parenthesised groups from `text`, returning the rest and the groups.
fn take_groups(text: &str) -> (String, Vec<Group>) {
    let mut rest = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    spans.push((start, i + 1));
                }
            }
            _ => {}
        }
    }
    let mut groups = Vec::new();
    let mut last = 0;
    for (s, e) in &spans {
        rest.push_str(&text[last..*s]);
        let followed = text[*e..].chars().any(|c| c.is_alphanumeric());
        groups.push(Group {
            content: text[s + 1..e - 1].trim().to_owned(),
            followed,
        });
        last = *e;
    }
    rest.push_str(&text[last..]);
    (collapse_spaces(&rest).replace(" ,", ","), groups)
}

/// How many leading comma segments form the names: the first, extended over `B, C and D`
/// lists only when a later segment joins names with `and` (so `X, diplomat` stops at X), or
/// over names of the same number of words followed by a plural role (`A B, C D, skaters`).
fn names_prefix_len(segments: &[String]) -> usize {
    if segments.is_empty() {
        return 0;
    }
    let words = |s: &String| s.split_whitespace().count().min(2);
    let mut len = 1;
    for (j, segment) in segments.iter().enumerate().skip(1) {
        if split_name_list(segment).is_none() {
            let plural_role =
                segment.chars().next().is_some_and(char::is_lowercase) && is_plural_phrase(segment);
            if j >= 2
                && plural_role
                && segments[..j]
                    .iter()
                    .all(|s| words(s) == words(&segments[0]))
            {
                len = j;
            }
            break;
        }
        if segment.contains(" and ") || segment.contains(" & ") {
            len = j + 1;
            break;
        }
    }
    len
}

/// True for a place-like segment: capitalised (`Le Bourget airport`), or a route word then a
/// capital (`via Vienna to USA`); no digits, no quotes.
fn is_place_segment(segment: &str) -> bool {
    let s = segment.trim();
    if s.is_empty() || s.chars().any(|c| c.is_ascii_digit()) || s.starts_with(['“', '"', '«']) {
        return false;
    }
    let lead = ["via ", "to ", "through ", "then "]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    lead.chars().next().is_some_and(char::is_uppercase)
}

/// Reads the entry's final parentheses: places (`France → USA`, `Le Bourget airport, Paris`)
/// and commentary (`killed in 1938`, `“Sokolov Affair”`, `together with X`), split at `;`.
fn read_place_group(group: &str, entry: &mut Entry) {
    let mut places = Vec::new();
    for (k, part) in split_top_level(group, ";").into_iter().enumerate() {
        let mut comments = Vec::new();
        for segment in split_top_level(part, ",") {
            let segment = segment.trim();
            if segment.is_empty() {
                continue;
            }
            if let Some(caps) = TOGETHER_WITH.captures(segment) {
                if let Some(list) = split_name_list(&caps[1]) {
                    entry.together_with.extend(list.names);
                }
                comments.push(segment.to_owned());
            } else if k == 0 && is_place_segment(segment) {
                places.push(segment.to_owned());
            } else {
                comments.push(segment.to_owned());
            }
        }
        if !comments.is_empty() {
            entry.notes.push(comments.join(", "));
        }
    }
    if !places.is_empty() {
        entry.destination = Some(places.join(", "));
    }
}

/// Gives each of `n` people their profession: "opera singer and cellist" pairs in order,
/// "singer and her husband – conductor" splits at the relation, and a plural or a single
/// phrase ("ballet dancers", "jazz and pop singer") applies to each.
fn pair_professions(text: &str, n: usize) -> Vec<String> {
    let text = text.trim();
    if n <= 1 {
        return vec![text.to_owned(); n];
    }
    let by_relation: Vec<&str> = RELATION_SPLIT.split(text).map(str::trim).collect();
    if by_relation.len() == n {
        return by_relation.into_iter().map(str::to_owned).collect();
    }
    let by_and: Vec<&str> = split_top_level(text, " and ");
    if by_and.len() == n && by_and.iter().all(|p| !is_plural_phrase(p)) {
        return by_and.into_iter().map(|p| p.trim().to_owned()).collect();
    }
    if n == 2 && by_and.len() > 2 {
        // Several `and`s for two people: split after the last one that follows a head noun.
        let mut offset = 0;
        let mut best = None;
        for part in &by_and[..by_and.len() - 1] {
            offset += part.len();
            if part.split_whitespace().last().is_some_and(is_agent_noun) {
                best = Some(offset);
            }
            offset += " and ".len();
        }
        if let Some(at) = best {
            let (a, b) = (&text[..at], &text[at + " and ".len()..]);
            if !is_plural_phrase(a) && !is_plural_phrase(b) {
                return vec![a.trim().to_owned(), b.trim().to_owned()];
            }
        }
    }
    vec![text.to_owned(); n]
}

/// True for a word that names a person by role (`singer`, `cellist`, `director`).
fn is_agent_noun(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "er", "or", "ist", "ian", "ant", "ent", "ess", "ina", "ine", "ee", "eur", "ic", "ot",
    ];
    let w = word.to_lowercase();
    ENDINGS.iter().any(|e| w.ends_with(e))
}

/// True for a phrase whose last word is an English plural (`dancers`, `champions`).
fn is_plural_phrase(phrase: &str) -> bool {
    phrase.split_whitespace().last().is_some_and(|w| {
        let w = w.to_lowercase();
        w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str) -> Entry {
        parse_entry_body(body).expect("entry names people")
    }

    #[test]
    fn professions_pair_in_order() {
        assert_eq!(
            pair_professions("outstanding opera singer and cellist", 2),
            ["outstanding opera singer", "cellist"]
        );
        assert_eq!(
            pair_professions(
                "jazz and pop singer and her husband – conductor and band leader",
                2
            ),
            ["jazz and pop singer", "conductor and band leader"]
        );
        assert_eq!(
            pair_professions("jazz and pop singer and cellist", 2),
            ["jazz and pop singer", "cellist"]
        );
        assert_eq!(
            pair_professions("ballet dancers", 2),
            ["ballet dancers", "ballet dancers"]
        );
        assert_eq!(
            pair_professions("figure skaters and dancers", 2),
            ["figure skaters and dancers", "figure skaters and dancers"]
        );
        assert_eq!(
            pair_professions("jazz and pop singer", 1),
            ["jazz and pop singer"]
        );
    }

    #[test]
    fn one_person_with_jazz_and_pop() {
        let e = entry("Anna Karpova, jazz and pop singer (Sweden)");
        assert_eq!(e.names.names, ["Anna Karpova"]);
        assert_eq!(e.professions, [Some("jazz and pop singer".to_owned())]);
        assert_eq!(e.destination.as_deref(), Some("Sweden"));
    }

    #[test]
    fn alias_in_parentheses() {
        let e = entry("Boris Lenski (Boris Lenskishvili), painter (Italy → USA)");
        assert_eq!(e.names.names, ["Boris Lenski"]);
        assert_eq!(e.alias.as_deref(), Some("Boris Lenskishvili"));
        assert_eq!(e.professions, [Some("painter".to_owned())]);
        assert_eq!(e.destination.as_deref(), Some("Italy → USA"));
    }

    #[test]
    fn parentheses_with_commentary_only() {
        let e = entry("Boris Lenski (tried already in 1950, finally succeeded in 1955)");
        assert_eq!(e.destination, None);
        assert_eq!(
            e.notes,
            ["tried already in 1950, finally succeeded in 1955"]
        );
        assert_eq!(e.professions, [None]);
    }

    #[test]
    fn commentary_after_semicolon_and_dash() {
        let e = entry("Boris Lenski, KGB officer (Norway; killed in 1960) – a famous case");
        assert_eq!(e.destination.as_deref(), Some("Norway"));
        assert_eq!(e.notes, ["killed in 1960", "a famous case"]);
        assert_eq!(e.professions, [Some("KGB officer".to_owned())]);
    }

    #[test]
    fn place_without_parentheses_then_commentary() {
        let e = entry("Boris Lenski, diplomat, Rome – the case became a scandal");
        assert_eq!(e.destination.as_deref(), Some("Rome"));
        assert_eq!(e.professions, [Some("diplomat".to_owned())]);
        assert_eq!(e.notes, ["the case became a scandal"]);
    }

    #[test]
    fn quoted_commentary_beside_a_place() {
        let e = entry("Ivan and Maria Sokolov, diplomats (“Sokolov Affair”, Canada)");
        assert_eq!(e.names.names, ["Ivan Sokolov", "Maria Sokolov"]);
        assert_eq!(e.destination.as_deref(), Some("Canada"));
        assert_eq!(e.notes, ["“Sokolov Affair”"]);
        assert_eq!(
            e.professions,
            [Some("diplomats".to_owned()), Some("diplomats".to_owned())]
        );
    }

    #[test]
    fn relation_dash_stays_in_the_descriptor() {
        let e = entry(
            "Anna Karpova and Boris Lenski, jazz singer and her husband – conductor, both from Estonia (Sweden; plans since 1960)",
        );
        assert_eq!(e.names.names, ["Anna Karpova", "Boris Lenski"]);
        assert_eq!(
            e.professions,
            [Some("jazz singer".to_owned()), Some("conductor".to_owned())]
        );
        assert_eq!(e.birthplace.as_deref(), Some("Estonia"));
        assert_eq!(e.destination.as_deref(), Some("Sweden"));
        assert_eq!(e.notes, ["plans since 1960"]);
    }

    #[test]
    fn names_inside_parentheses() {
        let e = entry("exodus of chess players (Ivanova/Zorin, Sidorova/Kuznetsov, etc.)");
        assert_eq!(e.names.names, ["Ivanova", "Zorin", "Sidorova", "Kuznetsov"]);
        assert!(e.names.open_ended);
        assert_eq!(e.destination, None);
        assert_eq!(e.notes, ["exodus of chess players"]);
    }

    #[test]
    fn together_with_and_outcomes() {
        let e = entry("Ivan and Maria Sokolov, dancers (USA, together with Lenski)");
        assert_eq!(e.together_with, ["Lenski"]);
        assert_eq!(e.destination.as_deref(), Some("USA"));
        let e = entry("Boris Lenski (defected to USA, “returned” after 2 months)");
        assert_eq!(e.destination.as_deref(), Some("USA"));
        assert_eq!(
            e.outcome.as_deref(),
            Some("defected to USA, “returned” after 2 months")
        );
        let e = entry("Ivan Sokolov and Anna Karpova (failed defection: she was brought back)");
        assert!(e.outcome.is_some());
    }

    #[test]
    fn oxford_list_of_full_names() {
        let e = entry("Anna Karpova, Boris Lenski and Ivan Sokolov, skaters (USA)");
        assert_eq!(
            e.names.names,
            ["Anna Karpova", "Boris Lenski", "Ivan Sokolov"]
        );
    }

    #[test]
    fn transit_route_and_not_a_place() {
        let e = entry("Boris Lenski, sculptor (via Vienna to USA)");
        assert_eq!(e.destination.as_deref(), Some("via Vienna to USA"));
        let e = entry("Boris Lenski, painter (Israel via hunger strike)");
        assert_eq!(e.destination.as_deref(), Some("Israel via hunger strike"));
    }
}
