//! The pipeline: reads the manifest and the raw files (all file I/O happens here and in the
//! binary), runs the stages, and writes the output tables.
//!
//! Stages, in order: load manifest → read and check each source → parse (in parallel) →
//! assign person ids → write tables.

pub mod cells;
mod datapackage;
pub mod docs;
mod error;
mod explain;
mod explorer;
mod manifest;
mod pages;
mod people_tables;
pub mod publish;
pub mod reference;
pub mod schema;
pub mod table;
mod write_behind;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use defectors_clean::{CleanedMention, Cleaner};
use defectors_model::{Diagnostic, Mention, ParsedDocument, Section, Severity, Status};
use defectors_parse::Lexicon;
use defectors_resolve::{Linked, Person, Priorities, Resolution};
use rayon::prelude::*;
use reference::{ReferenceTables, default_reference_dir, load_reference};
use sha2::{Digest, Sha256};
use table::{Table, TableFile};

pub use error::PipelineError;
pub use explain::{STATS_BY, explain, show, stats_table};
pub use manifest::{SourceSpec, load_manifest, parse_manifest};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The manifest (`sources.toml`).
    pub manifest: PathBuf,
    /// The output folder; created if missing.
    pub out_dir: PathBuf,
    /// Fail when the build produces any warning.
    pub strict: bool,
    /// The reference tables folder; `None` for `../reference` beside the manifest's folder.
    pub reference_dir: Option<PathBuf>,
    /// The largest source file accepted, in bytes.
    pub max_source_bytes: u64,
}

/// What one source contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// The source id.
    pub id: String,
    /// The declared format.
    pub format: String,
    /// Mentions per section, in section order.
    pub mentions_by_section: BTreeMap<Section, usize>,
}

/// What a build read and wrote, for the command-line summary.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    /// Per source, in manifest order.
    pub sources: Vec<SourceSummary>,
    /// Diagnostics per code.
    pub diagnostics_by_code: BTreeMap<String, usize>,
    /// Total number of mentions.
    pub mentions: usize,
    /// The files written, relative to the output folder.
    pub written: Vec<String>,
    /// Seconds per stage.
    pub timings: Vec<(&'static str, f64)>,
    /// Number of people (status defector).
    pub people: usize,
}

impl BuildSummary {
    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics_by_code.values().sum()
    }
}

/// A source read from disk and parsed.
#[derive(Debug)]
pub struct ParsedSource {
    /// The manifest entry.
    pub spec: SourceSpec,
    /// What the parser found; its mentions and diagnostics move out in [`collect`].
    pub document: ParsedDocument,
    /// The sha256 of the text read (hex).
    pub sha256: String,
    /// Mentions per section (the document's mentions move out in [`collect`]).
    pub mentions_by_section: BTreeMap<Section, usize>,
}

/// Reads every source of the manifest (`specs`, loaded from `manifest`), checks it, and
/// parses it (in parallel).
pub fn read_sources(
    manifest: &Path,
    specs: Vec<SourceSpec>,
    reference: &ReferenceTables,
    max_bytes: u64,
) -> Result<Vec<ParsedSource>, PipelineError> {
    let lexicon = Lexicon::from_reference(&reference.tables);
    // The costliest documents start first, so that the last to finish is not a long one
    // started late; the sources keep the manifest's order (and its first error).
    let mut order: Vec<(usize, SourceSpec)> = specs.into_iter().enumerate().collect();
    order.sort_by_cached_key(|(i, spec)| (std::cmp::Reverse(parse_cost(spec)), *i));
    let mut parsed: Vec<(usize, Result<ParsedSource, PipelineError>)> = order
        .into_par_iter()
        .map(|(i, spec)| (i, read_and_parse(manifest, spec, &lexicon, max_bytes)))
        .collect();
    parsed.sort_by_key(|(i, _)| *i);
    parsed.into_iter().map(|(_, source)| source).collect()
}

/// How much parsing a source is expected to cost: its bytes, weighted by what its format costs
/// a byte (running text about three times a table's or a timeline's, measured at a million
/// people).
fn parse_cost(spec: &SourceSpec) -> u64 {
    let bytes = file_bytes(spec);
    match spec.format {
        defectors_model::SourceFormat::Prose => bytes.saturating_mul(3),
        _ => bytes,
    }
}

