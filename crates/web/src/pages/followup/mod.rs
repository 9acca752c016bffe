//! Uppföljning: the follow-up of a contract. Its plan (one item per chosen
//! criterion, or added by hand: what, how, when, who, evidence, and a metric
//! with a limit when the requirement is a number), supplier reports entered in
//! a form or uploaded and checked against the plan, deviations with actions,
//! deadlines, sanctions and status, and the list of what is due per role.
//!
//! The rules are in `upphandla_core::followup`; every handler scopes by
//! `ctx.org_id()` (another organisation's contract, item, report or deviation
//! is "not found"). Avtalsansvarig, upphandlare and admin change the plan and
//! deviations; a miljöstrateg may also enter reports; everyone else reads.
//! Every change is audited.

mod deviations;
mod due;
mod plan;
mod reports;
mod texts;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::routing::{get, post};
use serde::Deserialize;
use upphandla_core::criteria::FollowUpWhen;
use upphandla_core::date::Date;
use upphandla_core::followup::{self as rules, Check, Comparator};
use upphandla_core::metrics::metric_by_key;
use upphandla_store::{Contract, FollowupItem, ItemInput, OrgId, Role};

// The plan and the deviations are kept by those who keep the register
// (avtalsansvarig, upphandlare, admin), and a contract is loaded as there.
pub(crate) use super::contracts::{load, may_edit};
use super::path_id;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub use texts::TEXTS;

/// The nav id of the follow-up pages.
const ACTIVE: &str = "followup";

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/uppfoljning", get(due::page))
        .route("/avtal/{id}/uppfoljning", get(plan::page))
        .route(
            "/avtal/{id}/uppfoljning/fran-kriterier",
            post(plan::from_criteria),
        )
        .route(
            "/avtal/{id}/uppfoljning/ny",
            get(plan::new_item_page).post(plan::create_item),
        )
        .route(
            "/avtal/{id}/uppfoljning/{item}",
            get(plan::edit_item_page).post(plan::update_item),
        )
        .route(
            "/avtal/{id}/uppfoljning/{item}/kontrollerad",
            post(plan::mark_checked),
        )
        .route(
            "/avtal/{id}/rapporter/ny",
            get(reports::new_page).post(reports::create),
        )
        .route("/avtal/{id}/rapporter/ladda-upp", post(reports::upload))
        .route("/avtal/{id}/rapporter/mall.csv", get(reports::template))
        .route("/avtal/{id}/rapporter/{rid}", get(reports::show))
        .route(
            "/avtal/{id}/avvikelser/ny",
            get(deviations::new_page).post(deviations::create),
        )
        .route(
            "/avtal/{id}/avvikelser/{did}",
            get(deviations::show).post(deviations::update),
        )
        .route(
            "/avtal/{id}/avvikelser/{did}/status",
            post(deviations::change_status),
        )
}

/// … and a miljöstrateg may also enter a supplier's report.
pub(crate) fn may_report(ctx: &Ctx) -> bool {
    may_edit(ctx) || ctx.has(Role::Miljostrateg)
}

fn require(allowed: bool) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The contract's item `raw`, or 404 (also when it belongs to another contract).
async fn load_item(
    state: &AppState,
    ctx: &Ctx,
    contract: &Contract,
    raw: &str,
) -> AppResult<FollowupItem> {
    let id = path_id(raw)?;
    state
        .store
        .followup_item(ctx.org_id(), id)
        .await?
        .filter(|i| i.contract_id == contract.id)
        .ok_or(AppError::NotFound)
}

async fn audit(state: &AppState, ctx: &Ctx, action: &str, detail: &str) -> AppResult<()> {
    super::spend::audit(state, ctx, action, detail).await
}

fn text(lang: Lang, sv: &str, en: &str) -> String {
    if lang == Lang::En && !en.is_empty() {
        en.to_string()
    } else {
        sv.to_string()
    }
}

/// `Månadsvis` / `Monthly`, or the key when unknown.
fn frequency_name(key: &str, lang: Lang) -> String {
    FollowUpWhen::parse(key).map_or_else(
        || key.to_string(),
        |w| {
            let (sv, en) = w.name();
            text(lang, sv, en)
        },
    )
}

fn role_name(key: &str, lang: Lang) -> String {
    lang.t(&format!("role.{key}")).to_string()
}

fn metric_name(key: &str, lang: Lang) -> String {
    metric_by_key(key).map_or_else(
        || key.to_string(),
        |m| format!("{}, {}", text(lang, m.name.sv, m.name.en), m.unit),
    )
}

/// A number as the pages show it (Swedish form in both languages, as the
/// rest of the application does).
fn num(v: f64) -> String {
    rules::number_sv(v)
}

/// `≥ 80 %` etc., or empty when the item has no numeric check.
fn limit_text(item: &FollowupItem) -> String {
    let (Some(cmp), Some(t)) = (Comparator::parse(&item.comparator), item.threshold) else {
        return String::new();
    };
    let unit = metric_by_key(&item.metric).map_or("", |m| m.unit);
    let sign = match cmp {
        Comparator::AtLeast => "≥",
        Comparator::AtMost => "≤",
    };
    format!("{sign} {} {unit}", num(t))
}

