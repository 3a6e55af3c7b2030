//! The association's settings beyond its name, locale and maximum single amount: one
//! registry that the store, the command, the desktop and the volunteer kit all read.
//!
//! A setting is one [`Setting`] variant and one arm of [`Setting::spec`]: the column that
//! keeps it, the kind of value (which is how it is checked and which input shows it), the
//! catalogue keys of its name and hint, the group it is shown in, and whether it travels to
//! a volunteer's laptop. The store keeps every column of the `association` table without
//! knowing it; `association set --NAME` and the Settings screen are built from this list.
//! ARCHITECTURE.md walks through adding one.

use std::path::Path;

use commonpot_core::payment::{self, Bic, Iban};
use commonpot_core::{Key, Text};
use commonpot_store::{Association, SettingValue, Settings};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};
use crate::field::Field;
use crate::input;
use crate::text_view::TextView;

/// Languages the app's texts exist in.
pub const LANGUAGES: &[&str] = &["en", "de"];

macro_rules! settings {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A setting of the association. Its name (kebab-case) is the command's flag
        /// without the dashes and the desktop's name for it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum Setting {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl Setting {
            /// Every setting, in the order the Settings screen and `association show` list them.
            pub const ALL: &[Setting] = &[$(Setting::$variant,)*];

            /// The stable name: `backups-kept`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Setting::$variant => $name,)*
                }
            }
        }
    };
}

settings! {
    /// The app's language when chosen; none follows the locale.
    Language = "language",
    /// The association's account, for payment codes.
    Iban = "iban",
    Bic = "bic",
    /// The account holder's name on payment codes.
    Creditor = "creditor",
    /// Public documents show no count or sum over fewer contributors than this.
    DisclosureThreshold = "disclosure-threshold",
    /// Printed on a member's statement when it serves as a donation receipt.
    ReceiptText = "receipt-text",
    /// Where backups are written; the app's data folder when none.
    BackupFolder = "backup-folder",
    /// How many automatic backups are kept.
    BackupsKept = "backups-kept",
}

/// What a setting is, in one place.
#[derive(Clone, Copy, Debug)]
pub struct SettingSpec {
    /// The column of the `association` table that keeps it.
    pub column: &'static str,
    pub kind: SettingKind,
    pub label: Key,
    pub hint: Option<Key>,
    pub section: SettingSection,
    /// Kept on each laptop for itself: a volunteer kit does not carry it.
    pub per_laptop: bool,
}

/// The kind of value a setting takes: how a typed value is checked and stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingKind {
    /// One of [`LANGUAGES`], or none.
    Language,
    Iban,
    Bic,
    /// A name of at most 70 characters, as payment codes take it.
    Creditor,
    /// Free text over several lines, or none.
    Paragraph,
    /// A folder that exists, or none.
    Folder,
    /// A whole number from `min` to `max`; `refusal` says what it counts.
    Count {
        min: u32,
        max: u32,
        refusal: Key,
    },
}

/// The group of the Settings screen a setting is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum SettingSection {
    /// With the association's name and locale.
    Association,
    Payments,
    Statements,
    Backups,
}

impl SettingSection {
    /// The heading of the group; the association's own group has the screen's.
    pub fn heading(self) -> Option<Key> {
        match self {
            SettingSection::Association => None,
            SettingSection::Payments => Some(Key::SectionPayments),
            SettingSection::Statements => Some(Key::SectionStatements),
            SettingSection::Backups => Some(Key::SectionBackups),
        }
    }
}

impl Setting {
    /// Everything about the setting. Adding a setting is a variant above and an arm here
    /// (and its column, label and German wording).
    // Over 70 lines: a table, one arm per setting; the compiler checks that none is missing.
    pub fn spec(self) -> SettingSpec {
        use SettingKind as K;
        use SettingSection as S;
        let spec = |column, kind, label, hint, section| SettingSpec {
            column,
            kind,
            label,
            hint,
            section,
            per_laptop: false,
        };
        match self {
            Setting::Language => spec(
                "language",
                K::Language,
                Key::SettingLanguage,
                None,
                S::Association,
            ),
            Setting::Iban => spec(
                "iban",
                K::Iban,
                Key::SettingIban,
                Some(Key::SettingIbanHint),
                S::Payments,
            ),
            Setting::Bic => spec("bic", K::Bic, Key::SettingBic, None, S::Payments),
            Setting::Creditor => spec(
                "creditor",
                K::Creditor,
                Key::SettingCreditor,
                Some(Key::SettingCreditorHint),
                S::Payments,
            ),
            Setting::DisclosureThreshold => spec(
                "disclosure_threshold",
                K::Count {
                    min: 1,
                    max: 1000,
                    refusal: Key::DisclosureThreshold,
                },
                Key::SettingDisclosureThreshold,
                Some(Key::SettingDisclosureThresholdHint),
                S::Statements,
            ),
            Setting::ReceiptText => spec(
                "receipt_text",
                K::Paragraph,
                Key::SettingReceiptText,
                Some(Key::SettingReceiptTextHint),
                S::Statements,
            ),
            Setting::BackupFolder => SettingSpec {
                per_laptop: true,
                ..spec(
                    "backup_folder",
                    K::Folder,
                    Key::SettingBackupFolder,
                    Some(Key::SettingBackupFolderHint),
                    S::Backups,
                )
            },
            Setting::BackupsKept => SettingSpec {
                per_laptop: true,
                ..spec(
                    "backups_kept",
                    K::Count {
                        min: 1,
                        max: 365,
                        refusal: Key::BackupsKept,
                    },
                    Key::SettingBackupsKept,
                    Some(Key::SettingBackupsKeptHint),
                    S::Backups,
                )
            },
        }
    }

