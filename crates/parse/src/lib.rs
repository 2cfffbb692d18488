//! Parsers: the text of one raw document in, person mentions and diagnostics out.
//!
//! Each format has its own module and finds its own blocks inside a document. Parsers know
//! layouts, never particular people, and do no I/O: the pipeline reads the files.

mod fields;
mod names;
mod persons;
mod prose;
mod timeline;
mod wikitable;
mod years;

use defectors_model::{ParsedDocument, SourceFormat};

pub use names::{NameList, looks_like_name, split_name_list};
pub use prose::{Lexicon, TermKind, fold, parse_prose, split_sentences, trace as trace_prose};
pub use timeline::parse_timeline;
pub use wikitable::parse_wikitable;
pub use years::parse_year_range;

/// Why a document could not be parsed at all (row-level problems are diagnostics instead).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// A `wikitable` document without a pipe table whose header names a name column.
    #[error("no pipe table with a name column (e.g. `| Defector | … |`) found")]
    NoTable,
    /// A `timeline` document without a single dated entry or persons table.
    #[error("no dated entry (`YEAR – Name, …`) and no persons table found")]
    NoEntries,
}

/// Parses the text of one document of the given format; `lexicon` holds the given names
/// that running text is read with.
pub fn parse_document(
    source_id: &str,
    format: SourceFormat,
    text: &str,
    lexicon: &Lexicon,
) -> Result<ParsedDocument, ParseError> {
    match format {
        SourceFormat::Wikitable => {
            let doc = parse_wikitable(source_id, text);
            if doc.mentions.is_empty() && doc.diagnostics.is_empty() && !has_table(text) {
                return Err(ParseError::NoTable);
            }
            Ok(doc)
        }
        SourceFormat::Timeline => {
            let doc = parse_timeline(source_id, text, lexicon);
            if doc.mentions.is_empty() && doc.diagnostics.is_empty() {
                return Err(ParseError::NoEntries);
            }
            Ok(doc)
        }
        SourceFormat::Prose => Ok(parse_prose(source_id, text, lexicon)),
    }
}

/// The lines of `text` numbered from 1, split at `\r\n`, `\n` or a lone `\r`.
pub fn numbered_lines(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l))
        .collect()
}

fn has_table(text: &str) -> bool {
    numbered_lines(text)
        .iter()
        .any(|(_, l)| l.trim_start().starts_with('|'))
}
