//! Money through the bank: CSV column profiles, importing the bank's statement files
//! (camt.053 or CSV) into contributions matched to project and member, the review queue for
//! what could not be matched, and the payment references and codes members pay with.
//!
//! An import reads and checks the whole file (every statement must add up from its opening
//! to its closing balance) before one transaction writes anything. Each line is matched in
//! order: a known payment reference in its remittance text; else the counterparty's account,
//! confirmed by a person before; else the counterparty's name, when it is exactly one
//! member's and no other member's name is near it. Everything else waits in the queue, with
//! the reason and, where there is one, a suggestion.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use commonpot_bank::epc::{self, EpcError, EpcPayment};
use commonpot_bank::lines::{BankFile, BankLine};
use commonpot_bank::names::{self, Likeness};
use commonpot_bank::{
    CreditorReference, Profile, ProfileOption, find_known, parse_camt053, parse_csv,
};
use commonpot_core::payment::{Bic, Iban};
use commonpot_core::{
    Amount, Channel, Contribution, Currency, EntryId, Expense, Key, MemberId, ProjectId,
    ProjectStatus, Text,
};
use commonpot_store::bank::{
    self as bank_store, BankLineRecord, Counterparty, LineState, NewBankLine, ProfileRecord,
    StatementRecord,
};
use commonpot_store::{self as store, ProjectKey, Write};

use crate::books::{Books, Env};
use crate::settings::{Setting, SettingsOf};
use crate::{AppError, Field, Money, Result};

/// How a bank file is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankFormat {
    Camt,
    /// A CSV export read with the saved profile of this name.
    Csv(String),
}

/// A line of the file that was not taken in, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedLine {
    pub position: String,
    pub reason: Text,
}

/// A line new to the books and what the import made of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedLine {
    pub position: String,
    pub booking_date: NaiveDate,
    /// How much; a debit is negative.
    pub amount: Money,
    /// Whether money came in.
    pub credit: bool,
    pub counterparty: String,
    pub matched: bool,
    pub project: Option<String>,
    pub member: Option<String>,
    pub why: Text,
}

/// One statement of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementSummary {
    pub id: String,
    pub account: String,
    pub opening: Option<Money>,
    pub closing: Option<Money>,
    pub closing_date: Option<NaiveDate>,
    pub lines: u64,
}

/// What an import did, or would do with `--dry-run`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankImportReport {
    pub matched: u64,
    pub queued: u64,
    pub known: u64,
    pub refused: u64,
    pub dry_run: bool,
    pub statements: Vec<StatementSummary>,
    pub refused_lines: Vec<RefusedLine>,
    /// The first lines new to the books ([`LINES_SHOWN`] at most).
    pub lines: Vec<ImportedLine>,
}

/// How many of an import's new lines its report lists.
pub const LINES_SHOWN: usize = 500;

/// The bank account as the bank last stated it, beside the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankOverview {
    pub accounts: Vec<AccountLine>,
    /// Money received minus money spent, as the ledger has it.
    pub ledger_balance: Money,
    pub matched: i64,
    pub queued: i64,
    pub assigned: i64,
    pub last_import: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLine {
    pub account: String,
    pub balance: Money,
    pub date: NaiveDate,
    pub statement_id: String,
}

/// A bank line as the queue and the matched list show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLine {
    pub id: i64,
    pub file: String,
    pub statement_id: String,
    pub position: String,
    pub booking_date: NaiveDate,
    /// How much; a debit is negative.
    pub amount: Money,
    /// Whether money came in.
    pub credit: bool,
    pub counterparty: String,
    pub counterparty_iban: String,
    pub remittance: String,
    pub bank_reference: String,
    /// Matched, queued for review, or assigned by a person; a line whose entry was reversed
    /// waits again.
    pub state: LineState,
    pub why: Text,
    /// Code and title of the suggested (or chosen) project.
    pub project: Option<(String, String)>,
    /// Number or id, and name of the suggested (or chosen) member.
    pub member: Option<(String, String)>,
    pub entry: Option<EntryId>,
}

/// What a payment reference stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentReference {
    pub reference: String,
    /// In groups of four, as printed.
    pub grouped: String,
    /// Code and title; none for a member's gift to the general fund.
    pub project: Option<(String, String)>,
    pub member: Option<String>,
}

/// What a reference found in a remittance text stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Gift {
        project: Option<ProjectId>,
        member: Option<MemberId>,
    },
    /// Two projects or members share this reference: it names neither.
    Shared,
}

struct ProjectInfo {
    code: String,
    cancelled: bool,
}

