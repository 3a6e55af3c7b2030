//! An open association file and the use cases on it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use commonpot_core::{Amount, Currency, DeviceId, EntryId, EntryKind, Key, Locale, MemberId, Text};
use commonpot_store::{
    self as store, Association, Connection, Found, Passphrase, ProjectKey, Store,
};
use uuid::Uuid;

use crate::input;
use crate::settings::{self, AssociationChange, Setting, SettingsOf};
use crate::{AppError, Field, Result};

/// The word that stands for the general fund wherever a project is asked for.
pub const GENERAL_FUND: &str = "general";

/// The environment variable that fixes a process's clock (see [`Env::from_process`]).
pub const NOW_VARIABLE: &str = "COMMONPOT_NOW";

/// Where time and new ids come from. The real one reads the system clock; tests and the demo
/// pass their own.
pub struct Env {
    pub now: Box<dyn FnMut() -> DateTime<Utc> + Send>,
    pub new_id: Box<dyn FnMut(DateTime<Utc>) -> Uuid + Send>,
    /// The passphrase that opens a protected file (ignored by an unprotected one).
    pub passphrase: Option<Passphrase>,
}

impl Env {
    /// The system clock and UUIDv7 ids that increase within this process.
    pub fn system() -> Env {
        let context = uuid::ContextV7::new();
        Env {
            now: Box::new(Utc::now),
            new_id: Box::new(move |at: DateTime<Utc>| {
                let ts = uuid::Timestamp::from_unix(
                    &context,
                    at.timestamp() as u64,
                    at.timestamp_subsec_nanos(),
                );
                Uuid::new_v7(ts)
            }),
            passphrase: None,
        }
    }

    /// The environment of a process: the system clock, unless `COMMONPOT_NOW` names the
    /// moment to take as now (RFC 3339, or any form `--received` accepts). Tests and
    /// reproducible runs set it, so that nothing they print depends on the day they run.
    pub fn from_process() -> Result<Env> {
        let Some(text) = std::env::var_os(NOW_VARIABLE) else {
            return Ok(Env::system());
        };
        let now = input::moment(Field::Now, &text.to_string_lossy())?;
        Ok(Env {
            now: Box::new(move || now),
            ..Env::system()
        })
    }

    /// The same environment, opening protected files with `passphrase`.
    pub fn with_passphrase(self, passphrase: Option<Passphrase>) -> Env {
        Env { passphrase, ..self }
    }
}

/// What a new association needs.
#[derive(Clone, Debug, Default)]
pub struct NewAssociation {
    pub name: String,
    pub currency: String,
    pub locale: Option<String>,
    pub device_name: Option<String>,
}

/// Removes an SQLite file with its `-wal` and `-shm` companions.
pub(crate) fn remove_database(path: &Path) {
    let _ = std::fs::remove_file(path);
    remove_companions(path);
}

