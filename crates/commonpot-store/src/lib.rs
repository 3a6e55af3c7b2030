//! Commonpot's SQLite store: the schema and its migrations, the append-only ledger tables,
//! the figures derived from them, the running ledger digest, verification and backup.
//!
//! This is the only crate that contains SQL. It never decides business rules (which amounts
//! are valid, who may record what): the use cases in `commonpot-app` do, and hand this crate
//! finished domain values. It never reads the clock: instants come in as parameters.

pub mod bank;
pub mod decisions;
mod read;
mod records;
pub mod reports;
pub mod rights;
pub mod sync;
mod verify;
mod write;

use std::path::Path;
use std::time::Duration;

use commonpot_core::{Key, Text};
use rusqlite::{OpenFlags, TransactionBehavior};

pub use rusqlite::Connection;

pub use read::*;
pub use records::*;
pub use verify::{Problem, VerifyReport, verify};
pub use write::Write;

/// Migrations, oldest first. Append only: a released migration is never edited.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_collections.sql"),
    include_str!("migrations/0003_settings.sql"),
    include_str!("migrations/0004_participation.sql"),
    include_str!("migrations/0005_statements.sql"),
    include_str!("migrations/0006_laptops.sql"),
    include_str!("migrations/0007_bank.sql"),
    include_str!("migrations/0008_backups.sql"),
    include_str!("migrations/0009_application_id.sql"),
];

