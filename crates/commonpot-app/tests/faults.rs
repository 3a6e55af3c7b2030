//! Faults injected under SQLite: a VFS wraps the system's and fails the n-th write, fsync or read
//! of a save, a CSV import, a bundle import and a backup. After every injection point the books
//! open, verify, and hold all of the change or none of it; a change that was acknowledged is
//! there; a backup that failed leaves no file.
//!
//! Every injection point is tried (about 300, in under 5 s); `COMMONPOT_FAULT_POINTS=N` tries at
//! most N per operation and kind of fault, spread evenly, should the inputs grow.

mod common;

use std::path::{Path, PathBuf};

use commonpot_app::{Books, Env, NewContribution};

mod faulty {
    //! The VFS. It is registered as the process's default, so every connection the use cases
    //! open (the books, a backup's target) goes through it.

    use std::ffi::{c_char, c_int, c_void};
    use std::sync::Once;
    use std::sync::atomic::{AtomicI64, AtomicU8, AtomicU64, Ordering};

    use rusqlite::ffi;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Fault {
        Write = 1,
        Sync = 2,
        Read = 3,
    }

    pub const ALL: [Fault; 3] = [Fault::Write, Fault::Sync, Fault::Read];

    static ARMED: AtomicU8 = AtomicU8::new(0);
    static REMAINING: AtomicI64 = AtomicI64::new(0);
    static FIRED: AtomicU8 = AtomicU8::new(0);
    static COUNTS: [AtomicU64; 4] = [
        AtomicU64::new(0),
        AtomicU64::new(0),
        AtomicU64::new(0),
        AtomicU64::new(0),
    ];

    /// Counts from zero, with nothing armed.
    pub fn reset() {
        ARMED.store(0, Ordering::SeqCst);
        FIRED.store(0, Ordering::SeqCst);
        for c in &COUNTS {
            c.store(0, Ordering::SeqCst);
        }
    }

    /// The `n`-th operation of `fault`'s kind from now fails, once.
    pub fn arm(fault: Fault, n: u64) {
        reset();
        REMAINING.store(n as i64, Ordering::SeqCst);
        ARMED.store(fault as u8, Ordering::SeqCst);
    }

    pub fn count(fault: Fault) -> u64 {
        COUNTS[fault as usize].load(Ordering::SeqCst)
    }

    pub fn fired() -> bool {
        FIRED.load(Ordering::SeqCst) == 1
    }

    /// Whether this operation is the one to fail.
    fn strike(fault: Fault) -> bool {
        COUNTS[fault as usize].fetch_add(1, Ordering::SeqCst);
        if ARMED.load(Ordering::SeqCst) != fault as u8 {
            return false;
        }
        if REMAINING.fetch_sub(1, Ordering::SeqCst) == 1 {
            ARMED.store(0, Ordering::SeqCst);
            FIRED.store(1, Ordering::SeqCst);
            return true;
        }
        false
    }

    /// Our file: the method table SQLite calls, then the system VFS's file it forwards to.
    #[repr(C)]
    struct File {
        base: ffi::sqlite3_file,
        inner: *mut ffi::sqlite3_file,
        inner_size: usize,
    }

    static mut ROOT: *mut ffi::sqlite3_vfs = std::ptr::null_mut();
    static mut VFS: std::mem::MaybeUninit<ffi::sqlite3_vfs> = std::mem::MaybeUninit::uninit();
    static NAME: &[u8] = b"commonpot-faults\0";
    static REGISTER: Once = Once::new();

    /// Registers the VFS as the default, once per process.
    pub fn install() {
        REGISTER.call_once(|| unsafe {
            ffi::sqlite3_initialize();
            let root = ffi::sqlite3_vfs_find(std::ptr::null());
            assert!(!root.is_null(), "SQLite has a default VFS");
            ROOT = root;
            let mut vfs = *root;
            vfs.szOsFile = std::mem::size_of::<File>() as c_int;
            vfs.zName = NAME.as_ptr().cast::<c_char>();
            vfs.pNext = std::ptr::null_mut();
            vfs.xOpen = Some(open);
            vfs.xDelete = Some(delete);
            vfs.xAccess = Some(access);
            vfs.xFullPathname = Some(full_pathname);
            let slot = &raw mut VFS;
            (*slot).write(vfs);
            let rc = ffi::sqlite3_vfs_register((*slot).as_mut_ptr(), 1);
            assert_eq!(rc, ffi::SQLITE_OK);
        });
    }

