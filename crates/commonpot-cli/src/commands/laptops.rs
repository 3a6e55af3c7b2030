//! Several laptops: `kit`, `bundle`, `devices`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{Books, Env, Field, Result};

use super::context::{Context, ask, current_passphrase, new_passphrase};
use crate::output;

#[derive(Args)]
pub(crate) struct DevicesArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub(crate) enum KitCommand {
    /// Write a kit for a volunteer: settings, open projects, members (id, name, number only),
    /// the decisions members may vote on, and the key bundles are signed with.
    Export {
        /// The volunteer, or the laptop ("Stall laptop"); it names the laptop's entries.
        #[arg(long, value_name = "NAME")]
        volunteer: String,
        #[arg(long, value_name = "FILE.cpkit")]
        out: PathBuf,
    },
    /// Open a kit at --db: creates the volunteer's laptop file, or refreshes it from a newer kit
    /// (the organiser's projects and members win; what the laptop recorded stays).
    Open {
        #[arg(value_name = "FILE.cpkit")]
        kit: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum BundleCommand {
    /// Write the entries this laptop made since its last bundle (and the members it
    /// registered), signed with the association's key.
    Export {
        #[arg(long, value_name = "FILE.cpbundle")]
        out: PathBuf,
        /// Everything this file holds, of every laptop, not only what is new here.
        #[arg(long)]
        all: bool,
    },
    /// Add a bundle's entries that this file lacks, in one transaction; report what was
    /// added, skipped (already here), in conflict (same id, other content) and refused.
    Import {
        #[arg(value_name = "FILE.cpbundle")]
        file: PathBuf,
        /// Report what would happen without saving anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn devices(args: DevicesArgs, cx: &Context) -> Result<ExitCode> {
    let DevicesArgs { json } = args;
    output::devices(&cx.open()?.devices()?, json);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn kit(command: KitCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        KitCommand::Export { volunteer, out } => {
            let mut books = cx.open()?;
            // A protected association's kits are encrypted under a passphrase of their own;
            // any kit is when COMMONPOT_NEW_PASSPHRASE is given.
            let passphrase = if std::env::var_os("COMMONPOT_NEW_PASSPHRASE").is_some()
                || commonpot_app::is_protected(&cx.db)
            {
                Some(new_passphrase()?)
            } else {
                None
            };
            let kit = books.export_kit(&volunteer, &out, passphrase.as_ref())?;
            if passphrase.is_some() {
                println!(
                    "the kit is encrypted: tell the volunteer its passphrase, not in the same message as the file"
                );
            }
            println!(
                "wrote the kit for {} of {} to {}: {} projects, {} members, {} decisions",
                kit.volunteer,
                kit.association,
                out.display(),
                kit.projects,
                kit.members,
                kit.decisions
            );
        }
        KitCommand::Open { kit } => {
            let passphrase = if commonpot_app::kit_is_locked(&kit) {
                let what = format!("the passphrase of the kit {}", kit.display());
                match current_passphrase(&[])? {
                    Some(p) => Some(p),
                    None => Some(ask(&what, Field::Passphrase)?),
                }
            } else {
                current_passphrase(&[&cx.db])?
            };
            let env = Env::from_process()?.with_passphrase(passphrase);
            let (_, summary) = Books::open_kit(&cx.db, &kit, env)?;
            let verb = if summary.updated {
                "refreshed"
            } else {
                "created"
            };
            println!(
                "{verb} the volunteer laptop \"{}\" of {} in {}: {} projects, {} members, {} decisions",
                summary.volunteer,
                summary.association,
                cx.db.display(),
                summary.projects,
                summary.members,
                summary.decisions
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn bundle(command: BundleCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        BundleCommand::Export { out, all } => {
            let b = cx.open()?.export_bundle(&out, all)?;
            let range = match b.range {
                Some((from, to)) => format!("entries {from}–{to} of \"{}\"", b.device),
                None => format!("nothing new from \"{}\" since the last bundle", b.device),
            };
            println!(
                "wrote {} entries and {} members to {} ({range}{})",
                b.entries,
                b.members,
                out.display(),
                if b.all {
                    ", with every laptop's entries"
                } else {
                    ""
                }
            );
        }
        BundleCommand::Import {
            file,
            dry_run,
            json,
        } => {
            let report = cx.open()?.import_bundle(&file, dry_run)?;
            output::bundle_report(&report, json);
        }
    }
    Ok(ExitCode::SUCCESS)
}
