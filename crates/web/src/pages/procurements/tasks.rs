//! Mina uppgifter: for the signed-in person, across the organisation's
//! active procurements, the current stages they are responsible (R) or
//! accountable (A) for — through the team, or through an organisation role
//! nobody on the team holds — with the open checklist items, and for A the
//! close of the stage. Ordered by the stage's due date, those with a date
//! first; a stage without one says so (the contract start is not used).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use upphandla_core::process::{self, Stage};

use super::super::{Page, render};
use super::{default_letter, english, role_name};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

pub struct OpenItem {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
}

/// One procurement's task for the person.
pub struct TaskLine {
    pub id: i64,
    pub title: String,
    pub stage_key: &'static str,
    pub stage: &'static str,
    /// The current stage's due date, or empty when none is set.
    pub due: String,
    /// "Upphandlare (R), Beställare (A)"
    pub roles: String,
    pub accountable: bool,
    pub open: Vec<OpenItem>,
    /// Required items still open.
    pub open_required: usize,
    pub demo: bool,
}

/// The person's tasks, most urgent first.
pub async fn task_lines(state: &AppState, ctx: &Ctx) -> AppResult<Vec<TaskLine>> {
    let lang = ctx.lang;
    let en = english(lang);
    let rows = state
        .store
        .my_tasks(ctx.org_id(), ctx.user.id, default_letter)
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let Some(stage) = Stage::parse(&row.stage) else {
            continue;
        };
        let open: Vec<OpenItem> = process::guide(stage)
            .checklist
            .iter()
            .filter(|i| {
                !row.done_items.iter().any(|d| d == i.key)
                    && !super::done_by_data(&row.procurement, i.key)
            })
            .map(|i| OpenItem {
                key: i.key,
                label: i.label.get(en),
                required: i.required,
            })
            .collect();
        out.push(TaskLine {
            id: row.procurement.id,
            title: row.procurement.title.clone(),
            stage_key: stage.key(),
            stage: stage.name().get(en),
            due: row.due.map(|d| d.to_string()).unwrap_or_default(),
            roles: row
                .letters
                .iter()
                .map(|(r, l)| format!("{} ({l})", role_name(*r, lang)))
                .collect::<Vec<_>>()
                .join(", "),
            accountable: row.letters.iter().any(|(_, l)| l == "A"),
            open_required: open.iter().filter(|i| i.required).count(),
            open,
            demo: row.procurement.demo,
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "procurement_tasks.html")]
struct TasksPage {
    page: Page,
    tasks: Vec<TaskLine>,
}

pub async fn page(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    let tasks = task_lines(&state, &ctx).await?;
    let page = TasksPage {
        page: Page::new(&ctx, "tasks", ctx.t("proc.tasks_title")),
        tasks,
    };
    render(&page)
}
