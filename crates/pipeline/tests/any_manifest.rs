//! Property tests for the manifest reader: any text is a manifest or an error with a line
//! inside the text, never a panic, and reading stays linear in the number of sources.

use std::path::Path;

use defectors_pipeline::{PipelineError, parse_manifest};
use defectors_test_support::{fastest_in_turn, serial};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "[[source]]",
    "[source]",
    "id",
    "path",
    "format",
    "title",
    "sha256",
    "priority",
    "scope",
    "=",
    "\"s\"",
    "\"f.txt\"",
    "\"prose\"",
    "\"timeline\"",
    "\"wikitable\"",
    "\"\"",
    "'",
    "\"\"\"",
    "1",
    "-1",
    "99999999999999999999",
    "true",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{301}",
    "\u{200d}",
    "שלום",
    "🙂",
    "\\",
    "\\u00e9",
];

fn any_manifest() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|parts| parts.concat())
}

fn error_line(error: &PipelineError) -> Option<usize> {
    match error {
        PipelineError::ManifestSyntax { line, .. }
        | PipelineError::ManifestInvalid { line, .. } => Some(*line),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_manifest_or_an_error_on_one_of_its_lines(text in any_manifest()) {
        let _serial = serial();
        if let Err(error) = parse_manifest(Path::new("raw/sources.toml"), &text) {
            let lines = text.split('\n').count();
            if let Some(line) = error_line(&error) {
                prop_assert!(line >= 1 && line <= lines, "line {line} of {lines}: {error}");
            }
        }
    }
}

fn manifest_of(sources: usize) -> String {
    (0..sources)
        .map(|i| format!("[[source]]\nid = \"s{i}\"\npath = \"f{i}.txt\"\nformat = \"prose\"\n\n"))
        .collect()
}

#[test]
fn many_sources_are_read_in_linear_time() {
    let _serial = serial();
    let (small_text, large_text) = (manifest_of(400), manifest_of(4_000));
    let parse = |text: &str| {
        let specs = parse_manifest(Path::new("raw/sources.toml"), text).expect("valid");
        assert!(!specs.is_empty());
    };
    let (small, large) = fastest_in_turn(|| parse(&small_text), || parse(&large_text));
    assert!(
        large < small * 20,
        "400 → 4,000 sources: {small:?} → {large:?}"
    );
}
