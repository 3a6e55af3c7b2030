//! Cash collections: opened at a stall, gifts entered into them, closed by counting the box.

use chrono::SubsecRound;
use commonpot_core::{
    Amount, CashCount, Collection, CollectionClose, EntryId, Key, ProjectStatus, Text,
};
use commonpot_store::{self as store, Found, ProjectKey};

use crate::input;
use crate::{AppError, Field, Result};

use crate::books::Books;

/// A cash collection to open.
#[derive(Clone, Debug, Default)]
pub struct NewCollection {
    /// The member who collects.
    pub collector: String,
    /// Where, in a few words ("Stall on Lindenplatz").
    pub place: String,
    /// Where gifts go unless another project is named; the general fund when absent.
    pub project: Option<String>,
}

/// The reason recorded when a volunteer undoes the last gift of a collection.
pub const UNDO_REASON: &str = "entered by mistake";

/// Counted cash against what was entered in a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CashCheck {
    pub counted: Amount,
    pub entered: Amount,
    /// Counted minus entered: negative when cash is missing.
    pub difference: Amount,
}

impl CashCheck {
    fn new(counted: Amount, entered: Amount) -> CashCheck {
        CashCheck {
            counted,
            entered,
            // Both are bounded by the ceiling of a cash count and of the books.
            difference: counted.checked_sub(entered).expect("cash stays in range"),
        }
    }

    pub fn matches(&self) -> bool {
        self.difference.is_zero()
    }
}

impl Books {
    /// Opens a volunteer's cash collection. Prints nothing to the books but its opening.
    pub fn open_collection(&mut self, new: NewCollection) -> Result<EntryId> {
        let collector = self.find_member(Field::Collector, &new.collector)?;
        let place = input::required_text(Field::Place, &new.place)?;
        let project = match new.project.as_deref() {
            None => None,
            Some(reference) => match self.find_project(Field::Project, reference)? {
                ProjectKey::GeneralFund => None,
                ProjectKey::Project(id) => {
                    if store::project_status(self.store().conn(), id)?
                        == Some(ProjectStatus::Cancelled)
                    {
                        return Err(AppError::refused_at(
                            Field::Project,
                            Text::new(Key::ProjectCancelled).arg("project", reference.trim()),
                        ));
                    }
                    Some(id)
                }
            },
        };
        let now = self.now();
        let collection = Collection {
            id: EntryId::from_uuid(self.new_id(now)),
            collector,
            place,
            project,
            opened_at: now.trunc_subsecs(0),
        };
        self.parts().0.write(|w| {
            let meta = w.next_meta(now)?;
            w.insert_collection(&collection, &meta)
        })?;
        Ok(collection.id)
    }

    /// A collection by id or id prefix, with what was entered in it.
    pub fn collection(&self, reference: &str) -> Result<store::CollectionState> {
        let id = match store::find_collection(self.store().conn(), reference)? {
            Found::One(id) => id,
            Found::None => {
                return Err(AppError::not_found(
                    Text::new(Key::CollectionNotFound).arg("reference", reference.trim()),
                ));
            }
            Found::Several => {
                return Err(AppError::invalid(
                    Field::SubjectCollection,
                    Text::new(Key::CollectionAmbiguous).arg("reference", reference.trim()),
                ));
            }
        };
        Ok(store::collection(self.store().conn(), self.currency(), id)?.expect("just found"))
    }

    pub fn open_collections(&self) -> Result<Vec<store::CollectionState>> {
        Ok(store::open_collections(
            self.store().conn(),
            self.currency(),
        )?)
    }

    /// Reverses the newest gift of an open collection that is not reversed yet.
    pub fn undo_last_in(&mut self, collection: &str) -> Result<EntryId> {
        let state = self.collection(collection)?;
        if state.close.is_some() {
            return Err(AppError::refused(Text::new(Key::UndoClosed)));
        }
        let last = store::last_live_contribution_in(self.store().conn(), state.collection.id)?
            .ok_or_else(|| AppError::refused(Text::new(Key::UndoNothing)))?;
        self.reverse(&last.to_string(), UNDO_REASON)
    }

    /// The notes and coins of the association's currency, largest first.
    pub fn denominations(&self) -> Vec<Amount> {
        commonpot_core::collection::denominations(self.currency())
    }

    /// Reads counts per denomination ("20.00" or "20,00" → 3) into a cash count.
    pub fn cash_count(&self, counts: &[(String, u32)]) -> Result<CashCount> {
        let known = self.denominations();
        let a = self.association();
        let mut parsed = Vec::with_capacity(counts.len());
        for (denomination, count) in counts {
            // The plain form ("0.50") as the desktop app sends it, or as the treasurer types it.
            let plain = known
                .iter()
                .find(|d| d.to_string() == denomination.trim())
                .copied();
            let value = match plain {
                Some(value) => value,
                None => input::amount(
                    Field::Count,
                    denomination,
                    a.currency,
                    &a.locale,
                    Amount::from_units(1_000_000, a.currency),
                )?,
            };
            if !known.contains(&value) {
                return Err(AppError::invalid(
                    Field::Count,
                    Text::new(Key::NotADenomination)
                        .arg("value", a.locale.format_amount(value))
                        .arg("currency", a.currency),
                ));
            }
            parsed.push((value, *count));
        }
        let ceiling = Amount::ceiling(a.currency);
        CashCount::new(parsed)
            .filter(|c| c.total(a.currency) <= ceiling)
            .ok_or_else(|| {
                AppError::invalid(
                    Field::Count,
                    Text::new(Key::CashCountTooLarge)
                        .arg("max", a.locale.format_money(ceiling, a.currency)),
                )
            })
    }

    /// The counted cash beside what was entered in the collection, before closing it.
    pub fn check_count(&self, collection: &str, counts: &[(String, u32)]) -> Result<CashCheck> {
        let state = self.collection(collection)?;
        let counted = self.cash_count(counts)?.total(self.currency());
        Ok(CashCheck::new(counted, state.entered))
    }

    /// Closes a collection with the counted cash. A difference between counted and entered
    /// blocks closing until `note` explains it; the close records both figures.
    pub fn close_collection(
        &mut self,
        collection: &str,
        counts: &[(String, u32)],
        note: &str,
    ) -> Result<CollectionClose> {
        let state = self.collection(collection)?;
        if state.close.is_some() {
            return Err(AppError::refused(Text::new(Key::CollectionAlreadyClosed)));
        }
        let counted = self.cash_count(counts)?;
        let note = input::optional_text(Field::Note, note)?;
        let currency = self.currency();
        let locale = self.association().locale.clone();
        let now = self.now();
        let close_id = EntryId::from_uuid(self.new_id(now));
        self.parts().0.write(|w| {
            // Entered is read in the closing transaction, so no gift slips in between.
            let state = store::collection(w, currency, state.collection.id)?.expect("still there");
            let counted_total = counted.total(currency);
            let check = CashCheck::new(counted_total, state.entered);
            if !check.matches() && note.is_empty() {
                return Err(AppError::refused_at(
                    Field::Note,
                    Text::new(Key::CountDifference)
                        .arg("counted", locale.format_amount(check.counted))
                        .arg("entered", locale.format_amount(check.entered))
                        .arg("difference", locale.format_amount(check.difference)),
                ));
            }
            let close = CollectionClose {
                id: close_id,
                collection: state.collection.id,
                counted,
                counted_total,
                entered_total: state.entered,
                note,
            };
            let meta = w.next_meta(now)?;
            w.insert_collection_close(&close, &meta)?;
            Ok(close)
        })
    }
}
