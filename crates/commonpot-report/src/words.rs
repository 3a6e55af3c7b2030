//! Every word the printed documents say, in each language they are printed in: one line per
//! word, English first. Messages of the books (refusals, errors) are in commonpot-core's
//! catalogue; these are the documents' labels, headings and sentences.

use crate::Lang;

macro_rules! words {
    ($($name:ident => $en:expr, $de:expr;)+) => {
        /// A word or sentence of the printed documents.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Word { $($name),+ }

        impl Word {
            pub const ALL: &'static [Word] = &[$(Word::$name),+];

            /// The word in `lang`.
            pub fn in_lang(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Word::$name, Lang::En) => $en, (Word::$name, Lang::De) => $de,)+
                }
            }
        }
    };
}

words! {
    PageOf => "Page {page} of {pages}",
        "Seite {page} von {pages}";
    GeneratedLedgerOfEntriesDigest => "Generated {time} · ledger of {count} entries · digest {digest}",
        "Erstellt {time} · Journal mit {count} Buchungen · Prüfsumme {digest}";
    NotShownFewerThanGivers => "not shown (fewer than {n} givers)",
        "nicht gezeigt (weniger als {n} Gebende)";
    PaidOn => "Paid on",
        "Bezahlt am";
    Project => "Project",
        "Projekt";
    Payee => "Payee",
        "Empfänger";
    Note => "Note",
        "Notiz";
    Amount => "Amount",
        "Betrag";
    Total => "Total",
        "Summe";
    FundingStatement => "Funding statement",
        "Finanzbericht";
    PeriodTo => "Period {from} to {to}",
        "Zeitraum {from} bis {to}";
    MoneyInThePeriod => "Money in the period",
        "Geld im Zeitraum";
    BalanceAtTheStart => "Balance at the start",
        "Bestand zu Beginn";
    MoneyIn => "Money in",
        "Einnahmen";
    MoneyOut => "Money out",
        "Ausgaben";
    BalanceAtTheEnd => "Balance at the end",
        "Bestand am Ende";
    Projects => "Projects",
        "Projekte";
    EverythingBookedUpToGivers => "Everything booked up to {time}. Givers are members who gave, counted once per project; anonymous cash counts once per gift.",
        "Alles bis {time} Gebuchte. Gebende sind Mitglieder, die gegeben haben, je Projekt einmal gezählt; anonymes Bargeld zählt je Gabe.";
    Goal => "Goal",
        "Ziel";
    Raised => "Raised",
        "Gesammelt";
    Spent => "Spent",
        "Ausgegeben";
    Balance => "Balance",
        "Bestand";
    Givers => "Givers",
        "Gebende";
    Progress => "Progress",
        "Fortschritt";
    NoProjectsYet => "No projects yet.",
        "Noch keine Projekte.";
    ContributionsInThePeriodBy => "Contributions in the period by channel",
        "Beiträge im Zeitraum nach Weg";
    Channel => "Channel",
        "Weg";
    Gifts => "Gifts",
        "Gaben";
    ExpensesInThePeriod => "Expenses in the period",
        "Ausgaben im Zeitraum";
    NoExpensesInThisPeriod => "No expenses in this period.",
        "Keine Ausgaben in diesem Zeitraum.";
    DecisionsClosedInThePeriod => "Decisions closed in the period",
        "Im Zeitraum abgeschlossene Entscheidungen";
    NoDecisionWasClosedIn => "No decision was closed in this period.",
        "In diesem Zeitraum wurde keine Entscheidung abgeschlossen.";
    NoOption => "No option.",
        "Keine Option.";
    Weight => "Weight",
        "Gewicht";
    Members => "Members",
        "Mitglieder";
    OpenCashCollections => "Open cash collections",
        "Offene Bargeldsammlungen";
    Opened => "Opened",
        "Geöffnet";
    Collector => "Collector",
        "Sammelnde Person";
    Place => "Place",
        "Ort";
    Entered => "Entered",
        "Erfasst";
    NoCollectionIsOpen => "No collection is open.",
        "Keine Sammlung ist offen.";
    AccountHolder => "Account holder",
        "Kontoinhaber";
    Reference => "Reference",
        "Verwendungszweck (Referenz)";
    ProjectStatement => "Project statement",
        "Projektbericht";
    Project2 => "project",
        "Projekt";
    FundingSoFar => "Funding so far",
        "Finanzierung bisher";
    ContributionsByMonthAndChannel => "Contributions by month and channel",
        "Beiträge nach Monat und Weg";
    Month => "Month",
        "Monat";
    NoContributionsYet => "No contributions yet.",
        "Noch keine Beiträge.";
    ThisStatementNamesNoOne => "This statement names no one and shows no one's gift. “·” marks a figure over fewer than {n} givers, and a figure from which one could be worked out; “–” means nothing was given.",
        "Dieser Bericht nennt niemanden und zeigt keine einzelne Gabe. „·“ steht für eine Zahl über weniger als {n} Gebende und für eine, aus der sie sich errechnen ließe; „–“ heißt, es wurde nichts gegeben.";
    Expenses => "Expenses",
        "Ausgaben";
    NoExpensesYet => "No expenses yet.",
        "Noch keine Ausgaben.";
    GiveToThisProject => "Give to this project",
        "Für dieses Projekt geben";
    ScanTheCodeWithYour => "Scan the code with your banking app, or transfer with the reference below.",
        "Scannen Sie den Code mit Ihrer Banking-App oder überweisen Sie mit der Referenz unten.";
    StatementOfContributions => "Statement of contributions",
        "Beitragsbescheinigung";
    Member => "Member",
        "Mitglied";
    MemberNumber => "Member number",
        "Mitgliedsnummer";
    YourPaymentReference => "Your payment reference",
        "Ihre Zahlungsreferenz";
    Contributions => "Contributions",
        "Beiträge";
    Date => "Date",
        "Datum";
    NoContributionsInThisYear => "No contributions in this year.",
        "Keine Beiträge in diesem Jahr.";
    Participation => "Participation",
        "Mitwirkung";
    MeetingsAttended => "Meetings attended",
        "Besuchte Versammlungen";
    VolunteerShifts => "Volunteer shifts",
        "Helferschichten";
    MonthsWithAContribution => "Months with a contribution",
        "Monate mit einem Beitrag";
    ParticipationPoints => "Participation points",
        "Mitwirkungspunkte";
    WeightInVotes => "Weight in votes",
        "Stimmgewicht";
    Receipt => "Receipt",
        "Bestätigung";
    PlaceDate => "Place, date",
        "Ort, Datum";
    SignatureFor => "Signature for {name}",
        "Unterschrift für {name}";
    DataHeldAboutAMember => "Data held about a member",
        "Gespeicherte Daten eines Mitglieds";
    CashCountSheet => "Cash count sheet",
        "Zählprotokoll Bargeld";
    Collection => "collection",
        "Sammlung";
    Closed => "Closed",
        "Abgeschlossen";
    StillOpen => "still open",
        "noch offen";
    TheCollectionIsStillOpen => "The collection is still open: write the counts on this sheet, then enter them when closing the collection.",
        "Die Sammlung ist noch offen: Tragen Sie die gezählten Stück hier ein und geben Sie sie beim Abschließen der Sammlung ein.";
    CashCounted => "Cash counted",
        "Gezähltes Bargeld";
    Denomination => "Denomination",
        "Stückelung";
    Count => "Count",
        "Anzahl";
    Sum => "Sum",
        "Summe";
    Counted => "Counted",
        "Gezählt";
    ContributionsEntered => "Contributions entered",
        "Erfasste Beiträge";
    Time => "Time",
        "Zeit";
    GivenBy => "Given by",
        "Gegeben von";
    NothingEnteredYet => "Nothing entered yet.",
        "Noch nichts erfasst.";
    CountAgainstEntries => "Count against entries",
        "Zählung gegen Erfassung";
    Difference => "Difference",
        "Differenz";
    NoteOnTheDifference => "Note on the difference",
        "Erklärung der Differenz";
    CountedByNameSignature => "Counted by (name, signature)",
        "Gezählt von (Name, Unterschrift)";
    Ballot => "Ballot",
        "Stimmzettel";
    NoOfDecision => "No. {n} of {count} · decision {id}",
        "Nr. {n} von {count} · Entscheidung {id}";
    PaymentPoster => "Payment poster",
        "Spendenplakat";
    RaisedSoFar => "{raised} raised so far",
        "{raised} bisher gesammelt";
    ScanWithYourBankingApp => "Scan with your banking app",
        "Mit der Banking-App scannen";
    Proposed => "proposed",
        "vorgeschlagen";
    OpenForContributions => "open for contributions",
        "offen für Beiträge";
    Funded => "funded",
        "finanziert";
    Done => "done",
        "abgeschlossen";
    Cancelled => "cancelled",
        "abgesagt";
    NoPaymentCodeTheAssociation => "No payment code: the association's IBAN is not set (Settings).",
        "Kein Zahlungscode: Die IBAN des Vereins ist nicht eingetragen (Einstellungen).";
    NoPaymentCodePaymentCodes => "No payment code: payment codes are for accounts in euro.",
        "Kein Zahlungscode: Zahlungscodes gibt es nur für Konten in Euro.";
    NoPaymentCodeName => "No payment code: the account holder's name is empty or longer than 70 characters.",
        "Kein Zahlungscode: Der Name des Kontoinhabers ist leer oder länger als 70 Zeichen.";
    NoPaymentCodeAmount => "No payment code: a payment code carries an amount from 0.01 to 999,999,999.99 euro.",
        "Kein Zahlungscode: Ein Zahlungscode trägt einen Betrag von 0,01 bis 999.999.999,99 Euro.";
    GeneralFund => "General fund",
        "Allgemeine Kasse";
    Motion => "Motion",
        "Antrag";
    BudgetByWeightedApproval => "Budget, by weighted approval",
        "Budget nach gewichteter Zustimmung";
    BudgetMethodOfEqualShares => "Budget, Method of Equal Shares",
        "Budget nach der Methode der gleichen Anteile";
    QuadraticMatching => "Quadratic matching",
        "Quadratische Verdopplung";
    Closed2 => "Closed",
        "Abgeschlossen am";
    Ballots => "{n} ballots",
        "{n} Stimmzettel";
    Yes => "yes",
        "ja";
    No => "no",
        "nein";
    Choice => "Choice",
        "Wahl";
    WeightedVotes => "Weighted votes",
        "Gewichtete Stimmen";
    Yes2 => "Yes",
        "Ja";
    No2 => "No",
        "Nein";
    Abstain => "Abstain",
        "Enthaltung";
    TwoThirdsMajority => "two-thirds majority",
        "Zweidrittelmehrheit";
    SimpleMajority => "simple majority",
        "einfache Mehrheit";
    Passed => "Passed",
        "Angenommen";
    NotPassed => "Not passed",
        "Nicht angenommen";
    WeightedTurnout => "weighted turnout",
        "gewichtete Beteiligung";
    Quorum => "quorum",
        "Quorum";
    Met => "met",
        "erreicht";
    NotMet => "not met",
        "nicht erreicht";
    Cost => "Cost",
        "Kosten";
    WeightedApproval => "Weighted approval",
        "Gewichtete Zustimmung";
    Funded2 => "Funded",
        "Gefördert";
    Budget => "Budget",
        "Budget";
    Allocated => "allocated",
        "vergeben";
    Funded3 => "funded",
        "gefördert";
    Contributed => "Contributed",
        "Beiträge";
    Match => "Match",
        "Zuschuss";
    Pool => "Pool",
        "Topf";
    NotAllocated => "not allocated",
        "nicht vergeben";
    Weights => "Weights:",
        "Gewichte:";
    MembersWereEntitledToVote => "{n} members were entitled to vote; their weights were fixed when voting opened.",
        "{n} Mitglieder waren stimmberechtigt; ihre Gewichte wurden bei Eröffnung der Abstimmung festgelegt.";
    WeightUnderTheAssociationS => "Weight under the association's default rule, {rule}, from the points of the twelve months before {day}: one per meeting attended, per volunteer shift and per month with a contribution.",
        "Gewicht nach der Standardregel des Vereins, {rule}, aus den Punkten der zwölf Monate vor dem {day}: je einer pro besuchter Versammlung, Helferschicht und Monat mit einem Beitrag.";
    Anonymous => "anonymous",
        "anonym";
    MarkOneBoxYesNo => "Mark one box: yes, no or abstain.",
        "Kreuzen Sie ein Feld an: ja, nein oder Enthaltung.";
    MarkEveryProjectYouWant => "Mark every project you want funded; the budget goes to the most supported.",
        "Kreuzen Sie jedes Projekt an, das gefördert werden soll; das Budget geht an die meistunterstützten.";
    Budget2 => "Budget:",
        "Budget:";
    VotesAreWeightedByParticipation => "Votes are weighted by participation, not by money: {rule}, from each member's points (meetings attended, volunteer shifts, months with a contribution). Weights are fixed when voting opens.",
        "Stimmen werden nach Mitwirkung gewichtet, nicht nach Geld: {rule}, aus den Punkten jedes Mitglieds (besuchte Versammlungen, Helferschichten, Monate mit Beitrag). Die Gewichte stehen bei Eröffnung der Abstimmung fest.";
    None => "None.",
        "Keine.";
    Name => "Name",
        "Name";
    EMail => "E-mail",
        "E-Mail";
    MemberSince => "Member since",
        "Mitglied seit";
    IdInTheBooks => "Id in the books",
        "Kennung in den Büchern";
    RegisteredOnTheLaptop => "Registered on the laptop",
        "Erfasst auf dem Laptop";
    ReversedBy => "reversed by",
        "storniert durch";
    Contribution => "Contribution",
        "Beitrag";
    Expense => "Expense",
        "Ausgabe";
    Reversal => "Reversal",
        "Storno";
    LedgerLinesNamingTheMember => "Ledger lines naming the member",
        "Buchungen, die das Mitglied nennen";
    Kind => "Kind",
        "Art";
    CashCollectionsCollected => "Cash collections collected",
        "Gesammelte Bargeldsammlungen";
    Opened2 => "Opened",
        "Eröffnet";
    Meeting => "Meeting",
        "Versammlung";
    What => "What",
        "Was";
    BallotsCast => "Ballots cast",
        "Abgegebene Stimmen";
    Decision => "Decision",
        "Entscheidung";
    Cast => "Cast",
        "Abgegeben";
    BankLinesFromTheMember => "Bank lines from the member",
        "Bankbuchungen des Mitglieds";
    Booked => "Booked",
        "Gebucht";
    Iban => "IBAN",
        "IBAN";
    Text => "Text",
        "Verwendungszweck";
    AccountsRememberedAsTheMember => "Accounts remembered as the member's",
        "Als die des Mitglieds gemerkte Konten";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .filter(|name| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_word_says_the_same_placeholders_in_each_language() {
        for word in Word::ALL {
            let en = word.in_lang(Lang::En);
            let de = word.in_lang(Lang::De);
            assert!(!en.trim().is_empty() && !de.trim().is_empty(), "{word:?}");
            assert_eq!(placeholders(en), placeholders(de), "{word:?}: {en} / {de}");
        }
    }
}
