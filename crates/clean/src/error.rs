//! Errors of the clean stage: a reference row that cannot be turned into a matcher.

use crate::phrases::MAX_PHRASE_CHARS;

/// How many characters of an offending phrase an error message quotes.
const PREVIEW_CHARS: usize = 40;

/// A reference table row the clean stage cannot use. Raised by [`crate::Cleaner::try_new`];
/// every variant names the table file and its line (the header is line 1, so row `i` of the
/// table, counted from 0, is line `i + 2`; a quoted field spanning lines would shift this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CleanError {
    /// The phrase is longer than a phrase of a reference table may be.
    #[error(
        "{table} line {line}: {column} `{preview}` ({chars} characters) is too long: a phrase may have at most {limit} characters"
    )]
    PhraseTooLong {
        /// The reference file (`agencies.csv`, `professions.csv`).
        table: &'static str,
        /// 1-based line of the row in the file.
        line: usize,
        /// The column holding the phrase (`alias`, `phrase`).
        column: &'static str,
        /// The start of the phrase, shortened to a few dozen characters.
        preview: String,
        /// Length of the phrase in characters.
        chars: usize,
        /// The longest phrase allowed, in characters.
        limit: usize,
    },
}

impl CleanError {
    /// The reference file the error is about (`agencies.csv`).
    pub fn table(&self) -> &'static str {
        match self {
            Self::PhraseTooLong { table, .. } => table,
        }
    }

    /// The 1-based line of the offending row in its file.
    pub fn line(&self) -> usize {
        match self {
            Self::PhraseTooLong { line, .. } => *line,
        }
    }

    /// The message without the leading `table line N: ` (for a caller that reports the file
    /// path and line itself).
    pub fn detail(&self) -> String {
        let full = self.to_string();
        let location = format!("{} line {}: ", self.table(), self.line());
        full.strip_prefix(&location).unwrap_or(&full).to_owned()
    }

    /// An error if `phrase`, row `index` (0-based, header excluded) of column `column` of
    /// `table`, is longer than [`MAX_PHRASE_CHARS`].
    pub(crate) fn check_length(
        table: &'static str,
        column: &'static str,
        index: usize,
        phrase: &str,
    ) -> Result<(), Self> {
        let chars = phrase.chars().count();
        if chars <= MAX_PHRASE_CHARS {
            return Ok(());
        }
        let mut preview: String = phrase.chars().take(PREVIEW_CHARS).collect();
        preview.push('…');
        Err(Self::PhraseTooLong {
            table,
            line: index + 2,
            column,
            preview,
            chars,
            limit: MAX_PHRASE_CHARS,
        })
    }
}