/// Checks `item` against a report's values; `None` when the item has no
/// complete numeric check (metric, comparator and limit).
pub(crate) fn check_item(item: &FollowupItem, values: &BTreeMap<String, f64>) -> Option<Check> {
    if item.metric.is_empty() {
        return None;
    }
    let cmp = Comparator::parse(&item.comparator)?;
    let threshold = item.threshold?;
    Some(rules::check(&item.metric, cmp, threshold, values))
}

/// One line of text for a check's result in the page's language.
fn check_text(check: &Check, item: &FollowupItem, lang: Lang) -> String {
    match check {
        Check::Met { value, derived } => {
            let unit = metric_by_key(&item.metric).map_or("", |m| m.unit);
            let derived = if *derived {
                format!(" {}", lang.t("fu.derived"))
            } else {
                String::new()
            };
            format!(
                "{} {} {unit}{derived}",
                lang.t("fu.result_met_value"),
                num(*value)
            )
        }
        Check::NotMet { text: t, .. } => text(lang, &t.sv, &t.en),
        Check::NotReported => lang.t("fu.result_not_reported").to_string(),
    }
}

/// The criterion → metric mapping of `data/followup/criterion_metrics.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct CriterionMetric {
    pub criterion: String,
    pub metric: String,
    pub comparator: String,
    #[serde(default)]
    pub threshold: Option<f64>,
}

#[derive(Deserialize)]
struct MetricFile {
    metric: Vec<CriterionMetric>,
}

/// The shipped mapping (parsed once; a broken file is a build-time mistake
/// the unit test below catches).
pub fn criterion_metrics() -> &'static [CriterionMetric] {
    static MAP: OnceLock<Vec<CriterionMetric>> = OnceLock::new();
    MAP.get_or_init(|| {
        toml::from_str::<MetricFile>(include_str!(
            "../../../../../data/followup/criterion_metrics.toml"
        ))
        .map(|f| f.metric)
        .unwrap_or_default()
    })
}

/// The item a library criterion becomes in a contract's plan.
fn item_for_criterion(c: &upphandla_core::criteria::Criterion, contract: &Contract) -> ItemInput {
    let mapping = criterion_metrics().iter().find(|m| m.criterion == c.id);
    ItemInput {
        criterion_id: c.id.clone(),
        what: c.title.sv.clone(),
        how: c.follow_up.sv.clone(),
        evidence: c.follow_up_evidence.sv.clone(),
        frequency: c.follow_up_when.key().to_string(),
        next_due: rules::next_due(
            c.follow_up_when,
            contract.start_date,
            contract.end_date,
            None,
        ),
        role: Role::Avtalsansvarig,
        metric: mapping.map(|m| m.metric.clone()).unwrap_or_default(),
        comparator: mapping.map(|m| m.comparator.clone()).unwrap_or_default(),
        threshold: mapping.and_then(|m| m.threshold),
    }
}

/// Creates the contract's follow-up plan from the chosen criteria of its
/// procurement: one item per criterion not already in the plan, with the
/// criterion's follow-up texts and, where `criterion_metrics.toml` says so, a
/// metric and limit. Items checked when tenders are examined (`vid_anbud`)
/// are stored as done on `today`. Returns how many items were created (0 when
/// the contract has no procurement). Another organisation's contract → 404.
/// The award flow calls this when a contract is created from an award.
pub async fn create_plan_from_criteria(
    state: &AppState,
    org: OrgId,
    contract_id: i64,
    today: Date,
) -> AppResult<usize> {
    let contract = state
        .store
        .contract(org, contract_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(pid) = contract.procurement_id else {
        return Ok(0);
    };
    let chosen = state.store.procurement_criteria(org, pid).await?;
    let existing = state.store.followup_items(org, contract_id).await?;
    let library = upphandla_formats::criteria::default_library();
    let mut inputs = Vec::new();
    for ch in &chosen {
        if existing.iter().any(|i| i.criterion_id == ch.criterion_id)
            || inputs
                .iter()
                .any(|i: &ItemInput| i.criterion_id == ch.criterion_id)
        {
            continue;
        }
        if let Some(c) = library.criteria.iter().find(|c| c.id == ch.criterion_id) {
            inputs.push(item_for_criterion(c, &contract));
        }
    }
    let ids = state
        .store
        .create_followup_items(org, contract_id, &inputs, state.clock.now_unix())
        .await?
        .ok_or(AppError::NotFound)?;
    for (id, input) in ids.iter().zip(&inputs) {
        if input.frequency == FollowUpWhen::VidAnbud.key() {
            state.store.mark_item_checked(org, *id, today, None).await?;
        }
    }
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_metrics_name_real_criteria_and_metrics() {
        let map = criterion_metrics();
        assert!(map.len() >= 10, "{}", map.len());
        let lib = upphandla_formats::criteria::default_library();
        for m in map {
            assert!(
                lib.criteria.iter().any(|c| c.id == m.criterion),
                "{}",
                m.criterion
            );
            assert!(metric_by_key(&m.metric).is_some(), "{}", m.metric);
            assert!(
                Comparator::parse(&m.comparator).is_some(),
                "{}",
                m.comparator
            );
            assert!(
                m.threshold.is_none_or(|t| t.is_finite() && t >= 0.0),
                "{}",
                m.criterion
            );
        }
    }
}
