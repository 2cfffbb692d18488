//! Whole-mention cleaning rules on small reference tables written for the test.

use defectors_clean::Cleaner;
use defectors_model::{
    AgencyRow, CountryRow, Mention, PlaceRow, ProfessionRow, Provenance, RawFieldValues, RawFields,
    Reference, Section, Status, YearRange,
};

fn reference() -> Reference {
    let place = |n: &str, c: &str| PlaceRow {
        name: n.into(),
        country: c.into(),
        from_year: None,
        to_year: None,
    };
    let country = |n: &str, bloc: Option<i32>, part_of: Option<&str>| CountryRow {
        name: n.into(),
        eastern_bloc_from: bloc,
        eastern_bloc_to: bloc.map(|_| 1991),
        part_of: part_of.map(Into::into),
        part_of_from: part_of.map(|_| 1922),
        part_of_to: part_of.map(|_| 1991),
        founded: (n == "USSR").then(|| chrono::NaiveDate::from_ymd_opt(1922, 12, 30).unwrap()),
        predecessor: (n == "USSR").then(|| "Soviet Russia".into()),
    };
    Reference {
        given_names: vec![],
        places: vec![
            place("Ukraine", "Ukraine"),
            place("Austria-Hungary", "Austria-Hungary"),
            place("Hungary", "Hungary"),
            place("France", "France"),
            place("Paris", "France"),
        ],
        countries: vec![
            country("USSR", Some(1922), None),
            country("Hungary", Some(1947), None),
            country("Ukraine", None, Some("USSR")),
            country("Austria-Hungary", None, None),
            country("France", None, None),
        ],
        agencies: vec![AgencyRow {
            alias: "NKVD".into(),
            canonical: "NKVD".into(),
            country: "USSR".into(),
        }],
        professions: vec![ProfessionRow {
            phrase: "officer".into(),
            category: defectors_model::ProfessionCategory::Intelligence,
        }],
        ..Reference::default()
    }
}

fn mention(year: i32, raw: RawFields) -> Mention {
    Mention {
        provenance: Provenance {
            source_id: "s".into(),
            line: 1,
            section: Section::Table,
            heading: None,
            context: String::new(),
        },
        index_in_line: 0,
        surface_name: "Ivan Sokolov".into(),
        status: Status::Defector,
        raw,
        year: Some(YearRange::single(year)),
        born: None,
        died: None,
        together_with: vec![],
        char_span: None,
        companion: false,
        attempt: false,
    }
}

#[test]
fn origin_rules_in_order() {
    let cleaner = Cleaner::new(&reference());
    // (what, raw fields, source scope, expected origin, expected rule)
    type Case<'a> = (
        &'a str,
        RawFields,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );
    let cases: [Case; 5] = [
        (
            "an agency gives its state; a birthplace is not an origin",
            RawFieldValues {
                agency: Some("NKVD".into()),
                birthplace: Some("Austria-Hungary".into()),
                ..RawFieldValues::default()
            }
            .into(),
            None,
            Some("USSR"),
            "agency",
        ),
        (
            "a Soviet republic stands for the USSR",
            RawFieldValues {
                birthplace: Some("Ukraine".into()),
                ..RawFieldValues::default()
            }
            .into(),
            None,
            Some("USSR"),
            "birthplace",
        ),
        (
            "an Eastern Bloc state before its communist years is still the origin",
            RawFieldValues {
                birthplace: Some("Hungary".into()),
                ..RawFieldValues::default()
            }
            .into(),
            None,
            Some("Hungary"),
            "birthplace",
        ),
        (
            "a non-bloc birthplace falls through to the source's scope",
            RawFieldValues {
                birthplace: Some("Austria-Hungary".into()),
                ..RawFieldValues::default()
            }
            .into(),
            Some("USSR"),
            Some("USSR"),
            "source scope",
        ),
        (
            "nothing known: no origin",
            RawFields::default(),
            None,
            None,
            "",
        ),
    ];
    for (what, raw, scope, want, rule) in cases {
        let (c, _) = cleaner.clean(&mention(1945, raw), scope);
        assert_eq!(c.origin.as_deref(), want, "{what}");
        assert_eq!(c.origin_rule.unwrap_or(""), rule, "{what}");
    }
}

#[test]
fn years_outside_the_period_are_kept_with_a_warning() {
    let cleaner = Cleaner::new(&reference());
    for (year, warned) in [(1916, true), (1917, false), (1991, false), (1995, true)] {
        let (_, diagnostics) = cleaner.clean(&mention(year, RawFields::default()), Some("USSR"));
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes.contains(&"clean.year_out_of_range"),
            warned,
            "{year}: {codes:?}"
        );
    }
}

#[test]
fn unknown_values_are_warnings_naming_the_text() {
    let cleaner = Cleaner::new(&reference());
    let raw = RawFieldValues {
        profession: Some("juggler".into()),
        agency: Some("XYZ".into()),
        destination: Some("Atlantis → France".into()),
        ..RawFieldValues::default()
    }
    .into();
    let (c, diagnostics) = cleaner.clean(&mention(1950, raw), Some("USSR"));
    assert_eq!(c.destination_path().collect::<Vec<_>>(), ["France"]);
    let messages: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "clean.unknown_agency: Ivan Sokolov: agency `XYZ` is not in agencies.csv",
            "clean.unknown_profession: Ivan Sokolov: profession `juggler` matches no phrase of professions.csv",
            "clean.unknown_place: Ivan Sokolov: place(s) not in places.csv: `Atlantis`",
        ]
    );
}

#[test]
fn a_defection_before_the_state_was_founded_is_from_its_predecessor() {
    let cleaner = Cleaner::new(&reference());
    let nkvd = || {
        RawFieldValues {
            agency: Some("NKVD".into()),
            ..RawFieldValues::default()
        }
        .into()
    };
    let origin = |year| cleaner.clean(&mention(year, nkvd()), None).0.origin;
    assert_eq!(origin(1921).as_deref(), Some("Soviet Russia"));
    assert_eq!(origin(1922).as_deref(), Some("Soviet Russia"));
    assert_eq!(origin(1923).as_deref(), Some("USSR"));
    let hungary = cleaner.clean(&mention(1921, RawFields::default()), Some("Hungary"));
    assert_eq!(hungary.0.origin.as_deref(), Some("Hungary"));
}

#[test]
fn a_death_year_is_read_from_a_table_note() {
    let cleaner = Cleaner::new(&reference());
    let raw = RawFieldValues {
        notes: Some("Switzerland; killed in 1938".into()),
        ..RawFieldValues::default()
    }
    .into();
    assert_eq!(
        cleaner.clean(&mention(1937, raw), None).0.died_year,
        Some(1938)
    );
}
