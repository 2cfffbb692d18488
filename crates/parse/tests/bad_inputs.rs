//! One test per defect of the attack report against `defectors build` (items 6–29): each bad
//! input ends correct, or with a warning naming its line, or with a `ParseError`, never with
//! a panic, a blow-up in time or memory, or a silent wrong result. Inputs are written for the
//! tests (invented people).

use std::time::{Duration, Instant};

use defectors_model::{Diagnostic, GivenName, ParsedDocument, Section, SourceFormat};
use defectors_parse::{
    Lexicon, ParseError, parse_document, parse_prose, parse_timeline, parse_wikitable,
};
use defectors_test_support::prose_reference;

const H: &str = "| Defector | Profession | Birthplace | Year | Notes |";

/// The shipped prose lexicon and English word list, with the given names of the tests.
fn lexicon() -> Lexicon {
    let given_names = ["Ivan", "Anna", "Boris", "Pavel", "Olga"]
        .iter()
        .map(|n| GivenName {
            name: (*n).to_owned(),
            canonical: (*n).to_owned(),
            gender: if n.ends_with('a') { "f" } else { "m" }.to_owned(),
        })
        .collect();
    Lexicon::from_reference(&prose_reference(given_names))
}

fn names(doc: &ParsedDocument) -> Vec<&str> {
    doc.mentions
        .iter()
        .map(|m| m.surface_name.as_str())
        .collect()
}

fn with_code<'a>(doc: &'a ParsedDocument, code: &str) -> Vec<&'a Diagnostic> {
    doc.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Runs `f`, failing when it takes longer than `limit`.
fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, more than {limit:?}");
    out
}

/// `count` invented full names, all different (`Anna Karpova`, `Boris Karpovb`, …).
fn invented_names(count: usize) -> Vec<String> {
    let given = ["Anna", "Boris", "Ivan", "Olga", "Pavel"];
    (0..count)
        .map(|i| {
            let mut n = i;
            let mut suffix = String::new();
            loop {
                suffix.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
                if n == 0 {
                    break;
                }
            }
            format!("{} Karpov{suffix}", given[i % given.len()])
        })
        .collect()
}

/// A header of `n` columns: the five of [`H`], then `Remark`-like columns.
fn wide_header(n: usize) -> String {
    let mut cols = vec!["Defector", "Profession", "Birthplace", "Year", "Notes"];
    cols.extend(std::iter::repeat_n("Other", n - cols.len()));
    format!("| {} |", cols.join(" | "))
}

#[test]
fn item_06_a_short_row_under_a_wide_header_is_realigned_in_polynomial_time() {
    let row =
        "| Anna Karpova | Opera singer | 1950 | Fled by boat across the Baltic sea to Sweden |";
    for (columns, cells) in [(26, 13), (28, 14), (200, 100)] {
        let mut cells_text: Vec<String> = row
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_owned())
            .collect();
        cells_text.resize(cells, "x".to_owned());
        let text = format!("{}\n| {} |", wide_header(columns), cells_text.join(" | "));
        let doc = within(Duration::from_secs(5), || parse_wikitable("t", &text));
        assert_eq!(names(&doc), ["Anna Karpova"], "{columns}/{cells}");
        let m = &doc.mentions[0];
        assert_eq!(m.raw.year(), Some("1950"), "{columns}/{cells}");
        assert_eq!(m.raw.profession(), Some("Opera singer"));
        assert_eq!(with_code(&doc, "table.shifted_row").len(), 1);
    }
    // Past the cap the row is read in place, with a warning on its line.
    let text = format!(
        "{}\n| Anna Karpova | Writer |{}",
        wide_header(2400),
        " x |".repeat(1198)
    );
    let doc = within(Duration::from_secs(5), || parse_wikitable("t", &text));
    assert_eq!(names(&doc), ["Anna Karpova"]);
    let capped = with_code(&doc, "table.realign_cap");
    assert_eq!(capped.len(), 1);
    assert_eq!(capped[0].line, Some(2));
    assert!(capped[0].message.contains("too many ways to realign"));
}

