//! Klimatbaslinje: the procurement's climate baseline, spend-based (the
//! organisation's spend analysis for its category, with the factor's source
//! and range) or activity-based (the reference alternative of a stored LCC
//! model, CO2e and kWh over its period); the expected effect of the chosen
//! criteria; and the effect of the chosen bid once the award is recorded.
//! A third way: the previous contract's quantities per year (litres, Nm³,
//! kWh) × the activity factors of follow-up, shown before saving and stored
//! with the quantities and the range so the results can show both.
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
use upphandla_core::metrics::{METRICS, Metric, MetricKind};
use upphandla_core::money::Ore;
use upphandla_core::results::{ActivityBaseline, activity_baseline, activity_factor};
use upphandla_formats::criteria::default_library;
use upphandla_formats::lcc::parse_model;
use upphandla_formats::supplier_report::parse_number;
use upphandla_store::{Baseline, BaselineMethod, BaselineQuantities, ModelKind, Procurement};

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
    /// Low–high (t) of a baseline saved with its range, else empty.
    pub range: String,
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

/// One quantity input of the activity-data form.
pub struct QuantityField {
    pub key: &'static str,
    pub label: String,
    pub unit: &'static str,
    pub value: String,
    pub error: String,
}

/// An error of the activity-data form, linked to its field.
pub struct FieldError {
    pub field: String,
    pub text: String,
}

/// One line of the computed activity baseline shown before saving.
pub struct PreviewLine {
    pub name: String,
    pub quantity: String,
    pub factor: String,
    pub tonnes: String,
    pub range: String,
    pub kwh: String,
    pub source: String,
}

pub struct Preview {
    pub lines: Vec<PreviewLine>,
    pub tonnes: String,
    pub range: String,
    pub kwh: String,
    pub incomplete: bool,
    /// The form's values to post again on saving (name, value).
    pub hidden: Vec<(String, String)>,
}

