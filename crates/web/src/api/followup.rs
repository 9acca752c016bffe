//! Issue 6's data, read only: the contract register with each contract's
//! follow-up (items, supplier reports with their check, deviations), the
//! measured results, the goals with their progress, and for a coordinator
//! what its members share.
//!
//! The figures come from the results pages' own computation
//! (`pages::results::{org_results, procurement_result}`, which call
//! `upphandla_core::results`), so the API gives what `/resultat`,
//! `/resultat.csv` and `/upphandlingar/{id}/resultat` show. CO2e is in kg
//! (`kg_co2e…`), energy in kWh (`kwh…`), money in öre (`…_ore`), dates as
//! `YYYY-MM-DD`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use upphandla_core::date::Date;
use upphandla_core::followup::{self as rules, Check, deviation_overdue, due_status};
use upphandla_core::metrics::metric_by_key;
use upphandla_core::results::{
    ExpectedBasis, Figure, MeasuredResult, OrgTotals, Range, org_totals,
};
use upphandla_store::{
    Contract, Deviation, FollowupItem, OrgKind, Role, SharedGoal, SharedProcurement, SupplierReport,
};

use super::{ApiCtx, Path, Query, parse_id};
use crate::AppState;
use crate::error::{ApiError, ApiResult, AppError};
use crate::i18n::Lang;
use crate::pages::contracts::Urgency;
use crate::pages::followup::check_item;
use crate::pages::results::{GoalProgress, ProcurementResult, org_results, procurement_result};

/// Most months `ending_within_months` accepts (the longest contract with
/// every option the register stores is 20 years past its end).
pub const MAX_WINDOW_MONTHS: i64 = 600;

fn date(d: Option<Date>) -> Value {
    d.map_or(Value::Null, |d| Value::from(d.to_string()))
}

fn non_empty(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::from(s)
    }
}

// ------------------------------------------------------------- contracts

fn urgency_key(u: Urgency) -> &'static str {
    match u {
        Urgency::Ended => "ended",
        Urgency::StartNow => "start_now",
        Urgency::DecideOption => "decide_option",
        Urgency::Plan => "plan",
        Urgency::None => "none",
    }
}

/// The stored contract as it serialises, with how soon it needs attention.
fn contract_json(c: &Contract, today: Date) -> Value {
    let mut value = serde_json::to_value(c).unwrap_or(Value::Null);
    value["urgency"] = Value::from(urgency_key(Urgency::of(c, today)));
    value
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContractFilter {
    /// Free text: title, reference, supplier, org. number, CPV or options.
    q: String,
    /// A spend category id.
    category: String,
    /// Months: the last end date (with options) from today to this many months ahead.
    ending_within_months: String,
}

/// `GET /api/v1/contracts`: the register, filtered as `/avtal` filters.
pub async fn contracts(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Query(filter): Query<ContractFilter>,
) -> ApiResult<Json<Value>> {
    let today = state.clock.today();
    let window = match filter.ending_within_months.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .ok()
                .filter(|m| (1..=MAX_WINDOW_MONTHS).contains(m))
                .ok_or_else(|| {
                    ApiError(AppError::BadRequest(format!(
                        "ending_within_months: \"{text}\" ska vara ett heltal 1–{MAX_WINDOW_MONTHS} / must be a whole number 1–{MAX_WINDOW_MONTHS}"
                    )))
                })?,
        ),
    };
    let limit = window.and_then(|m| today.add_months(m as i32));
    let text = filter.q.trim().to_lowercase();
    let category = filter.category.trim();
    let contracts: Vec<Value> = state
        .store
        .contracts(ctx.org_id())
        .await?
        .iter()
        .filter(|c| crate::pages::contracts::matches(c, &text, category, today, limit))
        .map(|c| contract_json(c, today))
        .collect();
    Ok(Json(
        json!({ "today": today.to_string(), "contracts": contracts }),
    ))
}

