//! Every file Commonpot writes on request — reports, exports, kits, bundles, payment codes,
//! backups — goes through here, so that no output can destroy books or anything else a
//! person did not mean to replace.
//!
//! The rules, checked before a byte is written:
//! - the path names a regular file or nothing: a folder, a symbolic link, a device, a pipe or
//!   a socket is refused (a link could point at the books; a device would be written to);
//! - it is not the open books file nor one of SQLite's companion files of it (`-wal`, `-shm`,
//!   `-journal`), whether or not they exist at this moment;
//! - an existing file is replaced only by a file of its own kind: a PDF by a PDF, a bundle by a
//!   bundle, a backup only by a backup of the same association. Books (SQLite, encrypted or
//!   not) are never of an output's kind, so they are never replaced.
//!
//! Writing is whole or not at all: into a new temporary file beside the target (a name that
//! nothing else uses, so an unrelated `X.partial` is never touched), flushed to the disk, then
//! renamed over the target. On any failure the temporary file is removed.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use commonpot_core::{Key, Text};

use crate::{AppError, Field, Result};

/// What an output is, which decides what existing file it may replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Png,
    Svg,
    Json,
    Csv,
    Bundle,
    Kit,
    /// A copy of the books; it may replace only a backup of the same association, which the
    /// caller checks (see `Books::backup`), since reading one needs the store.
    Backup,
}

impl OutputKind {
    /// The kind as the refusal names it: the file type's own name, the same in every language.
    fn name(self) -> &'static str {
        match self {
            OutputKind::Pdf => "PDF",
            OutputKind::Png => "PNG",
            OutputKind::Svg => "SVG",
            OutputKind::Json => "JSON",
            OutputKind::Csv => "CSV",
            OutputKind::Bundle => crate::laptops::BUNDLE_MAGIC,
            OutputKind::Kit => crate::laptops::KIT_MAGIC,
            OutputKind::Backup => "Commonpot",
        }
    }

    /// Whether a file that begins with `head` is of this kind. Text kinds want text (no NUL,
    /// valid UTF-8 up to a cut character); an empty file is of every kind.
    fn recognises(self, head: &[u8]) -> bool {
        if head.is_empty() {
            return true;
        }
        let text = || {
            !head.contains(&0)
                && match std::str::from_utf8(head) {
                    Ok(_) => true,
                    // The head may end inside a character.
                    Err(e) => e.error_len().is_none(),
                }
        };
        let trimmed = || {
            let t = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
            let start = t
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(t.len());
            &t[start..]
        };
        match self {
            OutputKind::Pdf => head.starts_with(b"%PDF-"),
            OutputKind::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            OutputKind::Svg => text() && trimmed().starts_with(b"<"),
            OutputKind::Json => text() && matches!(trimmed().first(), Some(b'{' | b'[')),
            OutputKind::Csv => text(),
            OutputKind::Bundle => head.starts_with(crate::laptops::BUNDLE_MAGIC.as_bytes()),
            OutputKind::Kit => head.starts_with(crate::laptops::KIT_MAGIC.as_bytes()),
            OutputKind::Backup => {
                head.starts_with(b"SQLite format 3\0") || commonpot_store::looks_encrypted(head)
            }
        }
    }
}

/// How many bytes of an existing file are read to tell its kind.
const HEAD_BYTES: usize = 4096;

/// Checks that `path` may receive an output of `kind` (the rules above); `books` is the open
/// books file, when there is one. Returns whether a file is there now.
pub(crate) fn check(
    field: Field,
    path: &Path,
    kind: OutputKind,
    books: Option<&Path>,
) -> Result<bool> {
    let shown = || path.display().to_string();
    let refuse = |key: Key| {
        Err(AppError::invalid(
            field,
            Text::new(key).arg("path", shown()),
        ))
    };
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return refuse(Key::OutputFolder);
    }
    let folder = parent(path);
    if !folder.is_dir() {
        return Err(AppError::invalid(
            field,
            Text::new(Key::FolderMissing).arg("path", folder.display()),
        ));
    }
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(AppError::io(Key::CannotRead, path, e)),
    };
    if metadata
        .as_ref()
        .is_some_and(|m| m.file_type().is_symlink())
    {
        return refuse(Key::OutputLink);
    }
    if let Some(books) = books
        && is_books_or_companion(path, books)
    {
        return refuse(Key::OutputIsBooks);
    }
    let Some(metadata) = metadata else {
        return Ok(false);
    };
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return refuse(Key::OutputFolder);
    }
    if !file_type.is_file() {
        return refuse(Key::OutputSpecial);
    }
    let head = read_head(path)?;
    if !kind.recognises(&head) {
        return Err(AppError::invalid(
            field,
            Text::new(Key::OutputOtherKind)
                .arg("path", shown())
                .arg("kind", kind.name()),
        ));
    }
    Ok(true)
}

