//! Project automation, run as `cargo xtask <task>`. Light on purpose: it runs `cargo` and the
//! `defectors` binary as processes and links none of the project's crates.
//!
//! Tasks:
//! - `build-data [ARGS…]`: build `data/out/` from `data/raw/sources.toml` (extra args go to
//!   `defectors build`, e.g. `--strict`).
//! - `ci`: every check CI runs: fmt, clippy, tests (no snapshot updates), build-data, and the
//!   Python checks (a repo-local venv; Parquet vs datapackage.json; the notebook, headless).
//! - `docs [--check]`: write the README's generated tables (columns of every output table,
//!   diagnostic codes) from `defectors docs`; `--check` fails when the README is stale.
//! - `gen-synthetic --people N --seed S --out DIR`: a synthetic corpus with its truth.
//! - `eval-er DIR`: build a synthetic corpus and print pairwise precision, recall and F1.
//! - `bench [--people N]… [--runs R] [--profile release|dev]`: build synthetic corpora of N
//!   people (default 10,000 and 100,000; generated once into the temporary folder) and the
//!   shipped seeds (median of R runs, default 10) and print wall time, peak RSS, stages,
//!   mentions/s and F1 (see `BENCHMARKS.md`).
//! - `eval-prose DIR`: build DIR's `*.txt` as prose sources and score them against
//!   `DIR/truth.csv` (recall, precision, year and status accuracy, every miss listed).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod bench;
mod conventions;
mod eval;
mod eval_prose;
mod synthetic;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build-data") => build_data(&args[1..]),
        Some("ci") => ci(),
        Some("gen-synthetic") => gen_synthetic(&args[1..]),
        Some("eval-er") => eval_er(&args[1..]),
        Some("eval-prose") => eval_prose(&args[1..]).map(|_| ()),
        Some("docs") => docs(args.get(1).map(String::as_str) == Some("--check")),
        Some("bench") => bench(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <build-data [--strict] | ci | docs [--check] | gen-synthetic --people N --seed S --out DIR | eval-er DIR | eval-prose DIR | bench [--people N]... [--runs R] [--profile release|dev]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: found from the `CARGO_MANIFEST_DIR` that `cargo run` sets, else from the
/// current folder, else the compiled-in path (which can name another checkout when two share
/// one target folder).
fn root() -> PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok());
    start
        .as_deref()
        .and_then(|dir| dir.ancestors().find(|d| is_workspace_root(d)))
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("xtask sits in the workspace root")
                .to_path_buf()
        })
}

/// Whether `dir` holds the workspace's top-level `Cargo.toml`.
fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| t.contains("[workspace]"))
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

/// Runs a command, timing it; fails with the step's name when it fails.
fn run(step: &str, mut command: Command) -> Result<(), String> {
    eprintln!("==> {step}");
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("{step}: cannot start: {e}"))?;
    eprintln!("==> {step}: {:.1}s", start.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{step} failed ({status})"))
    }
}

/// `defectors build --manifest data/raw/sources.toml --out data/out`.
///
/// The binary is built with `cargo build --workspace --bins`: the same profile as
/// `cargo test --workspace` and, over the whole workspace, the same features of every shared
/// dependency (the dev-dependencies only add test-only crates; compare `cargo tree
/// --workspace -e normal,build` with `-e normal,build,dev`), so the tests reuse every compiled
/// dependency and a cold set-up compiles polars once, without linking the test binaries.
/// (`cargo run -p defectors-cli` resolves features over one package and may differ.)
fn build_data(extra: &[String]) -> Result<(), String> {
    let binary = build_binary_with(&["--workspace", "--bins"])?;
    let mut command = Command::new(binary);
    command.current_dir(root()).args([
        "build",
        "--manifest",
        "data/raw/sources.toml",
        "--out",
        "data/out",
    ]);
    command.args(extra);
    run("build-data", command)
}

