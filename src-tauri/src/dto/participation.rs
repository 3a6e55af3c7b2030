//! What the participation screen sends and receives.

use serde::{Deserialize, Serialize};
use specta::Type;

// ----- participation and decisions -----

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingDto {
    pub id: String,
    pub date: String,
    pub title: String,
    pub present: u32,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewMeetingDto {
    pub date: String,
    pub title: String,
    /// Member numbers or ids.
    pub attendees: Vec<String>,
    /// Who books the attendance; never one of the attendees.
    pub by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewShiftDto {
    pub member: String,
    pub date: String,
    pub what: String,
    /// Who books the shift; never the volunteer.
    pub by: Option<String>,
}
