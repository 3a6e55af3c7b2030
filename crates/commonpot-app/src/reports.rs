//! Printed documents: each use case reads what its document shows, formats it for the
//! association's locale and language, and returns the PDF bytes from commonpot-report.
//! Writing them to a file is the front end's part.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use commonpot_bank::CreditorReference;

use crate::bank::NoCode;
use crate::settings::Setting;
use commonpot_core::collection::denominations;
use commonpot_core::disclosure;

use commonpot_core::tally::Threshold;
use commonpot_core::weights::WeightRule;
use commonpot_core::{Amount, Channel, Decimal, EntryKind, Key, ProjectStatus, Text};
use commonpot_report::{self as report, Lang, Meta, Paper, Public};
use commonpot_store::reports as store;
use commonpot_store::{LedgerFilter, ProjectKey};

use crate::books::Books;
use crate::decisions::DecisionMethod;
use crate::{AppError, Field, Result, input};
use commonpot_report::Word;

/// The most ballots one document holds.
pub const BALLOTS_MAX: u32 = 1000;

/// How a document is printed.
#[derive(Clone, Debug, Default)]
pub struct PrintOptions {
    pub paper: Paper,
    /// The moment printed as the generation time (YYYY-MM-DDTHH:MM, UTC); now when absent.
    /// Fixing it makes the document the same bytes each time.
    pub generated_at: Option<String>,
}

impl Books {
    fn lang(&self) -> Lang {
        let locale = &self.association().locale;
        Lang::for_language(
            self.setting_text(Setting::Language)
                .unwrap_or(locale.language()),
        )
    }

    fn money(&self, minor: i64) -> String {
        let a = self.association();
        a.locale
            .format_money(Amount::from_minor(minor, a.currency), a.currency)
    }

    pub(crate) fn amount_text(&self, amount: Amount) -> String {
        let a = self.association();
        a.locale.format_money(amount, a.currency)
    }

    /// An amount a result keeps as a decimal with the currency's decimals, printed as money.
    fn plain_money(&self, value: Decimal) -> String {
        let currency = self.association().currency;
        Amount::from_decimal(value, currency)
            .map_or_else(|| self.decimal_text(value), |a| self.amount_text(a))
    }

    /// A share (0.4733) as a percentage ("47,33 %").
    fn percent_text(&self, share: Decimal) -> String {
        let percent = (share * Decimal::ONE_HUNDRED).round_dp(2).normalize();
        format!("{}\u{a0}%", self.decimal_text(percent))
    }

    /// A decimal such as a weight (2.732) with the locale's decimal separator.
    fn decimal_text(&self, value: Decimal) -> String {
        value.to_string().replace(
            '.',
            &self.association().locale.decimal_separator().to_string(),
        )
    }

    fn status_text(&self, status: ProjectStatus) -> String {
        match status {
            ProjectStatus::Proposed => self.say(Word::Proposed),
            ProjectStatus::Open => self.say(Word::OpenForContributions),
            ProjectStatus::Funded => self.say(Word::Funded),
            ProjectStatus::Done => self.say(Word::Done),
            ProjectStatus::Cancelled => self.say(Word::Cancelled),
        }
    }

    pub(crate) fn day(&self, day: NaiveDate) -> String {
        self.association().locale.format_date(day)
    }

    pub(crate) fn moment_text(&self, at: DateTime<Utc>) -> String {
        format!("{} {} UTC", self.day(at.date_naive()), at.format("%H:%M"))
    }

    /// A count with the locale's thousands separator.
    fn count_text(&self, n: u64) -> String {
        self.association().locale.format_count(n)
    }

    pub(crate) fn channel_text(&self, channel: Channel) -> String {
        let l = self.lang();
        match (channel, l) {
            (Channel::Cash, Lang::En) => "Cash",
            (Channel::Cash, Lang::De) => "Bargeld",
            (Channel::Transfer, Lang::En) => "Bank transfer",
            (Channel::Transfer, Lang::De) => "Überweisung",
            (Channel::Card, Lang::En) => "Card",
            (Channel::Card, Lang::De) => "Karte",
            (Channel::Mobile, Lang::En) => "Mobile payment",
            (Channel::Mobile, Lang::De) => "Mobiles Bezahlen",
            (Channel::Other, Lang::En) => "Other",
            (Channel::Other, Lang::De) => "Sonstiges",
        }
        .to_string()
    }

