//! Bad inputs, faults and misuses of a build (robustness issue, items named in each test):
//! each ends as a correct result, a warning in `diagnostics`, or a one-line error.

use std::path::PathBuf;

use defectors_pipeline::{BuildOptions, DEFAULT_MAX_SOURCE_BYTES, PipelineError, build};
use defectors_test_support::workspace_root;

const PROSE: &str = "Soviet officer Ivan Sokolov defected to Austria in 1954.\n";

/// A folder with `raw/sources.toml`, `raw/f.txt` and a copy of the shipped reference tables
/// in `reference/`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(format: &str, text: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        std::fs::create_dir_all(f.path("raw")).unwrap();
        std::fs::create_dir_all(f.path("reference")).unwrap();
        for entry in std::fs::read_dir(workspace_root().join("data/reference")).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, f.path("reference").join(path.file_name().unwrap())).unwrap();
            }
        }
        f.write("raw/f.txt", text);
        f.write("raw/sources.toml", &source("s", "f.txt", format, ""));
        f
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).unwrap();
    }

    fn options(&self, out: &str) -> BuildOptions {
        BuildOptions {
            manifest: self.path("raw/sources.toml"),
            out_dir: self.path(out),
            strict: false,
            reference_dir: None,
            max_source_bytes: DEFAULT_MAX_SOURCE_BYTES,
        }
    }

    /// Builds into `out`; the error as one line with the folder replaced by `DIR`.
    fn build(&self, options: &BuildOptions) -> Result<(), String> {
        build(options).map(|_| ()).map_err(|e: PipelineError| {
            let text = e.to_string();
            assert!(!text.contains('\n'), "one-line error: {text}");
            text.replace(&self.dir.path().display().to_string(), "DIR")
        })
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }
}

fn source(id: &str, path: &str, format: &str, extra: &str) -> String {
    format!("[[source]]\nid = \"{id}\"\npath = \"{path}\"\nformat = \"{format}\"\n{extra}")
}

#[test]
fn item_10_a_device_or_fifo_is_not_read() {
    let f = Fixture::new("prose", PROSE);
    f.write("raw/sources.toml", &source("s", "/dev/zero", "prose", ""));
    assert_eq!(
        f.build(&f.options("out")).unwrap_err(),
        "/dev/zero: source `s` refused: not a regular file (a device, FIFO, socket or folder)"
    );
    let fifo = f.path("raw/fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let options = BuildOptions {
        manifest: fifo,
        ..f.options("out")
    };
    assert_eq!(
        f.build(&options).unwrap_err(),
        "DIR/raw/fifo.toml: cannot read manifest: not a regular file (a device, FIFO, socket or folder)"
    );
}

#[test]
fn item_10_a_source_over_the_size_limit_is_refused() {
    let f = Fixture::new("prose", PROSE);
    let options = BuildOptions {
        max_source_bytes: 10,
        ..f.options("out")
    };
    assert_eq!(
        f.build(&options).unwrap_err(),
        "DIR/raw/f.txt: source `s` refused: 57 bytes, more than the limit of 10 (raise it with --max-source-mb)"
    );
}

#[test]
fn item_12_a_failed_build_leaves_the_previous_output() {
    let f = Fixture::new("prose", PROSE);
    f.build(&f.options("out")).expect("first build");
    let before = std::fs::read(f.path("out/mentions.parquet")).unwrap();
    f.write("raw/f.txt", "");
    assert!(f.build(&f.options("out")).is_err());
    assert_eq!(
        std::fs::read(f.path("out/mentions.parquet")).unwrap(),
        before
    );
    let names: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("staging")), "{names:?}");
}

#[test]
fn item_13_a_second_build_into_a_locked_folder_fails_clearly() {
    let f = Fixture::new("prose", PROSE);
    let lock = std::fs::File::create(f.path(".out.lock")).unwrap();
    lock.try_lock().unwrap();
    assert_eq!(
        f.build(&f.options("out")).unwrap_err(),
        "DIR/out: another build is writing this output folder (lock DIR/.out.lock); wait for it to finish"
    );
    drop(lock);
    f.build(&f.options("out"))
        .expect("builds once the lock is released");
}

#[test]
fn item_14_the_output_folder_may_not_hold_an_input() {
    let f = Fixture::new("prose", PROSE);
    assert_eq!(
        f.build(&f.options("raw")).unwrap_err(),
        "DIR/raw: output folder refused: the output folder holds an input (DIR/raw/sources.toml); choose a folder of its own"
    );
    assert_eq!(f.read("raw/f.txt"), PROSE);
    // A folder that is not a build output is never replaced.
    std::fs::create_dir(f.path("mine")).unwrap();
    f.write("mine/notes.txt", "keep");
    assert!(
        f.build(&f.options("mine"))
            .unwrap_err()
            .contains("not a defectors output folder")
    );
    assert_eq!(f.read("mine/notes.txt"), "keep");
}

#[test]
fn item_15_links_inside_the_output_are_not_followed() {
    let f = Fixture::new("prose", PROSE);
    f.build(&f.options("out")).expect("first build");
    f.write("victim.txt", "untouched");
    std::fs::remove_file(f.path("out/report.md")).unwrap();
    std::os::unix::fs::symlink(f.path("victim.txt"), f.path("out/report.md")).unwrap();
    f.build(&f.options("out")).expect("second build");
    assert_eq!(f.read("victim.txt"), "untouched");
    assert!(
        !std::fs::symlink_metadata(f.path("out/report.md"))
            .unwrap()
            .is_symlink()
    );
}

