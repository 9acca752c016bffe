//! A procurement's overview: details, the stepper, the current stage with
//! its checklist and close, the RACI of its stages with the team's names,
//! the team editor, and links to criteria, baseline, bids and documents.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::process::{Stage, procedure_band};
use upphandla_store::{Procurement, ProcurementStatus, Role, UserId};

use super::super::{Page, render};
use super::list::{BandView, band_view};
use super::stages::{RaciRow, StageView, owners, raci_rows, stage_view};
use super::{
    Step, ambition_name, audit, category_name, kr, load, matrix_roles, path_id, period_text,
    require_edit, role_name, status_name, stepper,
};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub struct Details {
    pub reference: String,
    pub description: String,
    pub cpv: String,
    pub category: String,
    pub value: String,
    pub band: BandView,
    pub period: String,
    pub options: String,
    pub ambition: String,
    pub status: &'static str,
    pub demo: bool,
}

pub struct TeamLine {
    pub user_id: i64,
    pub name: String,
    pub role: &'static str,
    pub role_key: &'static str,
}

#[derive(Template)]
#[template(path = "procurement_show.html")]
struct ShowPage {
    page: Page,
    id: i64,
    title: String,
    details: Details,
    steps: Vec<Step>,
    stage: Option<StageView>,
    raci: Vec<RaciRow>,
    /// Per role column: the team's names (empty: nobody named).
    role_names: Vec<(&'static str, String)>,
    team: Vec<TeamLine>,
    users: Vec<(i64, String)>,
    roles: Vec<(&'static str, &'static str)>,
    criteria: usize,
    baseline: String,
    /// The register's contract made from this procurement: (id, supplier).
    contract: Option<(i64, String)>,
    notice: &'static str,
    back: &'static str,
}

fn notice_key(q: &HashMap<String, String>) -> &'static str {
    match q.get("meddelande").map(String::as_str) {
        Some("skapad") => "proc.notice_created",
        Some("sparad") => "proc.notice_saved",
        Some("stangt") => "proc.notice_closed",
        Some("oppnat") => "proc.notice_reopened",
        _ => "",
    }
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let lang = ctx.lang;
    let org = ctx.org_id();
    let stages = state.store.procurement_stages(org, p.id).await?;
    let checklist = state.store.checklist(org, p.id).await?;
    let overrides = state.store.org_raci(org).await?;
    let team = state.store.procurement_team(org, p.id).await?;
    let chosen = state.store.procurement_criteria(org, p.id).await?;
    let current = Stage::parse(&p.stage).unwrap_or(Stage::Behovsanalys);
    let stage = (p.status == ProcurementStatus::Active).then(|| {
        let mut v = stage_view(&p, current, &stages, &checklist, lang);
        v.owners = owners(current, &overrides, &team, lang);
        v
    });
    let (_, raci) = raci_rows(&overrides, lang);
    let role_names = matrix_roles()
        .into_iter()
        .map(|role| {
            let names: Vec<&str> = team
                .iter()
                .filter(|m| m.role == role)
                .map(|m| m.name.as_str())
                .collect();
            (role_name(role, lang), names.join(", "))
        })
        .collect();
    let users = if ctx.can_edit() {
        state
            .store
            .organisation_users(org)
            .await?
            .into_iter()
            .filter(|u| !u.user.disabled)
            .map(|u| (u.user.id.0, u.user.name))
            .collect()
    } else {
        Vec::new()
    };
    let today = state.clock.today();
    let page = ShowPage {
        page: Page::new(&ctx, "procurements", p.title.clone()),
        id: p.id,
        title: p.title.clone(),
        details: details(&p, today, lang),
        steps: stepper(&p, &stages, None, lang),
        stage,
        raci,
        role_names,
        team: team
            .iter()
            .map(|m| TeamLine {
                user_id: m.user_id.0,
                name: m.name.clone(),
                role: role_name(m.role, lang),
                role_key: m.role.key(),
            })
            .collect(),
        users,
        roles: matrix_roles()
            .into_iter()
            .map(|r| (r.key(), role_name(r, lang)))
            .collect(),
        criteria: chosen.len(),
        baseline: baseline_summary(&p, lang),
        contract: state
            .store
            .contract_for_procurement(ctx.org_id(), p.id)
            .await?
            .map(|c| (c.id, c.supplier_name)),
        notice: notice_key(&q),
        back: "",
    };
    render(&page)
}

fn details(p: &Procurement, today: upphandla_core::date::Date, lang: Lang) -> Details {
    Details {
        reference: p.reference.clone(),
        description: p.description.clone(),
        cpv: p.cpv_codes.join(", "),
        category: if p.spend_category.is_empty() {
            String::new()
        } else {
            category_name(&p.spend_category, lang)
        },
        value: kr(p.estimated_value.0),
        band: band_view(&procedure_band(p.estimated_value, today), lang),
        period: period_text(p),
        options: p.options.clone(),
        ambition: ambition_name(p.ambition.as_deref(), lang),
        status: status_name(p.status, lang),
        demo: p.demo,
    }
}

fn baseline_summary(p: &Procurement, lang: Lang) -> String {
    match &p.baseline {
        None => String::new(),
        Some(b) => {
            let mut s = format!(
                "{} {} ({})",
                super::fmt::tonnes_sv(b.kg_co2e),
                lang.t("proc.tonnes"),
                lang.t(&format!("proc.method_{}", b.method.key()))
            );
            if let Some(kwh) = b.kwh {
                s.push_str(&format!(", {} kWh", super::fmt::decimal_sv(kwh, 0)));
            }
            s
        }
    }
}

#[derive(Deserialize)]
pub struct TeamForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    role: String,
}

fn team_role(raw: &str) -> AppResult<Role> {
    Role::parse(raw)
        .filter(|r| matrix_roles().contains(r))
        .ok_or_else(|| AppError::BadRequest("okänd roll / unknown role".into()))
}

pub async fn team_add(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let role = team_role(&form.role)?;
    let user = UserId(
        path_id(&form.user)
            .map_err(|_| AppError::BadRequest("välj en person / choose a person".into()))?,
    );
    if !state
        .store
        .add_team_member(ctx.org_id(), p.id, user, role)
        .await?
    {
        return Err(AppError::BadRequest(
            "personen är inte medlem i organisationen / the person is not a member of the organisation"
                .into(),
        ));
    }
    audit(
        &state,
        &ctx,
        "procurement.team_add",
        &format!("{}: användare {} som {}", p.id, user.0, role.key()),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}#team", p.id)).into_response())
}

pub async fn team_remove(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<TeamForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let role = team_role(&form.role)?;
    let user = UserId(path_id(&form.user)?);
    state
        .store
        .remove_team_member(ctx.org_id(), p.id, user, role)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.team_remove",
        &format!("{}: användare {} som {}", p.id, user.0, role.key()),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}#team", p.id)).into_response())
}
