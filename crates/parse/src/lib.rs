//! Parsers: the text of one raw document in, person mentions and diagnostics out.
//!
//! Each format has its own module and finds its own blocks inside a document. Parsers know
//! layouts, never particular people, and do no I/O: the pipeline reads the files.

mod fields;
mod names;
mod pattern;
mod persons;
mod prose;
mod timeline;
mod wikitable;
mod years;

use defectors_model::{ParsedDocument, SourceFormat};

pub use names::{NameList, looks_like_name, split_name_list};
pub use pattern::{
    Captures, LAZY_DFA_MIN_BYTES, Match, Pattern, compile_all, expect_input_bytes, pattern,
};
pub use prose::{
    Lexicon, TermKind, fold, is_adjective_before_noun, parse_prose, split_sentences,
    trace as trace_prose,
};
pub use timeline::parse_timeline;
pub use wikitable::parse_wikitable;
pub use years::parse_year_range;

/// Compiles every regular expression the parsers use, in parallel on rayon's pool. Each is
/// otherwise compiled on its first use; calling this first, beside other start-up work,
/// takes their compilation (about 15 ms of CPU) off the path of the first document read.
pub fn compile_patterns() {
    let modules = [
        fields::PATTERNS,
        names::PATTERNS,
        persons::PATTERNS,
        prose::PATTERNS,
        timeline::PATTERNS,
        wikitable::PATTERNS,
        years::PATTERNS,
    ];
    compile_all(&modules);
}

/// Why a document could not be parsed at all (row-level problems are diagnostics instead).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// A document with nothing but white space (and perhaps a byte-order mark).
    #[error("the document is empty (nothing but white space or a byte-order mark)")]
    Empty,
    /// A `wikitable` document without a single pipe table line.
    #[error("no pipe table with a name column (e.g. `| Defector | … |`) found")]
    NoTable,
    /// A `wikitable` document with pipe lines, none of them a header naming a name column.
    #[error(
        "pipe table lines found, but no header names a name column \
         (a column titled e.g. `Defector`, `Name`, `Person` or `Who`)"
    )]
    NoNameColumn,
    /// A `timeline` document without a single dated entry or persons table.
    #[error("no dated entry (`YEAR – Name, …`) and no persons table found")]
    NoEntries,
    /// A `prose` document without one English sentence and nobody found in it.
    #[error(
        "no English sentence found (no line of words such as `the`, `of`, `was`): not running text"
    )]
    NoProse,
    /// A document declared `prose` or `timeline` whose non-blank lines are mostly pipe lines.
    #[error(
        "the document looks like a wikitable (most of its non-blank lines are `| … |` table \
         lines), but is declared as {0}; declare it as wikitable"
    )]
    LooksLikeWikitable(SourceFormat),
}

/// Parses the text of one document of the given format; `lexicon` holds the given names
/// that running text is read with.
///
/// A document with nothing of its format is an error: empty or blank, a wikitable without a
/// table that has a name column, a timeline without entries, prose without one English
/// sentence (and nobody in it), or a pipe-table document declared as prose or timeline.
pub fn parse_document(
    source_id: &str,
    format: SourceFormat,
    text: &str,
    lexicon: &Lexicon,
) -> Result<ParsedDocument, ParseError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if format != SourceFormat::Wikitable && mostly_pipe_lines(text) {
        return Err(ParseError::LooksLikeWikitable(format));
    }
    match format {
        SourceFormat::Wikitable => {
            let doc = parse_wikitable(source_id, text);
            let found_nothing = doc.mentions.is_empty() && doc.diagnostics.is_empty();
            if found_nothing && wikitable::table_count(text) == 0 {
                return Err(match has_table(text) {
                    true => ParseError::NoNameColumn,
                    false => ParseError::NoTable,
                });
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
        SourceFormat::Prose => {
            let doc = parse_prose(source_id, text, lexicon);
            if doc.mentions.is_empty() && !has_english_sentence(text) {
                return Err(ParseError::NoProse);
            }
            Ok(doc)
        }
    }
}

/// A field's text as a mention holds it (inline up to 24 bytes).
pub(crate) fn text(field: &Option<String>) -> Option<compact_str::CompactString> {
    field.as_deref().map(Into::into)
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

/// True when more than half of the non-blank lines of `text` are pipe-table lines.
fn mostly_pipe_lines(text: &str) -> bool {
    let (mut pipes, mut non_blank) = (0usize, 0usize);
    for (_, line) in numbered_lines(text) {
        let line = line.trim();
        if !line.is_empty() {
            non_blank += 1;
            pipes += usize::from(line.starts_with('|'));
        }
    }
    pipes * 2 > non_blank
}

/// English words that nearly every sentence holds.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "in", "to", "was", "were", "is", "are", "he", "she", "it",
    "they", "his", "her", "for", "on", "with", "by", "from", "as", "at", "who", "that",
];

/// True when some line of `text` reads as an English sentence: four or more words of
/// letters, most of its words so, one of them a function word (`the`, `of`, `was`…).
fn has_english_sentence(text: &str) -> bool {
    numbered_lines(text).iter().any(|(_, line)| {
        let words: Vec<&str> = line
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let letters: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            })
            .collect();
        letters.len() >= 4
            && letters.len() * 2 > words.len()
            && letters
                .iter()
                .any(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
    })
}
