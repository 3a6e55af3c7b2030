//! Money through the bank: the EPC payment code a banking app scans (EPC069-12, "GiroCode")
//! and the ISO 11649 creditor reference ("RF…") that names a project on a transfer, so that
//! incoming transfers can be matched to the project they were given for; and the bank's
//! statements in ISO 20022 camt.053, read whole and checked against their balances.

pub mod camt;
pub mod epc;
pub mod rf;

pub use camt::{CamtError, Statement, parse_camt053};
pub use epc::{EpcError, EpcPayment};
pub use rf::{CreditorReference, RfError};
