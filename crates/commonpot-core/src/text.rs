//! What the books say to people: every refusal and error message, and the name of every
//! setting, has a stable key, named arguments and an English wording. The command prints the English; the desktop app looks
//! the key up in its own catalogue (German, …) and fills in the same arguments, so a message
//! made here reads in the person's language there.
//!
//! Arguments are already formatted for the association (amounts in its locale); they are
//! names, numbers and the words a person typed, never sentences.

use std::fmt;

/// The hint that ends every refused amount.
macro_rules! write_like {
    ($what:literal) => {
        concat!(
            $what,
            "; write a positive amount in {currency} like {small} or {large}"
        )
    };
}

macro_rules! catalogue {
    ($($variant:ident = $key:literal => $english:expr,)+) => {
        /// Every message the books can give, by key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($variant),+ }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$variant),+];

            /// The stable key front ends translate by ("amount.negative").
            pub fn id(self) -> &'static str {
                match self { $(Key::$variant => $key),+ }
            }

            /// The English wording, with `{name}` where an argument goes.
            pub fn english(self) -> &'static str {
                match self { $(Key::$variant => $english),+ }
            }
        }
    };
}

catalogue! {
    // Amounts typed by a person.
    AmountEmpty = "amount.empty" => write_like!("no amount was given"),
    AmountNegative = "amount.negative" => write_like!(
        "\"{text}\" is negative; amounts are always positive (to take money back, reverse the entry)"
    ),
    AmountZero = "amount.zero" => write_like!("\"{text}\" is zero"),
    AmountExponent = "amount.exponent" => write_like!("\"{text}\" uses an exponent"),
    AmountNotANumber = "amount.not_a_number" => write_like!("\"{text}\" is not a number"),
    AmountSpace = "amount.space" => write_like!("\"{text}\" contains a space"),
    AmountCharacter = "amount.character" => write_like!("\"{text}\" contains \"{character}\""),
    AmountMalformed = "amount.malformed" => write_like!("\"{text}\" is not a well-formed amount"),
    AmountAmbiguous = "amount.ambiguous" => write_like!(
        "\"{text}\" is ambiguous: for thousands write {digits} or {padded}, for a fraction use \"{separator}\""
    ),
    AmountOneDecimal = "amount.one_decimal" => write_like!(
        "\"{text}\" has 1 decimal place but {currency} has none"
    ),
    AmountDecimals = "amount.decimals" => write_like!(
        "\"{text}\" has {found} decimal places but {currency} has {places}"
    ),
    AmountTooLarge = "amount.too_large" => write_like!(
        "\"{text}\" is more than the maximum single amount of {max} {currency}"
    ),
    AmountFileComma = "amount.file_comma" =>
        "\"{text}\" contains a comma; amounts in files use a point and no thousands separators, like 1234.50",

    // Association settings.
    LocaleMalformed = "locale.malformed" =>
        "\"{text}\" is not a locale; write a language tag such as en, en-GB, de-DE or fr-FR",
    LocaleUnsupported = "locale.unsupported" =>
        "the language of \"{text}\" is not supported; supported languages: {languages}",
    CurrencyUnknown = "currency.unknown" =>
        "\"{text}\" is not an ISO 4217 currency code; write three letters such as EUR, CHF or JPY",
    CurrencyNotMoney = "currency.not_money" =>
        "{text} has no minor units defined and cannot hold money amounts",
    IbanCountry = "iban.country" =>
        "\"{text}\" is not a valid IBAN: no country uses the IBAN prefix \"{country}\"; check it against a bank statement",
    IbanFormat = "iban.format" =>
        "\"{text}\" is not a valid IBAN: it should be two letters, two check digits and the account; check it against a bank statement",
    IbanChecksum = "iban.checksum" =>
        "\"{text}\" is not a valid IBAN: its check digits do not match, so a character is wrong; check it against a bank statement",
    IbanAccount = "iban.account" =>
        "\"{text}\" is not a valid IBAN: the account part does not have the shape {country} uses; check it against a bank statement",
    BicShape = "bic.shape" =>
        "\"{text}\" is not a BIC: write 8 or 11 letters and digits, such as GENODEF1M04 (bank, country, place, optional branch)",
    CreditorTooLong = "creditor.too_long" =>
        "the creditor name has {count} characters; payment codes allow at most 70",
    LanguageUnknown = "language.unknown" => "\"{text}\" is not one of: {languages}",
    DisclosureThreshold = "settings.disclosure_threshold" =>
        "\"{text}\" is not a number of contributors from 1 to 1000",
    FolderMissing = "folder.missing" => "the folder {path} does not exist",

    // The names of the association's settings and of the groups they are shown in, with the
    // hints beside the ones that need one (commonpot-app's settings registry names them).
    SettingLanguage = "setting.language" => "Language",
    SettingIban = "setting.iban" => "IBAN",
    SettingIbanHint = "setting.iban_hint" =>
        "The account members give to: payment codes and posters carry it.",
    SettingBic = "setting.bic" => "BIC",
    SettingCreditor = "setting.creditor" => "Account holder",
    SettingCreditorHint = "setting.creditor_hint" =>
        "The name the bank knows the account by, at most 70 characters; empty: the association’s name.",
    SettingDisclosureThreshold = "setting.disclosure_threshold" =>
        "Smallest group shown in public documents (contributors)",
    SettingDisclosureThresholdHint = "setting.disclosure_threshold_hint" =>
        "Counts and sums over fewer contributors than this are merged or left out, so no one’s gift can be worked out.",
    SettingReceiptText = "setting.receipt_text" => "Receipt text on member statements",
    SettingReceiptTextHint = "setting.receipt_text_hint" =>
        "Printed on a member’s statement so that it serves as a donation receipt; empty: none.",
    SettingBackupFolder = "setting.backup_folder" => "Backup folder",
    SettingBackupFolderHint = "setting.backup_folder_hint" =>
        "Empty: the backups folder in the app’s data folder.",
    SettingBackupsKept = "setting.backups_kept" => "Automatic backups kept",
    SettingBackupsKeptHint = "setting.backups_kept_hint" =>
        "Commonpot backs up when you close the window, at most once a day, and keeps this many of those copies (backups made with “Back up now” stay).",
    SectionPayments = "setting_section.payments" => "Bank account for payment codes",
    SectionStatements = "setting_section.statements" => "Printed statements",
    SectionBackups = "setting_section.backups" => "Backups",

    // Words with a fixed set of values.
    ChannelUnknown = "channel.unknown" => "\"{text}\" is not a channel; use one of: {words}",
    StatusUnknown = "status.unknown" => "\"{text}\" is not a project status; use one of: {words}",
    KindUnknown = "kind.unknown" => "\"{text}\" is not a kind of entry; use one of: {words}",

    // Printed reports.
    ReportPeriod = "report.period" => "the period ends ({to}) before it starts ({from})",
    ReportYear = "report.year" => "\"{text}\" is not a year; write four digits such as 2026",
    ReportBallotCount = "report.ballot_count" => "print 1 to {max} ballots, not {count}",
    ReportNoBallots = "report.no_ballots" =>
        "a quadratic matching round is decided by contributions; it has no ballots to print",
    ReportGeneralFund = "report.general_fund" =>
        "the general fund has no statement or poster of its own; give a project code",

    // Participation and decisions.
    WeightRuleUnknown = "weights.unknown" => "\"{text}\" is not a weight rule; use one of: {words}",
    WeightRuleMalformed = "weights.malformed" => "the weight rule is not valid: {reason}",
    WindowMonths = "weights.window" => "the window is 1 to {max} months",
    SelfReported = "participation.self_reported" =>
        "{member} cannot book their own participation; someone else records it",
    NoAttendees = "meeting.no_attendees" => "name at least one member who attended",
    AttendeeTwice = "meeting.attendee_twice" => "{member} is named twice",
    MethodUnknown = "decision.method_unknown" => "\"{text}\" is not a method; use one of: {words}",
    DecisionNeeds = "decision.needs" => "a {method} decision needs this",
    NotForMethod = "decision.not_for_method" => "a {method} decision does not take this",
    ShareMalformed = "decision.share" => "\"{text}\" is not a share between 0 and 1, such as 0.5 or 50%",
    ThresholdUnknown = "decision.threshold" => "\"{text}\" is not a threshold; use simple or two-thirds",
    GeneralFundOption = "decision.general_fund" => "the general fund cannot be an option; name projects",
    OptionTwice = "decision.option_twice" => "the project \"{reference}\" is named twice",
    NoOptions = "decision.no_options" =>
        "there is nothing to choose from: name the projects, or open some for contributions first",
    DecisionNotFound = "decision.not_found" => "no decision with the id \"{reference}\"",
    DecisionAmbiguous = "decision.ambiguous" =>
        "\"{reference}\" fits several decisions; give more characters of the id",
    DecisionAlreadyOpen = "decision.already_open" => "voting on this decision is already open",
    DecisionNotOpen = "decision.not_open" => "voting on this decision has not been opened",
    DecisionNotYetOpen = "decision.not_yet_open" => "voting opens at {at}",
    DecisionClosed = "decision.closed" => "voting on this decision is closed",
    BallotTwice = "ballot.twice" => "{member} has already voted on this decision",
    BallotNotEntitled = "ballot.not_entitled" =>
        "{member} was registered after voting opened and has no vote in this decision",
    BallotForMatching = "ballot.for_matching" =>
        "a quadratic matching round counts contributions, not ballots",
    BallotUnknownOption = "ballot.unknown_option" =>
        "\"{reference}\" is not an option of this decision; the options are {options}",
    PaperNumber = "paper.number" => "\"{text}\" is not a ballot number: up to 32 characters without spaces",
    PaperPass = "paper.pass" => "the entry is 1 (first volunteer) or 2 (second volunteer)",
    PaperPassTaken = "paper.pass_taken" => "paper ballot {paper} already has its entry {pass}",
    PaperCast = "paper.cast" => "paper ballot {paper} has already been counted",
    PaperUnknown = "paper.unknown" => "no paper ballot {paper} has been entered in this decision",
    PapersUnsettled = "paper.unsettled" =>
        "{count} paper ballots ({papers}) wait for their second entry or differ between their two; settle them first",
    BallotChoiceMissing = "ballot.choice_missing" => "the ballot makes no choice: yes, no, abstain, or the options approved",
    BallotWantsMotion = "ballot.wants_motion" => "a motion takes yes, no or abstain",
    BallotWantsApproval = "ballot.wants_approval" => "this decision takes the projects a member approves",

    // Text, dates and ids typed by a person.
    TextEmpty = "text.empty" => "must not be empty",
    TextTooLong = "text.too_long" => "is longer than {max} characters",
    TextControl = "text.control" => "contains control characters",
    EmailMalformed = "email.malformed" => "\"{text}\" is not an e-mail address such as name@example.org",
    DateMalformed = "date.malformed" =>
        "\"{text}\" is not a date; write it as YYYY-MM-DD, such as 2026-03-14",
    MomentMalformed = "moment.malformed" =>
        "\"{text}\" is not a date or time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM, such as 2026-03-14T10:30",
    InFuture = "moment.future" => "{when} is in the future",
    IdMalformed = "id.malformed" =>
        "\"{text}\" is not an id (a UUID such as 0190e4c2-7a3b-7c4d-8e5f-0123456789ab)",
    IdNil = "id.nil" => "the nil UUID cannot name an entry",

    // Members.
    MemberNumberShape = "member.number_shape" =>
        "\"{number}\" must be at most 32 characters without spaces",
    MemberNumberTaken = "member.number_taken" => "the member number \"{number}\" is already taken",
    MemberNotFound = "member.not_found" => "no member with the number or id \"{reference}\"",
    MemberAmbiguous = "member.ambiguous" =>
        "\"{reference}\" fits several members; give more characters of the id, or the member number",

    // Projects.
    ProjectCodeShape = "project.code_shape" =>
        "\"{code}\" is not a project code: 2 to 24 letters, digits or hyphens, starting with a letter",
    ProjectCodeGeneral = "project.code_general" => "\"{code}\" stands for the general fund",
    ProjectCodeTaken = "project.code_taken" => "the project code \"{code}\" is already taken",
    ProjectNotFound = "project.not_found" =>
        "no project with the code or id \"{reference}\" (\"{general}\" is the general fund)",
    ProjectAmbiguous = "project.ambiguous" => "\"{reference}\" fits several projects; give the project code",
    ProjectCancelled = "project.cancelled" =>
        "the project \"{project}\" is cancelled and takes no contributions",
    GeneralFundStatus = "project.general_fund_status" => "the general fund has no status",
    GeneralFundDetails = "project.general_fund_details" => "the general fund has no details to change",
    ExpenseNeedsProject = "expense.needs_project" => "expenses belong to a project; name its code",

    // Entries.
    EntryNotFound = "entry.not_found" => "no entry with the id \"{reference}\"",
    EntryAmbiguous = "entry.ambiguous" => "\"{reference}\" fits several entries; give more characters of the id",
    EntryConflict = "entry.conflict" =>
        "the contribution {id} is already recorded with a different {fields}; nothing was changed",
    EntryIdTaken = "entry.id_taken" => "{id} is already the id of another entry (a {kind})",
    ReversalOfReversal = "reversal.of_reversal" =>
        "{id} is itself a reversal and cannot be reversed; record the entry again instead",
    AlreadyReversed = "reversal.already" => "the {kind} {id} was already reversed by {by}",

    // Cash collections.
    CollectionNotFound = "collection.not_found" => "no cash collection with the id \"{reference}\"",
    CollectionAmbiguous = "collection.ambiguous" =>
        "\"{reference}\" fits several collections; give more characters of the id",
    CollectionClosed = "collection.closed" => "the collection at {place} is closed; open a new one",
    CollectionClosedMeanwhile = "collection.closed_meanwhile" =>
        "the collection was closed in the meantime; open a new one",
    CollectionAlreadyClosed = "collection.already_closed" => "this collection is already closed",
    UndoClosed = "collection.undo_closed" =>
        "the collection is closed; reverse entries from the ledger instead",
    UndoNothing = "collection.undo_nothing" => "nothing entered in this collection is left to undo",
    CountShape = "collection.count_shape" =>
        "\"{text}\" is not DENOMINATION=COUNT, such as 20=3 or 0,50=4",
    CountNotWhole = "collection.count_not_whole" =>
        "\"{count}\" in \"{text}\" is not a whole number of notes or coins",
    CashCountTooLarge = "collection.count_too_large" =>
        "the counted cash comes to more than {max}; check the counts",
    NotADenomination = "collection.not_denomination" => "{value} is not a note or coin of {currency}",
    CountDifference = "collection.difference" =>
        "counted {counted} but {entered} were entered, a difference of {difference}; explain it in a note to close the collection",

    // Files.
    FileTaken = "file.taken" => "{path} already holds the association \"{name}\"; choose another file",
    DemoFileExists = "file.demo_exists" => "{path} already exists; choose a new file for the demo association",
    DemoTooFewMembers = "demo.too_few_members" => "the demo needs at least {min} members",
    DemoTooManyContributions = "demo.too_many_contributions" => "at most {max}",
    CannotCreateFolder = "io.create_folder" => "cannot create the folder {path}: {reason}",
    CannotRead = "io.read" => "cannot read {path}: {reason}",
    FileTooLarge = "io.too_large" =>
        "{path} is larger than {limit} MB, more than any real file of its kind; nothing was read",
    FileInflatesTooLarge = "io.inflates_too_large" =>
        "{path} unpacks to more than {limit} MB, more than any real bundle or kit; nothing was read",
    CannotWrite = "io.write" => "cannot write {path}: {reason}",
    CannotMove = "io.move" => "cannot move the file into place at {path}: {reason}",
    OutputIsBooks = "output.is_books" =>
        "{path} is the books file itself (or one of SQLite's files beside it); name another file to write",
    OutputFolder = "output.folder" => "{path} is a folder; name a file to write",
    OutputLink = "output.link" =>
        "{path} is a symbolic link; name the file itself, so that nothing is written somewhere else",
    OutputSpecial = "output.special" =>
        "{path} is not an ordinary file (a device, pipe or socket); name a file to write",
    OutputOtherKind = "output.other_kind" =>
        "{path} holds something else, not a {kind} file; it is not replaced and nothing was written: choose a new file name",
    BackupOverOther = "output.backup_over_other" =>
        "{path} holds the books of \"{found}\", not of \"{name}\", and is not replaced; name a new file",

    // Imported files.
    ImportLine = "import.line" => "line {line}, field {field}: {problem}; nothing was imported",
    ImportHeader = "import.header" => "expected \"{expected}\", found \"{found}\"",
    ImportFieldCount = "import.field_count" => "has {found} fields, expected {expected}",
    ImportUnreadable = "import.unreadable" => "{detail}",
    ImportNotUtf8 = "import.not_utf8" => "is not UTF-8 text; save the file as UTF-8",
    ImportCancelled = "import.cancelled" => "the project \"{project}\" is cancelled",
    ImportConflict = "import.conflict" => "{id} is already recorded with a different {fields}",
    ImportIdTwice = "import.id_twice" => "{id} appears twice in this file",

    // Several laptops: kits, bundles and what an import found.
    SyncNotBundle = "sync.not_bundle" => "{path} is not a Commonpot bundle",
    SyncIsKit = "sync.is_kit" =>
        "{path} is a volunteer kit, not a bundle; open it on the volunteer's laptop with \"kit open\"",
    SyncNotKit = "sync.not_kit" => "{path} is not a Commonpot volunteer kit",
    SyncNewer = "sync.newer" =>
        "{path} was made by a newer Commonpot (format {found}, this version reads up to {known}); update Commonpot to read it",
    SyncDamaged = "sync.damaged" =>
        "{path} is damaged or incomplete (its checksum does not match); nothing was imported; copy it again from the laptop that made it",
    SyncUnreadable = "sync.unreadable" => "{path} cannot be read: {detail}; nothing was imported",
    SyncOtherAssociation = "sync.other_association" =>
        "{path} belongs to the association \"{name}\", not to this one; nothing was imported",
    SyncTampered = "sync.tampered" =>
        "{path} was changed after it was made (its signature does not match); nothing was imported",
    SyncOwnDevice = "sync.own_device" =>
        "{path} was made from this file (or a copy of it); nothing was imported",
    SyncBadEntry = "sync.bad_entry" =>
        "{path}, entry {index} ({kind} {id}): {field}: {problem}; nothing was imported",
    SyncNotInstant = "sync.not_instant" => "\"{text}\" is not an instant like 2026-05-01T10:00:00Z",
    SyncNotDate = "sync.not_date" => "\"{text}\" is not a date like 2026-05-01",
    SyncOutside = "sync.outside" => "{amount} is outside {low} to {high}",
    SyncNotSequence = "sync.not_sequence" => "{text} is not a sequence number",
    SyncNilId = "sync.nil_id" => "the nil UUID is no entry's id",
    SyncNotCount = "sync.not_count" => "\"{text}\" is not a cash count",
    SyncCountDiffers = "sync.count_differs" => "differs from the counts",
    SyncKitSetting = "sync.kit_setting" =>
        "{path}: the setting {setting}: {problem}; nothing was changed",
    SyncUnknownValue = "sync.unknown_value" => "\"{text}\" is not a value this field takes",
    SyncVolunteerImport = "sync.volunteer_import" =>
        "a volunteer laptop takes no bundles; the organiser's changes arrive as a fresh kit (kit open)",
    SyncOrganiserOnly = "sync.organiser_only" =>
        "this is a volunteer laptop; {what} is done on the organiser's laptop",
    SyncKitOnOrganiser = "sync.kit_on_organiser" =>
        "{path} holds the organiser's books; open the kit into a new file on the volunteer's laptop",
    SyncKitOtherAssociation = "sync.kit_other_association" =>
        "{path} holds the association \"{name}\"; this kit is for \"{kit}\"",
    SyncVolunteerNumber = "sync.volunteer_number" =>
        "member numbers are given on the organiser's laptop; register the member without one",
    SyncConflictContent = "sync.conflict_content" =>
        "the {kind} {id} is here with other content; the laptop's version was not applied",
    SyncConflictSeq = "sync.conflict_seq" =>
        "\"{device}\" numbered two entries {seq} ({id} and {other}); the second was not applied",
    SyncConflictMember = "sync.conflict_member" =>
        "member {member}: kept this file's \"{kept}\"; the laptop had \"{lost}\"",
    SyncConflictNumber = "sync.conflict_number" =>
        "member {member} brings the number {number}, which another member has here; not applied",
    SyncConflictProject = "sync.conflict_project" =>
        "project {code}: kept this file's details; the laptop had \"{lost}\"",
    SyncConflictClose = "sync.conflict_close" =>
        "the collection {collection} is closed here by another count; this count was not applied",
    SyncRefusedMember = "sync.refused_member" => "names a member this file does not have ({member})",
    SyncRefusedProject = "sync.refused_project" => "names a project this file does not have ({project})",
    SyncRefusedCollection = "sync.refused_collection" =>
        "was entered in a collection this file does not have ({collection})",
    SyncRefusedCancelled = "sync.refused_cancelled" =>
        "a gift of {amount} received {received} for {project}, which was cancelled on {since}",
    SyncRefusedTarget = "sync.refused_target" => "reverses {target}, which this file does not have",
    SyncRefusedReversed = "sync.refused_reversed" => "reverses {target}, which {by} reversed already",
    SyncRefusedBallotTwice = "sync.refused_ballot_twice" =>
        "a second ballot of {member} for \"{decision}\"; the first one counts",
    SyncRefusedBallotClosed = "sync.refused_ballot_closed" =>
        "a ballot of {member} for \"{decision}\", which closed on {closed}",
    SyncRefusedDecision = "sync.refused_decision" => "a ballot for a decision this file does not have ({decision})",
    SyncRefusedNotEntitled = "sync.refused_not_entitled" => "{member} may not vote on \"{decision}\"",
    SyncGap = "sync.gap" => "entries {from}–{to} from the laptop \"{device}\" are missing",

    // Bank statements, payment references and codes.
    // A CSV column profile's settings.
    BankProfileName = "bank.profile_name" => "a profile needs a name of 1 to 40 characters",
    BankDelimiter = "bank.delimiter" => "\"{text}\" is not one of ; , | : or tab",
    BankDecimalMark = "bank.decimal_mark" => "\"{text}\" is neither , nor .",
    BankDecimalIsDelimiter = "bank.decimal_is_delimiter" =>
        "the decimal mark cannot also separate the columns",
    BankDateFormat = "bank.date_format" =>
        "\"{text}\" does not read a whole date; write it like %d.%m.%Y or %Y-%m-%d",
    BankEncoding = "bank.encoding" => "\"{text}\" is neither utf-8 nor windows-1252",
    BankColumnShape = "bank.column_shape" => "\"{text}\" is not ROLE=NUMBER, like amount=4",
    BankColumnNumber = "bank.column_number" => "\"{text}\": columns are counted from 1",
    BankColumnRole = "bank.column_role" =>
        "\"{text}\" is not a column role; roles are date, amount, name, iban, text and ref",
    BankColumnTwice = "bank.column_twice" => "{role} is given twice",
    BankColumnNeeded = "bank.column_needed" => "{role}=N is needed",
    // A line of a CSV statement.
    BankCsvNotUtf8 = "bank.csv_not_utf8" => "this line is not UTF-8; is the file in windows-1252?",
    BankCsvUnreadable = "bank.csv_unreadable" => "not readable as CSV",
    BankCsvShort = "bank.csv_short" => "{count} columns, but the profile reads column {needed}",
    BankCsvDate = "bank.csv_date" => "\"{text}\" is not a date in the form {format}",
    BankCsvAmount = "bank.csv_amount" =>
        "\"{text}\" is not an amount with the decimal mark \"{mark}\"",
    BankCsvNoDate = "bank.csv_no_date" => "no line has a date in the form {format} in column {column}",
    // An element of a camt.053 statement.
    BankXml = "bank.xml" => "not well-formed XML: {detail}",
    BankNamespace = "bank.namespace" =>
        "the namespace \"{namespace}\" is not camt.053.001.02 to .{newest}",
    BankNoStatement = "bank.no_statement" => "the file holds no statement (Stmt)",
    BankMissing = "bank.missing" => "{element} is missing",
    BankCamtAmount = "bank.camt_amount" => "\"{text}\" is not an amount like 12.50 (a point, no sign)",
    BankCamtDate = "bank.camt_date" => "\"{text}\" is not a date like 2026-11-26",
    BankCreditDebit = "bank.credit_debit" => "\"{text}\" is neither CRDT nor DBIT",
    BankNoBalance = "bank.no_balance" =>
        "statement {statement} has no opening (OPBD) or closing (CLBD) balance",
    BankUnbalanced = "bank.unbalanced" =>
        "statement {statement}: opening {opening} + entries {entries} = {sum}, but the closing balance is {closing}",
    // Either kind of statement.
    BankAmountDigits = "bank.amount_digits" =>
        "\"{text}\" has more than {digits} digits before the decimal mark; no bank amount is that large",
    BankAmountRange = "bank.amount_range" => "\"{text}\" is out of range",
    BankProfileTaken = "bank.profile_taken" => "a CSV profile named \"{name}\" is saved already; choose another name",
    BankProfileUnknown = "bank.profile_unknown" =>
        "there is no CSV profile \"{name}\" (saved profiles: {names}); save one with \"bank profile add\"",
    BankRefusedCurrency = "bank.refused_currency" => "in {currency}; the books keep {books}",
    BankRefusedAmount = "bank.refused_amount" => "{amount} is not an amount in {currency}",
    BankLineNotFound = "bank.line_not_found" => "there is no bank line {line}; \"bank queue\" lists the waiting lines",
    BankLineDone = "bank.line_done" =>
        "bank line {line} is already entry {entry}; reverse that entry to assign the line again",
    BankLineAboveMax = "bank.line_above_max" =>
        "bank line {line} is {amount}, above the maximum single amount of {max}; nothing was assigned (if the amount is right, raise the maximum in the settings first)",
    BankDebitNeedsProject = "bank.debit_needs_project" =>
        "money paid out becomes an expense of a project; name the project",
    BankReferenceUnknown = "bank.reference_unknown" => "no project or member is \"{reference}\"",
    BankGeneralNeedsMember = "bank.general_needs_member" =>
        "the general fund's reference is a member's; name the member",
    BankNoIban = "bank.no_iban" =>
        "no payment code: the association's IBAN is not set (settings)",
    BankNotEuro = "bank.not_euro" => "no payment code: payment codes are for accounts in euro",
    BankCodeName = "bank.code_name" =>
        "no payment code: the account holder's name is empty or longer than 70 characters",
    BankCodeAmount = "bank.code_amount" =>
        "no payment code: a payment code carries an amount from 0.01 to 999999999.99 euro",
    BankImageFormat = "bank.image_format" => "{path}: the file name must end in .png or .svg",
    BankWhyReference = "bank.why_reference" => "reference {detail}",
    BankWhyIban = "bank.why_iban" => "account {detail}, confirmed before",
    BankWhyName = "bank.why_name" => "\"{detail}\" is a member's name",
    BankWhyNearName = "bank.why_near_name" =>
        "\"{detail}\" is like a member's name, but not the same; please check",
    BankWhySeveral = "bank.why_several" => "several references: {detail}",
    BankWhyProjectClosed = "bank.why_project_closed" => "the project {detail} is cancelled",
    BankWhyReversal = "bank.why_reversal" => "the bank reversed an earlier booking",
    BankWhyDebit = "bank.why_debit" => "money paid out; record it as an expense of a project",
    BankWhyNone = "bank.why_none" => "no reference, known account or member's name",
    BankWhyAssigned = "bank.why_assigned" => "assigned by hand",
    BankWhyAboveMax = "bank.why_above_max" =>
        "above the maximum single amount of {detail}; check it before assigning it",
    BankWhyEntryReversed = "bank.why_entry_reversed" => "its entry was reversed; assign it again",

    // Members' rights.
    EraseConfirm = "erase.confirm" =>
        "erasing {member} replaces their name and contact details for good and cannot be undone; confirm it",

    // Automatic backups.
    BackupsKept = "backup.kept" => "\"{text}\" is not a number of backups to keep (1 to 365)",

    // Restoring a backup.
    RestoreSame = "restore.same" => "{path} is the association file itself; name a backup copy",
    RestoreUnverified = "restore.unverified" =>
        "{path} fails verification ({problems} problems, the first: {first}); nothing was restored",
    RestoreProtection = "restore.protection" =>
        "{path} and this file differ in passphrase protection; nothing was restored (restore into a new file, then set or remove the passphrase)",
    RestoreOther = "restore.other" =>
        "{path} holds the association \"{found}\", this file \"{name}\"; nothing was restored (restore into a new file)",

    // Kits under a passphrase.
    SyncKitNeedsPassphrase = "sync.kit_needs_passphrase" =>
        "this association is protected by a passphrase, so its kits are too: give the kit a passphrase (at least 8 characters) and tell it to the volunteer",
    SyncKitLocked = "sync.kit_locked" =>
        "the kit {path} is protected by a passphrase; give it (the organiser who made the kit knows it)",
    SyncKitWrongPassphrase = "sync.kit_wrong_passphrase" =>
        "the passphrase does not open the kit {path}; nothing was changed",

    // Protecting the file with a passphrase.
    PassphraseAlreadySet = "passphrase.already_set" =>
        "{path} is already protected by a passphrase; use \"passphrase change\" or \"passphrase remove\"",
    PassphraseNotSet = "passphrase.not_set" => "{path} is not protected by a passphrase",
    PassphraseTooShort = "passphrase.too_short" =>
        "a passphrase needs at least {min} characters; nothing was changed",
    PassphraseSame = "passphrase.same" => "the new passphrase is the old one; nothing was changed",
    PassphraseMismatch = "passphrase.mismatch" =>
        "the two passphrases typed differ; nothing was changed",
    PassphraseNeeded = "passphrase.needed" =>
        "{what} is needed: type it at a terminal, or set {variable} for a script",

    // The association file.
    NothingOpen = "store.nothing_open" => "no association is open; create one or open a file first",
    StoreMissing = "store.missing" =>
        "{path} does not exist; create an association first, or choose another file",
    StoreNotSqlite = "store.not_sqlite" => "{path} is not a Commonpot file (not an SQLite database)",
    StoreLocked = "store.locked" =>
        "{path} is protected by a passphrase (or is not a Commonpot file); give the passphrase",
    StoreWrongPassphrase = "store.wrong_passphrase" =>
        "the passphrase does not open {path} (or it is not a Commonpot file); nothing was changed",
    StoreInUse = "store.in_use" =>
        "{path} is open in another window or process; close it there and try again",
    StoreDiskFull = "store.disk_full" =>
        "the disk is full; nothing of this change was saved. Free some space and try again",
    StoreIo = "store.io" =>
        "the disk reported an error ({detail}); nothing of this change was saved",
    StoreForeignTables = "store.foreign_tables" =>
        "this file is not a Commonpot file (it holds tables that Commonpot did not make)",
    StoreTooNew = "store.too_new" =>
        "this file was written by a newer Commonpot (schema {found}, this version knows up to {known}); update Commonpot to open it",
    StoreNoAssociation = "store.no_association" => "this file holds no association yet; create one first",
    StoreReadOnly = "store.read_only" =>
        "{path} is read-only (a backup on read-only media?): it can be read, summarised and verified but not changed; copy it somewhere writable to work in it",
    StoreAlreadyInitialised = "store.already_initialised" => "this file already holds the association \"{name}\"",
    StoreAmountOutOfBounds = "store.amount_out_of_bounds" =>
        "an amount of this change is zero, negative or above {max} whole units, which no association accepts; nothing of this change was saved",
    StoreTotalOutOfBounds = "store.total_out_of_bounds" =>
        "this change would carry the money raised or spent past {max} minor units, more than the books can hold; nothing of this change was saved",
    StoreUnknownReference = "store.unknown_reference" => "no {what} in this file",
    StoreDamaged = "store.damaged" => "the stored data is damaged: {detail}; check the file with verify",
    StoreSqlite = "store.sqlite" => "{detail}",
}