/// Reads, checks and parses one source.
fn read_and_parse(
    manifest: &Path,
    spec: SourceSpec,
    lexicon: &Lexicon,
    max_bytes: u64,
) -> Result<ParsedSource, PipelineError> {
    let text = read_source_text(manifest, &spec, max_bytes)?;
    let document = defectors_parse::parse_document(&spec.id, spec.format, &text, lexicon).map_err(
        |source| PipelineError::Parse {
            path: spec.path.clone(),
            format: spec.format.to_string(),
            source,
        },
    )?;
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let mentions_by_section = document
        .mentions
        .iter()
        .fold(BTreeMap::new(), |mut acc, m| {
            *acc.entry(m.provenance.section).or_insert(0) += 1;
            acc
        });
    Ok(ParsedSource {
        spec,
        document,
        sha256,
        mentions_by_section,
    })
}

/// The largest source file read by default (bytes); `--max-source-mb` changes it.
pub const DEFAULT_MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file that must be a regular file (not a device, FIFO or folder) of at most
/// `max_bytes`; `refuse` turns a reason into the caller's error.
pub fn read_regular_file(
    path: &Path,
    max_bytes: u64,
    refuse: impl Fn(String) -> PipelineError,
) -> Result<Vec<u8>, std::io::Error> {
    use std::io::Read;
    // Checked before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(refuse(
            "not a regular file (a device, FIFO, socket or folder)".to_owned(),
        )));
    }
    if meta.len() > max_bytes {
        return Err(std::io::Error::other(refuse(format!(
            "{} bytes, more than the limit of {max_bytes} (raise it with --max-source-mb)",
            meta.len()
        ))));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(std::io::Error::other(refuse(format!(
            "grew past the limit of {max_bytes} bytes while being read"
        ))));
    }
    Ok(bytes)
}

/// The size of all the sources, as far as it can be read now (a missing or unreadable file
/// counts as nothing here; reading the sources reports it).
fn source_bytes(specs: &[SourceSpec]) -> u64 {
    specs.iter().map(file_bytes).sum()
}

/// The size of a source's file; nothing for a file that cannot be read now (reading the
/// sources reports it).
fn file_bytes(spec: &SourceSpec) -> u64 {
    std::fs::metadata(&spec.path).map_or(0, |meta| meta.len())
}

/// Reads one source file: it must exist, be a regular non-empty UTF-8 file of at most
/// `max_bytes`, and match its checksum.
pub fn read_source_text(
    manifest: &Path,
    spec: &SourceSpec,
    max_bytes: u64,
) -> Result<String, PipelineError> {
    let path = &spec.path;
    let refuse = |message| PipelineError::SourceRefused {
        path: path.clone(),
        id: spec.id.clone(),
        message,
    };
    let bytes = read_regular_file(path, max_bytes, refuse).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            PipelineError::SourceMissing {
                path: path.clone(),
                id: spec.id.clone(),
                manifest: manifest.to_owned(),
                manifest_line: spec.manifest_line,
            }
        } else {
            match source.downcast::<PipelineError>() {
                Ok(refused) => refused,
                Err(source) => PipelineError::SourceUnreadable {
                    path: path.clone(),
                    source,
                },
            }
        }
    })?;
    if let Some(expected) = &spec.sha256 {
        let actual = hex::encode(Sha256::digest(&bytes));
        if &actual != expected {
            return Err(PipelineError::ChecksumMismatch {
                path: path.clone(),
                expected: expected.clone(),
                actual,
            });
        }
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        PipelineError::SourceNotUtf8 {
            path: path.clone(),
            line,
            column,
        }
    })?;
    if text.trim().is_empty() {
        return Err(PipelineError::SourceEmpty { path: path.clone() });
    }
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// A provisional person id: a lower-case ASCII slug of the name as written.
///
/// Entity resolution replaces it; until then two spellings of one person get two ids.
pub fn name_slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// All mentions and diagnostics of the parsed sources, moved out of their documents and sorted
/// deterministically: mentions by source id, line and position; diagnostics by source id and
/// line, in reading order.
pub fn collect(sources: &mut [ParsedSource]) -> (Vec<Mention>, Vec<Diagnostic>) {
    let mut mentions: Vec<Mention> = sources
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.document.mentions))
        .collect();
    mentions.sort_by(|a, b| {
        (&a.provenance.source_id, a.provenance.line, a.index_in_line).cmp(&(
            &b.provenance.source_id,
            b.provenance.line,
            b.index_in_line,
        ))
    });
    let mut diagnostics: Vec<Diagnostic> = sources
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.document.diagnostics))
        .collect();
    sort_diagnostics(&mut diagnostics);
    (mentions, diagnostics)
}

