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

mod fields;
mod output;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use commonpot_app::{
    AppError, AssociationChange, BallotChoice, BallotSource, BankFormat, Books, DemoOptions, Env,
    Field, LedgerQuery, MemberChange, NewAssociation, NewCollection, NewContribution, NewDecision,
    NewExpense, NewMeeting, NewMember, NewProject, NewShift, Paper, PaperOutcome, Passphrase,
    PrintOptions, ProjectChange, ProtectionChange,
};
use commonpot_core::weights::WeightRule;
use commonpot_core::{Key, Text};

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
    Init {
        /// The association's name, as printed on statements.
        #[arg(long)]
        name: String,
        /// ISO 4217 currency code, such as EUR, CHF or GBP. It fixes how many decimals amounts have.
        #[arg(long)]
        currency: String,
        /// How the association writes numbers and dates: en, en-GB, de-DE, fr-FR, … (default en).
        #[arg(long, value_name = "TAG")]
        locale: Option<String>,
        /// A name for this laptop, shown when books from several laptops are merged.
        #[arg(long, value_name = "NAME")]
        device_name: Option<String>,
    },
    /// Show or change the association's settings.
    #[command(subcommand)]
    Association(AssociationCommand),
    /// Register members and list them.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Create projects and list them with what they raised and spent.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Record money received for a project or the general fund. Prints the entry's id.
    Contribute(ContributeArgs),
    /// Record money paid out of a project.
    #[command(subcommand)]
    Expense(ExpenseCommand),
    /// Cash collections: open one at a stall, enter gifts into it, close it by counting the box.
    #[command(subcommand)]
    Collection(CollectionCommand),
    /// Undo a contribution or an expense by recording its reversal, with the reason.
    Reverse {
        /// The id of the entry to reverse (or its first characters), as `commonpot ledger` shows.
        #[arg(value_name = "ENTRY_ID")]
        entry: String,
        /// Why, in a few words ("entered twice by mistake").
        #[arg(long)]
        reason: String,
    },
    /// List the entries, oldest first.
    Ledger {
        /// Only entries of this project ("general" for the general fund).
        #[arg(long, value_name = "REF")]
        project: Option<String>,
        /// Only entries of this member.
        #[arg(long, value_name = "REF")]
        member: Option<String>,
        /// At most this many entries.
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Only contributions through this channel (and their reversals).
        #[arg(long, value_name = "CH")]
        channel: Option<String>,
        /// Only from this day on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Only up to this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Only entries whose note, payee or reason contains this text.
        #[arg(long, value_name = "T")]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Totals per project and per channel, the number of entries and the ledger digest.
    Summary {
        #[arg(long)]
        json: bool,
    },
    /// Import contributions from a CSV file (all lines or none).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export contributions to a CSV file.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Check the file: every entry against its hash, the digest, the totals, SQLite's own checks.
    Verify,
    /// Copy the association file safely, even while it is in use.
    /// With --auto: the automatic backup into the backup folder, at most one a day, keeping
    /// the newest `--backups-kept` of them (for a daily timer; the desktop app takes it when
    /// it closes).
    #[command(group(clap::ArgGroup::new("where").required(true).args(["out", "auto"])))]
    Backup {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        auto: bool,
    },
    /// Protect the file with a passphrase (encrypted on disk, with its backups), change the
    /// passphrase or remove it. Scripts give the passphrase in COMMONPOT_PASSPHRASE and the
    /// new one in COMMONPOT_NEW_PASSPHRASE; at a terminal they are asked for.
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Put the books of a backup in place of --db: the backup is checked first (verify), the
    /// books it replaces are kept beside the file as NAME.before-restore-TIME.sqlite.
    Restore {
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// Print a document as PDF: meeting statement, project statement, member statement,
    /// cash count sheet, paper ballots, payment poster.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Record a meeting and who attended it (points towards members' weights).
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Record a volunteer shift (points towards the member's weight).
    #[command(subcommand)]
    Shift(ShiftCommand),
    /// Decisions: motions, project selection within a budget, quadratic matching.
    #[command(subcommand)]
    Decision(DecisionCommand),
    /// Ballots: one per member per decision.
    #[command(subcommand)]
    Ballot(BallotCommand),
    /// What each member's weight would be if voting opened on a day.
    Weights {
        /// The day voting would open (the 12 months before it count).
        #[arg(long, value_name = "YYYY-MM-DD")]
        at: String,
        /// equal, sqrt (default), log, linear or bands, optionally with parameters ("sqrt cap=4").
        #[arg(long, value_name = "R")]
        rule: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Volunteer kits: what a volunteer's laptop needs to collect, made on the organiser's laptop.
    #[command(subcommand)]
    Kit(KitCommand),
    /// Bundles: the entries a laptop hands over, and their import on the organiser's laptop.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Bank statements: CSV column profiles, importing statement files, the review queue.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Print the payment reference (RF…) of a project or a member; with --member, of that
    /// member's gifts to the project.
    Reference {
        /// A project (code or id), or a member (number or id); "general" with --member.
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "MEMBER")]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the payment code (EPC QR code, "GiroCode") of a project or member as an image.
    Qr {
        /// A project (code or id), or a member (number or id); "general" with --member.
        #[arg(value_name = "REF")]
        reference: String,
        #[arg(long, value_name = "MEMBER")]
        member: Option<String>,
        /// The amount the banking app fills in; left to the giver when absent.
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
        #[arg(long, value_name = "FILE.png|FILE.svg")]
        out: PathBuf,
    },
    /// The laptops this file has entries from, their last sequence numbers and what is missing.
    Devices {
        #[arg(long)]
        json: bool,
    },
    /// Create a demo association with a year of believable books, to try Commonpot out.
    Demo {
        /// How many members.
        #[arg(long, value_name = "N", default_value_t = DemoOptions::default().members)]
        members: u32,
        /// How many contributions.
        #[arg(long, value_name = "N", default_value_t = DemoOptions::default().contributions)]
        contributions: u64,
        /// The same seed gives the same association.
        #[arg(long, value_name = "S", default_value_t = DemoOptions::default().seed)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum PassphraseCommand {
    /// Protect an unprotected file with a new passphrase (at least 8 characters).
    Set,
    /// Replace the passphrase of a protected file.
    Change,
    /// Store a protected file unencrypted again.
    Remove,
}

#[derive(Subcommand)]
enum KitCommand {
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
enum BundleCommand {
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

#[derive(Subcommand)]
enum BankCommand {
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
enum ProfileCommand {
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

/// Where a document goes and how it is printed.
#[derive(Args)]
struct PrintArgs {
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
enum ReportCommand {
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

// Parsed once per run; boxing the settings would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum AssociationCommand {
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

#[derive(Subcommand)]
enum MemberCommand {
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

#[derive(Subcommand)]
enum ProjectCommand {
    /// Create a project. Prints the new project's id.
    Add {
        #[arg(long, value_name = "T")]
        title: String,
        /// The amount the project needs.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        goal: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
        /// A short code to refer to it, such as TREES (default: made from the title).
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        #[arg(long, value_name = "T")]
        description: Option<String>,
        /// proposed, open, funded, done or cancelled (default open).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// Change a project's title, goal, deadline or description (its code stays).
    Set {
        #[arg(value_name = "REF")]
        project: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        goal: Option<String>,
        /// YYYY-MM-DD, or "" to remove it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
        #[arg(long, value_name = "T")]
        description: Option<String>,
    },
    /// Move a project to another stage: proposed, open, funded, done or cancelled. A cancelled
    /// project takes no more contributions.
    Status {
        #[arg(value_name = "REF")]
        project: String,
        #[arg(value_name = "STATUS")]
        status: String,
    },
    /// List projects with goal, raised, spent, balance, contributors and progress.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct ContributeArgs {
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
enum ExpenseCommand {
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

#[derive(Subcommand)]
enum CollectionCommand {
    /// Open a collection. Prints its id.
    Open {
        /// The member who collects.
        #[arg(long, value_name = "REF")]
        collector: String,
        /// Where ("Stall on Lindenplatz").
        #[arg(long, value_name = "T")]
        place: String,
        /// Where gifts go unless another project is named (default: the general fund).
        #[arg(long, value_name = "REF")]
        project: Option<String>,
    },
    /// The collections not closed yet.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One collection: what was entered, and its count once closed.
    Show {
        #[arg(value_name = "ID")]
        collection: String,
        #[arg(long)]
        json: bool,
    },
    /// Reverse the last gift entered in an open collection ("entered by mistake").
    Undo {
        #[arg(value_name = "ID")]
        collection: String,
    },
    /// Close with the counted cash, note by note: --count 20=3 --count 0,50=4. A difference
    /// from what was entered needs --note.
    Close {
        #[arg(value_name = "ID")]
        collection: String,
        /// DENOMINATION=COUNT, once per note or coin.
        #[arg(long = "count", value_name = "DENOMINATION=N")]
        counts: Vec<String>,
        /// Why counted and entered differ.
        #[arg(long, value_name = "T")]
        note: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
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
enum ExportCommand {
    /// Every contribution, in the same CSV format the import reads.
    Contributions {
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum MeetingCommand {
    /// Record a meeting with its attendance list. Prints the meeting's id.
    Add {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, value_name = "T")]
        title: String,
        /// Members present, by number or id, separated by commas.
        #[arg(long, value_name = "REF,REF,...", value_delimiter = ',')]
        attendees: Vec<String>,
        /// Who books the attendance (an organiser; not one of the attendees).
        #[arg(long, value_name = "REF")]
        by: Option<String>,
    },
    /// List the meetings, newest first.
    List,
}

#[derive(Subcommand)]
enum ShiftCommand {
    /// Record a volunteer shift. Prints its id.
    Add {
        #[arg(long, value_name = "REF")]
        member: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// What was done ("stall at the summer fair").
        #[arg(long, value_name = "T")]
        what: String,
        /// Who books the shift (an organiser or collector; not the volunteer).
        #[arg(long, value_name = "REF")]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
enum DecisionCommand {
    /// Create a decision. Prints its id.
    Create {
        #[arg(long, value_name = "T")]
        title: String,
        /// motion, greedy, equal-shares or quadratic.
        #[arg(long, value_name = "M")]
        method: String,
        /// For greedy and equal-shares: the amount to distribute.
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<String>,
        /// For quadratic: the matching pool.
        #[arg(long, value_name = "AMOUNT")]
        pool: Option<String>,
        /// For quadratic: the most one project may get, as a share of the pool (0.25 or 25%).
        #[arg(long, value_name = "SHARE")]
        cap: Option<String>,
        /// The projects to choose among, by code; REF=AMOUNT sets a cost other than the goal.
        /// Default: every project open for contributions.
        #[arg(long, value_name = "REF,REF,...", value_delimiter = ',')]
        options: Option<Vec<String>>,
        /// The weight rule: equal, sqrt (default), log, linear or bands.
        #[arg(long, value_name = "R")]
        weights: Option<String>,
        /// For a motion: weighted turnout needed, as a share (0.5 or 50%). Default none.
        #[arg(long, value_name = "SHARE")]
        quorum: Option<String>,
        /// For a motion: simple (default) or two-thirds.
        #[arg(long, value_name = "T")]
        threshold: Option<String>,
        /// Months before voting opens that count towards points (default 12).
        #[arg(long, value_name = "N")]
        window_months: Option<u32>,
    },
    /// Open voting and freeze every member's points and weight.
    Open {
        #[arg(value_name = "ID")]
        decision: String,
        /// When voting opens (default now).
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
        at: Option<String>,
    },
    /// Close voting and freeze the result; prints it.
    Close {
        #[arg(value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// The result (frozen once closed, provisional before) with each member's weight.
    Tally {
        #[arg(value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// List the decisions, newest first.
    List,
}

#[derive(Subcommand)]
enum BallotCommand {
    /// Record one member's ballot.
    Cast {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
        /// Typed from a paper ballot (entered once; see `ballot enter` for double entry).
        #[arg(long)]
        paper: bool,
    },
    /// Double entry of a numbered paper ballot: each of two volunteers types it once (--pass 1,
    /// --pass 2); it counts when both agree.
    Enter {
        #[arg(long, value_name = "ID")]
        decision: String,
        /// The number printed on the paper ballot.
        #[arg(long, value_name = "N")]
        paper: String,
        /// 1 for the first volunteer's entry, 2 for the second's.
        #[arg(long, value_name = "1|2")]
        pass: u8,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
    },
    /// Paper ballots that do not count yet: waiting for their second entry, or differing.
    Differences {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// The organiser's reading of a paper ballot whose two entries differ: it counts as given.
    Settle {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(long, value_name = "N")]
        paper: String,
        #[arg(long, value_name = "REF")]
        member: String,
        #[command(flatten)]
        choice: ChoiceArgs,
    },
    /// Import ballots from CSV (columns member,choice; all lines or none).
    Import {
        #[arg(long, value_name = "ID")]
        decision: String,
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

/// How a ballot votes: one of --yes, --no, --abstain (a motion) or --approve (a budget).
#[derive(Args)]
#[group(required = false, multiple = false)]
struct ChoiceArgs {
    #[arg(long)]
    yes: bool,
    #[arg(long)]
    no: bool,
    #[arg(long)]
    abstain: bool,
    /// The projects approved, by code, separated by commas.
    #[arg(long, value_name = "REF,REF,...", value_delimiter = ',', num_args = 0..)]
    approve: Option<Vec<String>>,
}

impl ChoiceArgs {
    fn choice(self) -> Result<BallotChoice, AppError> {
        Ok(match (self.yes, self.no, self.abstain, self.approve) {
            (true, _, _, _) => BallotChoice::Yes,
            (_, true, _, _) => BallotChoice::No,
            (_, _, true, _) => BallotChoice::Abstain,
            (_, _, _, Some(refs)) => BallotChoice::Approve(refs),
            _ => {
                return Err(AppError::invalid(
                    Field::Choice,
                    Text::new(Key::BallotChoiceMissing),
                ));
            }
        })
    }
}

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

/// The passphrase that opens the protected ones among `files`: COMMONPOT_PASSPHRASE, or asked
/// for at a terminal; none when no file is protected.
fn current_passphrase(files: &[&Path]) -> Result<Option<Passphrase>, AppError> {
    if let Some(text) = std::env::var_os("COMMONPOT_PASSPHRASE").filter(|t| !t.is_empty()) {
        return Ok(Some(Passphrase::new(text.to_string_lossy())));
    }
    let Some(file) = files.iter().find(|f| commonpot_app::is_protected(f)) else {
        return Ok(None);
    };
    let what = format!("the passphrase of {}", file.display());
    ask(&what, Field::Passphrase).map(Some)
}

/// The new passphrase: COMMONPOT_NEW_PASSPHRASE, or typed twice at a terminal.
fn new_passphrase() -> Result<Passphrase, AppError> {
    if let Some(text) = std::env::var_os("COMMONPOT_NEW_PASSPHRASE").filter(|t| !t.is_empty()) {
        let new = Passphrase::new(text.to_string_lossy());
        commonpot_app::check_new(&new, None)?;
        return Ok(new);
    }
    let new = ask("the new passphrase", Field::NewPassphrase)?;
    commonpot_app::check_new(&new, None)?;
    let again = ask("the new passphrase again", Field::NewPassphrase)?;
    if again != new {
        return Err(AppError::invalid(
            Field::NewPassphrase,
            Text::new(Key::PassphraseMismatch),
        ));
    }
    Ok(new)
}

/// Asks for a passphrase at the terminal without echoing it; refused without a terminal.
fn ask(what: &str, field: Field) -> Result<Passphrase, AppError> {
    let variable = fields::spelling(field);
    let needed = || {
        AppError::invalid(
            field,
            Text::new(Key::PassphraseNeeded)
                .arg("what", what)
                .arg("variable", variable),
        )
    };
    if !std::io::stdin().is_terminal() {
        return Err(needed());
    }
    let typed = rpassword::prompt_password(format!("{what}: ")).map_err(|_| needed())?;
    if typed.is_empty() {
        return Err(needed());
    }
    Ok(Passphrase::new(typed))
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
        Key::RestoreProtection | Key::RestoreOther => "; name the new file with --db",
        _ => "",
    }
}

/// "20=3" or "0,50=4" into (denomination, count) pairs.
fn parse_counts(counts: &[String]) -> Result<Vec<(String, u32)>, AppError> {
    counts
        .iter()
        .map(|c| {
            let (denomination, n) = c.rsplit_once('=').ok_or_else(|| {
                AppError::invalid(Field::Count, Text::new(Key::CountShape).arg("text", c))
            })?;
            let n: u32 = n.trim().parse().map_err(|_| {
                AppError::invalid(
                    Field::Count,
                    Text::new(Key::CountNotWhole)
                        .arg("count", n.trim())
                        .arg("text", c),
                )
            })?;
            Ok((denomination.trim().to_string(), n))
        })
        .collect()
}

fn run(cli: Cli) -> Result<ExitCode, AppError> {
    let db = cli
        .db
        .clone()
        .unwrap_or_else(commonpot_app::default_data_file);
    let env = || -> Result<Env, AppError> {
        Ok(Env::from_process()?.with_passphrase(current_passphrase(&[&db])?))
    };
    let open = || Books::open(&db, env()?);
    match cli.command {
        Command::Init {
            name,
            currency,
            locale,
            device_name,
        } => {
            let books = Books::create(
                &db,
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
                db.display()
            );
        }
        Command::Association(AssociationCommand::Show { json }) => {
            let books = open()?;
            output::association(&books, json)?;
        }
        Command::Association(AssociationCommand::Set {
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
        }) => {
            let mut books = open()?;
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
        Command::Project(ProjectCommand::Set {
            project,
            title,
            goal,
            deadline,
            description,
        }) => {
            let changed = open()?.update_project(
                &project,
                ProjectChange {
                    title,
                    description,
                    goal,
                    deadline,
                },
            )?;
            println!("{} updated", changed.project.code);
        }
        Command::Member(MemberCommand::Set {
            member,
            name,
            email,
        }) => {
            let changed = open()?.update_member(&member, MemberChange { name, email })?;
            println!("{} updated", changed.name);
        }
        Command::Project(ProjectCommand::Status { project, status }) => {
            let status = open()?.set_project_status(&project, &status)?;
            println!("{} is now {status}", project.trim());
        }
        Command::Member(MemberCommand::Add {
            name,
            email,
            number,
            joined,
        }) => {
            let id = open()?.add_member(NewMember {
                name,
                email,
                number,
                joined_on: joined,
            })?;
            println!("{id}");
        }
        Command::Member(MemberCommand::List { json }) => output::members(&open()?, json)?,
        Command::Member(MemberCommand::Export { member, out }) => {
            let e = open()?.export_member(&member, &out)?;
            println!(
                "wrote everything held about {} ({} ledger lines) to {} ({} KB)",
                e.name,
                e.contributions,
                out.display(),
                e.bytes.div_ceil(1024)
            );
        }
        Command::Member(MemberCommand::Erase { member, confirm }) => {
            let e = open()?.erase_member(&member, confirm)?;
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
        Command::Project(ProjectCommand::Add {
            title,
            goal,
            deadline,
            code,
            description,
            status,
        }) => {
            let id = open()?.add_project(NewProject {
                title,
                goal,
                description,
                deadline,
                code,
                status,
            })?;
            println!("{id}");
        }
        Command::Project(ProjectCommand::List { json }) => output::projects(&open()?, json)?,
        Command::Contribute(a) => {
            let recorded = open()?.record_contribution(NewContribution {
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
        }
        Command::Expense(ExpenseCommand::Add {
            project,
            amount,
            payee,
            paid,
            note,
        }) => {
            let id = open()?.record_expense(NewExpense {
                project,
                amount,
                payee,
                paid,
                note,
            })?;
            println!("{id}");
        }
        Command::Collection(CollectionCommand::Open {
            collector,
            place,
            project,
        }) => {
            let id = open()?.open_collection(NewCollection {
                collector,
                place,
                project,
            })?;
            println!("{id}");
        }
        Command::Meeting(MeetingCommand::Add {
            date,
            title,
            attendees,
            by,
        }) => {
            let id = open()?.add_meeting(NewMeeting {
                date,
                title,
                attendees,
                by,
            })?;
            println!("{id}");
        }
        Command::Meeting(MeetingCommand::List) => output::meetings(&open()?)?,
        Command::Shift(ShiftCommand::Add {
            member,
            date,
            what,
            by,
        }) => {
            let id = open()?.add_shift(NewShift {
                member,
                date,
                what,
                by,
            })?;
            println!("{id}");
        }
        Command::Decision(DecisionCommand::Create {
            title,
            method,
            budget,
            pool,
            cap,
            options,
            weights,
            quorum,
            threshold,
            window_months,
        }) => {
            let id = open()?.create_decision(NewDecision {
                title,
                method,
                budget,
                pool,
                cap,
                options,
                weights,
                quorum,
                threshold,
                window_months,
            })?;
            println!("{id}");
        }
        Command::Decision(DecisionCommand::Open { decision, at }) => {
            let mut books = open()?;
            let d = books.open_decision(&decision, at.as_deref())?;
            let members = books.voters(&d)?.len();
            println!(
                "voting on \"{}\" is open; the weights of {members} members are frozen",
                d.record.title
            );
        }
        Command::Decision(DecisionCommand::Close { decision, json }) => {
            let tally = open()?.close_decision(&decision)?;
            output::tally(&tally, json);
        }
        Command::Decision(DecisionCommand::Tally { decision, json }) => {
            let tally = open()?.tally(&decision)?;
            output::tally(&tally, json);
        }
        Command::Decision(DecisionCommand::List) => output::decisions(&open()?)?,
        Command::Ballot(BallotCommand::Cast {
            decision,
            member,
            choice,
            paper,
        }) => {
            let source = if paper {
                BallotSource::Paper
            } else {
                BallotSource::Laptop
            };
            open()?.cast_ballot(&decision, &member, choice.choice()?, source)?;
            eprintln!("ballot recorded");
        }
        Command::Ballot(BallotCommand::Enter {
            decision,
            paper,
            pass,
            member,
            choice,
        }) => {
            let outcome =
                open()?.enter_paper(&decision, &paper, pass, &member, choice.choice()?)?;
            println!(
                "paper ballot {paper}: {}",
                match outcome {
                    PaperOutcome::Waiting => "entered once; it counts when the second entry agrees",
                    PaperOutcome::Cast => "both entries agree; the ballot counts",
                    PaperOutcome::Differs =>
                        "the two entries differ; see `ballot differences` and settle it with `ballot settle`",
                }
            );
        }
        Command::Ballot(BallotCommand::Differences { decision, json }) => {
            output::paper_differences(&open()?.paper_differences(&decision)?, json);
        }
        Command::Ballot(BallotCommand::Settle {
            decision,
            paper,
            member,
            choice,
        }) => {
            open()?.settle_paper(&decision, &paper, &member, choice.choice()?)?;
            eprintln!("paper ballot {paper} counts as settled");
        }
        Command::Ballot(BallotCommand::Import { decision, file }) => {
            let n = open()?.import_ballots(&decision, &file)?;
            println!("{n} ballots imported");
        }
        Command::Weights { at, rule, json } => {
            let books = open()?;
            let day = commonpot_app::parse_day(Field::At, &at)?;
            let rule: WeightRule = match rule.as_deref() {
                Some(r) => r.parse().map_err(|t| AppError::invalid(Field::Rule, t))?,
                None => WeightRule::default(),
            };
            let lines = books.weights_at(day, &rule)?;
            output::weights(&rule, &lines, json);
        }
        Command::Collection(CollectionCommand::List { json }) => {
            let books = open()?;
            let open_ones = books.open_collections()?;
            output::collections(&books, &open_ones, json)?;
        }
        Command::Collection(CollectionCommand::Show { collection, json }) => {
            let books = open()?;
            let state = books.collection(&collection)?;
            output::collection(&books, &state, json)?;
        }
        Command::Collection(CollectionCommand::Undo { collection }) => {
            let id = open()?.undo_last_in(&collection)?;
            println!("{id}");
        }
        Command::Collection(CollectionCommand::Close {
            collection,
            counts,
            note,
        }) => {
            let counts = parse_counts(&counts)?;
            let mut books = open()?;
            let close =
                books.close_collection(&collection, &counts, note.as_deref().unwrap_or(""))?;
            let l = &books.association().locale;
            println!(
                "closed: counted {}, entered {}{}",
                l.format_amount(close.counted_total),
                l.format_amount(close.entered_total),
                if close.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", close.note)
                }
            );
        }
        Command::Reverse { entry, reason } => {
            let id = open()?.reverse(&entry, &reason)?;
            println!("{id}");
        }
        Command::Ledger {
            project,
            member,
            limit,
            channel,
            from,
            to,
            search,
            json,
        } => {
            let books = open()?;
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
        }
        Command::Summary { json } => output::summary(&open()?, json)?,
        Command::Import(ImportCommand::Contributions { file, dry_run }) => {
            let report = open()?.import_contributions(&file, dry_run)?;
            let verb = if dry_run { "would import" } else { "imported" };
            println!(
                "{verb} {} contributions from {} ({} lines; {} already recorded)",
                report.added,
                file.display(),
                report.lines,
                report.already_present
            );
        }
        Command::Export(ExportCommand::Contributions { out }) => {
            let n = open()?.export_contributions(&out)?;
            println!("exported {n} contributions to {}", out.display());
        }
        Command::Kit(KitCommand::Export { volunteer, out }) => {
            let mut books = open()?;
            // A protected association's kits are encrypted under a passphrase of their own;
            // any kit is when COMMONPOT_NEW_PASSPHRASE is given.
            let passphrase = if std::env::var_os("COMMONPOT_NEW_PASSPHRASE").is_some()
                || commonpot_app::is_protected(&db)
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
        Command::Kit(KitCommand::Open { kit }) => {
            let passphrase = if commonpot_app::kit_is_locked(&kit) {
                let what = format!("the passphrase of the kit {}", kit.display());
                match current_passphrase(&[])? {
                    Some(p) => Some(p),
                    None => Some(ask(&what, Field::Passphrase)?),
                }
            } else {
                current_passphrase(&[&db])?
            };
            let env = Env::from_process()?.with_passphrase(passphrase);
            let (_, summary) = Books::open_kit(&db, &kit, env)?;
            let verb = if summary.updated {
                "refreshed"
            } else {
                "created"
            };
            println!(
                "{verb} the volunteer laptop \"{}\" of {} in {}: {} projects, {} members, {} decisions",
                summary.volunteer,
                summary.association,
                db.display(),
                summary.projects,
                summary.members,
                summary.decisions
            );
        }
        Command::Bundle(BundleCommand::Export { out, all }) => {
            let b = open()?.export_bundle(&out, all)?;
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
        Command::Bundle(BundleCommand::Import {
            file,
            dry_run,
            json,
        }) => {
            let report = open()?.import_bundle(&file, dry_run)?;
            output::bundle_report(&report, json);
        }
        Command::Devices { json } => output::devices(&open()?.devices()?, json),
        Command::Bank(BankCommand::Import {
            file,
            camt,
            csv,
            dry_run,
            json,
        }) => {
            let format = match (camt, csv) {
                (_, Some(profile)) => BankFormat::Csv(profile),
                _ => BankFormat::Camt,
            };
            let report = open()?.import_bank_file(&file, &format, dry_run)?;
            output::bank_import(&report, &file, json);
        }
        Command::Bank(BankCommand::Profile(ProfileCommand::Add {
            name,
            delimiter,
            decimal,
            date_format,
            columns,
            encoding,
        })) => {
            let p = open()?.add_bank_profile(
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
        Command::Bank(BankCommand::Profile(ProfileCommand::List)) => {
            output::bank_profiles(&open()?.bank_profiles()?)
        }
        Command::Bank(BankCommand::Queue { json }) => {
            output::bank_queue(&open()?.bank_queue()?, json)
        }
        Command::Bank(BankCommand::Assign {
            line,
            project,
            member,
            no_remember,
        }) => {
            let mut books = open()?;
            let id = books.assign_bank_line(&line, &project, member.as_deref(), !no_remember)?;
            println!("bank line {} is now entry {id}", line.trim());
        }
        Command::Bank(BankCommand::Status { json }) => {
            output::bank_status(&open()?.bank_overview()?, json)
        }
        Command::Reference {
            reference,
            member,
            json,
        } => {
            let r = open()?.payment_reference(&reference, member.as_deref())?;
            output::payment_reference(&r, json);
        }
        Command::Qr {
            reference,
            member,
            amount,
            out,
        } => {
            let books = open()?;
            let r = books.payment_reference(&reference, member.as_deref())?;
            let size = books.save_payment_code(&r, amount.as_deref(), &out)?;
            println!(
                "wrote the payment code for {} to {} ({} KB)",
                r.grouped,
                out.display(),
                size.div_ceil(1024)
            );
        }
        Command::Verify => {
            let report = open()?.verify()?;
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
        }
        Command::Report(command) => {
            let mut books = open()?;
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
        }
        Command::Restore { backup } => {
            let env = Env::from_process()?.with_passphrase(current_passphrase(&[&db, &backup])?);
            let restored = Books::restore(&db, &backup, env)?;
            println!(
                "restored {} from {}: {} entries, digest {}",
                db.display(),
                backup.display(),
                restored.entries,
                restored.digest
            );
            if let Some(kept) = restored.kept {
                println!("the books it replaced are kept in {}", kept.display());
            }
        }
        Command::Passphrase(command) => {
            // The current passphrase is asked for first (an unprotected file has none, and
            // "set" on a protected one is refused without asking), then the new one.
            let env = match command {
                PassphraseCommand::Set => Env::from_process()?,
                _ => env()?,
            };
            let change = match command {
                PassphraseCommand::Set => ProtectionChange::Set(new_passphrase()?),
                PassphraseCommand::Change => ProtectionChange::Change(new_passphrase()?),
                PassphraseCommand::Remove => ProtectionChange::Remove,
            };
            let done = Books::change_protection(&db, change.clone(), env)?;
            let shown = db.display();
            let (entries, digest) = (done.entries, &done.digest);
            match change {
                ProtectionChange::Set(_) => {
                    println!(
                        "protected {shown} with a passphrase: {entries} entries, digest {digest}"
                    );
                    println!("without the passphrase the books cannot be read: keep it safe");
                    println!("backups made before are not protected; backups from now on are");
                }
                ProtectionChange::Change(_) => {
                    println!(
                        "changed the passphrase of {shown}: {entries} entries, digest {digest}"
                    );
                    println!("backups made before still open with the old passphrase");
                }
                ProtectionChange::Remove => println!(
                    "removed the passphrase of {shown}: it is stored unencrypted ({entries} entries, digest {digest})"
                ),
            }
        }
        Command::Backup { out: Some(out), .. } => {
            open()?.backup(&out)?;
            println!("backed up {} to {}", db.display(), out.display());
        }
        Command::Backup { out: None, .. } => match open()?.backup_automatic()? {
            Some(path) => println!("backed up {} to {}", db.display(), path.display()),
            None => println!("the last automatic backup is less than a day old; none taken"),
        },
        Command::Demo {
            members,
            contributions,
            seed,
        } => {
            let started = std::time::Instant::now();
            let report = commonpot_app::build_demo(
                &db,
                DemoOptions {
                    members,
                    contributions,
                    seed,
                },
            )?;
            println!(
                "Created the demo association \"{}\" in {} ({} members, {} projects, {} contributions, {} expenses, {} reversals) in {:.1} s\ndigest {}",
                report.name,
                db.display(),
                report.members,
                report.projects,
                report.contributions,
                report.expenses,
                report.reversals,
                started.elapsed().as_secs_f64(),
                report.digest
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
