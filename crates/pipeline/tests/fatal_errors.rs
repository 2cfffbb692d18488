//! Every fatal input error is a one-line message naming the file (and line where there is
//! one), never a panic.

use std::path::{Path, PathBuf};

use defectors_pipeline::{BuildOptions, PipelineError, build};

const GOOD_TABLE: &str = "| Name | Year |\n| Anna Karpova | 1950 |\n";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    fn manifest(&self, body: &str) -> PathBuf {
        self.write("sources.toml", body)
    }

    fn build(&self, manifest: &Path) -> Result<(), String> {
        build(&BuildOptions {
            manifest: manifest.to_owned(),
            out_dir: self.path("out"),
            strict: false,
            reference_dir: None,
            max_source_bytes: defectors_pipeline::DEFAULT_MAX_SOURCE_BYTES,
        })
        .map(|_| ())
        .map_err(|e: PipelineError| {
            let text = e.to_string();
            assert!(!text.contains('\n'), "one-line error: {text}");
            text.replace(&self.dir.path().display().to_string(), "DIR")
        })
    }
}

fn source(id: &str, path: &str, format: &str) -> String {
    format!("[[source]]\nid = \"{id}\"\npath = \"{path}\"\nformat = \"{format}\"\n")
}

#[test]
fn a_good_manifest_builds() {
    let f = Fixture::new();
    f.write("a.txt", GOOD_TABLE);
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(f.build(&m), Ok(()));
    assert!(f.path("out/mentions.parquet").exists());
    assert!(f.path("out/csv/mentions.csv").exists());
    assert!(f.path("out/diagnostics.parquet").exists());
}

#[test]
fn missing_manifest() {
    let f = Fixture::new();
    let err = f.build(&f.path("nope.toml")).unwrap_err();
    assert!(
        err.starts_with("DIR/nope.toml: cannot read manifest"),
        "{err}"
    );
}

#[test]
fn missing_source_file() {
    let f = Fixture::new();
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/a.txt: source file not found (source `a`, DIR/sources.toml:3)"
    );
}

#[test]
fn a_folder_as_source_is_refused() {
    let f = Fixture::new();
    std::fs::create_dir(f.path("a.txt")).unwrap();
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/a.txt: source `a` refused: not a regular file (a device, FIFO, socket or folder)"
    );
}

#[test]
fn invalid_toml_names_line_and_column() {
    let f = Fixture::new();
    let m = f.manifest("[[source]]\nid = \"a\"\npath = a.txt\n");
    let err = f.build(&m).unwrap_err();
    assert!(
        err.starts_with("DIR/sources.toml:3:8: invalid manifest:"),
        "{err}"
    );
}

#[test]
fn missing_field_and_unknown_key() {
    let f = Fixture::new();
    let err = f
        .build(&f.manifest("[[source]]\nid = \"a\"\npath = \"a.txt\"\n"))
        .unwrap_err();
    assert!(
        err.contains("invalid manifest: missing field `format`"),
        "{err}"
    );
    let m = f.manifest(&format!(
        "{}colour = \"red\"\n",
        source("a", "a.txt", "wikitable")
    ));
    let err = f.build(&m).unwrap_err();
    assert!(
        err.starts_with("DIR/sources.toml:5:1: invalid manifest: unknown field `colour`"),
        "{err}"
    );
}

#[test]
fn unknown_format() {
    let f = Fixture::new();
    f.write("a.txt", GOOD_TABLE);
    let m = f.manifest(&source("a", "a.txt", "spreadsheet"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/sources.toml:4: unknown format `spreadsheet` for source `a` (known: wikitable, timeline, prose)"
    );
}

#[test]
fn duplicate_source_id() {
    let f = Fixture::new();
    f.write("a.txt", GOOD_TABLE);
    let m = f.manifest(&format!(
        "{}\n{}",
        source("a", "a.txt", "wikitable"),
        source("a", "a.txt", "wikitable")
    ));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/sources.toml:7: duplicate source id `a` (first used on line 2)"
    );
}

#[test]
fn bad_source_id() {
    let f = Fixture::new();
    let m = f.manifest(&source("Bad_Id", "a.txt", "wikitable"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/sources.toml:2: source id `Bad_Id` must match [a-z0-9-]+"
    );
}

#[test]
fn empty_manifest() {
    let f = Fixture::new();
    let err = f.build(&f.manifest("# nothing\n")).unwrap_err();
    assert_eq!(err, "DIR/sources.toml:1: the manifest lists no [[source]]");
}

#[test]
fn checksum_mismatch_names_both_hashes() {
    let f = Fixture::new();
    f.write("a.txt", GOOD_TABLE);
    let m = f.manifest(&format!(
        "{}sha256 = \"{}\"\n",
        source("a", "a.txt", "wikitable"),
        "0".repeat(64)
    ));
    let err = f.build(&m).unwrap_err();
    let prefix = format!(
        "DIR/a.txt: checksum mismatch: manifest says sha256 {}, file has ",
        "0".repeat(64)
    );
    let actual = err.strip_prefix(&prefix).unwrap_or_else(|| panic!("{err}"));
    assert_eq!(actual.len(), 64, "{err}");
    assert!(actual.chars().all(|c| c.is_ascii_hexdigit()), "{err}");
}

#[test]
fn non_utf8_source_names_line() {
    let f = Fixture::new();
    f.write("a.txt", b"| Name | Year |\n| Anna \xff | 1950 |\n");
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/a.txt:2:8: source file is not valid UTF-8 (first bad byte at line 2, byte 8)"
    );
}

#[test]
fn empty_source_file() {
    let f = Fixture::new();
    f.write("a.txt", "  \n\n");
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(f.build(&m).unwrap_err(), "DIR/a.txt: source file is empty");
}

#[test]
fn a_document_without_its_format_is_an_error() {
    let f = Fixture::new();
    f.write("a.txt", "Just text, no table.\n");
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    assert_eq!(
        f.build(&m).unwrap_err(),
        "DIR/a.txt: not a `wikitable` document: no pipe table with a name column (e.g. `| Defector | … |`) found"
    );
}

#[test]
fn strict_fails_on_warnings_after_writing() {
    let f = Fixture::new();
    f.write("a.txt", "| Name | Year |\n| Anna Karpova | soon |\n");
    let m = f.manifest(&source("a", "a.txt", "wikitable"));
    let err = build(&BuildOptions {
        manifest: m,
        out_dir: f.path("out"),
        strict: true,
        reference_dir: None,
        max_source_bytes: defectors_pipeline::DEFAULT_MAX_SOURCE_BYTES,
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("--strict: the build produced 3 warnings"),
        "{err}"
    );
    assert!(f.path("out/csv/diagnostics.csv").exists());
}

#[test]
fn of_two_bad_sources_the_first_in_the_manifest_is_reported() {
    // The prose file is parsed first (the costliest); the error is still the manifest's first.
    let f = Fixture::new();
    f.write("a.txt", "");
    f.write("b.txt", "   \n".repeat(5_000));
    let both = format!(
        "{}{}",
        source("a", "a.txt", "wikitable"),
        source("b", "b.txt", "prose")
    );
    assert_eq!(
        f.build(&f.manifest(&both)).unwrap_err(),
        "DIR/a.txt: source file is empty"
    );
    let swapped = format!(
        "{}{}",
        source("b", "b.txt", "prose"),
        source("a", "a.txt", "wikitable")
    );
    let error = f.build(&f.manifest(&swapped)).unwrap_err();
    assert!(error.starts_with("DIR/b.txt"), "{error}");
}
