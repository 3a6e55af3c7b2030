//! What the settings screen sends and receives.

use commonpot_app::{AmountView, Association, SettingChange, SettingGroupView};
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
    /// Every other setting by group, in the registry's order, with its label and input.
    pub groups: Vec<SettingGroupView>,
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
            groups: SettingGroupView::all(a),
            path: path.display().to_string(),
        }
    }
}

/// The Settings form as submitted: every field as typed.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsChangeDto {
    pub name: String,
    pub locale: String,
    pub max_amount: String,
    /// Each setting shown, as typed; an empty text removes one that may be absent.
    pub settings: Vec<SettingChange>,
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
