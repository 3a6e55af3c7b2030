//! camt.053 bank statements: any bytes are read or refused with a message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(xml) = std::str::from_utf8(data)
        && let Ok(statements) = commonpot_bank::parse_camt053(xml)
    {
        // What is accepted adds up: the reader reconciles every statement.
        for s in &statements {
            let _ = format!("{s:?}");
        }
    }
});
