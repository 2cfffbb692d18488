//! Pair-level tests: one per comparison and hard constraint, on mentions written for the test,
//! and clustering tests (no chaining, overrides, conflicts).

use defectors_clean::Cleaner;
use defectors_model::{
    GivenName, Mention, Provenance, RawFields, Reference, Section, Status, YearRange,
};
use defectors_resolve::{Evidence, Override, Priorities, compare, features, resolve};

fn reference() -> Reference {
    let given = |n: &str, c: &str, g: &str| GivenName {
        name: n.into(),
        canonical: c.into(),
        gender: g.into(),
    };
    Reference {
        given_names: vec![
            given("Pyotr", "Pyotr", "m"),
            given("Peter", "Pyotr", "m"),
            given("Ivan", "Ivan", "m"),
            given("Anna", "Anna", "f"),
            given("Boris", "Boris", "m"),
            given("Maria", "Maria", "f"),
        ],
        ..Reference::default()
    }
}

struct M<'a> {
    source: &'a str,
    line: u32,
    name: &'a str,
    year: Option<i32>,
    together: &'a [&'a str],
}

fn m(source: &str, line: u32, name: &str, year: Option<i32>) -> Mention {
    mention(&M {
        source,
        line,
        name,
        year,
        together: &[],
    })
}

fn mention(spec: &M<'_>) -> Mention {
    Mention {
        provenance: Provenance {
            source_id: spec.source.into(),
            line: spec.line,
            section: Section::Timeline,
            heading: None,
            context: String::new(),
        },
        index_in_line: 0,
        surface_name: spec.name.into(),
        status: Status::Defector,
        raw: RawFields::default(),
        year: spec.year.map(YearRange::single),
        born: None,
        died: None,
        together_with: spec.together.iter().map(|s| (*s).into()).collect(),
        char_span: None,
        companion: false,
        attempt: false,
    }
}

fn evidence(a: &Mention, b: &Mention) -> Evidence {
    scored(a, b).0
}

/// The evidence of a pair and why it can never link, in words.
fn scored(a: &Mention, b: &Mention) -> (Evidence, Option<String>) {
    let cleaner = Cleaner::new(&reference());
    let mentions = [a.clone(), b.clone()];
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    let (fs, keys) = features(&mentions, &cleaned);
    let e = compare(&fs[0], &fs[1], &keys);
    let reason = e.cannot_link.map(|c| c.describe(&fs[0], &fs[1], &keys));
    (e, reason)
}

const LINK: f64 = defectors_resolve::params::LINK_THRESHOLD;

#[test]
fn given_name_variants_and_spelling_variants_link() {
    let e = evidence(
        &m("a", 1, "Pyotr Deryabin", Some(1954)),
        &m("b", 1, "Peter Deriabin", Some(1954)),
    );
    assert!(
        e.weights.given > 0.0 && e.weights.surname > 0.0 && e.weights.year > 0.0,
        "{e:?}"
    );
    assert!(e.links_at(LINK), "{e:?}");
}

#[test]
fn different_given_names_never_link() {
    let (e, reason) = scored(
        &m("a", 1, "Ivan Sokolov", Some(1954)),
        &m("b", 1, "Boris Sokolov", Some(1954)),
    );
    assert_eq!(
        reason.as_deref(),
        Some("different given names (ivan / boris)"),
        "{e:?}"
    );
    assert!(!e.links_at(LINK));
}

#[test]
fn a_suffix_on_one_side_never_links() {
    let (_, reason) = scored(
        &m("a", 1, "Ivan Sokolov", Some(1978)),
        &m("b", 1, "Ivan Sokolov Jr.", Some(1978)),
    );
    assert_eq!(reason.as_deref(), Some("suffix none vs Jr."));
}

#[test]
fn masculine_and_feminine_people_never_link() {
    let (e, reason) = scored(
        &m("a", 1, "Ivan Sokolov", Some(1954)),
        &m("b", 1, "Anna Sokolova", Some(1954)),
    );
    assert!(e.cannot_link.is_some(), "{e:?}");
    assert_eq!(
        reason.as_deref(),
        Some("different given names (ivan / anna)")
    );
}

#[test]
fn two_people_of_one_line_never_link() {
    let (_, reason) = scored(
        &m("a", 7, "Sokolov", Some(1979)),
        &m("a", 7, "Sokolov", Some(1979)),
    );
    assert_eq!(reason.as_deref(), Some("named separately on the same line"));
}

#[test]
fn a_wife_under_the_masculine_form_links_to_the_feminine_form() {
    // `Ivan and Anna Sokolov` writes her surname in its masculine form.
    let e = evidence(
        &m("a", 1, "Anna Sokolov", Some(1954)),
        &m("b", 1, "Anna Sokolova", Some(1954)),
    );
    assert!(e.links_at(LINK), "{e:?}");
}

