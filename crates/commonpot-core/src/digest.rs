//! The ledger digest: SHA-256 over every entry's content hash, in id order. The same set of
//! entries gives the same digest whatever order they arrived in; printed on every statement,
//! it lets anyone check that the paper matches the books.
//!
//! [`LedgerDigest`] is a running SHA-256 whose state can be saved and resumed, so that the
//! store extends it as entries with ever larger ids arrive, instead of re-reading a million
//! entries for every summary. Its result is bit for bit the SHA-256 of the concatenated hashes.

use std::fmt;

use sha2::digest::generic_array::GenericArray;

/// SHA-256 of one entry's canonical content.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    pub fn from_bytes(bytes: [u8; 32]) -> ContentHash {
        ContentHash(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Option<ContentHash> {
        bytes.try_into().ok().map(ContentHash)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.to_hex())
    }
}

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// A SHA-256 over a sequence of content hashes, fed one hash at a time. Two hashes make one
/// 64-byte block; an odd one waits in `pending`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerDigest {
    state: [u32; 8],
    pending: Option<[u8; 32]>,
    count: u64,
}

impl Default for LedgerDigest {
    fn default() -> Self {
        LedgerDigest {
            state: INITIAL_STATE,
            pending: None,
            count: 0,
        }
    }
}

impl LedgerDigest {
    pub fn new() -> LedgerDigest {
        LedgerDigest::default()
    }

    /// Feeds the next entry's hash; callers feed them in ascending id order.
    pub fn push(&mut self, hash: &ContentHash) {
        match self.pending.take() {
            None => self.pending = Some(hash.0),
            Some(first) => {
                let mut block = [0u8; 64];
                block[..32].copy_from_slice(&first);
                block[32..].copy_from_slice(&hash.0);
                sha2::compress256(&mut self.state, &[GenericArray::from(block)]);
            }
        }
        self.count += 1;
    }

    /// How many hashes were fed.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The digest of everything fed so far; the running state is left as it is.
    pub fn finish(&self) -> ContentHash {
        // Merkle–Damgård padding: 0x80, zeros up to 56 bytes mod 64, the bit length.
        let mut block = [0u8; 64];
        let mut at = 0;
        if let Some(p) = self.pending {
            block[..32].copy_from_slice(&p);
            at = 32;
        }
        block[at] = 0x80;
        let bits = self.count * 256;
        block[56..].copy_from_slice(&bits.to_be_bytes());
        let mut state = self.state;
        sha2::compress256(&mut state, &[GenericArray::from(block)]);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        ContentHash(out)
    }

    /// The running state as bytes, to be stored and resumed with [`LedgerDigest::from_state`].
    pub fn to_state(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(72);
        for word in self.state {
            out.extend_from_slice(&word.to_be_bytes());
        }
        out.extend_from_slice(&self.count.to_be_bytes());
        if let Some(p) = self.pending {
            out.extend_from_slice(&p);
        }
        out
    }

    pub fn from_state(bytes: &[u8]) -> Option<LedgerDigest> {
        if bytes.len() != 40 && bytes.len() != 72 {
            return None;
        }
        let mut state = [0u32; 8];
        for (word, chunk) in state.iter_mut().zip(bytes[..32].chunks_exact(4)) {
            *word = u32::from_be_bytes(chunk.try_into().ok()?);
        }
        let count = u64::from_be_bytes(bytes[32..40].try_into().ok()?);
        let pending = if bytes.len() == 72 {
            Some(bytes[40..72].try_into().ok()?)
        } else {
            None
        };
        if pending.is_some() != (count % 2 == 1) {
            return None;
        }
        Some(LedgerDigest {
            state,
            pending,
            count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    fn plain_sha256(hashes: &[ContentHash]) -> ContentHash {
        let mut h = Sha256::new();
        for x in hashes {
            h.update(x.0);
        }
        ContentHash(h.finalize().into())
    }

    #[test]
    fn empty_ledger_is_sha256_of_nothing() {
        assert_eq!(
            LedgerDigest::new().finish().to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    proptest! {
        #[test]
        fn running_digest_equals_sha256_of_the_concatenation(
            raw in proptest::collection::vec(any::<[u8; 32]>(), 0..40),
            split in 0usize..40,
        ) {
            let hashes: Vec<ContentHash> = raw.into_iter().map(ContentHash).collect();
            let split = split.min(hashes.len());
            let mut d = LedgerDigest::new();
            for h in &hashes[..split] {
                d.push(h);
            }
            // Save and resume half way, as the store does between transactions.
            let mut d = LedgerDigest::from_state(&d.to_state()).unwrap();
            for h in &hashes[split..] {
                d.push(h);
            }
            prop_assert_eq!(d.finish(), plain_sha256(&hashes));
            prop_assert_eq!(d.count(), hashes.len() as u64);
        }
    }

    #[test]
    fn damaged_state_is_refused() {
        let mut d = LedgerDigest::new();
        d.push(&ContentHash([7; 32]));
        let state = d.to_state();
        assert!(LedgerDigest::from_state(&state[..40]).is_none());
        assert!(LedgerDigest::from_state(&state[..10]).is_none());
    }
}
