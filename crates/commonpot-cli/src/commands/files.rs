//! `import` and `export`: contributions as CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use commonpot_app::Result;

use super::context::Context;

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// Contributions from CSV with the header id,received,project,member,amount,channel,collector,note.
    Contributions {
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Check the whole file and say what would be imported, without saving anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// Every contribution, in the same CSV format the import reads.
    Contributions {
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
}

pub(crate) fn import(command: ImportCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        ImportCommand::Contributions { file, dry_run } => {
            let report = cx.open()?.import_contributions(&file, dry_run)?;
            let verb = if dry_run { "would import" } else { "imported" };
            println!(
                "{verb} {} contributions from {} ({} lines; {} already recorded)",
                report.added,
                file.display(),
                report.lines,
                report.already_present
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn export(command: ExportCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        ExportCommand::Contributions { out } => {
            let n = cx.open()?.export_contributions(&out)?;
            println!("exported {n} contributions to {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
