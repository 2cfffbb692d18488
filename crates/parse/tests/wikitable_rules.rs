//! One test per `wikitable` trap, on small tables written for the test.

use defectors_model::{Mention, ParsedDocument};
use defectors_parse::parse_wikitable;

const HEADER: &str = "| Defector | Profession/Prominence | Birthplace | Year | Notes |";

fn parse(rows: &[&str]) -> ParsedDocument {
    let text = std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    parse_wikitable("t", &text)
}

fn names(doc: &ParsedDocument) -> Vec<&str> {
    doc.mentions
        .iter()
        .map(|m| m.surface_name.as_str())
        .collect()
}

fn by_name<'a>(doc: &'a ParsedDocument, name: &str) -> &'a Mention {
    doc.mentions
        .iter()
        .find(|m| m.surface_name == name)
        .unwrap_or_else(|| panic!("no mention of {name}"))
}

#[test]
fn plain_row_gives_all_fields() {
    let doc = parse(&["| Boris Lenski | KGB major | Latvia | 1961 | Defected in Oslo, Norway |"]);
    assert_eq!(names(&doc), ["Boris Lenski"]);
    let m = &doc.mentions[0];
    assert_eq!(m.provenance.line, 2);
    assert_eq!(m.raw.profession(), Some("KGB major"));
    assert_eq!(m.raw.agency(), Some("KGB"));
    assert_eq!(m.raw.birthplace(), Some("Latvia"));
    assert_eq!(m.raw.year(), Some("1961"));
    assert_eq!(m.year.map(|y| (y.min, y.max)), Some((1961, 1961)));
    assert_eq!(m.raw.notes(), Some("Defected in Oslo, Norway"));
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn separator_line_is_skipped_and_text_around_is_ignored() {
    let text = "Intro text | with a pipe\nTables\n| Name | Year |\n|---|:---:|\n| Anna Karpova | 1950 |\nReferences\n- Someone 1999, p. 3\n| not a table row |";
    let doc = parse_wikitable("t", text);
    assert_eq!(names(&doc), ["Anna Karpova"]);
    assert_eq!(doc.mentions[0].provenance.line, 5);
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn cells_with_commas_quotes_and_semicolons() {
    let doc = parse(&[
        "| Anna Karpova | Writer, \"poet\"; editor | Kiev, Ukraine | 1950 | Wrote \"Free; at last\", a memoir |",
    ]);
    let m = &doc.mentions[0];
    assert_eq!(m.raw.profession(), Some("Writer, \"poet\"; editor"));
    assert_eq!(m.raw.birthplace(), Some("Kiev, Ukraine"));
    assert_eq!(m.raw.notes(), Some("Wrote \"Free; at last\", a memoir"));
}

#[test]
fn row_missing_a_cell_is_realigned_by_cell_types() {
    // The profession cell is missing: the rest shifted left, and a trailing empty cell keeps
    // the count equal to the header's.
    let doc = parse(&[
        "| Anna Karpova | Writer | Russia | 1950 | Fled by boat |",
        "| Boris Lenski | Russia | 1951 | Escaped across the border on foot in winter | |",
    ]);
    let m = by_name(&doc, "Boris Lenski");
    assert_eq!(m.raw.profession(), None);
    assert_eq!(m.raw.birthplace(), Some("Russia"));
    assert_eq!(m.raw.year(), Some("1951"));
    assert_eq!(
        m.raw.notes(),
        Some("Escaped across the border on foot in winter")
    );
    assert_eq!(doc.diagnostics.len(), 1);
    assert_eq!(doc.diagnostics[0].code, "table.shifted_row");
    assert_eq!(doc.diagnostics[0].line, Some(3));
}

#[test]
fn row_missing_the_birthplace_keeps_the_profession() {
    let doc = parse(&[
        "| Anna Karpova | Writer | Russia | 1950 | Fled by boat |",
        "| Boris Lenski | Writer | 1951 | Fled by boat |",
    ]);
    let m = by_name(&doc, "Boris Lenski");
    assert_eq!(m.raw.profession(), Some("Writer"));
    assert_eq!(m.raw.birthplace(), None);
    assert_eq!(m.raw.year(), Some("1951"));
}

#[test]
fn extra_cells_are_joined_into_the_last_column() {
    let doc = parse(&["| Anna Karpova | Writer | Russia | 1950 | Fled | by boat |"]);
    assert_eq!(doc.mentions[0].raw.notes(), Some("Fled | by boat"));
    assert_eq!(doc.diagnostics[0].code, "table.column_count");
}

#[test]
fn a_year_column_without_a_year_is_a_warning() {
    let doc = parse(&["| Anna Karpova | Writer | Russia | unknown | Fled |"]);
    assert_eq!(doc.mentions[0].year, None);
    let codes: Vec<&str> = doc.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["table.cell_type", "table.bad_year"]);
}

#[test]
fn co_defector_named_as_escaping_with_the_subject() {
    let doc = parse(&[
        "| Ivan Sokolov | Dancer | Hungary | 1953 | Escaped with wife Maria Sokolova to Vienna on a tour |",
    ]);
    assert_eq!(names(&doc), ["Ivan Sokolov", "Maria Sokolova"]);
    let wife = by_name(&doc, "Maria Sokolova");
    assert_eq!(wife.index_in_line, 1);
    assert_eq!(wife.raw.year(), Some("1953"));
    assert_eq!(wife.raw.profession(), None);
    assert_eq!(wife.together_with, ["Ivan Sokolov"]);
    assert_eq!(doc.mentions[0].together_with, ["Maria Sokolova"]);
}

#[test]
fn several_co_defectors_with_initials_and_relations() {
    let doc = parse(&[
        "| Anna Karpova | Writer | Russia | 1932 | Fled from the USSR with her husband Pavel K. Karpov and her son Ilya through Karelia to Finland. She wrote a book. |",
    ]);
    assert_eq!(names(&doc), ["Anna Karpova", "Pavel K. Karpov", "Ilya"]);
}

#[test]
fn co_defector_with_adjectives_before_the_relation() {
    let doc = parse(&[
        "| Boris Lenski | Russia | 1945 | Escaped across the sea in a small boat with his 6-year-old son Oleg. He was helped by locals. | |",
    ]);
    assert_eq!(names(&doc), ["Boris Lenski", "Oleg"]);
}

#[test]
fn co_defector_who_was_caught_gets_the_outcome() {
    let doc = parse(&[
        "| Ivan Sokolov | Chess player | Hungary | 1948 | Defected through Vienna with friend Pavel Orlov who was caught and jailed for a year |",
    ]);
    let friend = by_name(&doc, "Pavel Orlov");
    assert_eq!(
        friend.raw.outcome(),
        Some("who was caught and jailed for a year")
    );
    assert_eq!(doc.mentions[0].raw.outcome(), None);
}

#[test]
fn relatives_not_escaping_with_the_subject_are_not_mentions() {
    let doc = parse(&[
        "| Ivan Sokolov | Diplomat | Russia | 1954 | Husband of agent Maria Sokolova; defected on a mission |",
        "| Boris Lenski | KGB | Russia | 1953 | Refused to assassinate Pavel Orlov; defected in Bonn |",
        "| Anna Karpova | Writer | Russia | 1950 | Visited her husband Pavel Karpov in prison, with documents |",
    ]);
    assert_eq!(
        names(&doc),
        ["Ivan Sokolov", "Boris Lenski", "Anna Karpova"]
    );
}

#[test]
fn a_couple_in_the_name_cell_is_split() {
    let doc =
        parse(&["| Ivan and Maria Sokolov | Diplomats | Russia | 1954 | Defected together |"]);
    assert_eq!(names(&doc), ["Ivan Sokolov", "Maria Sokolov"]);
    assert_eq!(doc.mentions[1].index_in_line, 1);
}

#[test]
fn footnote_markers_are_dropped_from_fields() {
    let doc = parse(&["| Anna Karpova[1] | Writer | Russia | 1950[a] | Fled[2] |"]);
    let m = &doc.mentions[0];
    assert_eq!(m.surface_name, "Anna Karpova");
    assert_eq!(m.raw.year(), Some("1950"));
    assert_eq!(
        m.provenance.context,
        "| Anna Karpova[1] | Writer | Russia | 1950[a] | Fled[2] |"
    );
}

#[test]
fn columns_in_another_order_are_read_by_their_headers() {
    let text = "| Year | Name | Notes |\n| 1960 | Anna Karpova | Fled |";
    let doc = parse_wikitable("t", text);
    assert_eq!(names(&doc), ["Anna Karpova"]);
    assert_eq!(doc.mentions[0].raw.year(), Some("1960"));
}

#[test]
fn a_table_without_a_name_column_is_not_read() {
    let doc = parse_wikitable("t", "| Country | Count |\n| Hungary | 3 |");
    assert!(doc.mentions.is_empty());
}
