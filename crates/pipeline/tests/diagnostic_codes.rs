//! Every diagnostic code the stages emit is in the registry the README's table comes from,
//! and the registry names no code that nothing emits.

use std::collections::BTreeSet;
use std::path::Path;

use defectors_model::diagnostics::DIAGNOSTIC_CODES;

/// The stage prefixes of diagnostic codes.
const PREFIXES: [&str; 8] = [
    "table",
    "timeline",
    "persons",
    "prose",
    "reference",
    "manifest",
    "resolve",
    "clean",
];

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// `"prefix.name"` string literals in library sources (tests excluded).
fn emitted_codes() -> BTreeSet<String> {
    let crates = defectors_test_support::workspace_root().join("crates");
    let mut files = Vec::new();
    for krate in ["parse", "clean", "resolve", "pipeline"] {
        rust_files(&crates.join(krate).join("src"), &mut files);
    }
    let mut codes = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for literal in text.split('"').skip(1).step_by(2) {
            let Some((prefix, name)) = literal.split_once('.') else {
                continue;
            };
            if PREFIXES.contains(&prefix)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                codes.insert(literal.to_owned());
            }
        }
    }
    codes
}

#[test]
fn every_emitted_code_is_registered_and_every_registered_code_is_emitted() {
    let registered: BTreeSet<String> = DIAGNOSTIC_CODES.iter().map(|c| c.code.to_owned()).collect();
    let emitted = emitted_codes();
    let unregistered: Vec<&String> = emitted.difference(&registered).collect();
    let unused: Vec<&String> = registered.difference(&emitted).collect();
    assert!(
        unregistered.is_empty(),
        "emitted but not in model/src/diagnostics.rs: {unregistered:?}"
    );
    assert!(
        unused.is_empty(),
        "registered but never emitted: {unused:?}"
    );
}

#[test]
fn the_registry_is_sorted_without_duplicates_and_every_code_has_a_meaning() {
    let codes: Vec<&str> = DIAGNOSTIC_CODES.iter().map(|c| c.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert!(
        DIAGNOSTIC_CODES
            .iter()
            .all(|c| !c.meaning.trim().is_empty())
    );
}
