//! The pipeline's fatal errors. Each names the file, and the line where there is one.

use std::path::PathBuf;

use defectors_parse::ParseError;

/// A failure that stops the build. Row-level problems are diagnostics, not errors.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The manifest file cannot be read.
    #[error("{}: cannot read manifest: {source}", path.display())]
    ManifestRead {
        /// The manifest path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The manifest is not valid TOML or does not have the manifest's fields.
    #[error("{}:{line}:{column}: invalid manifest: {message}", path.display())]
    ManifestSyntax {
        /// The manifest path.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The manifest is valid TOML but says something impossible (unknown format, duplicate id).
    #[error("{}:{line}: {message}", path.display())]
    ManifestInvalid {
        /// The manifest path.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A source file named by the manifest does not exist.
    #[error("{}: source file not found (source `{id}`, {}:{manifest_line})", path.display(), manifest.display())]
    SourceMissing {
        /// The source file path.
        path: PathBuf,
        /// The source id.
        id: String,
        /// The manifest path.
        manifest: PathBuf,
        /// The manifest line of the source's `path`.
        manifest_line: usize,
    },
    /// A source file exists but cannot be read.
    #[error("{}: cannot read source file: {source}", path.display())]
    SourceUnreadable {
        /// The source file path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A source file is empty or holds only white space.
    #[error("{}: source file is empty", path.display())]
    SourceEmpty {
        /// The source file path.
        path: PathBuf,
    },
    /// A source file is not valid UTF-8.
    #[error("{}:{line}:{column}: source file is not valid UTF-8 (first bad byte at line {line}, byte {column})", path.display())]
    SourceNotUtf8 {
        /// The source file path.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte column of the first invalid byte.
        column: usize,
    },
    /// A source file's checksum differs from the manifest's.
    #[error("{}: checksum mismatch: manifest says sha256 {expected}, file has {actual}", path.display())]
    ChecksumMismatch {
        /// The source file path.
        path: PathBuf,
        /// The manifest's checksum.
        expected: String,
        /// The file's checksum.
        actual: String,
    },
    /// A source file cannot be read as its declared format at all.
    #[error("{}: not a `{format}` document: {source}", path.display())]
    Parse {
        /// The source file path.
        path: PathBuf,
        /// The declared format.
        format: String,
        /// Why it could not be parsed.
        source: ParseError,
    },
    /// A reference table cannot be read or is malformed.
    #[error("{}{}: invalid reference table: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Reference {
        /// The reference file.
        path: PathBuf,
        /// 1-based line of the problem, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The output folder cannot be used.
    #[error("{}: output folder refused: {message}", path.display())]
    OutputInvalid {
        /// The output folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Another build holds the output folder's lock.
    #[error("{}: another build is writing this output folder (lock {}); wait for it to finish", path.display(), lock.display())]
    OutputLocked {
        /// The output folder.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
    },
    /// A source path is not a regular file, or is larger than the limit.
    #[error("{}: source `{id}` refused: {message}", path.display())]
    SourceRefused {
        /// The source path.
        path: PathBuf,
        /// The source id.
        id: String,
        /// Why.
        message: String,
    },
    /// A folder given as a build output is not one (for `show`, `explain`, `stats`).
    #[error("{}: not a defectors output folder: {message}", path.display())]
    NotAnOutput {
        /// The folder.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
    /// A search for people that cannot be run (an empty name).
    #[error("{message}")]
    Query {
        /// What is wrong with the query.
        message: String,
    },
    /// An output file or folder cannot be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A CSV output cannot be written.
    #[error("{}: cannot write CSV: {source}", path.display())]
    Csv {
        /// The output path.
        path: PathBuf,
        /// The CSV error.
        source: csv::Error,
    },
    /// polars failed to build or write a table.
    #[error("{}: cannot write table: {source}", path.display())]
    Polars {
        /// The output path.
        path: PathBuf,
        /// The polars error.
        source: polars::prelude::PolarsError,
    },
    /// Aggregates or the report could not be computed.
    #[error("statistics: {message}")]
    Stats {
        /// What went wrong.
        message: String,
    },
    /// `--strict` was given and the build produced warnings.
    #[error("--strict: the build produced {count} warnings (see {})", path.display())]
    Strict {
        /// Number of warnings.
        count: usize,
        /// The diagnostics CSV to read them in.
        path: PathBuf,
    },
}
