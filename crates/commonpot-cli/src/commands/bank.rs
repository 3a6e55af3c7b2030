//! `bank` statements, and a project's or member's payment `reference` and `qr` code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{BankFormat, Result};

use super::context::Context;
use crate::output;

#[derive(Args)]
pub(crate) struct ReferenceArgs {
    /// A project (code or id), or a member (number or id); "general" with --member.
    #[arg(value_name = "REF")]
    pub reference: String,
    #[arg(long, value_name = "MEMBER")]
    pub member: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub(crate) struct QrArgs {
    /// A project (code or id), or a member (number or id); "general" with --member.
    #[arg(value_name = "REF")]
    pub reference: String,
    #[arg(long, value_name = "MEMBER")]
    pub member: Option<String>,
    /// The amount the banking app fills in; left to the giver when absent.
    #[arg(long, value_name = "AMOUNT")]
    pub amount: Option<String>,
    #[arg(long, value_name = "FILE.png|FILE.svg")]
    pub out: PathBuf,
}

#[derive(Subcommand)]
pub(crate) enum BankCommand {
    /// Import a bank statement file: lines already imported are known, credits matched to a
    /// project and member become contributions (transfer), the rest waits in the queue.
    #[command(group = clap::ArgGroup::new("format").required(true).args(["camt", "csv"]))]
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// An ISO 20022 camt.053 statement (XML).
        #[arg(long)]
        camt: bool,
        /// A CSV export, read with the saved profile of this name.
        #[arg(long, value_name = "PROFILE")]
        csv: Option<String>,
        /// Report what would happen without saving anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// CSV column profiles: how a bank's CSV export is read.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// The lines that wait for a person, with the reason and any suggestion.
    Queue {
        #[arg(long)]
        json: bool,
    },
    /// Say what a waiting line is: a credit becomes a contribution to the project from the
    /// member; a debit an expense of the project. The account is remembered for the member.
    Assign {
        #[arg(value_name = "LINE_ID")]
        line: String,
        /// A project code or id; "general" for the general fund.
        #[arg(long, value_name = "REF")]
        project: String,
        #[arg(long, value_name = "REF")]
        member: Option<String>,
        /// Do not remember the counterparty's account for later transfers.
        #[arg(long)]
        no_remember: bool,
    },
    /// The bank's last stated balance of each account beside the ledger's, and the lines.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum ProfileCommand {
    /// Save how a bank's CSV export is read.
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        /// The column separator: ; , | : or tab.
        #[arg(long, value_name = "C")]
        delimiter: String,
        /// The decimal mark of amounts: , or .
        #[arg(long, value_name = "C")]
        decimal: String,
        /// How dates are written, like %d.%m.%Y or %Y-%m-%d.
        #[arg(long, value_name = "FORMAT")]
        date_format: String,
        /// Which column (from 1) holds what: date=1,amount=4,name=2,iban=3,text=5[,ref=6].
        #[arg(long, value_name = "ROLE=N,…")]
        columns: String,
        /// utf-8 (default) or windows-1252.
        #[arg(long, value_name = "ENCODING")]
        encoding: Option<String>,
    },
    /// The saved profiles.
    List,
}

pub(crate) fn reference(args: ReferenceArgs, cx: &Context) -> Result<ExitCode> {
    let ReferenceArgs {
        reference,
        member,
        json,
    } = args;
    let r = cx
        .open()?
        .payment_reference(&reference, member.as_deref())?;
    output::payment_reference(&r, json);

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn qr(args: QrArgs, cx: &Context) -> Result<ExitCode> {
    let QrArgs {
        reference,
        member,
        amount,
        out,
    } = args;
    let books = cx.open()?;
    let r = books.payment_reference(&reference, member.as_deref())?;
    let size = books.save_payment_code(&r, amount.as_deref(), &out)?;
    println!(
        "wrote the payment code for {} to {} ({} KB)",
        r.grouped,
        out.display(),
        size.div_ceil(1024)
    );

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn bank(command: BankCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        BankCommand::Import {
            file,
            camt,
            csv,
            dry_run,
            json,
        } => {
            let format = match (camt, csv) {
                (_, Some(profile)) => BankFormat::Csv(profile),
                _ => BankFormat::Camt,
            };
            let report = cx.open()?.import_bank_file(&file, &format, dry_run)?;
            output::bank_import(&report, &file, json);
        }
        BankCommand::Profile(ProfileCommand::Add {
            name,
            delimiter,
            decimal,
            date_format,
            columns,
            encoding,
        }) => {
            let p = cx.open()?.add_bank_profile(
                &name,
                &delimiter,
                &decimal,
                &date_format,
                &columns,
                encoding.as_deref(),
            )?;
            println!(
                "saved the CSV profile \"{}\": columns {}, dates {}, decimal mark \"{}\", {}",
                p.name,
                p.columns.spec(),
                p.date_format,
                char::from(p.decimal),
                p.encoding.as_str()
            );
        }
        BankCommand::Profile(ProfileCommand::List) => {
            output::bank_profiles(&cx.open()?.bank_profiles()?)
        }
        BankCommand::Queue { json } => output::bank_queue(&cx.open()?.bank_queue()?, json),
        BankCommand::Assign {
            line,
            project,
            member,
            no_remember,
        } => {
            let mut books = cx.open()?;
            let id = books.assign_bank_line(&line, &project, member.as_deref(), !no_remember)?;
            println!("bank line {} is now entry {id}", line.trim());
        }
        BankCommand::Status { json } => output::bank_status(&cx.open()?.bank_overview()?, json),
    }
    Ok(ExitCode::SUCCESS)
}