/// The cleaner of the reference tables, or the reference row it cannot use.
pub fn cleaner(reference: &ReferenceTables) -> Result<Cleaner, PipelineError> {
    Cleaner::try_new(&reference.tables).map_err(|e| PipelineError::Reference {
        path: reference.dir.clone().unwrap_or_default().join(e.table()),
        line: Some(e.line()),
        message: e.detail(),
    })
}

/// Cleans the mentions with `cleaner`; each source's `scope` is its default origin.
pub fn clean(
    sources: &[ParsedSource],
    mentions: &[Mention],
    cleaner: &Cleaner,
) -> (Vec<CleanedMention>, Vec<Diagnostic>) {
    let scopes: HashMap<String, String> = sources
        .iter()
        .filter_map(|s| s.spec.scope.clone().map(|scope| (s.spec.id.clone(), scope)))
        .collect();
    cleaner.clean_all(mentions, &scopes)
}

/// Resolves the cleaned mentions into people, with the overrides and source priorities.
pub fn resolve(
    sources: &[ParsedSource],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    reference: &ReferenceTables,
) -> Resolution {
    defectors_resolve::resolve(
        mentions,
        cleaned,
        &reference.overrides,
        &priorities(sources),
    )
}

/// Each source's priority for choosing between disagreeing values.
fn priorities(sources: &[ParsedSource]) -> Priorities {
    sources
        .iter()
        .map(|s| (s.spec.id.clone(), s.spec.priority))
        .collect()
}

/// Every resolved person, sorted by id.
pub fn people_by_id(resolution: &Resolution) -> Vec<&Person> {
    let mut people: Vec<&Person> = resolution.people.iter().collect();
    people.sort_by(|a, b| a.person_id.cmp(&b.person_id));
    people
}

fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.source_id, a.line).cmp(&(&b.source_id, b.line)));
}

/// A build-wide warning (no source, no line).
fn warning(code: &str, message: String) -> Diagnostic {
    Diagnostic {
        source_id: None,
        line: None,
        severity: Severity::Warning,
        code: code.to_owned(),
        message,
    }
}

/// Warnings about reference tables that running text needs but that are missing or empty.
fn reference_warnings(
    sources: &[ParsedSource],
    reference: &ReferenceTables,
    reference_dir: &Path,
) -> Vec<Diagnostic> {
    let needs_names = sources
        .iter()
        .any(|s| s.spec.format != defectors_model::SourceFormat::Wikitable);
    if !needs_names {
        Vec::new()
    } else if reference.dir.is_none() {
        vec![warning(
            "reference.missing",
            format!(
                "no reference folder at {}: running text is read without the given-names table",
                reference_dir.display()
            ),
        )]
    } else if reference.tables.given_names.is_empty() {
        vec![warning(
            "reference.empty",
            format!(
                "{}: no given names: running text finds only people named with other evidence",
                reference_dir.join("given_names.csv").display()
            ),
        )]
    } else {
        Vec::new()
    }
}

/// A warning for each source whose text is identical to an earlier source's (one file listed
/// under two ids counts its people twice).
fn duplicate_files(sources: &[ParsedSource]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::new();
    for s in sources {
        if let Some(earlier) = first.get(s.sha256.as_str()) {
            out.push(warning(
                "manifest.duplicate_source",
                format!(
                    "source `{}` ({}) has the same content (sha256 {}) as source `{earlier}`: its people count twice",
                    s.spec.id,
                    s.spec.path.display(),
                    &s.sha256[..12]
                ),
            ));
        } else {
            first.insert(&s.sha256, &s.spec.id);
        }
    }
    out
}

/// Each source's `scope` must be a country of `countries.csv` (when that table is present).
fn check_scopes(
    manifest: &Path,
    sources: &[ParsedSource],
    reference: &ReferenceTables,
) -> Result<(), PipelineError> {
    let countries = &reference.tables.countries;
    if countries.is_empty() {
        return Ok(());
    }
    for s in sources {
        let Some(scope) = &s.spec.scope else { continue };
        if !countries.iter().any(|c| c.name == *scope) {
            return Err(PipelineError::ManifestInvalid {
                path: manifest.to_owned(),
                line: s.spec.manifest_line,
                message: format!(
                    "scope `{scope}` of source `{}` is not a country of countries.csv",
                    s.spec.id
                ),
            });
        }
    }
    Ok(())
}

