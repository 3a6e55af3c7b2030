//! Projects: the list, a new project, its status and settings.

use commonpot_app::{NewProject, ProjectChange};
use tauri::State;

use crate::dto::{NewProjectDto, ProjectChangeDto, ProjectDto};
use crate::session::{Result, Session};

#[tauri::command]
#[specta::specta]
pub fn projects(session: State<'_, Session>) -> Result<Vec<ProjectDto>> {
    session.with(|books, _| {
        let locale = books.association().locale.clone();
        Ok(books
            .projects()?
            .iter()
            .map(|p| ProjectDto::new(p, &locale))
            .collect())
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_project(session: State<'_, Session>, project: NewProjectDto) -> Result<String> {
    session.with(|books, _| {
        let id = books.add_project(NewProject {
            title: project.title,
            goal: project.goal,
            description: project.description,
            deadline: project.deadline,
            code: project.code,
            status: None,
        })?;
        Ok(id.to_string())
    })
}

#[tauri::command]
#[specta::specta]
pub fn set_project_status(
    session: State<'_, Session>,
    project: String,
    status: String,
) -> Result<String> {
    session.with(|books, _| Ok(books.set_project_status(&project, &status)?.to_string()))
}

#[tauri::command]
#[specta::specta]
pub fn update_project(
    session: State<'_, Session>,
    project: String,
    change: ProjectChangeDto,
) -> Result<ProjectDto> {
    session.with(|books, _| {
        let p = books.update_project(
            &project,
            ProjectChange {
                title: Some(change.title),
                description: Some(change.description),
                goal: Some(change.goal),
                deadline: Some(change.deadline),
            },
        )?;
        Ok(ProjectDto::new(&p, &books.association().locale))
    })
}