/// Asserts that every mention keeps a short context holding its name.
fn contexts_are_capped(doc: &ParsedDocument, expected: usize) {
    assert_eq!(doc.mentions.len(), expected);
    for m in &doc.mentions {
        let context = &m.provenance.context;
        assert!(
            context.chars().count() <= 302,
            "context of {} chars",
            context.chars().count()
        );
        assert!(context.contains(m.surface_name.as_str()), "{context}");
    }
}

#[test]
fn item_07_a_mention_keeps_a_capped_context_around_its_name() {
    let people = invented_names(4000);
    let cell = people.join(", ");
    let table = format!("{H}\n| {cell} | Skater | Riga | 1990 | Fled together |");
    let doc = within(Duration::from_secs(20), || parse_wikitable("t", &table));
    contexts_are_capped(&doc, 4000);
    // Nor does each mention list the 3,999 others: at most 50, with a warning.
    assert!(doc.mentions.iter().all(|m| m.together_with.len() == 50));
    assert_eq!(with_code(&doc, "table.long_list").len(), 1);
    assert!(
        doc.mentions[0]
            .provenance
            .context
            .starts_with("| Anna Karpova")
    );
    assert!(doc.mentions[0].provenance.context.ends_with('…'));
    assert!(doc.mentions[2000].provenance.context.starts_with('…'));

    let entry = format!(
        "1990 – {} and Olga Kimova, skaters (USA)",
        people[..1000].join(", ")
    );
    let doc = within(Duration::from_secs(20), || {
        parse_timeline("t", &entry, &Lexicon::default())
    });
    contexts_are_capped(&doc, 1001);
    assert!(doc.mentions.iter().all(|m| m.together_with.len() == 50));
    assert_eq!(with_code(&doc, "timeline.long_list").len(), 1);

    let sentence = format!("In 1961 {} defected to Austria.", people[..300].join(", "));
    let doc = within(Duration::from_secs(20), || {
        parse_prose("p", &sentence, &lexicon())
    });
    assert!(!doc.mentions.is_empty());
    contexts_are_capped(&doc, doc.mentions.len());

    // Short contexts stay whole.
    let doc = parse_wikitable(
        "t",
        &format!("{H}\n| Anna Karpova | Writer | Riga | 1950 | Fled |"),
    );
    assert_eq!(
        doc.mentions[0].provenance.context,
        "| Anna Karpova | Writer | Riga | 1950 | Fled |"
    );
}

#[test]
fn item_08_a_glued_persons_row_of_16_kb_is_split_in_linear_time() {
    let header = "Name Born / Since / At Died Languages";
    let doubled = "Ab".repeat(8000);
    let text = format!("{header}\n1{doubled}01.01.1950ru\n2{doubled}C01.01.1950ru");
    let doc = within(Duration::from_secs(5), || {
        parse_timeline("t", &text, &Lexicon::default())
    });
    assert_eq!(doc.mentions.len(), 2);
    assert_eq!(doc.mentions[0].surface_name, "Ab".repeat(4000));
    assert!(doc.mentions[0].provenance.context.chars().count() <= 302);
    let long = with_code(&doc, "persons.long_name");
    assert_eq!(long.len(), 1);
    assert_eq!(long[0].line, Some(3));
    // An ordinary doubled name still splits.
    let doc = parse_timeline(
        "t",
        &format!("{header}\n1Anna KarpovaAnna Karpowa01.01.1950ru"),
        &Lexicon::default(),
    );
    assert_eq!(names(&doc), ["Anna Karpowa"]);
    assert_eq!(doc.mentions[0].raw.alias(), Some("Anna Karpova"));
}

