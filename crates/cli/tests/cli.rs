//! The binary: a summary on success; one `error:` line and a non-zero exit on a fatal error;
//! `explain`, `stats` and `show` read a built folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn defectors() -> Command {
    Command::new(env!("CARGO_BIN_EXE_defectors"))
}

/// A temporary folder holding the given files (name, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A one-source wikitable manifest, with a scope unless `scope` is false.
fn manifest(scope: bool) -> String {
    let scope = if scope { "scope = \"USSR\"\n" } else { "" };
    format!("[[source]]\nid = \"a\"\npath = \"a.txt\"\nformat = \"wikitable\"\n{scope}")
}

/// `defectors build --manifest DIR/sources.toml --out DIR/out` with extra arguments.
fn build(dir: &Path, extra: &[&str]) -> Output {
    defectors()
        .arg("build")
        .args(extra)
        .arg("--manifest")
        .arg(dir.join("sources.toml"))
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap()
}

/// The repository's reference tables.
fn reference() -> PathBuf {
    defectors_test_support::workspace_root().join("data/reference")
}

/// Runs a read-back subcommand (`explain`, `stats`, `show`) on DIR/out.
fn read_back(dir: &Path, args: &[&str]) -> Output {
    defectors()
        .args(args)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap()
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let dir = folder(&[
        ("a.txt", "| Name | Year |\n| Anna Karpova | 1950 |\n"),
        ("sources.toml", &manifest(true)),
    ]);
    let out = build(dir.path(), &[]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("read 1 sources:"), "{stdout}");
    assert!(stdout.contains("1 mentions in all, 1 people"), "{stdout}");
    assert!(stdout.contains("no warnings"), "{stdout}");
}

