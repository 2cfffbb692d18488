//! Helpers shared by the tests of every crate.
//!
//! All snapshots live in the workspace's top-level `snapshots/` folder. Since insta 1.40,
//! `cargo insta review` only scans each package's own folder (insta issue #625), so every test
//! binds these settings instead: update with `INSTA_UPDATE=always cargo test`, review with
//! `git diff snapshots/`.

use std::path::{Path, PathBuf};

/// The workspace root (the folder of the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/test-support sits two levels below the workspace root")
        .to_path_buf()
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
