//! Members: registering them, changing their details, reading them.

use commonpot_core::{Key, MemberId, Text};
use commonpot_store::{self as store, Member};

use crate::input;
use crate::{AppError, Field, Result};

use crate::books::Books;

/// Contact details and name of a member to change; `None` keeps the value, an empty e-mail
/// removes it. The member number never changes: entries name members by it.
#[derive(Clone, Debug, Default)]
pub struct MemberChange {
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct NewMember {
    pub name: String,
    pub email: Option<String>,
    pub number: Option<String>,
    pub joined_on: Option<String>,
}

impl Books {
    pub fn add_member(&mut self, new: NewMember) -> Result<MemberId> {
        let name = input::required_line(Field::Name, &new.name)?;
        let email = new
            .email
            .as_deref()
            .map(|e| input::email(Field::Email, e))
            .transpose()?;
        let number = new
            .number
            .as_deref()
            .map(|n| input::required_line(Field::Number, n))
            .transpose()?;
        if number.is_some() && self.role()? == crate::Role::Volunteer {
            return Err(AppError::refused_at(
                Field::Number,
                Text::new(Key::SyncVolunteerNumber),
            ));
        }
        if let Some(n) = &number {
            if n.chars().any(char::is_whitespace) || n.chars().count() > 32 {
                return Err(AppError::invalid(
                    Field::Number,
                    Text::new(Key::MemberNumberShape).arg("number", n),
                ));
            }
            if store::member_number_taken(self.store().conn(), n)? {
                return Err(AppError::refused_at(
                    Field::Number,
                    Text::new(Key::MemberNumberTaken).arg("number", n),
                ));
            }
        }
        let now = self.now();
        let joined_on = match new.joined_on.as_deref() {
            Some(d) => input::date(Field::Joined, d)?,
            None => now.date_naive(),
        };
        let member = Member {
            id: MemberId::from_uuid(self.new_id(now)),
            name,
            email,
            number,
            joined_on,
        };
        self.parts().0.write(|w| w.insert_member(&member, now))?;
        Ok(member.id)
    }

    /// Members by name as people sort names: "Łukasz" with the L's, "Zoë" with the Z's.
    pub fn members(&self) -> Result<Vec<Member>> {
        let mut members = store::members(self.store().conn())?;
        members
            .sort_by_cached_key(|m| (deunicode::deunicode(&m.name).to_lowercase(), m.name.clone()));
        Ok(members)
    }

    pub fn member(&self, id: MemberId) -> Result<Member> {
        store::member(self.store().conn(), id)?
            .ok_or_else(|| AppError::not_found(Text::new(Key::MemberNotFound).arg("reference", id)))
    }

    /// Changes a member's name or e-mail address.
    pub fn update_member(&mut self, member: &str, change: MemberChange) -> Result<Member> {
        self.organiser_only("changing a member")?;
        let id = self.find_member(Field::Subject, member)?;
        let mut m = self.member(id)?;
        if let Some(name) = change.name.as_deref() {
            m.name = input::required_line(Field::Name, name)?;
        }
        match change.email.as_deref().map(str::trim) {
            None => {}
            Some("") => m.email = None,
            Some(e) => m.email = Some(input::email(Field::Email, e)?),
        }
        self.parts().0.write(|w| w.update_member(&m))?;
        Ok(m)
    }
}
