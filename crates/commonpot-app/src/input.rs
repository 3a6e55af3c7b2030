//! Turning what a person typed into domain values, with messages that say what was expected.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, Utc};
use commonpot_core::{Amount, Currency, Key, Locale, Text, value};

use crate::{AppError, Field, Result};

pub fn date(field: Field, text: &str) -> Result<NaiveDate> {
    value::date(text).ok_or_else(|| {
        AppError::invalid(
            field,
            Text::new(Key::DateMalformed).arg("text", text.trim()),
        )
    })
}

/// A moment as YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS, optionally with "Z" or an
/// offset. Times without an offset are taken as UTC.
pub fn moment(field: Field, text: &str) -> Result<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(t) {
        return Ok(with_offset.with_timezone(&Utc).trunc_subsecs(0));
    }
    let naive = t.strip_suffix('Z').unwrap_or(t);
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, format) {
            return Ok(dt.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(naive, "%Y-%m-%d") {
        return Ok(d.and_time(NaiveTime::MIN).and_utc());
    }
    Err(AppError::invalid(
        field,
        Text::new(Key::MomentMalformed).arg("text", t),
    ))
}

/// Refuses a moment more than a day ahead of `now`: money cannot have arrived tomorrow.
pub fn not_in_future(field: Field, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if at > now + chrono::Duration::days(1) {
        return Err(AppError::invalid(
            field,
            Text::new(Key::InFuture).arg("when", at.format("%Y-%m-%d %H:%M")),
        ));
    }
    Ok(at)
}

/// A free text (note, description, place, payee, reason) that must not be empty; the rule is
/// [`commonpot_core::value::free_text`], the one every reader uses.
pub fn required_text(field: Field, text: &str) -> Result<String> {
    value::free_text(text, true).map_err(|p| AppError::invalid(field, p.text()))
}

pub fn optional_text(field: Field, text: &str) -> Result<String> {
    value::free_text(text, false).map_err(|p| AppError::invalid(field, p.text()))
}

/// A name, number or title: one line ([`commonpot_core::value::one_line`]), not empty.
pub fn required_line(field: Field, text: &str) -> Result<String> {
    value::one_line(text, true).map_err(|p| AppError::invalid(field, p.text()))
}

pub fn email(field: Field, text: &str) -> Result<String> {
    let t = text.trim();
    let ok = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    } && !t.chars().any(char::is_whitespace)
        && t.len() <= 254;
    if !ok {
        return Err(AppError::invalid(
            field,
            Text::new(Key::EmailMalformed).arg("text", t),
        ));
    }
    Ok(t.to_string())
}

/// An amount typed by a person, in the association's locale.
pub fn amount(
    field: Field,
    text: &str,
    currency: Currency,
    locale: &Locale,
    max: Amount,
) -> Result<Amount> {
    Amount::parse(text, currency, locale, max).map_err(|e| AppError::invalid(field, e.text))
}

/// An amount in a file: digits with a decimal point, no thousands separators ("1234.50").
/// `plain` is the "en" locale, parsed once by the caller.
pub fn plain_amount(
    field: Field,
    text: &str,
    currency: Currency,
    plain: &Locale,
    max: Amount,
) -> Result<Amount> {
    if text.contains(',') {
        return Err(AppError::invalid(
            field,
            Text::new(Key::AmountFileComma).arg("text", text.trim()),
        ));
    }
    amount(field, text, currency, plain, max)
}
