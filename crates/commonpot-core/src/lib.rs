//! The pure domain of Commonpot: exact money and its locale-aware parsing, the ledger's entries,
//! their content hashes, the order-independent ledger digest, and the balances derived from
//! entries.
//!
//! This crate never touches SQLite, files, the clock or the network: time, ids and randomness
//! are parameters of its functions, so everything here is deterministic and unit-testable.

pub mod collection;
pub mod digest;
pub mod disclosure;
pub mod entry;
pub mod ids;
pub mod locale;
pub mod money;
pub mod payment;
pub mod tally;
pub mod text;
pub mod totals;
pub mod value;
pub mod weights;

pub use collection::{CashCount, Collection, CollectionClose};
pub use digest::{ContentHash, LedgerDigest};
pub use entry::{
    Channel, Contribution, EntryKind, EntryMeta, Expense, ProjectStatus, Refs, Reversal,
};
pub use ids::{DeviceId, EntryId, MemberId, ProjectId};
pub use locale::Locale;
pub use money::{
    Amount, AmountError, AmountProblem, Currency, CurrencyError, TOTAL_MINOR_MAX, UNITS_MAX,
};
pub use rust_decimal::Decimal;
pub use text::{Key, Text};