/// Removes the `-wal` and `-shm` files SQLite keeps beside `path`.
pub(crate) fn remove_companions(path: &Path) {
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

pub struct Books {
    store: Store,
    env: Env,
}

impl Books {
    /// Creates a new association file at `path`; refuses if one is there already.
    pub fn create(path: &Path, new: NewAssociation, env: Env) -> Result<Books> {
        let name = input::required_line(Field::Name, &new.name)?;
        let currency = Currency::from_code(&new.currency)
            .map_err(|e| AppError::invalid(Field::Currency, e.text()))?;
        let locale = Locale::parse(new.locale.as_deref().unwrap_or("en"))
            .map_err(|e| AppError::invalid(Field::Locale, e.text()))?;
        if path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false)
        {
            let existing = Store::open_with(path, false, env.passphrase.as_ref())?;
            if let Ok(a) = existing.association() {
                return Err(AppError::refused(
                    Text::new(Key::FileTaken)
                        .arg("path", path.display())
                        .arg("name", &a.name),
                ));
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::io(Key::CannotCreateFolder, dir, e))?;
        }
        let mut store = Store::open(path, true)?;
        let mut env = env;
        let now = (env.now)();
        let association = Association {
            id: (env.new_id)(now),
            name,
            currency,
            locale,
            max_amount: Amount::from_units(100_000, currency),
            created_at: now,
            settings: Default::default(),
        };
        let device = DeviceId::from_uuid((env.new_id)(now));
        let device_name = match new.device_name {
            Some(name) => input::required_line(Field::DeviceName, &name)?,
            None => default_device_name(),
        };
        store.write(|w| w.init_association(&association, device, &device_name))?;
        Ok(Books { store, env })
    }

    pub fn open(path: &Path, env: Env) -> Result<Books> {
        let store = Store::open_with(path, false, env.passphrase.as_ref())?;
        store.association()?;
        Ok(Books { store, env })
    }

    /// Whether the file is protected by a passphrase (encrypted on disk).
    pub fn is_protected(&self) -> bool {
        self.store.is_protected()
    }

    /// The passphrase the file was opened with, when it is protected: a window that closes
    /// and reopens its own file (to restore a backup into it) opens it with this again.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.store.passphrase()
    }

    pub fn association(&self) -> &Association {
        self.store
            .association()
            .expect("a Books always has an association")
    }

    /// The text of one of the association's settings, none when it is not set.
    pub fn setting_text(&self, setting: Setting) -> Option<&str> {
        self.association().settings.text(setting)
    }

    /// The number one of the association's count settings holds.
    pub fn setting_count(&self, setting: Setting) -> u32 {
        self.association().settings.count(setting)
    }

    pub(crate) fn currency(&self) -> Currency {
        self.association().currency
    }

    pub(crate) fn now(&mut self) -> DateTime<Utc> {
        (self.env.now)()
    }

    pub(crate) fn new_id(&mut self, at: DateTime<Utc>) -> Uuid {
        (self.env.new_id)(at)
    }

    /// The store and the environment, borrowed apart, for use cases that generate ids
    /// inside a write transaction.
    pub(crate) fn parts(&mut self) -> (&mut Store, &mut Env) {
        (&mut self.store, &mut self.env)
    }

    /// Parses an amount typed in the association's locale, up to its maximum single amount.
    pub fn parse_amount(&self, field: Field, text: &str) -> Result<Amount> {
        let a = self.association();
        input::amount(field, text, a.currency, &a.locale, a.max_amount)
    }

    /// Changes the association's settings; what is not given stays. All values are checked
    /// before any is saved. A new maximum is typed in the association's (new) locale.
    pub fn update_association(&mut self, change: AssociationChange) -> Result<&Association> {
        self.organiser_only("changing the settings")?;
        let current = self.association().clone();
        let name = change
            .name
            .as_deref()
            .map(|n| input::required_line(Field::Name, n))
            .transpose()?;
        let locale = change
            .locale
            .as_deref()
            .map(|l| Locale::parse(l).map_err(|e| AppError::invalid(Field::Locale, e.text())))
            .transpose()?;
        let locale = locale.unwrap_or(current.locale.clone());
        let max_amount = change
            .max_amount
            .as_deref()
            .map(|m| {
                input::amount(
                    Field::MaxAmount,
                    m,
                    current.currency,
                    &locale,
                    Amount::ceiling(current.currency),
                )
            })
            .transpose()?;
        let updated = Association {
            name: name.unwrap_or(current.name.clone()),
            locale,
            max_amount: max_amount.unwrap_or(current.max_amount),
            settings: settings::checked(&change.settings)?,
            ..current
        };
        self.store.write(|w| w.update_association(&updated))?;
        Ok(self.association())
    }

    pub fn find_member(&self, field: Field, reference: &str) -> Result<MemberId> {
        resolve_member(self.store.conn(), field, reference)
    }

    /// A project by code, id or id prefix; "general" is the general fund.
    pub fn find_project(&self, field: Field, reference: &str) -> Result<ProjectKey> {
        resolve_project(self.store.conn(), field, reference)
    }

    pub fn find_entry(&self, reference: &str) -> Result<(EntryId, EntryKind)> {
        resolve_entry(self.store.conn(), reference)
    }

    pub fn summary(&self) -> Result<store::Summary> {
        Ok(store::summary(self.store.conn(), self.currency())?)
    }

    pub fn verify(&self) -> Result<store::VerifyReport> {
        Ok(store::verify(self.store.conn(), self.currency())?)
    }

    pub fn device(&self) -> Result<(DeviceId, String)> {
        Ok(store::local_device(self.store.conn())?)
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}

pub(crate) fn resolve_member(conn: &Connection, field: Field, reference: &str) -> Result<MemberId> {
    match store::find_member(conn, reference)? {
        Found::One(id) => Ok(id),
        Found::None => Err(AppError::not_found_at(
            field,
            Text::new(Key::MemberNotFound).arg("reference", reference.trim()),
        )),
        Found::Several => Err(AppError::invalid(
            field,
            Text::new(Key::MemberAmbiguous).arg("reference", reference.trim()),
        )),
    }
}

pub(crate) fn resolve_project(
    conn: &Connection,
    field: Field,
    reference: &str,
) -> Result<ProjectKey> {
    if reference.trim().eq_ignore_ascii_case(GENERAL_FUND) {
        return Ok(ProjectKey::GeneralFund);
    }
    match store::find_project(conn, reference)? {
        Found::One(id) => Ok(ProjectKey::Project(id)),
        Found::None => Err(AppError::not_found_at(
            field,
            Text::new(Key::ProjectNotFound)
                .arg("reference", reference.trim())
                .arg("general", GENERAL_FUND),
        )),
        Found::Several => Err(AppError::invalid(
            field,
            Text::new(Key::ProjectAmbiguous).arg("reference", reference.trim()),
        )),
    }
}

pub(crate) fn resolve_entry(conn: &Connection, reference: &str) -> Result<(EntryId, EntryKind)> {
    match store::find_entry(conn, reference)? {
        Found::One(found) => Ok(found),
        Found::None => Err(AppError::not_found(
            Text::new(Key::EntryNotFound).arg("reference", reference.trim()),
        )),
        Found::Several => Err(AppError::invalid(
            Field::SubjectEntry,
            Text::new(Key::EntryAmbiguous).arg("reference", reference.trim()),
        )),
    }
}

/// An entry id given by a caller. Commonpot makes UUIDv7 ids; a script may bring any UUID as
/// its idempotency key, except the nil one.
pub(crate) fn parse_entry_id(field: Field, text: &str) -> Result<EntryId> {
    let uuid = Uuid::parse_str(text.trim()).map_err(|_| {
        AppError::invalid(field, Text::new(Key::IdMalformed).arg("text", text.trim()))
    })?;
    if uuid.is_nil() {
        return Err(AppError::invalid(field, Text::new(Key::IdNil)));
    }
    Ok(EntryId::from_uuid(uuid))
}

fn default_device_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .and_then(|s| commonpot_core::value::one_line(&s, true).ok())
        .unwrap_or_else(|| "this laptop".into())
}
