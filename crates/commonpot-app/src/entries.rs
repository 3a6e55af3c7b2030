//! The ledger: contributions, expenses and reversals, and reading the entries back.

use chrono::{DateTime, SubsecRound, Utc};
use commonpot_core::{
    Channel, Contribution, EntryId, EntryKind, Expense, Key, ProjectStatus, Reversal, Text,
};
use commonpot_store::{self as store, Found, LedgerFilter, LedgerLine, ProjectKey};

use crate::input;
use crate::{AppError, Field, Result};

use crate::books::{Books, parse_entry_id};

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct LedgerQuery {
    pub project: Option<String>,
    pub member: Option<String>,
    pub limit: Option<u64>,
    /// Only what was entered in this cash collection.
    pub collection: Option<String>,
    /// Only contributions through this channel ("cash", …) and their reversals.
    pub channel: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only entries whose note, payee or reason contains this text.
    pub text: Option<String>,
    pub newest_first: bool,
}

/// A contribution as typed: references and amounts as text.
#[derive(Clone, Debug, Default)]
pub struct NewContribution {
    pub project: String,
    pub amount: String,
    pub channel: String,
    pub member: Option<String>,
    pub collector: Option<String>,
    pub received: Option<String>,
    pub note: Option<String>,
    pub id: Option<String>,
    /// The open cash collection it is entered in, if any.
    pub collection: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct NewExpense {
    pub project: String,
    pub amount: String,
    pub payee: String,
    pub paid: Option<String>,
    pub note: Option<String>,
}

/// The result of recording with a caller-chosen id: new, or the same entry already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: EntryId,
    pub already_present: bool,
}

impl Books {
    /// Validates a typed contribution into a domain value, without writing.
    pub(crate) fn prepare_contribution(
        &mut self,
        new: &NewContribution,
        now: DateTime<Utc>,
    ) -> Result<Contribution> {
        let project = match self.find_project(Field::Project, &new.project)? {
            ProjectKey::GeneralFund => None,
            ProjectKey::Project(id) => {
                if store::project_status(self.store().conn(), id)? == Some(ProjectStatus::Cancelled)
                {
                    return Err(AppError::refused_at(
                        Field::Project,
                        Text::new(Key::ProjectCancelled).arg("project", new.project.trim()),
                    ));
                }
                Some(id)
            }
        };
        let amount = self.parse_amount(Field::Amount, &new.amount)?;
        let channel = new
            .channel
            .parse::<Channel>()
            .map_err(|e| AppError::invalid(Field::Channel, e))?;
        let member = new
            .member
            .as_deref()
            .map(|m| self.find_member(Field::Member, m))
            .transpose()?;
        let collector = new
            .collector
            .as_deref()
            .map(|m| self.find_member(Field::Collector, m))
            .transpose()?;
        let received_at = match new.received.as_deref() {
            Some(r) => {
                input::not_in_future(Field::Received, input::moment(Field::Received, r)?, now)?
            }
            None => now,
        }
        .trunc_subsecs(0);
        let note = input::optional_text(Field::Note, new.note.as_deref().unwrap_or(""))?;
        let id = match new.id.as_deref() {
            Some(text) => parse_entry_id(Field::EntryId, text)?,
            None => EntryId::from_uuid(self.new_id(now)),
        };
        let collection = match new.collection.as_deref() {
            None => None,
            Some(reference) => {
                let state = self.collection(reference)?;
                if state.close.is_some() {
                    return Err(AppError::refused_at(
                        Field::Collection,
                        Text::new(Key::CollectionClosed).arg("place", &state.collection.place),
                    ));
                }
                Some(state.collection.id)
            }
        };
        Ok(Contribution {
            id,
            project,
            member,
            amount,
            channel,
            received_at,
            collector,
            note,
            collection,
        })
    }

