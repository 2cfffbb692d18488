//! The curated reference tables under `data/reference/` (see its README), read once per build
//! and handed to the pure stages.

use std::path::{Path, PathBuf};

use defectors_model::GivenName;
use serde::Deserialize;

use crate::error::PipelineError;

/// Every reference table the stages use.
#[derive(Debug, Clone, Default)]
pub struct ReferenceTables {
    /// The folder they were read from, if it exists.
    pub dir: Option<PathBuf>,
    /// `given_names.csv`: spellings of given names with their canonical form.
    pub given_names: Vec<GivenName>,
}

#[derive(Deserialize)]
struct GivenNameRow {
    name: String,
    canonical: String,
    gender: String,
    #[allow(dead_code)]
    script: String,
    #[allow(dead_code)]
    note: String,
}

/// The default reference folder for a manifest: `../reference` beside the manifest's folder
/// (`data/raw/sources.toml` → `data/reference`).
pub fn default_reference_dir(manifest: &Path) -> PathBuf {
    manifest
        .parent()
        .unwrap_or(Path::new("."))
        .join("..")
        .join("reference")
}

/// Reads the reference tables of `dir`. A missing folder gives empty tables (the caller warns
/// when a source needs them); a malformed file is an error naming the file and line.
pub fn load_reference(dir: &Path) -> Result<ReferenceTables, PipelineError> {
    if !dir.is_dir() {
        return Ok(ReferenceTables::default());
    }
    let given_path = dir.join("given_names.csv");
    let given_names = read_csv::<GivenNameRow>(&given_path)?
        .into_iter()
        .map(|r| GivenName {
            name: r.name,
            canonical: r.canonical,
            gender: r.gender,
        })
        .collect();
    Ok(ReferenceTables {
        dir: Some(dir.to_owned()),
        given_names,
    })
}

/// Reads a CSV file with a header row into records; errors name the file and line.
fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, PipelineError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| reference_error(path, &e))?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| reference_error(path, &e))
}

fn reference_error(path: &Path, error: &csv::Error) -> PipelineError {
    let line = error.position().map(|p| p.line() as usize);
    let message = match error.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => error.to_string(),
    };
    PipelineError::Reference {
        path: path.to_owned(),
        line,
        message,
    }
}