/// Builds the workspace (all targets, as the tests do) and returns the path of the
/// `defectors` executable that cargo reports. The path comes from cargo's JSON messages, not
/// from `target/debug/defectors`, which cargo does not always refresh when `--all-targets`
/// builds the binary in two variants.
fn build_binary() -> Result<PathBuf, String> {
    build_binary_with(&["--workspace", "--all-targets"])
}

/// Runs `cargo build` with `args` and returns the path of the `defectors` executable it reports.
fn build_binary_with(args: &[&str]) -> Result<PathBuf, String> {
    eprintln!("==> build");
    let start = Instant::now();
    let output = cargo()
        .arg("build")
        .args(args)
        .arg("--message-format=json-render-diagnostics")
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("build: cannot start cargo: {e}"))?;
    eprintln!("==> build: {:.1}s", start.elapsed().as_secs_f64());
    if !output.status.success() {
        return Err(format!("build failed ({})", output.status));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter(|l| {
            l.contains("\"reason\":\"compiler-artifact\"")
                && l.contains("\"name\":\"defectors\"")
                && l.contains("\"kind\":[\"bin\"]")
                && l.contains("\"test\":false")
        })
        .find_map(|l| json_string_field(l, "executable"))
        .map(PathBuf::from)
        .ok_or_else(|| "build: cargo reported no `defectors` executable".to_owned())
}

/// The value of a string field in one line of JSON (enough for cargo's messages).
fn json_string_field(line: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\":\"");
    let start = line.find(&key)? + key.len();
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

