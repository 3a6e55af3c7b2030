//! Money through the bank: the EPC payment code a banking app scans (EPC069-12, "GiroCode")
//! and the ISO 11649 creditor reference ("RF…") that names a project on a transfer, so that
//! incoming transfers can be matched to the project they were given for; and the bank's
//! statements in ISO 20022 camt.053 or CSV with a saved column profile, read whole, checked
//! against their balances and turned into lines with a stable identity.

pub mod camt;
pub mod csv;
pub mod epc;
pub mod lines;
pub mod names;
pub mod rf;

/// The most digits before the decimal mark an amount in a bank file may have: 10^15 units
/// of a currency with three decimals is 10^18 minor units, which fits the ledger's i64 with room
/// for sums. A larger amount is refused naming its line and field, never parsed into a wrap.
pub const WHOLE_DIGITS_MAX: usize = 15;

pub use camt::{CamtError, Statement, parse_camt053};
pub use csv::{Columns, CsvError, Encoding, Profile, ProfileError, ProfileOption, parse_csv};
pub use epc::{EpcError, EpcPayment};
pub use lines::{BankFile, BankLine, StatementInfo};
pub use rf::{CreditorReference, RfError, find_known};

/// The line (from 1) of the byte at `offset`: where a file stops being valid UTF-8.
pub fn line_at(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64
}