    /// `word` in the language the association prints in.
    pub(crate) fn say(&self, word: Word) -> String {
        self.lang().say(word).to_string()
    }

    pub(crate) fn meta(&mut self, options: &PrintOptions) -> Result<Meta> {
        let at = match &options.generated_at {
            Some(t) => input::moment(Field::GeneratedAt, t)?,
            None => self.now(),
        };
        let (entries, digest) = commonpot_store::ledger_digest(self.store().conn())?;
        Ok(Meta {
            paper: options.paper,
            lang: self.lang(),
            association: self.association().name.clone(),
            generated: self.moment_text(at),
            generated_unix: at.timestamp(),
            digest: digest.to_hex(),
            entries: self.count_text(entries),
        })
    }

    fn project_of(&self, reference: &str) -> Result<commonpot_store::ProjectWithFigures> {
        match self.find_project(Field::Subject, reference)? {
            ProjectKey::GeneralFund => Err(AppError::invalid(
                Field::Subject,
                Text::new(Key::ReportGeneralFund),
            )),
            ProjectKey::Project(id) => Ok(commonpot_store::project_with_figures(
                self.store().conn(),
                self.association().currency,
                id,
            )?
            .expect("just found")),
        }
    }

    /// The payment code for a project, or why there is none.
    fn payment(&self, code: &str) -> (Option<report::Payment>, String) {
        match self.epc_payment(CreditorReference::for_project(code), None) {
            Ok((payment, payload)) => (
                Some(report::Payment {
                    payload,
                    holder: payment.name,
                    iban: payment.iban.grouped(),
                    bic: payment
                        .bic
                        .map(|b| b.as_str().to_string())
                        .unwrap_or_default(),
                    reference: payment.reference.grouped(),
                }),
                String::new(),
            ),
            Err(NoCode::Iban) => (None, self.say(Word::NoPaymentCodeTheAssociation)),
            Err(NoCode::Euro) => (None, self.say(Word::NoPaymentCodePaymentCodes)),
            Err(NoCode::Name) => (None, self.say(Word::NoPaymentCodeName)),
            Err(NoCode::Amount) => (None, self.say(Word::NoPaymentCodeAmount)),
        }
    }

