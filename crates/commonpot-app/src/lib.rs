//! The use cases of Commonpot, called by every front end: the `commonpot` command and the
//! desktop app. Each use case validates everything it is given before it writes, and writes
//! in one transaction: a refused request changes nothing.
//!
//! Inputs arrive as the text a person typed (amounts in the association's locale, references
//! by code, number or id) and are turned into domain values here. The clock and the source of
//! new ids are injected ([`Env`]), so tests and the demo are deterministic.

mod backups;
mod bank;
mod books;
mod cipher;
mod collections;
mod csv_io;
mod decisions;
mod demo;
mod entries;
mod error;
mod field;
mod input;
mod laptops;
mod limits;
mod members;
mod money;
mod output;
mod projects;
mod protect;
mod reports;
mod rights;
mod settings;
mod text_view;

use std::path::PathBuf;

pub use backups::*;
pub use bank::{
    AccountLine, BankFormat, BankImportReport, BankOverview, ImportedLine, LINES_SHOWN,
    PaymentReference, QueueLine, RefusedLine, StatementSummary,
};
pub use books::*;
pub use collections::*;
pub use commonpot_bank::Profile as BankProfile;
pub use commonpot_report::Paper;
pub use commonpot_store::bank::LineState as BankLineState;
pub use commonpot_store::sync::Role;
pub use commonpot_store::{Passphrase, is_protected};
pub use csv_io::{CSV_HEADER, ImportReport};
pub use decisions::*;
pub use demo::{DemoOptions, DemoReport, build_demo};
pub use entries::*;
pub use error::{AppError, ErrorCode, Result};
pub use field::Field;
pub use laptops::{
    BUNDLE_FORMAT, BundleReport, BundleSummary, DeviceLine, Finding, Gap, ImportLogEntry,
    KIT_FORMAT, KitSummary, kit_is_locked,
};
pub use members::*;
pub use money::{AmountView, Money};
pub use output::OutputKind;
pub use projects::*;
pub use protect::{MIN_PASSPHRASE, Protection, ProtectionChange, check_new};
pub use reports::{BALLOTS_MAX, PrintOptions};
pub use rights::{MemberErased, MemberExported};
pub use settings::{
    AssociationChange, LANGUAGES, Setting, SettingChange, SettingGroupView, SettingInput,
    SettingKind, SettingSection, SettingSpec, SettingView, SettingsOf,
};
pub use text_view::TextView;

pub use commonpot_store::{
    Association, ChannelTotal, CollectionState, LedgerLine, Member, Problem, Project,
    ProjectWithFigures, SettingValue, Summary, VerifyReport,
};

/// The identifier the desktop app is registered under; its data directory is named after it.
pub const APP_IDENTIFIER: &str = "org.commonpot.app";

/// The association file used when none is named: `commonpot.sqlite` in the platform data
/// directory of the desktop app (on Linux `~/.local/share/org.commonpot.app/`).
pub fn default_data_file() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join("commonpot.sqlite")
}