/// Everything matching consults, read once per import.
struct Matcher {
    references: HashMap<String, Target>,
    counterparties: HashMap<String, Counterparty>,
    projects: HashMap<ProjectId, ProjectInfo>,
    members: Vec<(MemberId, String, String)>,
    member_names: HashMap<MemberId, String>,
    /// Members by each word of their normalized name: the candidates for a name.
    by_word: HashMap<String, Vec<usize>>,
    /// What each counterparty name matched, remembered for the next line with that name.
    by_name: HashMap<String, NameMatch>,
}

#[derive(Clone, Debug)]
enum NameMatch {
    One(MemberId),
    /// A member whose name is near (or one of several with the same name): a person decides.
    Near(Option<MemberId>),
    None,
}

/// What became of one line.
struct Outcome {
    state: LineState,
    reason: &'static str,
    detail: String,
    project: Option<ProjectId>,
    member: Option<MemberId>,
    /// Counterparty account to remember for this member (a reference that names one).
    remember: bool,
}

impl Outcome {
    fn queued(reason: &'static str, detail: impl Into<String>) -> Outcome {
        Outcome {
            state: LineState::Queued,
            reason,
            detail: detail.into(),
            project: None,
            member: None,
            remember: false,
        }
    }
}

impl Matcher {
    fn load(conn: &store::Connection, currency: Currency) -> Result<Matcher> {
        let mut references: HashMap<String, Target> = HashMap::new();
        let mut add = |reference: CreditorReference, target: Target| {
            references
                .entry(reference.to_string())
                .and_modify(|t| {
                    if *t != target {
                        *t = Target::Shared;
                    }
                })
                .or_insert(target);
        };
        let projects = store::projects(conn, currency)?;
        let members = store::members(conn)?;
        let tokens: Vec<(MemberId, String)> = members
            .iter()
            .map(|m| {
                (
                    m.id,
                    CreditorReference::member_token(m.number.as_deref(), &m.id.to_string()),
                )
            })
            .collect();
        for p in &projects {
            let project = Some(p.project.id);
            add(
                CreditorReference::for_project(&p.project.code),
                Target::Gift {
                    project,
                    member: None,
                },
            );
            for (member, token) in &tokens {
                add(
                    CreditorReference::for_member(Some(&p.project.code), token),
                    Target::Gift {
                        project,
                        member: Some(*member),
                    },
                );
            }
        }
        for (member, token) in &tokens {
            add(
                CreditorReference::for_member(None, token),
                Target::Gift {
                    project: None,
                    member: Some(*member),
                },
            );
        }
        let members: Vec<(MemberId, String, String)> = members
            .into_iter()
            .map(|m| {
                let normalized = names::normalize(&m.name);
                (m.id, m.name, normalized)
            })
            .collect();
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, _, name)) in members.iter().enumerate() {
            for word in name.split(' ').filter(|w| !w.is_empty()) {
                by_word.entry(word.to_string()).or_default().push(i);
            }
        }
        Ok(Matcher {
            references,
            counterparties: bank_store::counterparties(conn)?,
            projects: projects
                .into_iter()
                .map(|p| {
                    (
                        p.project.id,
                        ProjectInfo {
                            code: p.project.code,
                            cancelled: p.project.status == ProjectStatus::Cancelled,
                        },
                    )
                })
                .collect(),
            member_names: members.iter().map(|m| (m.0, m.1.clone())).collect(),
            members,
            by_word,
            by_name: HashMap::new(),
        })
    }

    fn by_name(&mut self, counterparty: &str) -> NameMatch {
        let normalized = names::normalize(counterparty);
        if normalized.is_empty() {
            return NameMatch::None;
        }
        if let Some(found) = self.by_name.get(&normalized) {
            return found.clone();
        }
        let mut same = Vec::new();
        let mut near = Vec::new();
        // Only members who share a word with the name can be the same or near.
        let mut candidates: Vec<usize> = normalized
            .split(' ')
            .filter_map(|word| self.by_word.get(word))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for (id, _, name) in candidates.into_iter().map(|i| &self.members[i]) {
            match names::compare(&normalized, name) {
                Likeness::Same => same.push(*id),
                Likeness::Near => near.push(*id),
                Likeness::Different => {}
            }
        }
        let found = match (same.as_slice(), near.as_slice()) {
            ([one], []) => NameMatch::One(*one),
            ([one, ..], _) => NameMatch::Near(Some(*one)),
            ([], [one]) => NameMatch::Near(Some(*one)),
            ([], [_, _, ..]) => NameMatch::Near(None),
            ([], []) => NameMatch::None,
        };
        self.by_name.insert(normalized, found.clone());
        found
    }

    /// Matches a credit: reference, then remembered account, then name.
    fn credit(&mut self, line: &BankLine) -> Outcome {
        if line.reversal {
            return Outcome::queued("reversal", "");
        }
        let found: Vec<(String, Target)> = find_known(&line.remittance, &self.references)
            .into_iter()
            .map(|(r, t)| (r.to_string(), *t))
            .collect();
        let iban = line.counterparty_iban.as_str();
        let remembered = (!iban.is_empty())
            .then(|| self.counterparties.get(iban).cloned())
            .flatten();
        let (project, member, reason, detail) = match found.as_slice() {
            [] => {
                if let Some(cp) = remembered.as_ref() {
                    (cp.project, cp.member, "iban", iban.to_string())
                } else {
                    match self.by_name(&line.counterparty) {
                        NameMatch::One(member) => {
                            (None, Some(member), "name", line.counterparty.clone())
                        }
                        NameMatch::Near(suggested) => {
                            let mut o = Outcome::queued("near_name", line.counterparty.clone());
                            o.member = suggested;
                            return o;
                        }
                        NameMatch::None => return Outcome::queued("none", ""),
                    }
                }
            }
            [(reference, Target::Gift { project, member })] => {
                let member = match member {
                    Some(m) => Some(*m),
                    None => remembered.as_ref().and_then(|cp| cp.member).or(
                        match self.by_name(&line.counterparty) {
                            NameMatch::One(m) => Some(m),
                            _ => None,
                        },
                    ),
                };
                (*project, member, "reference", reference.to_string())
            }
            several => {
                let list: Vec<&str> = several.iter().map(|(r, _)| r.as_str()).collect();
                return Outcome::queued("several", list.join(", "));
            }
        };
        if let Some(p) = project
            && self.projects.get(&p).is_some_and(|info| info.cancelled)
        {
            let mut o = Outcome::queued("project_closed", self.projects[&p].code.clone());
            o.project = Some(p);
            o.member = member;
            return o;
        }
        let names_member = reason == "reference"
            && matches!(
                found.as_slice(),
                [(
                    _,
                    Target::Gift {
                        member: Some(_),
                        ..
                    }
                )]
            );
        Outcome {
            state: LineState::Matched,
            reason,
            detail,
            project,
            member,
            remember: names_member && !iban.is_empty(),
        }
    }
}