/// The tables of a build, in writing order, with the sources they came from.
pub struct BuiltTables {
    /// The sources read.
    pub sources: Vec<ParsedSource>,
    /// The tables: mentions, people, conflicts, match_evidence, diagnostics, person_values,
    /// events, then the aggregates.
    pub tables: Vec<Table>,
    /// All diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// How many mentions were read (the mentions themselves are dropped once their table is
    /// built).
    pub mention_count: usize,
    /// Seconds each stage took, in order.
    pub timings: Vec<(&'static str, f64)>,
    /// The statistical report.
    pub report: defectors_stats::Report,
}

/// The stages of a build, in order, as progress reports name them.
pub const STAGES: [&str; 7] = [
    "read and parse",
    "clean",
    "resolve",
    "tables",
    "aggregates and report",
    "write",
    "done",
];

/// Reads, parses, cleans and resolves; returns the tables without writing them.
pub fn build_tables(
    manifest: &Path,
    reference_dir: Option<&Path>,
) -> Result<BuiltTables, PipelineError> {
    build_tables_limited(manifest, reference_dir, DEFAULT_MAX_SOURCE_BYTES)
}

/// [`build_tables`] with a limit on the size of each source file.
pub fn build_tables_limited(
    manifest: &Path,
    reference_dir: Option<&Path>,
    max_source_bytes: u64,
) -> Result<BuiltTables, PipelineError> {
    build_tables_reporting(manifest, reference_dir, max_source_bytes, &|_| {})
}

/// [`build_tables_limited`], calling `progress` with the name of each stage as it starts.
pub fn build_tables_reporting(
    manifest: &Path,
    reference_dir: Option<&Path>,
    max_source_bytes: u64,
    progress: &dyn Fn(&'static str),
) -> Result<BuiltTables, PipelineError> {
    let limits = (reference_dir, max_source_bytes);
    build_into(manifest, limits, progress, &mut TableSink::new(None))
}

/// Reads, parses, cleans and resolves, and gives each record table to `sink` as it is built;
/// returns the tables (those `sink` wrote with their rows dropped, unless later steps read
/// them) and the aggregates.
fn build_into(
    manifest: &Path,
    (reference_dir, max_source_bytes): (Option<&Path>, u64),
    progress: &dyn Fn(&'static str),
    sink: &mut TableSink,
) -> Result<BuiltTables, PipelineError> {
    let explicit_reference = reference_dir;
    let reference_dir = reference_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_reference_dir(manifest));
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((stage, clock.elapsed().as_secs_f64()));
        clock = std::time::Instant::now();
        if let Some(next) = STAGES.iter().skip_while(|s| **s != stage).nth(1) {
            progress(next);
        }
    };
    progress(STAGES[0]);
    if let Some(dir) = explicit_reference
        && !dir.is_dir()
    {
        return Err(PipelineError::Reference {
            path: dir.to_owned(),
            line: None,
            message: "--reference must name a folder of reference tables".to_owned(),
        });
    }
    let specs = load_manifest(manifest);
    defectors_parse::expect_input_bytes(specs.as_deref().map_or(0, source_bytes));
    // The patterns compile on the pool while this thread reads the reference tables.
    rayon::spawn(|| {
        rayon::join(
            defectors_parse::compile_patterns,
            defectors_clean::compile_patterns,
        );
    });
    let reference = load_reference(&reference_dir)?;
    let specs = specs?;
    // The cleaner's indexes are built while the sources are read and parsed.
    let (sources, cleaner) = rayon::join(
        || read_sources(manifest, specs, &reference, max_source_bytes),
        || cleaner(&reference),
    );
    let mut sources = sources?;
    check_scopes(manifest, &sources, &reference)?;
    let (mentions, mut diagnostics) = collect(&mut sources);
    lap("read and parse", &mut timings);
    let mut warnings = reference_warnings(&sources, &reference, &reference_dir);
    warnings.extend(duplicate_files(&sources));
    diagnostics.splice(0..0, warnings);
    let (cleaned, clean_diagnostics) = clean(&sources, &mentions, &cleaner?);
    diagnostics.extend(clean_diagnostics);
    lap("clean", &mut timings);
    let priorities = priorities(&sources);
    let mut linked =
        defectors_resolve::link(&mentions, &cleaned, &reference.overrides, &priorities);
    diagnostics.extend(linked.diagnostics.iter().cloned());
    lap("resolve", &mut timings);
    let mention_count = mentions.len();
    sink.expect_people(linked.people_count());
    let records = (mentions, cleaned);
    let (mut tables, people, building) =
        record_tables(&mut linked, records, &mut diagnostics, sink)?;
    drop(linked);
    lap("tables", &mut timings);
    // The people are built while the tables are written; their time is resolution's.
    for (stage, seconds) in &mut timings {
        match *stage {
            "resolve" => *seconds += building,
            "tables" => *seconds -= building,
            _ => {}
        }
    }
    let people: Vec<&Person> = people.iter().collect();
    // A small build's record tables are written here, beside the aggregates and report.
    let (held, aggregates) = rayon::join(
        || sink.write_held(&tables),
        || {
            let counts = (mention_count, diagnostics.len());
            aggregates_and_report(&tables, &sources, counts, &people, &reference)
        },
    );
    sink.written.extend(held?);
    let (aggregates, report) = aggregates?;
    tables.extend(aggregates);
    lap("aggregates and report", &mut timings);
    Ok(BuiltTables {
        sources,
        tables,
        diagnostics,
        mention_count,
        timings,
        report,
    })
}

/// The aggregate tables over the defectors, and the report, from the record `tables` and
/// the numbers of mentions and diagnostics.
fn aggregates_and_report(
    tables: &[Table],
    sources: &[ParsedSource],
    (mentions, warnings): (usize, usize),
    people: &[&Person],
    reference: &ReferenceTables,
) -> Result<(Vec<Table>, defectors_stats::Report), PipelineError> {
    let stats_error = |e: defectors_stats::StatsError| PipelineError::Stats {
        message: e.to_string(),
    };
    let polars_error = |e: polars::prelude::PolarsError| stats_error(e.into());
    let defectors_frame = tables[1]
        .to_dataframe()
        .and_then(|people| {
            use polars::prelude::ChunkCompareEq;
            let status = people
                .column("status")?
                .str()?
                .equal(Status::Defector.as_str());
            people.filter(&status)
        })
        .map_err(polars_error)?;
    let labels = defectors_stats::Labels {
        categories: reference.category_labels.clone(),
    };
    let aggregates = defectors_stats::all(&defectors_frame, &labels).map_err(polars_error)?;
    let mut aggregate_tables = Vec::with_capacity(aggregates.len());
    for (schema, (_, frame)) in defectors_stats::SCHEMAS.iter().zip(&aggregates) {
        let columns = (schema.columns)();
        let table = Table::from_dataframe((schema.name, schema.row), &columns, schema.keys, frame)
            .map_err(polars_error)?;
        aggregate_tables.push(table);
    }
    let mut context = report_context(sources, mentions, people, warnings, labels);
    context.conflicts_by_field = conflicts_by_field(&tables[2]);
    context.tables = tables
        .iter()
        .chain(&aggregate_tables)
        .map(|t| t.name.to_owned())
        .collect();
    context.explorer_json = explorer::explorer_json(&tables[0], &tables[1], &tables[5]);
    let report = defectors_stats::build_report(&defectors_frame, &aggregates, &context)
        .map_err(stats_error)?;
    Ok((aggregate_tables, report))
}

/// Drops the records on every core: the value rows are millions of small allocations (a
/// text and two lists of ids each), which take seconds to free on one thread at a million
/// people.
fn drop_in_parallel<T: Send>(records: Vec<T>) {
    records.into_par_iter().for_each(drop);
}

/// Where the record tables go as soon as each is built: kept whole in memory, or written
/// into an output folder and kept only as far as later steps read them. A build small enough
/// to carry the explorer (which reads most of them anyway) holds them whole until
/// [`TableSink::write_held`] writes them all at once, beside the aggregates and report.
struct TableSink<'a> {
    /// The folder to write into; `None` keeps every table whole.
    dir: Option<&'a Path>,
    /// Whether the report's explorer will read the `mentions` and `person_values` tables.
    explorer: bool,
    /// The tables written so far.
    written: Vec<&'static str>,
}

