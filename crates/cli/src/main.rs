//! `defectors`: a thin command line over the pipeline. It parses arguments, calls
//! `defectors-pipeline`, prints a summary, and turns errors into one line and a non-zero exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use defectors_pipeline::{BuildOptions, BuildSummary};

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
    /// Show a person's mentions (source:line), merges with their evidence, and conflicts.
    Explain {
        /// A name, part of a name, or a person id.
        name: String,
        /// The built output folder.
        #[arg(long, default_value = "data/out")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            manifest,
            out,
            strict,
            reference,
        } => match defectors_pipeline::build(&BuildOptions {
            manifest,
            out_dir: out.clone(),
            strict,
            reference_dir: reference,
        }) {
            Ok(summary) => {
                print_summary(&summary, &out);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Command::Explain { name, out } => explain(&name, &out),
        Command::Show { name, out } => {
            print_found(defectors_pipeline::show(&out, &name), &name, &out)
        }
        Command::Stats { by, out } => match defectors_pipeline::stats_table(&out, &by) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
    }
}

fn explain(name: &str, out: &std::path::Path) -> ExitCode {
    print_found(defectors_pipeline::explain(out, name), name, out)
}

fn print_found(
    found: Result<Option<String>, defectors_pipeline::PipelineError>,
    name: &str,
    out: &std::path::Path,
) -> ExitCode {
    match found {
        Ok(Some(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("error: nobody in {} matches `{name}`", out.display());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn print_summary(summary: &BuildSummary, out: &std::path::Path) {
    println!("read {} sources:", summary.sources.len());
    for source in &summary.sources {
        let total: usize = source.mentions_by_section.values().sum();
        let sections: Vec<String> = source
            .mentions_by_section
            .iter()
            .map(|(section, n)| format!("{} {n}", section.as_str()))
            .collect();
        println!(
            "  {:<36} {:<9} {total:>4} mentions ({})",
            source.id,
            source.format,
            sections.join(", ")
        );
    }
    println!(
        "{} mentions in all, {} people",
        summary.mentions, summary.people
    );
    if summary.diagnostics_by_code.is_empty() {
        println!("no warnings");
    } else {
        println!("{} warnings:", summary.warnings());
        for (code, n) in &summary.diagnostics_by_code {
            println!("  {code:<32} {n:>4}");
        }
    }
    println!("wrote {} files to {}", summary.written.len(), out.display());
    let stages: Vec<String> = summary
        .timings
        .iter()
        .map(|(stage, s)| format!("{stage} {s:.2}s"))
        .collect();
    eprintln!("time: {}", stages.join(", "));
}