#[test]
fn item_18_a_name_in_any_script_is_the_person_not_the_country() {
    let text = "\
1930 – გრიგოლ რობაქიძე, writer (Germany)
1931 – محمد علي, poet (Austria)
1932 – דוד בן-גוריון, engineer (France)
1933 – 🙂, painter (Italy)
1934 – 42, writer (Spain)";
    let doc = parse_timeline("t", text, &Lexicon::default());
    assert_eq!(
        names(&doc),
        ["გრიგოლ რობაქიძე", "محمد علي", "דוד בן-גוריון"]
    );
    assert_eq!(doc.mentions[0].raw.destination(), Some("Germany"));
    assert_eq!(doc.mentions[0].raw.profession(), Some("writer"));
    let skipped = with_code(&doc, "timeline.no_names");
    let lines: Vec<Option<u32>> = skipped.iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(4), Some(5)]);
    assert!(skipped[0].message.contains("🙂"));
}

#[test]
fn item_19_the_persons_table_ends_where_its_rows_end() {
    let text = "\
Persons
Name Born / Since / At Died Languages
1Anna KarpovaAnna Karpova01.01.195002.02.2000ru
2
Boris Lenski03.03.1940en
1980s – the last loud cases
1981 – Ivan Sokolov, sculptor (USA)
1982 – Olga Kimova, writer (France)";
    let doc = parse_timeline("t", text, &Lexicon::default());
    assert_eq!(
        names(&doc),
        [
            "Anna Karpova",
            "Boris Lenski",
            "Ivan Sokolov",
            "Olga Kimova"
        ]
    );
    let sections: Vec<Section> = doc.mentions.iter().map(|m| m.provenance.section).collect();
    assert_eq!(
        sections,
        [
            Section::Persons,
            Section::Persons,
            Section::Timeline,
            Section::Timeline
        ]
    );
    assert_eq!(
        doc.mentions[2].provenance.heading.as_deref(),
        Some("1980s – the last loud cases")
    );
    assert_eq!(doc.mentions[2].year.map(|y| y.min), Some(1981));
}

#[test]
fn item_20_a_row_without_its_leading_pipe_or_a_text_line_inside_a_table_loses_no_row() {
    let text = format!(
        "{H}
|---|---|---|---|---|
| Anna Karpova | Writer | Russia | 1950 | Fled by boat |
Boris Lenski | Pilot | Latvia | 1961 | Flew a plane to Sweden |
A stray line of text inside the table
| Ivan Sokolov | Dancer | Hungary | 1953 | Escaped with a friend who was caught |
| Pavel Orlov | Chess player | Russia | 1976 | Stayed after a tournament |
| Olga Kimova | Singer | Riga | | Left with her husband, who stayed |"
    );
    let doc = parse_wikitable("t", &text);
    assert_eq!(
        names(&doc),
        [
            "Anna Karpova",
            "Boris Lenski",
            "Ivan Sokolov",
            "Pavel Orlov",
            "Olga Kimova"
        ]
    );
    let boris = &doc.mentions[1];
    assert_eq!(boris.raw.year(), Some("1961"));
    assert_eq!(boris.raw.notes(), Some("Flew a plane to Sweden"));
    let missing = with_code(&doc, "table.missing_pipe");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].line, Some(4));
    let stray = with_code(&doc, "table.text_in_table");
    assert_eq!(stray.len(), 1);
    assert_eq!(stray[0].line, Some(5));
    assert!(stray[0].message.contains("A stray line of text"));
}

#[test]
fn item_21_two_names_before_a_plural_role_are_two_people() {
    let doc = parse_timeline(
        "t",
        "1990 – Anna Karpova, Boris Lenski, figure skaters (USA)",
        &Lexicon::default(),
    );
    assert_eq!(names(&doc), ["Anna Karpova", "Boris Lenski"]);
    for m in &doc.mentions {
        assert_eq!(m.raw.profession(), Some("figure skaters"));
        assert_eq!(m.raw.destination(), Some("USA"));
    }
    assert_eq!(doc.mentions[0].together_with, ["Boris Lenski"]);
    // One name before a singular role stays one person with a two-part descriptor.
    let doc = parse_timeline(
        "t",
        "1954 – Boris Lenski, KGB captain, contract killer (Austria)",
        &Lexicon::default(),
    );
    assert_eq!(names(&doc), ["Boris Lenski"]);
}

