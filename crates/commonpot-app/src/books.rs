//! An open association file and the use cases on it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SubsecRound, Utc};
use commonpot_core::payment::{self, Bic, Iban};
use commonpot_core::{
    Amount, CashCount, Channel, Collection, CollectionClose, Contribution, Currency, DeviceId,
    EntryId, EntryKind, Expense, Key, Locale, MemberId, ProjectId, ProjectStatus, Reversal, Text,
};
use commonpot_store::{
    self as store, Association, Connection, Found, LedgerFilter, LedgerLine, Member, Passphrase,
    Project, ProjectKey, Store,
};
use uuid::Uuid;

use crate::input;
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

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct LedgerQuery {
    pub project: Option<String>,
    pub member: Option<String>,
    pub limit: Option<u64>,
    /// Only what was entered in this cash collection.
    pub collection: Option<String>,
    /// Only contributions through this channel ("cash", …) and their reversals.
    pub channel: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only entries whose note, payee or reason contains this text.
    pub text: Option<String>,
    pub newest_first: bool,
}

/// Contact details and name of a member to change; `None` keeps the value, an empty e-mail
/// removes it. The member number never changes: entries name members by it.
#[derive(Clone, Debug, Default)]
pub struct MemberChange {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// A project's details to change; `None` keeps the value, an empty deadline removes it. The
/// code never changes: entries and payment references name the project by it.
#[derive(Clone, Debug, Default)]
pub struct ProjectChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub goal: Option<String>,
    pub deadline: Option<String>,
}

/// Settings to change; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct AssociationChange {
    pub name: Option<String>,
    pub locale: Option<String>,
    pub max_amount: Option<String>,
    /// An empty text removes the IBAN, BIC, creditor, backup folder or chosen language.
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub creditor: Option<String>,
    pub backup_folder: Option<String>,
    /// "en", "de", or empty to follow the locale.
    pub language: Option<String>,
    /// The smallest group of contributors whose count or sum a public document shows.
    pub disclosure_threshold: Option<String>,
    /// The donation-receipt text of member statements; empty removes it.
    pub receipt_text: Option<String>,
    /// How many automatic backups to keep (1 to 365).
    pub backups_kept: Option<String>,
}

/// Languages the app's texts exist in.
pub const LANGUAGES: &[&str] = &["en", "de"];

/// What a new association needs.
#[derive(Clone, Debug, Default)]
pub struct NewAssociation {
    pub name: String,
    pub currency: String,
    pub locale: Option<String>,
    pub device_name: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct NewMember {
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
    pub joined_on: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct NewProject {
    pub title: String,
    pub goal: String,
    pub description: Option<String>,
    pub deadline: Option<String>,
    pub code: Option<String>,
    pub status: Option<String>,
}

/// A contribution as typed: references and amounts as text.
#[derive(Clone, Debug, Default)]
pub struct NewContribution {
    pub project: String,
    pub amount: String,
    pub channel: String,
    pub member: Option<String>,
    pub collector: Option<String>,
    pub received: Option<String>,
    pub note: Option<String>,
    pub id: Option<String>,
    /// The open cash collection it is entered in, if any.
    pub collection: Option<String>,
}

/// A cash collection to open.
#[derive(Clone, Debug, Default)]
pub struct NewCollection {
    /// The member who collects.
    pub collector: String,
    /// Where, in a few words ("Stall on Lindenplatz").
    pub place: String,
    /// Where gifts go unless another project is named; the general fund when absent.
    pub project: Option<String>,
}

/// The reason recorded when a volunteer undoes the last gift of a collection.
pub const UNDO_REASON: &str = "entered by mistake";

#[derive(Clone, Debug, Default)]
pub struct NewExpense {
    pub project: String,
    pub amount: String,
    pub payee: String,
    pub paid: Option<String>,
    pub note: Option<String>,
}

/// The result of recording with a caller-chosen id: new, or the same entry already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: EntryId,
    pub already_present: bool,
}

/// What a restore put in place, and where the books it replaced were kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub entries: u64,
    pub digest: String,
    pub kept: Option<PathBuf>,
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
            iban: None,
            bic: None,
            creditor: None,
            backup_folder: None,
            language: None,
            disclosure_threshold: commonpot_store::DISCLOSURE_THRESHOLD,
            receipt_text: None,
            backups_kept: store::BACKUPS_KEPT,
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

