//! The association: creating it (`init`), its settings, and the demo association.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use commonpot_app::{
    AssociationChange, Books, DemoOptions, Env, LANGUAGES, NewAssociation, Result, Setting,
    SettingChange, SettingKind,
};

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
        /// One flag per setting of the registry: --language, --iban, --bic, --creditor,
        /// --disclosure-threshold, --receipt-text, --backup-folder, --backups-kept.
        #[command(flatten)]
        settings: SettingArgs,
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
            settings,
        } => {
            let mut books = cx.open()?;
            books.update_association(AssociationChange {
                name,
                locale,
                max_amount,
                settings: settings.0,
            })?;
            output::association(&books, false)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The settings `association set` takes, one flag per setting of commonpot-app's registry,
/// so that a new setting needs nothing here.
pub(crate) struct SettingArgs(Vec<SettingChange>);

impl SettingArgs {
    /// The help of a setting's flag: its name and hint from the catalogue, and how to remove
    /// it or what range it takes.
    fn help(setting: Setting) -> String {
        let spec = setting.spec();
        let mut help = spec.label.english().to_string();
        match spec.kind {
            SettingKind::Count { min, max, .. } => help.push_str(&format!(", {min} to {max}.")),
            SettingKind::Language => help.push_str(&format!(": {}.", LANGUAGES.join(", "))),
            _ => help.push('.'),
        }
        if let Some(hint) = spec.hint {
            help.push(' ');
            help.push_str(hint.english());
        }
        match spec.kind {
            SettingKind::Count { .. } => {}
            SettingKind::Language => help.push_str(" \"\" follows the locale."),
            _ => help.push_str(" \"\" removes it."),
        }
        help
    }

    fn value_name(kind: SettingKind) -> &'static str {
        match kind {
            SettingKind::Language => "LANG",
            SettingKind::Iban => "IBAN",
            SettingKind::Bic => "BIC",
            SettingKind::Creditor => "NAME",
            SettingKind::Paragraph => "T",
            SettingKind::Folder => "FOLDER",
            SettingKind::Count { .. } => "N",
        }
    }
}

impl clap::FromArgMatches for SettingArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> std::result::Result<Self, clap::Error> {
        Ok(SettingArgs(
            Setting::ALL
                .iter()
                .filter_map(|&setting| {
                    let typed = matches.get_one::<String>(setting.name())?;
                    Some(SettingChange {
                        setting,
                        value: typed.clone(),
                    })
                })
                .collect(),
        ))
    }

    fn update_from_arg_matches(
        &mut self,
        matches: &clap::ArgMatches,
    ) -> std::result::Result<(), clap::Error> {
        *self = SettingArgs::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for SettingArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        Setting::ALL.iter().fold(command, |command, &setting| {
            command.arg(
                clap::Arg::new(setting.name())
                    .long(setting.name())
                    .value_name(SettingArgs::value_name(setting.spec().kind))
                    .help(SettingArgs::help(setting)),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        SettingArgs::augment_args(command)
    }
}
