//! The binary: a summary on success; one `error:` line and a non-zero exit on a fatal error.

use std::process::Command;

fn defectors() -> Command {
    Command::new(env!("CARGO_BIN_EXE_defectors"))
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "| Name | Year |\n| Anna Karpova | 1950 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[source]]\nid = \"a\"\npath = \"a.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\n",
    )
    .unwrap();
    let out = defectors()
        .args(["build", "--manifest"])
        .arg(dir.path().join("sources.toml"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("read 1 sources:"), "{stdout}");
    assert!(stdout.contains("1 mentions in all, 1 people"), "{stdout}");
    assert!(stdout.contains("no warnings"), "{stdout}");
}

#[test]
fn a_fatal_error_is_one_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "| Name | Year |\n| Anna Karpova | soon |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[source]]\nid = \"a\"\npath = \"a.txt\"\nformat = \"wikitable\"\n",
    )
    .unwrap();
    let out = defectors()
        .args(["build", "--strict", "--manifest"])
        .arg(dir.path().join("sources.toml"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn explain_shows_mentions_merges_and_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "| Name | Year |\n| Anna Karpova | 1950 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "| Name | Year |\n| Anna Karpova | 1951 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[source]]\nid = \"a\"\npath = \"a.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\n\n[[source]]\nid = \"b\"\npath = \"b.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\npriority = 9\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let built = defectors()
        .args(["build", "--manifest"])
        .arg(dir.path().join("sources.toml"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let shown = defectors()
        .args(["explain", "karpova", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.starts_with("Anna Karpova (anna-karpova)"), "{text}");
    assert!(text.contains("a:2  Anna Karpova"), "{text}");
    assert!(text.contains("b:2  Anna Karpova"), "{text}");
    assert!(text.contains("a:2:0 ~ b:2:0  merged"), "{text}");
    assert!(text.contains("chosen: source priority"), "{text}");
    let missing = defectors()
        .args(["explain", "nobody", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn stats_and_show_read_a_built_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "| Name | Profession | Year |\n| Anna Karpova | Dancer | 1950 |\n| Boris Lenski | KGB officer | 1962 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[source]]\nid = \"a\"\npath = \"a.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference");
    let built = defectors()
        .args(["build", "--manifest"])
        .arg(dir.path().join("sources.toml"))
        .arg("--out")
        .arg(&out)
        .arg("--reference")
        .arg(reference)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let stats = defectors()
        .args(["stats", "--by", "decade", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(stats.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["decade", "defectors", "share"]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["1950", "1", "50.0%"]
    );
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["1960", "1", "50.0%"]
    );
    let show = defectors()
        .args(["show", "Lenski", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(text.contains("person_id            boris-lenski"), "{text}");
    assert!(text.contains("profession_category  intelligence"), "{text}");
    let wrong = defectors()
        .args(["stats", "--by", "shoe-size", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2), "clap rejects an unknown --by");
}