fn check_json(item: &FollowupItem, report_id: i64, check: &Check) -> Value {
    let (value, derived, shortfall, sv, en) = match check {
        Check::Met { value, derived } => (Some(*value), Some(*derived), None, None, None),
        Check::NotMet {
            value,
            derived,
            shortfall,
            text,
        } => (
            Some(*value),
            Some(*derived),
            Some(*shortfall),
            Some(text.sv.clone()),
            Some(text.en.clone()),
        ),
        Check::NotReported => (None, None, None, None, None),
    };
    json!({
        "item_id": item.id,
        "report_id": report_id,
        "outcome": check.key(),
        "metric": item.metric,
        "value": value,
        "derived": derived,
        "shortfall": shortfall,
        "text_sv": sv,
        "text_en": en,
    })
}

fn item_json(item: &FollowupItem, reports: &[SupplierReport], today: Date) -> Value {
    // The latest report that says something about the item (reports come
    // latest period first), as the follow-up plan shows it.
    let last = reports.iter().find_map(|r| {
        check_item(item, &r.value_map())
            .filter(|c| *c != Check::NotReported)
            .map(|c| check_json(item, r.id, &c))
    });
    let due = if item.status == "done" {
        rules::DueStatus::NotDue
    } else {
        due_status(item.next_due, today)
    };
    json!({
        "id": item.id,
        "criterion_id": non_empty(&item.criterion_id),
        "what": item.what,
        "how": item.how,
        "evidence": item.evidence,
        "frequency": item.frequency,
        "next_due": date(item.next_due),
        "due_status": due.key(),
        "role": item.role,
        "metric": non_empty(&item.metric),
        "unit": metric_by_key(&item.metric).map(|m| m.unit),
        "comparator": non_empty(&item.comparator),
        "threshold": item.threshold,
        "status": item.status,
        "last_checked": date(item.last_checked),
        "last_result": last,
    })
}

fn report_json(r: &SupplierReport, items: &[FollowupItem]) -> Value {
    let map = r.value_map();
    let values: Vec<Value> = r
        .values
        .iter()
        .map(|(metric, value)| {
            let m = metric_by_key(metric);
            json!({
                "metric": metric,
                "unit": m.map(|m| m.unit),
                "name_sv": m.map(|m| m.name.sv),
                "name_en": m.map(|m| m.name.en),
                "value": value,
            })
        })
        .collect();
    let checks: Vec<Value> = items
        .iter()
        .filter_map(|item| check_item(item, &map).map(|c| check_json(item, r.id, &c)))
        .collect();
    json!({
        "id": r.id,
        "period_start": r.period_start.to_string(),
        "period_end": r.period_end.to_string(),
        "source": r.source,
        "file_name": r.file_name,
        "note": r.note,
        "received_at": r.received_at,
        "values": values,
        "checks": checks,
    })
}

fn deviation_json(d: &Deviation, today: Date) -> Value {
    json!({
        "id": d.id,
        "item_id": d.item_id,
        "report_id": d.report_id,
        "found_on": d.found_on.to_string(),
        "description": d.description,
        "action": d.action,
        "deadline": date(d.deadline),
        "overdue": deviation_overdue(d.status, d.deadline, today),
        "sanction": non_empty(&d.sanction),
        "advantage_ore": d.advantage_ore,
        "sanction_ore": d.sanction_ore,
        "status": d.status.key(),
        "closed_on": date(d.closed_on),
        "closing_note": d.closing_note,
    })
}

