//! Deviations: what was found, the action demanded and its deadline, the
//! sanction with the penalty calculator (factor × the advantage the supplier
//! gained, 1.5 by default), status changes with notes, and the history from
//! the audit log.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::date::Date;
use upphandla_core::followup::{
    self as rules, Check, Comparator, DEFAULT_FACTOR_MILLI, DeviationStatus, Sanction,
    TransitionError,
};
use upphandla_core::metrics::{MetricKind, metric_by_key};
use upphandla_core::money::Ore;
use upphandla_formats::number::parse_amount;
use upphandla_formats::supplier_report::parse_number;
use upphandla_store::{Contract, Deviation, DeviationInput};

use super::super::{Page, fmt, render};
use super::plan::{Choice, Head, head};
use super::{ACTIVE, audit, check_item, load, may_edit, path_id, require, text};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

/// Days a supplier gets to correct by default (a proposal the user changes).
const DEFAULT_DEADLINE_DAYS: i64 = 30;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DeviationForm {
    pub item_id: String,
    pub report_id: String,
    pub found_on: String,
    pub description: String,
    pub action: String,
    pub deadline: String,
    pub sanction: String,
    /// The advantage in kronor, when entered directly.
    pub advantage: String,
    /// … or computed as quantity × price difference per unit.
    pub quantity: String,
    pub quantity_unit: String,
    pub price_diff: String,
    pub factor: String,
    /// Set by the "calculate" button: show the amounts, save nothing.
    pub berakna: String,
}

fn kr(o: Ore) -> String {
    format!("{} kr", fmt::sek_sv(o.0))
}

/// The amounts of a form: (advantage, sanction amount, explanation) or a field error.
struct Amounts {
    advantage: Option<Ore>,
    sanction: Option<Ore>,
    explanation: String,
}

fn amounts(f: &DeviationForm, lang: Lang) -> Result<Amounts, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let factor = if f.factor.trim().is_empty() {
        DEFAULT_FACTOR_MILLI
    } else {
        rules::parse_factor(&f.factor).unwrap_or_else(|| {
            errors.push(("factor", "fu.err_factor"));
            DEFAULT_FACTOR_MILLI
        })
    };
    let mut explanation = String::new();
    let advantage = if !f.advantage.trim().is_empty() {
        match parse_amount(f.advantage.trim()) {
            Ok(o) if o.0 >= 0 => Some(o),
            _ => {
                errors.push(("advantage", "fu.err_amount"));
                None
            }
        }
    } else if !f.quantity.trim().is_empty() || !f.price_diff.trim().is_empty() {
        let q = match parse_number(&f.quantity) {
            Some(Ok((v, _))) if v >= 0.0 => Some(v),
            _ => {
                errors.push(("quantity", "fu.err_number"));
                None
            }
        };
        let p = match parse_amount(f.price_diff.trim()) {
            Ok(o) if o.0 >= 0 => Some(o),
            _ => {
                errors.push(("price_diff", "fu.err_amount"));
                None
            }
        };
        match (q, p) {
            (Some(q), Some(p)) => {
                let a = rules::advantage_from_quantity(q, p);
                if let Some(a) = a {
                    explanation = format!(
                        "{} {} {} × {} = {}. ",
                        lang.t("fu.calc_advantage"),
                        rules::number_sv(q),
                        f.quantity_unit.trim(),
                        kr(p),
                        kr(a)
                    );
                } else {
                    errors.push(("quantity", "fu.err_number"));
                }
                a
            }
            _ => None,
        }
    } else {
        None
    };
    let sanction = Sanction::parse(&f.sanction);
    if !f.sanction.is_empty() && sanction.is_none() {
        errors.push(("sanction", "fu.err_sanction"));
    }
    let amount = match (sanction, advantage) {
        (Some(s), Some(a)) if s.has_amount() => match rules::penalty(a, factor) {
            Some(p) => {
                explanation.push_str(&format!(
                    "{} {} × {} = {} {}",
                    lang.t("fu.calc_penalty"),
                    rules::number_sv(factor as f64 / 1000.0),
                    kr(a),
                    kr(p),
                    lang.t("fu.calc_rounding")
                ));
                Some(p)
            }
            None => {
                errors.push(("advantage", "fu.err_amount"));
                None
            }
        },
        _ => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Amounts {
        advantage,
        sanction: amount,
        explanation,
    })
}