    /// The field a refusal of this setting names.
    pub fn field(self) -> Field {
        Field::Setting(self)
    }

    /// Checks a value as typed: surrounding spaces are dropped, and an empty text removes a
    /// setting that may be absent.
    pub fn parse(self, typed: &str) -> Result<SettingValue> {
        let text = typed.trim();
        match self.spec().kind {
            SettingKind::Count { .. } => self.check(&SettingValue::Text(text.to_string())),
            _ if text.is_empty() => Ok(SettingValue::Absent),
            _ => self.check(&SettingValue::Text(text.to_string())),
        }
    }

    /// Checks a value from anywhere (typed, or read from a kit) and gives it as stored.
    pub fn check(self, value: &SettingValue) -> Result<SettingValue> {
        let refuse = |text: Text| AppError::invalid(self.field(), text);
        let text = match value {
            SettingValue::Absent => {
                return match self.spec().kind {
                    SettingKind::Count { refusal, .. } => {
                        Err(refuse(Text::new(refusal).arg("text", "")))
                    }
                    _ => Ok(SettingValue::Absent),
                };
            }
            SettingValue::Number(n) => n.to_string(),
            SettingValue::Text(t) => t.clone(),
        };
        let stored = |t: String| Ok(SettingValue::Text(t));
        match self.spec().kind {
            SettingKind::Count { min, max, refusal } => text
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(|n| SettingValue::Number(i64::from(n)))
                .ok_or_else(|| refuse(Text::new(refusal).arg("text", &text))),
            SettingKind::Language => {
                let language = text.to_ascii_lowercase();
                if LANGUAGES.contains(&language.as_str()) {
                    stored(language)
                } else {
                    Err(refuse(
                        Text::new(Key::LanguageUnknown)
                            .arg("text", &text)
                            .arg("languages", LANGUAGES.join(", ")),
                    ))
                }
            }
            SettingKind::Iban => Iban::parse(&text)
                .map(|iban| SettingValue::Text(iban.as_str().to_string()))
                .map_err(|e| refuse(e.text())),
            SettingKind::Bic => Bic::parse(&text)
                .map(|bic| SettingValue::Text(bic.as_str().to_string()))
                .map_err(|e| refuse(e.text())),
            SettingKind::Creditor => payment::creditor_name(&text)
                .map(SettingValue::Text)
                .map_err(|e| refuse(e.text())),
            SettingKind::Paragraph => input::optional_text(self.field(), &text).and_then(stored),
            SettingKind::Folder if Path::new(&text).is_dir() => stored(text),
            SettingKind::Folder => Err(refuse(Text::new(Key::FolderMissing).arg("path", &text))),
        }
    }

    /// The value as a person reads and edits it: an IBAN in groups of four, a count as its
    /// number, nothing as an empty text.
    pub fn shown(self, value: Option<&SettingValue>) -> String {
        match value {
            None | Some(SettingValue::Absent) => String::new(),
            Some(SettingValue::Number(n)) => n.to_string(),
            Some(SettingValue::Text(t)) if self.spec().kind == SettingKind::Iban => Iban::parse(t)
                .map(|iban| iban.grouped())
                .unwrap_or_else(|_| t.clone()),
            Some(SettingValue::Text(t)) => t.clone(),
        }
    }
}

/// Reading the association's settings by what they mean.
pub trait SettingsOf {
    /// The value of a setting as stored.
    fn value(&self, setting: Setting) -> &SettingValue;
    /// The text of a setting, or none when it is not set.
    fn text(&self, setting: Setting) -> Option<&str>;
    /// The number a count setting holds; the store's check keeps it within its range.
    fn count(&self, setting: Setting) -> u32;
}

impl SettingsOf for Settings {
    fn value(&self, setting: Setting) -> &SettingValue {
        self.get(setting.spec().column)
            .unwrap_or(&SettingValue::Absent)
    }

