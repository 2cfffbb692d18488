//! The manifest `sources.toml`: which raw documents to read, in which format, with which
//! provenance and checksum.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use defectors_model::SourceFormat;
use serde::Deserialize;
use toml::Spanned;

use crate::error::PipelineError;

/// One source document as the manifest describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    /// Unique id (`[a-z0-9-]+`).
    pub id: String,
    /// The file, resolved against the manifest's folder.
    pub path: PathBuf,
    /// The document's layout.
    pub format: SourceFormat,
    /// Title of the document.
    pub title: Option<String>,
    /// Where it was retrieved from.
    pub url: Option<String>,
    /// When it was retrieved.
    pub retrieved: Option<String>,
    /// Its license.
    pub license: Option<String>,
    /// What the document is, in a sentence or two.
    pub description: Option<String>,
    /// The state the document is about, when it is about one (`USSR`): the origin of a person
    /// for whom no agency or Eastern Bloc birthplace says otherwise.
    pub scope: Option<String>,
    /// What the document covers and leaves out (`stops in 1960`), quoted in the report.
    pub coverage: Option<String>,
    /// Priority when sources disagree and have equal support (higher wins); by default
    /// wikitable 3, prose 2, timeline 1.
    pub priority: u32,
    /// Expected sha256 of the file (lower-case hex), when the manifest gives one.
    pub sha256: Option<String>,
    /// The 1-based manifest line of the source's `path` key.
    pub manifest_line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    source: Vec<SourceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    id: Spanned<String>,
    path: Spanned<String>,
    format: Spanned<String>,
    title: Option<String>,
    url: Option<String>,
    retrieved: Option<String>,
    license: Option<String>,
    description: Option<String>,
    scope: Option<String>,
    coverage: Option<String>,
    priority: Option<u32>,
    sha256: Option<Spanned<String>>,
}

/// The largest manifest read (bytes).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and checks the manifest at `path`.
pub fn load_manifest(path: &Path) -> Result<Vec<SourceSpec>, PipelineError> {
    let read_error = |source| PipelineError::ManifestRead {
        path: path.to_owned(),
        source,
    };
    let refuse = |message| PipelineError::ManifestRead {
        path: path.to_owned(),
        source: std::io::Error::other(message),
    };
    let bytes =
        crate::read_regular_file(path, MAX_MANIFEST_BYTES, refuse).map_err(|e| match e
            .downcast::<PipelineError>()
        {
            Ok(refused) => refused,
            Err(e) => read_error(e),
        })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    parse_manifest(path, &text)
}

/// Parses manifest text; `path` is used for error messages and to resolve source paths.
pub fn parse_manifest(path: &Path, text: &str) -> Result<Vec<SourceSpec>, PipelineError> {
    let file: ManifestFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        PipelineError::ManifestSyntax {
            path: path.to_owned(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })?;
    let lines = LineIndex::new(text);
    let invalid = |offset: usize, message: String| PipelineError::ManifestInvalid {
        path: path.to_owned(),
        line: lines.line_column(offset).0,
        message,
    };
    if file.source.is_empty() {
        return Err(invalid(0, "the manifest lists no [[source]]".to_owned()));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut specs = Vec::new();
    for entry in file.source {
        let id = entry.id.get_ref();
        let id_at = entry.id.span().start;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(invalid(
                id_at,
                format!("source id `{id}` must match [a-z0-9-]+"),
            ));
        }
        if let Some(first) = seen.get(id) {
            return Err(invalid(
                id_at,
                format!("duplicate source id `{id}` (first used on line {first})"),
            ));
        }
        seen.insert(id.clone(), lines.line_column(id_at).0);
        let format_name = entry.format.get_ref();
        let format = SourceFormat::from_name(format_name).ok_or_else(|| {
            invalid(
                entry.format.span().start,
                format!(
                    "unknown format `{format_name}` for source `{id}` (known: {})",
                    SourceFormat::ALL.map(|f| f.as_str()).join(", ")
                ),
            )
        })?;
        let sha256 = match entry.sha256 {
            Some(sum) => {
                let hex = sum.get_ref().trim().to_ascii_lowercase();
                if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(invalid(
                        sum.span().start,
                        format!("sha256 of source `{id}` is not 64 hex digits"),
                    ));
                }
                Some(hex)
            }
            None => None,
        };
        specs.push(SourceSpec {
            id: id.clone(),
            path: base.join(entry.path.get_ref()),
            format,
            title: entry.title,
            url: entry.url,
            retrieved: entry.retrieved,
            license: entry.license,
            description: entry.description,
            scope: entry.scope,
            coverage: entry.coverage,
            priority: entry.priority.unwrap_or(match format {
                SourceFormat::Wikitable => 3,
                SourceFormat::Prose => 2,
                SourceFormat::Timeline => 1,
            }),
            sha256,
            manifest_line: lines.line_column(entry.path.span().start).0,
        });
    }
    Ok(specs)
}

/// Where each line of a text starts, to turn byte offsets into lines and columns in
/// logarithmic time (a manifest with many sources asks once per entry).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (lines end at `\n`).
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let column = self.text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(offset)
}
