//! What the laptops screen sends and receives.

use serde::Serialize;
use specta::Type;

use commonpot_app::TextView;

/// A sequence range of a laptop that never arrived.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct GapDto {
    pub device: String,
    pub from: u32,
    pub to: u32,
    pub text: TextView,
}

/// A laptop this file knows.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDto {
    pub id: String,
    pub name: String,
    pub this_laptop: bool,
    pub last_seq: u32,
    /// This laptop: entries made and not handed over in a bundle yet.
    pub not_handed_over: u32,
    pub gaps: Vec<GapDto>,
}

/// One entry an import did not apply.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FindingDto {
    pub kind: String,
    pub id: String,
    pub device: String,
    pub seq: Option<u32>,
    pub text: TextView,
}

/// What importing a bundle did, or would do.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BundleReportDto {
    pub file: String,
    pub device: String,
    pub added: u32,
    pub skipped: u32,
    pub members_added: u32,
    pub conflicts: Vec<FindingDto>,
    pub refused: Vec<FindingDto>,
    pub gaps: Vec<GapDto>,
    pub dry_run: bool,
    pub entry_count: u32,
    pub digest: String,
}

/// An earlier import, as the log keeps it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportLogDto {
    pub imported_at: String,
    pub file: String,
    pub device: String,
    pub added: u32,
    pub skipped: u32,
    pub conflicts: u32,
    pub refused: u32,
}

/// The "Volunteers & laptops" screen.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LaptopsDto {
    /// "organiser" or "volunteer".
    pub role: String,
    pub devices: Vec<DeviceDto>,
    pub imports: Vec<ImportLogDto>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KitDto {
    pub volunteer: String,
    pub projects: u32,
    pub members: u32,
    pub decisions: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HandedOverDto {
    pub path: String,
    pub entries: u32,
    pub members: u32,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

impl From<&commonpot_app::Gap> for GapDto {
    fn from(g: &commonpot_app::Gap) -> GapDto {
        GapDto {
            device: g.device.clone(),
            from: g.from as u32,
            to: g.to as u32,
            text: (&g.text()).into(),
        }
    }
}

impl From<&commonpot_app::Finding> for FindingDto {
    fn from(f: &commonpot_app::Finding) -> FindingDto {
        FindingDto {
            kind: f.kind.clone(),
            id: f.id.clone(),
            device: f.device.clone(),
            seq: f.seq.map(|s| s as u32),
            text: (&f.text).into(),
        }
    }
}

impl From<&commonpot_app::BundleReport> for BundleReportDto {
    fn from(r: &commonpot_app::BundleReport) -> BundleReportDto {
        BundleReportDto {
            file: r.file.clone(),
            device: r.device.clone(),
            added: r.added as u32,
            skipped: r.skipped as u32,
            members_added: r.members_added as u32,
            conflicts: r.conflicts.iter().map(Into::into).collect(),
            refused: r.refused.iter().map(Into::into).collect(),
            gaps: r.gaps.iter().map(Into::into).collect(),
            dry_run: r.dry_run,
            entry_count: r.entry_count as u32,
            digest: r.digest.clone(),
        }
    }
}
