//! What the members screen sends and receives.

use commonpot_app::Member;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
    pub joined: String,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> MemberDto {
        MemberDto {
            id: m.id.to_string(),
            name: m.name,
            email: m.email,
            number: m.number,
            joined: m.joined_on.to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewMemberDto {
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberChangeDto {
    pub name: String,
    /// Empty removes the address.
    pub email: String,
}

/// What a member's data export wrote.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberExportedDto {
    pub path: String,
    pub name: String,
    /// Ledger lines naming the member.
    pub lines: u32,
    pub kilobytes: u32,
}

/// What erasing a member did.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberErasedDto {
    /// The member's name from now on.
    pub pseudonym: String,
    /// How often the old name still stands in the ledger's own texts.
    pub mentions: u32,
}
