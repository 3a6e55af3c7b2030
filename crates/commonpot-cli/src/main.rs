//! The `commonpot` command: the definition of its arguments plus glue to `commonpot-app`.
//! It holds no business rules; everything it does, the desktop app can do through the same
//! use cases. Exit status: 0 done; 2 the request was refused or a value was bad (nothing was
//! written); 1 `verify` found a problem, or an internal error.

/// Every line the command prints goes through [`print_line`], which this shadows the standard
/// macro with: a reader that stops reading (`commonpot ledger | head -1`) is no error.
macro_rules! println {
    () => {
        $crate::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::print_line(format_args!($($arg)*))
    };
}

mod commands;
mod fields;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use commands::context::Context;
use commonpot_app::AppError;
use commonpot_core::Key;

#[derive(Parser)]
#[command(
    name = "commonpot",
    version,
    about = "Keep a neighbourhood association's common fund: members, projects, contributions, expenses and reversals in one local file.",
    long_about = "Keep a neighbourhood association's common fund: members, projects, contributions, expenses \
and reversals, in one local SQLite file that the Commonpot desktop app opens too.\n\n\
Amounts are typed as your association writes them: in a German or French association \"2,50\" and \
\"2.50\" both mean 2.50; in an English one \"1,234.50\". Entries are never changed or deleted: a \
mistake is undone with `commonpot reverse`.\n\n\
Wherever a project is asked for (REF), give its code (PLAYGROUND), its id, or the first characters \
of its id; \"general\" means the general fund. A member is given by member number, id or id prefix.",
    after_help = "Exit status: 0 done; 2 refused or bad input (nothing was written); 1 verify found a problem, or an internal error."
)]
struct Cli {
    /// The association file. Default: the desktop app's file in your data folder.
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new association in a new file.
    Init(commands::association::InitArgs),
    /// Show or change the association's settings.
    #[command(subcommand)]
    Association(commands::association::AssociationCommand),
    /// Register members and list them.
    #[command(subcommand)]
    Member(commands::members::MemberCommand),
    /// Create projects and list them with what they raised and spent.
    #[command(subcommand)]
    Project(commands::projects::ProjectCommand),
    /// Record money received for a project or the general fund. Prints the entry's id.
    Contribute(commands::entries::ContributeArgs),
    /// Record money paid out of a project.
    #[command(subcommand)]
    Expense(commands::entries::ExpenseCommand),
    /// Cash collections: open one at a stall, enter gifts into it, close it by counting the box.
    #[command(subcommand)]
    Collection(commands::collections::CollectionCommand),
    /// Undo a contribution or an expense by recording its reversal, with the reason.
    Reverse(commands::entries::ReverseArgs),
    /// List the entries, oldest first.
    Ledger(commands::entries::LedgerArgs),
    /// Totals per project and per channel, the number of entries and the ledger digest.
    Summary(commands::entries::SummaryArgs),
    /// Import contributions from a CSV file (all lines or none).
    #[command(subcommand)]
    Import(commands::files::ImportCommand),
    /// Export contributions to a CSV file.
    #[command(subcommand)]
    Export(commands::files::ExportCommand),
    /// Check the file: every entry against its hash, the digest, the totals, SQLite's own checks.
    Verify,
    /// Copy the association file safely, even while it is in use.
    /// With --auto: the automatic backup into the backup folder, at most one a day, keeping
    /// the newest `--backups-kept` of them (for a daily timer; the desktop app takes it when
    /// it closes).
    #[command(group(clap::ArgGroup::new("where").required(true).args(["out", "auto"])))]
    Backup(commands::books_file::BackupArgs),
    /// Protect the file with a passphrase (encrypted on disk, with its backups), change the
    /// passphrase or remove it. Scripts give the passphrase in COMMONPOT_PASSPHRASE and the
    /// new one in COMMONPOT_NEW_PASSPHRASE; at a terminal they are asked for.
    #[command(subcommand)]
    Passphrase(commands::books_file::PassphraseCommand),
    /// Put the books of a backup in place of --db: the backup is checked first (verify), the
    /// books it replaces are kept beside the file as NAME.before-restore-TIME.sqlite.
    Restore(commands::books_file::RestoreArgs),
    /// Print a document as PDF: meeting statement, project statement, member statement,
    /// cash count sheet, paper ballots, payment poster.
    #[command(subcommand)]
    Report(commands::reports::ReportCommand),
    /// Record a meeting and who attended it (points towards members' weights).
    #[command(subcommand)]
    Meeting(commands::decisions::MeetingCommand),
    /// Record a volunteer shift (points towards the member's weight).
    #[command(subcommand)]
    Shift(commands::decisions::ShiftCommand),
    /// Decisions: motions, project selection within a budget, quadratic matching.
    #[command(subcommand)]
    Decision(commands::decisions::DecisionCommand),
    /// Ballots: one per member per decision.
    #[command(subcommand)]
    Ballot(commands::decisions::BallotCommand),
    /// What each member's weight would be if voting opened on a day.
    Weights(commands::decisions::WeightsArgs),
    /// Volunteer kits: what a volunteer's laptop needs to collect, made on the organiser's laptop.
    #[command(subcommand)]
    Kit(commands::laptops::KitCommand),
    /// Bundles: the entries a laptop hands over, and their import on the organiser's laptop.
    #[command(subcommand)]
    Bundle(commands::laptops::BundleCommand),
    /// Bank statements: CSV column profiles, importing statement files, the review queue.
    #[command(subcommand)]
    Bank(commands::bank::BankCommand),
    /// Print the payment reference (RF…) of a project or a member; with --member, of that
    /// member's gifts to the project.
    Reference(commands::bank::ReferenceArgs),
    /// Write the payment code (EPC QR code, "GiroCode") of a project or member as an image.
    Qr(commands::bank::QrArgs),
    /// The laptops this file has entries from, their last sequence numbers and what is missing.
    Devices(commands::laptops::DevicesArgs),
    /// Create a demo association with a year of believable books, to try Commonpot out.
    Demo(commands::association::DemoArgs),
}

