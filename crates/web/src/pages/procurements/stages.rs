//! A stage of a procurement: its guidance, checklist, due date and close
//! (with the reason required when required items are open), and the
//! organisation's RACI matrix.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::process::{self, Stage};
use upphandla_formats::number::parse_date;
use upphandla_store::{
    ChecklistRow, Procurement, ProcurementStatus, RaciOverride, Role, StageClose, StageRow,
};

use super::super::{Page, fmt, render};
use super::{
    Step, audit, english, letter, load, matrix_roles, parse_stage, require_active, require_edit,
    role_name, stepper,
};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub struct LegalView {
    pub text: &'static str,
    pub source: &'static str,
}

pub struct ItemView {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
    pub done: bool,
    /// Done because the procurement's data is there (no tick to change).
    pub from_data: bool,
    /// Where that data is set, for an item that follows the data.
    pub data_href: String,
    /// "Name, YYYY-MM-DD HH:MM" when done.
    pub done_text: String,
    pub note: String,
}

/// Everything the stage part of a page shows.
pub struct StageView {
    pub key: &'static str,
    pub name: &'static str,
    pub n: usize,
    pub current: bool,
    pub closed: bool,
    pub closed_text: String,
    pub override_reason: String,
    pub due: String,
    pub steps: Vec<&'static str>,
    pub why: &'static str,
    pub outputs: &'static str,
    pub legal: Vec<LegalView>,
    pub items: Vec<ItemView>,
    /// Labels of the required items not done.
    pub open_required: Vec<&'static str>,
    /// The procurement is active (its checklist may be changed).
    pub active: bool,
    /// The stage may be closed now (current stage of an active procurement).
    pub can_close: bool,
    /// The stage may be made current again (closed, or the procurement ended in it).
    pub can_reopen: bool,
    /// Why the last close was refused (tied to the reason field).
    pub close_error: String,
    pub reason: String,
    /// Roles with R or A in this stage, with the names of who holds them.
    pub owners: Vec<(String, String)>,
}

/// "1. Do this" → "Do this".
fn strip_number(line: &str) -> &str {
    let t = line.trim();
    match t.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => t,
    }
}

