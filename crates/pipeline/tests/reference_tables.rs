//! Every reference table parses, has no duplicate keys and only known categories.

use std::collections::HashSet;

use defectors_pipeline::reference::load_reference;
use defectors_test_support::workspace_root;

#[test]
fn given_names_are_unique_with_known_genders() {
    let tables = load_reference(&workspace_root().join("data/reference")).expect("tables load");
    assert!(tables.given_names.len() > 300, "hundreds of given names");
    let mut seen = HashSet::new();
    let canonical: HashSet<String> = tables
        .given_names
        .iter()
        .map(|g| g.canonical.clone())
        .collect();
    for row in &tables.given_names {
        assert!(seen.insert(row.name.to_lowercase()), "duplicate given name {}", row.name);
        assert!(matches!(row.gender.as_str(), "m" | "f"), "{}: gender {}", row.name, row.gender);
        assert!(!row.name.trim().is_empty() && row.name.trim() == row.name, "{:?}", row.name);
        assert!(
            tables
                .given_names
                .iter()
                .any(|g| g.name == row.canonical),
            "{}: canonical form {} has no row of its own",
            row.name,
            row.canonical
        );
    }
    assert!(canonical.len() > 100);
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
    assert!(err.contains("given_names.csv:3: invalid reference table"), "{err}");
}
