//! The first screen: creating an association, opening one, or the demo.

use std::path::PathBuf;

use commonpot_app::{Books, DemoOptions, Env, NewAssociation, Passphrase};
use tauri::State;

use crate::dto::{AssociationDto, NewAssociationDto, StartDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn start(session: State<'_, Session>) -> StartDto {
    let default_file = commonpot_app::default_data_file().display().to_string();
    let Some(path) = session.last_file() else {
        return StartDto {
            default_file,
            opened: None,
            reopen_error: None,
            locked_file: None,
        };
    };
    if commonpot_app::is_protected(&path) {
        return StartDto {
            default_file,
            opened: None,
            reopen_error: None,
            locked_file: Some(path.display().to_string()),
        };
    }
    match Env::from_process().and_then(|env| Books::open(&path, env)) {
        Ok(books) => {
            let opened = AssociationDto::new(&books, &path);
            session.replace(books, path);
            StartDto {
                default_file,
                opened: Some(opened),
                reopen_error: None,
                locked_file: None,
            }
        }
        Err(e) => StartDto {
            default_file,
            opened: None,
            reopen_error: Some(e.into()),
            locked_file: None,
        },
    }
}

#[tauri::command]
#[specta::specta]
pub fn create_association(
    session: State<'_, Session>,
    association: NewAssociationDto,
) -> Result<AssociationDto> {
    let path = association
        .path
        .map(PathBuf::from)
        .unwrap_or_else(commonpot_app::default_data_file);
    let books = Books::create(
        &path,
        NewAssociation {
            name: association.name,
            currency: association.currency,
            locale: Some(association.locale),
            device_name: None,
        },
        Env::from_process()?,
    )?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}

/// Opens the demo association, creating it beside the default file the first time.
#[tauri::command]
#[specta::specta]
pub fn open_demo(session: State<'_, Session>) -> Result<AssociationDto> {
    let path = commonpot_app::default_data_file().with_file_name("demo-association.sqlite");
    if !path.exists() {
        commonpot_app::build_demo(&path, DemoOptions::default())?;
    }
    open_path(&session, path, None)
}

/// Opens an association file; a protected one needs its passphrase (refused with the code
/// `locked` without it, or with a wrong one).
#[tauri::command]
#[specta::specta]
pub fn open_file(
    session: State<'_, Session>,
    path: String,
    passphrase: Option<String>,
) -> Result<AssociationDto> {
    open_path(
        &session,
        PathBuf::from(path),
        passphrase.map(Passphrase::new),
    )
}

pub(crate) fn open_path(
    session: &Session,
    path: PathBuf,
    passphrase: Option<Passphrase>,
) -> Result<AssociationDto> {
    let books = Books::open(&path, Env::from_process()?.with_passphrase(passphrase))?;
    let dto = AssociationDto::new(&books, &path);
    session.replace(books, path);
    Ok(dto)
}