/// Commonpot's mark in the SQLite header (`PRAGMA application_id`), "CPOT" in ASCII: set by
/// `init` and by migration 0009 for older files, so that a file is known as books before
/// anything is written to it.
pub const APPLICATION_ID: i32 = 0x4350_4F54;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
#[error("{}", self.text())]
pub enum StoreError {
    /// The file does not exist.
    Missing(String),
    /// The file is not an SQLite database.
    NotSqlite(String),
    /// The file is encrypted (or unreadable) and no passphrase was given.
    Locked(String),
    /// The passphrase given does not decrypt the file.
    WrongPassphrase(String),
    /// Another window or process has the file open.
    InUse(String),
    /// An SQLite database with tables Commonpot did not make.
    ForeignTables,
    TooNew {
        found: i64,
        known: i64,
    },
    NoAssociation,
    AlreadyInitialised(String),
    /// The file is read-only (a backup on read-only media) and the request would write.
    ReadOnly(String),
    /// An amount outside what any association accepts (positive, [`commonpot_core::UNITS_MAX`]).
    AmountOutOfBounds,
    /// The change would carry the money raised or spent past [`commonpot_core::TOTAL_MINOR_MAX`].
    TotalOutOfBounds,
    /// A programming error: a use case passed an id it had not checked.
    UnknownReference(String),
    Damaged(String),
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// The message, front-end neutral: the desktop app and the command both show these.
    pub fn text(&self) -> Text {
        match self {
            StoreError::Missing(path) => Text::new(Key::StoreMissing).arg("path", path),
            StoreError::NotSqlite(path) => Text::new(Key::StoreNotSqlite).arg("path", path),
            StoreError::Locked(path) => Text::new(Key::StoreLocked).arg("path", path),
            StoreError::InUse(path) => Text::new(Key::StoreInUse).arg("path", path),
            StoreError::WrongPassphrase(path) => {
                Text::new(Key::StoreWrongPassphrase).arg("path", path)
            }
            StoreError::ForeignTables => Text::new(Key::StoreForeignTables),
            StoreError::ReadOnly(path) => Text::new(Key::StoreReadOnly).arg("path", path),
            StoreError::TooNew { found, known } => Text::new(Key::StoreTooNew)
                .arg("found", found)
                .arg("known", known),
            StoreError::NoAssociation => Text::new(Key::StoreNoAssociation),
            StoreError::AlreadyInitialised(name) => {
                Text::new(Key::StoreAlreadyInitialised).arg("name", name)
            }
            StoreError::AmountOutOfBounds => {
                Text::new(Key::StoreAmountOutOfBounds).arg("max", commonpot_core::UNITS_MAX)
            }
            StoreError::TotalOutOfBounds => {
                Text::new(Key::StoreTotalOutOfBounds).arg("max", commonpot_core::TOTAL_MINOR_MAX)
            }
            StoreError::UnknownReference(what) => {
                Text::new(Key::StoreUnknownReference).arg("what", what)
            }
            StoreError::Damaged(detail) => Text::new(Key::StoreDamaged).arg("detail", detail),
            StoreError::Sqlite(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DiskFull) => Text::new(Key::StoreDiskFull),
                Some(rusqlite::ErrorCode::SystemIoFailure) => {
                    Text::new(Key::StoreIo).arg("detail", e)
                }
                _ => Text::new(Key::StoreSqlite).arg("detail", e),
            },
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The passphrase of a protected association file. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Passphrase {
        Passphrase(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Whether the file at `path` looks encrypted: a database of at least one page that does not
/// begin with SQLite's header, and whose first bytes are not text. (SQLCipher's pages are
/// indistinguishable from random bytes; a text file that is no database is told apart, a
/// binary one is not and gets the "protected, or not a Commonpot file" message.)
pub fn is_protected(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len() < 512).unwrap_or(true) || file.read_exact(&mut head).is_err()
    {
        return false;
    }
    looks_encrypted(&head)
}

/// Whether a file that begins with `head` (at least its first 64 bytes) may be an encrypted
/// database: no SQLite header, and bytes that are not text.
pub fn looks_encrypted(head: &[u8]) -> bool {
    !head.starts_with(b"SQLite format 3\0")
        && head
            .iter()
            .take(64)
            .any(|&b| !(b.is_ascii_graphic() || b.is_ascii_whitespace()))
}

/// An open association file.
pub struct Store {
    conn: Connection,
    association: Option<Association>,
    /// The passphrase the file was opened with, when it is protected: copies made from it
    /// (backups) are protected with it too.
    passphrase: Option<Passphrase>,
}

impl Store {
    /// Opens an existing, unprotected association file, or creates an empty one when
    /// `create` is set.
    pub fn open(path: &Path, create: bool) -> Result<Store> {
        Store::open_with(path, create, None)
    }

    /// Opens an association file with the passphrase it is protected by, if it is protected
    /// (an existing unprotected file ignores `passphrase`). With `create`, a new file is
    /// encrypted from its first byte when a passphrase is given.
    ///
    /// The file is identified before anything is written to it: an empty file or an empty
    /// SQLite database is taken only with `create`, another application's database is refused
    /// as it is, and a file the system will not let us write (read-only media) is opened for
    /// reading — every query works, every write is refused.
    pub fn open_with(path: &Path, create: bool, passphrase: Option<&Passphrase>) -> Result<Store> {
        if !create && !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let new = create && std::fs::metadata(path).map_or(true, |m| m.len() == 0);
        let protected = is_protected(path) || (new && passphrase.is_some());
        let passphrase = match (protected, passphrase) {
            (true, None) => return Err(StoreError::Locked(path.display().to_string())),
            (true, Some(p)) => Some(p.clone()),
            (false, _) => None,
        };
        let shown = || path.display().to_string();
        let not_a_database = |e: StoreError| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                if protected {
                    StoreError::WrongPassphrase(shown())
                } else {
                    StoreError::NotSqlite(shown())
                }
            }
            other => other,
        };
        let conn = connect(path, create, passphrase.as_ref())?;
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        match identify(&conn).map_err(not_a_database)? {
            Identity::Ours { version } if read_only && version != MIGRATIONS.len() as i64 => {
                return Err(if version > MIGRATIONS.len() as i64 {
                    StoreError::TooNew {
                        found: version,
                        known: MIGRATIONS.len() as i64,
                    }
                } else {
                    StoreError::ReadOnly(shown())
                });
            }
            Identity::Ours { .. } => {}
            Identity::Empty if create && !read_only => {}
            Identity::Empty => return Err(StoreError::NoAssociation),
            Identity::Foreign => return Err(StoreError::ForeignTables),
        }
        if read_only {
            configure_reader(&conn, protected)?;
            let association = read::association(&conn)?;
            return Ok(Store {
                conn,
                association,
                passphrase,
            });
        }
        Store::prepare(conn, MIGRATIONS, passphrase).map_err(not_a_database)
    }

    /// Whether the file could not be opened for writing and every write is refused.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::from_connection(Connection::open_in_memory()?, MIGRATIONS)
    }

    /// Sets the durability PRAGMAs, applies pending migrations and loads the association.
    pub fn from_connection(conn: Connection, migrations: &[&str]) -> Result<Store> {
        Store::prepare(conn, migrations, None)
    }

    fn prepare(
        mut conn: Connection,
        migrations: &[&str],
        passphrase: Option<Passphrase>,
    ) -> Result<Store> {
        configure(&conn, passphrase.is_some())?;
        migrate(&mut conn, migrations)?;
        let association = read::association(&conn)?;
        Ok(Store {
            conn,
            association,
            passphrase,
        })
    }