fn sanctions(selected: &str, lang: Lang) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: lang.t("fu.sanction_none").into(),
        selected: selected.is_empty(),
    }];
    out.extend(Sanction::LADDER.iter().map(|s| Choice {
        value: s.key().into(),
        label: format!(
            "{} – {}",
            text(lang, s.name().sv, s.name().en),
            text(lang, s.description().sv, s.description().en)
        ),
        selected: selected == s.key(),
    }));
    out
}

#[derive(Template)]
#[template(path = "followup_deviation_form.html")]
struct NewPage {
    page: Page,
    h: Head,
    form: DeviationForm,
    errors: Vec<(&'static str, &'static str)>,
    sanctions: Vec<Choice>,
    explanation: String,
    /// Earlier deviations on the same item and the next step up the ladder.
    repeat: String,
}

impl NewPage {
    fn error(&self, field: &str) -> &'static str {
        field_error(&self.errors, field)
    }
}

fn field_error(errors: &[(&'static str, &'static str)], field: &str) -> &'static str {
    errors
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("", |(_, k)| k)
}

/// For an item with earlier deviations: how many, the strictest sanction so
/// far and the next step up the ladder (a hint; the user chooses).
async fn repeat_hint(state: &AppState, ctx: &Ctx, c: &Contract, item: &str) -> AppResult<String> {
    let Some(item) = opt_id(item) else {
        return Ok(String::new());
    };
    let earlier: Vec<Deviation> = state
        .store
        .deviations(ctx.org_id(), c.id)
        .await?
        .into_iter()
        .filter(|d| d.item_id == Some(item))
        .collect();
    if earlier.is_empty() {
        return Ok(String::new());
    }
    let lang = ctx.lang;
    let name = |s: Sanction| text(lang, s.name().sv, s.name().en);
    let strictest = earlier
        .iter()
        .filter_map(|d| Sanction::parse(&d.sanction))
        .max();
    let mut hint = format!("{} {}.", ctx.t("fu.repeat_count"), earlier.len());
    if let Some(s) = strictest {
        hint.push_str(&format!(" {} {}.", ctx.t("fu.repeat_strictest"), name(s)));
        if let Some(next) = s.next() {
            hint.push_str(&format!(" {} {}.", ctx.t("fu.repeat_next"), name(next)));
        }
    }
    Ok(hint)
}

async fn new_page_render(
    state: &AppState,
    ctx: &Ctx,
    c: &Contract,
    form: DeviationForm,
    errors: Vec<(&'static str, &'static str)>,
    explanation: String,
) -> AppResult<Response> {
    let repeat = repeat_hint(state, ctx, c, &form.item_id).await?;
    render(&NewPage {
        repeat,
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{}: {}", ctx.t("fu.deviation_new"), c.title),
        ),
        h: head(c),
        sanctions: sanctions(&form.sanction, ctx.lang),
        form,
        errors,
        explanation,
    })
}

fn plus_days(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// The proposal for a requirement not met: the check's text, the quantity
/// the advantage is computed from, and a penalty (vite) as the sanction.
async fn proposal(
    state: &AppState,
    ctx: &Ctx,
    c: &Contract,
    q: &HashMap<String, String>,
) -> AppResult<DeviationForm> {
    let today = state.clock.today();
    let mut form = DeviationForm {
        found_on: today.to_string(),
        deadline: plus_days(today, DEFAULT_DEADLINE_DAYS).to_string(),
        factor: "1,5".into(),
        ..Default::default()
    };
    let org = ctx.org_id();
    let item = match q.get("punkt").and_then(|r| r.parse::<i64>().ok()) {
        Some(id) => state
            .store
            .followup_item(org, id)
            .await?
            .filter(|i| i.contract_id == c.id),
        None => None,
    };
    let report = match q.get("rapport").and_then(|r| r.parse::<i64>().ok()) {
        Some(id) => state
            .store
            .report(org, id)
            .await?
            .filter(|r| r.contract_id == c.id),
        None => None,
    };
    if let Some(item) = &item {
        form.item_id = item.id.to_string();
        form.description = item.what.clone();
    }
    if let Some(r) = &report {
        form.report_id = r.id.to_string();
    }
    if let (Some(item), Some(r)) = (&item, &report) {
        let values: BTreeMap<String, f64> = r.value_map();
        if let Some(Check::NotMet {
            shortfall, text: t, ..
        }) = check_item(item, &values)
        {
            form.description = format!(
                "{}: {} ({} {} – {})",
                item.what,
                text(ctx.lang, &t.sv, &t.en),
                ctx.t("fu.report"),
                r.period_start,
                r.period_end
            );
            form.sanction = Sanction::Vite.key().into();
            let metric = metric_by_key(&item.metric);
            if item.metric == rules::RENEWABLE_FUEL_SHARE {
                // The HVO100 that should have replaced fossil fuel.
                if let Some(l) = item
                    .threshold
                    .and_then(|t| rules::missing_hvo_litres(&values, t))
                    .filter(|l| *l > 0.0)
                {
                    form.quantity = rules::number_sv(l);
                    form.quantity_unit = "l HVO100".into();
                }
            } else if let Some(m) = metric.filter(|m| m.kind != MetricKind::Share)
                && Comparator::parse(&item.comparator).is_some()
            {
                form.quantity = rules::number_sv(shortfall);
                form.quantity_unit = m.unit.into();
            }
        }
    }
    Ok(form)
}

pub(super) async fn new_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_edit(&ctx))?;
    let form = proposal(&state, &ctx, &c, &q).await?;
    new_page_render(&state, &ctx, &c, form, Vec::new(), String::new()).await
}