/// Why a line was matched or queued, in words.
pub(crate) fn why(reason: &str, detail: &str) -> Text {
    let key = match reason {
        "reference" => Key::BankWhyReference,
        "iban" => Key::BankWhyIban,
        "name" => Key::BankWhyName,
        "near_name" => Key::BankWhyNearName,
        "several" => Key::BankWhySeveral,
        "project_closed" => Key::BankWhyProjectClosed,
        "reversal" => Key::BankWhyReversal,
        "debit" => Key::BankWhyDebit,
        "assigned" => Key::BankWhyAssigned,
        "above_max" => Key::BankWhyAboveMax,
        _ => Key::BankWhyNone,
    };
    Text::new(key).arg("detail", detail)
}

/// A booking date as the instant of a contribution: noon UTC that day, or now if earlier.
fn received_at(date: NaiveDate, now: DateTime<Utc>) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"))
        .and_utc()
        .min(now)
}

fn new_entry_id(env: &mut Env, now: DateTime<Utc>) -> EntryId {
    EntryId::from_uuid((env.new_id)(now))
}

impl Books {
    // ----- profiles -----

    /// Saves a CSV column profile under a new name.
    pub fn add_bank_profile(
        &mut self,
        name: &str,
        delimiter: &str,
        decimal: &str,
        date_format: &str,
        columns: &str,
        encoding: Option<&str>,
    ) -> Result<Profile> {
        self.organiser_only("importing bank statements")?;
        let profile = Profile::new(name, delimiter, decimal, date_format, columns, encoding)
            .map_err(|e| AppError::invalid(profile_field(e.option), e.text))?;
        if bank_store::profile(self.store().conn(), &profile.name)?.is_some() {
            return Err(AppError::refused_at(
                Field::ProfileName,
                Text::new(Key::BankProfileTaken).arg("name", &profile.name),
            ));
        }
        let now = self.now();
        let record = profile_record(&profile);
        self.parts().0.write(|w| w.add_profile(&record, now))?;
        Ok(profile)
    }

    pub fn bank_profiles(&self) -> Result<Vec<Profile>> {
        bank_store::profiles(self.store().conn())?
            .iter()
            .map(profile_from_record)
            .collect()
    }