/// Writes `bytes` to `path` whole or not at all, after [`check`].
pub(crate) fn write(
    field: Field,
    path: &Path,
    kind: OutputKind,
    books: Option<&Path>,
    bytes: &[u8],
) -> Result<()> {
    write_with(field, path, kind, books, |file| file.write_all(bytes))
}

/// Writes what `fill` writes into a temporary file beside `path`, then renames it over `path`,
/// after [`check`]. Nothing is left behind when `fill` or the rename fails.
pub(crate) fn write_with(
    field: Field,
    path: &Path,
    kind: OutputKind,
    books: Option<&Path>,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    check(field, path, kind, books)?;
    let mut temporary = temporary_beside(path)?;
    fill(temporary.as_file_mut())
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| AppError::io(Key::CannotWrite, path, e))?;
    persist(temporary, path)
}

/// A new, empty temporary file in the folder of `path`, named after it; removed when dropped.
pub(crate) fn temporary_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".partial")
        .tempfile_in(parent(path))
        .map_err(|e| AppError::io(Key::CannotWrite, path, e))
}

/// Moves a finished temporary file over `path`, and makes the rename itself durable.
pub(crate) fn persist(temporary: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    temporary
        .persist(path)
        .map_err(|e| AppError::io(Key::CannotMove, path, e.error))?;
    // The rename is in the folder's entries: flush them too, where the system allows it.
    if let Ok(folder) = std::fs::File::open(parent(path)) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The folder a path is in; "." for a bare file name.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn read_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| AppError::io(Key::CannotRead, path, e))?;
    Ok(head)
}

