//! A contract's page: its details, how soon the next procurement must start,
//! sharing with the coordinating body, and delete with a confirmation.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_store::{Contract, ContractSource};

use super::super::{Page, render};
use super::{ACTIVE, Line, audit, line, load, may_edit, require_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

#[derive(Template)]
#[template(path = "contract_show.html")]
struct ShowPage {
    page: Page,
    c: Line,
    /// The contract itself, for sections other areas add (see contract_followup.html).
    contract: Contract,
    options_note: String,
    source: &'static str,
    created: String,
    updated: String,
    may_edit: bool,
    notice: &'static str,
    /// The organisation has a coordinating body to share with.
    coordinated: bool,
}

fn source_key(s: ContractSource) -> &'static str {
    match s {
        ContractSource::Import => "contracts.source_import",
        ContractSource::Award => "contracts.source_award",
        ContractSource::Manual => "contracts.source_manual",
    }
}

fn notice_key(q: &HashMap<String, String>) -> &'static str {
    match q.get("meddelande").map(String::as_str) {
        Some("skapat") => "contracts.notice_created",
        Some("sparat") => "contracts.notice_saved",
        Some("delat") => "contracts.notice_shared",
        Some("odelat") => "contracts.notice_unshared",
        _ => "",
    }
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let lang = ctx.lang;
    let today = state.clock.today();
    let coordinated = !state.store.coordinators_of(ctx.org_id()).await?.is_empty();
    render(&ShowPage {
        page: Page::new(&ctx, ACTIVE, c.title.clone()),
        c: line(&c, today, lang),
        options_note: c.options_note.clone(),
        source: source_key(c.source),
        created: super::fmt::datetime(c.created_at),
        updated: super::fmt::datetime(c.updated_at),
        may_edit: may_edit(&ctx),
        notice: notice_key(&q),
        coordinated,
        contract: c,
    })
}

#[derive(Template)]
#[template(path = "contract_delete.html")]
struct DeletePage {
    page: Page,
    c: Line,
}

pub(super) async fn delete_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require_edit(&ctx)?;
    let title = format!("{}: {}", ctx.lang.t("contracts.delete"), c.title);
    render(&DeletePage {
        page: Page::new(&ctx, ACTIVE, title),
        c: line(&c, state.clock.today(), ctx.lang),
    })
}

pub(super) async fn delete(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require_edit(&ctx)?;
    if !state.store.delete_contract(ctx.org_id(), c.id).await? {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "contracts.delete",
        &format!("avtal {}: {} ({})", c.id, c.title, c.supplier_name),
    )
    .await?;
    Ok(Redirect::to("/avtal?meddelande=borttaget").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    /// "1" to share, anything else to stop sharing.
    pub dela: String,
}

pub(super) async fn share(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require_edit(&ctx)?;
    let shared = form.dela == "1";
    if !state
        .store
        .set_contract_shared(ctx.org_id(), c.id, shared)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "contracts.share",
        &format!(
            "avtal {}: {}",
            c.id,
            if shared {
                "delas med samordnaren"
            } else {
                "delas inte"
            }
        ),
    )
    .await?;
    let msg = if shared { "delat" } else { "odelat" };
    Ok(Redirect::to(&format!("/avtal/{}?meddelande={msg}", c.id)).into_response())
}
