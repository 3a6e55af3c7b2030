//! Settings: the association's settings, backups, restoring and the passphrase.

use std::path::Path;

use commonpot_app::{AssociationChange, Books, Env, Passphrase, ProtectionChange};
use tauri::State;

use crate::dto::{AssociationDto, RestoredDto, SettingsChangeDto, SettingsDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn settings(session: State<'_, Session>) -> Result<SettingsDto> {
    session.with(|books, path| Ok(SettingsDto::new(books.association(), path)))
}

#[tauri::command]
#[specta::specta]
pub fn update_settings(
    session: State<'_, Session>,
    change: SettingsChangeDto,
) -> Result<SettingsDto> {
    session.with(|books, path| {
        books.update_association(AssociationChange {
            name: Some(change.name),
            locale: Some(change.locale),
            max_amount: Some(change.max_amount),
            settings: change.settings,
        })?;
        Ok(SettingsDto::new(books.association(), path))
    })
}

/// Writes a backup now; returns the file written.
#[tauri::command]
#[specta::specta]
pub fn backup_now(session: State<'_, Session>) -> Result<String> {
    session.with(|books, _| Ok(books.backup_now()?.display().to_string()))
}

/// Closes the open file, runs `work` on its path with its passphrase, and opens it again
/// (with `reopen_with` when the work changed the passphrase).
pub(crate) fn with_file_closed<T>(
    session: &Session,
    work: impl FnOnce(
        &Path,
        Option<Passphrase>,
    ) -> std::result::Result<(T, Option<Passphrase>), commonpot_app::AppError>,
) -> Result<(T, AssociationDto)> {
    let (books, path) = session.take().ok_or_else(crate::session::nothing_open)?;
    let current = books.passphrase().cloned();
    drop(books);
    let outcome = work(&path, current.clone());
    let reopen_with = match &outcome {
        Ok((_, new)) => new.clone(),
        Err(_) => current,
    };
    let books = Books::open(&path, Env::from_process()?.with_passphrase(reopen_with))?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok((outcome?.0, dto))
}

/// Puts the books of the backup at `backup` in place of the open file (checked first; the
/// books replaced are kept beside the file), then reopens it.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(session: State<'_, Session>, backup: String) -> Result<RestoredDto> {
    let (restored, association) = with_file_closed(&session, |path, passphrase| {
        let env = Env::from_process()?.with_passphrase(passphrase.clone());
        let r = Books::restore(path, Path::new(&backup), env)?;
        Ok((r, passphrase))
    })?;
    Ok(RestoredDto {
        entries: restored.entries as u32,
        digest: restored.digest,
        kept: restored.kept.map(|k| k.display().to_string()),
        association,
    })
}

/// Sets (`action` "set"), changes ("change") or removes ("remove") the passphrase of the open
/// file, `next` being the new one. Changing and removing need the current passphrase typed
/// again.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    session: State<'_, Session>,
    action: String,
    current: Option<String>,
    next: Option<String>,
) -> Result<AssociationDto> {
    let (_, association) = with_file_closed(&session, |path, open_with| {
        let typed = current.filter(|c| !c.is_empty()).map(Passphrase::new);
        if action != "set" && (typed.is_none() || typed != open_with) {
            return Err(commonpot_app::AppError::invalid(
                commonpot_app::Field::Passphrase,
                commonpot_core::Text::new(commonpot_core::Key::StoreWrongPassphrase)
                    .arg("path", path.display()),
            ));
        }
        let change = match (action.as_str(), next.map(Passphrase::new)) {
            ("set", Some(p)) => ProtectionChange::Set(p),
            ("change", Some(p)) => ProtectionChange::Change(p),
            ("remove", _) => ProtectionChange::Remove,
            _ => {
                return Err(commonpot_app::AppError::invalid(
                    commonpot_app::Field::NewPassphrase,
                    commonpot_core::Text::new(commonpot_core::Key::PassphraseTooShort)
                        .arg("min", commonpot_app::MIN_PASSPHRASE),
                ));
            }
        };
        let after = match &change {
            ProtectionChange::Set(p) | ProtectionChange::Change(p) => Some(p.clone()),
            ProtectionChange::Remove => None,
        };
        Books::change_protection(
            path,
            change,
            Env::from_process()?.with_passphrase(open_with),
        )?;
        Ok(((), after))
    })?;
    Ok(association)
}
