//! `project`: creating projects, their settings and status.

use std::process::ExitCode;

use clap::Subcommand;
use commonpot_app::{NewProject, ProjectChange, Result};

use super::context::Context;
use crate::output;

#[derive(Subcommand)]
pub(crate) enum ProjectCommand {
    /// Create a project. Prints the new project's id.
    Add {
        #[arg(long, value_name = "T")]
        title: String,
        /// The amount the project needs.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        goal: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
        /// A short code to refer to it, such as TREES (default: made from the title).
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        #[arg(long, value_name = "T")]
        description: Option<String>,
        /// proposed, open, funded, done or cancelled (default open).
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
    },
    /// Change a project's title, goal, deadline or description (its code stays).
    Set {
        #[arg(value_name = "REF")]
        project: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        goal: Option<String>,
        /// YYYY-MM-DD, or "" to remove it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
        #[arg(long, value_name = "T")]
        description: Option<String>,
    },
    /// Move a project to another stage: proposed, open, funded, done or cancelled. A cancelled
    /// project takes no more contributions.
    Status {
        #[arg(value_name = "REF")]
        project: String,
        #[arg(value_name = "STATUS")]
        status: String,
    },
    /// List projects with goal, raised, spent, balance, contributors and progress.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn project(command: ProjectCommand, cx: &Context) -> Result<ExitCode> {
    match command {
        ProjectCommand::Set {
            project,
            title,
            goal,
            deadline,
            description,
        } => {
            let changed = cx.open()?.update_project(
                &project,
                ProjectChange {
                    title,
                    description,
                    goal,
                    deadline,
                },
            )?;
            println!("{} updated", changed.project.code);
        }
        ProjectCommand::Status { project, status } => {
            let status = cx.open()?.set_project_status(&project, &status)?;
            println!("{} is now {status}", project.trim());
        }
        ProjectCommand::Add {
            title,
            goal,
            deadline,
            code,
            description,
            status,
        } => {
            let id = cx.open()?.add_project(NewProject {
                title,
                goal,
                description,
                deadline,
                code,
                status,
            })?;
            println!("{id}");
        }
        ProjectCommand::List { json } => {
            output::projects(&cx.open()?, json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
