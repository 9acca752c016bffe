//! Gathers a procurement's or an organisation's measured result from the
//! store (baseline, chosen criteria, award, supplier reports, the latest
//! spend import, goals) and computes it with `upphandla_core::results`.
//! Public so other areas (the coordinator view, good examples) show the
//! same figures.

use std::collections::{BTreeMap, HashMap};

use upphandla_core::criteria::{Criterion, expected_reduction};
use upphandla_core::date::Date;
use upphandla_core::lcc::calc::evaluate;
use upphandla_core::results::{
    AwardInput, BaselineInput, BaselineKind, CategoryActivity, GoalSpec, HybridFootprint,
    MeasuredResult, OrgTotals, Progress, Range, ReportInput, ResultInput, SpendCategory,
    fossil_free_share, hybrid_footprint, measured_result, org_totals, progress,
};
use upphandla_formats::criteria::default_library;
use upphandla_formats::lcc::parse_model;
use upphandla_store::{
    BaselineMethod, Goal, ModelKind, OrgId, Procurement, ProcurementStatus, ReportedValue,
    ResultContract,
};

use crate::AppState;
use crate::error::{AppError, AppResult};

/// One procurement's measured result with what the pages link to.
#[derive(Debug, Clone)]
pub struct ProcurementResult {
    pub id: i64,
    pub title: String,
    /// The procurement's spend category, else its contract's ('' when none).
    pub category: String,
    pub contract: Option<ResultContract>,
    pub result: MeasuredResult,
}

/// The spend-based and hybrid footprint of the latest spend import.
#[derive(Debug, Clone)]
pub struct Footprint {
    pub import_id: i64,
    pub import_name: String,
    /// Months covered by the import (first to last month with lines).
    pub months: u32,
    /// Year of the import's last month: the year the footprint stands for.
    pub year: i32,
    pub hybrid: HybridFootprint,
}

#[derive(Debug, Clone)]
pub struct GoalProgress {
    pub goal: Goal,
    /// `None` when there is no measured value yet.
    pub progress: Option<Progress>,
    /// What the value was measured from (a text key of the results area).
    pub measured_from: &'static str,
}

#[derive(Debug, Clone)]
pub struct OrgResults {
    /// Procurements with a baseline or reported values (cancelled ones left out).
    pub procurements: Vec<ProcurementResult>,
    pub totals: OrgTotals,
    pub footprint: Option<Footprint>,
    pub goals: Vec<GoalProgress>,
    /// Fossil-free share (%) of the vehicle fuel reported in `year`.
    pub fuel_share: Option<(i32, f64)>,
    pub today: Date,
}

fn chosen_criteria(ids: &[String]) -> Vec<&'static Criterion> {
    let library = default_library();
    ids.iter().filter_map(|id| library.criterion(id)).collect()
}

/// `YYYY-MM` → months since year 0.
fn month_index(key: &str) -> Option<i32> {
    let (y, m) = key.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// Months from the first to the last month with lines, and the last year.
fn span(months: &[upphandla_core::spend::GroupResult]) -> Option<(u32, i32)> {
    let idx: Vec<i32> = months.iter().filter_map(|m| month_index(&m.key)).collect();
    let (lo, hi) = (idx.iter().min()?, idx.iter().max()?);
    Some(((hi - lo + 1) as u32, hi.div_euclid(12)))
}

/// An import's months and, per category, (kg, low, high).
type ImportFigures = (Option<u32>, HashMap<String, (f64, f64, f64)>);

/// Reads inputs once per page: spend reports and LCC model periods are
/// shared by several procurements.
struct Inputs<'a> {
    state: &'a AppState,
    org: OrgId,
    /// import id → (months, (category → (kg, low, high)))
    imports: HashMap<i64, Option<ImportFigures>>,
    models: HashMap<i64, Option<u32>>,
}

impl<'a> Inputs<'a> {
    fn new(state: &'a AppState, org: OrgId) -> Self {
        Inputs {
            state,
            org,
            imports: HashMap::new(),
            models: HashMap::new(),
        }
    }

    async fn import(&mut self, id: i64) -> AppResult<Option<ImportFigures>> {
        if let Some(v) = self.imports.get(&id) {
            return Ok(v.clone());
        }
        let head = self
            .state
            .imports
            .head(&self.state.store, self.org, id)
            .await?;
        let value = match head {
            Some(head) => {
                let report = self
                    .state
                    .reports
                    .report(&self.state.store, self.org, &head.0)
                    .await?;
                Some((
                    span(&report.months).map(|s| s.0),
                    report
                        .categories
                        .iter()
                        .map(|c| (c.id.clone(), (c.kg_co2e, c.kg_co2e_low, c.kg_co2e_high)))
                        .collect(),
                ))
            }
            None => None,
        };
        self.imports.insert(id, value.clone());
        Ok(value)
    }

