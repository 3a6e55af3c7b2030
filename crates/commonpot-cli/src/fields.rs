//! How the command spells each field of a request: the flag, the positional argument or the
//! environment variable it is given in. Refusals name a [`Field`]; this is where the command
//! turns it into what the person typed.

use std::borrow::Cow;

use commonpot_app::{AppError, Field};

/// The flag, argument or variable that gives `field`.
// Over 70 lines: a table, one arm per field; the compiler checks that none is missing.
pub fn spelling(field: Field) -> Cow<'static, str> {
    let fixed = match field {
        Field::Name => "--name",
        // The registry names each setting by its flag without the dashes.
        Field::Setting(setting) => return Cow::Owned(format!("--{}", setting.name())),
        Field::Currency => "--currency",
        Field::Locale => "--locale",
        Field::DeviceName => "--device-name",
        Field::MaxAmount => "--max-amount",
        Field::Email => "--email",
        Field::Number => "--number",
        Field::Joined => "--joined",
        Field::Title => "--title",
        Field::Goal => "--goal",
        Field::Deadline => "--deadline",
        Field::Description => "--description",
        Field::Status => "--status",
        Field::NewStatus => "STATUS",
        Field::Code => "--code",
        Field::Subject => "REF",
        Field::SubjectCollection => "COLLECTION",
        Field::SubjectEntry => "ENTRY_ID",
        Field::SubjectDecision => "DECISION",
        Field::Project => "--project",
        Field::Amount => "--amount",
        Field::Channel => "--channel",
        Field::Member => "--member",
        Field::Collector => "--collector",
        Field::Received => "--received",
        Field::Note => "--note",
        Field::EntryId => "--id",
        Field::Collection => "--collection",
        Field::Payee => "--payee",
        Field::Paid => "--paid",
        Field::Reason => "--reason",
        Field::From => "--from",
        Field::To => "--to",
        Field::Place => "--place",
        Field::Count => "--count",
        Field::Volunteer => "--volunteer",
        Field::By => "--by",
        Field::Date => "--date",
        Field::Attendees => "--attendees",
        Field::What => "--what",
        Field::Method => "--method",
        Field::Weights => "--weights",
        Field::WindowMonths => "--window-months",
        Field::Budget => "--budget",
        Field::Pool => "--pool",
        Field::Cap => "--cap",
        Field::Quorum => "--quorum",
        Field::Threshold => "--threshold",
        Field::Options => "--options",
        Field::At => "--at",
        Field::Vote => "--yes",
        Field::Approve => "--approve",
        Field::Choice => "--yes|--no|--abstain|--approve",
        Field::Pass => "--pass",
        Field::Paper => "--paper",
        Field::Rule => "--rule",
        Field::Year => "--year",
        Field::GeneratedAt => "--generated-at",
        Field::OutputFile => "--out",
        Field::InputFile => "FILE",
        Field::BooksFile => "--db",
        Field::Backup => "BACKUP",
        Field::BankProfile => "--csv",
        Field::ProfileName => "NAME",
        Field::Delimiter => "--delimiter",
        Field::Decimal => "--decimal",
        Field::DateFormat => "--date-format",
        Field::Columns => "--columns",
        Field::Encoding => "--encoding",
        Field::BankLine => "LINE_ID",
        Field::Confirm => "--confirm",
        Field::Passphrase => "COMMONPOT_PASSPHRASE",
        Field::Now => "COMMONPOT_NOW",
        Field::NewPassphrase => "COMMONPOT_NEW_PASSPHRASE",
        Field::DemoMembers => "--members",
        Field::DemoContributions => "--contributions",
    };
    Cow::Borrowed(fixed)
}

/// The error as the command prints it: the spelling of its field first, when it names one.
pub fn message(e: &AppError) -> String {
    match e.field() {
        Some(field) => format!("{}: {}", spelling(field), e.text()),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_own_spelling() {
        let mut seen = std::collections::HashMap::new();
        for field in Field::all() {
            if let Some(other) = seen.insert(spelling(field), field) {
                panic!("{field} and {other} are both spelled {}", spelling(field));
            }
        }
    }
}