fn opt_id(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

/// The stored input from a form, or field errors.
fn input_of(
    f: &DeviationForm,
    lang: Lang,
) -> Result<(DeviationInput, String), Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    if f.description.trim().is_empty() {
        errors.push(("description", "fu.err_description"));
    }
    let found_on = Date::parse_iso(f.found_on.trim());
    if found_on.is_none() {
        errors.push(("found_on", "fu.err_date"));
    }
    let deadline = if f.deadline.trim().is_empty() {
        None
    } else {
        match Date::parse_iso(f.deadline.trim()) {
            Some(d) => Some(d),
            None => {
                errors.push(("deadline", "fu.err_date"));
                None
            }
        }
    };
    let a = match amounts(f, lang) {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let a = a.unwrap_or(Amounts {
        advantage: None,
        sanction: None,
        explanation: String::new(),
    });
    Ok((
        DeviationInput {
            item_id: opt_id(&f.item_id),
            report_id: opt_id(&f.report_id),
            found_on,
            description: f.description.trim().to_string(),
            action: f.action.trim().to_string(),
            deadline,
            sanction: f.sanction.clone(),
            advantage_ore: a.advantage.map(|o| o.0),
            sanction_ore: a.sanction.map(|o| o.0),
        },
        a.explanation,
    ))
}

fn detail(did: i64, d: &DeviationInput) -> String {
    format!(
        "avvikelse {did}: {} | åtgärd: {} | frist: {} | sanktion: {} {}",
        d.description,
        d.action,
        d.deadline
            .map(|x| x.to_string())
            .unwrap_or_else(|| "–".into()),
        if d.sanction.is_empty() {
            "–"
        } else {
            &d.sanction
        },
        d.sanction_ore
            .map(|o| format!("{} kr", fmt::sek_sv(o)))
            .unwrap_or_default()
    )
}

pub(super) async fn create(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<DeviationForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_edit(&ctx))?;
    let (input, explanation) = match input_of(&form, ctx.lang) {
        Ok(x) => x,
        Err(errors) => {
            return new_page_render(&state, &ctx, &c, form, errors, String::new()).await;
        }
    };
    if !form.berakna.is_empty() {
        return new_page_render(&state, &ctx, &c, form, Vec::new(), explanation).await;
    }
    let did = state
        .store
        .create_deviation(
            ctx.org_id(),
            c.id,
            &input,
            Some(ctx.user.id),
            state.clock.now_unix(),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    audit(
        &state,
        &ctx,
        "followup.deviation_create",
        &detail(did, &input),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/avtal/{}/avvikelser/{did}?meddelande=skapad",
        c.id
    ))
    .into_response())
}

pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "followup_deviation.html")]
struct ShowPage {
    page: Page,
    h: Head,
    did: i64,
    status: String,
    overdue: bool,
    found_on: String,
    item_id: Option<i64>,
    report_id: Option<i64>,
    description: String,
    action: String,
    deadline: String,
    sanction: String,
    advantage: String,
    amount: String,
    closed_on: String,
    closing_note: String,
    form: DeviationForm,
    errors: Vec<(&'static str, &'static str)>,
    sanctions: Vec<Choice>,
    explanation: String,
    targets: Vec<Choice>,
    status_error: &'static str,
    status_note: String,
    today: String,
    history: Vec<HistoryLine>,
    may_edit: bool,
    notice: &'static str,
}

impl ShowPage {
    fn error(&self, field: &str) -> &'static str {
        field_error(&self.errors, field)
    }
}

fn form_of(d: &Deviation) -> DeviationForm {
    DeviationForm {
        item_id: d.item_id.map(|i| i.to_string()).unwrap_or_default(),
        report_id: d.report_id.map(|i| i.to_string()).unwrap_or_default(),
        found_on: d.found_on.to_string(),
        description: d.description.clone(),
        action: d.action.clone(),
        deadline: d.deadline.map(|x| x.to_string()).unwrap_or_default(),
        sanction: d.sanction.clone(),
        advantage: d
            .advantage_ore
            .map(|o| Ore(o).to_swedish_string())
            .unwrap_or_default(),
        factor: match (d.advantage_ore, d.sanction_ore) {
            // The stored factor is implied by the amounts; show it when exact.
            (Some(a), Some(s)) if a > 0 && (s * 1000) % a == 0 => {
                rules::number_sv((s * 1000 / a) as f64 / 1000.0)
            }
            _ => "1,5".into(),
        },
        ..Default::default()
    }
}

struct ShowExtras {
    form: Option<DeviationForm>,
    errors: Vec<(&'static str, &'static str)>,
    explanation: String,
    status_error: &'static str,
    status_note: String,
    notice: &'static str,
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    c: &Contract,
    d: &Deviation,
    x: ShowExtras,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let prefix = format!("avvikelse {}:", d.id);
    let history = state
        .store
        .audit_log(ctx.org_id(), 2000)
        .await?
        .into_iter()
        .filter(|e| e.action.starts_with("followup.deviation") && e.detail.starts_with(&prefix))
        .map(|e| HistoryLine {
            at: fmt::datetime(e.at),
            who: e.user_name,
            what: format!(
                "{}: {}",
                lang.t(match e.action.as_str() {
                    "followup.deviation_create" => "fu.hist_create",
                    "followup.deviation_update" => "fu.hist_update",
                    _ => "fu.hist_status",
                }),
                e.detail[prefix.len()..].trim()
            ),
        })
        .collect();
    let status = d.status.name();
    let targets = DeviationStatus::ALL
        .iter()
        .filter(|s| **s != d.status)
        .map(|s| Choice {
            value: s.key().into(),
            label: text(lang, s.name().sv, s.name().en),
            selected: false,
        })
        .collect();
    let form = x.form.unwrap_or_else(|| form_of(d));
    render(&ShowPage {
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{} {}: {}", ctx.t("fu.deviation"), d.found_on, c.title),
        ),
        h: head(c),
        did: d.id,
        status: text(lang, status.sv, status.en),
        overdue: rules::deviation_overdue(d.status, d.deadline, today),
        found_on: d.found_on.to_string(),
        item_id: d.item_id,
        report_id: d.report_id,
        description: d.description.clone(),
        action: d.action.clone(),
        deadline: d.deadline.map(|x| x.to_string()).unwrap_or_default(),
        sanction: Sanction::parse(&d.sanction)
            .map(|s| text(lang, s.name().sv, s.name().en))
            .unwrap_or_default(),
        advantage: d.advantage_ore.map(|o| kr(Ore(o))).unwrap_or_default(),
        amount: d.sanction_ore.map(|o| kr(Ore(o))).unwrap_or_default(),
        closed_on: d.closed_on.map(|x| x.to_string()).unwrap_or_default(),
        closing_note: d.closing_note.clone(),
        sanctions: sanctions(&form.sanction, lang),
        form,
        errors: x.errors,
        explanation: x.explanation,
        targets,
        status_error: x.status_error,
        status_note: x.status_note,
        today: today.to_string(),
        history,
        may_edit: may_edit(ctx),
        notice: x.notice,
    })
}

async fn load_deviation(
    state: &AppState,
    ctx: &Ctx,
    c: &Contract,
    raw: &str,
) -> AppResult<Deviation> {
    let id = path_id(raw)?;
    state
        .store
        .deviation(ctx.org_id(), id)
        .await?
        .filter(|d| d.contract_id == c.id)
        .ok_or(AppError::NotFound)
}