/// `GET /api/v1/contracts/{id}`: one contract with its follow-up.
pub async fn contract(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let org = ctx.org_id();
    let store = &state.store;
    let c = store
        .contract(org, parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    let items = store.followup_items(org, c.id).await?;
    let reports = store.reports(org, c.id).await?;
    let deviations = store.deviations(org, c.id).await?;
    Ok(Json(json!({
        "contract": contract_json(&c, today),
        "followup_items": items.iter().map(|i| item_json(i, &reports, today)).collect::<Vec<_>>(),
        "reports": reports.iter().map(|r| report_json(r, &items)).collect::<Vec<_>>(),
        "deviations": deviations.iter().map(|d| deviation_json(d, today)).collect::<Vec<_>>(),
    })))
}

// --------------------------------------------------------------- results

/// `kg_co2e`, `kg_co2e_low`, `kg_co2e_high` (or with another stem).
fn put_range(obj: &mut Map<String, Value>, stem: &str, r: Range) {
    obj.insert(stem.into(), Value::from(r.value));
    obj.insert(format!("{stem}_low"), Value::from(r.low));
    obj.insert(format!("{stem}_high"), Value::from(r.high));
}

fn put_opt_range(obj: &mut Map<String, Value>, stem: &str, r: Option<Range>) {
    match r {
        Some(r) => put_range(obj, stem, r),
        None => {
            for suffix in ["", "_low", "_high"] {
                obj.insert(format!("{stem}{suffix}"), Value::Null);
            }
        }
    }
}

/// A yearly figure: CO2e and energy, each with its range.
fn figure_json(f: Option<Figure>) -> Value {
    let Some(f) = f else {
        return Value::Null;
    };
    let mut obj = Map::new();
    put_range(&mut obj, "kg_co2e", f.kg_co2e);
    put_opt_range(&mut obj, "kwh", f.kwh);
    Value::Object(obj)
}

/// A total: CO2e with its range, energy summed without one.
fn total_json(kg: Range, kwh: f64) -> Value {
    let mut obj = Map::new();
    put_range(&mut obj, "kg_co2e", kg);
    obj.insert("kwh".into(), Value::from(kwh));
    Value::Object(obj)
}

fn totals_json(t: &OrgTotals) -> Value {
    json!({
        "procurements": t.procurements,
        "with_baseline": t.with_baseline,
        "measured": t.measured,
        "expected_only": t.expected_only,
        "baseline": total_json(t.baseline_kg, t.baseline_kwh),
        "expected": total_json(t.expected_kg, t.expected_kwh),
        "followed_up": total_json(t.followed_up_kg, t.followed_up_kwh),
        "current": total_json(t.current_kg, t.current_kwh),
        "saving_kg_co2e": t.saving_kg,
        "saving_kwh": t.saving_kwh,
        "saving_share": t.saving_share,
    })
}

fn basis_key(b: ExpectedBasis) -> &'static str {
    match b {
        ExpectedBasis::Award => "award",
        ExpectedBasis::Criteria => "criteria",
        ExpectedBasis::Unchanged => "unchanged",
    }
}