    /// Keeps the file for this connection alone until it closes (`locking_mode = EXCLUSIVE`),
    /// so that nobody reads or writes it while it is replaced; refused when another window
    /// or process has it open.
    pub fn take_exclusive(&mut self, path: &Path) -> Result<()> {
        self.conn.busy_timeout(Duration::from_millis(500))?;
        let taken = self
            .conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        taken.map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::InUse(path.display().to_string())
            }
            _ => e.into(),
        })
    }

    /// Folds the WAL into the file and leaves WAL mode, so that no `-wal` file of these books
    /// stays beside the path when another file is moved there (SQLite would replay it onto
    /// the new file). Call with the file held by [`Store::take_exclusive`].
    pub fn leave_wal(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if mode != "delete" {
            return Err(StoreError::Damaged(format!(
                "cannot leave WAL mode (got {mode})"
            )));
        }
        Ok(())
    }

    /// The passphrase the file was opened with, when it is protected.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.passphrase.as_ref()
    }

    /// Whether the file is protected by a passphrase.
    pub fn is_protected(&self) -> bool {
        self.passphrase.is_some()
    }

    /// Writes a copy of the whole database to `dest` (which must not exist), encrypted with
    /// `passphrase`, or unprotected when it is `None`, through SQLCipher's `sqlcipher_export`.
    /// The copy is checked by `PRAGMA integrity_check` before this returns.
    pub fn export_to(&self, dest: &Path, passphrase: Option<&Passphrase>) -> Result<()> {
        let name = dest.to_string_lossy();
        let key = passphrase.map(Passphrase::as_str).unwrap_or("");
        // An attached file is opened with the main file's flags, which do not create.
        std::fs::File::create_new(dest)
            .map_err(|e| StoreError::Damaged(format!("cannot create {}: {e}", dest.display())))?;
        self.conn
            .execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", [&*name, key])?;
        let exported = (|| -> Result<()> {
            if passphrase.is_none() {
                self.conn
                    .execute_batch("PRAGMA rekeyed.page_size = 16384")?;
            }
            self.conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = self
                .conn
                .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn
                .execute_batch(&format!("PRAGMA rekeyed.user_version = {version}"))?;
            Ok(())
        })();
        self.conn.execute_batch("DETACH DATABASE rekeyed")?;
        exported?;
        let copy = Connection::open(dest)?;
        if let Some(p) = passphrase {
            unlock(&copy, p)?;
        }
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Damaged(format!(
                "the re-encrypted copy failed its check: {check}"
            )));
        }
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn association(&self) -> Result<&Association> {
        self.association.as_ref().ok_or(StoreError::NoAssociation)
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is saved, durably, or none of it.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Write<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut w = self.begin()?;
        let value = f(&mut w)?;
        let association = w.commit()?;
        if association.is_some() {
            self.association = association;
        }
        Ok(value)
    }

    /// Runs `f` in a write transaction and rolls it back: what `f` reports is what a real
    /// write would have done, and nothing is saved.
    pub fn rehearse<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Write<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        f(&mut self.begin()?)
    }

    /// An IMMEDIATE write transaction: the lock is taken up front.
    fn begin(&mut self) -> Result<Write<'_>> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly(
                self.conn.path().unwrap_or_default().to_string(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Write::begin(tx, self.association.as_ref())
    }

    /// Copies the whole database into `partial` (a new, empty file the caller made and moves
    /// into place afterwards) through SQLite's online backup API, as one consistent snapshot
    /// even while another process writes, then checks the copy.
    pub fn backup_into(&self, partial: &Path) -> Result<()> {
        {
            let mut target = Connection::open(partial)?;
            if let Some(p) = &self.passphrase {
                unlock(&target, p)?;
            }
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
            // All pages in one step: a single read transaction, hence one snapshot.
            backup.run_to_completion(i32::MAX, Duration::ZERO, None)?;
        }
        {
            let copy = Connection::open(partial)?;
            if let Some(p) = &self.passphrase {
                unlock(&copy, p)?;
            }
            let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::Damaged(format!(
                    "the backup copy failed its check: {check}"
                )));
            }
        }
        Ok(())
    }
}

impl Store {
    /// Rewrites the whole file without free pages and empties the WAL, so that what was
    /// overwritten or deleted is gone from the disk's copy of the file too.
    pub fn vacuum(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA secure_delete = ON; VACUUM;")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Copies every page of the SQLite database at `from` into the one at `into` (creating it),
/// through the online backup API: one step under the destination's write lock, so that a
/// process that has `into` open sees the old books or the new ones, never a mixture.
/// A protected `from` is read with `passphrase`, and a protected or new `into` is written with
/// it: the backup API copies pages, so both sides need the same key.
pub fn copy_database(from: &Path, into: &Path, passphrase: Option<&Passphrase>) -> Result<()> {
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if is_protected(from) {
        let Some(p) = passphrase else {
            return Err(StoreError::Locked(from.display().to_string()));
        };
        unlock(&source, p)?;
        source
            .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(|_| StoreError::WrongPassphrase(from.display().to_string()))?;
    }
    let protect_target = is_protected(from) || is_protected(into);
    let mut target = Connection::open(into)?;
    if protect_target && let Some(p) = passphrase {
        unlock(&target, p)?;
    }
    target.busy_timeout(BUSY_TIMEOUT)?;
    let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
    backup
        .run_to_completion(i32::MAX, Duration::ZERO, None)
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                StoreError::NotSqlite(from.display().to_string())
            }
            other => other.into(),
        })
}

