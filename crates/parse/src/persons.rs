//! The persons table of a `timeline` document, flattened from HTML: each row is an index glued
//! to the name, the name again (not always identically), born and died dates glued to each
//! other and to the page's language codes: `1Ivan SokolovIvan Sokolov28.11.194918.05.1995de, en`.
//!
//! Handles: a row split over two lines (index alone on the first), one date only, the unknown
//! date `00.00.1900` (read as no date), Cyrillic names, a comma in a name (`…, Jr.`).

use std::sync::LazyLock;

use crate::Pattern;
use chrono::NaiveDate;
use defectors_model::{Diagnostic, Mention, Provenance, RawFieldValues, Section, Status};

use crate::fields::{collapse_spaces, context_for, next_index_in_line};

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[
    &HEADER,
    &INDEX_ONLY,
    &INDEXED,
    &DECADE,
    &DATE,
    &TRAILING_LANGUAGES,
];

static HEADER: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"(?i)^name\b.*\bborn\b"));
static INDEX_ONLY: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"^([0-9]{1,7})$"));
/// An index glued to a name (`1Ivan Sokolov…`): a letter right after the digits. A decade
/// heading (`1980s – …`) and a dated entry (`1980 – …`) are not rows.
static INDEXED: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"^([0-9]{1,7})(\p{L}.*)$"));
static DECADE: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"^[0-9]{1,7}s(?:\P{L}|$)"));
static DATE: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})"));
static TRAILING_LANGUAGES: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"\s+[a-z]{2}(?:\s*,\s*[a-z]{2})*\s*$"));

/// Names longer than this many characters are split only where the two copies are equal
/// (comparing unequal copies costs the square of their length).
const SIMILARITY_MAX_CHARS: usize = 200;

/// True for a persons row: an index glued to a name, and no decade heading.
fn is_indexed_row(line: &str) -> bool {
    INDEXED.is_match(line) && !DECADE.is_match(line)
}

/// True for the header line of a persons table (`Name Born / Since / At Died Languages`).
pub fn is_persons_header(line: &str) -> bool {
    HEADER.is_match(line.trim())
}

/// Reads the rows that follow a persons header at `lines[start]`; returns the index of the
/// first line after the table. Mentions and warnings are appended to the given vectors.
pub fn read_persons_table(
    source_id: &str,
    lines: &[&str],
    start: usize,
    mentions: &mut Vec<Mention>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let mut i = start;
    while i < lines.len() {
        let first = lines[i].trim();
        if first.is_empty() {
            i += 1;
            continue;
        }
        let (row_text, name_line, context, next) = if INDEX_ONLY.is_match(first) {
            // A row split over two lines: the index alone, the rest on the next non-blank line.
            let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) else {
                break;
            };
            let rest = lines[j].trim();
            let named = rest.chars().next().is_some_and(char::is_alphabetic);
            if is_indexed_row(rest) || INDEX_ONLY.is_match(rest) || !named {
                diagnostics.push(Diagnostic::warning(
                    source_id,
                    i as u32 + 1,
                    "persons.empty_row",
                    format!("persons row `{first}` has no name; skipped"),
                ));
                i = j;
                continue;
            }
            diagnostics.push(Diagnostic::warning(
                source_id,
                j as u32 + 1,
                "persons.split_row",
                format!(
                    "persons row {first} is split over lines {} and {}; read as one row",
                    i + 1,
                    j + 1
                ),
            ));
            (rest.to_owned(), j, format!("{first} {rest}"), j + 1)
        } else if let Some(caps) = INDEXED.captures(first).filter(|_| is_indexed_row(first)) {
            (caps[2].to_owned(), i, first.to_owned(), i + 1)
        } else {
            break;
        };
        let line_no = name_line as u32 + 1;
        let row = read_row(&row_text);
        row_warnings(source_id, line_no, &row, diagnostics);
        if row.name.is_empty() {
            diagnostics.push(Diagnostic::warning(
                source_id,
                line_no,
                "persons.no_name",
                "persons row has no name; skipped",
            ));
        } else {
            let index_in_line = next_index_in_line(mentions, source_id, line_no);
            mentions.push(Mention {
                provenance: Provenance {
                    source_id: source_id.into(),
                    line: line_no,
                    section: Section::Persons,
                    heading: None,
                    context: context_for(&context, &row.name),
                },
                index_in_line,
                surface_name: row.name.into(),
                status: Status::Defector,
                raw: RawFieldValues {
                    alias: row.other_spelling.map(Into::into),
                    ..RawFieldValues::default()
                }
                .into(),
                year: None,
                born: row.born_raw.as_deref().and_then(parse_date),
                died: row.died_raw.as_deref().and_then(parse_date),
                together_with: Vec::new(),
                char_span: None,
                companion: false,
                attempt: false,
            });
        }
        i = next;
    }
    i
}

