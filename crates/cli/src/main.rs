//! `defectors`: a thin command line over the pipeline. It parses arguments, calls
//! `defectors-pipeline`, prints a summary, and turns errors into one line and a non-zero exit.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use defectors_pipeline::{BuildOptions, BuildSummary};

/// mimalloc instead of the system allocator: less time and memory on large builds (see the
/// workspace Cargo.toml and BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "defectors",
    version,
    about = "Builds the defectors dataset from raw documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read every source of a manifest and write the output tables.
    Build {
        /// The manifest (`sources.toml`); source paths are relative to its folder.
        #[arg(long)]
        manifest: PathBuf,
        /// The output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Fail (exit 1) when the build produces any warning.
        #[arg(long)]
        strict: bool,
        /// The reference tables folder [default: ../reference beside the manifest's folder].
        #[arg(long)]
        reference: Option<PathBuf>,
        /// The largest source file read, in MiB (a larger one is refused).
        #[arg(long, default_value_t = 64)]
        max_source_mb: u64,
    },
    /// Print an aggregate table of a built output folder.
    Stats {
        /// What to count people by.
        #[arg(long, value_parser = ["decade", "agency", "profession", "destination", "origin"])]
        by: String,
        /// The built output folder.
        #[arg(long, default_value = "data/out")]
        out: PathBuf,
    },
    /// Print one person's record from a built output folder.
    Show {
        /// A name, part of a name, or a person id.
        name: String,
        /// The built output folder.
        #[arg(long, default_value = "data/out")]
        out: PathBuf,
    },
    /// Show a person's mentions (source:line), merges with their evidence, events, and the values where sources differ.
    Explain {
        /// A name, part of a name, or a person id.
        name: String,
        /// The built output folder.
        #[arg(long, default_value = "data/out")]
        out: PathBuf,
    },
    /// Print the README's generated tables of columns and diagnostic codes.
    #[command(hide = true)]
    Docs,
}

/// Turns off transparent huge pages for this process. mimalloc asks for them, and the kernel
/// then clears 2 MiB for every fresh region a thread touches: on the seeds that was more than
/// half the run, on large builds 20% of it, with a larger peak memory.
fn disable_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    disable_huge_pages();
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = run(cli.command, &mut stdout).and_then(|()| stdout.flush().map_err(Failure::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`defectors … | head`) is not an error.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command failed.
enum Failure {
    /// The pipeline's error (with its file and line).
    Pipeline(defectors_pipeline::PipelineError),
    /// Standard output could not be written (closed, full).
    Output(std::io::Error),
    /// Any other message.
    Message(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Output(e)
    }
}

impl From<defectors_pipeline::PipelineError> for Failure {
    fn from(e: defectors_pipeline::PipelineError) -> Self {
        Failure::Pipeline(e)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Pipeline(e) => write!(f, "{e}"),
            Failure::Output(e) => write!(f, "cannot write to standard output: {e}"),
            Failure::Message(m) => f.write_str(m),
        }
    }
}

fn run(command: Command, stdout: &mut impl Write) -> Result<(), Failure> {
    match command {
        Command::Build {
            manifest,
            out,
            strict,
            reference,
            max_source_mb,
        } => {
            let options = BuildOptions {
                manifest,
                out_dir: out.clone(),
                // `--strict` is applied below, after the summary is printed.
                strict: false,
                reference_dir: reference,
                max_source_bytes: max_source_mb.saturating_mul(1024 * 1024),
            };
            let progress = Progress::start();
            let built =
                defectors_pipeline::build_reporting(&options, &|stage| progress.stage(stage));
            progress.finish();
            let summary = built?;
            print_summary(stdout, &summary, &out)?;
            if strict && summary.warnings() > 0 {
                return Err(Failure::Pipeline(
                    defectors_pipeline::PipelineError::Strict {
                        count: summary.warnings(),
                        path: out.join("csv").join("diagnostics.csv"),
                    },
                ));
            }
            Ok(())
        }
        Command::Docs => {
            Ok(stdout.write_all(defectors_pipeline::docs::docs_markdown().as_bytes())?)
        }
        Command::Explain { name, out } => print_found(
            stdout,
            defectors_pipeline::explain(&out, &name)?,
            &name,
            &out,
        ),
        Command::Show { name, out } => {
            print_found(stdout, defectors_pipeline::show(&out, &name)?, &name, &out)
        }
        Command::Stats { by, out } => {
            let text = defectors_pipeline::stats_table(&out, &by)?;
            Ok(stdout.write_all(text.as_bytes())?)
        }
    }
}

/// Stage progress on standard error: a spinner naming the running stage, shown only when
/// standard error is a terminal and the build has run for a second (silent otherwise).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn start() -> Self {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Self { bar: Some(bar) }
    }

    fn stage(&self, stage: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(stage.to_owned());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_found(
    stdout: &mut impl Write,
    found: Option<String>,
    name: &str,
    out: &std::path::Path,
) -> Result<(), Failure> {
    match found {
        Some(text) => Ok(stdout.write_all(text.as_bytes())?),
        None => Err(Failure::Message(format!(
            "nobody in {} matches `{name}`",
            out.display()
        ))),
    }
}

fn print_summary(
    stdout: &mut impl Write,
    summary: &BuildSummary,
    out: &std::path::Path,
) -> Result<(), Failure> {
    writeln!(stdout, "read {} sources:", summary.sources.len())?;
    for source in &summary.sources {
        let total: usize = source.mentions_by_section.values().sum();
        let sections: Vec<String> = source
            .mentions_by_section
            .iter()
            .map(|(section, n)| format!("{} {n}", section.as_str()))
            .collect();
        writeln!(
            stdout,
            "  {:<36} {:<9} {total:>4} mentions ({})",
            source.id,
            source.format,
            sections.join(", ")
        )?;
    }
    writeln!(
        stdout,
        "{} mentions in all, {} people",
        summary.mentions, summary.people
    )?;
    if summary.diagnostics_by_code.is_empty() {
        writeln!(stdout, "no warnings")?;
    } else {
        writeln!(stdout, "{} warnings:", summary.warnings())?;
        for (code, n) in &summary.diagnostics_by_code {
            writeln!(stdout, "  {code:<32} {n:>4}")?;
        }
    }
    writeln!(
        stdout,
        "wrote {} files to {}",
        summary.written.len(),
        out.display()
    )?;
    let stages: Vec<String> = summary
        .timings
        .iter()
        .map(|(stage, s)| format!("{stage} {s:.2}s"))
        .collect();
    eprintln!("time: {}", stages.join(", "));
    Ok(())
}