impl<'a> TableSink<'a> {
    /// A sink that writes each table into `dir`, or keeps every table whole for `None`.
    fn new(dir: Option<&'a Path>) -> Self {
        Self {
            dir,
            explorer: true,
            written: Vec::new(),
        }
    }

    /// Notes the number of people: the explorer reads its tables only for a build it
    /// carries.
    fn expect_people(&mut self, people: usize) {
        self.explorer = people <= explorer::EXPLORER_MAX_PEOPLE;
    }

    /// Whether the aggregates, the report or its explorer read the table's rows.
    fn read_later(&self, name: &str) -> bool {
        match name {
            "people" | "conflicts" => true,
            "mentions" | "person_values" => self.explorer,
            _ => false,
        }
    }

    /// Takes a finished table: writes it when the sink has a folder and does not hold its
    /// tables, then drops its rows unless they are read later.
    fn accept(&mut self, table: Table) -> Result<Table, PipelineError> {
        let Some(dir) = self.dir.filter(|_| !self.explorer) else {
            return Ok(table);
        };
        table.write(dir)?;
        self.written.push(table.name);
        Ok(if self.read_later(table.name) {
            table
        } else {
            table.drop_rows()
        })
    }

    /// Whether the sink writes the table `name` chunk by chunk: it writes tables without
    /// holding them, and nothing reads this one later.
    fn streams(&self, name: &str) -> bool {
        self.dir.is_some() && !self.explorer && !self.read_later(name)
    }