    /// 1. The meeting statement for the days `from` to `to`.
    pub fn report_meeting(
        &mut self,
        from: &str,
        to: &str,
        options: &PrintOptions,
    ) -> Result<Vec<u8>> {
        let (from_day, to_day) = (input::date(Field::From, from)?, input::date(Field::To, to)?);
        if to_day < from_day {
            return Err(AppError::invalid(
                Field::To,
                Text::new(Key::ReportPeriod)
                    .arg("from", from_day)
                    .arg("to", to_day),
            ));
        }
        let meta = self.meta(options)?;
        let currency = self.association().currency;
        let conn = self.store().conn();
        let flows = store::period_flows(conn, currency, from_day, to_day)?;
        let summary = commonpot_store::summary(conn, currency)?;
        let expenses = store::expenses(conn, currency, None, Some(from_day), Some(to_day))?;
        let closed = store::decisions_closed_between(conn, from_day, to_day)?;
        let open = commonpot_store::open_collections(conn, currency)?;

        let opening = flows.received_before - flows.spent_before;
        let closing = opening + flows.received_within - flows.spent_within;
        let mut projects: Vec<report::ProjectLine> = summary
            .projects
            .iter()
            .map(|p| {
                let raised = p.raised.to_minor(currency);
                let goal = p.project.goal.to_minor(currency);
                report::ProjectLine {
                    code: p.project.code.clone(),
                    title: p.project.title.clone(),
                    goal: self.amount_text(p.project.goal),
                    raised: self.amount_text(p.raised),
                    spent: self.amount_text(p.spent),
                    balance: self.money(raised - p.spent.to_minor(currency)),
                    contributors: self.count_text(p.contributors + p.anonymous_gifts),
                    progress: if goal > 0 {
                        (raised.max(0) * 1000 / goal).min(u32::MAX as i64) as u32
                    } else {
                        0
                    },
                }
            })
            .collect();
        if !summary.general_fund.is_zero() {
            projects.push(report::ProjectLine {
                title: self.say(Word::GeneralFund),
                raised: self.amount_text(summary.general_fund),
                spent: self.money(0),
                balance: self.amount_text(summary.general_fund),
                ..Default::default()
            });
        }
        let projects_total = report::ProjectLine {
            title: self.say(Word::Total),
            goal: String::new(),
            raised: self.amount_text(summary.raised),
            spent: self.amount_text(summary.spent),
            balance: self
                .money(summary.raised.to_minor(currency) - summary.spent.to_minor(currency)),
            ..Default::default()
        };
        let channels: Vec<report::ChannelLine> = flows
            .channels
            .iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(c, amount, n)| report::ChannelLine {
                channel: self.channel_text(*c),
                gifts: self.count_text(*n),
                amount: self.amount_text(*amount),
            })
            .collect();
        let gifts: u64 = flows.channels.iter().map(|(_, _, n)| n).sum();
        let channels_total = report::ChannelLine {
            channel: String::new(),
            gifts: self.count_text(gifts),
            amount: self.money(flows.received_within),
        };
        let expenses_total: i64 = expenses.iter().map(|e| e.amount.to_minor(currency)).sum();
        let expenses = expenses
            .iter()
            .map(|e| report::ExpenseLine {
                paid_on: self.day(e.paid_on),
                project: e.project_title.clone(),
                payee: e.payee.clone(),
                note: e.note.clone(),
                amount: self.amount_text(e.amount),
            })
            .collect();
        let mut decisions = Vec::new();
        for id in closed {
            decisions.push(self.decision_block(&id.to_string())?);
        }
        let open_collections = open
            .iter()
            .map(|c| report::OpenCollectionLine {
                opened: self.moment_text(c.collection.opened_at),
                collector: c.collector_name.clone(),
                place: c.collection.place.clone(),
                gifts: self.count_text(c.entered_count),
                entered: self.amount_text(c.entered),
            })
            .collect();
        let statement = report::MeetingStatement {
            from: self.day(from_day),
            to: self.day(to_day),
            opening: self.money(opening),
            money_in: self.money(flows.received_within),
            money_out: self.money(flows.spent_within),
            closing: self.money(closing),
            projects,
            projects_total,
            channels,
            channels_total,
            expenses,
            expenses_total: self.money(expenses_total),
            decisions,
            open_collections,
        };
        Ok(report::meeting_statement(&meta, &statement))
    }

    fn decision_block(&mut self, reference: &str) -> Result<report::DecisionBlock> {
        let t = self.tally(reference)?;
        let method = match t.method {
            DecisionMethod::Motion => self.say(Word::Motion),
            DecisionMethod::Greedy => self.say(Word::BudgetByWeightedApproval),
            DecisionMethod::EqualShares => self.say(Word::BudgetMethodOfEqualShares),
            DecisionMethod::Quadratic => self.say(Word::QuadraticMatching),
        };
        let mut block = report::DecisionBlock {
            title: t.title.clone(),
            subtitle: format!(
                "{} {} · {} · {}",
                self.say(Word::Closed2),
                t.closed_at
                    .map(|at| self.day(at.date_naive()))
                    .unwrap_or_default(),
                method,
                self.say(Word::Ballots)
                    .replace("{n}", &t.ballots.to_string())
            ),
            ..Default::default()
        };
        let yes_no = |b: bool| {
            if b {
                self.say(Word::Yes)
            } else {
                self.say(Word::No)
            }
        };
        if let Some(m) = &t.motion {
            block.columns = vec![self.say(Word::Choice), self.say(Word::WeightedVotes)];
            block.rows = vec![
                vec![self.say(Word::Yes2), self.decimal_text(m.yes)],
                vec![self.say(Word::No2), self.decimal_text(m.no)],
                vec![self.say(Word::Abstain), self.decimal_text(m.abstain)],
            ];
            let threshold = match m.threshold {
                Threshold::TwoThirds => self.say(Word::TwoThirdsMajority),
                Threshold::Simple => self.say(Word::SimpleMajority),
            };
            block.outcome = format!(
                "{}: {} {}, {} {} ({}), {}.",
                if m.passed {
                    self.say(Word::Passed)
                } else {
                    self.say(Word::NotPassed)
                },
                self.say(Word::WeightedTurnout),
                self.percent_text(m.turnout),
                self.say(Word::Quorum),
                self.percent_text(m.quorum),
                if m.quorum_met {
                    self.say(Word::Met)
                } else {
                    self.say(Word::NotMet)
                },
                threshold
            );
        }
        if let Some(b) = &t.budget {
            block.columns = vec![
                self.say(Word::Project),
                self.say(Word::Cost),
                self.say(Word::WeightedApproval),
                self.say(Word::Funded2),
            ];
            block.rows = b
                .options
                .iter()
                .map(|o| {
                    vec![
                        format!("{} ({})", o.title, o.code),
                        self.plain_money(o.cost),
                        self.decimal_text(o.support),
                        yes_no(o.funded),
                    ]
                })
                .collect();
            block.outcome = format!(
                "{} {} · {} {} · {}: {}",
                self.say(Word::Budget),
                self.plain_money(b.budget),
                self.say(Word::Allocated),
                self.plain_money(b.spent),
                self.say(Word::Funded3),
                if b.funded.is_empty() {
                    "–".to_string()
                } else {
                    b.funded.join(", ")
                }
            );
        }
        if let Some(m) = &t.matching {
            block.columns = vec![
                self.say(Word::Project),
                self.say(Word::Givers),
                self.say(Word::Contributed),
                self.say(Word::Match),
            ];
            block.rows = m
                .arithmetic
                .iter()
                .map(|a| {
                    vec![
                        a.code.clone(),
                        a.contributors.to_string(),
                        self.plain_money(a.contributed),
                        self.plain_money(a.amount),
                    ]
                })
                .collect();
            block.outcome = format!(
                "{} {} · {} {}",
                self.say(Word::Pool),
                self.plain_money(m.pool),
                self.say(Word::NotAllocated),
                self.plain_money(m.unallocated)
            );
        }
        block.weights = format!(
            "{} {}. {}",
            self.say(Word::Weights),
            t.rule_explained,
            self.say(Word::MembersWereEntitledToVote)
                .replace("{n}", &t.weights.len().to_string())
        );
        // Lightest first; weights are exact decimals.
        let mut counts: BTreeMap<Decimal, usize> = BTreeMap::new();
        for w in &t.weights {
            *counts.entry(w.weight).or_default() += 1;
        }
        block.weight_counts = counts
            .into_iter()
            .map(|(w, n)| (self.decimal_text(w), n.to_string()))
            .collect();
        Ok(block)
    }

    /// 2. The public statement of a project.
    pub fn report_project(&mut self, reference: &str, options: &PrintOptions) -> Result<Vec<u8>> {
        let p = self.project_of(reference)?;
        let meta = self.meta(options)?;
        let currency = self.association().currency;
        let threshold = self.setting_count(Setting::DisclosureThreshold);
        let conn = self.store().conn();
        let gifts = store::project_gifts(conn, p.project.id.uuid())?;
        let expenses = store::expenses(conn, currency, Some(p.project.id.uuid()), None, None)?;

        // The month × channel table with its margins, and who gave in each cell.
        let months: Vec<String> = gifts
            .iter()
            .map(|g| g.month.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let channels: Vec<Channel> = Channel::ALL
            .iter()
            .copied()
            .filter(|c| gifts.iter().any(|g| g.channel == *c))
            .collect();
        let (rows, cols) = (months.len() + 1, channels.len() + 1);
        let mut sums = vec![vec![0i64; cols]; rows];
        let mut givers: Vec<Vec<(HashSet<i64>, u64)>> = vec![vec![(HashSet::new(), 0); cols]; rows];
        for g in &gifts {
            let r = months.iter().position(|m| *m == g.month).expect("listed");
            let c = channels
                .iter()
                .position(|c| *c == g.channel)
                .expect("listed");
            for (rr, cc) in [(r, c), (r, cols - 1), (rows - 1, c), (rows - 1, cols - 1)] {
                sums[rr][cc] += g.amount_minor;
                match g.giver {
                    Some(m) => {
                        givers[rr][cc].0.insert(m);
                    }
                    None => givers[rr][cc].1 += 1,
                }
            }
        }
        let counts: Vec<Vec<u64>> = givers
            .iter()
            .map(|row| row.iter().map(|(m, anon)| m.len() as u64 + anon).collect())
            .collect();
        let withheld = disclosure::withheld(&counts, threshold);
        let figure = |r: usize, c: usize| -> Public {
            if counts[r][c] == 0 {
                Public::Empty
            } else if withheld[r][c] {
                Public::Withheld
            } else {
                Public::Shown(self.money(sums[r][c]))
            }
        };
        let month_label = |m: &str| -> String {
            NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                .map(|d| d.format("%m/%Y").to_string())
                .unwrap_or_else(|_| m.to_string())
        };
        let total_givers = counts[rows - 1][cols - 1];
        // The grand total is the raised figure; it is printed only when the table prints it.
        let shown = total_givers >= u64::from(threshold) && !withheld[rows - 1][cols - 1];
        let raised = p.raised.to_minor(currency);
        let goal = p.project.goal.to_minor(currency);
        let expenses_total: i64 = expenses.iter().map(|e| e.amount.to_minor(currency)).sum();
        let (payment, payment_missing) = self.payment(&p.project.code);
        let statement = report::ProjectStatement {
            code: p.project.code.clone(),
            title: p.project.title.clone(),
            description: p.project.description.clone(),
            status: self.status_text(p.project.status),
            goal: self.amount_text(p.project.goal),
            raised: if total_givers == 0 {
                Public::Shown(self.money(0))
            } else if shown {
                Public::Shown(self.amount_text(p.raised))
            } else {
                Public::Withheld
            },
            spent: self.amount_text(p.spent),
            balance: if total_givers == 0 || shown {
                Public::Shown(self.money(raised - p.spent.to_minor(currency)))
            } else {
                Public::Withheld
            },
            contributors: if total_givers == 0 || shown {
                Public::Shown(self.count_text(total_givers))
            } else {
                Public::Withheld
            },
            progress: (shown || total_givers == 0).then(|| {
                if goal > 0 {
                    (raised.max(0) * 1000 / goal) as u32
                } else {
                    0
                }
            }),
            channels: channels.iter().map(|c| self.channel_text(*c)).collect(),
            months: (0..rows - 1)
                .map(|r| {
                    (
                        month_label(&months[r]),
                        (0..cols - 1).map(|c| figure(r, c)).collect(),
                        figure(r, cols - 1),
                    )
                })
                .collect(),
            channel_totals: (0..cols - 1).map(|c| figure(rows - 1, c)).collect(),
            total: figure(rows - 1, cols - 1),
            expenses: expenses
                .iter()
                .map(|e| report::ExpenseLine {
                    paid_on: self.day(e.paid_on),
                    project: e.project_title.clone(),
                    payee: e.payee.clone(),
                    note: e.note.clone(),
                    amount: self.amount_text(e.amount),
                })
                .collect(),
            expenses_total: self.money(expenses_total),
            threshold,
            payment,
            payment_missing,
        };
        Ok(report::project_statement(&meta, &statement))
    }

    /// 3. A member's statement for a calendar year, usable as a donation receipt.
    pub fn report_member(
        &mut self,
        reference: &str,
        year: &str,
        options: &PrintOptions,
    ) -> Result<Vec<u8>> {
        let member_id = self.find_member(Field::Subject, reference)?;
        let y: i32 = year
            .trim()
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y) && year.trim().len() == 4)
            .ok_or_else(|| {
                AppError::invalid(
                    Field::Year,
                    Text::new(Key::ReportYear).arg("text", year.trim()),
                )
            })?;
        let meta = self.meta(options)?;
        let member = self.member(member_id)?;
        let (first, last) = (
            NaiveDate::from_ymd_opt(y, 1, 1).expect("a year"),
            NaiveDate::from_ymd_opt(y, 12, 31).expect("a year"),
        );
        let currency = self.association().currency;
        let mut total = 0i64;
        let mut gifts = Vec::new();
        for g in store::member_gifts(self.store().conn(), currency, member_id.uuid(), first, last)?
        {
            total += g.amount.to_minor(currency);
            let day = g
                .received_at
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            gifts.push(report::GiftLine {
                date: day
                    .map(|d| self.day(d))
                    .unwrap_or_else(|| g.received_at.clone()),
                project: g.project.unwrap_or_else(|| self.say(Word::GeneralFund)),
                channel: self.channel_text(g.channel),
                amount: self.amount_text(g.amount),
            });
        }
        // Participation over the twelve months before the end of the year (or now).
        let end = last
            .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("a time"))
            .and_utc();
        let at = end.min(self.now());
        let rule = WeightRule::default();
        let (points, weight) = self.weight_of(member_id, at, &rule)?;
        let statement = report::MemberStatement {
            year: y.to_string(),
            name: member.name.clone(),
            number: member.number.clone().unwrap_or_else(|| "–".into()),
            payment_reference: CreditorReference::for_member(
                None,
                &CreditorReference::member_token(member.number.as_deref(), &member.id.to_string()),
            )
            .grouped(),
            gifts,
            total: self.money(total),
            meetings: points.meetings.to_string(),
            shifts: points.shifts.to_string(),
            months: points.giving_months.to_string(),
            points: points.points().to_string(),
            weight: self.decimal_text(weight.normalize()),
            weight_rule: self
                .say(Word::WeightUnderTheAssociationS)
                .replace("{rule}", &rule.explain())
                .replace("{day}", &self.day(at.date_naive())),
            receipt_text: self.setting_text(Setting::ReceiptText).map(String::from),
        };
        Ok(report::member_statement(&meta, &statement))
    }

    /// 4. The count sheet of a cash collection.
    pub fn report_cash_sheet(
        &mut self,
        reference: &str,
        options: &PrintOptions,
    ) -> Result<Vec<u8>> {
        let state = self.collection(reference)?;
        let meta = self.meta(options)?;
        let currency = self.association().currency;
        let lines = commonpot_store::ledger(
            self.store().conn(),
            currency,
            &LedgerFilter {
                collection: Some(state.collection.id),
                ..LedgerFilter::default()
            },
        )?;
        let entered = lines
            .iter()
            .filter(|l| l.kind == EntryKind::Contribution && l.reversed_by.is_none())
            .map(|l| report::EnteredLine {
                time: l.occurred_at.get(11..16).unwrap_or_default().to_string(),
                giver: l
                    .member
                    .as_ref()
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| self.say(Word::Anonymous)),
                project: l
                    .project
                    .as_ref()
                    .map(|(_, code)| code.clone())
                    .unwrap_or_else(|| self.say(Word::GeneralFund)),
                amount: self.amount_text(l.amount),
            })
            .collect();
        let (denominations, counted, difference, note, closed) = match &state.close {
            Some(close) => (
                close
                    .counted
                    .counts()
                    .iter()
                    .map(|(d, n)| {
                        let sum = d.to_minor(currency) * i64::from(*n);
                        (self.amount_text(*d), n.to_string(), self.money(sum))
                    })
                    .collect(),
                self.amount_text(close.counted_total),
                self.money(
                    close.counted_total.to_minor(currency) - close.entered_total.to_minor(currency),
                ),
                close.note.clone(),
                self.say(Word::Yes),
            ),
            None => (
                denominations(currency)
                    .into_iter()
                    .map(|d| (self.amount_text(d), String::new(), String::new()))
                    .collect(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let sheet = report::CashSheet {
            id: state.collection.id.to_string().chars().take(8).collect(),
            collector: state.collector_name.clone(),
            place: state.collection.place.clone(),
            project: state
                .project_code
                .clone()
                .unwrap_or_else(|| self.say(Word::GeneralFund)),
            opened: self.moment_text(state.collection.opened_at),
            closed,
            denominations,
            entered,
            entered_total: self.amount_text(state.entered),
            counted_total: counted,
            difference,
            note,
        };
        Ok(report::cash_sheet(&meta, &sheet))
    }

    /// 5. `count` paper ballots for a decision.
    pub fn report_ballots(
        &mut self,
        reference: &str,
        count: u32,
        options: &PrintOptions,
    ) -> Result<Vec<u8>> {
        let d = self.decision(reference)?;
        if !(1..=BALLOTS_MAX).contains(&count) {
            return Err(AppError::invalid(
                Field::Count,
                Text::new(Key::ReportBallotCount)
                    .arg("max", BALLOTS_MAX)
                    .arg("count", count),
            ));
        }
        let rule: WeightRule = d
            .record
            .rule
            .parse()
            .map_err(|t: Text| commonpot_store::StoreError::Damaged(t.to_string()))?;
        let (how, options_list, budget) = match DecisionMethod::of(&d)? {
            DecisionMethod::Motion => (
                self.say(Word::MarkOneBoxYesNo),
                vec![
                    (self.say(Word::Yes2), String::new()),
                    (self.say(Word::No2), String::new()),
                    (self.say(Word::Abstain), String::new()),
                ],
                String::new(),
            ),
            DecisionMethod::Quadratic => {
                return Err(AppError::refused(Text::new(Key::ReportNoBallots)));
            }
            DecisionMethod::Greedy | DecisionMethod::EqualShares => (
                self.say(Word::MarkEveryProjectYouWant),
                d.options
                    .iter()
                    .map(|o| {
                        (
                            format!("{} ({})", o.title, o.code),
                            self.amount_text(o.cost),
                        )
                    })
                    .collect(),
                d.record
                    .budget
                    .and_then(|b| Amount::from_decimal(b, self.association().currency))
                    .map(|b| format!("{} {}", self.say(Word::Budget2), self.amount_text(b)))
                    .unwrap_or_default(),
            ),
        };
        let meta = self.meta(options)?;
        let ballot = report::Ballot {
            decision: d.record.id.to_string().chars().take(8).collect(),
            question: d.record.title.clone(),
            description: String::new(),
            how,
            options: options_list,
            budget,
            weighting: self
                .say(Word::VotesAreWeightedByParticipation)
                .replace("{rule}", &rule.explain()),
            count,
        };
        Ok(report::ballots(&meta, &ballot))
    }

    /// 6. A payment poster for a project.
    pub fn report_poster(&mut self, reference: &str, options: &PrintOptions) -> Result<Vec<u8>> {
        let p = self.project_of(reference)?;
        let meta = self.meta(options)?;
        let currency = self.association().currency;
        let threshold = u64::from(self.setting_count(Setting::DisclosureThreshold));
        let goal = p.project.goal.to_minor(currency);
        let raised = p.raised.to_minor(currency);
        let givers = p.contributors + p.anonymous_gifts;
        let (payment, payment_missing) = self.payment(&p.project.code);
        let poster = report::Poster {
            title: p.project.title.clone(),
            description: p.project.description.clone(),
            goal: self.amount_text(p.project.goal),
            progress: (givers >= threshold && goal > 0).then(|| {
                (
                    (raised.max(0) * 1000 / goal) as u32,
                    self.amount_text(p.raised),
                )
            }),
            payment,
            payment_missing,
        };
        Ok(report::poster(&meta, &poster))
    }
}
