//! Members: the list, a new member, changes, and their data rights (export, erasure).

use std::path::Path;

use commonpot_app::{MemberChange, NewMember};
use tauri::State;

use crate::dto::{MemberChangeDto, MemberDto, MemberErasedDto, MemberExportedDto, NewMemberDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn members(session: State<'_, Session>) -> Result<Vec<MemberDto>> {
    session.with(|books, _| Ok(books.members()?.into_iter().map(MemberDto::from).collect()))
}

#[tauri::command]
#[specta::specta]
pub fn add_member(session: State<'_, Session>, member: NewMemberDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_member(NewMember {
            name: member.name,
            email: member.email,
            number: member.number,
            joined_on: None,
        })?;
        Ok(id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn update_member(
    session: State<'_, Session>,
    member: String,
    change: MemberChangeDto,
) -> Result<MemberDto> {
    session.with(|books, _| {
        let m = books.update_member(
            &member,
            MemberChange {
                name: Some(change.name),
                email: Some(change.email),
            },
        )?;
        Ok(MemberDto::from(m))
    })
}

/// Writes everything held about a member to `path`: a PDF when it ends in `.pdf`, else JSON.
#[tauri::command]
#[specta::specta]
pub fn export_member(
    session: State<'_, Session>,
    member: String,
    path: String,
) -> Result<MemberExportedDto> {
    session.with(|books, _| {
        let e = books.export_member(&member, Path::new(&path))?;
        Ok(MemberExportedDto {
            path: path.clone(),
            name: e.name,
            lines: e.contributions as u32,
            kilobytes: e.bytes.div_ceil(1024) as u32,
        })
    })
}

/// Erases a member's name and contact details for good (they become "Former member #N");
/// `confirmed` must be true.
#[tauri::command]
#[specta::specta]
pub fn erase_member(
    session: State<'_, Session>,
    member: String,
    confirmed: bool,
) -> Result<MemberErasedDto> {
    session.with(|books, _| {
        let e = books.erase_member(&member, confirmed)?;
        Ok(MemberErasedDto {
            pseudonym: e.pseudonym,
            mentions: e.mentions as u32,
        })
    })
}
