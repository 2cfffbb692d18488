//! Hostile inputs (from an attack on `defectors build`): each ends with a value, a typed error
//! or a diagnostic, never a panic. Inputs are written inline.

use defectors_clean::{AgencyIndex, CleanError, Cleaner, ProfessionIndex};
use defectors_model::{
    AgencyRow, Mention, ProfessionRow, Provenance, RawFieldValues, Reference, Section, Status,
};

fn agency(alias: &str, canonical: &str, country: &str) -> AgencyRow {
    AgencyRow {
        alias: alias.into(),
        canonical: canonical.into(),
        country: country.into(),
    }
}

fn table_mention(notes: &str) -> Mention {
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
        raw: RawFieldValues {
            notes: Some(notes.into()),
            ..RawFieldValues::default()
        }
        .into(),
        year: None,
        born: None,
        died: None,
        together_with: vec![],
        char_span: None,
        companion: false,
        attempt: false,
    }
}

/// Item 2: an agency next to a multi-byte character in table notes used to slice inside the
/// character (`&text[..m.start() + 1]`) and panic.
#[test]
fn agency_next_to_multibyte_characters_in_notes() {
    let reference = Reference {
        agencies: vec![
            agency("KGB", "KGB", "USSR"),
            agency("ÁVH", "ÁVH", "Hungary"),
        ],
        ..Reference::default()
    };
    let cleaner = Cleaner::new(&reference);
    for (notes, expected) in [
        ("Worked for the “KGB” and defected", "KGB"),
        ("Worked for the —KGB", "KGB"),
        ("—KGB", "KGB"),
        ("Officer of the «KGB»", "KGB"),
        ("«KGB»", "KGB"),
        ("ÁVH officer, defected", "ÁVH"),
        ("Officer of the ÁVH", "ÁVH"),
    ] {
        let (c, _) = cleaner.clean(&table_mention(notes), None);
        assert_eq!(c.agency.as_deref(), Some(expected), "{notes}");
        assert_eq!(
            c.agency_from.as_deref(),
            Some(format!("notes_raw: {expected}").as_str()),
            "{notes}"
        );
    }
    // The rules about the text around the spelling still apply in text with multi-byte
    // characters (`by the`, `assassin` after it).
    let idx = AgencyIndex::new(&reference.agencies);
    assert_eq!(
        idx.find_in_notes("Ágnes’ husband — killed by the KGB"),
        None
    );
    assert_eq!(
        idx.find_in_notes("“shot” by a KGB assassin in Zürich"),
        None
    );
    assert_eq!(idx.find_in_notes("killed by the ÁVH"), None);
}

/// Item 3: a spelling or phrase too long for the regex size limit used to panic with
/// `CompiledTooBig`; spellings are no longer regexes, and a phrase over the length limit is an
/// error naming the table and line.
#[test]
fn huge_reference_phrase_is_an_error_naming_table_and_line() {
    let huge = "Komitet ".repeat(40_000);
    let reference = Reference {
        agencies: vec![
            agency("KGB", "KGB", "USSR"),
            agency("NKVD", "NKVD", "USSR"),
            agency(&huge, "KGB", "USSR"),
        ],
        ..Reference::default()
    };
    let err = Cleaner::try_new(&reference).expect_err("too big");
    assert!(
        matches!(
            err,
            CleanError::PhraseTooLong {
                table: "agencies.csv",
                line: 4,
                column: "alias",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!((err.table(), err.line()), ("agencies.csv", 4));
    let message = err.to_string();
    assert!(
        message.starts_with("agencies.csv line 4: alias `Komitet Komitet"),
        "{message}"
    );
    assert!(message.contains("320000 characters"), "{message}");
    assert!(
        message.ends_with("is too long: a phrase may have at most 500 characters"),
        "{message}"
    );
    assert_eq!(format!("agencies.csv line 4: {}", err.detail()), message);

    let professions = vec![
        ProfessionRow {
            phrase: "pilot".into(),
            category: defectors_model::ProfessionCategory::Military,
        },
        ProfessionRow {
            phrase: huge.clone(),
            category: defectors_model::ProfessionCategory::Other,
        },
    ];
    let err = ProfessionIndex::try_new(&professions).expect_err("too big");
    assert_eq!((err.table(), err.line()), ("professions.csv", 3));
    assert!(matches!(err, CleanError::PhraseTooLong { .. }), "{err:?}");
    let reference = Reference {
        professions,
        ..Reference::default()
    };
    assert_eq!(Cleaner::try_new(&reference).err(), Some(err));
}

/// Found with item 23 (resolve): a surname without letters or digits (`—`, `???`) had the
/// empty spelling key, so all such names shared one surname and merged into one person.
#[test]
fn a_surname_without_letters_has_no_key() {
    use defectors_clean::{GivenNameIndex, analyse_name};
    let names = GivenNameIndex::new(&[]);
    for name in ["—", "???", "Ivan …"] {
        let parts = analyse_name(name, &names);
        assert_eq!(parts.family_key, None, "{name}");
        assert!(parts.surname_keys.is_empty(), "{name}");
        assert_eq!(parts.display, name, "{name}");
    }
}