/// The warnings about one persons row: unknown dates, two spellings, an over-long name.
fn row_warnings(
    source_id: &str,
    line_no: u32,
    row: &PersonsRow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (raw, what) in [(&row.born_raw, "born"), (&row.died_raw, "died")] {
        if let Some(raw) = raw.as_deref().filter(|raw| parse_date(raw).is_none()) {
            diagnostics.push(Diagnostic::warning(
                source_id,
                line_no,
                "persons.unknown_date",
                format!("{what} date `{raw}` is not a calendar date; left empty"),
            ));
        }
    }
    if let Some(other) = &row.other_spelling {
        diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "persons.name_mismatch",
            format!(
                "the row writes the name twice as `{other}` and `{}`; kept the second, the first as alias",
                row.name
            ),
        ));
    }
    if row.long_unsplit {
        diagnostics.push(Diagnostic::warning(
            source_id,
            line_no,
            "persons.long_name",
            format!(
                "the name part of the row is longer than {SIMILARITY_MAX_CHARS} characters; \
                 not searched for a second spelling, kept as written"
            ),
        ));
    }
}

/// The fields of one persons row, index removed.
#[derive(Debug, PartialEq, Eq)]
struct PersonsRow {
    name: String,
    /// The other copy of the name, when the two copies differ beyond white space.
    other_spelling: Option<String>,
    born_raw: Option<String>,
    died_raw: Option<String>,
    /// Whether the name part was too long to compare unequal copies (see
    /// [`SIMILARITY_MAX_CHARS`]) and is kept as written.
    long_unsplit: bool,
}

fn read_row(text: &str) -> PersonsRow {
    let dates: Vec<crate::Match<'_>> = DATE.find_iter(text).collect();
    let (names, born_raw, died_raw) = match dates.first() {
        Some(first) => (
            &text[..first.start()],
            Some(first.as_str().to_owned()),
            dates.get(1).map(|d| d.as_str().to_owned()),
        ),
        None => (
            TRAILING_LANGUAGES
                .find(text)
                .map_or(text, |m| &text[..m.start()]),
            None,
            None,
        ),
    };
    let names = names.trim();
    let (first_copy, second_copy) = split_doubled_name(names);
    let long_unsplit = second_copy.is_none() && names.chars().nth(SIMILARITY_MAX_CHARS).is_some();
    let name = collapse_spaces(second_copy.unwrap_or(first_copy));
    let other_spelling = second_copy
        .filter(|_| collapse_spaces(first_copy) != name)
        .map(|_| collapse_spaces(first_copy));
    PersonsRow {
        name,
        other_spelling,
        born_raw,
        died_raw,
        long_unsplit,
    }
}

/// Splits a name written twice without a space (`Ivan SokolovIvan Sokolov`) into its two copies.
///
/// The split goes where a letter or period is glued to a capital; among such places, the one
/// whose two sides are equal (up to white space) wins, else the one whose sides are most alike.
/// A name written once comes back as `(name, None)`. Equal copies are found in linear time;
/// the search for the most alike copies (quadratic per place) is only made for names of at
/// most [`SIMILARITY_MAX_CHARS`] characters.
fn split_doubled_name(text: &str) -> (&str, Option<&str>) {
    if let Some(at) = equal_copies_at(text) {
        return (&text[..at], Some(&text[at..]));
    }
    if text.chars().nth(SIMILARITY_MAX_CHARS).is_some() {
        return (text, None);
    }
    let glue_points: Vec<usize> = text
        .char_indices()
        .zip(text.chars().skip(1))
        .filter(|((_, before), after)| {
            (before.is_lowercase() || *before == '.') && after.is_uppercase()
        })
        .map(|((i, before), _)| i + before.len_utf8())
        .collect();
    let mut best: Option<(f64, usize)> = None;
    for &at in &glue_points {
        let (a, b) = (collapse_spaces(&text[..at]), collapse_spaces(&text[at..]));
        let similarity = strsim::normalized_levenshtein(&a, &b);
        if best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, at));
        }
    }
    match best {
        Some((similarity, at)) if similarity >= 0.5 => (&text[..at], Some(&text[at..])),
        _ => (text, None),
    }
}

/// True where a letter or period is glued to a capital: the places a second copy may start.
fn is_glue_point(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    matches!((before, after), (Some(b), Some(a)) if (b.is_lowercase() || b == '.') && a.is_uppercase())
}

