//! What the settings screen sends and receives.

use commonpot_app::{AmountView, Association};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::AssociationDto;

/// The association's settings as the Settings screen shows them.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub name: String,
    /// Fixed once the association exists.
    pub currency: String,
    pub locale: String,
    pub max_amount: AmountView,
    /// In groups of four.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub creditor: Option<String>,
    /// Where backups go; the data folder's `backups` when none.
    pub backup_folder: Option<String>,
    /// "en" or "de" when chosen; none follows the locale.
    pub language: Option<String>,
    /// Public documents show no count or sum over fewer contributors than this.
    pub disclosure_threshold: u32,
    /// How many automatic backups (taken when the window closes, at most daily) are kept.
    pub backups_kept: u32,
    /// Printed on member statements that serve as donation receipts.
    pub receipt_text: Option<String>,
    /// The association file.
    pub path: String,
}

impl SettingsDto {
    pub fn new(a: &Association, path: &std::path::Path) -> SettingsDto {
        SettingsDto {
            name: a.name.clone(),
            currency: a.currency.to_string(),
            locale: a.locale.to_string(),
            max_amount: AmountView::new(a.max_amount, &a.locale),
            iban: a.iban.as_deref().map(|i| {
                commonpot_core::payment::Iban::parse(i)
                    .map(|i| i.grouped())
                    .unwrap_or_else(|_| i.to_string())
            }),
            bic: a.bic.clone(),
            creditor: a.creditor.clone(),
            backup_folder: a.backup_folder.clone(),
            language: a.language.clone(),
            disclosure_threshold: a.disclosure_threshold,
            backups_kept: a.backups_kept,
            receipt_text: a.receipt_text.clone(),
            path: path.display().to_string(),
        }
    }
}

/// The Settings form as submitted: every field as typed; an empty text removes an optional
/// setting.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsChangeDto {
    pub name: String,
    pub locale: String,
    pub max_amount: String,
    pub iban: String,
    pub bic: String,
    pub creditor: String,
    pub backup_folder: String,
    pub language: String,
    pub disclosure_threshold: String,
    pub receipt_text: String,
    pub backups_kept: String,
}

/// What a restore put in place.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoredDto {
    pub entries: u32,
    pub digest: String,
    /// Where the books it replaced were kept.
    pub kept: Option<String>,
    /// The association as reopened.
    pub association: AssociationDto,
}