/// `cargo xtask bench`: see the module docs and `bench.rs`.
fn bench(args: &[String]) -> Result<(), String> {
    let mut sizes: Vec<usize> = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if a == "--people" {
            let n = args.get(i + 1).ok_or("--people needs a number")?;
            sizes.push(n.parse().map_err(|e| format!("--people {n}: {e}"))?);
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }
    let runs: usize = flag(args, "--runs")
        .unwrap_or("10")
        .parse()
        .map_err(|e| format!("--runs: {e}"))?;
    let profile = flag(args, "--profile").unwrap_or("release");
    let binary = build_binary_with(&["-p", "defectors-cli", "--profile", profile])?;
    let work = std::env::temp_dir().join(format!("defectors-bench-out-{}", std::process::id()));
    let mut rows = Vec::new();
    let mut seeds = Vec::new();
    for _ in 0..runs.max(1) {
        let mut command = Command::new(&binary);
        command
            .current_dir(root())
            .args(["build", "--manifest", "data/raw/sources.toml", "--out"])
            .arg(work.join("seeds"));
        seeds.push(bench::measure(command)?);
    }
    let mut seed_run = seeds[seeds.len() / 2].clone();
    seed_run.wall = bench::median(seeds.iter().map(|r| r.wall).collect());
    seed_run.cpu = bench::median(seeds.iter().map(|r| r.cpu).collect());
    rows.push(bench::Row {
        label: format!("shipped seeds (median of {})", seeds.len()),
        run: seed_run,
        f1: None,
    });
    for people in sizes {
        let dir = bench::corpus(&root(), people)?;
        eprintln!("==> {people} people");
        let run = bench::measure(build_corpus(&binary, &dir))?;
        let (scores, ..) = eval::evaluate(&dir)?;
        rows.push(bench::Row {
            label: format!("{people} people"),
            run,
            f1: Some(scores.f1()),
        });
    }
    let _ = std::fs::remove_dir_all(&work);
    println!(
        "\nprofile `{profile}`, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    bench::print_table(&rows);
    Ok(())
}

/// The value after `--name` in `args`.
fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn gen_synthetic(args: &[String]) -> Result<(), String> {
    let people: usize = flag(args, "--people")
        .ok_or("gen-synthetic needs --people N")?
        .parse()
        .map_err(|e| format!("--people: {e}"))?;
    let seed: u64 = flag(args, "--seed")
        .unwrap_or("1")
        .parse()
        .map_err(|e| format!("--seed: {e}"))?;
    let out = PathBuf::from(flag(args, "--out").ok_or("gen-synthetic needs --out DIR")?);
    synthetic::generate(&root(), people, seed, &out)
}

/// `defectors build` of a synthetic corpus folder (its `sources.toml`, output in `DIR/out`)
/// with the repository's reference tables.
fn build_corpus(binary: &Path, dir: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("build")
        .arg("--manifest")
        .arg(dir.join("sources.toml"))
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--reference")
        .arg(root().join("data/reference"));
    command
}

fn eval_er(args: &[String]) -> Result<(), String> {
    let dir = PathBuf::from(args.first().ok_or("eval-er needs the corpus folder")?);
    let binary = build_binary()?;
    let start = Instant::now();
    run("defectors build (synthetic)", build_corpus(&binary, &dir))?;
    let seconds = start.elapsed().as_secs_f64();
    let (scores, truth, missed, extra) = eval::evaluate(&dir)?;
    println!("truth mentions {truth}, not found by the parsers {missed}, extra mentions {extra}");
    println!(
        "pairs: true {}, predicted {}, correct {}",
        scores.true_pairs, scores.predicted_pairs, scores.both
    );
    println!(
        "pairwise precision {:.4}  recall {:.4}  F1 {:.4}  (build {seconds:.1}s)",
        scores.precision(),
        scores.recall(),
        scores.f1()
    );
    println!("\nper phenomenon (pairs with at least one mention showing it):");
    println!(
        "{:<20} {:>10} {:>8} {:>10} {:>9}",
        "phenomenon", "true pairs", "recall", "predicted", "precision"
    );
    for (label, s) in eval::evaluate_phenomena(&dir)? {
        println!(
            "{label:<20} {:>10} {:>8.4} {:>10} {:>9.4}",
            s.true_pairs,
            s.recall(),
            s.predicted_pairs,
            s.precision()
        );
    }
    Ok(())
}

/// Builds a folder of prose documents with the shipped reference tables and scores it against
/// its `truth.csv` (see [`eval_prose`]); returns the overall figures.
fn eval_prose(args: &[String]) -> Result<eval_prose::Scores, String> {
    let corpus = PathBuf::from(args.first().ok_or("eval-prose needs the corpus folder")?);
    let work = std::env::temp_dir().join(format!("defectors-eval-prose-{}", std::process::id()));
    let (manifest, ids) = eval_prose::write_manifest(&corpus, &work)?;
    let binary = build_binary()?;
    let out = work.join("out");
    let mut command = Command::new(binary);
    command
        .arg("build")
        .arg("--manifest")
        .arg(&manifest)
        .arg("--out")
        .arg(&out)
        .arg("--reference")
        .arg(root().join("data/reference"))
        .stdout(std::process::Stdio::null());
    run("defectors build (prose corpus)", command)?;
    let scores = eval_prose::score(&corpus, &out, &ids);
    let _ = std::fs::remove_dir_all(&work);
    let scores = scores?;
    println!(
        "\nrecall {:.3}  precision {:.3}  year {:.3}  status {:.3}",
        scores.recall, scores.precision, scores.year, scores.status
    );
    Ok(scores)
}

/// The prose ratchet: `eval-prose` on the shared development corpus must reach
/// [`eval_prose::FLOOR`]. Skipped, with a message, when the corpus is not beside the clone.
fn prose_ratchet() -> Result<(), String> {
    let corpus = root().join("../shared/corpus/dev");
    if !corpus.join("truth.csv").exists() {
        eprintln!(
            "==> eval-prose: skipped ({} not found; it sits beside the clone on the team's machines)",
            corpus.display()
        );
        return Ok(());
    }
    let got = eval_prose(&[corpus.display().to_string()])?;
    let floor = eval_prose::FLOOR;
    let below: Vec<String> = [
        ("recall", got.recall, floor.recall),
        ("precision", got.precision, floor.precision),
        ("year", got.year, floor.year),
        ("status", got.status, floor.status),
    ]
    .iter()
    .filter(|(_, got, floor)| got + 1e-9 < *floor)
    .map(|(name, got, floor)| format!("{name} {got:.3} < {floor:.3}"))
    .collect();
    if below.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "eval-prose below the ratchet: {}",
            below.join(", ")
        ))
    }
}