    /// Writes the tables of `tables` that the sink held (see [`TableSink`]), in parallel, and
    /// returns their names.
    fn write_held(&self, tables: &[Table]) -> Result<Vec<&'static str>, PipelineError> {
        let Some(dir) = self.dir.filter(|_| self.explorer) else {
            return Ok(Vec::new());
        };
        tables.par_iter().try_for_each(|table| table.write(dir))?;
        Ok(tables.iter().map(|table| table.name).collect())
    }

    /// Builds the table `name` of `rows` with `build` and takes it. A table the sink
    /// [streams](TableSink::streams) is built one row group of rows at a time (see
    /// [`TableSink::write_chunks`]) and is never held whole.
    fn accept_rows<R>(
        &mut self,
        name: &'static str,
        rows: &[R],
        build: impl Fn(&[R]) -> Table,
    ) -> Result<Table, PipelineError> {
        if !self.streams(name) {
            return self.accept(build(rows));
        }
        let mut chunks = rows.chunks(table::ROW_GROUP_ROWS);
        let first = build(chunks.next().unwrap_or(&[]));
        self.write_chunks(first, chunks.map(build))
    }

    /// Writes a table from its `first` chunk and the `rest` (tables of the same columns),
    /// each written and dropped before the next is built (writing a chunk already keeps every
    /// core busy; building the next at the same time gained no time and held two chunks).
    /// Chunks of a row group each give the same Parquet file as a whole table. Returns the
    /// table without its rows.
    fn write_chunks(
        &mut self,
        first: Table,
        mut rest: impl Iterator<Item = Table>,
    ) -> Result<Table, PipelineError> {
        let dir = self.dir.expect("only a sink with a folder streams");
        let name = first.name;
        let mut file = TableFile::create(dir, &first)?;
        let mut pending = Some(first);
        while let Some(chunk) = pending.take() {
            file.append(&chunk)?;
            drop(chunk);
            pending = rest.next();
        }
        self.written.push(name);
        file.finish()
    }
}

/// The seven record tables of the linked mentions, each given to `sink` as soon as it is
/// built, and the people (in id order) with the seconds spent building them. The records are
/// dropped as soon as their tables are built (the match evidence first, then the people's
/// value rows and events a range at a time, then the mentions), so that the largest of them
/// and their tables are never all held at once. The warnings of unsupported people join
/// `diagnostics`, which are sorted before their table is built.
fn record_tables(
    linked: &mut Linked,
    (mentions, cleaned): (Vec<Mention>, Vec<CleanedMention>),
    diagnostics: &mut Vec<Diagnostic>,
    sink: &mut TableSink,
) -> Result<(Vec<Table>, Vec<Person>, f64), PipelineError> {
    let (evidence, keys) = (
        std::mem::take(&mut linked.evidence),
        std::mem::take(&mut linked.keys),
    );
    let linked = &*linked;
    // Borrowed from the people: a copy per mention would be millions of small texts.
    let person_ids: Vec<&str> = linked
        .person_of_mention
        .iter()
        .map(|&p| linked.person_ids()[p].as_str())
        .collect();
    // The match evidence first, its mention ids formatted chunk by chunk: its rows (6.4M at
    // a million people) are dropped before the people are built.
    let match_evidence = sink.accept_rows("match_evidence", &evidence, |rows| {
        schema::match_evidence_table(rows, &mentions, &person_ids, &keys)
    })?;
    drop((evidence, keys));
    let MentionIds {
        ids: mention_ids,
        sources: source_ids,
    } = MentionIds::of(&mentions);
    let ids = schema::RowIds {
        mentions: &mention_ids,
        sources: &source_ids,
        people: linked.person_ids(),
    };
    let built = people_tables::people_tables(linked, (&mentions, &cleaned), &ids, sink)?;
    diagnostics.extend(linked.unsupported_warnings(&built.people, &mentions));
    sort_diagnostics(diagnostics);
    drop((mention_ids, source_ids));
    let mentions = mentions_table(mentions, cleaned, &person_ids, sink)?;
    drop(person_ids);
    // Built once the mentions are dropped: the people table is kept for the aggregates, and
    // held next to the mentions it would add to the peak memory of the build.
    let people: Vec<&Person> = built.people.iter().collect();
    let (people, diagnostics) = rayon::join(
        || schema::people_table(&people),
        || schema::diagnostics_table(diagnostics),
    );
    let people = sink.accept(people)?;
    let diagnostics = sink.accept(diagnostics)?;
    let tables = vec![
        mentions,
        people,
        built.conflicts,
        match_evidence,
        diagnostics,
        built.person_values,
        built.events,
    ];
    Ok((tables, built.people, built.building))
}