/// A message: its key and arguments. Shown in English by `Display`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub key: Key,
    pub args: Vec<(&'static str, String)>,
    /// The message inside this one, said where its `{problem}` is ("line 4, field amount:
    /// {problem}"): a front end translates it as a message of its own.
    pub problem: Option<Box<Text>>,
}

impl Text {
    pub fn new(key: Key) -> Text {
        Text {
            key,
            args: Vec::new(),
            problem: None,
        }
    }

    /// Puts `inner` where this message's `{problem}` is. The English of `inner` rides along
    /// as the argument `problem` too, for a front end that shows only arguments.
    pub fn problem(mut self, inner: Text) -> Text {
        self.args.push(("problem", inner.to_string()));
        self.problem = Some(Box::new(inner));
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Text {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `template` with every `{name}` replaced by the argument of that name; a placeholder
    /// without an argument stays as it is.
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if is_name(name) => {
                    match self.get(name) {
                        Some(value) => out.push_str(value),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The placeholders of a template, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fill(self.key.english()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_dotted() {
        let mut seen = HashSet::new();
        for key in Key::ALL {
            assert!(seen.insert(key.id()), "{} twice", key.id());
            let (group, name) = key.id().split_once('.').expect("group.name");
            assert!(is_name(group) && is_name(name), "{}", key.id());
        }
    }

    #[test]
    fn arguments_fill_their_placeholders() {
        let t = Text::new(Key::CountDifference)
            .arg("counted", "10,00")
            .arg("entered", "12,50")
            .arg("difference", "-2,50");
        assert_eq!(
            t.to_string(),
            "counted 10,00 but 12,50 were entered, a difference of -2,50; explain it in a note to close the collection"
        );
        assert_eq!(
            placeholders(Key::CountDifference.english()),
            ["counted", "entered", "difference"]
        );
    }

    #[test]
    fn a_missing_argument_stays_visible_and_braces_in_values_are_kept() {
        let t = Text::new(Key::InFuture);
        assert_eq!(t.to_string(), "{when} is in the future");
        let t = Text::new(Key::EmailMalformed).arg("text", "{when}");
        assert_eq!(
            t.to_string(),
            "\"{when}\" is not an e-mail address such as name@example.org"
        );
        assert_eq!(
            Text::new(Key::StoreSqlite)
                .arg("detail", "a { b")
                .to_string(),
            "a { b"
        );
    }
}
