//! Goda exempel: completed procurements published to every organisation,
//! named or anonymised, searchable by product group and text, each with its
//! summary, lessons, chosen criteria, the climate side of its LCC-based
//! award and its measured result. The list shows every example's reduction
//! (the results module's computation, as on the owner's results page) and
//! can be sorted by it or narrowed to followed-up results (a GET form).
//!
//! An anonymised example shows "Anonym kommun/region" and nothing that
//! names the organisation: the store's [`GoodExample`] has no organisation
//! id and no name when anonymised; the reference number, the supplier and
//! people are never part of it, and the publish form refuses an anonymised
//! text that contains the organisation's name or the reference number.

mod figures;
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
use upphandla_core::results::MeasuredResult;
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
    /// The measured result; `None` when it cannot be computed.
    pub result: Option<figures::Summary>,
}

/// The list's orders (value of `ordning`, text key).
const ORDERS: [(&str, &str); 3] = [
    ("nyast", "ex.order_newest"),
    ("besparing", "ex.order_saving"),
    ("andel", "ex.order_share"),
];

#[derive(Template)]
#[template(path = "examples_list.html")]
struct ListPage {
    page: Page,
    groups: Vec<(String, String)>,
    group: String,
    text: String,
    /// (value, label, selected)
    orders: Vec<(&'static str, &'static str, bool)>,
    followed_only: bool,
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

/// The measured result of a published example (owner and procurement are
/// looked up here and never leave this function).
async fn result_of(state: &AppState, id: i64) -> AppResult<Option<MeasuredResult>> {
    match state.store.good_example_source(id).await? {
        Some((org, pid)) => super::coordination::measured(state, org, pid).await,
        None => Ok(None),
    }
}

/// Largest first; examples without the figure last, in the order they came
/// (newest first), since the sort is stable.
fn largest_first(items: &mut [ListItem], key: impl Fn(&figures::Summary) -> Option<f64>) {
    items.sort_by(|a, b| {
        let ka = a.result.as_ref().and_then(&key);
        let kb = b.result.as_ref().and_then(&key);
        match (ka, kb) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
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
    let order = q
        .get("ordning")
        .map(|s| s.trim())
        .filter(|o| ORDERS.iter().any(|(v, _)| v == o))
        .unwrap_or("nyast")
        .to_string();
    let followed_only = q.get("uppfoljda").is_some_and(|v| v == "1");
    let examples = state
        .store
        .good_examples(
            Some(group.as_str()).filter(|g| !g.is_empty()),
            Some(text.as_str()).filter(|t| !t.is_empty()),
        )
        .await?;
    let mut items = Vec::with_capacity(examples.len());
    for e in &examples {
        let result = result_of(&state, e.id)
            .await?
            .map(|r| figures::summary(&r, lang));
        if followed_only
            && !result
                .as_ref()
                .is_some_and(|r| r.saving.as_ref().is_some_and(|s| s.measured))
        {
            continue;
        }
        items.push(ListItem {
            id: e.id,
            title: e.title.clone(),
            group: group_name(&e.product_group, lang),
            publisher: publisher(e, lang),
            published: fmt::datetime(e.published_at)[..10].to_string(),
            summary: excerpt(&e.summary),
            result,
        });
    }
    match order.as_str() {
        "besparing" => largest_first(&mut items, |r| r.saving_kg),
        "andel" => largest_first(&mut items, |r| r.saving_share),
        _ => {}
    }
    render(&ListPage {
        page: Page::new(&ctx, "examples", lang.t("ex.title")),
        groups: groups(lang),
        group,
        text,
        orders: ORDERS
            .iter()
            .map(|(v, k)| (*v, lang.t(k), *v == order))
            .collect(),
        followed_only,
        items,
    })
}

pub struct CriterionLine {
    /// The library id ('' when the library no longer has it).
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub text: String,
}

pub struct LccLine {
    pub method: String,
    pub used_lcc: bool,
    pub winner_t: String,
    pub reference_t: String,
    pub winner_kwh: String,
    pub reference_kwh: String,
    /// The chosen bid against the reference: "3,4 (12,3 %)" less, or ''.
    pub difference_t: String,
    pub difference_kwh: String,
    /// The chosen bid has more CO2e (kWh) than the reference.
    pub more_t: bool,
    pub more_kwh: bool,
}

/// Reference − winner as "abs (share %)" and whether the winner has more.
fn difference(reference: Option<f64>, winner: Option<f64>, tonnes: bool) -> (String, bool) {
    let (Some(r), Some(w)) = (reference, winner) else {
        return (String::new(), false);
    };
    let d = r - w;
    let value = if tonnes {
        fmt::tonnes_sv(d.abs())
    } else {
        fmt::decimal_sv(d.abs(), 0)
    };
    let text = if r > 0.0 {
        format!("{value} ({})", fmt::percent_sv((d / r).abs()))
    } else {
        value
    };
    (text, d < 0.0)
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
    result: Option<figures::Detail>,
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
                id: c.id.clone(),
                title: c.title.get(english).to_string(),
                kind: {
                    let (sv, en) = c.kind.name();
                    if english { en } else { sv }
                },
                level: level_name(c.level, lang),
                text: c.text.get(english).to_string(),
            },
            None => CriterionLine {
                id: String::new(),
                title: cid.clone(),
                kind: "",
                level: "",
                text: String::new(),
            },
        })
        .collect();
    let lcc = e.award.as_ref().map(|a| {
        let (difference_t, more_t) = difference(a.reference_kg_co2e, a.winner_kg_co2e, true);
        let (difference_kwh, more_kwh) = difference(a.reference_kwh, a.winner_kwh, false);
        LccLine {
            method: lang.t(&format!("ex.award_{}", a.award_method)).to_string(),
            used_lcc: a.used_lcc_model,
            winner_t: tonnes(a.winner_kg_co2e),
            reference_t: tonnes(a.reference_kg_co2e),
            winner_kwh: kwh(a.winner_kwh),
            reference_kwh: kwh(a.reference_kwh),
            difference_t,
            difference_kwh,
            more_t,
            more_kwh,
        }
    });
    // The measured result needs the owner and procurement; only figures reach the page.
    let result = result_of(&state, id)
        .await?
        .map(|r| figures::detail(&r, lang));
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
        result,
    })
}
