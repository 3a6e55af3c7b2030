//! Several laptops: kits, bundles and handing over.

use std::path::{Path, PathBuf};

use commonpot_app::{Books, Env, Passphrase};
use tauri::State;

use crate::dto::{
    AssociationDto, BundleReportDto, DeviceDto, HandedOverDto, ImportLogDto, KitDto, LaptopsDto,
};
use crate::session::{Result, Session};

/// The laptops this file knows, their gaps, and the latest imports.
#[tauri::command]
#[specta::specta]
pub fn laptops(session: State<'_, Session>) -> Result<LaptopsDto> {
    session.with(|books, _| {
        let role = match books.role()? {
            commonpot_app::Role::Organiser => "organiser",
            commonpot_app::Role::Volunteer => "volunteer",
        };
        let devices = books
            .devices()?
            .iter()
            .map(|d| DeviceDto {
                id: d.id.to_string(),
                name: d.name.clone(),
                this_laptop: d.is_local,
                last_seq: d.last_seq as u32,
                not_handed_over: d.not_handed_over as u32,
                gaps: d.gaps.iter().map(Into::into).collect(),
            })
            .collect();
        let imports = books
            .import_log(20)?
            .iter()
            .map(|l| ImportLogDto {
                imported_at: commonpot_core::entry::instant_text(l.imported_at),
                file: l.file.clone(),
                device: l.device.clone(),
                added: l.added as u32,
                skipped: l.skipped as u32,
                conflicts: l.conflicts as u32,
                refused: l.refused as u32,
            })
            .collect();
        Ok(LaptopsDto {
            role: role.into(),
            devices,
            imports,
        })
    })
}

/// Writes a volunteer's kit to `path`, encrypted under `passphrase` when one is given (a
/// protected association's kits need one).
#[tauri::command]
#[specta::specta]
pub fn make_kit(
    session: State<'_, Session>,
    volunteer: String,
    path: String,
    passphrase: Option<String>,
) -> Result<KitDto> {
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(Passphrase::new);
    session.with(|books, _| {
        let kit = books.export_kit(&volunteer, Path::new(&path), passphrase.as_ref())?;
        Ok(KitDto {
            volunteer: kit.volunteer,
            projects: kit.projects as u32,
            members: kit.members as u32,
            decisions: kit.decisions as u32,
        })
    })
}

/// Imports a bundle (or, with `dry_run`, reports what it would do).
#[tauri::command]
#[specta::specta]
pub async fn import_bundle(
    session: State<'_, Session>,
    path: String,
    dry_run: bool,
) -> Result<BundleReportDto> {
    session.with(|books, _| Ok((&books.import_bundle(Path::new(&path), dry_run)?).into()))
}

/// Writes this laptop's new entries to `path`: "Hand over my collections"; with `all`,
/// everything it holds again (when a bundle was lost on the way).
#[tauri::command]
#[specta::specta]
pub fn hand_over(session: State<'_, Session>, path: String, all: bool) -> Result<HandedOverDto> {
    session.with(|books, _| {
        let b = books.export_bundle(Path::new(&path), all)?;
        Ok(HandedOverDto {
            path: path.clone(),
            entries: b.entries as u32,
            members: b.members as u32,
            from: b.range.map(|r| r.0 as u32),
            to: b.range.map(|r| r.1 as u32),
        })
    })
}

/// Opens a volunteer's kit: creates this laptop's file from it (in the data folder unless
/// `path` names one), or refreshes that file from a newer kit, and opens it.
#[tauri::command]
#[specta::specta]
pub fn open_kit(
    session: State<'_, Session>,
    kit: String,
    path: Option<String>,
    passphrase: Option<String>,
) -> Result<AssociationDto> {
    let path = path.map(PathBuf::from).unwrap_or_else(|| {
        commonpot_app::default_data_file().with_file_name("volunteer-laptop.sqlite")
    });
    let env = Env::from_process()?.with_passphrase(passphrase.map(Passphrase::new));
    let (books, _) = Books::open_kit(&path, Path::new(&kit), env)?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}
