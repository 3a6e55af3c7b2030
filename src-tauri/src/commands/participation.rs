//! Participation: meetings and volunteer shifts.

use commonpot_app::{NewMeeting, NewShift};
use tauri::State;

use crate::dto::{MeetingDto, NewMeetingDto, NewShiftDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn meetings(session: State<'_, Session>) -> Result<Vec<MeetingDto>> {
    session.with(|books, _| {
        Ok(books
            .meetings()?
            .into_iter()
            .map(|(id, date, title, present)| MeetingDto {
                id: id.to_string(),
                date: date.to_string(),
                title,
                present,
            })
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_meeting(session: State<'_, Session>, meeting: NewMeetingDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_meeting(NewMeeting {
            date: meeting.date,
            title: meeting.title,
            attendees: meeting.attendees,
            by: meeting.by,
        })?;
        Ok(id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_shift(session: State<'_, Session>, shift: NewShiftDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_shift(NewShift {
            member: shift.member,
            date: shift.date,
            what: shift.what,
            by: shift.by,
        })?;
        Ok(id.to_string())
    })
}
