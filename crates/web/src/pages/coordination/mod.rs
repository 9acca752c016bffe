//! Samordning: what a member organisation shares with its coordinating body,
//! and the coordinator's view of what its members share.
//!
//! A member decides per procurement (`/upphandlingar/{id}/dela`); sharing a
//! procurement shares its results, chosen criteria (levels) and contract
//! dates, and the contract that came from it. Bids, bid prices, the
//! reference number, the team and the documents are never shared.
//!
//! The coordinator's pages (`/samordning…`) are for a person with the role
//! samordnare in a samordnare organisation; everyone else gets 403 with a
//! message saying so. Every read goes through the store's coordinator
//! queries, which join `coordination` and filter `shared = 1`: what a page
//! can show is only what a member shared.

mod joint;
mod levels;
mod overview;
mod results;
mod share;
mod texts;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use upphandla_store::{OrgKind, Role};

use super::spend::catalogue_name as category_name;
use super::{Page, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

pub use results::measured;
pub use texts::TEXTS;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/upphandlingar/{id}/dela",
            get(share::page).post(share::save),
        )
        .route("/samordning", get(overview::page))
        .route("/samordning/samverkan", get(joint::page))
        .route("/samordning/kravnivaer", get(levels::page))
}

/// Whether the signed-in person may use the coordinator's pages.
pub fn is_coordinator(ctx: &Ctx) -> bool {
    ctx.org.kind == OrgKind::Samordnare && ctx.has(Role::Samordnare)
}

#[derive(Template)]
#[template(path = "coordination_forbidden.html")]
struct Forbidden {
    page: Page,
}

/// `None` for a coordinator; otherwise the 403 page that says who may see it.
fn refuse(ctx: &Ctx) -> AppResult<Option<Response>> {
    if is_coordinator(ctx) {
        return Ok(None);
    }
    let mut response = render(&Forbidden {
        page: Page::new(ctx, "coordination", ctx.t("coord.forbidden_title")),
    })?;
    *response.status_mut() = StatusCode::FORBIDDEN;
    Ok(Some(response))
}

/// A product group's name from the criteria library (its id when unknown).
pub(crate) fn group_name(id: &str, lang: Lang) -> String {
    upphandla_formats::criteria::default_library()
        .group(id)
        .map(|g| g.name.get(lang == Lang::En).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Tonnes with one decimal from kg, or "–".
pub(crate) fn tonnes(kg: Option<f64>) -> String {
    kg.map(|kg| super::fmt::decimal_sv(kg / 1000.0, 1))
        .unwrap_or_else(|| "–".into())
}

/// Whole kWh, or "–".
pub(crate) fn kwh(v: Option<f64>) -> String {
    v.map(|v| super::fmt::decimal_sv(v, 0))
        .unwrap_or_else(|| "–".into())
}
