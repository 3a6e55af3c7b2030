//! `collection`: cash collections at a stall, from opening to the count.

use std::process::ExitCode;

use clap::Subcommand;
use commonpot_app::{AppError, Field, NewCollection, Result};
use commonpot_core::{Key, Text};

use super::context::Context;
use crate::output;

#[derive(Subcommand)]
pub(crate) enum CollectionCommand {
    /// Open a collection. Prints its id.
    Open {
        /// The member who collects.
        #[arg(long, value_name = "REF")]
        collector: String,
        /// Where ("Stall on Lindenplatz").
        #[arg(long, value_name = "T")]
        place: String,
        /// Where gifts go unless another project is named (default: the general fund).
        #[arg(long, value_name = "REF")]
        project: Option<String>,
    },
    /// The collections not closed yet.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One collection: what was entered, and its count once closed.
    Show {
        #[arg(value_name = "ID")]
        collection: String,
        #[arg(long)]
        json: bool,
    },
    /// Reverse the last gift entered in an open collection ("entered by mistake").
    Undo {
        #[arg(value_name = "ID")]
        collection: String,
    },
    /// Close with the counted cash, note by note: --count 20=3 --count 0,50=4. A difference
    /// from what was entered needs --note.
    Close {
        #[arg(value_name = "ID")]
        collection: String,
        /// DENOMINATION=COUNT, once per note or coin.
        #[arg(long = "count", value_name = "DENOMINATION=N")]
        counts: Vec<String>,
        /// Why counted and entered differ.
        #[arg(long, value_name = "T")]
        note: Option<String>,
    },
}

/// "20=3" or "0,50=4" into (denomination, count) pairs.
pub(crate) fn parse_counts(counts: &[String]) -> Result<Vec<(String, u32)>, AppError> {
    counts
        .iter()
        .map(|c| {
            let (denomination, n) = c.rsplit_once('=').ok_or_else(|| {
                AppError::invalid(Field::Count, Text::new(Key::CountShape).arg("text", c))
            })?;
            let n: u32 = n.trim().parse().map_err(|_| {
                AppError::invalid(
                    Field::Count,
                    Text::new(Key::CountNotWhole)
                        .arg("count", n.trim())
                        .arg("text", c),
                )
            })?;
            Ok((denomination.trim().to_string(), n))
        })
        .collect()
}

pub(crate) fn collection(command: CollectionCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        CollectionCommand::Open {
            collector,
            place,
            project,
        } => {
            let id = cx.open()?.open_collection(NewCollection {
                collector,
                place,
                project,
            })?;
            println!("{id}");
        }
        CollectionCommand::List { json } => {
            let books = cx.open()?;
            let open_ones = books.open_collections()?;
            output::collections(&books, &open_ones, json)?;
        }
        CollectionCommand::Show { collection, json } => {
            let books = cx.open()?;
            let state = books.collection(&collection)?;
            output::collection(&books, &state, json)?;
        }
        CollectionCommand::Undo { collection } => {
            let id = cx.open()?.undo_last_in(&collection)?;
            println!("{id}");
        }
        CollectionCommand::Close {
            collection,
            counts,
            note,
        } => {
            let counts = parse_counts(&counts)?;
            let mut books = cx.open()?;
            let close =
                books.close_collection(&collection, &counts, note.as_deref().unwrap_or(""))?;
            let l = &books.association().locale;
            println!(
                "closed: counted {}, entered {}{}",
                l.format_amount(close.counted_total),
                l.format_amount(close.entered_total),
                if close.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", close.note)
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