fn ci() -> Result<(), String> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run("fmt", fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run("clippy", clippy)?;

    let mut test = cargo();
    test.args(["test", "--workspace"]).env("INSTA_UPDATE", "no");
    run("test", test)?;
    let pending = pending_snapshots(&root());
    if !pending.is_empty() {
        return Err(format!(
            "snapshots pending review (read each, then accept or fix the code): {}",
            pending.join(", ")
        ));
    }

    build_data(&[])?;
    docs(true)?;
    prose_ratchet()?;
    python_checks()?;
    eprintln!("==> ci: all checks passed");
    Ok(())
}

/// `cargo xtask docs [--check]`: replaces the README block between the generated markers
/// (the first and last line `defectors docs` prints) with what it prints now; with `check`,
/// fails instead of writing when they differ.
fn docs(check: bool) -> Result<(), String> {
    let binary = build_binary()?;
    let output = Command::new(binary)
        .arg("docs")
        .output()
        .map_err(|e| format!("docs: cannot run defectors: {e}"))?;
    if !output.status.success() {
        return Err(format!("docs: defectors docs failed ({})", output.status));
    }
    let block = String::from_utf8(output.stdout).map_err(|e| format!("docs: {e}"))?;
    let (begin, end) = match (block.lines().next(), block.lines().last()) {
        (Some(b), Some(e)) => (b.to_owned(), e.to_owned()),
        _ => return Err("docs: defectors docs printed nothing".to_owned()),
    };
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = readme
        .find(&begin)
        .ok_or_else(|| format!("{}: no line `{begin}`", path.display()))?;
    let stop = readme[start..]
        .find(&end)
        .map(|i| start + i + end.len() + 1)
        .ok_or_else(|| format!("{}: no line `{end}` after the begin marker", path.display()))?;
    let updated = format!(
        "{}{block}{}",
        &readme[..start],
        &readme[stop.min(readme.len())..]
    );
    if updated == readme {
        eprintln!("==> docs: README tables are up to date");
        return Ok(());
    }
    if check {
        return Err(
            "README.md tables are stale: run `cargo xtask docs` and commit the result".to_owned(),
        );
    }
    std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("==> docs: README tables rewritten");
    Ok(())
}

/// Reads the built folder from Python as a notebook user would: a venv inside the repo
/// (`.venv`, git-ignored) with `notebooks/requirements.txt`; every Parquet file against
/// `datapackage.json`; the notebook executed headless; and the shared contract check when the
/// shared folder sits beside the clone.
fn python_checks() -> Result<(), String> {
    let root = root();
    let venv = root.join(".venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        let mut create = Command::new("python3");
        create.args(["-m", "venv"]).arg(&venv);
        run("python venv", create)?;
    }
    let mut install = Command::new(&python);
    install
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(root.join("notebooks/requirements.txt"));
    run("python packages", install)?;
    let mut check = Command::new(&python);
    check
        .arg(root.join("notebooks/check_outputs.py"))
        .arg(root.join("data/out"));
    run("notebook and parquet checks", check)?;
    let contract = root.join("../shared/tools/check-contract.py");
    if contract.exists() {
        let mut command = Command::new(&python);
        command.arg(contract).arg(root.join("data/out"));
        run("output contract", command)?;
    }
    Ok(())
}

/// `.snap.new` and `.pending-snap` files anywhere in the tree but `target/`.
fn pending_snapshots(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | ".venv" | "data") {
                found.extend(pending_snapshots(&path));
            }
        } else if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            found.push(path.display().to_string());
        }
    }
    found
}