    fn bank_profile(&self, name: &str) -> Result<Profile> {
        match bank_store::profile(self.store().conn(), name)? {
            Some(record) => profile_from_record(&record),
            None => {
                let names: Vec<String> = bank_store::profiles(self.store().conn())?
                    .into_iter()
                    .map(|p| p.name)
                    .collect();
                Err(AppError::not_found_at(
                    Field::BankProfile,
                    Text::new(Key::BankProfileUnknown)
                        .arg("name", name.trim())
                        .arg(
                            "names",
                            if names.is_empty() {
                                "-".into()
                            } else {
                                names.join(", ")
                            },
                        ),
                ))
            }
        }
    }

    // ----- import -----

    /// Reads a bank file whole, checks every statement against its balances, and takes its
    /// lines in: lines already imported are counted as known, credits matched to project and
    /// member become contributions (channel transfer), everything else waits in the queue.
    pub fn import_bank_file(
        &mut self,
        path: &Path,
        format: &BankFormat,
        dry_run: bool,
    ) -> Result<BankImportReport> {
        self.organiser_only("importing bank statements")?;
        let bytes = crate::limits::read(path, crate::limits::BANK_FILE_MAX)?;
        let (file, format_word) = match format {
            BankFormat::Camt => (read_camt(&bytes)?, "camt".to_string()),
            BankFormat::Csv(name) => {
                let profile = self.bank_profile(name)?;
                let lines = parse_csv(&bytes, &profile).map_err(|e| AppError::ImportLine {
                    line: e.line,
                    field: e.column,
                    text: e.text,
                })?;
                let format = format!("csv:{}", profile.name);
                (BankFile::from_csv(&profile.name, lines), format)
            }
        };
        let association = self.association().clone();
        let currency = association.currency;
        let now = self.now();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let money = |a: Amount| Money::of(a, currency, &association.locale);
        let balance = |minor: i64| money(Amount::from_minor(minor, currency));
        let (store, env) = self.parts();
        let work = |w: &mut Write<'_>| -> Result<BankImportReport> {
            let mut matcher = Matcher::load(w, currency)?;
            let mut report = BankImportReport {
                dry_run,
                ..BankImportReport::default()
            };
            let mut statement_keys = Vec::new();
            for s in &file.statements {
                let to_minor = |d: commonpot_core::Decimal| {
                    Amount::from_decimal(d, currency).map(|a| a.to_minor(currency))
                };
                let opening = s
                    .opening
                    .as_ref()
                    .and_then(|b| Some((to_minor(b.amount)?, b.date)));
                let closing = s
                    .closing
                    .as_ref()
                    .and_then(|b| Some((to_minor(b.amount)?, b.date)));
                let key = w.insert_statement(&StatementRecord {
                    imported_at: now,
                    file: file_name.clone(),
                    format: format_word.clone(),
                    statement_id: s.id.clone(),
                    account: s.account.clone(),
                    opening,
                    closing,
                    lines: 0,
                    new_lines: 0,
                })?;
                statement_keys.push((key, 0i64, 0i64));
                report.statements.push(StatementSummary {
                    id: s.id.clone(),
                    account: s.account.clone(),
                    opening: opening.map(|o| balance(o.0)),
                    closing: closing.map(|c| balance(c.0)),
                    closing_date: closing.map(|c| c.1),
                    lines: 0,
                });
            }
            for (line, identity) in file.lines.iter().zip(file.identities()) {
                let counts = &mut statement_keys[line.statement];
                counts.1 += 1;
                report.statements[line.statement].lines += 1;
                if bank_store::line_known(w, &identity)? {
                    report.known += 1;
                    continue;
                }
                let line_currency = line
                    .currency
                    .clone()
                    .or_else(|| file.statements[line.statement].currency.clone());
                if let Some(c) = line_currency.filter(|c| c != currency.code()) {
                    report.refused += 1;
                    report.refused_lines.push(RefusedLine {
                        position: line.position.clone(),
                        reason: Text::new(Key::BankRefusedCurrency)
                            .arg("currency", c)
                            .arg("books", currency.code()),
                    });
                    continue;
                }
                let Some(amount) = Amount::from_decimal(line.amount, currency)
                    .filter(|a| !a.is_zero() && !a.is_negative())
                else {
                    report.refused += 1;
                    report.refused_lines.push(RefusedLine {
                        position: line.position.clone(),
                        reason: Text::new(Key::BankRefusedAmount)
                            .arg("amount", line.amount)
                            .arg("currency", currency.code()),
                    });
                    continue;
                };
                let mut outcome = if line.credit {
                    matcher.credit(line)
                } else {
                    Outcome::queued("debit", "")
                };
                // A credit above the maximum single amount may be a typing error at the bank
                // or a forged file: it waits for a person, with what it would have matched.
                if outcome.state == LineState::Matched && amount > association.max_amount {
                    let mut held = Outcome::queued("above_max", money(association.max_amount).text);
                    held.project = outcome.project;
                    held.member = outcome.member;
                    outcome = held;
                }
                let entry = if outcome.state == LineState::Matched {
                    let c = Contribution {
                        id: new_entry_id(env, now),
                        project: outcome.project,
                        member: outcome.member,
                        amount,
                        channel: Channel::Transfer,
                        received_at: received_at(line.booking_date, now),
                        collector: None,
                        note: bank_note(&line.bank_reference, &file_name, &line.position),
                        collection: None,
                    };
                    let meta = w.next_meta(now)?;
                    w.insert_contribution(&c, &meta)?;
                    report.matched += 1;
                    counts.2 += 1;
                    Some(c.id)
                } else {
                    report.queued += 1;
                    counts.2 += 1;
                    None
                };
                let key = w.insert_bank_line(
                    counts.0,
                    &NewBankLine {
                        identity,
                        position: line.position.clone(),
                        booking_date: line.booking_date,
                        amount_minor: amount.to_minor(currency),
                        credit: line.credit,
                        reversal: line.reversal,
                        counterparty: line.counterparty.clone(),
                        counterparty_iban: line.counterparty_iban.clone(),
                        remittance: line.remittance.clone(),
                        bank_reference: line.bank_reference.clone(),
                        state: outcome.state,
                        reason: outcome.reason.to_string(),
                        detail: outcome.detail.clone(),
                        suggested_project: outcome.project,
                        suggested_member: outcome.member,
                        entry,
                    },
                )?;
                if outcome.remember {
                    let who = Counterparty {
                        member: outcome.member,
                        project: outcome.project,
                        line: Some(key),
                    };
                    w.remember_counterparty(&line.counterparty_iban, &who, now)?;
                    matcher
                        .counterparties
                        .insert(line.counterparty_iban.clone(), who);
                }
                if report.lines.len() < LINES_SHOWN {
                    report.lines.push(ImportedLine {
                        position: line.position.clone(),
                        booking_date: line.booking_date,
                        amount: signed(money(amount), currency, line.credit),
                        credit: line.credit,
                        counterparty: line.counterparty.clone(),
                        matched: entry.is_some(),
                        project: outcome
                            .project
                            .and_then(|p| matcher.projects.get(&p))
                            .map(|p| p.code.clone()),
                        member: outcome
                            .member
                            .and_then(|m| matcher.member_names.get(&m))
                            .cloned(),
                        why: why(outcome.reason, &outcome.detail),
                    });
                }
            }
            for (key, lines, new_lines) in statement_keys {
                w.set_statement_counts(key, lines, new_lines)?;
            }
            Ok(report)
        };
        if dry_run {
            store.rehearse(work)
        } else {
            store.write(work)
        }
    }

    // ----- queue -----

    /// Lines that wait for a person, oldest first.
    pub fn bank_queue(&self) -> Result<Vec<QueueLine>> {
        bank_store::queue(self.store().conn())?
            .into_iter()
            .map(|l| Ok(self.queue_line(l)))
            .collect()
    }

    /// The latest lines that became entries.
    pub fn bank_matched(&self, limit: u32) -> Result<Vec<QueueLine>> {
        bank_store::recent_matched(self.store().conn(), i64::from(limit))?
            .into_iter()
            .map(|l| Ok(self.queue_line(l)))
            .collect()
    }

    fn queue_line(&self, l: BankLineRecord) -> QueueLine {
        let a = self.association();
        let size = Amount::from_minor(l.amount_minor, a.currency);
        let amount = signed(Money::of(size, a.currency, &a.locale), a.currency, l.credit);
        let (state, why) = if l.entry_reversed {
            (LineState::Queued, Text::new(Key::BankWhyEntryReversed))
        } else {
            (l.state, self::why(&l.reason, &l.detail))
        };
        QueueLine {
            id: l.key,
            file: l.file,
            statement_id: l.statement_id,
            position: l.position,
            booking_date: l.booking_date,
            amount,
            credit: l.credit,
            counterparty: l.counterparty,
            counterparty_iban: l.counterparty_iban,
            remittance: l.remittance,
            bank_reference: l.bank_reference,
            state,
            why,
            project: l.suggested_project.map(|(_, code, title)| (code, title)),
            member: l.suggested_member.map(|(id, name)| (id.to_string(), name)),
            entry: l.entry,
        }
    }

    /// A person says what a waiting line is: a credit becomes a contribution (transfer) to
    /// `project` (or the general fund) from `member`; a debit an expense of `project`. With
    /// `remember`, later transfers from the same account go to the same member and project.
    pub fn assign_bank_line(
        &mut self,
        line: &str,
        project: &str,
        member: Option<&str>,
        remember: bool,
    ) -> Result<EntryId> {
        self.organiser_only("assigning bank lines")?;
        let key: i64 = line.trim().parse().map_err(|_| {
            AppError::invalid(
                Field::BankLine,
                Text::new(Key::BankLineNotFound).arg("line", line.trim()),
            )
        })?;
        let Some(record) = bank_store::line(self.store().conn(), key)? else {
            return Err(AppError::not_found_at(
                Field::BankLine,
                Text::new(Key::BankLineNotFound).arg("line", key),
            ));
        };
        if record.state != LineState::Queued && !record.entry_reversed {
            return Err(AppError::refused_at(
                Field::BankLine,
                Text::new(Key::BankLineDone).arg("line", key).arg(
                    "entry",
                    record.entry.map(|e| e.to_string()).unwrap_or_default(),
                ),
            ));
        }
        let project = match self.find_project(Field::Project, project)? {
            ProjectKey::GeneralFund => None,
            ProjectKey::Project(id) => {
                if store::project_status(self.store().conn(), id)? == Some(ProjectStatus::Cancelled)
                {
                    return Err(AppError::refused_at(
                        Field::Project,
                        Text::new(Key::ProjectCancelled).arg("project", project.trim()),
                    ));
                }
                Some(id)
            }
        };
        let member = member
            .map(|m| self.find_member(Field::Member, m))
            .transpose()?;
        let a = self.association();
        let currency = a.currency;
        let amount = Amount::from_minor(record.amount_minor, currency);
        if amount > a.max_amount {
            return Err(AppError::refused_at(
                Field::BankLine,
                Text::new(Key::BankLineAboveMax)
                    .arg("line", key)
                    .arg("amount", a.locale.format_money(amount, currency))
                    .arg("max", a.locale.format_money(a.max_amount, currency)),
            ));
        }
        let now = self.now();
        let note = bank_note(&record.bank_reference, &record.file, &record.position);
        let (store, env) = self.parts();
        let id = new_entry_id(env, now);
        let at = received_at(record.booking_date, now);
        store.write(|w| -> Result<()> {
            let meta = w.next_meta(now)?;
            if record.credit {
                let c = Contribution {
                    id,
                    project,
                    member,
                    amount,
                    channel: Channel::Transfer,
                    received_at: at,
                    collector: None,
                    note,
                    collection: None,
                };
                w.insert_contribution(&c, &meta)?;
            } else {
                let Some(project) = project else {
                    return Err(AppError::invalid(
                        Field::Project,
                        Text::new(Key::BankDebitNeedsProject),
                    ));
                };
                let payee = if record.counterparty.is_empty() {
                    record.position.clone()
                } else {
                    record.counterparty.clone()
                };
                let e = Expense {
                    id,
                    project,
                    amount,
                    payee,
                    paid_on: record.booking_date,
                    note,
                };
                w.insert_expense(&e, &meta)?;
            }
            w.assign_line(key, id, project, member)?;
            if remember && record.credit && !record.counterparty_iban.is_empty() && member.is_some()
            {
                let who = Counterparty {
                    member,
                    project,
                    line: Some(key),
                };
                w.remember_counterparty(&record.counterparty_iban, &who, now)?;
            }
            Ok(())
        })?;
        Ok(id)
    }

    /// The bank's last stated balance of each account beside the ledger's balance.
    pub fn bank_overview(&self) -> Result<BankOverview> {
        let a = self.association();
        let money = |amount: Amount| Money::of(amount, a.currency, &a.locale);
        let conn = self.store().conn();
        let summary = store::summary(conn, a.currency)?;
        let (matched, queued, assigned, last_import) = bank_store::line_counts(conn)?;
        Ok(BankOverview {
            accounts: bank_store::balances(conn)?
                .into_iter()
                .map(|b| AccountLine {
                    account: b.account,
                    balance: money(Amount::from_minor(b.closing_minor, a.currency)),
                    date: b.date,
                    statement_id: b.statement_id,
                })
                .collect(),
            ledger_balance: money(summary.balance()),
            matched,
            queued,
            assigned,
            last_import,
        })
    }

    // ----- references and payment codes -----

    /// The payment reference of a project (by code), a member (by number or id), or a
    /// member's gifts to a project (`reference` the project, `member` the member).
    pub fn payment_reference(
        &self,
        reference: &str,
        member: Option<&str>,
    ) -> Result<PaymentReference> {
        let conn = self.store().conn();
        let project = match store::find_project(conn, reference)? {
            store::Found::One(id) => Some(id),
            store::Found::Several => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::ProjectAmbiguous).arg("reference", reference.trim()),
                ));
            }
            store::Found::None => None,
        };
        let general = reference
            .trim()
            .eq_ignore_ascii_case(crate::books::GENERAL_FUND);
        let member = match (project, member, general) {
            (_, Some(m), _) => Some(self.find_member(Field::Member, m)?),
            (None, None, false) => match store::find_member(conn, reference)? {
                store::Found::One(id) => Some(id),
                _ => {
                    return Err(AppError::not_found_at(
                        Field::Subject,
                        Text::new(Key::BankReferenceUnknown).arg("reference", reference.trim()),
                    ));
                }
            },
            (None, None, true) => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::BankGeneralNeedsMember),
                ));
            }
            (Some(_), None, _) => None,
        };
        let project = match project {
            Some(id) => Some(self.project(id)?.project),
            None => None,
        };
        let member = member.map(|id| self.member(id)).transpose()?;
        let reference = match (&project, &member) {
            (Some(p), None) => CreditorReference::for_project(&p.code),
            (p, Some(m)) => CreditorReference::for_member(
                p.as_ref().map(|p| p.code.as_str()),
                &CreditorReference::member_token(m.number.as_deref(), &m.id.to_string()),
            ),
            (None, None) => unreachable!("a project or a member was found"),
        };
        Ok(PaymentReference {
            grouped: reference.grouped(),
            reference: reference.to_string(),
            project: project.map(|p| (p.code, p.title)),
            member: member.map(|m| m.name),
        })
    }

    /// The EPC payment code (GiroCode) for a reference, as an SVG document for the screen.
    pub fn payment_code_svg(
        &self,
        reference: &PaymentReference,
        amount: Option<&str>,
    ) -> Result<String> {
        Ok(commonpot_report::qr_svg(
            &self.code_payload(reference, amount)?,
        ))
    }

    /// Writes the payment code to `out`, PNG or SVG by its name; returns its size in bytes.
    pub fn save_payment_code(
        &self,
        reference: &PaymentReference,
        amount: Option<&str>,
        out: &Path,
    ) -> Result<usize> {
        let extension = out
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let kind = match extension.as_str() {
            "svg" => crate::OutputKind::Svg,
            _ => crate::OutputKind::Png,
        };
        self.check_output(Field::OutputFile, out, kind)?;
        let bytes = match extension.as_str() {
            "svg" => commonpot_report::qr_svg(&self.code_payload(reference, amount)?).into_bytes(),
            "png" => commonpot_report::qr_png(&self.code_payload(reference, amount)?),
            _ => {
                return Err(AppError::invalid(
                    Field::OutputFile,
                    Text::new(Key::BankImageFormat).arg("path", out.display()),
                ));
            }
        };
        self.write_output(Field::OutputFile, out, kind, &bytes)?;
        Ok(bytes.len())
    }

    fn code_payload(&self, reference: &PaymentReference, amount: Option<&str>) -> Result<String> {
        let amount = amount
            .map(|a| self.parse_amount(Field::Amount, a))
            .transpose()?;
        let reference = CreditorReference::parse(&reference.reference).map_err(|_| {
            AppError::invalid(
                Field::Subject,
                Text::new(Key::BankReferenceUnknown).arg("reference", &reference.reference),
            )
        })?;
        self.payment_payload(&reference, amount)
    }
}

