//! Helpers shared by the tests of every crate.
//!
//! All snapshots live in the workspace's top-level `snapshots/` folder. Since insta 1.40,
//! `cargo insta review` only scans each package's own folder (insta issue #625), so every test
//! binds these settings instead: update with `INSTA_UPDATE=always cargo test`, review with
//! `git diff snapshots/`.

use std::path::{Path, PathBuf};

/// The workspace root (the folder of the top-level `Cargo.toml`).
///
/// Read from the `CARGO_MANIFEST_DIR` that `cargo test` sets when it runs a test, not the one
/// compiled in: two checkouts sharing one target folder reuse compiled crates, so a compiled-in
/// path can name the other checkout.
pub fn workspace_root() -> PathBuf {
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    package
        .ancestors()
        .find(|dir| is_workspace_root(dir))
        .expect("every package sits inside the workspace")
        .to_path_buf()
}

/// Whether `dir` holds the workspace's top-level `Cargo.toml`.
fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| t.contains("[workspace]"))
}

/// insta settings that store snapshots in the top-level `snapshots/` folder.
///
/// Use as `let _guard = defectors_test_support::snapshot_settings().bind_to_scope();`.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace_root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Reads a file of the workspace, given its path from the workspace root.
pub fn read_workspace_file(relative: &str) -> String {
    let path = workspace_root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The rows of a shipped CSV table of `data/reference/` (header skipped).
fn reference_rows(file: &str) -> Vec<csv::StringRecord> {
    let text = read_workspace_file(&format!("data/reference/{file}"));
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV"))
        .collect()
}

/// The shipped `given_names.csv`.
pub fn shipped_given_names() -> Vec<defectors_model::GivenName> {
    reference_rows("given_names.csv")
        .iter()
        .map(|r| defectors_model::GivenName {
            name: r[0].to_owned(),
            canonical: r[1].to_owned(),
            gender: r[2].to_owned(),
        })
        .collect()
}

/// A reference with the shipped prose lexicon and English word list and the given names
/// passed in (the rest empty), for reading running text in tests.
pub fn prose_reference(given_names: Vec<defectors_model::GivenName>) -> defectors_model::Reference {
    let prose_terms = reference_rows("prose_lexicon.csv")
        .iter()
        .map(|r| defectors_model::ProseTerm {
            kind: r[0].to_owned(),
            phrase: r[1].to_owned(),
        })
        .collect();
    let english_words = read_workspace_file("data/reference/english_words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    defectors_model::Reference {
        given_names,
        prose_terms,
        english_words,
        ..defectors_model::Reference::default()
    }
}

/// The fastest of nine timings each of `small` and `large`, timed in turn (small, large,
/// small, …), for tests that bound how time grows with the input (a ratio, never a time).
/// Each timing is the CPU time of the calling thread where the OS gives it (Linux), so that
/// load on a shared machine does not count; elsewhere it is wall time, and the turns make a
/// spell of load slow both alike. The fastest `small` is at least 200 µs, so that a ratio to
/// a tiny time is not mere noise. `small` and `large` must do their work on this thread.
pub fn fastest_in_turn(
    mut small: impl FnMut(),
    mut large: impl FnMut(),
) -> (std::time::Duration, std::time::Duration) {
    let time = |f: &mut dyn FnMut()| {
        let start = thread_time();
        f();
        thread_time().saturating_sub(start)
    };
    let (mut fastest_small, mut fastest_large) =
        (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..9 {
        fastest_small = fastest_small.min(time(&mut small));
        fastest_large = fastest_large.min(time(&mut large));
    }
    (
        fastest_small.max(std::time::Duration::from_micros(200)),
        fastest_large,
    )
}

/// The CPU time of the calling thread (Linux), else the wall time since the first call.
fn thread_time() -> std::time::Duration {
    #[cfg(target_os = "linux")]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `now` is a valid, writable timespec; the clock id is a constant of the OS.
        let failed = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } != 0;
        if !failed {
            return std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32);
        }
    }
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Held by every test of a binary that has a timing test (see [`fastest_in_turn`]), so that
/// the timing never shares the two cores with other tests of the binary (its test threads run
/// in parallel).
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n²` additions, kept by `black_box`.
    fn quadratic(n: u64) {
        let mut sum = 0u64;
        for i in 0..n {
            for j in 0..n {
                sum = sum.wrapping_add(std::hint::black_box(i ^ j));
            }
        }
        std::hint::black_box(sum);
    }

    #[test]
    fn ten_times_the_input_of_quadratic_work_takes_far_more_than_twenty_times_as_long() {
        let (small, large) = fastest_in_turn(|| quadratic(1_000), || quadratic(10_000));
        assert!(large > small * 20, "{small:?} → {large:?}");
    }
}