pub(super) fn stage_view(
    p: &Procurement,
    stage: Stage,
    stages: &[StageRow],
    checklist: &[ChecklistRow],
    lang: Lang,
) -> StageView {
    let en = english(lang);
    let guide = process::guide(stage);
    let row = stages.iter().find(|r| r.stage == stage.key());
    let closed = row.is_some_and(|r| r.closed_at.is_some());
    let items: Vec<ItemView> = guide
        .checklist
        .iter()
        .map(|item| {
            let stored = checklist
                .iter()
                .find(|c| c.stage == stage.key() && c.item_key == item.key);
            let data = super::done_from_data(p, item.key);
            let from_data = data.as_ref().is_some_and(|(d, _)| *d);
            let ticked = stored.is_some_and(|c| c.done);
            let done = ticked || from_data;
            ItemView {
                from_data,
                data_href: data.map(|(_, href)| href).unwrap_or_default(),
                key: item.key,
                label: item.label.get(en),
                help: item.help.get(en),
                required: item.required,
                done,
                done_text: match stored {
                    Some(c) if ticked => format!(
                        "{}, {}",
                        c.done_by_name,
                        c.done_at.map(fmt::datetime).unwrap_or_default()
                    ),
                    _ => String::new(),
                },
                note: stored.map(|c| c.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let open_required = items
        .iter()
        .filter(|i| i.required && !i.done)
        .map(|i| i.label)
        .collect();
    let current = p.stage == stage.key();
    let active = p.status == ProcurementStatus::Active;
    StageView {
        key: stage.key(),
        name: stage.name().get(en),
        n: stage.index() + 1,
        current: current && active,
        closed,
        closed_text: row
            .filter(|r| r.closed_at.is_some())
            .map(|r| {
                format!(
                    "{}, {}",
                    r.closed_by_name,
                    r.closed_at.map(fmt::datetime).unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        override_reason: row.map(|r| r.override_reason.clone()).unwrap_or_default(),
        due: row
            .and_then(|r| r.due_date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        steps: guide
            .what
            .get(en)
            .lines()
            .map(strip_number)
            .filter(|l| !l.is_empty())
            .collect(),
        why: guide.why_climate.get(en),
        outputs: guide.outputs.get(en),
        legal: guide
            .legal
            .iter()
            .map(|l| LegalView {
                text: l.text.get(en),
                source: l.source,
            })
            .collect(),
        items,
        open_required,
        active,
        can_close: current && active,
        can_reopen: closed || (current && !active),
        close_error: String::new(),
        reason: String::new(),
        owners: Vec::new(),
    }
}

/// For each role with R or A in `stage`: (role and letter, who holds it on
/// the team, else "the organisation's …").
pub(super) fn owners(
    stage: Stage,
    overrides: &[RaciOverride],
    team: &[upphandla_store::TeamMember],
    lang: Lang,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for role in matrix_roles() {
        let Some(l) = letter(overrides, stage, role.key()) else {
            continue;
        };
        if l != "R" && l != "A" {
            continue;
        }
        let names: Vec<&str> = team
            .iter()
            .filter(|m| m.role == role)
            .map(|m| m.name.as_str())
            .collect();
        let who = if names.is_empty() {
            lang.t("proc.team_nobody").to_string()
        } else {
            names.join(", ")
        };
        out.push((format!("{} ({l})", role_name(role, lang)), who));
    }
    out
}

#[derive(Template)]
#[template(path = "procurement_stage.html")]
struct StagePage {
    page: Page,
    id: i64,
    title: String,
    steps: Vec<Step>,
    stage: StageView,
    back: &'static str,
}

async fn stage_page(
    state: &AppState,
    ctx: &Ctx,
    p: &Procurement,
    stage: Stage,
    close_error: Option<(String, String)>,
) -> AppResult<Response> {
    let org = ctx.org_id();
    let stages = state.store.procurement_stages(org, p.id).await?;
    let checklist = state.store.checklist(org, p.id).await?;
    let overrides = state.store.org_raci(org).await?;
    let team = state.store.procurement_team(org, p.id).await?;
    let mut view = stage_view(p, stage, &stages, &checklist, ctx.lang);
    view.owners = owners(stage, &overrides, &team, ctx.lang);
    let refused = close_error.is_some();
    if let Some((error, reason)) = close_error {
        view.close_error = error;
        view.reason = reason;
    }
    let page = StagePage {
        page: Page::new(ctx, "procurements", format!("{} – {}", view.name, p.title)),
        id: p.id,
        title: p.title.clone(),
        steps: stepper(p, &stages, Some(stage), ctx.lang),
        stage: view,
        back: "steg",
    };
    let mut response = render(&page)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path((id, stage)): Path<(String, String)>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let stage = parse_stage(&stage)?;
    stage_page(&state, &ctx, &p, stage, None).await
}

/// Where a stage form sends the user back to: the overview or the stage page.
fn back_to(p: &Procurement, stage: Stage, back: &str, anchor: &str) -> String {
    if back == "steg" {
        format!("/upphandlingar/{}/steg/{}#{anchor}", p.id, stage.key())
    } else if back == "uppgifter" {
        format!("/uppgifter#upphandling-{}", p.id)
    } else {
        format!("/upphandlingar/{}#{anchor}", p.id)
    }
}

#[derive(Deserialize)]
pub struct ToggleForm {
    #[serde(default)]
    item: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    back: String,
}

pub async fn toggle(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path((id, stage)): Path<(String, String)>,
    Form(form): Form<ToggleForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let stage = parse_stage(&stage)?;
    require_edit(&ctx)?;
    require_active(&p)?;
    let item = process::guide(stage)
        .checklist
        .iter()
        .find(|i| i.key == form.item)
        .ok_or_else(|| AppError::BadRequest("okänd punkt / unknown item".into()))?;
    let done = form.done == "1";
    let note: String = form.note.chars().take(1000).collect();
    state
        .store
        .set_checklist_item(
            ctx.org_id(),
            p.id,
            stage.key(),
            item.key,
            done,
            &note,
            ctx.user.id,
        )
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.checklist",
        &format!(
            "{}: {} {} {}",
            p.id,
            stage.key(),
            item.key,
            if done { "klar" } else { "ej klar" }
        ),
    )
    .await?;
    Ok(Redirect::to(&back_to(
        &p,
        stage,
        &form.back,
        &format!("punkt-{}", item.key),
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

pub async fn close(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path((id, stage)): Path<(String, String)>,
    Form(form): Form<CloseForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let stage = parse_stage(&stage)?;
    require_edit(&ctx)?;
    // Items done by the procurement's data (ambition, value, baseline) do
    // not block the close.
    let required: Vec<&str> = process::guide(stage)
        .checklist
        .iter()
        .filter(|i| i.required && !super::done_by_data(&p, i.key))
        .map(|i| i.key)
        .collect();
    let reason: String = form.reason.trim().chars().take(2000).collect();
    let outcome = state
        .store
        .close_stage(
            ctx.org_id(),
            p.id,
            stage.key(),
            &required,
            stage.next().map(|s| s.key()),
            &reason,
            ctx.user.id,
        )
        .await?;
    match outcome {
        StageClose::NotFound => Err(AppError::NotFound),
        StageClose::NotCurrent => Err(AppError::BadRequest(
            "steget är inte upphandlingens aktuella steg / the stage is not the procurement's current stage"
                .into(),
        )),
        StageClose::ReasonRequired { .. } => {
            let error = ctx.t("proc.close_reason_required").to_string();
            stage_page(&state, &ctx, &p, stage, Some((error, reason))).await
        }
        StageClose::Closed { next } => {
            let detail = if reason.is_empty() {
                format!("{}: {}", p.id, stage.key())
            } else {
                format!("{}: {} (öppna punkter, skäl: {reason})", p.id, stage.key())
            };
            audit(&state, &ctx, "procurement.stage_close", &detail).await?;
            let target = match (form.back.as_str(), next) {
                ("steg", Some(next)) => {
                    format!("/upphandlingar/{}/steg/{next}?meddelande=stangt", p.id)
                }
                _ => format!("/upphandlingar/{}?meddelande=stangt", p.id),
            };
            Ok(Redirect::to(&target).into_response())
        }
    }
}

pub async fn reopen(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path((id, stage)): Path<(String, String)>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let stage = parse_stage(&stage)?;
    require_edit(&ctx)?;
    let later: Vec<&str> = Stage::ALL[stage.index() + 1..]
        .iter()
        .map(|s| s.key())
        .collect();
    if !state
        .store
        .reopen_stage(ctx.org_id(), p.id, stage.key(), &later)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "procurement.stage_reopen",
        &format!("{}: {}", p.id, stage.key()),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}?meddelande=oppnat", p.id)).into_response())
}

#[derive(Deserialize)]
pub struct DueForm {
    #[serde(default)]
    due: String,
}

pub async fn due(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path((id, stage)): Path<(String, String)>,
    Form(form): Form<DueForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let stage = parse_stage(&stage)?;
    require_edit(&ctx)?;
    let raw = form.due.trim();
    let due = if raw.is_empty() {
        None
    } else {
        Some(parse_date(raw).map_err(|_| {
            AppError::BadRequest(
                "datumet ska skrivas ÅÅÅÅ-MM-DD / the date must be written YYYY-MM-DD".into(),
            )
        })?)
    };
    state
        .store
        .set_stage_due(ctx.org_id(), p.id, stage.key(), due)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.stage_due",
        &format!(
            "{}: {} {}",
            p.id,
            stage.key(),
            due.map(|d| d.to_string()).unwrap_or_default()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/upphandlingar/{}/steg/{}?meddelande=sparad",
        p.id,
        stage.key()
    ))
    .into_response())
}

// --- the organisation's RACI matrix ---

pub struct RaciCell {
    /// Form field name `c_<stage>_<role>`.
    pub field: String,
    pub letter: &'static str,
    pub default: &'static str,
    pub changed: bool,
    /// Accessible label: "<stage>, <role>".
    pub label: String,
}

pub struct RaciRow {
    pub stage: &'static str,
    pub cells: Vec<RaciCell>,
}

/// The matrix for a page: role columns and one row per stage.
pub(super) fn raci_rows(
    overrides: &[RaciOverride],
    lang: Lang,
) -> (Vec<&'static str>, Vec<RaciRow>) {
    let roles = matrix_roles();
    let heads = roles.iter().map(|r| role_name(*r, lang)).collect();
    let rows = Stage::ALL
        .iter()
        .map(|stage| {
            let name = stage.name().get(english(lang));
            RaciRow {
                stage: name,
                cells: roles
                    .iter()
                    .map(|role| {
                        let l = letter(overrides, *stage, role.key()).unwrap_or("");
                        let d = process::default_raci(*stage, role.key())
                            .map(|r| r.key())
                            .unwrap_or("");
                        RaciCell {
                            field: format!("c_{}_{}", stage.key(), role.key()),
                            letter: l,
                            default: d,
                            changed: l != d,
                            label: format!("{name}, {}", role_name(*role, lang)),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    (heads, rows)
}

#[derive(Template)]
#[template(path = "procurement_raci.html")]
struct RaciPage {
    page: Page,
    heads: Vec<&'static str>,
    rows: Vec<RaciRow>,
    may_change: bool,
    letters: Vec<(&'static str, &'static str)>,
    saved: bool,
}

/// Admin and upphandlare adjust the matrix.
fn may_change_raci(ctx: &Ctx) -> bool {
    ctx.has(Role::Admin) || ctx.has(Role::Upphandlare)
}

pub async fn raci_page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let overrides = state.store.org_raci(ctx.org_id()).await?;
    let (heads, rows) = raci_rows(&overrides, lang);
    let page = RaciPage {
        page: Page::new(&ctx, "procurements", lang.t("proc.raci_title")),
        heads,
        rows,
        may_change: may_change_raci(&ctx),
        letters: process::Raci::ALL
            .iter()
            .map(|r| (r.key(), r.name().get(english(lang))))
            .collect(),
        saved: q.get("meddelande").is_some_and(|m| m == "sparad"),
    };
    render(&page)
}

pub async fn raci_save(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    if !may_change_raci(&ctx) {
        return Err(AppError::Forbidden);
    }
    let mut cells = Vec::new();
    for stage in Stage::ALL {
        for role in matrix_roles() {
            let field = format!("c_{}_{}", stage.key(), role.key());
            let Some(value) = fields.get(&field) else {
                continue;
            };
            let value = value.trim();
            if !value.is_empty() && process::Raci::parse(value).is_none() {
                return Err(AppError::BadRequest(format!(
                    "okänd bokstav i {field} / unknown letter"
                )));
            }
            let default = process::default_raci(stage, role.key())
                .map(|r| r.key())
                .unwrap_or("");
            if value != default {
                cells.push(RaciOverride {
                    stage: stage.key().to_string(),
                    role: role.key().to_string(),
                    letter: value.to_string(),
                });
            }
        }
    }
    // Cells not sent keep their adjustment.
    for old in state.store.org_raci(ctx.org_id()).await? {
        let field = format!("c_{}_{}", old.stage, old.role);
        if !fields.contains_key(&field)
            && !cells
                .iter()
                .any(|c| c.stage == old.stage && c.role == old.role)
        {
            cells.push(old);
        }
    }
    if !state.store.replace_org_raci(ctx.org_id(), &cells).await? {
        return Err(AppError::BadRequest(
            "okänd bokstav / unknown letter".into(),
        ));
    }
    let detail = cells
        .iter()
        .map(|c| {
            format!(
                "{}/{}={}",
                c.stage,
                c.role,
                if c.letter.is_empty() { "-" } else { &c.letter }
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    audit(&state, &ctx, "raci.update", &detail).await?;
    Ok(Redirect::to("/upphandlingar/raci?meddelande=sparad").into_response())
}

pub async fn raci_reset(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    if !may_change_raci(&ctx) {
        return Err(AppError::Forbidden);
    }
    state.store.replace_org_raci(ctx.org_id(), &[]).await?;
    audit(&state, &ctx, "raci.reset", "").await?;
    Ok(Redirect::to("/upphandlingar/raci?meddelande=sparad").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_numbers_are_stripped() {
        assert_eq!(strip_number("1. Gör så här"), "Gör så här");
        assert_eq!(strip_number("12. Sist"), "Sist");
        assert_eq!(
            strip_number("Utan nummer. Fortsätter"),
            "Utan nummer. Fortsätter"
        );
    }
}