#[test]
fn item_28_a_document_with_nothing_of_its_format_is_an_error() {
    let lex = Lexicon::default();
    let parse = |format, text: &str| parse_document("s", format, text, &lex);
    assert_eq!(
        parse(SourceFormat::Wikitable, "| a | b |\n| 1 | 2 |"),
        Err(ParseError::NoNameColumn)
    );
    let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                  daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
                  gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin\n";
    assert_eq!(
        parse_document("s", SourceFormat::Prose, passwd, &lexicon()),
        Err(ParseError::NoProse)
    );
    for blank in ["\u{feff}", "\u{feff}  \n\t\r\n", "", "   \n\n"] {
        for format in SourceFormat::ALL {
            assert_eq!(parse(format, blank), Err(ParseError::Empty), "{blank:?}");
        }
    }
    let table = format!("{H}\n| Anna Karpova | Writer | Russia | 1950 | Fled |");
    for format in [SourceFormat::Prose, SourceFormat::Timeline] {
        let err = parse(format, &table).expect_err("a wikitable is not prose or timeline");
        assert_eq!(err, ParseError::LooksLikeWikitable(format));
        assert!(err.to_string().contains("looks like a wikitable"));
    }
    // Real sentences naming nobody are prose, with nothing found.
    let doc = parse_document(
        "s",
        SourceFormat::Prose,
        "The weather was cold in the winter of that year, and the roads were closed.",
        &lexicon(),
    )
    .expect("English prose");
    assert!(doc.mentions.is_empty());
    assert!(parse(SourceFormat::Wikitable, &table).is_ok());
}

#[test]
fn item_29_an_entry_year_out_of_range_or_backwards_is_warned_about() {
    let text = "\
0 – Anna Karpova, writer (USA)
99999 – Boris Lenski, pilot (UK)
-500 – Ivan Sokolov, dancer (France)
1991/1917 – Olga Kimova, singer (Italy)
1850 – Pavel Orlov, painter (Spain)
1961 – Anna Lenska, poet (Norway)";
    let doc = parse_timeline("t", text, &Lexicon::default());
    assert_eq!(doc.mentions.len(), 6, "no entry vanishes");
    let bad = with_code(&doc, "timeline.bad_year");
    let got: Vec<(Option<u32>, bool)> = bad
        .iter()
        .zip(["`0`", "`99999`", "`-500`", "`1991/1917`"])
        .map(|(d, value)| (d.line, d.message.contains(value)))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), true),
            (Some(2), true),
            (Some(3), true),
            (Some(4), true)
        ]
    );
    assert_eq!(bad.len(), 4);
    for m in &doc.mentions[..4] {
        assert_eq!(m.year, None, "{}", m.surface_name);
    }
    assert_eq!(doc.mentions[1].raw.year(), Some("99999"));
    let implausible = with_code(&doc, "timeline.implausible_year");
    assert_eq!(implausible.len(), 1);
    assert_eq!(implausible[0].line, Some(5));
    assert!(implausible[0].message.contains("`1850`"));
    assert_eq!(doc.mentions[4].year.map(|y| y.min), Some(1850));
    assert_eq!(doc.mentions[5].year.map(|y| y.min), Some(1961));
}

#[test]
fn item_25_lone_carriage_returns_end_lines() {
    let text = "1950s – the first wave\r1951 – Anna Karpova, painter (USA)\r\r1952 – Boris Lenski, writer (UK)";
    let doc = parse_document("t", SourceFormat::Timeline, text, &lexicon()).expect("timeline");
    let got: Vec<(&str, u32, Section)> = doc
        .mentions
        .iter()
        .map(|m| {
            (
                m.surface_name.as_str(),
                m.provenance.line,
                m.provenance.section,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Anna Karpova", 2, Section::Timeline),
            ("Boris Lenski", 4, Section::Timeline)
        ]
    );
    let prose = "A title\r\rIn 1961 the KGB officer Ivan Sokolov defected to Austria.";
    let doc = parse_document("p", SourceFormat::Prose, prose, &lexicon()).expect("prose");
    assert_eq!(names(&doc), ["Ivan Sokolov"]);
    assert_eq!(doc.mentions[0].provenance.line, 3);
}