/// The figures of one measured result (no trace).
fn measured_json(r: &MeasuredResult) -> Map<String, Value> {
    let saving = r.saving.as_ref().map(|s| {
        json!({
            "kg_co2e": s.kg_co2e,
            "kg_co2e_low": s.range.low,
            "kg_co2e_high": s.range.high,
            "kwh": s.kwh,
            "share": s.share,
            "measured": s.measured,
        })
    });
    let value = json!({
        "method": r.method.key(),
        "baseline": figure_json(r.baseline),
        "expected": figure_json(r.expected),
        "expected_basis": basis_key(r.expected_basis),
        "followed_up": figure_json(r.followed_up),
        "followed_up_co2e_complete": r.followed_up_co2e_complete,
        "covered_days": r.covered_days,
        "first_day": date(r.first_day),
        "last_day": date(r.last_day),
        "saving": saving,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn result_row(p: &ProcurementResult) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::from(p.id));
    obj.insert("title".into(), Value::from(p.title.clone()));
    obj.insert("category".into(), non_empty(&p.category));
    obj.insert(
        "contract".into(),
        p.contract.as_ref().map_or(
            Value::Null,
            |c| json!({ "id": c.id, "title": c.title, "supplier_name": c.supplier_name }),
        ),
    );
    obj.extend(measured_json(&p.result));
    Value::Object(obj)
}

/// `GET /api/v1/results`: the organisation's totals and every procurement
/// with a baseline or reported values, as `/resultat` shows them.
pub async fn results(State(state): State<Arc<AppState>>, ctx: ApiCtx) -> ApiResult<Json<Value>> {
    let o = org_results(&state, ctx.org_id(), state.clock.today()).await?;
    let footprint = o.footprint.as_ref().map(|f| {
        let lines: Vec<Value> = f
            .hybrid
            .lines
            .iter()
            .map(|l| {
                let mut obj = Map::new();
                obj.insert("category".into(), Value::from(l.id.clone()));
                obj.insert("name".into(), Value::from(l.name.clone()));
                put_range(&mut obj, "spend_kg_co2e", l.spend_kg);
                put_range(&mut obj, "hybrid_kg_co2e", l.hybrid_kg);
                obj.insert("replaced".into(), Value::from(l.replaced));
                obj.insert("procurements".into(), Value::from(l.procurements.clone()));
                Value::Object(obj)
            })
            .collect();
        let mut obj = Map::new();
        obj.insert("import_id".into(), Value::from(f.import_id));
        obj.insert("import_name".into(), Value::from(f.import_name.clone()));
        obj.insert("months".into(), Value::from(f.months));
        obj.insert("year".into(), Value::from(f.year));
        put_range(&mut obj, "spend_kg_co2e", f.hybrid.spend_kg);
        put_range(&mut obj, "hybrid_kg_co2e", f.hybrid.hybrid_kg);
        obj.insert("lines".into(), Value::from(lines));
        Value::Object(obj)
    });
    Ok(Json(json!({
        "totals": totals_json(&o.totals),
        "procurements": o.procurements.iter().map(result_row).collect::<Vec<_>>(),
        "footprint": footprint,
        "fuel_share": o.fuel_share.map(|(year, percent)| json!({ "year": year, "percent": percent })),
    })))
}

/// `GET /api/v1/results/{id}`: one procurement's result with how it was
/// computed, as `/upphandlingar/{id}/resultat` shows it.
pub async fn result(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let org = ctx.org_id();
    let p = state
        .store
        .procurement(org, parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let pr = procurement_result(&state, org, &p).await?;
    let r = &pr.result;
    let metrics: Vec<Value> = r
        .metrics
        .iter()
        .map(|m| {
            let metric = metric_by_key(&m.metric);
            let mut obj = Map::new();
            obj.insert("metric".into(), Value::from(m.metric.clone()));
            obj.insert("unit".into(), json!(metric.map(|x| x.unit)));
            obj.insert("name_sv".into(), json!(metric.map(|x| x.name.sv)));
            obj.insert("name_en".into(), json!(metric.map(|x| x.name.en)));
            obj.insert("quantity".into(), Value::from(m.quantity));
            obj.insert("per_year".into(), Value::from(m.per_year));
            put_opt_range(&mut obj, "kwh", m.kwh);
            put_opt_range(&mut obj, "kg_co2e", m.kg_co2e);
            Value::Object(obj)
        })
        .collect();
    let trace: Vec<Value> = r
        .trace
        .iter()
        .map(|s| json!({ "sv": s.sv, "en": s.en, "source": non_empty(&s.source) }))
        .collect();
    let mut sources: Vec<&str> = Vec::new();
    for s in &r.trace {
        if !s.source.is_empty() && !sources.contains(&s.source.as_str()) {
            sources.push(&s.source);
        }
    }
    let mut body = result_row(&pr);
    body["status"] = Value::from(p.status.key());
    body["metrics"] = Value::from(metrics);
    body["trace"] = Value::from(trace);
    body["sources"] = Value::from(sources);
    Ok(Json(body))
}

// ----------------------------------------------------------------- goals

fn goal_json(g: &GoalProgress) -> Value {
    let from = g.measured_from;
    json!({
        "id": g.goal.id,
        "kind": g.goal.kind,
        "title": g.goal.title,
        "unit": g.goal.unit,
        "base_year": g.goal.base_year,
        "base_value": g.goal.base_value,
        "target_year": g.goal.target_year,
        "target_value": g.goal.target_value,
        "note": g.goal.note,
        "shared": g.goal.shared,
        "measured_from": from.strip_prefix("res.from_").unwrap_or(from),
        "measured_from_sv": Lang::Sv.t(from),
        "measured_from_en": Lang::En.t(from),
        "progress": g.progress.map(|p| json!({
            "year": p.year,
            "value": p.value,
            "path": p.path,
            "achieved": p.achieved,
            "on_track": p.on_track,
        })),
    })
}

/// `GET /api/v1/goals`: the goals with progress as `/resultat` computes it.
pub async fn goals(State(state): State<Arc<AppState>>, ctx: ApiCtx) -> ApiResult<Json<Value>> {
    let o = org_results(&state, ctx.org_id(), state.clock.today()).await?;
    Ok(Json(json!({
        "goals": o.goals.iter().map(goal_json).collect::<Vec<_>>(),
    })))
}

// ----------------------------------------------------------- coordinator

/// The coordinator's pages' rule: the role samordnare in a samordnare
/// organisation.
fn require_coordinator(ctx: &ApiCtx) -> ApiResult<()> {
    if ctx.org.kind == OrgKind::Samordnare && ctx.roles.contains(&Role::Samordnare) {
        Ok(())
    } else {
        Err(ApiError(AppError::Forbidden))
    }
}

fn shared_row(p: &SharedProcurement, r: Option<&MeasuredResult>) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::from(p.id));
    obj.insert("org_id".into(), Value::from(p.org_id.0));
    obj.insert("organisation_name".into(), Value::from(p.org_name.clone()));
    obj.insert("title".into(), Value::from(p.title.clone()));
    obj.insert("status".into(), Value::from(p.status.key()));
    obj.insert("category".into(), non_empty(&p.spend_category));
    obj.insert("ambition".into(), json!(p.ambition));
    obj.insert("contract_start".into(), date(p.contract_start));
    obj.insert("contract_end".into(), date(p.contract_end));
    obj.insert("criteria".into(), Value::from(p.criteria.clone()));
    match r {
        Some(r) => obj.extend(measured_json(r)),
        None => {
            obj.insert("method".into(), Value::from("none"));
        }
    }
    Value::Object(obj)
}