/// Why there is no payment code.
pub(crate) enum NoCode {
    Iban,
    Euro,
    /// The account holder's name does not fit the code.
    Name,
    /// The amount is outside what a code carries.
    Amount,
}

impl Books {
    /// The account holder's name as a payment code carries it: the creditor name from the
    /// settings, else the association's name, cut to what the code allows.
    pub fn account_holder(&self) -> String {
        let a = self.association();
        let name = a.settings.text(Setting::Creditor).unwrap_or(&a.name);
        name.chars().take(epc::NAME_MAX).collect()
    }

    /// The association's IBAN in groups of four, as people copy it from a poster; refused
    /// while the settings have none.
    pub fn account_iban(&self) -> Result<String> {
        match self.association().settings.text(Setting::Iban) {
            Some(iban) => Ok(commonpot_core::payment::in_fours(iban)),
            None => Err(AppError::refused(Text::new(Key::BankNoIban))),
        }
    }

    /// The EPC payment for a reference, with its payload: the association's IBAN, BIC and
    /// account holder (its name when none is set).
    pub(crate) fn epc_payment(
        &self,
        reference: CreditorReference,
        amount: Option<Amount>,
    ) -> std::result::Result<(EpcPayment, String), NoCode> {
        let a = self.association();
        let iban = a
            .settings
            .text(Setting::Iban)
            .and_then(|i| Iban::parse(i).ok())
            .ok_or(NoCode::Iban)?;
        let name = self.account_holder();
        let payment = EpcPayment {
            bic: a
                .settings
                .text(Setting::Bic)
                .and_then(|b| Bic::parse(b).ok()),
            name,
            iban,
            amount,
            reference,
        };
        match payment.payload(a.currency) {
            Ok(payload) => Ok((payment, payload)),
            Err(EpcError::Currency(_)) => Err(NoCode::Euro),
            Err(EpcError::Name) => Err(NoCode::Name),
            Err(EpcError::Amount) => Err(NoCode::Amount),
        }
    }