/// The id and source id of every mention, by mention index, which later tables write the
/// mentions with.
#[derive(Default)]
struct MentionIds {
    /// Each mention's id (`source:line:n`).
    ids: Vec<String>,
    /// Each mention's source id.
    sources: Vec<std::sync::Arc<str>>,
}

impl MentionIds {
    /// The ids of `mentions`.
    fn of(mentions: &[Mention]) -> Self {
        Self {
            ids: mentions.par_iter().map(Mention::mention_id).collect(),
            sources: defectors_resolve::shared_source_ids(mentions),
        }
    }
}

/// The `mentions` table, given to `sink`. The mentions and their cleaned values are dropped
/// as their rows are built: chunk by chunk where the sink streams the table.
fn mentions_table(
    mentions: Vec<Mention>,
    cleaned: Vec<CleanedMention>,
    person_ids: &[&str],
    sink: &mut TableSink,
) -> Result<Table, PipelineError> {
    let build = |mentions: &[Mention], cleaned: &[CleanedMention], person_ids: &[&str]| {
        let rows: Vec<schema::MentionRow> = mentions
            .iter()
            .zip(person_ids)
            .zip(cleaned)
            .map(|((mention, person_id), cleaned)| schema::MentionRow {
                mention,
                person_id,
                cleaned,
            })
            .collect();
        schema::mentions_table(&rows)
    };
    if !sink.streams("mentions") {
        return sink.accept(build(&mentions, &cleaned, person_ids));
    }
    let chunk = table::ROW_GROUP_ROWS;
    let (mut mentions, mut cleaned) = (mentions.into_iter(), cleaned.into_iter());
    // Each chunk is built from the front of what is left and then dropped where it lies:
    // moving a quarter-million records into chunk vectors first cost time (memmove) and held
    // the moved chunk next to the vectors it came from.
    let mut chunks = person_ids.chunks(chunk).map(move |person_ids| {
        let n = person_ids.len();
        let table = build(
            &mentions.as_slice()[..n],
            &cleaned.as_slice()[..n],
            person_ids,
        );
        mentions.by_ref().take(n).for_each(drop);
        cleaned.by_ref().take(n).for_each(drop);
        table
    });
    let first = chunks.next().unwrap_or_else(|| build(&[], &[], &[]));
    sink.write_chunks(first, chunks)
}

/// Per conflicting field, the number of people the sources disagree on it for.
fn conflicts_by_field(conflicts: &Table) -> Vec<(String, usize)> {
    let mut people: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for i in 0..conflicts.height() {
        let field = conflicts.cell("field", i).unwrap_or_default();
        let person = conflicts.cell("person_id", i).unwrap_or_default();
        people.entry(field).or_default().insert(person);
    }
    people.into_iter().map(|(f, p)| (f, p.len())).collect()
}

/// What the report says about the sources and the build.
fn report_context(
    sources: &[ParsedSource],
    mentions: usize,
    people: &[&Person],
    warnings: usize,
    labels: defectors_stats::Labels,
) -> defectors_stats::ReportContext {
    defectors_stats::ReportContext {
        sources: sources
            .iter()
            .map(|s| defectors_stats::SourceNote {
                id: s.spec.id.clone(),
                title: s.spec.title.clone().unwrap_or_default(),
                license: s
                    .spec
                    .license
                    .clone()
                    .unwrap_or_else(|| "license not stated".to_owned()),
                url: s.spec.url.clone().unwrap_or_default(),
                retrieved: s.spec.retrieved.clone(),
                coverage: s.spec.coverage.clone(),
            })
            .collect(),
        mentions,
        status_counts: Status::ALL
            .iter()
            .map(|s| (*s, people.iter().filter(|p| p.status == *s).count()))
            .collect(),
        disputed: people
            .iter()
            .filter(|p| p.status == Status::Disputed)
            .map(|p| p.name.to_string())
            .collect(),
        conflicts_by_field: Vec::new(),
        warnings,
        labels,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        tables: Vec::new(),
        explorer_json: None,
    }
}

