//! How much Commonpot reads from a file it is given. Every reader of an outside file goes
//! through here, so a forged or mistaken file (a disk image picked by mistake, a bundle that
//! inflates to gigabytes) is refused with one line before it takes the machine's memory.
//! The limits are far above the largest real file of each kind (docs/RELIABILITY.md).

use std::io::Read;
use std::path::Path;

use commonpot_core::{Key, Text};
use flate2::read::GzDecoder;

use crate::{AppError, Result};

const MIB: u64 = 1024 * 1024;

/// A bank statement (camt.053 or CSV). Reading camt.053 takes 6–8 times the file in memory; a
/// year of a busy account's statements is a few MB.
pub const BANK_FILE_MAX: u64 = 32 * MIB;

/// A CSV of contributions or ballots: a million lines fit in well under this.
pub const CSV_FILE_MAX: u64 = 64 * MIB;

/// A bundle or kit as stored (compressed).
pub const SEALED_FILE_MAX: u64 = 64 * MIB;

/// A bundle's or kit's content once inflated: about 700,000 entries.
pub const INFLATED_MAX: u64 = 256 * MIB;

/// Reads `path` whole when it holds at most `limit` bytes (also a pipe or a device, which have
/// no size to ask beforehand).
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| AppError::io(Key::CannotRead, path, e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AppError::io(Key::CannotRead, path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(Key::FileTooLarge, path, limit));
    }
    Ok(bytes)
}

/// Why a compressed payload could not be inflated.
#[derive(Debug, PartialEq, Eq)]
pub enum Inflate {
    NotGzip,
    TooLarge,
}

/// Inflates gzip `bytes` when the result holds at most `limit` bytes; stops reading as soon as it
/// passes, so a decompression bomb costs `limit` bytes of memory at most.
pub fn gunzip(bytes: &[u8], limit: u64) -> std::result::Result<Vec<u8>, Inflate> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit as usize));
    GzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| Inflate::NotGzip)?;
    if out.len() as u64 > limit {
        return Err(Inflate::TooLarge);
    }
    Ok(out)
}

/// The refusal of a file (or its inflated content) over `limit`.
pub fn too_large(key: Key, path: &Path, limit: u64) -> AppError {
    AppError::refused(
        Text::new(key)
            .arg("path", path.display())
            .arg("limit", limit / MIB),
    )
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::{Compression, write::GzEncoder};

    use super::*;

    #[test]
    fn a_decompression_bomb_is_stopped_at_the_limit() {
        // 64 MiB of zeros compress to about 64 KiB.
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        let block = vec![0u8; MIB as usize];
        for _ in 0..64 {
            gz.write_all(&block).unwrap();
        }
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(gunzip(&bomb, 8 * MIB), Err(Inflate::TooLarge));
        assert_eq!(gunzip(&bomb, 64 * MIB).unwrap().len() as u64, 64 * MIB);
        assert_eq!(gunzip(b"not gzip", MIB), Err(Inflate::NotGzip));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'x'; 1001]).unwrap();
        assert_eq!(read(&path, 1001).unwrap().len(), 1001);
        let refused = read(&path, 1000).unwrap_err();
        assert!(refused.to_string().contains("big.csv"), "{refused}");
        // A device has no size; reading stops at the limit all the same.
        assert!(read(Path::new("/dev/zero"), 1000).is_err());
    }
}