/// The activity-data form: what was entered, its errors, the preview.
#[derive(Default)]
pub struct QuantitiesForm {
    values: HashMap<String, String>,
    errors: Vec<FieldError>,
    preview: Option<Preview>,
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
    quantity_fields: Vec<QuantityField>,
    q_period: String,
    q_source: String,
    q_errors: Vec<FieldError>,
    preview: Option<Preview>,
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
    page_with(&state, &ctx, &p, &q, QuantitiesForm::default()).await
}

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    p: &Procurement,
    q: &HashMap<String, String>,
    form: QuantitiesForm,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let en = english(lang);
    let org = ctx.org_id();
    let imports = state.imports.imports(&state.store, org).await?;
    let import_id = q
        .get("import")
        .and_then(|v| v.parse::<i64>().ok())
        .or_else(|| imports.first().map(|i| i.id));
    let spend = match import_id {
        Some(i) => spend_option(state, ctx, p, i).await?,
        None => None,
    };
    let models = state.store.models(org, ModelKind::Lcc).await?;
    let model_id = q
        .get("modell")
        .and_then(|v| v.parse::<i64>().ok())
        .or_else(|| models.first().map(|m| m.id));
    let model = match model_id {
        Some(m) => model_result(state, ctx, m)
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
    let award = award_view(state, ctx, p).await?;
    let saved = state.store.baseline_quantities(org, p.id).await?;
    let saved_range = match (saved.kg_low, saved.kg_high) {
        (Some(lo), Some(hi)) if lo < hi => format!("{}–{}", tonnes(lo), tonnes(hi)),
        _ => String::new(),
    };
    let current = p.baseline.as_ref().map(|b| BaselineView {
        range: saved_range.clone(),
        method: lang.t(&format!("proc.method_{}", b.method.key())),
        tonnes: tonnes(b.kg_co2e),
        kwh: b.kwh.map(|k| fmt::decimal_sv(k, 0)).unwrap_or_default(),
        spend: b.spend.map(|s| super::kr(s.0)).unwrap_or_default(),
        note: b.note.clone(),
        set: fmt::datetime(b.set_at),
    });
    let page = BaselinePage {
        page: Page::new(ctx, "procurements", lang.t("proc.baseline_title")),
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
        quantity_fields: quantity_metrics()
            .map(|m| QuantityField {
                key: m.key,
                label: m.name.get(en).to_string(),
                unit: m.unit,
                value: form
                    .values
                    .get(&format!("q_{}", m.key))
                    .cloned()
                    .unwrap_or_default(),
                error: form
                    .errors
                    .iter()
                    .find(|e| e.field == format!("q-{}", m.key))
                    .map(|e| e.text.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        q_period: form.values.get("period").cloned().unwrap_or_default(),
        q_source: form.values.get("source").cloned().unwrap_or_default(),
        q_errors: form.errors,
        preview: form.preview,
    };
    render(&page)
}

/// The metrics an activity baseline is entered in: fuels and energy (the
/// ones the activity factors turn into kWh and CO2e).
fn quantity_metrics() -> impl Iterator<Item = &'static Metric> {
    METRICS
        .iter()
        .filter(|m| matches!(m.kind, MetricKind::Fuel | MetricKind::Energy))
}

/// The activity-data form parsed: quantities per year, period, source.
type Parsed = (Vec<(String, f64)>, String, String);

/// Parses the activity-data form: quantities per year (Swedish number
/// forms), the period and the source. Errors name their field.
fn parse_quantities(
    ctx: &Ctx,
    values: &HashMap<String, String>,
) -> Result<Parsed, Vec<FieldError>> {
    let en = english(ctx.lang);
    let mut errors = Vec::new();
    let mut quantities = Vec::new();
    for m in quantity_metrics() {
        let raw = values
            .get(&format!("q_{}", m.key))
            .map(|v| v.trim())
            .unwrap_or("");
        if raw.is_empty() {
            continue;
        }
        let problem = match parse_number(raw) {
            Some(Ok((v, false))) if v >= 0.0 => {
                quantities.push((m.key.to_string(), v));
                continue;
            }
            Some(Ok((v, false))) if v < 0.0 => "proc.q_err_negative",
            Some(Err(())) => "proc.q_err_ambiguous",
            _ => "proc.q_err_number",
        };
        errors.push(FieldError {
            field: format!("q-{}", m.key),
            text: format!(
                "{} ({}): {}",
                m.name.get(en),
                m.unit,
                ctx.lang.t(problem).replace("{value}", raw)
            ),
        });
    }
    if quantities.iter().all(|(_, v)| *v == 0.0) && errors.is_empty() {
        let first = quantity_metrics().next().map(|m| m.key).unwrap_or("");
        errors.push(FieldError {
            field: format!("q-{first}"),
            text: ctx.lang.t("proc.q_err_none").to_string(),
        });
    }
    let period = values
        .get("period")
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    if period.is_empty() {
        errors.push(FieldError {
            field: "q-period".into(),
            text: ctx.lang.t("proc.q_err_period").to_string(),
        });
    }
    let source = values
        .get("source")
        .map(|v| v.trim().to_string())
        .unwrap_or_default();
    if errors.is_empty() {
        Ok((quantities, period, source))
    } else {
        Err(errors)
    }
}

fn preview(ctx: &Ctx, ab: &ActivityBaseline, values: &HashMap<String, String>) -> Preview {
    let en = english(ctx.lang);
    let lines = ab
        .lines
        .iter()
        .filter_map(|l| {
            let f = activity_factor(&l.metric)?;
            let m = upphandla_core::metrics::metric_by_key(&l.metric)?;
            Some(PreviewLine {
                name: m.name.get(en).to_string(),
                quantity: format!("{} {}", fmt::decimal_sv(l.quantity, 1), m.unit),
                factor: match f.kg_co2e {
                    Some(k) => format!(
                        "{} ({}–{}) kg CO₂e/{}",
                        fmt::decimal_sv(k.value, 4),
                        fmt::decimal_sv(k.low, 4),
                        fmt::decimal_sv(k.high, 4),
                        m.unit
                    ),
                    None => ctx.lang.t("proc.q_no_factor").to_string(),
                },
                tonnes: l
                    .kg_co2e
                    .map(|k| tonnes(k.value))
                    .unwrap_or_else(|| "–".into()),
                range: l
                    .kg_co2e
                    .map(|k| format!("{}–{}", tonnes(k.low), tonnes(k.high)))
                    .unwrap_or_default(),
                kwh: l
                    .kwh
                    .map(|k| fmt::decimal_sv(k.value, 0))
                    .unwrap_or_default(),
                source: f.source.clone(),
            })
        })
        .collect();
    let mut hidden: Vec<(String, String)> = quantity_metrics()
        .filter_map(|m| {
            let k = format!("q_{}", m.key);
            values
                .get(&k)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (k, v.trim().to_string()))
        })
        .collect();
    for k in ["period", "source"] {
        hidden.push((k.into(), values.get(k).cloned().unwrap_or_default()));
    }
    Preview {
        lines,
        tonnes: tonnes(ab.kg_co2e.value),
        range: format!("{}–{}", tonnes(ab.kg_co2e.low), tonnes(ab.kg_co2e.high)),
        kwh: fmt::decimal_sv(ab.kwh.value, 0),
        incomplete: !ab.co2e_complete,
        hidden,
    }
}

/// The activity-data form: "Beräkna" shows the computed baseline, "Spara"
/// (offered with the computed figures) stores it with its quantities and
/// range in one transaction. On an error nothing is stored and the form
/// comes back with the errors linked to their fields.
pub async fn quantities(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let none = HashMap::new();
    let (quantities, period, source) = match parse_quantities(&ctx, &values) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let form = QuantitiesForm {
                values,
                errors,
                preview: None,
            };
            let mut response = page_with(&state, &ctx, &p, &none, form).await?;
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let ab = activity_baseline(&quantities);
    if values.get("steg").map(String::as_str) != Some("spara") {
        let form = QuantitiesForm {
            preview: Some(preview(&ctx, &ab, &values)),
            values,
            errors: Vec::new(),
        };
        return page_with(&state, &ctx, &p, &none, form).await;
    }
    let listed = ab
        .lines
        .iter()
        .filter_map(|l| {
            let m = upphandla_core::metrics::metric_by_key(&l.metric)?;
            Some(format!(
                "{} {} {}",
                fmt::decimal_sv(l.quantity, 1),
                m.unit,
                m.name.sv
            ))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let note = format!(
        "Aktivitetsdata {period}: {listed} per år{}; × uppföljningens aktivitetsfaktorer (data/followup/activity_factors.csv) = {} t CO2e per år (intervall {}–{} t), {} kWh",
        if source.is_empty() {
            String::new()
        } else {
            format!(" (källa: {source})")
        },
        tonnes(ab.kg_co2e.value),
        tonnes(ab.kg_co2e.low),
        tonnes(ab.kg_co2e.high),
        fmt::decimal_sv(ab.kwh.value, 0),
    );
    let baseline = Baseline {
        method: BaselineMethod::Activity,
        kg_co2e: ab.kg_co2e.value,
        kwh: Some(ab.kwh.value),
        spend: None,
        source: "aktivitet:mangder".into(),
        note,
        set_by: Some(ctx.user.id),
        set_at: 0,
    };
    let stored = BaselineQuantities {
        quantities: ab
            .lines
            .iter()
            .map(|l| (l.metric.clone(), l.quantity))
            .collect(),
        kg_low: Some(ab.kg_co2e.low),
        kg_high: Some(ab.kg_co2e.high),
    };
    if !state
        .store
        .set_baseline_with(ctx.org_id(), p.id, &baseline, &stored)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "procurement.baseline",
        &format!(
            "{}: activity {} kg CO2e ({}–{}) från mängder: {}",
            p.id,
            fmt::decimal_sv(ab.kg_co2e.value, 1),
            fmt::decimal_sv(ab.kg_co2e.low, 1),
            fmt::decimal_sv(ab.kg_co2e.high, 1),
            stored
                .quantities
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/upphandlingar/{}/baslinje?meddelande=sparad",
        p.id
    ))
    .into_response())
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
