//! What the overview screen sends and receives.

use commonpot_app::AmountView;
use serde::Serialize;
use specta::Type;

use super::{AssociationDto, LedgerLineDto, ProjectDto};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OverviewDto {
    pub association: AssociationDto,
    /// Projects that are open for contributions.
    pub projects: Vec<ProjectDto>,
    pub raised: AmountView,
    pub spent: AmountView,
    pub balance: AmountView,
    pub general_fund: AmountView,
    pub entry_count: u32,
    pub digest: String,
    pub latest: Vec<LedgerLineDto>,
}
