//! The curated reference tables under `data/reference/` (see its README), read once per build
//! and handed to the pure stages.

use std::path::{Path, PathBuf};

use defectors_model::{
    AgencyRow, CountryRow, GivenName, PlaceRow, ProfessionRow, ProseTerm, Reference,
};
use defectors_resolve::Override;
use serde::Deserialize;

use crate::error::PipelineError;

/// The reference tables and the folder they were read from.
#[derive(Debug, Clone, Default)]
pub struct ReferenceTables {
    /// The folder they were read from, if it exists.
    pub dir: Option<PathBuf>,
    /// The rows.
    pub tables: Reference,
    /// `overrides.csv`: curated must-link / cannot-link decisions.
    pub overrides: Vec<Override>,
}

#[derive(Deserialize)]
struct OverrideRecord {
    kind: String,
    a: String,
    b: String,
    reason: String,
}

#[derive(Deserialize)]
struct GivenNameRecord {
    name: String,
    canonical: String,
    gender: String,
}

#[derive(Deserialize)]
struct PlaceRecord {
    name: String,
    country: String,
    from_year: Option<i32>,
    to_year: Option<i32>,
}

#[derive(Deserialize)]
struct CountryRecord {
    name: String,
    eastern_bloc_from: Option<i32>,
    eastern_bloc_to: Option<i32>,
    part_of: Option<String>,
    part_of_from: Option<i32>,
    part_of_to: Option<i32>,
}

#[derive(Deserialize)]
struct AgencyRecord {
    alias: String,
    canonical: String,
    country: String,
}

#[derive(Deserialize)]
struct ProseTermRecord {
    kind: String,
    phrase: String,
}

#[derive(Deserialize)]
struct ProfessionRecord {
    phrase: String,
    category: String,
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
/// when a source needs them); a missing or malformed file is an error naming the file and line.
pub fn load_reference(dir: &Path) -> Result<ReferenceTables, PipelineError> {
    if !dir.is_dir() {
        return Ok(ReferenceTables::default());
    }
    let given_names = read_csv::<GivenNameRecord>(&dir.join("given_names.csv"))?
        .into_iter()
        .map(|r| GivenName {
            name: r.name,
            canonical: r.canonical,
            gender: r.gender,
        })
        .collect();
    let optional = |name: &str| {
        let path = dir.join(name);
        path.exists().then_some(path)
    };
    let places = match optional("places.csv") {
        Some(path) => read_csv::<PlaceRecord>(&path)?
            .into_iter()
            .map(|r| PlaceRow {
                name: r.name,
                country: r.country,
                from_year: r.from_year,
                to_year: r.to_year,
            })
            .collect(),
        None => Vec::new(),
    };
    let countries = match optional("countries.csv") {
        Some(path) => read_csv::<CountryRecord>(&path)?
            .into_iter()
            .map(|r| CountryRow {
                name: r.name,
                eastern_bloc_from: r.eastern_bloc_from,
                eastern_bloc_to: r.eastern_bloc_to,
                part_of: r.part_of.filter(|p| !p.is_empty()),
                part_of_from: r.part_of_from,
                part_of_to: r.part_of_to,
            })
            .collect(),
        None => Vec::new(),
    };
    let agencies = match optional("agencies.csv") {
        Some(path) => read_csv::<AgencyRecord>(&path)?
            .into_iter()
            .map(|r| AgencyRow {
                alias: r.alias,
                canonical: r.canonical,
                country: r.country,
            })
            .collect(),
        None => Vec::new(),
    };
    let professions = match optional("professions.csv") {
        Some(path) => read_csv::<ProfessionRecord>(&path)?
            .into_iter()
            .map(|r| ProfessionRow {
                phrase: r.phrase,
                category: r.category,
            })
            .collect(),
        None => Vec::new(),
    };
    let prose_terms = match optional("prose_lexicon.csv") {
        Some(path) => read_csv::<ProseTermRecord>(&path)?
            .into_iter()
            .map(|r| ProseTerm {
                kind: r.kind,
                phrase: r.phrase,
            })
            .collect(),
        None => Vec::new(),
    };
    let english_words = match optional("english_words.txt") {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| PipelineError::Reference {
                path: path.clone(),
                line: None,
                message: e.to_string(),
            })?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    let overrides = match optional("overrides.csv") {
        Some(path) => {
            let records = read_csv::<OverrideRecord>(&path)?;
            let mut out = Vec::with_capacity(records.len());
            for (i, r) in records.into_iter().enumerate() {
                let line = i + 2;
                let must_link = match r.kind.as_str() {
                    "must_link" => true,
                    "cannot_link" => false,
                    other => {
                        return Err(PipelineError::Reference {
                            path,
                            line: Some(line),
                            message: format!("kind `{other}` is neither must_link nor cannot_link"),
                        });
                    }
                };
                if r.reason.trim().is_empty() {
                    return Err(PipelineError::Reference {
                        path,
                        line: Some(line),
                        message: "every override needs a reason".to_owned(),
                    });
                }
                out.push(Override {
                    must_link,
                    a: r.a,
                    b: r.b,
                    reason: r.reason,
                    line: line as u32,
                });
            }
            out
        }
        None => Vec::new(),
    };
    Ok(ReferenceTables {
        overrides,
        dir: Some(dir.to_owned()),
        tables: Reference {
            given_names,
            places,
            countries,
            agencies,
            professions,
            prose_terms,
            english_words,
        },
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
