//! Amounts as people type them: never a panic, and whatever is accepted is a positive amount
//! within the maximum that reads back to itself from the association's own writing of it.
#![no_main]

use commonpot_core::{Amount, Currency, Locale};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (currency, locale) in [
        ("EUR", "de-DE"),
        ("EUR", "fr-FR"),
        ("CHF", "de-CH"),
        ("GBP", "en-GB"),
        ("JPY", "en-US"),
        ("KRW", "pl-PL"),
    ] {
        let currency = Currency::from_code(currency).unwrap();
        let locale = Locale::parse(locale).unwrap();
        let max = Amount::from_units(100_000, currency);
        if let Ok(amount) = Amount::parse(text, currency, &locale, max) {
            assert!(amount.to_minor(currency) > 0, "{text:?} gave {amount}");
            assert!(amount <= max, "{text:?} gave {amount} above the maximum");
            let written = locale.format_amount(amount);
            let again = Amount::parse(&written, currency, &locale, max)
                .unwrap_or_else(|e| panic!("{text:?} → {written:?} does not read back: {e:?}"));
            assert_eq!(again, amount, "{text:?} → {written:?}");
        }
    }
});