#[test]
fn a_fatal_error_is_one_line_and_exits_non_zero() {
    let dir = folder(&[]);
    let out = defectors()
        .args(["build", "--manifest"])
        .arg(dir.path().join("missing.toml"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("missing.toml: cannot read manifest"),
        "{stderr}"
    );
}

#[test]
fn strict_exits_non_zero_on_warnings() {
    let dir = folder(&[
        ("a.txt", "| Name | Year |\n| Anna Karpova | soon |\n"),
        ("sources.toml", &manifest(false)),
    ]);
    let strict = build(dir.path(), &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    // The summary is printed before the failure.
    assert!(
        String::from_utf8_lossy(&strict.stdout).contains("warnings:"),
        "{}",
        String::from_utf8_lossy(&strict.stdout)
    );
}

#[test]
fn explain_shows_mentions_merges_and_conflicts() {
    let dir = folder(&[
        ("a.txt", "| Name | Year |\n| Anna Karpova | 1950 |\n"),
        ("b.txt", "| Name | Year |\n| Anna Karpova | 1951 |\n"),
        (
            "sources.toml",
            &format!(
                "{}\n[[source]]\nid = \"b\"\npath = \"b.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\npriority = 9\n",
                manifest(true)
            ),
        ),
    ]);
    let built = build(dir.path(), &[]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let text = String::from_utf8(read_back(dir.path(), &["explain", "karpova"]).stdout).unwrap();
    assert!(
        text.starts_with("Anna Karpova (anna-karpova, defector)"),
        "{text}"
    );
    assert!(text.contains("a:2 [table] Anna Karpova"), "{text}");
    assert!(text.contains("b:2 [table] Anna Karpova"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(text.contains("a:2:0 ~ b:2:0  merged"), "{text}");
    assert!(text.contains("chosen: source priority"), "{text}");
    let missing = read_back(dir.path(), &["explain", "nobody"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn stats_and_show_read_a_built_folder() {
    let dir = folder(&[
        (
            "a.txt",
            "| Name | Profession | Year |\n| Anna Karpova | Dancer | 1950 |\n| Boris Lenski | KGB officer | 1962 |\n",
        ),
        ("sources.toml", &manifest(true)),
    ]);
    let reference = reference();
    let built = build(dir.path(), &["--reference", reference.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let text =
        String::from_utf8(read_back(dir.path(), &["stats", "--by", "decade"]).stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["decade", "defectors", "share"]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["1950s", "1", "50.0%"]
    );
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["1960s", "1", "50.0%"]
    );
    let text = String::from_utf8(read_back(dir.path(), &["show", "Lenski"]).stdout).unwrap();
    assert!(text.contains("person_id            boris-lenski"), "{text}");
    assert!(text.contains("profession_category  intelligence"), "{text}");
    let wrong = read_back(dir.path(), &["stats", "--by", "shoe-size"]);
    assert_eq!(wrong.status.code(), Some(2), "clap rejects an unknown --by");
}

fn built_folder() -> tempfile::TempDir {
    let dir = folder(&[
        ("a.txt", "| Name | Year |\n| Anna Karpova | 1950 |\n"),
        ("sources.toml", &manifest(false)),
    ]);
    assert!(build(dir.path(), &[]).status.success());
    dir
}

/// Robustness item 4: a reader that stops reading is not an error, a full disk is one.
#[test]
fn closed_or_full_stdout_is_handled() {
    let dir = built_folder();
    let mut child = defectors()
        .args(["stats", "--by", "decade", "--out"])
        .arg(dir.path().join("out"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");

    let full = std::fs::File::create("/dev/full").unwrap();
    let out = defectors()
        .args(["stats", "--by", "decade", "--out"])
        .arg(dir.path().join("out"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output"),
        "{stderr}"
    );
}

/// Robustness item 5: a folder whose tables lack columns is refused, not a panic.
#[test]
fn show_on_a_foreign_folder_is_a_clear_error() {
    let dir = built_folder();
    std::fs::write(
        dir.path().join("out/csv/people.csv"),
        "person_id,name\nx,Anna\n",
    )
    .unwrap();
    for command in ["show", "explain"] {
        let out = read_back(dir.path(), &[command, "Anna"]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("not a defectors output folder: csv/people.csv lacks column"),
            "{stderr}"
        );
    }
}

/// Robustness item 12: a build killed while writing (file size limit) leaves the previous
/// output whole.
#[test]
fn a_build_killed_while_writing_leaves_the_previous_output() {
    let dir = built_folder();
    let before = std::fs::read(dir.path().join("out/mentions.parquet")).unwrap();
    let script = format!(
        "ulimit -f 2; exec '{}' build --manifest '{}' --out '{}'",
        env!("CARGO_BIN_EXE_defectors"),
        dir.path().join("sources.toml").display(),
        dir.path().join("out").display()
    );
    let out = Command::new("sh").arg("-c").arg(script).output().unwrap();
    assert!(!out.status.success(), "the size limit must stop the build");
    assert_eq!(
        std::fs::read(dir.path().join("out/mentions.parquet")).unwrap(),
        before
    );
    assert!(dir.path().join("out/datapackage.json").is_file());
    assert!(
        build(dir.path(), &[]).status.success(),
        "the next build cleans up and succeeds"
    );
}

#[test]
fn show_finds_people_by_any_spelling_and_lists_several() {
    let dir = folder(&[
        (
            "a.txt",
            "| Name | Profession | Year |\n| Anna Karpova | Dancer | 1950 |\n| Boris Lenski | KGB officer | 1962 |\n| Ivan Karpov | Pilot | 1971 |\n",
        ),
        ("sources.toml", &manifest(true)),
    ]);
    assert!(build(dir.path(), &[]).status.success());
    let show = |query: &str| {
        let out = read_back(dir.path(), &["show", query]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Cyrillic, another transliteration, surname first.
    for (query, id) in [
        ("Ленски", "boris-lenski"),
        ("Lensky", "boris-lenski"),
        ("Karpova Anna", "anna-karpova"),
    ] {
        let (code, text, _) = show(query);
        assert_eq!(code, Some(0), "{query}");
        assert!(
            text.contains(&format!("person_id            {id}")),
            "{query}: {text}"
        );
    }
    let (code, text, _) = show("Karpov");
    assert_eq!(code, Some(0));
    assert!(text.starts_with("2 people match `Karpov`:"), "{text}");
    let (code, _, err) = show("  ");
    assert_eq!(code, Some(1));
    assert!(err.contains("query is empty"), "{err}");
}

#[test]
fn show_before_a_build_says_how_to_build() {
    let dir = folder(&[]);
    let out = read_back(dir.path(), &["show", "Karpova"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cargo xtask build-data"), "{err}");
}
