//! Goda exempel: completed procurements published to every organisation,
//! named or anonymised, searchable by product group and text, each with its
//! summary, lessons, chosen criteria, the climate side of its LCC-based
//! award and its measured result.
//!
//! An anonymised example shows "Anonym kommun/region" and nothing that
//! names the organisation: the store's [`GoodExample`] has no organisation
//! id and no name when anonymised; the reference number, the supplier and
//! people are never part of it, and the publish form refuses an anonymised
//! text that contains the organisation's name or the reference number.

mod publish;
mod texts;

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use upphandla_core::criteria::Ambition;
use upphandla_store::GoodExample;

use super::coordination::{group_name, kwh, tonnes};
use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub use texts::TEXTS;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/goda-exempel", get(list))
        .route("/goda-exempel/{id}", get(show))
        .route(
            "/upphandlingar/{id}/publicera",
            get(publish::page).post(publish::save),
        )
        .route(
            "/upphandlingar/{id}/publicera/ta-bort",
            post(publish::remove),
        )
}

/// The publisher as a reader sees it.
fn publisher(e: &GoodExample, lang: Lang) -> String {
    e.org_name
        .clone()
        .unwrap_or_else(|| lang.t("ex.anonymous").to_string())
}

fn groups(lang: Lang) -> Vec<(String, String)> {
    upphandla_formats::criteria::default_library()
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.name.get(lang == Lang::En).to_string()))
        .collect()
}

pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub group: String,
    pub publisher: String,
    pub published: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "examples_list.html")]
struct ListPage {
    page: Page,
    groups: Vec<(String, String)>,
    group: String,
    text: String,
    items: Vec<ListItem>,
}

/// The first 240 characters, cut at a word.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= 240 {
        return text.to_string();
    }
    let cut: String = text.chars().take(240).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

async fn list(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let group = q
        .get("grupp")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let text = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    let examples = state
        .store
        .good_examples(
            Some(group.as_str()).filter(|g| !g.is_empty()),
            Some(text.as_str()).filter(|t| !t.is_empty()),
        )
        .await?;
    let items = examples
        .iter()
        .map(|e| ListItem {
            id: e.id,
            title: e.title.clone(),
            group: group_name(&e.product_group, lang),
            publisher: publisher(e, lang),
            published: fmt::datetime(e.published_at)[..10].to_string(),
            summary: excerpt(&e.summary),
        })
        .collect();
    render(&ListPage {
        page: Page::new(&ctx, "examples", lang.t("ex.title")),
        groups: groups(lang),
        group,
        text,
        items,
    })
}

pub struct CriterionLine {
    pub title: String,
    pub level: &'static str,
    pub text: String,
}

pub struct Figures {
    pub baseline_t: String,
    pub expected_t: String,
    pub followed_t: String,
    pub saving_t: String,
    pub baseline_kwh: String,
    pub expected_kwh: String,
    pub followed_kwh: String,
    pub method: &'static str,
}

pub struct LccLine {
    pub method: String,
    pub used_lcc: bool,
    pub winner_t: String,
    pub reference_t: String,
    pub winner_kwh: String,
    pub reference_kwh: String,
}

#[derive(Template)]
#[template(path = "examples_show.html")]
struct ShowPage {
    page: Page,
    title: String,
    group: String,
    publisher: String,
    anonymised: bool,
    published: String,
    summary: String,
    lessons: String,
    ambition: String,
    period: String,
    criteria: Vec<CriterionLine>,
    lcc: Option<LccLine>,
    figures: Option<Figures>,
}

fn level_name(a: Ambition, lang: Lang) -> &'static str {
    let (sv, en) = a.name();
    if lang == Lang::En { en } else { sv }
}

async fn show(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(AppError::NotFound)?;
    let e = state
        .store
        .good_example(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let library = upphandla_formats::criteria::default_library();
    let english = lang == Lang::En;
    let criteria = e
        .criteria
        .iter()
        .map(|cid| match library.criterion(cid) {
            Some(c) => CriterionLine {
                title: c.title.get(english).to_string(),
                level: level_name(c.level, lang),
                text: c.text.get(english).to_string(),
            },
            None => CriterionLine {
                title: cid.clone(),
                level: "",
                text: String::new(),
            },
        })
        .collect();
    let lcc = e.award.as_ref().map(|a| LccLine {
        method: lang.t(&format!("ex.award_{}", a.award_method)).to_string(),
        used_lcc: a.used_lcc_model,
        winner_t: tonnes(a.winner_kg_co2e),
        reference_t: tonnes(a.reference_kg_co2e),
        winner_kwh: kwh(a.winner_kwh),
        reference_kwh: kwh(a.reference_kwh),
    });
    // The measured result needs the owner and procurement; only figures reach the page.
    let figures = match state.store.good_example_source(id).await? {
        Some((org, pid)) => super::coordination::measured(&state, org, pid)
            .await?
            .map(|r| Figures {
                baseline_t: tonnes(r.baseline.map(|f| f.kg_co2e.value)),
                expected_t: tonnes(r.expected.map(|f| f.kg_co2e.value)),
                followed_t: tonnes(r.followed_up.map(|f| f.kg_co2e.value)),
                saving_t: tonnes(r.saving.as_ref().map(|s| s.kg_co2e)),
                baseline_kwh: kwh(r.baseline.and_then(|f| f.kwh).map(|k| k.value)),
                expected_kwh: kwh(r.expected.and_then(|f| f.kwh).map(|k| k.value)),
                followed_kwh: kwh(r.followed_up.and_then(|f| f.kwh).map(|k| k.value)),
                method: lang.t(&format!("coord.method_{}", r.method.key())),
            }),
        None => None,
    };
    // Anonymised: years only, since exact contract dates can be matched
    // against published contract notices.
    let date = |d: Option<upphandla_core::date::Date>| match d {
        Some(d) if e.anonymised => d.year_month().year.to_string(),
        Some(d) => d.to_string(),
        None => String::new(),
    };
    let period = match (e.contract_start, e.contract_end) {
        (None, None) => String::new(),
        (a, b) => format!("{} – {}", date(a), date(b)),
    };
    render(&ShowPage {
        page: Page::new(&ctx, "examples", e.title.clone()),
        title: e.title.clone(),
        group: group_name(&e.product_group, lang),
        publisher: publisher(&e, lang),
        anonymised: e.anonymised,
        published: fmt::datetime(e.published_at)[..10].to_string(),
        summary: e.summary.clone(),
        lessons: e.lessons.clone(),
        ambition: e
            .ambition
            .as_deref()
            .and_then(Ambition::parse)
            .map(|a| level_name(a, lang).to_string())
            .unwrap_or_default(),
        period,
        criteria,
        lcc,
        figures,
    })
}