    fn payment_payload(
        &self,
        reference: &CreditorReference,
        amount: Option<Amount>,
    ) -> Result<String> {
        self.epc_payment(reference.clone(), amount)
            .map(|(_, payload)| payload)
            .map_err(|e| {
                AppError::refused(match e {
                    NoCode::Iban => Text::new(Key::BankNoIban),
                    NoCode::Euro => Text::new(Key::BankNotEuro),
                    NoCode::Name => Text::new(Key::BankCodeName),
                    NoCode::Amount => Text::new(Key::BankCodeAmount),
                })
            })
    }
}

/// A line's amount: its `size` as it came in, or taken out with a minus.
fn signed(size: Money, currency: Currency, credit: bool) -> Money {
    if credit {
        size
    } else {
        let minor = size.value.to_minor(currency);
        Money {
            value: Amount::from_minor(-minor, currency),
            text: format!("−{}", size.text),
        }
    }
}

fn bank_note(bank_reference: &str, file: &str, position: &str) -> String {
    if bank_reference.is_empty() {
        format!("bank: {file}, {position}")
    } else {
        format!("bank: {bank_reference}")
    }
}

/// A camt.053 file read whole, every statement checked against its balances.
fn read_camt(bytes: &[u8]) -> Result<BankFile> {
    let text = std::str::from_utf8(bytes).map_err(|e| AppError::ImportLine {
        line: commonpot_bank::line_at(bytes, e.valid_up_to()),
        field: "encoding".into(),
        text: Text::new(Key::ImportNotUtf8),
    })?;
    let camt_error = |e: commonpot_bank::CamtError| AppError::ImportLine {
        line: u64::from(e.line),
        field: format!("<{}>", e.element),
        text: e.text,
    };
    let statements = parse_camt053(text).map_err(camt_error)?;
    for s in &statements {
        s.reconcile().map_err(camt_error)?;
    }
    Ok(BankFile::from_camt(statements))
}