    /// Records money received. With a caller-chosen id that is already recorded with the same
    /// content, nothing changes; with other content, it is refused naming the fields.
    pub fn record_contribution(&mut self, new: NewContribution) -> Result<Recorded> {
        let now = self.now();
        let mut c = self.prepare_contribution(&new, now)?;
        if new.id.is_some() {
            if let Some(existing) = store::contribution(self.store().conn(), self.currency(), c.id)?
            {
                if new.received.is_none() {
                    // A retry that leaves the time out means the time of the first attempt.
                    c.received_at = existing.received_at;
                }
                let differing = existing.differing_fields(&c);
                if differing.is_empty() {
                    return Ok(Recorded {
                        id: c.id,
                        already_present: true,
                    });
                }
                return Err(AppError::refused_at(
                    Field::EntryId,
                    Text::new(Key::EntryConflict)
                        .arg("id", c.id)
                        .arg("fields", differing.join(", ")),
                ));
            }
            if let Found::One((_, kind)) =
                store::find_entry(self.store().conn(), &c.id.to_string())?
            {
                return Err(AppError::refused_at(
                    Field::EntryId,
                    Text::new(Key::EntryIdTaken)
                        .arg("id", c.id)
                        .arg("kind", kind),
                ));
            }
        }
        let currency = self.currency();
        self.parts().0.write(|w| {
            // Checked again in the saving transaction: another window may have closed the
            // collection since, and a closed count must stay what was counted.
            if let Some(collection) = c.collection
                && store::collection(w, currency, collection)?.is_some_and(|s| s.close.is_some())
            {
                return Err(AppError::refused_at(
                    Field::Collection,
                    Text::new(Key::CollectionClosedMeanwhile),
                ));
            }
            let meta = w.next_meta(now)?;
            w.insert_contribution(&c, &meta)?;
            Ok(())
        })?;
        Ok(Recorded {
            id: c.id,
            already_present: false,
        })
    }

    pub fn record_expense(&mut self, new: NewExpense) -> Result<EntryId> {
        self.organiser_only("recording an expense")?;
        let project = match self.find_project(Field::Project, &new.project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Project,
                    Text::new(Key::ExpenseNeedsProject),
                ));
            }
        };
        let amount = self.parse_amount(Field::Amount, &new.amount)?;
        let payee = input::required_text(Field::Payee, &new.payee)?;
        let now = self.now();
        let paid_on = match new.paid.as_deref() {
            Some(d) => input::date(Field::Paid, d)?,
            None => now.date_naive(),
        };
        if paid_on > now.date_naive() + chrono::Duration::days(1) {
            return Err(AppError::invalid(
                Field::Paid,
                Text::new(Key::InFuture).arg("when", paid_on),
            ));
        }
        let note = input::optional_text(Field::Note, new.note.as_deref().unwrap_or(""))?;
        let expense = Expense {
            id: EntryId::from_uuid(self.new_id(now)),
            project,
            payee,
            amount,
            paid_on,
            note,
        };
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_expense(&expense, &meta)
        })?;
        Ok(expense.id)
    }

    /// Cancels a contribution or an expense by a new entry; each can be reversed once.
    pub fn reverse(&mut self, entry: &str, reason: &str) -> Result<EntryId> {
        let reason = input::required_text(Field::Reason, reason)?;
        let (target, kind) = self.find_entry(entry)?;
        if kind == EntryKind::Reversal {
            return Err(AppError::refused(
                Text::new(Key::ReversalOfReversal).arg("id", target),
            ));
        }
        if let Some(existing) = store::reversal_of(self.store().conn(), target)? {
            return Err(AppError::refused(
                Text::new(Key::AlreadyReversed)
                    .arg("kind", kind)
                    .arg("id", target)
                    .arg("by", existing),
            ));
        }
        let now = self.now();
        let reversal = Reversal {
            id: EntryId::from_uuid(self.new_id(now)),
            reversed: target,
            reversed_kind: kind,
            reason,
        };
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_reversal(&reversal, &meta)
        })?;
        Ok(reversal.id)
    }

    /// Entries, oldest or newest first, optionally of one project (or "general") or member.
    pub fn ledger(&self, query: &LedgerQuery) -> Result<Vec<LedgerLine>> {
        let filter = LedgerFilter {
            project: query
                .project
                .as_deref()
                .map(|p| self.find_project(Field::Project, p))
                .transpose()?,
            member: query
                .member
                .as_deref()
                .map(|m| self.find_member(Field::Member, m))
                .transpose()?,
            limit: query.limit,
            collection: query
                .collection
                .as_deref()
                .map(|c| self.collection(c))
                .transpose()?
                .map(|s| s.collection.id),
            channel: query
                .channel
                .as_deref()
                .map(|c| {
                    c.parse::<Channel>()
                        .map_err(|e| AppError::invalid(Field::Channel, e))
                })
                .transpose()?,
            from: query
                .from
                .as_deref()
                .map(|d| input::date(Field::From, d))
                .transpose()?,
            to: query
                .to
                .as_deref()
                .map(|d| input::date(Field::To, d))
                .transpose()?,
            text: query
                .text
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            newest_first: query.newest_first,
        };
        Ok(store::ledger(
            self.store().conn(),
            self.currency(),
            &filter,
        )?)
    }
}
