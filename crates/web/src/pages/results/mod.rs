//! Resultat: measured results per procurement (`/upphandlingar/{id}/resultat`),
//! the organisation's dashboard (`/resultat`, `/resultat.csv`) with totals,
//! the hybrid footprint and goal progress, and the goals (`/mal`). The
//! figures are computed on every request from the stored baseline, award,
//! criteria, supplier reports and spend analysis (see `compute`), so a page
//! can always show how they were computed. Every read is scoped by the
//! signed-in organisation; another organisation's procurement is 404.

mod compute;
mod dashboard;
mod goals;
mod show;
mod texts;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use upphandla_core::results::{Figure, Method, Range};

pub use compute::{
    Footprint, GoalProgress, OrgResults, ProcurementResult, org_results, procurement_result,
};
pub use texts::TEXTS;

use super::fmt;
use super::spend::catalogue_name as category_name;
use crate::AppState;
use crate::i18n::Lang;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/resultat", get(dashboard::page))
        .route("/resultat.csv", get(dashboard::csv))
        .route("/upphandlingar/{id}/resultat", get(show::page))
        .route("/mal", get(goals::list).post(goals::create))
        .route("/mal/{id}", get(goals::edit).post(goals::update))
        .route("/mal/{id}/ta-bort", post(goals::delete))
        .route("/mal/{id}/dela", post(goals::share))
}

/// kg → tonnes, one decimal, Swedish.
fn t(kg: f64) -> String {
    fmt::tonnes_sv(kg)
}

fn range_t(r: Range) -> String {
    if r.low == r.high {
        return t(r.value);
    }
    format!("{}–{}", t(r.low), t(r.high))
}

fn mwh(f: &Figure) -> String {
    f.kwh
        .map(|k| fmt::decimal_sv(k.value / 1000.0, 1))
        .unwrap_or_default()
}

fn method_name(m: Method, lang: Lang) -> &'static str {
    lang.t(match m {
        Method::None => "res.method_none",
        Method::Spend => "res.method_spend",
        Method::Activity => "res.method_activity",
        Method::Hybrid => "res.method_hybrid",
    })
}
