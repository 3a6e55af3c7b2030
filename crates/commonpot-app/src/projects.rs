//! Projects: creating them, their details and status, their codes.

use commonpot_core::{Amount, Key, ProjectId, ProjectStatus, Text};
use commonpot_store::{self as store, Project, ProjectKey};

use crate::input;
use crate::{AppError, Field, Result};

use crate::books::{Books, GENERAL_FUND};

/// A project's details to change; `None` keeps the value, an empty deadline removes it. The
/// code never changes: entries and payment references name the project by it.
#[derive(Clone, Debug, Default)]
pub struct ProjectChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub goal: Option<String>,
    pub deadline: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct NewProject {
    pub title: String,
    pub goal: String,
    pub description: Option<String>,
    pub deadline: Option<String>,
    pub code: Option<String>,
    pub status: Option<String>,
}

pub(crate) fn validate_code(code: &str) -> Result<String> {
    let c = code.trim().to_ascii_uppercase();
    let ok = (2..=24).contains(&c.len())
        && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        && c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic());
    if !ok {
        return Err(AppError::invalid(
            Field::Code,
            Text::new(Key::ProjectCodeShape).arg("code", code.trim()),
        ));
    }
    if c.eq_ignore_ascii_case(GENERAL_FUND) {
        return Err(AppError::invalid(
            Field::Code,
            Text::new(Key::ProjectCodeGeneral).arg("code", GENERAL_FUND),
        ));
    }
    Ok(c)
}

fn code_from_title(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_uppercase();
    let words: Vec<String> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut code = String::new();
    for w in words {
        let next = if code.is_empty() {
            w
        } else {
            format!("{code}-{w}")
        };
        if next.len() > 20 {
            break;
        }
        code = next;
    }
    if code.len() < 2
        || !code.starts_with(|c: char| c.is_ascii_alphabetic())
        || code.eq_ignore_ascii_case(GENERAL_FUND)
    {
        code = format!("P-{code}").trim_end_matches('-').to_string();
        if code.len() < 3 {
            code = "PROJECT".into();
        }
    }
    code
}

impl Books {
    /// Moves a project to another stage: proposed, open, funded, done or cancelled.
    pub fn set_project_status(&mut self, project: &str, status: &str) -> Result<ProjectStatus> {
        self.organiser_only("changing a project")?;
        let id = match self.find_project(Field::Subject, project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::GeneralFundStatus),
                ));
            }
        };
        let status = status
            .parse::<ProjectStatus>()
            .map_err(|e| AppError::invalid(Field::NewStatus, e))?;
        let now = self.now();
        self.parts()
            .0
            .write(|w| w.set_project_status(id, status, now))?;
        Ok(status)
    }

    pub fn add_project(&mut self, new: NewProject) -> Result<ProjectId> {
        self.organiser_only("adding a project")?;
        let title = input::required_line(Field::Title, &new.title)?;
        let currency = self.currency();
        let locale = self.association().locale.clone();
        let goal = input::amount(
            Field::Goal,
            &new.goal,
            currency,
            &locale,
            Amount::ceiling(currency),
        )?;
        let deadline = new
            .deadline
            .as_deref()
            .map(|d| input::date(Field::Deadline, d))
            .transpose()?;
        let description =
            input::optional_text(Field::Description, new.description.as_deref().unwrap_or(""))?;
        let status = match new.status.as_deref() {
            Some(s) => s
                .parse::<ProjectStatus>()
                .map_err(|e| AppError::invalid(Field::Status, e))?,
            None => ProjectStatus::Open,
        };
        let code = match new.code.as_deref() {
            Some(c) => {
                let code = validate_code(c)?;
                if store::project_code_taken(self.store().conn(), &code)? {
                    return Err(AppError::refused_at(
                        Field::Code,
                        Text::new(Key::ProjectCodeTaken).arg("code", &code),
                    ));
                }
                code
            }
            None => self.unused_code(&title)?,
        };
        let now = self.now();
        let project = Project {
            id: ProjectId::from_uuid(self.new_id(now)),
            code,
            title,
            description,
            goal,
            deadline,
            status,
        };
        self.parts().0.write(|w| w.insert_project(&project, now))?;
        Ok(project.id)
    }

    /// A code made from the title ("Street trees" → STREET-TREES), numbered if taken.
    fn unused_code(&self, title: &str) -> Result<String> {
        let base = code_from_title(title);
        for n in 1.. {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if !store::project_code_taken(self.store().conn(), &candidate)? {
                return Ok(candidate);
            }
        }
        unreachable!("some numbered code is free")
    }

    pub fn projects(&self) -> Result<Vec<store::ProjectWithFigures>> {
        Ok(store::projects(self.store().conn(), self.currency())?)
    }

    pub fn project(&self, id: ProjectId) -> Result<store::ProjectWithFigures> {
        store::project_with_figures(self.store().conn(), self.currency(), id)?.ok_or_else(|| {
            AppError::not_found(
                Text::new(Key::ProjectNotFound)
                    .arg("reference", id)
                    .arg("general", GENERAL_FUND),
            )
        })
    }

    /// Changes a project's title, description, goal or deadline.
    pub fn update_project(
        &mut self,
        project: &str,
        change: ProjectChange,
    ) -> Result<store::ProjectWithFigures> {
        self.organiser_only("changing a project")?;
        let id = match self.find_project(Field::Subject, project)? {
            ProjectKey::Project(id) => id,
            ProjectKey::GeneralFund => {
                return Err(AppError::invalid(
                    Field::Subject,
                    Text::new(Key::GeneralFundDetails),
                ));
            }
        };
        let mut p = self.project(id)?.project;
        if let Some(title) = change.title.as_deref() {
            p.title = input::required_line(Field::Title, title)?;
        }
        if let Some(description) = change.description.as_deref() {
            p.description = input::optional_text(Field::Description, description)?;
        }
        if let Some(goal) = change.goal.as_deref() {
            let a = self.association();
            p.goal = input::amount(
                Field::Goal,
                goal,
                a.currency,
                &a.locale,
                Amount::ceiling(a.currency),
            )?;
        }
        match change.deadline.as_deref().map(str::trim) {
            None => {}
            Some("") => p.deadline = None,
            Some(d) => p.deadline = Some(input::date(Field::Deadline, d)?),
        }
        self.parts().0.write(|w| w.update_project(&p))?;
        self.project(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_titles() {
        assert_eq!(code_from_title("Street trees"), "STREET-TREES");
        assert_eq!(
            code_from_title("Spielplatz Ülmenweg"),
            "SPIELPLATZ-ULMENWEG"
        );
        assert_eq!(
            code_from_title("A bench on the square by the old lime tree"),
            "A-BENCH-ON-THE"
        );
        assert_eq!(code_from_title("42"), "P-42");
        assert_eq!(code_from_title("!!"), "PROJECT");
        assert_eq!(code_from_title("General"), "P-GENERAL");
    }
}
