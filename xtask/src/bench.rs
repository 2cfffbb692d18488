//! `cargo xtask bench`: builds synthetic corpora of several sizes and the shipped seeds with
//! the `defectors` binary and prints what each run cost: wall time, CPU time and peak memory
//! (from the OS), time per stage, mentions per second and pairwise F1. Figures are printed,
//! never asserted.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one run of the binary cost.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Wall-clock seconds.
    pub wall: f64,
    /// CPU seconds, user and system, of all the process's threads (`ru_utime` + `ru_stime`):
    /// on a shared machine it varies less from run to run than the wall time.
    pub cpu: f64,
    /// Peak resident set size in bytes (`ru_maxrss` of the process).
    pub peak_rss: u64,
    /// The binary's own per-stage seconds (its `time:` line).
    pub stages: String,
    /// Mentions read (its `N mentions in all` line).
    pub mentions: u64,
}

/// Runs `command` to completion, reading its output, and measures it. Fails when it fails.
pub fn measure(mut command: Command) -> Result<Run, String> {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut out = String::new();
    let _ = stdout.read_to_string(&mut out);
    let Usage {
        status,
        peak_rss,
        cpu,
    } = wait_with_rusage(child.id())?;
    let wall = start.elapsed().as_secs_f64();
    let err = err_reader.join().unwrap_or_default();
    if status != 0 {
        return Err(format!("{command:?} failed (status {status}):\n{err}"));
    }
    let stages = err
        .lines()
        .find_map(|l| l.strip_prefix("time: "))
        .unwrap_or_default()
        .to_owned();
    let mentions = out
        .lines()
        .find_map(|l| l.strip_suffix(" people"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Ok(Run {
        wall,
        cpu,
        peak_rss,
        stages,
        mentions,
    })
}

/// What the OS says of a finished child process.
struct Usage {
    /// The exit status (-1 when killed by a signal).
    status: i32,
    /// Peak resident set size in bytes.
    peak_rss: u64,
    /// User and system CPU seconds.
    cpu: f64,
}

/// Waits for the child `pid` and returns what the OS measured of it (`wait4`).
fn wait_with_rusage(pid: u32) -> Result<Usage, String> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data that wait4 fills; `pid` is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if reaped < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Usage {
        status: code,
        // Linux reports ru_maxrss in kilobytes.
        peak_rss: usage.ru_maxrss.max(0) as u64 * 1024,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    })
}

/// The folder of the corpus of `people` people (seed 1), generated when missing.
pub fn corpus(root: &Path, people: usize) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir()
        .join("defectors-bench")
        .join(format!("{people}-seed1"));
    if !dir.join("truth.csv").exists() {
        eprintln!("==> generating {people} people into {}", dir.display());
        crate::synthetic::generate(root, people, 1, &dir)?;
    }
    Ok(dir)
}

/// The median of some numbers (the mean of the middle two for an even count).
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// One row of the printed table.
pub struct Row {
    /// What was built (`10000 people` or `shipped seeds`).
    pub label: String,
    /// The run (for the seeds, the median of several).
    pub run: Run,
    /// Pairwise F1 against the truth, when there is one.
    pub f1: Option<f64>,
}

/// Prints the rows as a Markdown table, with each size's time over the previous size's.
pub fn print_table(rows: &[Row]) {
    println!(
        "| corpus | mentions | wall s | CPU s | peak RSS MB | mentions/s | F1 | time ratio | stages (s) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut previous: Option<f64> = None;
    for row in rows {
        let r = &row.run;
        let ratio = previous
            .filter(|_| row.f1.is_some())
            .map(|p| format!("{:.1}×", r.wall / p))
            .unwrap_or_default();
        if row.f1.is_some() {
            previous = Some(r.wall);
        }
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.0} | {:.0} | {} | {} | {} |",
            row.label,
            r.mentions,
            r.wall,
            r.cpu,
            r.peak_rss as f64 / 1e6,
            r.mentions as f64 / r.wall.max(1e-9),
            row.f1.map(|f| format!("{f:.4}")).unwrap_or_default(),
            ratio,
            r.stages
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(vec![]), 0.0);
    }

    #[test]
    fn a_run_reports_its_output_and_memory() {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo '7 mentions in all, 3 people'; echo 'time: parse 0.01s' >&2",
        ]);
        let run = measure(command).expect("sh runs");
        assert_eq!(run.mentions, 7);
        assert_eq!(run.stages, "parse 0.01s");
        assert!(run.peak_rss > 0);
    }

    #[test]
    fn a_failing_run_is_an_error() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo boom >&2; exit 3"]);
        let err = measure(command).unwrap_err();
        assert!(err.contains("status 3") && err.contains("boom"), "{err}");
    }
}