/// Whether `path` is the books file or one of its SQLite companions, comparing the folders as
/// the system resolves them (so "./books.sqlite" and a path through a link to the folder are
/// caught) and the names exactly.
fn is_books_or_companion(path: &Path, books: &Path) -> bool {
    let (Some(name), Some(books_name)) = (path.file_name(), books.file_name()) else {
        return false;
    };
    let same_folder = match (parent(path).canonicalize(), parent(books).canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same_folder {
        // Another name for the same file (a hard link) is the books too.
        return same_file(path, books);
    }
    let books_name = books_name.to_string_lossy();
    let name = name.to_string_lossy();
    name == books_name
        || ["-wal", "-shm", "-journal"]
            .iter()
            .any(|suffix| name == format!("{books_name}{suffix}"))
        || same_file(path, books)
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

impl crate::Books {
    /// The file these books are in (none for books in memory).
    pub(crate) fn books_path(&self) -> Option<PathBuf> {
        self.store()
            .conn()
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// Refuses `path` as an output of `kind` (see the module's rules) before any work is done.
    pub fn check_output(&self, field: Field, path: &Path, kind: OutputKind) -> Result<()> {
        check(field, path, kind, self.books_path().as_deref()).map(|_| ())
    }

    /// Writes an output of `kind` whole or not at all, never over books or another kind of file.
    pub fn write_output(
        &self,
        field: Field,
        path: &Path,
        kind: OutputKind,
        bytes: &[u8],
    ) -> Result<()> {
        write(field, path, kind, self.books_path().as_deref(), bytes)
    }

    /// Writes a printed document (PDF bytes from one of the `report_*` use cases).
    pub fn write_document(&self, field: Field, path: &Path, bytes: &[u8]) -> Result<()> {
        self.write_output(field, path, OutputKind::Pdf, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Setup = Box<dyn FnOnce(&Path) -> PathBuf>;

    fn check_at(
        setup: impl FnOnce(&Path) -> PathBuf,
        kind: OutputKind,
    ) -> std::result::Result<bool, String> {
        let dir = tempfile::tempdir().unwrap();
        let books = dir.path().join("books.sqlite");
        std::fs::write(&books, b"SQLite format 3\0rest of the header").unwrap();
        let target = setup(dir.path());
        check(Field::OutputFile, &target, kind, Some(&books))
            .map_err(|e| e.text().key.id().to_string())
    }

    #[test]
    fn refuses_what_would_destroy_books_or_be_written_through() {
        let cases: Vec<(&str, Setup, OutputKind, std::result::Result<bool, &str>)> = vec![
            (
                "the books",
                Box::new(|d: &Path| d.join("books.sqlite")),
                OutputKind::Pdf,
                Err("output.is_books"),
            ),
            (
                "the books as a backup",
                Box::new(|d: &Path| d.join("books.sqlite")),
                OutputKind::Backup,
                Err("output.is_books"),
            ),
            (
                "a WAL not there yet",
                Box::new(|d: &Path| d.join("books.sqlite-wal")),
                OutputKind::Csv,
                Err("output.is_books"),
            ),
            (
                "the shared memory",
                Box::new(|d: &Path| d.join("books.sqlite-shm")),
                OutputKind::Json,
                Err("output.is_books"),
            ),
            (
                "through ./",
                Box::new(|d: &Path| d.join(".").join("books.sqlite")),
                OutputKind::Pdf,
                Err("output.is_books"),
            ),
            (
                "a hard link",
                Box::new(|d: &Path| {
                    let l = d.join("other.pdf");
                    std::fs::hard_link(d.join("books.sqlite"), &l).unwrap();
                    l
                }),
                OutputKind::Pdf,
                Err("output.is_books"),
            ),
            (
                "a symbolic link",
                Box::new(|d: &Path| {
                    let l = d.join("link.pdf");
                    std::os::unix::fs::symlink(d.join("books.sqlite"), &l).unwrap();
                    l
                }),
                OutputKind::Pdf,
                Err("output.link"),
            ),
            (
                "a dangling link",
                Box::new(|d: &Path| {
                    let l = d.join("new.pdf");
                    std::os::unix::fs::symlink(d.join("nowhere"), &l).unwrap();
                    l
                }),
                OutputKind::Pdf,
                Err("output.link"),
            ),
            (
                "a folder",
                Box::new(|d: &Path| d.to_path_buf()),
                OutputKind::Pdf,
                Err("output.folder"),
            ),
            (
                "a device",
                Box::new(|_: &Path| PathBuf::from("/dev/null")),
                OutputKind::Csv,
                Err("output.special"),
            ),
            (
                "a missing folder",
                Box::new(|d: &Path| d.join("no/such.pdf")),
                OutputKind::Pdf,
                Err("folder.missing"),
            ),
            (
                "other books as a PDF",
                Box::new(|d: &Path| {
                    let p = d.join("other.sqlite");
                    std::fs::write(&p, b"SQLite format 3\0").unwrap();
                    p
                }),
                OutputKind::Pdf,
                Err("output.other_kind"),
            ),
            (
                "encrypted books as a CSV",
                Box::new(|d: &Path| {
                    let p = d.join("secret.sqlite");
                    std::fs::write(
                        &p,
                        (0..4096u32)
                            .map(|i| (i * 7919 % 251) as u8)
                            .collect::<Vec<_>>(),
                    )
                    .unwrap();
                    p
                }),
                OutputKind::Csv,
                Err("output.other_kind"),
            ),
            (
                "a photo as a PNG",
                Box::new(|d: &Path| {
                    let p = d.join("photo.png");
                    std::fs::write(&p, b"\xff\xd8\xff\xe0JFIF").unwrap();
                    p
                }),
                OutputKind::Png,
                Err("output.other_kind"),
            ),
            (
                "a kit as a bundle",
                Box::new(|d: &Path| {
                    let p = d.join("x.bundle");
                    std::fs::write(&p, b"COMMONPOT-KIT 1 sha256=").unwrap();
                    p
                }),
                OutputKind::Bundle,
                Err("output.other_kind"),
            ),
            (
                "a new file",
                Box::new(|d: &Path| d.join("report.pdf")),
                OutputKind::Pdf,
                Ok(false),
            ),
            (
                "an older PDF",
                Box::new(|d: &Path| {
                    let p = d.join("report.pdf");
                    std::fs::write(&p, b"%PDF-1.7\n%\xe2\xe3").unwrap();
                    p
                }),
                OutputKind::Pdf,
                Ok(true),
            ),
            (
                "an empty file",
                Box::new(|d: &Path| {
                    let p = d.join("empty.csv");
                    std::fs::write(&p, b"").unwrap();
                    p
                }),
                OutputKind::Csv,
                Ok(true),
            ),
            (
                "an older CSV",
                Box::new(|d: &Path| {
                    let p = d.join("gifts.csv");
                    std::fs::write(&p, "id,Zoë\n").unwrap();
                    p
                }),
                OutputKind::Csv,
                Ok(true),
            ),
            (
                "an older backup",
                Box::new(|d: &Path| {
                    let p = d.join("b.sqlite");
                    std::fs::write(&p, b"SQLite format 3\0").unwrap();
                    p
                }),
                OutputKind::Backup,
                Ok(true),
            ),
        ];
        for (what, setup, kind, expected) in cases {
            assert_eq!(
                check_at(setup, kind),
                expected.map_err(str::to_string),
                "{what}"
            );
        }
    }

    #[test]
    fn writes_whole_and_leaves_nothing_else_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.pdf");
        let unrelated = dir.path().join("report.pdf.partial");
        std::fs::write(&unrelated, b"someone else's").unwrap();
        write(
            Field::OutputFile,
            &target,
            OutputKind::Pdf,
            None,
            b"%PDF-1.7 first",
        )
        .unwrap();
        write(
            Field::OutputFile,
            &target,
            OutputKind::Pdf,
            None,
            b"%PDF-1.7 second",
        )
        .unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7 second");
        let failed = write_with(Field::OutputFile, &target, OutputKind::Pdf, None, |f| {
            f.write_all(b"%PDF-1.7 half")?;
            Err(std::io::Error::other("the disk is full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7 second");
        assert_eq!(std::fs::read(&unrelated).unwrap(), b"someone else's");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["report.pdf", "report.pdf.partial"]);
    }
}