/// Opens the connection: for reading and writing when the system allows it, else for reading
/// only. A read-only file in WAL mode on media where SQLite cannot make its `-shm` file is
/// opened as immutable (nothing else can be writing it there).
fn connect(path: &Path, create: bool, passphrase: Option<&Passphrase>) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let writable =
        std::fs::OpenOptions::new().write(true).open(path).is_ok() || (create && !path.exists());
    if !writable {
        flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(p) = passphrase {
        unlock(&conn, p)?;
    }
    if writable {
        return Ok(conn);
    }
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
            drop(conn);
            let uri = format!(
                "file:{}?immutable=1",
                path.to_string_lossy()
                    .replace('%', "%25")
                    .replace('?', "%3f")
                    .replace('#', "%23")
            );
            let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
            if let Some(p) = passphrase {
                unlock(&conn, p)?;
            }
            Ok(conn)
        }
        _ => Ok(conn),
    }
}

/// What a database is, read from its header and schema without writing anything.
enum Identity {
    /// No tables and no version: a new file (taken only by `init`).
    Empty,
    /// Commonpot's books at schema `version` (marked, or from before the mark).
    Ours { version: i64 },
    /// Another application's database.
    Foreign,
}

fn identify(conn: &Connection) -> Result<Identity> {
    let application: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if application == APPLICATION_ID {
        Identity::Ours { version }
    } else if application != 0 {
        Identity::Foreign
    } else if version == 0 && tables.is_empty() {
        Identity::Empty
    } else if version >= 1
        && ["association", "contribution", "ledger_state"]
            .iter()
            .all(|t| tables.iter().any(|x| x == t))
    {
        // Books made before migration 0009 marked them.
        Identity::Ours { version }
    } else {
        Identity::Foreign
    })
}

/// The id and name of the association in the file at `path`, read without writing to it;
/// `None` when the file holds no Commonpot books.
pub fn association_in(
    path: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<Option<(uuid::Uuid, String)>> {
    if is_protected(path) && passphrase.is_none() {
        return Err(StoreError::Locked(path.display().to_string()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if is_protected(path)
        && let Some(p) = passphrase
    {
        unlock(&conn, p)?;
    }
    match identify(&conn)? {
        Identity::Ours { .. } => Ok(conn
            .query_row("SELECT id, name FROM association", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .ok()),
        _ => Ok(None),
    }
}

/// Gives SQLCipher the key; it is checked at the first read.
fn unlock(conn: &Connection, passphrase: &Passphrase) -> Result<()> {
    // SQLCipher writes its warnings (a wrong key among them) to stderr unless told not to;
    // the caller reports the error itself.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", passphrase.as_str())?;

    Ok(())
}

/// The PRAGMAs of a read-only connection: no journal mode or page size (those write).
fn configure_reader(conn: &Connection, protected: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    if protected {
        conn.execute_batch("PRAGMA cache_size = -262144")?;
    }
    Ok(())
}

fn configure(conn: &Connection, protected: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Takes effect only when the file is new. Larger pages make million-row imports about a
    // sixth faster (measured: 250k → 290k rows/s). An encrypted file keeps SQLCipher's 4 KiB
    // pages: 16 KiB ones doubled the time of a single save, since every commit encrypts whole
    // pages, and left full scans as slow (`cargo xtask bench --protected`).
    if !protected {
        conn.execute_batch("PRAGMA page_size = 16384")?;
    }

    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(StoreError::Damaged(format!(
            "cannot switch the journal to WAL (got {mode})"
        )));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    if protected {
        // Every page read from an encrypted file is decrypted and authenticated again unless
        // SQLite's cache still holds it: 256 MiB (a million entries take 206 MB) brings a
        // full scan of a million entries from 2.9 × to 0.8 × the unprotected time
        // (`cargo xtask bench --protected`). The cache grows only as pages are read.
        conn.execute_batch("PRAGMA cache_size = -262144")?;
    }
    Ok(())
}

/// Applies every migration past the file's `user_version`, all in one transaction: a failing
/// migration leaves the file exactly as it was.
pub fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = migrations.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            found: version,
            known,
        });
    }
    if version == 0 {
        let tables: i64 = tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::ForeignTables);
        }
    }
    for sql in &migrations[version as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}
