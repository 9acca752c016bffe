//! `/mal`: the organisation's goals — list, new, edit, delete and the share
//! toggle. Upphandlare, miljöstrateg and admin change goals; everyone in the
//! organisation reads them. Bad input re-renders the form with the user's
//! values and the errors.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::results::GOAL_KINDS;
use upphandla_store::{Goal, GoalInput, Role};

use super::super::spend::audit;
use super::super::{Page, fmt, path_id, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

#[derive(Deserialize, Default, Clone)]
pub struct GoalForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    base_year: String,
    #[serde(default)]
    base_value: String,
    #[serde(default)]
    target_year: String,
    #[serde(default)]
    target_value: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    shared: String,
}

impl GoalForm {
    fn from_goal(g: &Goal) -> GoalForm {
        let num = |v: f64| {
            let s = format!("{v}");
            s.replace('.', ",")
        };
        GoalForm {
            kind: g.kind.clone(),
            title: g.title.clone(),
            base_year: g.base_year.to_string(),
            base_value: num(g.base_value),
            target_year: g.target_year.to_string(),
            target_value: num(g.target_value),
            note: g.note.clone(),
            shared: if g.shared { "1".into() } else { String::new() },
        }
    }
}

pub struct KindChoice {
    pub key: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

pub struct GoalView {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub base: String,
    pub target: String,
    pub note: String,
    pub shared: bool,
}

#[derive(Template)]
#[template(path = "results_goals.html")]
struct GoalsPage {
    page: Page,
    may_edit: bool,
    goals: Vec<GoalView>,
    /// `None` on the list page (new goal form) when editing is not allowed.
    editing: Option<i64>,
    form: GoalForm,
    kinds: Vec<KindChoice>,
    errors: Vec<(&'static str, String)>,
    notice: &'static str,
}

/// Goals are set by the roles that own strategy and procurement.
fn may_edit(ctx: &Ctx) -> bool {
    [Role::Upphandlare, Role::Miljostrateg, Role::Admin]
        .into_iter()
        .any(|r| ctx.has(r))
}

fn require(ctx: &Ctx) -> AppResult<()> {
    if may_edit(ctx) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The organisation's goal `raw` (404 otherwise, also for another
/// organisation's goal), for someone who may change it (403 otherwise).
async fn load_for_edit(state: &AppState, ctx: &Ctx, raw: &str) -> AppResult<Goal> {
    let goal = state
        .store
        .goal(ctx.org_id(), path_id(raw)?)
        .await?
        .ok_or(AppError::NotFound)?;
    require(ctx)?;
    Ok(goal)
}

fn kind_name(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "fossilfri_fordonsbransle" => lang.t("res.kind_fossilfri_fordonsbransle"),
        "minskning_inkop_co2e" => lang.t("res.kind_minskning_inkop_co2e"),
        "minskning_energi" => lang.t("res.kind_minskning_energi"),
        _ => "",
    }
}

/// Reads a decimal with comma or point; NaN when it is not one (the store's
/// validation then names the field).
fn number(text: &str) -> f64 {
    text.trim()
        .replace([' ', '\u{a0}'], "")
        .replace(',', ".")
        .parse::<f64>()
        .unwrap_or(f64::NAN)
}

fn input(form: &GoalForm) -> GoalInput {
    GoalInput {
        kind: form.kind.trim().to_string(),
        title: form.title.trim().to_string(),
        base_year: form.base_year.trim().parse().unwrap_or(0),
        base_value: number(&form.base_value),
        target_year: form.target_year.trim().parse().unwrap_or(0),
        target_value: number(&form.target_value),
        note: form.note.trim().to_string(),
        shared: !form.shared.is_empty(),
    }
}

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    editing: Option<i64>,
    form: GoalForm,
    errors: Vec<(&'static str, String)>,
    notice: &'static str,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let goals = state
        .store
        .goals(ctx.org_id())
        .await?
        .into_iter()
        .map(|g| GoalView {
            id: g.id,
            kind: kind_name(&g.kind, lang),
            base: format!(
                "{}: {} {}",
                g.base_year,
                fmt::decimal_sv(g.base_value, 1),
                g.unit
            ),
            target: format!(
                "{}: {} {}",
                g.target_year,
                fmt::decimal_sv(g.target_value, 1),
                g.unit
            ),
            title: g.title,
            note: g.note,
            shared: g.shared,
        })
        .collect();
    let kinds = GOAL_KINDS
        .iter()
        .map(|k| KindChoice {
            key: k,
            name: kind_name(k, lang),
            selected: form.kind == *k,
        })
        .collect();
    let errors: Vec<(&'static str, String)> = errors
        .into_iter()
        .map(|(f, e)| {
            (
                f,
                if en {
                    e.split(" / ").last().unwrap_or(&e).to_string()
                } else {
                    e
                },
            )
        })
        .collect();
    let title = lang.t(if editing.is_some() {
        "res.goal_edit"
    } else {
        "res.goals_page"
    });
    let status = if errors_present(&errors) {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = GoalsPage {
        page: Page::new(ctx, "results", title),
        may_edit: may_edit(ctx),
        goals,
        editing,
        form,
        kinds,
        errors,
        notice: if notice.is_empty() {
            ""
        } else {
            lang.t(notice)
        },
    };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    Ok(response)
}

fn errors_present(errors: &[(&'static str, String)]) -> bool {
    !errors.is_empty()
}

fn field_errors(input: &GoalInput) -> Vec<(&'static str, String)> {
    input
        .validate()
        .into_iter()
        .map(|e| (e.field, format!("{} / {}", e.sv, e.en)))
        .collect()
}

pub async fn list(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let notice = match q.get("meddelande").map(String::as_str) {
        Some("sparat") => "res.notice_saved",
        Some("borttaget") => "res.notice_deleted",
        _ => "",
    };
    let form = GoalForm {
        kind: GOAL_KINDS[0].into(),
        ..Default::default()
    };
    render_page(&state, &ctx, None, form, Vec::new(), notice).await
}

pub async fn create(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    require(&ctx)?;
    let goal = input(&form);
    let errors = field_errors(&goal);
    if !errors.is_empty() {
        return render_page(&state, &ctx, None, form, errors, "").await;
    }
    let id = state.store.create_goal(ctx.org_id(), &goal).await?;
    audit(
        &state,
        &ctx,
        "goal.create",
        &format!("{id}: {}", goal.title),
    )
    .await?;
    Ok(Redirect::to("/mal?meddelande=sparat").into_response())
}

pub async fn edit(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let goal = load_for_edit(&state, &ctx, &id).await?;
    let id = goal.id;
    render_page(
        &state,
        &ctx,
        Some(id),
        GoalForm::from_goal(&goal),
        Vec::new(),
        "",
    )
    .await
}

pub async fn update(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    let id = load_for_edit(&state, &ctx, &id).await?.id;
    let goal = input(&form);
    let errors = field_errors(&goal);
    if !errors.is_empty() {
        return render_page(&state, &ctx, Some(id), form, errors, "").await;
    }
    if !state.store.update_goal(ctx.org_id(), id, &goal).await? {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "goal.update",
        &format!("{id}: {}", goal.title),
    )
    .await?;
    Ok(Redirect::to("/mal?meddelande=sparat").into_response())
}

pub async fn delete(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = load_for_edit(&state, &ctx, &id).await?.id;
    if !state.store.delete_goal(ctx.org_id(), id).await? {
        return Err(AppError::NotFound);
    }
    audit(&state, &ctx, "goal.delete", &id.to_string()).await?;
    Ok(Redirect::to("/mal?meddelande=borttaget").into_response())
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    shared: String,
}

pub async fn share(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let id = load_for_edit(&state, &ctx, &id).await?.id;
    let shared = form.shared == "1";
    state
        .store
        .set_goal_shared(ctx.org_id(), id, shared)
        .await?;
    audit(&state, &ctx, "goal.share", &format!("{id}: {shared}")).await?;
    Ok(Redirect::to("/mal?meddelande=sparat").into_response())
}
