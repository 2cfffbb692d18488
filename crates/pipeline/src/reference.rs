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
    /// `profession_categories.csv`: the human label of each profession category.
    pub category_labels: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct CategoryLabelRecord {
    category: String,
    label: String,
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
    founded: Option<chrono::NaiveDate>,
    predecessor: Option<String>,
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
    let given_names = read_rows::<GivenNameRecord>(&dir.join("given_names.csv"))?
        .into_iter()
        .map(|(_, r)| GivenName {
            name: r.name,
            canonical: r.canonical,
            gender: r.gender,
        })
        .collect();
    let places = optional_rows(dir, "places.csv", |_, r: PlaceRecord| {
        Ok(PlaceRow {
            name: r.name,
            country: r.country,
            from_year: r.from_year,
            to_year: r.to_year,
        })
    })?;
    let countries = optional_rows(dir, "countries.csv", |_, r: CountryRecord| {
        Ok(CountryRow {
            name: r.name,
            eastern_bloc_from: r.eastern_bloc_from,
            eastern_bloc_to: r.eastern_bloc_to,
            part_of: r.part_of.filter(|p| !p.is_empty()),
            part_of_from: r.part_of_from,
            part_of_to: r.part_of_to,
            founded: r.founded,
            predecessor: r.predecessor.filter(|p| !p.is_empty()),
        })
    })?;
    let agencies = optional_rows(dir, "agencies.csv", |_, r: AgencyRecord| {
        Ok(AgencyRow {
            alias: r.alias,
            canonical: r.canonical,
            country: r.country,
        })
    })?;
    let professions = optional_rows(dir, "professions.csv", profession_row)?;
    let prose_terms = optional_rows(dir, "prose_lexicon.csv", |_, r: ProseTermRecord| {
        Ok(ProseTerm {
            kind: r.kind,
            phrase: r.phrase,
        })
    })?;
    let english_words = read_word_list(&dir.join("english_words.txt"))?;
    let overrides = optional_rows(dir, "overrides.csv", override_row)?;
    let category_labels = optional_rows(dir, "profession_categories.csv", category_label)?
        .into_iter()
        .collect();
    Ok(ReferenceTables {
        overrides,
        category_labels,
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

/// A `professions.csv` row; its category must be one the statistics know.
fn profession_row(_line: usize, r: ProfessionRecord) -> Result<ProfessionRow, String> {
    let category =
        defectors_model::ProfessionCategory::from_name(&r.category).ok_or_else(|| {
            format!(
                "unknown category `{}` (known: {})",
                r.category,
                defectors_model::ProfessionCategory::NAMES.join(", ")
            )
        })?;
    Ok(ProfessionRow {
        phrase: r.phrase,
        category,
    })
}

/// A `profession_categories.csv` row: a known category and a non-empty label.
fn category_label(_line: usize, r: CategoryLabelRecord) -> Result<(String, String), String> {
    if defectors_model::ProfessionCategory::from_name(&r.category).is_none() {
        return Err(format!(
            "unknown category `{}` (known: {})",
            r.category,
            defectors_model::ProfessionCategory::NAMES.join(", ")
        ));
    }
    if r.label.trim().is_empty() {
        return Err(format!("category `{}` has an empty label", r.category));
    }
    Ok((r.category, r.label))
}

/// An `overrides.csv` row: a known kind and a reason.
fn override_row(line: usize, r: OverrideRecord) -> Result<Override, String> {
    let must_link = match r.kind.as_str() {
        "must_link" => true,
        "cannot_link" => false,
        other => {
            return Err(format!(
                "kind `{other}` is neither must_link nor cannot_link"
            ));
        }
    };
    if r.reason.trim().is_empty() {
        return Err("every override needs a reason".to_owned());
    }
    Ok(Override {
        must_link,
        a: r.a,
        b: r.b,
        reason: r.reason,
        line: line as u32,
    })
}

/// The rows of `dir/name` through `row` (which may refuse a row), or none when the file is
/// absent; errors name the file and the row's first line.
fn optional_rows<T: for<'de> Deserialize<'de>, R>(
    dir: &Path,
    name: &str,
    row: impl Fn(usize, T) -> Result<R, String>,
) -> Result<Vec<R>, PipelineError> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(Vec::new());
    }
    read_rows::<T>(&path)?
        .into_iter()
        .map(|(line, record)| {
            row(line, record).map_err(|message| PipelineError::Reference {
                path: path.clone(),
                line: Some(line),
                message,
            })
        })
        .collect()
}

/// A word list: one word per line, `#` comments; absent is empty.
fn read_word_list(path: &Path) -> Result<Vec<String>, PipelineError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path).map_err(|e| PipelineError::Reference {
        path: path.to_owned(),
        line: None,
        message: e.to_string(),
    })?;
    // Sized once (for every line): grown by doubling, the list of 40,000 words touched twice
    // the memory.
    let mut list = Vec::with_capacity(text.lines().count());
    list.extend(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned),
    );
    Ok(list)
}

/// Reads a CSV file with a header row into (first line of the row, record); errors name the
/// file and line (multi-line quoted fields count as the lines they span).
fn read_rows<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<(usize, T)>, PipelineError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| reference_error(path, &e))?;
    let headers = reader
        .headers()
        .map_err(|e| reference_error(path, &e))?
        .clone();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| reference_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let value = record.deserialize(Some(&headers)).map_err(|e| {
            let mut error = reference_error(path, &e);
            if let PipelineError::Reference { line: at, .. } = &mut error {
                *at = Some(line);
            }
            error
        })?;
        out.push((line, value));
    }
    Ok(out)
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
