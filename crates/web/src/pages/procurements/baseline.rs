//! Klimatbaslinje: the procurement's climate baseline, spend-based (the
//! organisation's spend analysis for its category, with the factor's source
//! and range) or activity-based (the reference alternative of a stored LCC
//! model, CO2e and kWh over its period); the expected effect of the chosen
//! criteria; and the effect of the chosen bid once the award is recorded.
//! Saving recomputes the figures from the chosen source on the server.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::criteria::{Criterion, expected_reduction};
use upphandla_core::lcc::calc::{LccResult, evaluate};
use upphandla_core::money::Ore;
use upphandla_formats::criteria::default_library;
use upphandla_formats::lcc::parse_model;
use upphandla_store::{Baseline, BaselineMethod, ModelKind, Procurement};

use super::super::{Page, fmt, render};
use super::{audit, category_name, english, load, require_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

/// The spend-based figures of one import for the procurement's category.
pub struct SpendOption {
    pub import_id: i64,
    pub import_name: String,
    pub analysed: String,
    pub category: String,
    pub spend: String,
    pub tonnes: String,
    pub range: String,
    pub factor: String,
    pub factor_source: String,
    pub rows: u64,
    kg: f64,
    ore: i64,
    note: String,
}

pub struct AltOption {
    pub id: String,
    pub name: String,
    pub tonnes: String,
    pub kwh: String,
    pub reference: bool,
}

pub struct ModelOption {
    pub id: i64,
    pub name: String,
    pub period: u32,
    pub alternatives: Vec<AltOption>,
    pub error: String,
}

pub struct EffectLine {
    pub title: String,
    pub reduction: String,
    pub basis: String,
}

pub struct BaselineView {
    pub method: &'static str,
    pub tonnes: String,
    pub kwh: String,
    pub spend: String,
    pub note: String,
    pub set: String,
}

pub struct AwardView {
    pub supplier: String,
    pub winner_tonnes: String,
    pub reference_tonnes: String,
    pub winner_kwh: String,
    pub reduction_tonnes: String,
    pub reduction_share: String,
    pub compared_with: &'static str,
}

#[derive(Template)]
#[template(path = "procurement_baseline.html")]
struct BaselinePage {
    page: Page,
    id: i64,
    title: String,
    current: Option<BaselineView>,
    has_category: bool,
    category: String,
    imports: Vec<(i64, String, bool)>,
    spend: Option<SpendOption>,
    models: Vec<(i64, String, bool)>,
    model: Option<ModelOption>,
    effects: Vec<EffectLine>,
    expected_share: String,
    expected_tonnes: String,
    award: Option<AwardView>,
    notice: bool,
}

fn tonnes(kg: f64) -> String {
    fmt::tonnes_sv(kg)
}

/// The spend-based figures of import `import_id` for the procurement.
async fn spend_option(
    state: &AppState,
    ctx: &Ctx,
    p: &Procurement,
    import_id: i64,
) -> AppResult<Option<SpendOption>> {
    if p.spend_category.is_empty() {
        return Ok(None);
    }
    let Some(head) = state
        .imports
        .head(&state.store, ctx.org_id(), import_id)
        .await?
    else {
        return Ok(None);
    };
    let summary = head.0.clone();
    let report = state
        .reports
        .report(&state.store, ctx.org_id(), &summary)
        .await?;
    let lang = ctx.lang;
    let category = category_name(&p.spend_category, lang);
    let row = report.categories.iter().find(|c| c.id == p.spend_category);
    let (kg, low, high, ore, rows) = row
        .map(|c| (c.kg_co2e, c.kg_co2e_low, c.kg_co2e_high, c.ore, c.rows))
        .unwrap_or((0.0, 0.0, 0.0, 0, 0));
    let factor = row.and_then(|c| c.factor.as_ref());
    let factor_text = factor
        .map(|f| {
            format!(
                "{} {}",
                fmt::decimal_sv(f.kg_co2e_per_sek, 4),
                lang.t("proc.kg_per_kr")
            )
        })
        .unwrap_or_else(|| lang.t("proc.no_factor").to_string());
    let factor_source = factor
        .map(|f| match f.year {
            Some(y) => format!("{} ({y})", f.source),
            None => f.source.clone(),
        })
        .unwrap_or_default();
    let analysed = fmt::datetime(summary.analysed_at);
    let note = format!(
        "Inköpsanalys «{}» ({analysed}), kategori {category}: {} kr, {} t CO2e (intervall {}–{} t); faktor {factor_text}{}",
        summary.name,
        fmt::sek_whole_sv(ore),
        tonnes(kg),
        tonnes(low),
        tonnes(high),
        if factor_source.is_empty() {
            String::new()
        } else {
            format!(", källa: {factor_source}")
        },
    );
    Ok(Some(SpendOption {
        import_id: summary.id,
        import_name: summary.name.clone(),
        analysed,
        category,
        spend: super::kr(ore),
        tonnes: tonnes(kg),
        range: format!("{}–{}", tonnes(low), tonnes(high)),
        factor: factor_text,
        factor_source,
        rows,
        kg,
        ore,
        note,
    }))
}

/// A stored LCC model's deterministic result (no Monte Carlo).
async fn model_result(
    state: &AppState,
    ctx: &Ctx,
    model_id: i64,
) -> AppResult<Option<(String, Result<LccResult, String>)>> {
    let Some(row) = state.store.model(ctx.org_id(), model_id).await? else {
        return Ok(None);
    };
    if row.summary.kind != ModelKind::Lcc {
        return Ok(None);
    }
    let text = row.content.clone();
    let result = tokio::task::spawn_blocking(move || {
        parse_model(&text)
            .map(|(model, _)| evaluate(&model))
            .map_err(|errors| {
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Some((row.summary.name, result)))
}

fn model_option(id: i64, name: String, result: &Result<LccResult, String>) -> ModelOption {
    match result {
        Ok(r) => ModelOption {
            id,
            name,
            period: r.period_years,
            alternatives: r
                .alternatives
                .iter()
                .map(|a| AltOption {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    tonnes: tonnes(a.co2e_total_kg),
                    kwh: fmt::decimal_sv(a.energy_kwh, 0),
                    reference: r.reference.as_deref() == Some(a.id.as_str()),
                })
                .collect(),
            error: String::new(),
        },
        Err(e) => ModelOption {
            id,
            name,
            period: 0,
            alternatives: Vec::new(),
            error: e.clone(),
        },
    }
}

fn chosen_criteria<'a>(stored: &[upphandla_store::ChosenCriterion]) -> Vec<&'a Criterion> {
    let library = default_library();
    stored
        .iter()
        .filter_map(|s| library.criterion(&s.criterion_id))
        .collect()
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let lang = ctx.lang;
    let en = english(lang);
    let org = ctx.org_id();
    let imports = state.imports.imports(&state.store, org).await?;
    let import_id = q
        .get("import")
        .and_then(|v| v.parse::<i64>().ok())
        .or_else(|| imports.first().map(|i| i.id));
    let spend = match import_id {
        Some(i) => spend_option(&state, &ctx, &p, i).await?,
        None => None,
    };
    let models = state.store.models(org, ModelKind::Lcc).await?;
    let model_id = q
        .get("modell")
        .and_then(|v| v.parse::<i64>().ok())
        .or_else(|| models.first().map(|m| m.id));
    let model = match model_id {
        Some(m) => model_result(&state, &ctx, m)
            .await?
            .map(|(name, r)| model_option(m, name, &r)),
        None => None,
    };
    let stored = state.store.procurement_criteria(org, p.id).await?;
    let chosen = chosen_criteria(&stored);
    let effects = chosen
        .iter()
        .filter(|c| c.effect_reduction.is_some())
        .map(|c| EffectLine {
            title: c.title.get(en).to_string(),
            reduction: c.effect_reduction.map(fmt::percent_sv).unwrap_or_default(),
            basis: super::lang_part(c.effect_basis.as_deref().unwrap_or_default(), lang)
                .to_string(),
        })
        .collect();
    let share = expected_reduction(&chosen);
    let expected_tonnes = match (&p.baseline, share) {
        (Some(b), Some(s)) => tonnes(b.kg_co2e * s),
        _ => String::new(),
    };
    let award = award_view(&state, &ctx, &p).await?;
    let current = p.baseline.as_ref().map(|b| BaselineView {
        method: lang.t(&format!("proc.method_{}", b.method.key())),
        tonnes: tonnes(b.kg_co2e),
        kwh: b.kwh.map(|k| fmt::decimal_sv(k, 0)).unwrap_or_default(),
        spend: b.spend.map(|s| super::kr(s.0)).unwrap_or_default(),
        note: b.note.clone(),
        set: fmt::datetime(b.set_at),
    });
    let page = BaselinePage {
        page: Page::new(&ctx, "procurements", lang.t("proc.baseline_title")),
        id: p.id,
        title: p.title.clone(),
        current,
        has_category: !p.spend_category.is_empty(),
        category: category_name(&p.spend_category, lang),
        imports: imports
            .iter()
            .map(|i| (i.id, i.name.clone(), Some(i.id) == import_id))
            .collect(),
        spend,
        models: models
            .iter()
            .map(|m| (m.id, m.name.clone(), Some(m.id) == model_id))
            .collect(),
        model,
        effects,
        expected_share: share.map(fmt::percent_sv).unwrap_or_default(),
        expected_tonnes,
        award,
        notice: q.get("meddelande").is_some_and(|m| m == "sparad"),
    };
    render(&page)
}

/// The chosen bid's effect from the award record, when there is one.
async fn award_view(state: &AppState, ctx: &Ctx, p: &Procurement) -> AppResult<Option<AwardView>> {
    let Some(award) = state.store.award(ctx.org_id(), p.id).await? else {
        return Ok(None);
    };
    let lang = ctx.lang;
    let (reference, compared_with) = match (award.reference_kg_co2e, &p.baseline) {
        (Some(r), _) => (Some(r), "proc.award_vs_reference"),
        (None, Some(b)) => (Some(b.kg_co2e), "proc.award_vs_baseline"),
        (None, None) => (None, "proc.award_vs_none"),
    };
    let winner = award.winner_kg_co2e;
    let (reduction_tonnes, reduction_share) = match (winner, reference) {
        (Some(w), Some(r)) if r > 0.0 => (tonnes(r - w), fmt::percent_sv((r - w) / r)),
        _ => (String::new(), String::new()),
    };
    Ok(Some(AwardView {
        supplier: award.supplier_name,
        winner_tonnes: winner.map(tonnes).unwrap_or_default(),
        reference_tonnes: reference.map(tonnes).unwrap_or_default(),
        winner_kwh: award
            .winner_kwh
            .map(|k| fmt::decimal_sv(k, 0))
            .unwrap_or_default(),
        reduction_tonnes,
        reduction_share,
        compared_with: lang.t(compared_with),
    }))
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    import: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    alternative: String,
}

fn bad(what: &str) -> AppError {
    AppError::BadRequest(what.to_string())
}

pub async fn save(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<SaveForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let baseline = match BaselineMethod::parse(&form.method) {
        Some(BaselineMethod::Spend) => {
            let import_id = form
                .import
                .parse::<i64>()
                .map_err(|_| bad("välj en import / choose an import"))?;
            let option = spend_option(&state, &ctx, &p, import_id)
                .await?
                .ok_or_else(|| {
                    bad("importen finns inte eller upphandlingen saknar kategori / no such import, or the procurement has no category")
                })?;
            Baseline {
                method: BaselineMethod::Spend,
                kg_co2e: option.kg,
                kwh: None,
                spend: Some(Ore(option.ore)),
                source: format!("import:{}:{}", option.import_id, p.spend_category),
                note: option.note,
                set_by: Some(ctx.user.id),
                set_at: 0,
            }
        }
        Some(BaselineMethod::Activity) => {
            let model_id = form
                .model
                .parse::<i64>()
                .map_err(|_| bad("välj en LCC-kalkyl / choose an LCC model"))?;
            let (name, result) = model_result(&state, &ctx, model_id)
                .await?
                .ok_or_else(|| bad("kalkylen finns inte / no such model"))?;
            let result = result.map_err(|e| {
                bad(&format!(
                    "kalkylen kunde inte räknas / the model could not be computed: {e}"
                ))
            })?;
            let alt = result
                .alternatives
                .iter()
                .find(|a| a.id == form.alternative)
                .ok_or_else(|| bad("välj ett alternativ / choose an alternative"))?;
            Baseline {
                method: BaselineMethod::Activity,
                kg_co2e: alt.co2e_total_kg,
                kwh: Some(alt.energy_kwh),
                spend: None,
                source: format!("model:{model_id}:{}", alt.id),
                note: format!(
                    "LCC-kalkyl «{name}», alternativ «{}» över {} år: {} t CO2e, {} kWh",
                    alt.name,
                    result.period_years,
                    tonnes(alt.co2e_total_kg),
                    fmt::decimal_sv(alt.energy_kwh, 0)
                ),
                set_by: Some(ctx.user.id),
                set_at: 0,
            }
        }
        None => return Err(bad("välj metod / choose a method")),
    };
    if !state
        .store
        .set_baseline(ctx.org_id(), p.id, &baseline)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "procurement.baseline",
        &format!(
            "{}: {} {} kg CO2e ({})",
            p.id,
            baseline.method.key(),
            fmt::decimal_sv(baseline.kg_co2e, 1),
            baseline.source
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/upphandlingar/{}/baslinje?meddelande=sparad",
        p.id
    ))
    .into_response())
}

pub async fn clear(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    state.store.clear_baseline(ctx.org_id(), p.id).await?;
    audit(
        &state,
        &ctx,
        "procurement.baseline_clear",
        &p.id.to_string(),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}/baslinje", p.id)).into_response())
}
