//! Rules that turn a cluster of mentions into a person, on mentions written for the test:
//! who counts as a person, events, display names, and which values agree or conflict.

use defectors_clean::Cleaner;
use defectors_model::{
    GivenName, Mention, Provenance, RawFieldValues, RawFields, Reference, Section, Status,
    YearRange,
};
use defectors_resolve::{Agreement, EventKind, Field, Priorities, Resolution, resolve};

fn reference() -> Reference {
    let given = |n: &str, g: &str| GivenName {
        name: n.into(),
        canonical: n.into(),
        gender: g.into(),
    };
    Reference {
        given_names: vec![given("Ivan", "m"), given("Boris", "m"), given("Anna", "f")],
        ..Reference::default()
    }
}

/// A mention of `name` on `line` of source `source`, in `section`.
fn at(source: &str, line: u32, section: Section, name: &str, year: Option<i32>) -> Mention {
    Mention {
        provenance: Provenance {
            source_id: source.into(),
            line,
            section,
            heading: None,
            context: String::new(),
        },
        index_in_line: 0,
        surface_name: name.into(),
        status: Status::Defector,
        raw: RawFields::default(),
        year: year.map(YearRange::single),
        born: None,
        died: None,
        together_with: vec![],
        char_span: None,
        companion: false,
        attempt: false,
    }
}

fn run(mentions: &[Mention]) -> Resolution {
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|m| cleaner.clean(m, Some("USSR")).0)
        .collect();
    resolve(mentions, &cleaned, &[], &Priorities::new())
}

fn person<'a>(r: &'a Resolution, id: &str) -> &'a defectors_resolve::Person {
    r.people
        .iter()
        .find(|p| p.person_id == id)
        .unwrap_or_else(|| panic!("no person {id}"))
}

#[test]
fn a_companion_known_by_a_given_name_only_is_not_counted() {
    let mut son = at("a", 3, Section::Table, "Boris", Some(1950));
    son.companion = true;
    let mut wife = at("a", 3, Section::Table, "Anna Zorina", Some(1950));
    wife.companion = true;
    let r = run(&[
        at("a", 3, Section::Table, "Ivan Zorin", Some(1950)),
        son,
        wife,
    ]);
    assert_eq!(person(&r, "boris").status, Status::Companion);
    assert_eq!(person(&r, "anna-zorina").status, Status::Defector);
}

#[test]
fn a_persons_table_row_alone_is_unsupported_and_a_dated_entry_supports_it() {
    let row = at("t", 90, Section::Persons, "Ivan Zorin", None);
    let r = run(std::slice::from_ref(&row));
    assert_eq!(r.people[0].status, Status::Unsupported);
    assert_eq!(r.diagnostics[0].code, "persons.unsupported");
    assert_eq!(r.diagnostics[0].line, Some(90));
    let r = run(&[
        row,
        at("t", 12, Section::Timeline, "Ivan Zorin", Some(1970)),
    ]);
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].status, Status::Defector);
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.code != "persons.unsupported")
    );
}

#[test]
fn a_failed_attempt_years_before_the_defection_is_an_event_of_its_own() {
    // As a companion in another's row (`with friend Ivan Zorin who was caught`), 1945.
    let mut caught = at("a", 2, Section::Table, "Ivan Zorin", Some(1945));
    caught.raw = RawFieldValues {
        notes: Some("was caught at the border".into()),
        ..caught.raw.values()
    }
    .into();
    caught.companion = true;
    let r = run(&[caught, at("a", 9, Section::Table, "Ivan Zorin", Some(1957))]);
    assert_eq!(r.people.len(), 1);
    let p = &r.people[0];
    assert_eq!(
        (p.year, p.year_min, p.year_max),
        (Some(1957), Some(1957), Some(1957))
    );
    assert_eq!(p.outcome.map(|o| o.as_str()), Some("defected"));
    let kinds: Vec<(EventKind, Option<i32>, bool)> = r
        .events
        .iter()
        .map(|e| (e.kind, e.year_min, e.chosen))
        .collect();
    assert_eq!(
        kinds,
        [
            (EventKind::AttemptFailed, Some(1945), false),
            (EventKind::Defected, Some(1957), true)
        ]
    );
    assert_eq!(r.events.iter().next().unwrap().event_id, "ivan-zorin:1");
    assert_eq!(r.conflicts().count(), 0, "two events are no conflict");
}