    fn currency(&self) -> Currency {
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
        // Each optional setting: None keeps it, "" removes it, anything else is checked.
        fn setting(
            given: Option<&str>,
            current: &Option<String>,
            check: impl Fn(&str) -> Result<String>,
        ) -> Result<Option<String>> {
            match given.map(str::trim) {
                None => Ok(current.clone()),
                Some("") => Ok(None),
                Some(text) => check(text).map(Some),
            }
        }
        let iban = setting(change.iban.as_deref(), &current.iban, |t| {
            Iban::parse(t)
                .map(|i| i.as_str().to_string())
                .map_err(|e| AppError::invalid(Field::Iban, e.text()))
        })?;
        let bic = setting(change.bic.as_deref(), &current.bic, |t| {
            Bic::parse(t)
                .map(|b| b.as_str().to_string())
                .map_err(|e| AppError::invalid(Field::Bic, e.text()))
        })?;
        let creditor = setting(change.creditor.as_deref(), &current.creditor, |t| {
            payment::creditor_name(t).map_err(|e| AppError::invalid(Field::Creditor, e.text()))
        })?;
        let backup_folder = setting(
            change.backup_folder.as_deref(),
            &current.backup_folder,
            |t| {
                if Path::new(t).is_dir() {
                    Ok(t.to_string())
                } else {
                    Err(AppError::invalid(
                        Field::BackupFolder,
                        Text::new(Key::FolderMissing).arg("path", t),
                    ))
                }
            },
        )?;
        let language = setting(change.language.as_deref(), &current.language, |t| {
            let l = t.to_ascii_lowercase();
            if LANGUAGES.contains(&l.as_str()) {
                Ok(l)
            } else {
                Err(AppError::invalid(
                    Field::Language,
                    Text::new(Key::LanguageUnknown)
                        .arg("text", t)
                        .arg("languages", LANGUAGES.join(", ")),
                ))
            }
        })?;
        // A whole number within `range`, or the current value when none is given.
        let count = |given: Option<&str>,
                     current: u32,
                     range: std::ops::RangeInclusive<u32>,
                     field: Field,
                     key: Key|
         -> Result<u32> {
            match given.map(str::trim) {
                None => Ok(current),
                Some(t) => t
                    .parse::<u32>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| AppError::invalid(field, Text::new(key).arg("text", t))),
            }
        };
        let disclosure_threshold = count(
            change.disclosure_threshold.as_deref(),
            current.disclosure_threshold,
            1..=1000,
            Field::DisclosureThreshold,
            Key::DisclosureThreshold,
        )?;
        let backups_kept = count(
            change.backups_kept.as_deref(),
            current.backups_kept,
            1..=365,
            Field::BackupsKept,
            Key::BackupsKept,
        )?;
        let receipt_text = setting(change.receipt_text.as_deref(), &current.receipt_text, |t| {
            input::optional_text(Field::ReceiptText, t)
        })?;
        let updated = Association {
            name: name.unwrap_or(current.name.clone()),
            locale,
            max_amount: max_amount.unwrap_or(current.max_amount),
            iban,
            bic,
            creditor,
            backup_folder,
            language,
            disclosure_threshold,
            receipt_text,
            backups_kept,
            ..current
        };
        self.store.write(|w| w.update_association(&updated))?;
        Ok(self.association())
    }

    /// Moves a project to another stage: proposed, open, funded, done or cancelled.
    pub fn set_project_status(&mut self, project: &str, status: &str) -> Result<ProjectStatus> {
        self.organiser_only("changing a project")?;
        let id = match self.find_project(Field::Subject, project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::GeneralFundStatus),
                ));
            }
        };
        let status = status
            .parse::<ProjectStatus>()
            .map_err(|e| AppError::invalid(Field::NewStatus, e))?;
        let now = self.now();
        self.store
            .write(|w| w.set_project_status(id, status, now))?;
        Ok(status)
    }

    // ----- references -----

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

    // ----- members -----

    pub fn add_member(&mut self, new: NewMember) -> Result<MemberId> {
        let name = input::required_line(Field::Name, &new.name)?;
        let email = new
            .email
            .as_deref()
            .map(|e| input::email(Field::Email, e))
            .transpose()?;
        let number = new
            .number
            .as_deref()
            .map(|n| input::required_line(Field::Number, n))
            .transpose()?;
        if number.is_some() && self.role()? == crate::Role::Volunteer {
            return Err(AppError::refused_at(
                Field::Number,
                Text::new(Key::SyncVolunteerNumber),
            ));
        }
        if let Some(n) = &number {
            if n.chars().any(char::is_whitespace) || n.chars().count() > 32 {
                return Err(AppError::invalid(
                    Field::Number,
                    Text::new(Key::MemberNumberShape).arg("number", n),
                ));
            }
            if store::member_number_taken(self.store.conn(), n)? {
                return Err(AppError::refused_at(
                    Field::Number,
                    Text::new(Key::MemberNumberTaken).arg("number", n),
                ));
            }
        }
        let now = self.now();
        let joined_on = match new.joined_on.as_deref() {
            Some(d) => input::date(Field::Joined, d)?,
            None => now.date_naive(),
        };
        let member = Member {
            id: MemberId::from_uuid(self.new_id(now)),
            name,
            email,
            number,
            joined_on,
        };
        self.store.write(|w| w.insert_member(&member, now))?;
        Ok(member.id)
    }

    /// Members by name as people sort names: "Łukasz" with the L's, "Zoë" with the Z's.
    pub fn members(&self) -> Result<Vec<Member>> {
        let mut members = store::members(self.store.conn())?;
        members
            .sort_by_cached_key(|m| (deunicode::deunicode(&m.name).to_lowercase(), m.name.clone()));
        Ok(members)
    }

    pub fn member(&self, id: MemberId) -> Result<Member> {
        store::member(self.store.conn(), id)?
            .ok_or_else(|| AppError::not_found(Text::new(Key::MemberNotFound).arg("reference", id)))
    }

    // ----- projects -----

    pub fn add_project(&mut self, new: NewProject) -> Result<ProjectId> {
        self.organiser_only("adding a project")?;
        let title = input::required_line(Field::Title, &new.title)?;
        let currency = self.currency();
        let locale = self.association().locale.clone();
        let goal = input::amount(
            Field::Goal,
            &new.goal,
            currency,
            &locale,
            Amount::ceiling(currency),
        )?;
        let deadline = new
            .deadline
            .as_deref()
            .map(|d| input::date(Field::Deadline, d))
            .transpose()?;
        let description =
            input::optional_text(Field::Description, new.description.as_deref().unwrap_or(""))?;
        let status = match new.status.as_deref() {
            Some(s) => s
                .parse::<ProjectStatus>()
                .map_err(|e| AppError::invalid(Field::Status, e))?,
            None => ProjectStatus::Open,
        };
        let code = match new.code.as_deref() {
            Some(c) => {
                let code = validate_code(c)?;
                if store::project_code_taken(self.store.conn(), &code)? {
                    return Err(AppError::refused_at(
                        Field::Code,
                        Text::new(Key::ProjectCodeTaken).arg("code", &code),
                    ));
                }
                code
            }
            None => self.unused_code(&title)?,
        };
        let now = self.now();
        let project = Project {
            id: ProjectId::from_uuid(self.new_id(now)),
            code,
            title,
            description,
            goal,
            deadline,
            status,
        };
        self.store.write(|w| w.insert_project(&project, now))?;
        Ok(project.id)
    }

    /// A code made from the title ("Street trees" → STREET-TREES), numbered if taken.
    fn unused_code(&self, title: &str) -> Result<String> {
        let base = code_from_title(title);
        for n in 1.. {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if !store::project_code_taken(self.store.conn(), &candidate)? {
                return Ok(candidate);
            }
        }
        unreachable!("some numbered code is free")
    }

    pub fn projects(&self) -> Result<Vec<store::ProjectWithFigures>> {
        Ok(store::projects(self.store.conn(), self.currency())?)
    }

    pub fn project(&self, id: ProjectId) -> Result<store::ProjectWithFigures> {
        store::project_with_figures(self.store.conn(), self.currency(), id)?.ok_or_else(|| {
            AppError::not_found(
                Text::new(Key::ProjectNotFound)
                    .arg("reference", id)
                    .arg("general", GENERAL_FUND),
            )
        })
    }

    /// Changes a member's name or e-mail address.
    pub fn update_member(&mut self, member: &str, change: MemberChange) -> Result<Member> {
        self.organiser_only("changing a member")?;
        let id = self.find_member(Field::Subject, member)?;
        let mut m = self.member(id)?;
        if let Some(name) = change.name.as_deref() {
            m.name = input::required_line(Field::Name, name)?;
        }
        match change.email.as_deref().map(str::trim) {
            None => {}
            Some("") => m.email = None,
            Some(e) => m.email = Some(input::email(Field::Email, e)?),
        }
        self.store.write(|w| w.update_member(&m))?;
        Ok(m)
    }

    /// Changes a project's title, description, goal or deadline.
    pub fn update_project(
        &mut self,
        project: &str,
        change: ProjectChange,
    ) -> Result<store::ProjectWithFigures> {
        self.organiser_only("changing a project")?;
        let id = match self.find_project(Field::Subject, project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::GeneralFundDetails),
                ));
            }
        };
        let mut p = self.project(id)?.project;
        if let Some(title) = change.title.as_deref() {
            p.title = input::required_line(Field::Title, title)?;
        }
        if let Some(description) = change.description.as_deref() {
            p.description = input::optional_text(Field::Description, description)?;
        }
        if let Some(goal) = change.goal.as_deref() {
            let a = self.association();
            p.goal = input::amount(
                Field::Goal,
                goal,
                a.currency,
                &a.locale,
                Amount::ceiling(a.currency),
            )?;
        }
        match change.deadline.as_deref().map(str::trim) {
            None => {}
            Some("") => p.deadline = None,
            Some(d) => p.deadline = Some(input::date(Field::Deadline, d)?),
        }
        self.store.write(|w| w.update_project(&p))?;
        self.project(id)
    }

    // ----- entries -----

    /// Validates a typed contribution into a domain value, without writing.
    pub(crate) fn prepare_contribution(
        &mut self,
        new: &NewContribution,
        now: DateTime<Utc>,
    ) -> Result<Contribution> {
        let project = match self.find_project(Field::Project, &new.project)? {
            ProjectKey::GeneralFund => None,
            ProjectKey::Project(id) => {
                if store::project_status(self.store.conn(), id)? == Some(ProjectStatus::Cancelled) {
                    return Err(AppError::refused_at(
                        Field::Project,
                        Text::new(Key::ProjectCancelled).arg("project", new.project.trim()),
                    ));
                }
                Some(id)
            }
        };
        let amount = self.parse_amount(Field::Amount, &new.amount)?;
        let channel = new
            .channel
            .parse::<Channel>()
            .map_err(|e| AppError::invalid(Field::Channel, e))?;
        let member = new
            .member
            .as_deref()
            .map(|m| self.find_member(Field::Member, m))
            .transpose()?;
        let collector = new
            .collector
            .as_deref()
            .map(|m| self.find_member(Field::Collector, m))
            .transpose()?;
        let received_at = match new.received.as_deref() {
            Some(r) => {
                input::not_in_future(Field::Received, input::moment(Field::Received, r)?, now)?
            }
            None => now,
        }
        .trunc_subsecs(0);
        let note = input::optional_text(Field::Note, new.note.as_deref().unwrap_or(""))?;
        let id = match new.id.as_deref() {
            Some(text) => parse_entry_id(Field::EntryId, text)?,
            None => EntryId::from_uuid(self.new_id(now)),
        };
        let collection = match new.collection.as_deref() {
            None => None,
            Some(reference) => {
                let state = self.collection(reference)?;
                if state.close.is_some() {
                    return Err(AppError::refused_at(
                        Field::Collection,
                        Text::new(Key::CollectionClosed).arg("place", &state.collection.place),
                    ));
                }
                Some(state.collection.id)
            }
        };
        Ok(Contribution {
            id,
            project,
            member,
            amount,
            channel,
            received_at,
            collector,
            note,
            collection,
        })
    }

    /// Records money received. With a caller-chosen id that is already recorded with the same
    /// content, nothing changes; with other content, it is refused naming the fields.
    pub fn record_contribution(&mut self, new: NewContribution) -> Result<Recorded> {
        let now = self.now();
        let mut c = self.prepare_contribution(&new, now)?;
        if new.id.is_some() {
            if let Some(existing) = store::contribution(self.store.conn(), self.currency(), c.id)? {
                if new.received.is_none() {
                    // A retry that leaves the time out means the time of the first attempt.
                    c.received_at = existing.received_at;
                }
                let differing = existing.differing_fields(&c);
                if differing.is_empty() {
                    return Ok(Recorded {
                        id: c.id,
                        already_present: true,
                    });
                }
                return Err(AppError::refused_at(
                    Field::EntryId,
                    Text::new(Key::EntryConflict)
                        .arg("id", c.id)
                        .arg("fields", differing.join(", ")),
                ));
            }
            if let Found::One((_, kind)) = store::find_entry(self.store.conn(), &c.id.to_string())?
            {
                return Err(AppError::refused_at(
                    Field::EntryId,
                    Text::new(Key::EntryIdTaken)
                        .arg("id", c.id)
                        .arg("kind", kind),
                ));
            }
        }
        let currency = self.currency();
        self.store.write(|w| {
            // Checked again in the saving transaction: another window may have closed the
            // collection since, and a closed count must stay what was counted.
            if let Some(collection) = c.collection
                && store::collection(w, currency, collection)?.is_some_and(|s| s.close.is_some())
            {
                return Err(AppError::refused_at(
                    Field::Collection,
                    Text::new(Key::CollectionClosedMeanwhile),
                ));
            }
            let meta = w.next_meta(now)?;
            w.insert_contribution(&c, &meta)?;
            Ok(())
        })?;
        Ok(Recorded {
            id: c.id,
            already_present: false,
        })
    }

    pub fn record_expense(&mut self, new: NewExpense) -> Result<EntryId> {
        self.organiser_only("recording an expense")?;
        let project = match self.find_project(Field::Project, &new.project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Project,
                    Text::new(Key::ExpenseNeedsProject),
                ));
            }
        };
        let amount = self.parse_amount(Field::Amount, &new.amount)?;
        let payee = input::required_text(Field::Payee, &new.payee)?;
        let now = self.now();
        let paid_on = match new.paid.as_deref() {
            Some(d) => input::date(Field::Paid, d)?,
            None => now.date_naive(),
        };
        if paid_on > now.date_naive() + chrono::Duration::days(1) {
            return Err(AppError::invalid(
                Field::Paid,
                Text::new(Key::InFuture).arg("when", paid_on),
            ));
        }
        let note = input::optional_text(Field::Note, new.note.as_deref().unwrap_or(""))?;
        let expense = Expense {
            id: EntryId::from_uuid(self.new_id(now)),
            project,
            payee,
            amount,
            paid_on,
            note,
        };
        self.store.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_expense(&expense, &meta)
        })?;
        Ok(expense.id)
    }

    /// Cancels a contribution or an expense by a new entry; each can be reversed once.
    pub fn reverse(&mut self, entry: &str, reason: &str) -> Result<EntryId> {
        let reason = input::required_text(Field::Reason, reason)?;
        let (target, kind) = self.find_entry(entry)?;
        if kind == EntryKind::Reversal {
            return Err(AppError::refused(
                Text::new(Key::ReversalOfReversal).arg("id", target),
            ));
        }
        if let Some(existing) = store::reversal_of(self.store.conn(), target)? {
            return Err(AppError::refused(
                Text::new(Key::AlreadyReversed)
                    .arg("kind", kind)
                    .arg("id", target)
                    .arg("by", existing),
            ));
        }
        let now = self.now();
        let reversal = Reversal {
            id: EntryId::from_uuid(self.new_id(now)),
            reversed: target,
            reversed_kind: kind,
            reason,
        };
        self.store.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_reversal(&reversal, &meta)
        })?;
        Ok(reversal.id)
    }

    /// Entries, oldest or newest first, optionally of one project (or "general") or member.
    pub fn ledger(&self, query: &LedgerQuery) -> Result<Vec<LedgerLine>> {
        let filter = LedgerFilter {
            project: query
                .project
                .as_deref()
                .map(|p| self.find_project(Field::Project, p))
                .transpose()?,
            member: query
                .member
                .as_deref()
                .map(|m| self.find_member(Field::Member, m))
                .transpose()?,
            limit: query.limit,
            collection: query
                .collection
                .as_deref()
                .map(|c| self.collection(c))
                .transpose()?
                .map(|s| s.collection.id),
            channel: query
                .channel
                .as_deref()
                .map(|c| {
                    c.parse::<Channel>()
                        .map_err(|e| AppError::invalid(Field::Channel, e))
                })
                .transpose()?,
            from: query
                .from
                .as_deref()
                .map(|d| input::date(Field::From, d))
                .transpose()?,
            to: query
                .to
                .as_deref()
                .map(|d| input::date(Field::To, d))
                .transpose()?,
            text: query
                .text
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            newest_first: query.newest_first,
        };
        Ok(store::ledger(self.store.conn(), self.currency(), &filter)?)
    }

    // ----- cash collections -----

    /// Opens a volunteer's cash collection. Prints nothing to the books but its opening.
    pub fn open_collection(&mut self, new: NewCollection) -> Result<EntryId> {
        let collector = self.find_member(Field::Collector, &new.collector)?;
        let place = input::required_text(Field::Place, &new.place)?;
        let project = match new.project.as_deref() {
            None => None,
            Some(reference) => match self.find_project(Field::Project, reference)? {
                ProjectKey::GeneralFund => None,
                ProjectKey::Project(id) => {
                    if store::project_status(self.store.conn(), id)?
                        == Some(ProjectStatus::Cancelled)
                    {
                        return Err(AppError::refused_at(
                            Field::Project,
                            Text::new(Key::ProjectCancelled).arg("project", reference.trim()),
                        ));
                    }
                    Some(id)
                }
            },
        };
        let now = self.now();
        let collection = Collection {
            id: EntryId::from_uuid(self.new_id(now)),
            collector,
            place,
            project,
            opened_at: now.trunc_subsecs(0),
        };
        self.store.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_collection(&collection, &meta)
        })?;
        Ok(collection.id)
    }

    /// A collection by id or id prefix, with what was entered in it.
    pub fn collection(&self, reference: &str) -> Result<store::CollectionState> {
        let id = match store::find_collection(self.store.conn(), reference)? {
            Found::One(id) => id,
            Found::None => {
                return Err(AppError::not_found(
                    Text::new(Key::CollectionNotFound).arg("reference", reference.trim()),
                ));
            }
            Found::Several => {
                return Err(AppError::invalid(
                    Field::SubjectCollection,
                    Text::new(Key::CollectionAmbiguous).arg("reference", reference.trim()),
                ));
            }
        };
        Ok(store::collection(self.store.conn(), self.currency(), id)?.expect("just found"))
    }

    pub fn open_collections(&self) -> Result<Vec<store::CollectionState>> {
        Ok(store::open_collections(self.store.conn(), self.currency())?)
    }

    /// Reverses the newest gift of an open collection that is not reversed yet.
    pub fn undo_last_in(&mut self, collection: &str) -> Result<EntryId> {
        let state = self.collection(collection)?;
        if state.close.is_some() {
            return Err(AppError::refused(Text::new(Key::UndoClosed)));
        }
        let last = store::last_live_contribution_in(self.store.conn(), state.collection.id)?
            .ok_or_else(|| AppError::refused(Text::new(Key::UndoNothing)))?;
        self.reverse(&last.to_string(), UNDO_REASON)
    }

    /// The notes and coins of the association's currency, largest first.
    pub fn denominations(&self) -> Vec<Amount> {
        commonpot_core::collection::denominations(self.currency())
    }

    /// Reads counts per denomination ("20.00" or "20,00" → 3) into a cash count.
    pub fn cash_count(&self, counts: &[(String, u32)]) -> Result<CashCount> {
        let known = self.denominations();
        let a = self.association();
        let mut parsed = Vec::with_capacity(counts.len());
        for (denomination, count) in counts {
            // The plain form ("0.50") as the desktop app sends it, or as the treasurer types it.
            let plain = known
                .iter()
                .find(|d| d.to_string() == denomination.trim())
                .copied();
            let value = match plain {
                Some(value) => value,
                None => input::amount(
                    Field::Count,
                    denomination,
                    a.currency,
                    &a.locale,
                    Amount::from_units(1_000_000, a.currency),
                )?,
            };
            if !known.contains(&value) {
                return Err(AppError::invalid(
                    Field::Count,
                    Text::new(Key::NotADenomination)
                        .arg("value", a.locale.format_amount(value))
                        .arg("currency", a.currency),
                ));
            }
            parsed.push((value, *count));
        }
        let ceiling = Amount::ceiling(a.currency);
        CashCount::new(parsed)
            .filter(|c| c.total(a.currency) <= ceiling)
            .ok_or_else(|| {
                AppError::invalid(
                    Field::Count,
                    Text::new(Key::CashCountTooLarge)
                        .arg("max", a.locale.format_money(ceiling, a.currency)),
                )
            })
    }

    /// The counted cash beside what was entered in the collection, before closing it.
    pub fn check_count(&self, collection: &str, counts: &[(String, u32)]) -> Result<CashCheck> {
        let state = self.collection(collection)?;
        let counted = self.cash_count(counts)?.total(self.currency());
        Ok(CashCheck::new(counted, state.entered))
    }

    /// Closes a collection with the counted cash. A difference between counted and entered
    /// blocks closing until `note` explains it; the close records both figures.
    pub fn close_collection(
        &mut self,
        collection: &str,
        counts: &[(String, u32)],
        note: &str,
    ) -> Result<CollectionClose> {
        let state = self.collection(collection)?;
        if state.close.is_some() {
            return Err(AppError::refused(Text::new(Key::CollectionAlreadyClosed)));
        }
        let counted = self.cash_count(counts)?;
        let note = input::optional_text(Field::Note, note)?;
        let currency = self.currency();
        let locale = self.association().locale.clone();
        let now = self.now();
        let close_id = EntryId::from_uuid(self.new_id(now));
        self.store.write(|w| {
            // Entered is read in the closing transaction, so no gift slips in between.
            let state = store::collection(w, currency, state.collection.id)?.expect("still there");
            let counted_total = counted.total(currency);
            let check = CashCheck::new(counted_total, state.entered);
            if !check.matches() && note.is_empty() {
                return Err(AppError::refused_at(
                    Field::Note,
                    Text::new(Key::CountDifference)
                        .arg("counted", locale.format_amount(check.counted))
                        .arg("entered", locale.format_amount(check.entered))
                        .arg("difference", locale.format_amount(check.difference)),
                ));
            }
            let close = CollectionClose {
                id: close_id,
                collection: state.collection.id,
                counted,
                counted_total,
                entered_total: state.entered,
                note,
            };
            let meta = w.next_meta(now)?;
            w.insert_collection_close(&close, &meta)?;
            Ok(close)
        })
    }

    pub fn summary(&self) -> Result<store::Summary> {
        Ok(store::summary(self.store.conn(), self.currency())?)
    }

    pub fn verify(&self) -> Result<store::VerifyReport> {
        Ok(store::verify(self.store.conn(), self.currency())?)
    }

    /// Backs up into the backup folder (the data folder's `backups` when none is set), as
    /// `<association>-<date>-<time>.sqlite`. Returns the file written.
    pub fn backup_now(&mut self) -> Result<PathBuf> {
        let (folder, stem) = self.backup_place()?;
        let now = self.now();
        let path = folder.join(format!("{stem}-{}.sqlite", now.format("%Y-%m-%d-%H%M%S")));
        self.backup(&path)?;
        Ok(path)
    }

    /// The automatic backup, taken when the app closes: at most one a day, as
    /// `<association>-<id>-auto-<date>-<time>.sqlite` in the backup folder, keeping the newest
    /// `backups_kept` of them (older automatic ones are deleted; backups made by hand are
    /// never touched). The association's id in the name keeps two associations of the same name
    /// sharing a folder from rotating away each other's backups. Returns the file written, or
    /// `None` when the newest is under a day old.
    pub fn backup_automatic(&mut self) -> Result<Option<PathBuf>> {
        let (folder, stem) = self.backup_place()?;
        let prefix = format!("{stem}-{}-auto-", self.association().id.simple());
        let mut automatic: Vec<(chrono::NaiveDateTime, PathBuf)> = std::fs::read_dir(&folder)
            .map_err(|e| AppError::io(Key::CannotRead, &folder, e))?
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let name = path.file_name()?.to_str()?;
                let stamp = name.strip_prefix(&prefix)?.strip_suffix(".sqlite")?;
                let at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d-%H%M%S").ok()?;
                Some((at, path))
            })
            .collect();
        automatic.sort();
        let now = self.now();
        if let Some((newest, _)) = automatic.last()
            && now.naive_utc() - *newest < chrono::Duration::days(1)
            && *newest <= now.naive_utc()
        {
            return Ok(None);
        }
        let path = folder.join(format!("{prefix}{}.sqlite", now.format("%Y-%m-%d-%H%M%S")));
        self.backup(&path)?;
        automatic.push((now.naive_utc(), path.clone()));
        let kept = self.association().backups_kept as usize;
        let excess = automatic.len().saturating_sub(kept);
        for (_, old) in automatic.iter().take(excess) {
            remove_database(old);
        }
        Ok(Some(path))
    }

    /// The backup folder (created if missing) and the association's name as a file name.
    fn backup_place(&self) -> Result<(PathBuf, String)> {
        let folder = match &self.association().backup_folder {
            Some(f) => PathBuf::from(f),
            None => crate::default_data_file().with_file_name("backups"),
        };
        std::fs::create_dir_all(&folder)
            .map_err(|e| AppError::io(Key::CannotCreateFolder, &folder, e))?;
        let name = deunicode::deunicode(&self.association().name)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let stem = if name.is_empty() {
            "association".to_string()
        } else {
            name
        };
        Ok((folder, stem))
    }

    /// Copies the books to `out`, whole or not at all. An existing file there is replaced only
    /// when it is a backup of this association (as `restore` refuses another's books).
    pub fn backup(&self, out: &Path) -> Result<()> {
        self.check_output(Field::OutputFile, out, crate::OutputKind::Backup)?;
        if out.exists() {
            self.check_own_backup(out)?;
        }
        let partial = crate::output::temporary_beside(out)?;
        self.store.backup_into(partial.path())?;
        crate::output::persist(partial, out)
    }

    /// Refuses to replace `path` unless it holds books of this association.
    fn check_own_backup(&self, path: &Path) -> Result<()> {
        let other = |found: String| {
            AppError::invalid(
                Field::OutputFile,
                Text::new(Key::BackupOverOther)
                    .arg("path", path.display())
                    .arg("found", found)
                    .arg("name", &self.association().name),
            )
        };
        match store::association_in(path, self.store.passphrase()) {
            Ok(Some((id, _))) if id == self.association().id => Ok(()),
            Ok(Some((_, name))) => Err(other(name)),
            Ok(None) | Err(_) => Err(AppError::invalid(
                Field::OutputFile,
                Text::new(Key::OutputOtherKind)
                    .arg("path", path.display())
                    .arg("kind", "Commonpot"),
            )),
        }
    }

    /// Puts the books of `backup` in place of the file at `path`. The backup is copied and
    /// checked first (migrated if older, then `verify` must find nothing); the books it
    /// replaces are kept beside the file as `NAME.before-restore-TIME.sqlite`. A file of
    /// another association is not overwritten. The copy goes in through SQLite's backup API,
    /// so a window that has the file open sees the old books or the restored ones.
    pub fn restore(path: &Path, backup: &Path, env: Env) -> Result<Restored> {
        let mut env = env;
        if !backup.is_file() {
            return Err(AppError::io(Key::CannotRead, backup, "no such file"));
        }
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same(path, backup) {
            return Err(AppError::invalid(
                Field::Backup,
                Text::new(Key::RestoreSame).arg("path", backup.display()),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(AppError::invalid(
                Field::BooksFile,
                Text::new(Key::FolderMissing).arg("path", dir.display()),
            ));
        }
        let stamp = (env.now)().format("%Y%m%dT%H%M%SZ").to_string();
        let staging = path.with_extension(format!("restoring-{stamp}.sqlite"));
        remove_database(&staging);
        let checked = (|| -> Result<(store::VerifyReport, Uuid, String)> {
            store::copy_database(backup, &staging, env.passphrase.as_ref())?;
            let books = Books::open(
                &staging,
                Env::system().with_passphrase(env.passphrase.clone()),
            )?;
            let report = books.verify()?;
            let a = books.association();
            Ok((report, a.id, a.name.clone()))
        })();
        let (report, id, name) = match checked {
            Ok(ok) => ok,
            Err(e) => {
                remove_database(&staging);
                return Err(e);
            }
        };
        if let Some(first) = report.problems.first() {
            remove_database(&staging);
            return Err(AppError::refused(
                Text::new(Key::RestoreUnverified)
                    .arg("path", backup.display())
                    .arg("problems", report.problems.len())
                    .arg("first", first),
            ));
        }
        let kept = if path.exists() {
            let current = Books::open(path, Env::system().with_passphrase(env.passphrase.clone()));
            if let Ok(current) = &current
                && current.association().id != id
            {
                remove_database(&staging);
                return Err(AppError::refused(
                    Text::new(Key::RestoreOther)
                        .arg("path", backup.display())
                        .arg("found", &name)
                        .arg("name", &current.association().name),
                ));
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let kept = path.with_file_name(format!("{stem}.before-restore-{stamp}.sqlite"));
            match current {
                Ok(current) => current.backup(&kept)?,
                // A damaged file is kept as it is, byte for byte.
                Err(_) => {
                    std::fs::copy(path, &kept)
                        .map_err(|e| AppError::io(Key::CannotRead, path, e))?;
                }
            }
            Some(kept)
        } else {
            None
        };
        let result = if store::is_protected(&staging) != store::is_protected(path) && path.exists()
        {
            Err(AppError::refused(
                Text::new(Key::RestoreProtection).arg("path", backup.display()),
            ))
        } else {
            store::copy_database(&staging, path, env.passphrase.as_ref()).map_err(AppError::from)
        };
        remove_database(&staging);
        result?;
        let books = Books::open(path, env)?;
        let summary = books.summary()?;
        Ok(Restored {
            entries: summary.entry_count,
            digest: summary.digest,
            kept,
        })
    }

    pub fn device(&self) -> Result<(DeviceId, String)> {
        Ok(store::local_device(self.store.conn())?)
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}

/// Counted cash against what was entered in a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CashCheck {
    pub counted: Amount,
    pub entered: Amount,
    /// Counted minus entered: negative when cash is missing.
    pub difference: Amount,
}

impl CashCheck {
    fn new(counted: Amount, entered: Amount) -> CashCheck {
        CashCheck {
            counted,
            entered,
            // Both are bounded by the ceiling of a cash count and of the books.
            difference: counted.checked_sub(entered).expect("cash stays in range"),
        }
    }

    pub fn matches(&self) -> bool {
        self.difference.is_zero()
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

pub(crate) fn validate_code(code: &str) -> Result<String> {
    let c = code.trim().to_ascii_uppercase();
    let ok = (2..=24).contains(&c.len())
        && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        && c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic());
    if !ok {
        return Err(AppError::invalid(
            Field::Code,
            Text::new(Key::ProjectCodeShape).arg("code", code.trim()),
        ));
    }
    if c.eq_ignore_ascii_case(GENERAL_FUND) {
        return Err(AppError::invalid(
            Field::Code,
            Text::new(Key::ProjectCodeGeneral).arg("code", GENERAL_FUND),
        ));
    }
    Ok(c)
}

fn code_from_title(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_uppercase();
    let words: Vec<String> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut code = String::new();
    for w in words {
        let next = if code.is_empty() {
            w
        } else {
            format!("{code}-{w}")
        };
        if next.len() > 20 {
            break;
        }
        code = next;
    }
    if code.len() < 2
        || !code.starts_with(|c: char| c.is_ascii_alphabetic())
        || code.eq_ignore_ascii_case(GENERAL_FUND)
    {
        code = format!("P-{code}").trim_end_matches('-').to_string();
        if code.len() < 3 {
            code = "PROJECT".into();
        }
    }
    code
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_titles() {
        assert_eq!(code_from_title("Street trees"), "STREET-TREES");
        assert_eq!(
            code_from_title("Spielplatz Ülmenweg"),
            "SPIELPLATZ-ULMENWEG"
        );
        assert_eq!(
            code_from_title("A bench on the square by the old lime tree"),
            "A-BENCH-ON-THE"
        );
        assert_eq!(code_from_title("42"), "P-42");
        assert_eq!(code_from_title("!!"), "PROJECT");
        assert_eq!(code_from_title("General"), "P-GENERAL");
    }
}