    fn text(&self, setting: Setting) -> Option<&str> {
        match self.get(setting.spec().column) {
            Some(SettingValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn count(&self, setting: Setting) -> u32 {
        match (self.get(setting.spec().column), setting.spec().kind) {
            (Some(SettingValue::Number(n)), _) => u32::try_from(*n).unwrap_or(u32::MAX),
            // The column is NOT NULL with a CHECK of its range: a file without it lacks a
            // migration, which opening the file applies.
            (value, kind) => panic!("{} is {value:?}, not a count ({kind:?})", setting.name()),
        }
    }
}

/// Settings to change, as typed; a setting not named keeps its value.
#[derive(Clone, Debug, Default)]
pub struct AssociationChange {
    pub name: Option<String>,
    pub locale: Option<String>,
    pub max_amount: Option<String>,
    pub settings: Vec<SettingChange>,
}

/// A new value of one setting, as typed; an empty text removes a setting that may be absent.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingChange {
    pub setting: Setting,
    pub value: String,
}

impl AssociationChange {
    /// The change of one setting.
    pub fn setting(mut self, setting: Setting, typed: impl Into<String>) -> AssociationChange {
        self.settings.push(SettingChange {
            setting,
            value: typed.into(),
        });
        self
    }
}

/// Checks every setting named in `change` and gives them as the store writes them.
pub(crate) fn checked(change: &[SettingChange]) -> Result<Settings> {
    let mut settings = Settings::default();
    for SettingChange { setting, value } in change {
        settings.set(setting.spec().column, setting.parse(value)?);
    }
    Ok(settings)
}

/// One setting as the Settings screen shows it: its name, the input it takes, its label and
/// hint in the catalogue's words, and its value as a person edits it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    pub setting: Setting,
    pub section: SettingSection,
    pub input: SettingInput,
    pub label: TextView,
    pub hint: Option<TextView>,
    pub value: String,
}

/// The input a setting is edited in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum SettingInput {
    /// One line of at most `maxChars` characters (when given).
    Line {
        #[serde(rename = "maxChars")]
        max_chars: Option<u32>,
    },
    Paragraph,
    /// A whole number.
    Count {
        min: u32,
        max: u32,
    },
    /// A folder, typed or chosen.
    Folder,
    /// One of the app's languages, or none to follow the locale.
    Language {
        languages: Vec<String>,
    },
}

/// The settings of one group of the Settings screen, under its heading.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SettingGroupView {
    pub section: SettingSection,
    /// None for the association's own group, which the screen's heading covers.
    pub heading: Option<TextView>,
    pub settings: Vec<SettingView>,
}

impl SettingGroupView {
    /// The settings of `association` by group, each group where its first setting is in the
    /// registry.
    pub fn all(association: &Association) -> Vec<SettingGroupView> {
        let mut groups: Vec<SettingGroupView> = Vec::new();
        for view in SettingView::all(association) {
            match groups
                .iter_mut()
                .find(|group| group.section == view.section)
            {
                Some(group) => group.settings.push(view),
                None => groups.push(SettingGroupView {
                    section: view.section,
                    heading: view
                        .section
                        .heading()
                        .map(|key| TextView::from(&Text::new(key))),
                    settings: vec![view],
                }),
            }
        }
        groups
    }
}

