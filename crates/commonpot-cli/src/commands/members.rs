//! `member`: registering members, changing them, their data rights.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use commonpot_app::{MemberChange, NewMember, Result};

use super::context::Context;
use crate::output;

#[derive(Subcommand)]
pub(crate) enum MemberCommand {
    /// Register a member. Prints the new member's id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "E")]
        email: Option<String>,
        /// The association's own member number, if it uses them.
        #[arg(long, value_name = "N")]
        number: Option<String>,
        /// When they joined, YYYY-MM-DD (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        joined: Option<String>,
    },
    /// Change a member's name or e-mail (their number stays).
    Set {
        #[arg(value_name = "REF")]
        member: String,
        #[arg(long)]
        name: Option<String>,
        /// An address, or "" to remove it.
        #[arg(long, value_name = "E")]
        email: Option<String>,
    },
    /// List members by name.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write everything the books hold about one member (their right of access) to a JSON
    /// file, or, when FILE ends in .pdf, to a PDF they can read.
    Export {
        #[arg(value_name = "REF")]
        member: String,
        #[arg(long, value_name = "FILE.json|FILE.pdf")]
        out: PathBuf,
    },
    /// Erase a member's name and contact details for good: they become "Former member #N";
    /// every amount, count and entry stays.
    Erase {
        #[arg(value_name = "REF")]
        member: String,
        /// Erasing cannot be undone.
        #[arg(long)]
        confirm: bool,
    },
}

pub(crate) fn member(command: MemberCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        MemberCommand::Set {
            member,
            name,
            email,
        } => {
            let changed = cx
                .open()?
                .update_member(&member, MemberChange { name, email })?;
            println!("{} updated", changed.name);
        }
        MemberCommand::Add {
            name,
            email,
            number,
            joined,
        } => {
            let id = cx.open()?.add_member(NewMember {
                name,
                email,
                number,
                joined_on: joined,
            })?;
            println!("{id}");
        }
        MemberCommand::List { json } => {
            output::members(&cx.open()?, json)?;
        }
        MemberCommand::Export { member, out } => {
            let e = cx.open()?.export_member(&member, &out)?;
            println!(
                "wrote everything held about {} ({} ledger lines) to {} ({} KB)",
                e.name,
                e.contributions,
                out.display(),
                e.bytes.div_ceil(1024)
            );
        }
        MemberCommand::Erase { member, confirm } => {
            let e = cx.open()?.erase_member(&member, confirm)?;
            println!(
                "erased: the member is now \"{}\"; every amount and entry stays",
                e.pseudonym
            );
            if e.mentions > 0 {
                println!(
                    "the old name still stands in {} notes, titles or places of the ledger, which cannot be changed",
                    e.mentions
                );
            }
            println!(
                "earlier backups, exports, printed statements, kits, bundles and volunteer laptops still hold the old name: delete or replace them too"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