#[test]
fn a_failed_attempt_in_the_defection_year_is_a_disagreement_about_it() {
    let mut caught = at("a", 2, Section::Table, "Ivan Zorin", Some(1957));
    caught.raw = RawFieldValues {
        notes: Some("was caught at the border".into()),
        ..caught.raw.values()
    }
    .into();
    let r = run(&[caught, at("b", 9, Section::Table, "Ivan Zorin", Some(1957))]);
    assert_eq!(r.events.len(), 1);
    let outcome: Vec<_> = r
        .conflicts()
        .filter(|v| v.field == Field::Outcome)
        .collect();
    assert_eq!(outcome.len(), 2);
}

#[test]
fn only_attempts_give_the_last_attempt_and_no_event_gives_no_outcome() {
    let caught = |source, year| {
        let mut m = at(source, 2, Section::Table, "Ivan Zorin", Some(year));
        m.raw = RawFieldValues {
            notes: Some("was caught".into()),
            ..m.raw.values()
        }
        .into();
        m
    };
    let r = run(&[caught("a", 1950), caught("b", 1951)]);
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.events.len(), 2);
    assert_eq!(r.people[0].year, Some(1951));
    assert_eq!(r.people[0].outcome.map(|o| o.as_str()), Some("failed"));
    let mut never = at("a", 2, Section::Prose, "Ivan Zorin", None);
    never.status = Status::NotDefector;
    never.raw = RawFieldValues {
        status_reason: Some("never defected".into()),
        ..never.raw.values()
    }
    .into();
    let r = run(&[never]);
    assert!(r.events.is_empty());
    assert_eq!(r.people[0].outcome, None);
}

#[test]
fn a_suffix_any_mention_gives_stays_in_the_display_name() {
    // Two sources call him without the suffix; a curated link joins the one that has it.
    let mentions = [
        at("a", 1, Section::Timeline, "Ivan Zorin Jr.", Some(1978)),
        at("b", 1, Section::Prose, "Ivan Zorin", Some(1978)),
        at("c", 1, Section::Prose, "Ivan Zorin", Some(1978)),
    ];
    let link = |b: &str| defectors_resolve::Override {
        must_link: true,
        a: "Ivan Zorin Jr.@a".into(),
        b: format!("Ivan Zorin@{b}"),
        reason: "test".into(),
        line: 2,
    };
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|m| cleaner.clean(m, Some("USSR")).0)
        .collect();
    let r = resolve(
        &mentions,
        &cleaned,
        &[link("b"), link("c")],
        &Priorities::new(),
    );
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.people[0].name, "Ivan Zorin Jr.");
}

#[test]
fn every_value_is_kept_with_its_mentions_and_agreement() {
    let mut range = at("a", 1, Section::Timeline, "Ivan Zorin", None);
    range.year = Some(YearRange {
        min: 1990,
        max: 1991,
    });
    let point = at("a", 7, Section::Timeline, "Ivan Zorin", Some(1990));
    let r = run(&[range, point]);
    let year: Vec<_> = r.values.iter().filter(|v| v.field == Field::Year).collect();
    assert_eq!(year.len(), 2);
    assert!(year.iter().all(|v| v.agreement == Agreement::Compatible));
    assert_eq!(year[0].value.as_deref(), Some("1990"));
    assert!(year[0].chosen);
    assert_eq!(year[0].mentions.as_slice(), [1]);
    assert_eq!(r.people[0].year, Some(1990));
    assert_eq!(r.conflicts().count(), 0);
    let name: Vec<_> = r.values.iter().filter(|v| v.field == Field::Name).collect();
    assert_eq!(name[0].agreement, Agreement::Agree);
}