/// Writes every output file into `dir` but the tables named in `already_written`, and
/// returns the paths of all of them relative to it.
fn write_output(
    dir: &Path,
    tables: &[Table],
    already_written: &[&str],
    sources: &[ParsedSource],
    report: &defectors_stats::Report,
) -> Result<Vec<String>, PipelineError> {
    // What is left are the aggregate tables, always small (the record tables are written
    // before), so they are written in parallel.
    tables
        .par_iter()
        .filter(|table| !already_written.contains(&table.name))
        .try_for_each(|table| table.write(dir))?;
    let mut written = Vec::new();
    for table in tables {
        written.push(format!("{}.parquet", table.name));
        written.push(format!("csv/{}.csv", table.name));
    }
    let specs: Vec<SourceSpec> = sources.iter().map(|s| s.spec.clone()).collect();
    let package = datapackage::datapackage(tables, &specs);
    let text = serde_json::to_string_pretty(&package).expect("JSON values serialise") + "\n";
    let write_file = |relative: &str, text: &str| {
        let path = dir.join(relative);
        std::fs::write(&path, text).map_err(|source| PipelineError::Write { path, source })
    };
    for (file, svg) in &report.charts {
        write_file(&format!("charts/{file}"), svg)?;
        written.push(format!("charts/{file}"));
    }
    write_file("report.md", &report.markdown)?;
    write_file("report.html", &report.html)?;
    written.push("report.md".to_owned());
    written.push("report.html".to_owned());
    // Written last: its presence marks a complete output folder.
    write_file("datapackage.json", &text)?;
    written.push("datapackage.json".to_owned());
    Ok(written)
}

/// Runs the whole build: read, parse, clean, resolve, then publish the output folder
/// atomically (see [`publish`]).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, PipelineError> {
    build_reporting(options, &|_| {})
}

/// [`build`], calling `progress` with the name of each stage (see [`STAGES`]) as it starts.
pub fn build_reporting(
    options: &BuildOptions,
    progress: &dyn Fn(&'static str),
) -> Result<BuildSummary, PipelineError> {
    let out = &options.out_dir;
    let inputs = build_inputs(options)?;
    let input_refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    publish::check_not_input(out, &input_refs)?;
    // The record tables are written into the staging folder as they are built.
    let staging = publish::Staging::begin(out)?;
    let mut sink = TableSink::new(Some(staging.dir()));
    let limits = (options.reference_dir.as_deref(), options.max_source_bytes);
    let BuiltTables {
        sources,
        tables,
        diagnostics,
        mention_count,
        mut timings,
        report,
    } = build_into(&options.manifest, limits, progress, &mut sink)?;
    let write_start = std::time::Instant::now();
    let written = write_output(staging.dir(), &tables, &sink.written, &sources, &report)?;
    staging.publish()?;
    timings.push(("write", write_start.elapsed().as_secs_f64()));
    progress("done");
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if options.strict && warnings > 0 {
        return Err(PipelineError::Strict {
            count: warnings,
            path: out.join("csv").join("diagnostics.csv"),
        });
    }
    Ok(summarize(
        &sources,
        &diagnostics,
        mention_count,
        &tables,
        written,
        timings,
    ))
}

/// The command-line summary of a build.
fn summarize(
    sources: &[ParsedSource],
    diagnostics: &[Diagnostic],
    mention_count: usize,
    tables: &[Table],
    written: Vec<String>,
    timings: Vec<(&'static str, f64)>,
) -> BuildSummary {
    BuildSummary {
        sources: sources
            .iter()
            .map(|s| SourceSummary {
                id: s.spec.id.clone(),
                format: s.spec.format.to_string(),
                mentions_by_section: s.mentions_by_section.clone(),
            })
            .collect(),
        diagnostics_by_code: diagnostics.iter().fold(BTreeMap::new(), |mut acc, d| {
            *acc.entry(d.code.clone()).or_insert(0) += 1;
            acc
        }),
        mentions: mention_count,
        written,
        timings,
        people: tables.iter().find(|t| t.name == "people").map_or(0, |t| {
            (0..t.height())
                .filter(|&i| t.cell("status", i).as_deref() == Some(Status::Defector.as_str()))
                .count()
        }),
    }
}

/// The manifest and every source path it names (an output folder must hold none of them).
fn build_inputs(options: &BuildOptions) -> Result<Vec<PathBuf>, PipelineError> {
    let specs = load_manifest(&options.manifest)?;
    let mut inputs = vec![options.manifest.clone()];
    inputs.extend(specs.into_iter().map(|s| s.path));
    Ok(inputs)
}