    unsafe fn root() -> *mut ffi::sqlite3_vfs {
        unsafe { ROOT }
    }

    unsafe extern "C" fn open(
        _vfs: *mut ffi::sqlite3_vfs,
        name: ffi::sqlite3_filename,
        file: *mut ffi::sqlite3_file,
        flags: c_int,
        out_flags: *mut c_int,
    ) -> c_int {
        unsafe {
            let root = root();
            let size = (*root).szOsFile as usize;
            let layout = std::alloc::Layout::from_size_align(size.max(8), 16).unwrap();
            let inner = std::alloc::alloc_zeroed(layout).cast::<ffi::sqlite3_file>();
            let ours = file.cast::<File>();
            (*ours).base.pMethods = std::ptr::null();
            let rc = (*root).xOpen.unwrap()(root, name, inner, flags, out_flags);
            if rc != ffi::SQLITE_OK || (*inner).pMethods.is_null() {
                std::alloc::dealloc(inner.cast(), layout);
                return rc;
            }
            (*ours).inner = inner;
            (*ours).inner_size = size.max(8);
            (*ours).base.pMethods = &METHODS;
            rc
        }
    }

    unsafe extern "C" fn delete(
        _vfs: *mut ffi::sqlite3_vfs,
        name: *const c_char,
        sync_dir: c_int,
    ) -> c_int {
        unsafe { (*root()).xDelete.unwrap()(root(), name, sync_dir) }
    }

    unsafe extern "C" fn access(
        _vfs: *mut ffi::sqlite3_vfs,
        name: *const c_char,
        flags: c_int,
        out: *mut c_int,
    ) -> c_int {
        unsafe { (*root()).xAccess.unwrap()(root(), name, flags, out) }
    }

    unsafe extern "C" fn full_pathname(
        _vfs: *mut ffi::sqlite3_vfs,
        name: *const c_char,
        n: c_int,
        out: *mut c_char,
    ) -> c_int {
        unsafe { (*root()).xFullPathname.unwrap()(root(), name, n, out) }
    }

    /// The system's file and its methods behind ours.
    unsafe fn inner(
        file: *mut ffi::sqlite3_file,
    ) -> (*mut ffi::sqlite3_file, ffi::sqlite3_io_methods) {
        unsafe {
            let inner = (*file.cast::<File>()).inner;
            (inner, *(*inner).pMethods)
        }
    }

    unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
        unsafe {
            let (inner, m) = inner(file);
            let rc = m.xClose.unwrap()(inner);
            let size = (*file.cast::<File>()).inner_size;
            let layout = std::alloc::Layout::from_size_align(size, 16).unwrap();
            std::alloc::dealloc(inner.cast(), layout);
            rc
        }
    }

    unsafe extern "C" fn read(
        file: *mut ffi::sqlite3_file,
        buf: *mut c_void,
        amount: c_int,
        offset: ffi::sqlite3_int64,
    ) -> c_int {
        if strike(Fault::Read) {
            return ffi::SQLITE_IOERR_READ;
        }
        unsafe {
            let (inner, m) = inner(file);
            m.xRead.unwrap()(inner, buf, amount, offset)
        }
    }

    unsafe extern "C" fn write(
        file: *mut ffi::sqlite3_file,
        buf: *const c_void,
        amount: c_int,
        offset: ffi::sqlite3_int64,
    ) -> c_int {
        if strike(Fault::Write) {
            return ffi::SQLITE_IOERR_WRITE;
        }
        unsafe {
            let (inner, m) = inner(file);
            m.xWrite.unwrap()(inner, buf, amount, offset)
        }
    }

    unsafe extern "C" fn sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
        if strike(Fault::Sync) {
            return ffi::SQLITE_IOERR_FSYNC;
        }
        unsafe {
            let (inner, m) = inner(file);
            m.xSync.unwrap()(inner, flags)
        }
    }

    /// The methods that only forward.
    macro_rules! forward {
        ($name:ident, $field:ident, ($($arg:ident: $ty:ty),*) -> $ret:ty, $missing:expr) => {
            unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file $(, $arg: $ty)*) -> $ret {
                unsafe {
                    let (inner, m) = inner(file);
                    match m.$field {
                        Some(f) => f(inner $(, $arg)*),
                        None => $missing,
                    }
                }
            }
        };
    }

    forward!(truncate, xTruncate, (size: ffi::sqlite3_int64) -> c_int, ffi::SQLITE_IOERR);
    forward!(file_size, xFileSize, (size: *mut ffi::sqlite3_int64) -> c_int, ffi::SQLITE_IOERR);
    forward!(lock, xLock, (level: c_int) -> c_int, ffi::SQLITE_IOERR);
    forward!(unlock, xUnlock, (level: c_int) -> c_int, ffi::SQLITE_IOERR);
    forward!(check_reserved, xCheckReservedLock, (out: *mut c_int) -> c_int, ffi::SQLITE_IOERR);
    forward!(file_control, xFileControl, (op: c_int, arg: *mut c_void) -> c_int, ffi::SQLITE_NOTFOUND);
    forward!(sector_size, xSectorSize, () -> c_int, 4096);
    forward!(characteristics, xDeviceCharacteristics, () -> c_int, 0);
    forward!(shm_map, xShmMap, (page: c_int, size: c_int, extend: c_int, out: *mut *mut c_void) -> c_int, ffi::SQLITE_IOERR);
    forward!(shm_lock, xShmLock, (offset: c_int, n: c_int, flags: c_int) -> c_int, ffi::SQLITE_IOERR);
    forward!(shm_unmap, xShmUnmap, (delete: c_int) -> c_int, ffi::SQLITE_OK);
    forward!(fetch, xFetch, (offset: ffi::sqlite3_int64, amount: c_int, out: *mut *mut c_void) -> c_int, ffi::SQLITE_IOERR);
    forward!(unfetch, xUnfetch, (offset: ffi::sqlite3_int64, p: *mut c_void) -> c_int, ffi::SQLITE_OK);

    unsafe extern "C" fn shm_barrier(file: *mut ffi::sqlite3_file) {
        unsafe {
            let (inner, m) = inner(file);
            if let Some(f) = m.xShmBarrier {
                f(inner);
            }
        }
    }

    static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
        iVersion: 3,
        xClose: Some(close),
        xRead: Some(read),
        xWrite: Some(write),
        xTruncate: Some(truncate),
        xSync: Some(sync),
        xFileSize: Some(file_size),
        xLock: Some(lock),
        xUnlock: Some(unlock),
        xCheckReservedLock: Some(check_reserved),
        xFileControl: Some(file_control),
        xSectorSize: Some(sector_size),
        xDeviceCharacteristics: Some(characteristics),
        xShmMap: Some(shm_map),
        xShmLock: Some(shm_lock),
        xShmBarrier: Some(shm_barrier),
        xShmUnmap: Some(shm_unmap),
        xFetch: Some(fetch),
        xUnfetch: Some(unfetch),
    };
}

fn new_association(path: &Path) {
    let mut books = common::street_association(path, "Fault Street");
    books
        .record_contribution(NewContribution {
            project: "TREES".into(),
            amount: "7,50".into(),
            channel: "cash".into(),
            ..NewContribution::default()
        })
        .unwrap();
}