#[test]
fn year_distance_weighs_in_steps() {
    let year = |y| {
        evidence(
            &m("a", 1, "Ivan Sokolov", Some(1950)),
            &m("b", 1, "Ivan Sokolov", Some(y)),
        )
        .weights
        .year
    };
    let (same, near, close, far) = (year(1950), year(1951), year(1953), year(1960));
    assert!(
        same > near && near > close && close > far,
        "{same} {near} {close} {far}"
    );
    assert!(far < 0.0);
}

#[test]
fn a_surname_alone_links_to_the_full_name() {
    let e = evidence(
        &m("a", 1, "Sokolova", Some(1977)),
        &m("b", 2, "Maria Sokolova", Some(1977)),
    );
    assert!(e.links_at(LINK), "{e:?}");
    let e = evidence(
        &m("a", 1, "Ivan", Some(1945)),
        &m("b", 2, "Ivan Sokolov", None),
    );
    assert!(!e.links_at(LINK), "a given name alone never links: {e:?}");
}

#[test]
fn same_partner_adds_weight() {
    let a = mention(&M {
        source: "a",
        line: 1,
        name: "Ivan Sokolov",
        year: Some(1979),
        together: &["Boris Lenski"],
    });
    let b = mention(&M {
        source: "b",
        line: 1,
        name: "Ivan Sokolov",
        year: Some(1979),
        together: &["Lenski"],
    });
    assert!(evidence(&a, &b).weights.partner > 0.0);
}

#[test]
fn a_common_surname_weighs_less_than_a_rare_one() {
    let cleaner = Cleaner::new(&reference());
    let mut mentions: Vec<Mention> = (0..50).map(|i| m("x", i + 10, "Ivanov", None)).collect();
    mentions.push(m("a", 1, "Ivan Ivanov", Some(1950)));
    mentions.push(m("b", 1, "Ivan Ivanov", Some(1950)));
    mentions.push(m("a", 2, "Ivan Zhdankin", Some(1950)));
    mentions.push(m("b", 2, "Ivan Zhdankin", Some(1950)));
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    let (features, keys) = features(&mentions, &cleaned);
    let common = compare(&features[50], &features[51], &keys).weights.surname;
    let rare = compare(&features[52], &features[53], &keys).weights.surname;
    assert!(rare > common + 3.0, "rare {rare} vs common {common}");
}

fn run(mentions: &[Mention], overrides: &[Override]) -> Vec<Vec<String>> {
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    let r = resolve(mentions, &cleaned, overrides, &Priorities::new());
    let mut groups: Vec<Vec<String>> = r
        .people
        .iter()
        .map(|p| {
            p.members
                .iter()
                .map(|&i| mentions[i].mention_id())
                .collect()
        })
        .collect();
    groups.sort();
    groups
}

#[test]
fn weak_links_do_not_chain_two_people_together() {
    // A bare surname fits both Ivan and Boris Sokolov; Ivan and Boris are two people, so the
    // surname joins one of them, never both.
    let mentions = [
        m("a", 1, "Ivan Sokolov", Some(1950)),
        m("b", 1, "Sokolov", Some(1950)),
        m("c", 1, "Boris Sokolov", Some(1950)),
    ];
    let groups = run(&mentions, &[]);
    assert_eq!(groups.len(), 2, "{groups:?}");
}

#[test]
fn overrides_force_and_forbid_links_and_stale_ones_warn() {
    let mentions = [
        m("a", 1, "Ivan Sokolov", Some(1950)),
        m("b", 1, "Ivan Sokolov", Some(1950)),
    ];
    assert_eq!(run(&mentions, &[]).len(), 1);
    let cannot = Override {
        must_link: false,
        a: "a:1:0".into(),
        b: "Ivan Sokolov@b".into(),
        reason: "test".into(),
        line: 2,
    };
    assert_eq!(run(&mentions, &[cannot]).len(), 2);
    let different = [
        m("a", 1, "Ivan Sokolov", Some(1950)),
        m("b", 1, "Boris Lenski", Some(1950)),
    ];
    let must = Override {
        must_link: true,
        a: "a:1:0".into(),
        b: "b:1:0".into(),
        reason: "test".into(),
        line: 2,
    };
    assert_eq!(run(&different, &[must]).len(), 1);
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    let stale = Override {
        must_link: true,
        a: "nobody@a".into(),
        b: "a:1:0".into(),
        reason: "test".into(),
        line: 3,
    };
    let r = resolve(&mentions, &cleaned, &[stale], &Priorities::new());
    assert_eq!(r.diagnostics[0].code, "resolve.stale_override");
}