fn shared_goal_json(g: &SharedGoal) -> Value {
    json!({
        "id": g.id,
        "org_id": g.org_id.0,
        "organisation_name": g.org_name,
        "kind": g.kind,
        "title": g.title,
        "unit": g.unit,
        "base_year": g.base_year,
        "base_value": g.base_value,
        "target_year": g.target_year,
        "target_value": g.target_value,
    })
}

/// `GET /api/v1/shared/results`: what members share with the coordinator —
/// their shared procurements' results, totals per member and in all, and
/// their shared goals — as `/samordning` shows it.
pub async fn shared_results(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
) -> ApiResult<Json<Value>> {
    require_coordinator(&ctx)?;
    let coordinator = ctx.org_id();
    let store = &state.store;
    let members = store.coordinated_members(coordinator).await?;
    let shared = store.coordinator_procurements(coordinator).await?;
    let mut rows = Vec::new();
    let mut results = Vec::new();
    for p in &shared {
        let r = crate::pages::coordination::measured(&state, p.org_id, p.id).await?;
        rows.push(shared_row(p, r.as_ref()));
        if let Some(r) = r {
            results.push((p.org_id, r));
        }
    }
    let organisations: Vec<Value> = members
        .iter()
        .map(|m| {
            let mine = results.iter().filter(|(o, _)| *o == m.id).map(|(_, r)| r);
            json!({
                "id": m.id.0,
                "name": m.name,
                "totals": totals_json(&org_totals(mine)),
            })
        })
        .collect();
    let goals: Vec<Value> = store
        .coordinator_goals(coordinator)
        .await?
        .iter()
        .map(shared_goal_json)
        .collect();
    Ok(Json(json!({
        "organisations": organisations,
        "totals": totals_json(&org_totals(results.iter().map(|(_, r)| r))),
        "procurements": rows,
        "goals": goals,
    })))
}
