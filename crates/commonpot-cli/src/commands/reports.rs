//! `report`: the printed documents.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{AppError, Books, Field, Paper, PrintOptions, Result};

use super::context::Context;

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum PaperArg {
    A4,
    Letter,
}

/// Where a document goes and how it is printed.
#[derive(Args)]
pub(crate) struct PrintArgs {
    /// The PDF file to write.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Paper size.
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// The generation time printed in the footer (UTC); now when absent. Fixing it makes the
    /// same books give the same bytes.
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    generated_at: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// The funding statement for a meeting: money in and out in the period, every project,
    /// expenses, decisions closed, open cash collections.
    Meeting {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// A project's public statement for a notice board: no names, no individual amounts, and a
    /// payment code when the association has an IBAN and keeps euro.
    Project {
        #[arg(value_name = "REF")]
        project: String,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// A member's contributions, participation and weight for a year; a donation receipt when
    /// the association has a receipt text.
    Member {
        #[arg(value_name = "REF")]
        member: String,
        #[arg(long, value_name = "YYYY")]
        year: String,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// The count sheet of a cash collection (blank lines to count on while it is open).
    CashSheet {
        #[arg(value_name = "COLLECTION_ID")]
        collection: String,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// Numbered paper ballots for a decision, several to a page with cut marks.
    Ballot {
        #[arg(value_name = "DECISION_ID")]
        decision: String,
        /// How many ballots.
        #[arg(long, value_name = "N", default_value_t = 1)]
        count: u32,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// A poster for a project: goal, progress, payment code and reference in large print.
    Poster {
        #[arg(value_name = "REF")]
        project: String,
        #[command(flatten)]
        print: PrintArgs,
    },
}

impl ReportCommand {
    fn print(&self) -> &PrintArgs {
        match self {
            ReportCommand::Meeting { print, .. }
            | ReportCommand::Project { print, .. }
            | ReportCommand::Member { print, .. }
            | ReportCommand::CashSheet { print, .. }
            | ReportCommand::Ballot { print, .. }
            | ReportCommand::Poster { print, .. } => print,
        }
    }
}

impl PrintArgs {
    fn options(&self) -> PrintOptions {
        PrintOptions {
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            },
            generated_at: self.generated_at.clone(),
        }
    }

    /// Writes the document whole or not at all, and says where.
    fn write(&self, books: &Books, bytes: &[u8]) -> Result<(), AppError> {
        let out = &self.out;
        books.write_document(Field::OutputFile, out, bytes)?;
        println!(
            "wrote {} ({} KB)",
            out.display(),
            bytes.len().div_ceil(1024)
        );
        Ok(())
    }
}

pub(crate) fn report(command: ReportCommand, cx: &Context) -> Result<ExitCode> {
    let mut books = cx.open()?;
    books.check_output(
        Field::OutputFile,
        &command.print().out,
        commonpot_app::OutputKind::Pdf,
    )?;
    let (bytes, print) = match &command {
        ReportCommand::Meeting { from, to, print } => {
            (books.report_meeting(from, to, &print.options())?, print)
        }
        ReportCommand::Project { project, print } => {
            (books.report_project(project, &print.options())?, print)
        }
        ReportCommand::Member {
            member,
            year,
            print,
        } => (books.report_member(member, year, &print.options())?, print),
        ReportCommand::CashSheet { collection, print } => (
            books.report_cash_sheet(collection, &print.options())?,
            print,
        ),
        ReportCommand::Ballot {
            decision,
            count,
            print,
        } => (
            books.report_ballots(decision, *count, &print.options())?,
            print,
        ),
        ReportCommand::Poster { project, print } => {
            (books.report_poster(project, &print.options())?, print)
        }
    };
    print.write(&books, &bytes)?;

    Ok(ExitCode::SUCCESS)
}