/// The glue point where `text` splits into two copies equal up to white space, if any.
///
/// The copies meet inside a word, so the collapsed text is the two collapsed copies joined
/// without a space: they are equal exactly when its halves are, and the split is at its middle.
fn equal_copies_at(text: &str) -> Option<usize> {
    let collapsed = collapse_spaces(text);
    let half = collapsed.len() / 2;
    if half == 0
        || !collapsed.len().is_multiple_of(2)
        || !collapsed.is_char_boundary(half)
        || collapsed[..half] != collapsed[half..]
    {
        return None;
    }
    // Map the middle of the collapsed text back to a byte of `text`, word by word.
    let mut pos = 0;
    for word in text.split_whitespace() {
        if half < pos + word.len() {
            let at = (word.as_ptr() as usize - text.as_ptr() as usize) + (half - pos);
            return (half > pos && is_glue_point(text, at)).then_some(at);
        }
        pos += word.len() + 1;
    }
    None
}

/// Reads `DD.MM.YYYY`; an impossible or placeholder date (`00.00.1900`) is `None`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let caps = DATE.captures(text)?;
    let day: u32 = caps[1].parse().ok()?;
    let month: u32 = caps[2].parse().ok()?;
    let year: i32 = caps[3].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> PersonsRow {
        read_row(text)
    }

    #[test]
    fn name_twice_and_two_dates() {
        let r = row("Ivan SokolovIvan Sokolov28.11.194918.05.1995de, en, fr");
        assert_eq!(r.name, "Ivan Sokolov");
        assert_eq!(r.other_spelling, None);
        assert_eq!(r.born_raw.as_deref(), Some("28.11.1949"));
        assert_eq!(r.died_raw.as_deref(), Some("18.05.1995"));
    }

    #[test]
    fn name_twice_not_identically() {
        let r = row("Anna  KarpovaAnna Karpova21.11.1940ru");
        assert_eq!(r.name, "Anna Karpova");
        assert_eq!(
            r.other_spelling, None,
            "white space alone is no other spelling"
        );
        let r = row("Anna KarpovaAnna Karpowa21.11.1940ru");
        assert_eq!(r.name, "Anna Karpowa");
        assert_eq!(r.other_spelling.as_deref(), Some("Anna Karpova"));
    }

    #[test]
    fn one_date_glued_to_languages() {
        let r = row("Анна КарповаАнна Карпова21.11.1940ru");
        assert_eq!(r.name, "Анна Карпова");
        assert_eq!(r.born_raw.as_deref(), Some("21.11.1940"));
        assert_eq!(r.died_raw, None);
    }

    #[test]
    fn comma_in_name() {
        let r = row("Pavel Volin, Jr.Pavel Volin, Jr.06.10.190517.09.1992de, en");
        assert_eq!(r.name, "Pavel Volin, Jr.");
    }

    #[test]
    fn name_written_once() {
        let r = row("Boris Lenski25.08.192629.12.2008en");
        assert_eq!(r.name, "Boris Lenski");
        assert_eq!(r.other_spelling, None);
        let r = row("Boris Lenski en, ru");
        assert_eq!(r.name, "Boris Lenski");
    }

    #[test]
    fn double_surname_with_dash() {
        let r = row("Игнас Порецки - РейссИгнас Порецки - Рейсс01.01.189901.09.1937ru");
        assert_eq!(r.name, "Игнас Порецки - Рейсс");
    }

    #[test]
    fn placeholder_dates_are_no_dates() {
        assert_eq!(parse_date("00.00.1900"), None);
        assert_eq!(parse_date("31.02.1950"), None);
        assert_eq!(
            parse_date("01.01.1899"),
            NaiveDate::from_ymd_opt(1899, 1, 1)
        );
    }

    #[test]
    fn split_row_and_unknown_date() {
        let lines = [
            "  Name Born / Since / At Died Languages",
            "  1Boris LenskiBoris Lenski00.00.190019.08.1945ru",
            "  2",
            "  Anna Karpova25.08.192629.12.2008en",
            "  Tags",
        ];
        let (mut mentions, mut diags) = (Vec::new(), Vec::new());
        let next = read_persons_table("s", &lines, 1, &mut mentions, &mut diags);
        assert_eq!(next, 4);
        assert_eq!(mentions.len(), 2);
        assert_eq!(mentions[0].born, None);
        assert_eq!(mentions[0].died, NaiveDate::from_ymd_opt(1945, 8, 19));
        assert_eq!(mentions[1].provenance.line, 4);
        assert_eq!(
            mentions[1].provenance.context,
            "2 Anna Karpova25.08.192629.12.2008en"
        );
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["persons.unknown_date", "persons.split_row"]);
    }
}