fn profile_record(p: &Profile) -> ProfileRecord {
    ProfileRecord {
        name: p.name.clone(),
        delimiter: if p.delimiter == b'\t' {
            "tab".into()
        } else {
            char::from(p.delimiter).to_string()
        },
        decimal: char::from(p.decimal).to_string(),
        date_format: p.date_format.clone(),
        encoding: p.encoding.as_str().into(),
        columns: p.columns.spec(),
    }
}

fn profile_from_record(r: &ProfileRecord) -> Result<Profile> {
    Profile::new(
        &r.name,
        &r.delimiter,
        &r.decimal,
        &r.date_format,
        &r.columns,
        Some(&r.encoding),
    )
    .map_err(|e| {
        AppError::Store(store::StoreError::Damaged(format!(
            "the saved bank profile \"{}\": {e}",
            r.name
        )))
    })
}

/// The request's field a column profile's option is given in.
fn profile_field(option: ProfileOption) -> Field {
    match option {
        ProfileOption::Name => Field::ProfileName,
        ProfileOption::Delimiter => Field::Delimiter,
        ProfileOption::Decimal => Field::Decimal,
        ProfileOption::DateFormat => Field::DateFormat,
        ProfileOption::Columns => Field::Columns,
        ProfileOption::Encoding => Field::Encoding,
    }
}