pub(super) async fn show(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, did)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let d = load_deviation(&state, &ctx, &c, &did).await?;
    let notice = match q.get("meddelande").map(String::as_str) {
        Some("skapad") => "fu.notice_dev_created",
        Some("sparad") => "fu.notice_dev_saved",
        Some("status") => "fu.notice_dev_status",
        _ => "",
    };
    show_page(
        &state,
        &ctx,
        &c,
        &d,
        ShowExtras {
            form: None,
            errors: Vec::new(),
            explanation: String::new(),
            status_error: "",
            status_note: String::new(),
            notice,
        },
    )
    .await
}

pub(super) async fn update(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, did)): Path<(String, String)>,
    Form(mut form): Form<DeviationForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let d = load_deviation(&state, &ctx, &c, &did).await?;
    require(may_edit(&ctx))?;
    // The item, report and finding date are not changed here.
    form.item_id = d.item_id.map(|i| i.to_string()).unwrap_or_default();
    form.report_id = d.report_id.map(|i| i.to_string()).unwrap_or_default();
    form.found_on = d.found_on.to_string();
    let extras = |form, errors, explanation| ShowExtras {
        form: Some(form),
        errors,
        explanation,
        status_error: "",
        status_note: String::new(),
        notice: "",
    };
    let (input, explanation) = match input_of(&form, ctx.lang) {
        Ok(x) => x,
        Err(errors) => {
            return show_page(&state, &ctx, &c, &d, extras(form, errors, String::new())).await;
        }
    };
    if !form.berakna.is_empty() {
        return show_page(&state, &ctx, &c, &d, extras(form, Vec::new(), explanation)).await;
    }
    if !state
        .store
        .update_deviation(ctx.org_id(), d.id, &input, state.clock.now_unix())
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "followup.deviation_update",
        &detail(d.id, &input),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/avtal/{}/avvikelser/{}?meddelande=sparad",
        c.id, d.id
    ))
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    pub note: String,
    pub date: String,
}

pub(super) async fn change_status(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, did)): Path<(String, String)>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let d = load_deviation(&state, &ctx, &c, &did).await?;
    require(may_edit(&ctx))?;
    let to = DeviationStatus::parse(&form.status)
        .ok_or_else(|| AppError::BadRequest(ctx.t("fu.err_status").into()))?;
    let date = if form.date.trim().is_empty() {
        Some(state.clock.today())
    } else {
        Date::parse_iso(form.date.trim())
    };
    let refused = |key: &'static str| ShowExtras {
        form: None,
        errors: Vec::new(),
        explanation: String::new(),
        status_error: key,
        status_note: form.note.clone(),
        notice: "",
    };
    if date.is_none() {
        return show_page(&state, &ctx, &c, &d, refused("fu.err_date")).await;
    }
    let change = match rules::transition(d.status, to, &form.note, date) {
        Ok(t) => t,
        Err(e) => {
            let key = match e {
                TransitionError::Unchanged => "fu.err_unchanged",
                TransitionError::ClosingNoteRequired => "fu.err_closing_note",
                TransitionError::ClosingDateRequired => "fu.err_date",
                TransitionError::ReopenReasonRequired => "fu.err_reopen_reason",
            };
            return show_page(&state, &ctx, &c, &d, refused(key)).await;
        }
    };
    if !state
        .store
        .set_deviation_status(
            ctx.org_id(),
            d.id,
            d.status,
            &change,
            state.clock.now_unix(),
        )
        .await?
    {
        // Someone else changed it first: show the current state.
        return Ok(Redirect::to(&format!("/avtal/{}/avvikelser/{}", c.id, d.id)).into_response());
    }
    audit(
        &state,
        &ctx,
        "followup.deviation_status",
        &format!(
            "avvikelse {}: {} → {}{}{}",
            d.id,
            d.status.key(),
            change.to.key(),
            change
                .closed_on
                .map(|x| format!(" ({x})"))
                .unwrap_or_default(),
            if change.note.is_empty() {
                String::new()
            } else {
                format!(": {}", change.note)
            }
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/avtal/{}/avvikelser/{}?meddelande=status",
        c.id, d.id
    ))
    .into_response())
}
