//! The association: creating it (`init`), its settings, and the demo association.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{AssociationChange, Books, DemoOptions, Env, NewAssociation, Result};

use super::context::Context;
use crate::output;

#[derive(Args)]
pub(crate) struct InitArgs {
    /// The association's name, as printed on statements.
    #[arg(long)]
    pub name: String,
    /// ISO 4217 currency code, such as EUR, CHF or GBP. It fixes how many decimals amounts have.
    #[arg(long)]
    pub currency: String,
    /// How the association writes numbers and dates: en, en-GB, de-DE, fr-FR, … (default en).
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// A name for this laptop, shown when books from several laptops are merged.
    #[arg(long, value_name = "NAME")]
    pub device_name: Option<String>,
}

#[derive(Args)]
pub(crate) struct DemoArgs {
    /// How many members.
    #[arg(long, value_name = "N", default_value_t = DemoOptions::default().members)]
    pub members: u32,
    /// How many contributions.
    #[arg(long, value_name = "N", default_value_t = DemoOptions::default().contributions)]
    pub contributions: u64,
    /// The same seed gives the same association.
    #[arg(long, value_name = "S", default_value_t = DemoOptions::default().seed)]
    pub seed: u64,
}

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub(crate) enum AssociationCommand {
    /// Name, currency, locale, maximum single amount, this laptop's device.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Change settings; what is not given stays as it is.
    Set {
        #[arg(long, value_name = "T")]
        name: Option<String>,
        /// How the association writes numbers: en, en-GB, de-DE, fr-FR, de-CH, …
        #[arg(long, value_name = "TAG")]
        locale: Option<String>,
        /// The largest single contribution or expense accepted (a typo guard).
        #[arg(long, value_name = "AMOUNT")]
        max_amount: Option<String>,
        /// The account members give to, for payment codes ("" removes it).
        #[arg(long, value_name = "IBAN")]
        iban: Option<String>,
        #[arg(long, value_name = "BIC")]
        bic: Option<String>,
        /// The account holder's name as the bank knows it (at most 70 characters).
        #[arg(long, value_name = "NAME")]
        creditor: Option<String>,
        /// Where `backup` without --out and the desktop app's backups go.
        #[arg(long, value_name = "FOLDER")]
        backup_folder: Option<String>,
        /// The desktop app's language, en or de ("" follows the locale).
        #[arg(long, value_name = "LANG")]
        language: Option<String>,
        /// Public documents show no count or sum over fewer contributors than this (default 5).
        #[arg(long, value_name = "N")]
        disclosure_threshold: Option<String>,
        /// Printed on member statements that serve as donation receipts ("" removes it).
        #[arg(long, value_name = "T")]
        receipt_text: Option<String>,
        /// How many automatic backups (`backup --auto`, and on closing the desktop app) are
        /// kept, 1 to 365 (default 10).
        #[arg(long, value_name = "N")]
        backups_kept: Option<String>,
    },
}

pub(crate) fn init(args: InitArgs, cx: &Context) -> Result<ExitCode> {
    let InitArgs {
        name,
        currency,
        locale,
        device_name,
    } = args;
    let books = Books::create(
        &cx.db,
        NewAssociation {
            name,
            currency,
            locale,
            device_name,
        },
        Env::from_process()?,
    )?;
    let a = books.association();
    println!(
        "Created \"{}\" ({}, {}) in {}",
        a.name,
        a.currency,
        a.locale,
        cx.db.display()
    );

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn demo(args: DemoArgs, cx: &Context) -> Result<ExitCode> {
    let DemoArgs {
        members,
        contributions,
        seed,
    } = args;
    let started = std::time::Instant::now();
    let report = commonpot_app::build_demo(
        &cx.db,
        DemoOptions {
            members,
            contributions,
            seed,
        },
    )?;
    println!(
        "Created the demo association \"{}\" in {} ({} members, {} projects, {} contributions, {} expenses, {} reversals) in {:.1} s\ndigest {}",
        report.name,
        cx.db.display(),
        report.members,
        report.projects,
        report.contributions,
        report.expenses,
        report.reversals,
        started.elapsed().as_secs_f64(),
        report.digest
    );

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn association(command: AssociationCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        AssociationCommand::Show { json } => {
            let books = cx.open()?;
            output::association(&books, json)?;
        }
        AssociationCommand::Set {
            name,
            locale,
            max_amount,
            iban,
            bic,
            creditor,
            backup_folder,
            language,
            disclosure_threshold,
            receipt_text,
            backups_kept,
        } => {
            let mut books = cx.open()?;
            books.update_association(AssociationChange {
                name,
                locale,
                max_amount,
                iban,
                bic,
                creditor,
                backup_folder,
                language,
                disclosure_threshold,
                receipt_text,
                backups_kept,
            })?;
            output::association(&books, false)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
