//! `/upphandlingar/{id}/dela`: a member organisation shares a procurement
//! with its coordinating body, or stops sharing it. The page says exactly
//! what is shared and what never is.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::procurements::load;
use super::super::{Page, path_id, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

#[derive(Template)]
#[template(path = "coordination_share.html")]
struct SharePage {
    page: Page,
    id: i64,
    title: String,
    shared: bool,
    /// Names of the coordinating bodies the organisation shares with.
    coordinators: Vec<String>,
    notice: &'static str,
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let (id, org) = (p.id, ctx.org_id());
    let shared = state
        .store
        .procurement_shared(org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let coordinators = state
        .store
        .coordinators_of(org)
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let notice = match q.get("meddelande").map(String::as_str) {
        Some("delad") => "coord.notice_shared",
        Some("ej-delad") => "coord.notice_unshared",
        _ => "",
    };
    render(&SharePage {
        page: Page::new(&ctx, "procurements", ctx.t("coord.share_title")),
        id,
        title: p.title,
        shared,
        coordinators,
        notice,
    })
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    shared: String,
}

pub async fn save(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let id = path_id(&id)?;
    let shared = match form.shared.as_str() {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::BadRequest(
                "välj dela eller sluta dela / choose share or stop sharing".into(),
            ));
        }
    };
    if !state
        .store
        .set_procurement_shared(ctx.org_id(), id, shared)
        .await?
    {
        return Err(AppError::NotFound);
    }
    super::super::spend::audit(
        &state,
        &ctx,
        if shared {
            "procurement.share"
        } else {
            "procurement.unshare"
        },
        &format!("procurement {id}"),
    )
    .await?;
    let notice = if shared { "delad" } else { "ej-delad" };
    Ok(Redirect::to(&format!("/upphandlingar/{id}/dela?meddelande={notice}")).into_response())
}