    async fn model_years(&mut self, id: i64) -> AppResult<Option<u32>> {
        if let Some(v) = self.models.get(&id) {
            return Ok(*v);
        }
        let row = self.state.store.model(self.org, id).await?;
        let years = match row {
            Some(row) if row.summary.kind == ModelKind::Lcc => {
                let text = row.content;
                tokio::task::spawn_blocking(move || {
                    parse_model(&text)
                        .ok()
                        .map(|(model, _)| evaluate(&model).period_years)
                })
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
            }
            _ => None,
        };
        self.models.insert(id, years);
        Ok(years)
    }

    /// The stored baseline with its range and period.
    async fn baseline(&mut self, p: &Procurement) -> AppResult<Option<BaselineInput>> {
        let Some(b) = &p.baseline else {
            return Ok(None);
        };
        let mut parts = b.source.split(':');
        let (kind, range, years) = match b.method {
            BaselineMethod::Spend => {
                let import = parts
                    .nth(1)
                    .and_then(|s| s.parse::<i64>().ok())
                    .filter(|_| b.source.starts_with("import:"));
                let category = parts.next().unwrap_or(p.spend_category.as_str());
                let found = match import {
                    Some(id) => self.import(id).await?,
                    None => None,
                };
                // The stored figure with the factor range of the category.
                let range = found
                    .as_ref()
                    .and_then(|(_, cats)| cats.get(category))
                    .filter(|(kg, _, _)| *kg > 0.0)
                    .map(|(kg, lo, hi)| {
                        Range::new(b.kg_co2e, b.kg_co2e * lo / kg, b.kg_co2e * hi / kg)
                    })
                    .unwrap_or(Range::point(b.kg_co2e));
                let years = found.and_then(|(m, _)| m).map(|m| f64::from(m) / 12.0);
                (BaselineKind::Spend, range, years)
            }
            BaselineMethod::Activity => {
                let model = parts
                    .nth(1)
                    .and_then(|s| s.parse::<i64>().ok())
                    .filter(|_| b.source.starts_with("model:"));
                let years = match model {
                    Some(id) => self.model_years(id).await?.map(f64::from),
                    None => None,
                };
                (BaselineKind::Activity, Range::point(b.kg_co2e), years)
            }
        };
        // An activity baseline entered as quantities per year: the results
        // recompute it from them with the follow-up's factors (range, trace).
        let stored = match b.method {
            BaselineMethod::Activity => {
                self.state.store.baseline_quantities(self.org, p.id).await?
            }
            BaselineMethod::Spend => Default::default(),
        };
        let (range, years) = match (stored.kg_low, stored.kg_high) {
            (Some(lo), Some(hi)) if stored.quantities.is_empty() => {
                (Range::new(b.kg_co2e, lo, hi), years)
            }
            _ if !stored.quantities.is_empty() => (range, Some(1.0)),
            _ => (range, years),
        };
        Ok(Some(BaselineInput {
            kind,
            kg_co2e: range,
            kwh: b.kwh,
            period_years: years,
            note: b.note.clone(),
            quantities: stored.quantities,
        }))
    }

    async fn result(
        &mut self,
        p: &Procurement,
        values: &[&ReportedValue],
        contract: Option<ResultContract>,
    ) -> AppResult<ProcurementResult> {
        let store = &self.state.store;
        let baseline = self.baseline(p).await?;
        let ids: Vec<String> = store
            .procurement_criteria(self.org, p.id)
            .await?
            .into_iter()
            .map(|c| c.criterion_id)
            .collect();
        let criteria_reduction = expected_reduction(&chosen_criteria(&ids));
        let award = store.award(self.org, p.id).await?.map(|a| AwardInput {
            supplier: a.supplier_name,
            winner_kg_co2e: a.winner_kg_co2e,
            reference_kg_co2e: a.reference_kg_co2e,
            winner_kwh: a.winner_kwh,
            reference_kwh: a.reference_kwh,
        });
        let mut reports: BTreeMap<i64, ReportInput> = BTreeMap::new();
        for v in values {
            reports
                .entry(v.report_id)
                .or_insert_with(|| ReportInput {
                    id: v.report_id,
                    start: v.period_start,
                    end: v.period_end,
                    values: Vec::new(),
                })
                .values
                .push((v.metric.clone(), v.value));
        }
        let result = measured_result(&ResultInput {
            baseline,
            criteria_reduction,
            award,
            reports: reports.into_values().collect(),
        });
        let category = if p.spend_category.is_empty() {
            contract
                .as_ref()
                .map(|c| c.category.clone())
                .unwrap_or_default()
        } else {
            p.spend_category.clone()
        };
        Ok(ProcurementResult {
            id: p.id,
            title: p.title.clone(),
            category,
            contract,
            result,
        })
    }
}