impl SettingView {
    /// Every setting of `association`, in the registry's order.
    pub fn all(association: &Association) -> Vec<SettingView> {
        Setting::ALL
            .iter()
            .map(|&setting| {
                let spec = setting.spec();
                SettingView {
                    setting,
                    section: spec.section,
                    input: match spec.kind {
                        SettingKind::Language => SettingInput::Language {
                            languages: LANGUAGES.iter().map(|l| l.to_string()).collect(),
                        },
                        SettingKind::Iban | SettingKind::Bic => {
                            SettingInput::Line { max_chars: None }
                        }
                        SettingKind::Creditor => SettingInput::Line {
                            max_chars: Some(payment::CREDITOR_CHARS_MAX as u32),
                        },
                        SettingKind::Paragraph => SettingInput::Paragraph,
                        SettingKind::Folder => SettingInput::Folder,
                        SettingKind::Count { min, max, .. } => SettingInput::Count { min, max },
                    },
                    label: TextView::from(&Text::new(spec.label)),
                    hint: spec.hint.map(|hint| TextView::from(&Text::new(hint))),
                    value: setting.shown(association.settings.get(spec.column)),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use commonpot_core::{Amount, Currency, Locale};
    use commonpot_store::{SettingValue, Store};

    use super::*;

    /// A new file's association, with each setting at its column's default.
    fn stored() -> Association {
        let mut store = Store::open_in_memory().unwrap();
        let currency = Currency::from_code("EUR").unwrap();
        let association = Association {
            id: uuid::Uuid::from_u128(1),
            name: "Lindenhof".into(),
            currency,
            locale: Locale::parse("de-DE").unwrap(),
            max_amount: Amount::from_units(1000, currency),
            created_at: chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap(),
            settings: Settings::default(),
        };
        let device = commonpot_core::DeviceId::from_uuid(uuid::Uuid::from_u128(2));
        store
            .write(|w| w.init_association(&association, device, "Laptop"))
            .unwrap();
        store.association().unwrap().clone()
    }

    #[test]
    fn every_setting_has_its_column_and_a_count_its_default_within_range() {
        let association = stored();
        let mut columns = std::collections::HashSet::new();
        for &setting in Setting::ALL {
            let spec = setting.spec();
            assert!(columns.insert(spec.column), "{} twice", spec.column);
            let value = association.settings.get(spec.column);
            assert!(value.is_some(), "the file has no column {}", spec.column);
            if let SettingKind::Count { min, max, .. } = spec.kind {
                let count = association.settings.count(setting);
                assert!(
                    (min..=max).contains(&count),
                    "{setting:?} defaults to {count}"
                );
            }
        }
        for (column, _) in association.settings.iter() {
            assert!(
                Setting::ALL.iter().any(|s| s.spec().column == column),
                "the column {column} is in no setting of the registry"
            );
        }
    }

    #[test]
    fn names_are_the_flags_and_what_serde_writes() {
        for &setting in Setting::ALL {
            assert_eq!(serde_json::to_value(setting).unwrap(), setting.name());
            assert_eq!(
                serde_json::to_value(setting.field()).unwrap(),
                setting.name()
            );
            assert_eq!(setting.spec().column, setting.name().replace('-', "_"));
        }
    }

    #[test]
    fn typed_values_are_checked_and_stored_in_one_form() {
        assert_eq!(
            Setting::Iban
                .parse(" de02 1203 0000 0000 2020 51 ")
                .unwrap(),
            SettingValue::Text("DE02120300000000202051".into())
        );
        assert_eq!(Setting::Iban.parse("  ").unwrap(), SettingValue::Absent);
        assert_eq!(
            Setting::Language.parse("DE").unwrap(),
            SettingValue::Text("de".into())
        );
        assert_eq!(
            Setting::BackupsKept.parse("30").unwrap(),
            SettingValue::Number(30)
        );
        for (setting, typed) in [
            (Setting::BackupsKept, "0"),
            (Setting::BackupsKept, ""),
            (Setting::BackupsKept, "2.5"),
            (Setting::DisclosureThreshold, "1001"),
            (Setting::Iban, "DE02120300000000202052"),
            (Setting::Bic, "GENO"),
            (Setting::Language, "fr"),
            (Setting::BackupFolder, "/no/such/folder"),
            (Setting::ReceiptText, "a\u{7}bell"),
        ] {
            let refused = setting.parse(typed).unwrap_err();
            assert_eq!(refused.field(), Some(Field::Setting(setting)), "{typed}");
        }
        let long = "x".repeat(71);
        assert!(Setting::Creditor.parse(&long).is_err());
        assert!(Setting::Creditor.parse(&long[..70]).is_ok());
    }

    #[test]
    fn the_view_shows_an_iban_in_fours_and_counts_as_numbers() {
        let mut association = stored();
        association
            .settings
            .set("iban", SettingValue::Text("DE02120300000000202051".into()));
        let views = SettingView::all(&association);
        let shown = |setting: Setting| {
            views
                .iter()
                .find(|view| view.setting == setting)
                .unwrap()
                .value
                .clone()
        };
        assert_eq!(shown(Setting::Iban), "DE02 1203 0000 0000 2020 51");
        assert_eq!(shown(Setting::BackupsKept), "10");
        assert_eq!(shown(Setting::Bic), "");
        assert_eq!(views.len(), Setting::ALL.len());
        assert_eq!(
            views[0].label.message, "Language",
            "the label is the catalogue's English"
        );
    }

    #[test]
    fn groups_keep_the_registry_order_and_only_the_associations_own_has_no_heading() {
        let groups = SettingGroupView::all(&stored());
        let sections: Vec<_> = groups.iter().map(|group| group.section).collect();
        assert_eq!(
            sections,
            [
                SettingSection::Association,
                SettingSection::Payments,
                SettingSection::Statements,
                SettingSection::Backups
            ]
        );
        assert!(groups[0].heading.is_none());
        assert!(groups[1..].iter().all(|group| group.heading.is_some()));
        let count: usize = groups.iter().map(|group| group.settings.len()).sum();
        assert_eq!(count, Setting::ALL.len());
    }
}