// Parsed once per run; boxing the settings would buy nothing.

/// Set once standard output's reader has gone away; what is left to print is dropped.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Set when standard output failed otherwise (a full disk): the command then ends with exit 1.
static STDOUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints one line to standard output. When the reader has closed the pipe the command goes on
/// to finish its work (so nothing is left half done) and ends with its own exit status, quietly.
fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(format_args!("{args}\n")) {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            STDOUT_FAILED.store(true, Ordering::Relaxed);
            eprintln!("error: cannot write to standard output: {e}");
        }
    }
}

/// A mistake in the command line: the problem on one line, the usage on a second, exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    let rendered = e.render().to_string();
    let mut message = String::new();
    let mut usage = None;
    for line in rendered.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("For more information") {
            continue;
        }
        if let Some(u) = line.strip_prefix("Usage: ") {
            usage.get_or_insert_with(|| u.to_string());
            continue;
        }
        if usage.is_some() {
            continue;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        if !message.is_empty() {
            message.push_str(if message.ends_with(':') { " " } else { "; " });
        }
        message.push_str(line);
    }
    eprintln!("error: {message}");
    match usage {
        Some(u) => eprintln!("usage: {u} (more with --help)"),
        None => eprintln!("usage: commonpot --help"),
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            return usage_error(&e);
        }
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(_) if STDOUT_FAILED.load(std::sync::atomic::Ordering::Relaxed) => ExitCode::from(1),
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}{}", fields::message(&e), hint(&e));
            if e.is_users_to_fix() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// What to type next, in the command's words: where to look up a reference that was not
/// found, or which flag gives what a message asks for. (The books' messages name no flags.)
fn hint(e: &AppError) -> &'static str {
    match e.text().key {
        Key::MemberNotFound => "; `commonpot member list` shows them",
        Key::ProjectNotFound => "; `commonpot project list` shows them",
        Key::CollectionNotFound => "; `commonpot collection list` shows the open ones",
        Key::EntryNotFound => "; `commonpot ledger` shows the ids",
        Key::BankGeneralNeedsMember => " with --member",
        Key::BankNoIban => "; `commonpot association set --iban` sets it",
        Key::EraseConfirm => " with --confirm",
        Key::BankCsvNotUtf8 => "; if so, save the profile with --encoding windows-1252",
        Key::RestoreProtection | Key::RestoreOther => "; name the new file with --db",
        _ => "",
    }
}

fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let cx = Context::new(cli.db);
    match cli.command {
        Command::Init(args) => commands::association::init(args, &cx),
        Command::Association(command) => commands::association::association(command, &cx),
        Command::Member(command) => commands::members::member(command, &cx),
        Command::Project(command) => commands::projects::project(command, &cx),
        Command::Contribute(args) => commands::entries::contribute(args, &cx),
        Command::Expense(command) => commands::entries::expense(command, &cx),
        Command::Collection(command) => commands::collections::collection(command, &cx),
        Command::Reverse(args) => commands::entries::reverse(args, &cx),
        Command::Ledger(args) => commands::entries::ledger(args, &cx),
        Command::Summary(args) => commands::entries::summary(args, &cx),
        Command::Import(command) => commands::files::import(command, &cx),
        Command::Export(command) => commands::files::export(command, &cx),
        Command::Verify => commands::books_file::verify(&cx),
        Command::Backup(args) => commands::books_file::backup(args, &cx),
        Command::Passphrase(args) => commands::books_file::passphrase(args, &cx),
        Command::Restore(args) => commands::books_file::restore(args, &cx),
        Command::Report(args) => commands::reports::report(args, &cx),
        Command::Meeting(command) => commands::decisions::meeting(command, &cx),
        Command::Shift(command) => commands::decisions::shift(command, &cx),
        Command::Decision(command) => commands::decisions::decision(command, &cx),
        Command::Ballot(command) => commands::decisions::ballot(command, &cx),
        Command::Weights(args) => commands::decisions::weights(args, &cx),
        Command::Kit(command) => commands::laptops::kit(command, &cx),
        Command::Bundle(command) => commands::laptops::bundle(command, &cx),
        Command::Bank(command) => commands::bank::bank(command, &cx),
        Command::Reference(args) => commands::bank::reference(args, &cx),
        Command::Qr(args) => commands::bank::qr(args, &cx),
        Command::Devices(args) => commands::laptops::devices(args, &cx),
        Command::Demo(args) => commands::association::demo(args, &cx),
    }
}
