//! What a person fills in, named by what it means. A refusal names the [`Field`] it is
//! about; each front end maps it to its own spelling: the command to a flag (`--amount`),
//! the desktop to the form field beside which it shows the message. No front end's spelling
//! lives here.

use serde::Serialize;

use crate::settings::Setting;

macro_rules! fields {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// One value a request carries, as the person knows it. Its name (kebab-case, such
        /// as `"max-amount"`) is the stable name the desktop receives.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum Field {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
            /// A setting of the association, named as the settings registry names it.
            #[serde(untagged)]
            Setting(Setting),
        }

        impl Field {
            /// Every field, the settings last, in the order declared.
            pub fn all() -> impl Iterator<Item = Field> {
                [$(Field::$variant,)*]
                    .into_iter()
                    .chain(Setting::ALL.iter().map(|&setting| Field::Setting(setting)))
            }

            /// The stable name: what the desktop receives.
            pub fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                    Field::Setting(setting) => setting.name(),
                }
            }
        }
    };
}

fields! {
    // The association and this laptop.
    Name = "name",
    Currency = "currency",
    Locale = "locale",
    DeviceName = "device-name",
    MaxAmount = "max-amount",
    // Members and projects.
    Email = "email",
    Number = "number",
    Joined = "joined",
    Title = "title",
    Goal = "goal",
    Deadline = "deadline",
    Description = "description",
    Status = "status",
    /// The status a project is to move to.
    NewStatus = "new-status",
    Code = "code",
    /// The member, project or line a request is about, named by its reference.
    Subject = "subject",
    /// The collection a request is about.
    SubjectCollection = "subject-collection",
    /// The entry a request is about (to reverse it).
    SubjectEntry = "subject-entry",
    /// The decision a request is about.
    SubjectDecision = "subject-decision",
    // Entries and collections.
    Project = "project",
    Amount = "amount",
    Channel = "channel",
    Member = "member",
    Collector = "collector",
    Received = "received",
    Note = "note",
    /// The id a new entry is to carry, or the id of an entry to reverse.
    EntryId = "entry-id",
    Collection = "collection",
    Payee = "payee",
    Paid = "paid",
    Reason = "reason",
    From = "from",
    To = "to",
    Place = "place",
    /// A counted denomination of a cash count.
    Count = "count",
    Volunteer = "volunteer",
    // Meetings and decisions.
    By = "by",
    Date = "date",
    Attendees = "attendees",
    What = "what",
    Method = "method",
    Weights = "weights",
    WindowMonths = "window-months",
    Budget = "budget",
    Pool = "pool",
    Cap = "cap",
    Quorum = "quorum",
    Threshold = "threshold",
    Options = "options",
    At = "at",
    /// A member's yes, no or abstention on a motion.
    Vote = "vote",
    /// The options a member approves.
    Approve = "approve",
    /// Whichever choice a ballot makes (a vote or approvals).
    Choice = "choice",
    Pass = "pass",
    Paper = "paper",
    /// The rule that turns participation into weight.
    Rule = "rule",
    // Reports and files.
    Year = "year",
    GeneratedAt = "generated-at",
    /// A file to be written (a report, a backup, an export).
    OutputFile = "output-file",
    /// A file to be read (a bundle, a statement).
    InputFile = "input-file",
    /// The association's file itself.
    BooksFile = "books-file",
    /// A backup to restore.
    Backup = "backup",
    /// A bank's CSV layout, by its saved name.
    BankProfile = "bank-profile",
    /// The name a new CSV layout is saved under, and its settings.
    ProfileName = "profile-name",
    Delimiter = "delimiter",
    Decimal = "decimal",
    DateFormat = "date-format",
    Columns = "columns",
    Encoding = "encoding",
    /// A bank statement line, by its number in the queue.
    BankLine = "bank-line",
    /// The explicit consent an irreversible change asks for.
    Confirm = "confirm",
    Passphrase = "passphrase",
    /// The moment the clock is fixed at, for tests and reproducible outputs.
    Now = "now",
    NewPassphrase = "new-passphrase",
    DemoMembers = "demo-members",
    DemoContributions = "demo-contributions",
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn names_are_unique_kebab_case_and_what_serde_writes() {
        let mut seen = std::collections::HashSet::new();
        for field in Field::all() {
            let name = field.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.split('-')
                    .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase())),
                "{name} is not kebab-case"
            );
            assert_eq!(serde_json::to_value(field).unwrap(), name);
            assert_eq!(field.to_string(), name);
        }
    }
}