#[test]
fn item_16_formulas_are_neutralised_in_csv_only() {
    let table = "| Defector | Profession | Birthplace | Year | Notes |\n|---|---|---|---|---|\n\
                 | =HYPERLINK(\"x\") Sokolov | pilot | Kiev | 1954 | Defected. |\n";
    let f = Fixture::new("wikitable", table);
    f.build(&f.options("out")).expect("build");
    let csv = f.read("out/csv/mentions.csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}

#[test]
fn item_17_manifest_text_is_escaped_in_the_report() {
    let f = Fixture::new("prose", PROSE);
    let extra = "title = \"<script>alert(1)</script>\\n# Injected heading\"\n\
                 license = \"**bold** [link](javascript:x)\"\nurl = \"javascript:alert(1)\"\n";
    f.write("raw/sources.toml", &source("s", "f.txt", "prose", extra));
    f.build(&f.options("out")).expect("build");
    let md = f.read("out/report.md");
    assert!(
        !md.contains("<script>") && !md.contains("\n# Injected"),
        "{md}"
    );
    assert!(!md.contains("javascript:alert"), "{md}");
    let html = f.read("out/report.html");
    assert!(
        !html.contains("<script>alert") && !html.contains("<strong>bold"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert&#40;1&#41;"), "{html}");
}

#[test]
fn item_24_an_empty_given_names_table_is_a_warning() {
    let f = Fixture::new("prose", PROSE);
    f.write(
        "reference/given_names.csv",
        "name,canonical,gender,script,note\n",
    );
    f.build(&f.options("out")).expect("build");
    let diagnostics = f.read("out/csv/diagnostics.csv");
    assert!(diagnostics.contains("reference.empty"), "{diagnostics}");
}

#[test]
fn item_26_one_file_under_two_ids_is_a_warning() {
    let f = Fixture::new("prose", PROSE);
    let manifest = source("a", "f.txt", "prose", "") + &source("b", "f.txt", "prose", "");
    f.write("raw/sources.toml", &manifest);
    f.build(&f.options("out")).expect("build");
    let diagnostics = f.read("out/csv/diagnostics.csv");
    assert!(
        diagnostics.contains("manifest.duplicate_source"),
        "{diagnostics}"
    );
    assert!(diagnostics.contains("source `b`"), "{diagnostics}");
}

#[test]
fn item_27_an_unknown_profession_category_is_an_error() {
    let f = Fixture::new("prose", PROSE);
    let mut professions = f.read("reference/professions.csv");
    professions.push_str("astronaut,space,\n");
    let line = professions.lines().count();
    f.write("reference/professions.csv", &professions);
    let err = f.build(&f.options("out")).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "DIR/raw/../reference/professions.csv:{line}: invalid reference table: unknown category `space`"
        )),
        "{err}"
    );
}

#[test]
fn item_30_a_scope_must_be_a_known_country() {
    let f = Fixture::new("prose", PROSE);
    f.write(
        "raw/sources.toml",
        &source("s", "f.txt", "prose", "scope = \"Atlantis\"\n"),
    );
    assert_eq!(
        f.build(&f.options("out")).unwrap_err(),
        "DIR/raw/sources.toml:3: scope `Atlantis` of source `s` is not a country of countries.csv"
    );
}

#[test]
fn item_31_a_missing_reference_folder_is_an_error() {
    let f = Fixture::new("prose", PROSE);
    for given in ["nowhere", "raw/f.txt"] {
        let options = BuildOptions {
            reference_dir: Some(f.path(given)),
            ..f.options("out")
        };
        assert_eq!(
            f.build(&options).unwrap_err(),
            format!(
                "DIR/{given}: invalid reference table: --reference must name a folder of reference tables"
            )
        );
    }
}

#[test]
fn item_32_override_errors_name_the_line_after_multi_line_fields() {
    let f = Fixture::new("prose", PROSE);
    f.write(
        "reference/overrides.csv",
        "kind,a,b,reason\nmust_link,a,b,\"a reason\nover two lines\"\nmaybe,a,b,why\n",
    );
    assert_eq!(
        f.build(&f.options("out")).unwrap_err(),
        "DIR/raw/../reference/overrides.csv:4: invalid reference table: kind `maybe` is neither must_link nor cannot_link"
    );
}

#[test]
fn item_32_the_report_quotes_each_sources_coverage() {
    let f = Fixture::new("prose", PROSE);
    let extra = "coverage = \"stops in 1960\"\n";
    f.write("raw/sources.toml", &source("s", "f.txt", "prose", extra));
    f.build(&f.options("out")).expect("build");
    let md = f.read("out/report.md");
    assert!(
        md.contains("The sources are selective (`s`: stops in 1960)"),
        "{md}"
    );
    assert!(!md.contains("Wikipedia"), "{md}");
}

#[test]
fn item_32_show_on_a_folder_without_people_says_so() {
    let f = Fixture::new("prose", PROSE);
    std::fs::create_dir_all(f.path("out/csv")).unwrap();
    let err = defectors_pipeline::show(&f.path("out"), "Sokolov").unwrap_err();
    assert!(
        err.to_string()
            .contains("out: not a defectors output folder: missing csv/people.csv: build it first with `cargo xtask build-data`"),
        "{err}"
    );
}

#[test]
fn item_3_a_huge_reference_phrase_is_an_error_with_its_line() {
    let f = Fixture::new("prose", PROSE);
    let mut agencies = f.read("reference/agencies.csv");
    let line = agencies.lines().count() + 1;
    agencies.push_str(&format!(
        "{},KGB,USSR,,\n",
        "Komitet ".repeat(40_000).trim()
    ));
    f.write("reference/agencies.csv", &agencies);
    let err = f.build(&f.options("out")).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "DIR/raw/../reference/agencies.csv:{line}: invalid reference table: alias `Komitet"
        )),
        "{err}"
    );
    assert!(
        err.contains("a phrase may have at most 500 characters"),
        "{err}"
    );
}