/// A 300-line contributions CSV and a bundle of 40 entries from a volunteer laptop.
fn inputs(dir: &Path, template: &Path) -> (PathBuf, PathBuf) {
    let csv = dir.join("contributions.csv");
    let mut text = String::from("id,received,project,member,amount,channel,collector,note\n");
    for i in 0..300 {
        text.push_str(&format!(
            ",2026-05-0{} 10:00,TREES,,{}.{:02},cash,,line {i}\n",
            1 + i % 9,
            1 + i % 50,
            i % 100
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let bundle = common::laptop_bundle(dir, template, 40);
    (csv, bundle)
}

#[derive(Clone, Copy, Debug)]
enum Work {
    Save,
    CsvImport,
    BundleImport,
    Backup,
}

/// Runs `work` on the books at `db`; Ok when the use case said it was done.
fn run(work: Work, books: &mut Books, csv: &Path, bundle: &Path, out: &Path) -> Result<(), String> {
    let done = match work {
        Work::Save => books
            .record_contribution(NewContribution {
                project: "TREES".into(),
                amount: "3,20".into(),
                channel: "cash".into(),
                ..NewContribution::default()
            })
            .map(drop),
        Work::CsvImport => books.import_contributions(csv, false).map(drop),
        Work::BundleImport => books.import_bundle(bundle, false).map(drop),
        Work::Backup => books.backup(out),
    };
    done.map_err(|e| e.to_string())
}

/// The entries a finished `work` adds.
fn added(work: Work) -> u64 {
    match work {
        Work::Save => 1,
        Work::CsvImport => 300,
        Work::BundleImport => 40,
        Work::Backup => 0,
    }
}

/// Opens the books with nothing armed and checks them whole: verified, `before` or `after`
/// entries, `after` when the change was acknowledged.
fn check(db: &Path, before: u64, after: u64, acknowledged: bool, what: &str) {
    faulty::reset();
    let books = Books::open(db, Env::system()).unwrap_or_else(|e| panic!("{what}: {e}"));
    let report = books.verify().unwrap();
    assert!(report.problems.is_empty(), "{what}: {:?}", report.problems);
    let count = books.summary().unwrap().entry_count;
    if acknowledged {
        assert_eq!(count, after, "{what}: acknowledged but not saved");
    } else {
        assert!(
            count == before || count == after,
            "{what}: {count} entries, neither {before} nor {after}"
        );
    }
}

#[test]
fn every_failed_write_fsync_or_read_leaves_the_books_whole() {
    faulty::install();
    let points: u64 = std::env::var("COMMONPOT_FAULT_POINTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.sqlite");
    new_association(&template);
    let (csv, bundle) = inputs(dir.path(), &template);
    let before = Books::open(&template, Env::system())
        .unwrap()
        .summary()
        .unwrap()
        .entry_count;
    let db = dir.path().join("books.sqlite");
    let out = dir.path().join("backup.sqlite");
    let fresh = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let _ = std::fs::remove_file(&out);
        std::fs::copy(&template, &db).unwrap();
        Books::open(&db, Env::system()).unwrap()
    };
    let mut table = Vec::new();
    for work in [
        Work::Save,
        Work::CsvImport,
        Work::BundleImport,
        Work::Backup,
    ] {
        // A clean run counts the operations of each kind the work performs.
        let mut books = fresh();
        faulty::reset();
        run(work, &mut books, &csv, &bundle, &out).unwrap();
        let totals = faulty::ALL.map(faulty::count);
        drop(books);
        for (fault, total) in faulty::ALL.into_iter().zip(totals) {
            let tried: Vec<u64> = if total <= points {
                (1..=total).collect()
            } else {
                (0..points)
                    .map(|i| 1 + i * (total - 1) / (points - 1).max(1))
                    .collect()
            };
            let mut refused = 0;
            for &n in &tried {
                let mut books = fresh();
                faulty::arm(fault, n);
                let result = run(work, &mut books, &csv, &bundle, &out);
                let fired = faulty::fired();
                faulty::reset();
                drop(books);
                let what = format!("{work:?}, {fault:?} number {n} of {total}");
                if result.is_err() {
                    refused += 1;
                    assert!(fired, "{what}: refused without a fault: {result:?}");
                }
                check(&db, before, before + added(work), result.is_ok(), &what);
                if let Work::Backup = work {
                    if result.is_ok() {
                        check(&out, before, before, true, &format!("{what}, the backup"));
                    } else {
                        assert!(
                            !out.exists(),
                            "{what}: a failed backup left {}",
                            out.display()
                        );
                    }
                    let strays: Vec<_> = std::fs::read_dir(dir.path())
                        .unwrap()
                        .filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .filter(|n| n.ends_with(".partial"))
                        .collect();
                    assert!(strays.is_empty(), "{what}: {strays:?}");
                }
            }
            table.push(format!(
                "{work:?} {fault:?}: {total} operations, {} tried, {refused} refused",
                tried.len()
            ));
        }
    }
    for line in table {
        println!("{line}");
    }
}
