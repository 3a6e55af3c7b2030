//! Money through the bank: the EPC payment code a banking app scans (EPC069-12, "GiroCode")
//! and the ISO 11649 creditor reference ("RF…") that names a project on a transfer, so that
//! incoming transfers can be matched to the project they were given for.

pub mod epc;
pub mod rf;

pub use epc::{EpcError, EpcPayment};
pub use rf::{CreditorReference, RfError};
