//! The file itself: `verify`, `backup`, `restore`, `passphrase`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{Books, Env, ProtectionChange, Result};

use super::context::{Context, current_passphrase, new_passphrase};

#[derive(Args)]
pub(crate) struct BackupArgs {
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub auto: bool,
}

#[derive(Args)]
pub(crate) struct RestoreArgs {
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
}

#[derive(Subcommand)]
pub(crate) enum PassphraseCommand {
    /// Protect an unprotected file with a new passphrase (at least 8 characters).
    Set,
    /// Replace the passphrase of a protected file.
    Change,
    /// Store a protected file unencrypted again.
    Remove,
}

pub(crate) fn verify(cx: &Context) -> Result<ExitCode> {
    let report = cx.open()?.verify()?;
    if report.problems.is_empty() {
        println!(
            "ok: {} entries, every one matches its hash; digest {}",
            report.entry_count, report.digest
        );
    } else {
        for p in &report.problems {
            println!("problem: {p}");
        }
        println!(
            "{} problem{} found in {} entries; digest of the entries as they are now: {}",
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" },
            report.entry_count,
            report.digest
        );
        return Ok(ExitCode::from(1));
    }

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn restore(args: RestoreArgs, cx: &Context) -> Result<ExitCode> {
    let RestoreArgs { backup } = args;
    let env = Env::from_process()?.with_passphrase(current_passphrase(&[&cx.db, &backup])?);
    let restored = Books::restore(&cx.db, &backup, env)?;
    println!(
        "restored {} from {}: {} entries, digest {}",
        cx.db.display(),
        backup.display(),
        restored.entries,
        restored.digest
    );
    if let Some(kept) = restored.kept {
        println!("the books it replaced are kept in {}", kept.display());
    }

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn passphrase(command: PassphraseCommand, cx: &Context) -> Result<ExitCode> {
    // The current passphrase is asked for first (an unprotected file has none, and
    // "set" on a protected one is refused without asking), then the new one.
    let env = match command {
        PassphraseCommand::Set => Env::from_process()?,
        _ => cx.env()?,
    };
    let change = match command {
        PassphraseCommand::Set => ProtectionChange::Set(new_passphrase()?),
        PassphraseCommand::Change => ProtectionChange::Change(new_passphrase()?),
        PassphraseCommand::Remove => ProtectionChange::Remove,
    };
    let done = Books::change_protection(&cx.db, change.clone(), env)?;
    let shown = cx.db.display();
    let (entries, digest) = (done.entries, &done.digest);
    match change {
        ProtectionChange::Set(_) => {
            println!("protected {shown} with a passphrase: {entries} entries, digest {digest}");
            println!("without the passphrase the books cannot be read: keep it safe");
            println!("backups made before are not protected; backups from now on are");
        }
        ProtectionChange::Change(_) => {
            println!("changed the passphrase of {shown}: {entries} entries, digest {digest}");
            println!("backups made before still open with the old passphrase");
        }
        ProtectionChange::Remove => println!(
            "removed the passphrase of {shown}: it is stored unencrypted ({entries} entries, digest {digest})"
        ),
    }

    Ok(ExitCode::SUCCESS)
}

pub(crate) fn backup(args: BackupArgs, cx: &Context) -> Result<ExitCode> {
    match args.out {
        Some(out) => {
            cx.open()?.backup(&out)?;
            println!("backed up {} to {}", cx.db.display(), out.display());
        }
        None => match cx.open()?.backup_automatic()? {
            Some(path) => println!("backed up {} to {}", cx.db.display(), path.display()),
            None => println!("the last automatic backup is less than a day old; none taken"),
        },
    }
    Ok(ExitCode::SUCCESS)
}
