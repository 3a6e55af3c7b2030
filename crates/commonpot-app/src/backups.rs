//! Backups: taken by hand or automatically, and put back in place (restore).

use std::path::{Path, PathBuf};

use commonpot_core::{Key, Text};
use commonpot_store::{self as store};
use uuid::Uuid;

use crate::settings::{Setting, SettingsOf};
use crate::{AppError, Field, Result};

use crate::books::{Books, Env, remove_database};

/// What a restore put in place, and where the books it replaced were kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub entries: u64,
    pub digest: String,
    pub kept: Option<PathBuf>,
}

impl Books {
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
        let kept = self.association().settings.count(Setting::BackupsKept) as usize;
        let excess = automatic.len().saturating_sub(kept);
        for (_, old) in automatic.iter().take(excess) {
            remove_database(old);
        }
        Ok(Some(path))
    }

    /// The backup folder (created if missing) and the association's name as a file name.
    fn backup_place(&self) -> Result<(PathBuf, String)> {
        let folder = match self.association().settings.text(Setting::BackupFolder) {
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
        self.store().backup_into(partial.path())?;
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
        match store::association_in(path, self.store().passphrase()) {
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
}
