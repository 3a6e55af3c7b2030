//! The ledger: `contribute`, `expense`, `reverse`, `ledger`, `summary`.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{LedgerQuery, NewContribution, NewExpense, Result};

use super::context::Context;
use crate::output;

#[derive(Args)]
pub(crate) struct ReverseArgs {
    /// The id of the entry to reverse (or its first characters), as `commonpot ledger` shows.
    #[arg(value_name = "ENTRY_ID")]
    pub entry: String,
    /// Why, in a few words ("entered twice by mistake").
    #[arg(long)]
    pub reason: String,
}

#[derive(Args)]
pub(crate) struct LedgerArgs {
    /// Only entries of this project ("general" for the general fund).
    #[arg(long, value_name = "REF")]
    pub project: Option<String>,
    /// Only entries of this member.
    #[arg(long, value_name = "REF")]
    pub member: Option<String>,
    /// At most this many entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Only contributions through this channel (and their reversals).
    #[arg(long, value_name = "CH")]
    pub channel: Option<String>,
    /// Only from this day on.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Only up to this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Only entries whose note, payee or reason contains this text.
    #[arg(long, value_name = "T")]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub(crate) struct SummaryArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub(crate) struct ContributeArgs {
    /// The project's code or id, or "general" for the general fund.
    #[arg(long, value_name = "REF")]
    project: String,
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    amount: String,
    /// cash, transfer, card, mobile or other.
    #[arg(long, value_name = "CH")]
    channel: String,
    /// The member who gave, if known.
    #[arg(long, value_name = "REF")]
    member: Option<String>,
    /// The member who collected the money, for cash.
    #[arg(long, value_name = "REF")]
    collector: Option<String>,
    /// When it was received (default now). Times are UTC.
    #[arg(long, value_name = "YYYY-MM-DD[THH:MM]")]
    received: Option<String>,
    #[arg(long, value_name = "T")]
    note: Option<String>,
    /// Record under this UUIDv7. Repeating the same contribution with the same id changes nothing.
    #[arg(long, value_name = "UUID")]
    id: Option<String>,
    /// The open cash collection the gift was entered in.
    #[arg(long, value_name = "ID")]
    collection: Option<String>,
}

#[derive(Subcommand)]
pub(crate) enum ExpenseCommand {
    /// Record an expense. Prints its id.
    Add {
        #[arg(long, value_name = "REF")]
        project: String,
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        amount: String,
        /// Who was paid.
        #[arg(long, value_name = "T")]
        payee: String,
        /// When it was paid (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        paid: Option<String>,
        #[arg(long, value_name = "T")]
        note: Option<String>,
    },
}

pub(crate) fn contribute(a: ContributeArgs, cx: &Context) -> Result<ExitCode> {
    let recorded = cx.open()?.record_contribution(NewContribution {
        project: a.project,
        amount: a.amount,
        channel: a.channel,
        member: a.member,
        collector: a.collector,
        received: a.received,
        note: a.note,
        id: a.id,
        collection: a.collection,
    })?;
    if recorded.already_present {
        eprintln!("already recorded with the same content; nothing changed");
    }
    println!("{}", recorded.id);

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn reverse(args: ReverseArgs, cx: &Context) -> Result<ExitCode> {
    let ReverseArgs { entry, reason } = args;
    let id = cx.open()?.reverse(&entry, &reason)?;
    println!("{id}");

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn ledger(args: LedgerArgs, cx: &Context) -> Result<ExitCode> {
    let LedgerArgs {
        project,
        member,
        limit,
        channel,
        from,
        to,
        search,
        json,
    } = args;
    let books = cx.open()?;
    let lines = books.ledger(&LedgerQuery {
        project,
        member,
        limit,
        channel,
        from,
        to,
        text: search,
        ..LedgerQuery::default()
    })?;
    output::ledger(&books, &lines, json)?;

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn summary(args: SummaryArgs, cx: &Context) -> Result<ExitCode> {
    let SummaryArgs { json } = args;
    output::summary(&cx.open()?, json)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn expense(command: ExpenseCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        ExpenseCommand::Add {
            project,
            amount,
            payee,
            paid,
            note,
        } => {
            let id = cx.open()?.record_expense(NewExpense {
                project,
                amount,
                payee,
                paid,
                note,
            })?;
            println!("{id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