#[test]
fn conflicts_record_each_value_and_the_rule() {
    let mentions = [
        m("a", 1, "Ivan Sokolov", Some(1953)),
        m("b", 1, "Ivan Sokolov", Some(1954)),
        m("c", 1, "Ivan Sokolov", Some(1954)),
    ];
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    let r = resolve(&mentions, &cleaned, &[], &Priorities::new());
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].year, Some(1954));
    let year: Vec<_> = r
        .conflicts()
        .map(|c| {
            (
                c.value.as_deref().unwrap().to_owned(),
                c.mentions
                    .iter()
                    .map(|&i| mentions[i as usize].provenance.source_id.to_string())
                    .collect::<Vec<_>>(),
                c.chosen,
                c.rule.as_str(),
            )
        })
        .collect();
    assert_eq!(
        year,
        [
            (
                "1953".to_owned(),
                vec!["a".to_owned()],
                false,
                "majority of sources"
            ),
            (
                "1954".to_owned(),
                vec!["b".to_owned(), "c".to_owned()],
                true,
                "majority of sources"
            ),
        ]
    );
}

#[test]
fn one_name_in_two_transliteration_schemes_links() {
    // Polish `Iakow Taszin` and English `Yakov Tashin`; German `Chodroff`, English `Khodrov`.
    for (a, b) in [
        ("Iakow Taszin", "Yakov Tashin"),
        ("Ivan Chodroff", "Ivan Khodrov"),
        ("Ivan Tchijeff", "Ivan Chizhev"),
    ] {
        let e = evidence(&m("a", 1, a, Some(1950)), &m("b", 1, b, Some(1950)));
        assert!(e.links_at(LINK), "{a} / {b}: {e:?}");
    }
    // Different names stay apart.
    let e = evidence(
        &m("a", 1, "Ivan Chodroff", Some(1950)),
        &m("b", 1, "Ivan Kadrin", Some(1950)),
    );
    assert!(!e.links_at(LINK), "{e:?}");
}

#[test]
fn a_typing_slip_and_the_other_name_order_link() {
    let e = evidence(
        &m("a", 1, "Ivan Labrovsky", Some(1950)),
        &m("b", 1, "Ivan Lbarovsky", Some(1950)),
    );
    assert!(e.links_at(LINK), "slip: {e:?}");
    // A slip the skeleton folds into two edits (`Saalin` → `ZALIN`) is one in the spelling.
    let e = evidence(
        &m("a", 1, "Ivan Sabalin", Some(1950)),
        &m("b", 1, "Ivan Saalin", Some(1950)),
    );
    assert!(e.links_at(LINK), "folded slip: {e:?}");
    let e = evidence(
        &m("a", 1, "Tocsos Zoltan", Some(1956)),
        &m("b", 1, "Zoltan Tocsos", Some(1956)),
    );
    assert!(e.links_at(LINK), "order: {e:?}");
}

#[test]
fn namesakes_decades_apart_and_impossible_ages_never_link() {
    let (_, reason) = scored(
        &m("a", 1, "Ivan Lewandowski", Some(1946)),
        &m("b", 1, "Ivan Lewandowski", Some(1982)),
    );
    assert_eq!(
        reason.as_deref(),
        Some("years 36 apart and nothing but the name agrees")
    );
    let mut row = m("t", 90, "Ivan Lewandowski", None);
    row.provenance.section = Section::Persons;
    row.born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1);
    let (_, reason) = scored(&row, &m("b", 1, "Ivan Lewandowski", Some(1955)));
    assert_eq!(reason.as_deref(), Some("born 1950, would be 5 in 1955"));
    let e = evidence(&row, &m("b", 1, "Ivan Lewandowski", Some(1982)));
    assert!(e.links_at(LINK), "{e:?}");
    row.died = chrono::NaiveDate::from_ymd_opt(1980, 5, 1);
    let (_, reason) = scored(&row, &m("b", 1, "Ivan Lewandowski", Some(1982)));
    assert_eq!(reason.as_deref(), Some("died 1980, before 1982"));
}

#[test]
fn a_dated_row_between_two_namesakes_links_where_its_age_is_typical() {
    let mut row = m("t", 90, "Ivan Lewandowski", None);
    row.provenance.section = Section::Persons;
    row.born = chrono::NaiveDate::from_ymd_opt(1930, 1, 1);
    let clusters = run(
        &[
            m("a", 1, "Ivan Lewandowski", Some(1942)),
            m("b", 1, "Ivan Lewandowski", Some(1975)),
            row,
        ],
        &[],
    );
    // Aged 12 in 1942 is possible, aged 45 in 1975 typical.
    assert_eq!(
        clusters,
        [
            vec!["a:1:0".to_owned()],
            vec!["b:1:0".into(), "t:90:0".into()]
        ]
    );
}

#[test]
fn a_yearless_row_between_two_namesakes_stays_alone() {
    let row = m("t", 90, "Ivan Lewandowski", None);
    let clusters = run(
        &[
            m("a", 1, "Ivan Lewandowski", Some(1946)),
            m("b", 1, "Ivan Lewandowski", Some(1982)),
            row,
        ],
        &[],
    );
    assert_eq!(clusters.len(), 3, "{clusters:?}");
}
