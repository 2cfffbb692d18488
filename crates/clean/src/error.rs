//! Errors of the clean stage: a reference row that cannot be turned into a matcher.

/// How many characters of an offending phrase an error message quotes.
const PREVIEW_CHARS: usize = 40;

/// A reference table row the clean stage cannot use. Raised by [`crate::Cleaner::try_new`];
/// every variant names the table file and its line (the header is line 1, so row `i` of the
/// table, counted from 0, is line `i + 2`; a quoted field spanning lines would shift this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CleanError {
    /// The phrase is so long that its pattern exceeds the regex size limit.
    #[error(
        "{table} line {line}: {column} `{preview}` ({chars} characters) is too long: its pattern exceeds the regex size limit of {limit} bytes"
    )]
    PatternTooBig {
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
        /// The size limit that was exceeded, in bytes.
        limit: usize,
    },
    /// Any other failure to build the pattern of a phrase.
    #[error("{table} line {line}: cannot build a pattern for {column} `{preview}`: {message}")]
    BadPattern {
        /// The reference file.
        table: &'static str,
        /// 1-based line of the row in the file.
        line: usize,
        /// The column holding the phrase.
        column: &'static str,
        /// The start of the phrase, shortened.
        preview: String,
        /// The regex engine's message.
        message: String,
    },
}

impl CleanError {
    /// The reference file the error is about (`agencies.csv`).
    pub fn table(&self) -> &'static str {
        match self {
            Self::PatternTooBig { table, .. } | Self::BadPattern { table, .. } => table,
        }
    }

    /// The 1-based line of the offending row in its file.
    pub fn line(&self) -> usize {
        match self {
            Self::PatternTooBig { line, .. } | Self::BadPattern { line, .. } => *line,
        }
    }

    /// The message without the leading `table line N: ` (for a caller that reports the file
    /// path and line itself).
    pub fn detail(&self) -> String {
        let full = self.to_string();
        let location = format!("{} line {}: ", self.table(), self.line());
        full.strip_prefix(&location).unwrap_or(&full).to_owned()
    }

    /// The error of building the pattern of `phrase`, row `index` (0-based, header excluded)
    /// of column `column` of `table`.
    pub(crate) fn from_regex(
        table: &'static str,
        column: &'static str,
        index: usize,
        phrase: &str,
        error: regex::Error,
    ) -> Self {
        let line = index + 2;
        let mut preview: String = phrase.chars().take(PREVIEW_CHARS).collect();
        if phrase.chars().nth(PREVIEW_CHARS).is_some() {
            preview.push('…');
        }
        match error {
            regex::Error::CompiledTooBig(limit) => Self::PatternTooBig {
                table,
                line,
                column,
                preview,
                chars: phrase.chars().count(),
                limit,
            },
            other => Self::BadPattern {
                table,
                line,
                column,
                preview,
                message: other.to_string(),
            },
        }
    }
}
