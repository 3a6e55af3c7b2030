//! Printing a document.

use std::path::PathBuf;

use commonpot_app::{Paper, PrintOptions};
use tauri::State;

use crate::dto::{PrintDto, ReportDto, SavedReportDto};
use crate::session::{Result, Session};

/// Prints a document and saves it where the save dialog said (on a big association the meeting
/// statement reads every contribution, so this runs off the window's thread).
#[tauri::command]
#[specta::specta]
pub async fn save_report(session: State<'_, Session>, print: PrintDto) -> Result<SavedReportDto> {
    session.with(|books, _| {
        let options = PrintOptions {
            paper: if print.paper == "letter" {
                Paper::Letter
            } else {
                Paper::A4
            },
            generated_at: None,
        };
        let bytes = match &print.report {
            ReportDto::Meeting { from, to } => books.report_meeting(from, to, &options)?,
            ReportDto::Project { project } => books.report_project(project, &options)?,
            ReportDto::Member { member, year } => books.report_member(member, year, &options)?,
            ReportDto::CashSheet { collection } => books.report_cash_sheet(collection, &options)?,
            ReportDto::Ballots { decision, count } => {
                books.report_ballots(decision, *count, &options)?
            }
            ReportDto::Poster { project } => books.report_poster(project, &options)?,
        };
        let path = PathBuf::from(&print.path);
        books.write_document(commonpot_app::Field::OutputFile, &path, &bytes)?;
        Ok(SavedReportDto {
            path: print.path.clone(),
            kilobytes: bytes.len().div_ceil(1024) as u32,
        })
    })
}
