//! One test per `timeline` trap, on small documents written for the test.

use defectors_model::{ParsedDocument, Section};
use defectors_parse::{Lexicon, parse_timeline as parse_with};

fn parse_timeline(source_id: &str, text: &str) -> ParsedDocument {
    parse_with(source_id, text, &Lexicon::default())
}

fn names(doc: &ParsedDocument) -> Vec<&str> {
    doc.mentions
        .iter()
        .map(|m| m.surface_name.as_str())
        .collect()
}

fn codes(doc: &ParsedDocument) -> Vec<&str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

const DOC: &str = "\
Some title

An essay paragraph. In 1929 a decree was adopted – 1929 is not an entry here.

1950s – the first wave

1951 – Anna Karpova, painter (Italy → USA)

1967 – Boris Lenski, KGB officer (Norway)

1960s

1961 – Ivan and Maria Sokolov, dancers (UK)

Chronology of the best-known cases

1961 – Ivan Sokolov (London)

1990–1991 – a wave of skaters (Ivanova/Petrov, etc.)

Closing essay text.
";

#[test]
fn entries_under_headings_get_their_section_heading_and_line() {
    let doc = parse_timeline("t", DOC);
    assert_eq!(
        names(&doc),
        [
            "Anna Karpova",
            "Boris Lenski",
            "Ivan Sokolov",
            "Maria Sokolov",
            "Ivan Sokolov",
            "Ivanova",
            "Petrov"
        ]
    );
    let first = &doc.mentions[0];
    assert_eq!(first.provenance.line, 7);
    assert_eq!(first.provenance.section, Section::Timeline);
    assert_eq!(
        first.provenance.heading.as_deref(),
        Some("1950s – the first wave")
    );
    let chrono = &doc.mentions[4];
    assert_eq!(chrono.provenance.section, Section::Chronology);
    assert_eq!(chrono.raw.destination(), Some("London"));
}

#[test]
fn an_entry_under_a_heading_of_another_decade_keeps_its_year_and_warns() {
    let doc = parse_timeline("t", DOC);
    let lenski = &doc.mentions[1];
    assert_eq!(lenski.year.map(|y| y.min), Some(1967));
    assert_eq!(
        lenski.provenance.heading.as_deref(),
        Some("1950s – the first wave")
    );
    let mismatch: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "timeline.heading_mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1);
    assert_eq!(mismatch[0].line, Some(9));
}

#[test]
fn year_ranges_and_alternatives() {
    let doc = parse_timeline(
        "t",
        "1979/1980 – Anna Karpova, violinist\n1990–1991 – Boris Lenski (USA)",
    );
    let years: Vec<_> = doc
        .mentions
        .iter()
        .map(|m| m.year.map(|y| (y.min, y.max)))
        .collect();
    assert_eq!(years, [Some((1979, 1980)), Some((1990, 1991))]);
}

#[test]
fn other_years_in_the_text_are_not_the_defection_year() {
    let doc = parse_timeline(
        "t",
        "1928 – Boris Lenski (tried already in 1917, finally succeeded in 1928)\n1937 – Anna Karpova, officer (Switzerland; killed in 1938)",
    );
    assert_eq!(doc.mentions[0].raw.year(), Some("1928"));
    assert_eq!(doc.mentions[0].raw.destination(), None);
    assert_eq!(
        doc.mentions[1].year.map(|y| (y.min, y.max)),
        Some((1937, 1937))
    );
    assert_eq!(doc.mentions[1].raw.notes(), Some("killed in 1938"));
}

#[test]
fn plus_the_family_splits_and_warns() {
    let doc = parse_timeline("t", "1979 – Boris Lenski + the Orlovs (New York)");
    assert_eq!(names(&doc), ["Boris Lenski", "Orlov", "Orlov"]);
    assert_eq!(codes(&doc), ["timeline.family_group"]);
    assert_eq!(doc.mentions[0].together_with, ["Orlov", "Orlov"]);
}

#[test]
fn an_open_list_warns() {
    let doc = parse_timeline("t", "1990 – skaters (Ivanova/Petrov, etc.)");
    assert_eq!(names(&doc), ["Ivanova", "Petrov"]);
    assert_eq!(codes(&doc), ["timeline.open_list"]);
}

#[test]
fn professions_pair_in_order_for_a_couple() {
    let doc = parse_timeline(
        "t",
        "1977 – Anna Karpova and Boris Lenski, outstanding opera singer and cellist (deprived of citizenship in 1978)",
    );
    let professions: Vec<_> = doc.mentions.iter().map(|m| m.raw.profession()).collect();
    assert_eq!(
        professions,
        [Some("outstanding opera singer"), Some("cellist")]
    );
    assert_eq!(doc.mentions[0].raw.destination(), None);
    assert_eq!(
        doc.mentions[0].raw.notes(),
        Some("deprived of citizenship in 1978")
    );
}

#[test]
fn surnames_only_couple() {
    let doc = parse_timeline("t", "1977/1978 – Karpova and Lenski");
    assert_eq!(names(&doc), ["Karpova", "Lenski"]);
    assert_eq!(doc.mentions[0].together_with, ["Lenski"]);
}

#[test]
fn an_entry_naming_nobody_is_a_warning() {
    let doc = parse_timeline("t", "1991 – borders opened for everyone");
    assert!(doc.mentions.is_empty());
    assert_eq!(codes(&doc), ["timeline.no_names"]);
}

#[test]
fn outcome_phrases_are_kept() {
    let doc = parse_timeline("t", "1991 – Anna Karpova, songwriter (USA, later returned)");
    let m = &doc.mentions[0];
    assert_eq!(m.raw.destination(), Some("USA"));
    assert_eq!(m.raw.outcome(), Some("later returned"));
}

#[test]
fn persons_table_rows_are_mentions_with_dates() {
    let text = "\
    Persons

    Name Born / Since / At Died Languages
    1Anna KarpovaAnna Karpova28.11.194918.05.1995de, en
    2Борис  ЛенскийБорис Ленский21.11.1940ru
    3
    Ivan Sokolov25.08.192629.12.2008en
    4Pavel Orlov, Jr.Pavel Orlov, Jr.00.00.190017.09.1992de
    Tags";
    let doc = parse_timeline("t", text);
    assert_eq!(
        names(&doc),
        [
            "Anna Karpova",
            "Борис Ленский",
            "Ivan Sokolov",
            "Pavel Orlov, Jr."
        ]
    );
    assert!(
        doc.mentions
            .iter()
            .all(|m| m.provenance.section == Section::Persons)
    );
    assert_eq!(
        doc.mentions[0].born.map(|d| d.to_string()).as_deref(),
        Some("1949-11-28")
    );
    assert_eq!(doc.mentions[1].died, None);
    assert_eq!(doc.mentions[2].provenance.line, 7);
    assert_eq!(doc.mentions[3].born, None);
    assert_eq!(codes(&doc), ["persons.split_row", "persons.unknown_date"]);
}