/// The measured result of the organisation's procurement `p` (read with
/// `org`'s scope by the caller).
pub async fn procurement_result(
    state: &AppState,
    org: OrgId,
    p: &Procurement,
) -> AppResult<ProcurementResult> {
    let values = state.store.reported_values(org, Some(p.id)).await?;
    let contract = state
        .store
        .result_contracts(org)
        .await?
        .into_iter()
        .find(|c| c.procurement_id == Some(p.id));
    let refs: Vec<&ReportedValue> = values.iter().collect();
    let mut inputs = Inputs::new(state, org);
    inputs.result(p, &refs, contract).await
}

/// Every result of the organisation, the totals, the hybrid footprint of
/// its latest spend import and its goals' progress.
pub async fn org_results(state: &AppState, org: OrgId, today: Date) -> AppResult<OrgResults> {
    let store = &state.store;
    let values = store.reported_values(org, None).await?;
    let contracts = store.result_contracts(org).await?;
    let mut inputs = Inputs::new(state, org);
    let mut procurements = Vec::new();
    for p in store.procurements(org).await? {
        if p.status == ProcurementStatus::Cancelled {
            continue;
        }
        let contract = contracts
            .iter()
            .find(|c| c.procurement_id == Some(p.id))
            .cloned();
        let mine: Vec<&ReportedValue> = values
            .iter()
            .filter(|v| v.procurement_id == Some(p.id))
            .collect();
        if p.baseline.is_none() && mine.is_empty() {
            continue;
        }
        procurements.push(inputs.result(&p, &mine, contract).await?);
    }
    procurements.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
    let totals = org_totals(procurements.iter().map(|p| &p.result));

    // Hybrid footprint of the latest import.
    let imports = state.imports.imports(store, org).await?;
    let mut footprint = None;
    if let Some(latest) = imports.first() {
        let report = state.reports.report(store, org, latest).await?;
        if let Some((months, year)) = span(&report.months) {
            let per_year = 12.0 / f64::from(months);
            let spend: Vec<SpendCategory> = report
                .categories
                .iter()
                .map(|c| SpendCategory {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    kg_co2e: Range::new(c.kg_co2e, c.kg_co2e_low, c.kg_co2e_high).scale(per_year),
                })
                .collect();
            let mut activity: Vec<CategoryActivity> = Vec::new();
            for p in &procurements {
                let Some(f) = p.result.followed_up else {
                    continue;
                };
                match activity.iter_mut().find(|a| a.category == p.category) {
                    Some(a) => {
                        a.kg_co2e = a.kg_co2e.plus(f.kg_co2e);
                        a.procurements.push(p.id);
                    }
                    None => activity.push(CategoryActivity {
                        category: p.category.clone(),
                        kg_co2e: f.kg_co2e,
                        procurements: vec![p.id],
                    }),
                }
            }
            footprint = Some(Footprint {
                import_id: latest.id,
                import_name: latest.name.clone(),
                months,
                year,
                hybrid: hybrid_footprint(&spend, &activity),
            });
        }
    }

    // Fossil-free share of the fuel reported in the latest year with fuel.
    let fuel_year = values
        .iter()
        .filter(|v| fossil_free_share(&[(v.metric.clone(), 1.0)]).is_some())
        .map(|v| v.period_end.year)
        .max();
    let fuel_share = fuel_year.and_then(|year| {
        let pairs: Vec<(String, f64)> = values
            .iter()
            .filter(|v| v.period_end.year == year)
            .map(|v| (v.metric.clone(), v.value))
            .collect();
        fossil_free_share(&pairs).map(|s| (year, s))
    });
    let last_report_year = values.iter().map(|v| v.period_end.year).max();

    let goals = store
        .goals(org)
        .await?
        .into_iter()
        .map(|goal| {
            let spec = GoalSpec {
                base_year: goal.base_year,
                base_value: goal.base_value,
                target_year: goal.target_year,
                target_value: goal.target_value,
            };
            let (measured, from) = match goal.kind.as_str() {
                "fossilfri_fordonsbransle" => (fuel_share, "res.from_fuel"),
                "minskning_inkop_co2e" => (
                    footprint
                        .as_ref()
                        .map(|f| (f.year, f.hybrid.hybrid_kg.value / 1000.0)),
                    "res.from_hybrid",
                ),
                "minskning_energi" => (
                    last_report_year
                        .filter(|_| totals.measured > 0)
                        .map(|y| (y, totals.current_kwh / 1000.0)),
                    "res.from_energy",
                ),
                _ => (None, "res.from_none"),
            };
            GoalProgress {
                progress: measured.map(|(year, value)| progress(&spec, year, value)),
                measured_from: from,
                goal,
            }
        })
        .collect();

    Ok(OrgResults {
        procurements,
        totals,
        footprint,
        goals,
        fuel_share,
        today,
    })
}
