//! Every reference table parses, has no duplicate keys and only known categories/countries.

use std::collections::HashSet;

use defectors_model::Reference;
use defectors_pipeline::reference::load_reference;
use defectors_test_support::workspace_root;

fn shipped() -> Reference {
    load_reference(&workspace_root().join("data/reference"))
        .expect("the reference tables load")
        .tables
}

fn assert_unique(table: &str, keys: impl IntoIterator<Item = String>) {
    let mut seen = HashSet::new();
    for key in keys {
        assert!(seen.insert(key.clone()), "{table}: duplicate key {key}");
    }
}

#[test]
fn given_names_are_unique_with_known_genders() {
    let r = shipped();
    assert!(r.given_names.len() > 300, "hundreds of given names");
    assert_unique(
        "given_names",
        r.given_names.iter().map(|g| g.name.to_lowercase()),
    );
    let spellings: HashSet<&str> = r.given_names.iter().map(|g| g.name.as_str()).collect();
    for row in &r.given_names {
        assert!(
            matches!(row.gender.as_str(), "m" | "f"),
            "{}: gender {}",
            row.name,
            row.gender
        );
        assert_eq!(row.name.trim(), row.name, "{:?}", row.name);
        assert!(
            spellings.contains(row.canonical.as_str()),
            "{}: canonical form {} has no row of its own",
            row.name,
            row.canonical
        );
    }
}

#[test]
fn places_name_known_countries() {
    let r = shipped();
    let countries: HashSet<&str> = r.countries.iter().map(|c| c.name.as_str()).collect();
    assert_unique("countries", r.countries.iter().map(|c| c.name.clone()));
    assert_unique(
        "places",
        r.places.iter().map(|p| {
            format!(
                "{}|{:?}|{:?}",
                p.name.to_lowercase(),
                p.from_year,
                p.to_year
            )
        }),
    );
    for p in &r.places {
        assert!(
            countries.contains(p.country.as_str()),
            "places: {} → unknown country {}",
            p.name,
            p.country
        );
        if let (Some(f), Some(t)) = (p.from_year, p.to_year) {
            assert!(f <= t, "places: {} has years {f}–{t}", p.name);
        }
    }
    for c in &r.countries {
        if let Some(part_of) = &c.part_of {
            assert!(
                countries.contains(part_of.as_str()),
                "countries: {} part of unknown {part_of}",
                c.name
            );
        }
    }
}

#[test]
fn agencies_and_professions_use_known_values() {
    let r = shipped();
    let countries: HashSet<&str> = r.countries.iter().map(|c| c.name.as_str()).collect();
    assert_unique("agencies", r.agencies.iter().map(|a| a.alias.clone()));
    let canonical: HashSet<&str> = r.agencies.iter().map(|a| a.canonical.as_str()).collect();
    for a in &r.agencies {
        assert!(
            countries.contains(a.country.as_str()),
            "agencies: {} serves unknown {}",
            a.alias,
            a.country
        );
        assert!(canonical.contains(a.canonical.as_str()));
    }
    assert_unique(
        "professions",
        r.professions.iter().map(|p| p.phrase.clone()),
    );
    for p in &r.professions {
        assert_eq!(
            p.phrase,
            p.phrase.to_lowercase(),
            "professions: phrases are lower case"
        );
    }
}

#[test]
fn a_malformed_table_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("given_names.csv"),
        "name,canonical,gender,script,note\nIvan,Ivan,m,latin,ok\nOlga,Olga\n",
    )
    .unwrap();
    let err = load_reference(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("given_names.csv:3: invalid reference table"),
        "{err}"
    );
}
