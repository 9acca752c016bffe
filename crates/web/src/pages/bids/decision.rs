//! After the opening: the evaluation of the bids (the evaluation engine on
//! a generated tender file, see `build`), its exports, and the award
//! decision with the notice date, the standstill period and the contract.
//! Every page and export here shows bid contents and is audited.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use upphandla_core::process::standstill_end;
use upphandla_formats::doc;
use upphandla_formats::evaluation::{EvaluateRun, build_doc};
use upphandla_formats::number::parse_date;
use upphandla_store::{AwardInput, Bid, BidError, EvaluationInput, StoredEvaluation, TenderCall};

use super::build::{self, Climate, Generated};
use super::call::{MsgQuery, method_name};
use super::{ACTIVE, audit, base, bid_error, flash, may_read, may_run, procurement};
use crate::AppState;
use crate::auth::Ctx;
use crate::clock::local_text;
use crate::error::{AppError, AppResult};
use crate::pages::lcc::form::form_value;
use crate::pages::lcc::models::{download, report_fragment};
use crate::pages::{Page, fmt, render};

/// What every page here needs: an opened call the user may read.
struct Opened {
    title: String,
    call: TenderCall,
    bids: Vec<Bid>,
    now: i64,
}

/// The call and its bids, or: 404 for another organisation's id, 403 for a
/// role that does not read bids, a redirect to the sealed bids page before
/// the opening.
async fn opened(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Result<Opened, Response>> {
    let proc = procurement(state, ctx, id).await?;
    if !may_read(ctx) {
        return Err(AppError::Forbidden);
    }
    let call = state
        .store
        .tender_call(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now_unix();
    match state.store.bids(ctx.org_id(), id, now).await {
        Ok(bids) => Ok(Ok(Opened {
            title: proc.title,
            call,
            bids,
            now,
        })),
        Err(BidError::Sealed) => Ok(Err(Redirect::to(&base(id)).into_response())),
        Err(e) => Err(bid_error(e)),
    }
}

fn stored_files(e: &StoredEvaluation) -> Generated {
    Generated {
        tender: e.tender_toml.clone(),
        lcc: (!e.lcc_toml.is_empty()).then(|| e.lcc_toml.clone()),
    }
}

/// The engine's report for the web and the Excel export: the LCC line points
/// to the model file download (not to a command), and the score tables list
/// the bids in rank order like the chart above them.
fn evaluation_doc(run: &EvaluateRun) -> doc::Doc {
    let mut d = build_doc(run);
    for line in &mut d.lines {
        if line.starts_with("Anbudens LCC är beräknad")
            && let Some((head, _)) = line.split_once(", se `")
        {
            *line = format!(
                "{head}. Modellfilen kan laddas ner från utvärderingssidan (Ladda ner LCC-modellen)."
            );
        }
    }
    let bids = &run.evaluation.bids;
    let mut order: Vec<usize> = (0..bids.len()).collect();
    order.sort_by_key(|&i| bids[i].rank);
    for t in &mut d.tables {
        let same = t.rows.len() == bids.len()
            && t.rows
                .iter()
                .zip(bids)
                .all(|(r, b)| r.first().is_some_and(|c| c.display() == b.name));
        if (t.id == "poang" || t.id == "exakta-belopp") && same {
            let rows = std::mem::take(&mut t.rows);
            t.rows = order.iter().map(|&i| rows[i].clone()).collect();
        }
    }
    d
}

/// The engine's run of a stored evaluation (the files were checked when stored).
async fn run_of(stored: &StoredEvaluation) -> AppResult<EvaluateRun> {
    let files = stored_files(stored);
    tokio::task::spawn_blocking(move || build::compute(&files))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|errors| {
            AppError::Internal(format!(
                "sparad utvärdering: {}",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })
}

struct ClimateRow {
    name: String,
    tonnes: String,
    mwh: String,
    reference: bool,
}

fn climate_rows(climate: &Climate, bids: &[Bid]) -> Vec<ClimateRow> {
    let row =
        |name: String, a: &upphandla_core::lcc::calc::AlternativeResult, reference| ClimateRow {
            name,
            tonnes: fmt::tonnes_sv(a.co2e_total_kg),
            mwh: fmt::decimal_sv(a.energy_kwh / 1000.0, 1),
            reference,
        };
    let mut rows = Vec::new();
    if let Some(r) = &climate.reference {
        rows.push(row(r.name.clone(), r, true));
    }
    for b in bids {
        if let Some(a) = climate.of_bid(b.id) {
            rows.push(row(b.supplier_name.clone(), a, false));
        }
    }
    rows
}

#[derive(Template)]
#[template(path = "bid_evaluation.html")]
struct EvaluationPage {
    page: Page,
    id: i64,
    title: String,
    notice: Option<&'static str>,
    may_run: bool,
    method: String,
    evaluated: String,
    summary: Vec<(String, String)>,
    report: String,
    climate: Vec<ClimateRow>,
    errors: Vec<String>,
    /// A generated LCC model is stored (offered as a download).
    has_lcc: bool,
}

async fn render_evaluation(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    o: Opened,
    notice: Option<&'static str>,
    errors: Vec<String>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let stored = state
        .store
        .evaluation(ctx.org_id(), id, o.now)
        .await
        .map_err(bid_error)?;
    let (summary, report, climate, evaluated) = match &stored {
        Some(s) => {
            let run = run_of(s).await?;
            let e = &run.evaluation;
            let name_of = |key: &str| {
                e.bids
                    .iter()
                    .find(|b| b.id == key)
                    .map_or(key.to_string(), |b| b.name.clone())
            };
            let summary = vec![
                (lang.t("evaluation.winner").to_string(), name_of(&e.winner)),
                (
                    lang.t("evaluation.order").to_string(),
                    e.order
                        .iter()
                        .map(|k| name_of(k))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ];
            let climate = climate_rows(&build::climate(stored_files(s).lcc.as_deref()), &o.bids);
            (
                summary,
                report_fragment(&evaluation_doc(&run)),
                climate,
                local_text(s.computed_at),
            )
        }
        None => (Vec::new(), String::new(), Vec::new(), String::new()),
    };
    audit(
        state,
        ctx,
        "bids.view",
        &format!("upphandling {id}: utvärderingen"),
    )
    .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response = render(&EvaluationPage {
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{} – {}", lang.t("bids.evaluation"), o.title),
        ),
        id,
        title: o.title,
        notice,
        may_run: may_run(ctx),
        method: method_name(&o.call.award_method, lang).to_string(),
        evaluated,
        summary,
        report,
        climate,
        errors,
        has_lcc: stored.as_ref().is_some_and(|s| !s.lcc_toml.is_empty()),
    })?;
    *response.status_mut() = status;
    Ok(response)
}

pub(super) async fn evaluation_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<MsgQuery>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    render_evaluation(&state, &ctx, id, o, flash(q.msg.as_deref()), Vec::new()).await
}

/// Evaluates the opened bids and stores the result.
pub(super) async fn evaluate(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let generated = match build::generate(&o.title, &o.call, &o.bids) {
        Ok(g) => g,
        Err(message) => return render_evaluation(&state, &ctx, id, o, None, vec![message]).await,
    };
    let files = generated.clone();
    let run = tokio::task::spawn_blocking(move || build::compute(&files))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let run = match run {
        Ok(run) => run,
        Err(errors) => {
            let errors = errors.iter().map(|e| e.to_string()).collect();
            return render_evaluation(&state, &ctx, id, o, None, errors).await;
        }
    };
    let input = EvaluationInput {
        tender_toml: generated.tender,
        lcc_toml: generated.lcc.unwrap_or_default(),
        result_json: serde_json::to_string(&run).map_err(|e| AppError::Internal(e.to_string()))?,
        first_bid_id: build::bid_of_key(&run.evaluation.winner),
    };
    state
        .store
        .save_evaluation(ctx.org_id(), id, &input, Some(ctx.user.id), o.now)
        .await
        .map_err(bid_error)?;
    let winner = o
        .bids
        .iter()
        .find(|b| Some(b.id) == input.first_bid_id)
        .map_or(String::new(), |b| b.supplier_name.clone());
    audit(
        &state,
        &ctx,
        "bids.evaluate",
        &format!(
            "upphandling {id}: {} anbud utvärderade, först: {winner}",
            o.bids.len()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("{}/utvardering?msg=utvarderat", base(id))).into_response())
}

/// The stored evaluation of an opened call: a redirect while sealed, 404
/// when none is stored.
async fn opened_evaluation(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> AppResult<Result<StoredEvaluation, Response>> {
    let o = match opened(state, ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(Err(redirect)),
    };
    state
        .store
        .evaluation(ctx.org_id(), id, o.now)
        .await
        .map_err(bid_error)?
        .map(Ok)
        .ok_or(AppError::NotFound)
}

/// A download of bid contents (`<stem>-upphandling-<id>.<extension>`):
/// every one is a view, so it is audited.
async fn audited_download(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    what: &str,
    bytes: Vec<u8>,
    stem: &str,
    extension: &str,
) -> AppResult<Response> {
    let content_type = match extension {
        "json" => "application/json",
        "toml" => "application/toml",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    audit(
        state,
        ctx,
        "bids.view",
        &format!("upphandling {id}: {what}"),
    )
    .await?;
    Ok(download(
        bytes,
        content_type,
        &format!("{stem}-upphandling-{id}.{extension}"),
    ))
}

pub(super) async fn export_json(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let stored = match opened_evaluation(&state, &ctx, id).await? {
        Ok(stored) => stored,
        Err(redirect) => return Ok(redirect),
    };
    let bytes = stored.result_json.into_bytes();
    audited_download(
        &state,
        &ctx,
        id,
        "utvärderingen (JSON)",
        bytes,
        "utvardering",
        "json",
    )
    .await
}

/// The LCC model generated from the bids (the file the evaluation used).
pub(super) async fn export_lcc(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let stored = match opened_evaluation(&state, &ctx, id).await? {
        Ok(stored) => stored,
        Err(redirect) => return Ok(redirect),
    };
    if stored.lcc_toml.is_empty() {
        return Err(AppError::NotFound);
    }
    let bytes = stored.lcc_toml.into_bytes();
    audited_download(
        &state,
        &ctx,
        id,
        "anbudens LCC-modell (TOML)",
        bytes,
        "anbudens-lcc",
        "toml",
    )
    .await
}

pub(super) async fn export_xlsx(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let stored = match opened_evaluation(&state, &ctx, id).await? {
        Ok(stored) => stored,
        Err(redirect) => return Ok(redirect),
    };
    let run = run_of(&stored).await?;
    let bytes = doc::render_xlsx(&evaluation_doc(&run))
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    audited_download(
        &state,
        &ctx,
        id,
        "utvärderingen (Excel)",
        bytes,
        "utvardering",
        "xlsx",
    )
    .await
}

#[derive(Template)]
#[template(path = "bid_award.html")]
struct AwardPage {
    page: Page,
    id: i64,
    title: String,
    notice: Option<&'static str>,
    error: Option<String>,
    may_run: bool,
    evaluated: bool,
    contract_done: bool,
    /// (bid id, supplier, price, chosen)
    options: Vec<(i64, String, String, bool)>,
    reasons: String,
    decided: Option<DecidedView>,
    notice_value: String,
    contract_value: String,
    today: String,
    /// The contract in the register made from this award (after signing).
    register_contract: Option<i64>,
}

struct DecidedView {
    supplier: String,
    price: String,
    reasons: String,
    decided: String,
    decided_by: String,
    notice_sent: String,
    standstill_end: String,
    contract_from: String,
    contract_signed: String,
    /// Standstill still running today.
    in_standstill: bool,
    baseline: Vec<(String, String)>,
}

struct AwardForm {
    bid: Option<i64>,
    /// `None` when the posted form had no reasons field (the notice and contract
    /// forms): the stored reasons are shown again, never an empty box.
    reasons: Option<String>,
    notice: String,
    contract: String,
}

async fn render_award(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    o: Opened,
    notice: Option<&'static str>,
    error: Option<String>,
    form: Option<AwardForm>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let org = ctx.org_id();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let stored = state
        .store
        .evaluation(org, id, o.now)
        .await
        .map_err(bid_error)?;
    let award = state.store.award(org, id).await?;
    let today = state.clock.today();
    let register_contract = state
        .store
        .contract_for_procurement(org, id)
        .await?
        .map(|c| c.id);
    let chosen = form
        .as_ref()
        .and_then(|f| f.bid)
        .or(award.as_ref().map(|a| a.bid_id))
        .or(stored.as_ref().and_then(|s| s.first_bid_id));
    let options = o
        .bids
        .iter()
        .filter(|b| !b.is_excluded())
        .map(|b| {
            (
                b.id,
                b.supplier_name.clone(),
                fmt::sek_sv(b.price.0),
                Some(b.id) == chosen,
            )
        })
        .collect();
    let decided = award.as_ref().map(|a| {
        let figure = |kg: Option<f64>, kwh: Option<f64>| match (kg, kwh) {
            (Some(kg), Some(kwh)) => format!(
                "{} {} · {} {}",
                fmt::tonnes_sv(kg),
                lang.t("bids.tonnes_unit"),
                fmt::decimal_sv(kwh / 1000.0, 1),
                lang.t("bids.mwh")
            ),
            _ => "–".to_string(),
        };
        DecidedView {
            supplier: a.supplier_name.clone(),
            price: fmt::sek_sv(a.price.0),
            reasons: a.reasons.clone(),
            decided: local_text(a.decided_at),
            decided_by: a.decided_by_name.clone(),
            notice_sent: a.notice_sent.map_or(String::new(), |d| d.to_string()),
            standstill_end: a.standstill_end.map_or(String::new(), |d| d.to_string()),
            contract_from: a.standstill_end.map_or(String::new(), |d| {
                upphandla_core::date::Date::from_days_since_epoch(
                    i64::from(d.days_since_epoch()) + 1,
                )
                .to_string()
            }),
            contract_signed: a.contract_signed.map_or(String::new(), |d| d.to_string()),
            in_standstill: a.standstill_end.is_some_and(|end| today <= end),
            baseline: if a.reference_kg_co2e.is_some() || a.winner_kg_co2e.is_some() {
                vec![
                    (
                        lang.t("bids.reference").to_string(),
                        figure(a.reference_kg_co2e, a.reference_kwh),
                    ),
                    (
                        lang.t("bids.winner").to_string(),
                        figure(a.winner_kg_co2e, a.winner_kwh),
                    ),
                ]
            } else {
                Vec::new()
            },
        }
    });
    let stored_reasons = || award.as_ref().map_or(String::new(), |a| a.reasons.clone());
    let (reasons, notice_value, contract_value) = match form {
        Some(f) => (
            f.reasons.unwrap_or_else(stored_reasons),
            f.notice,
            f.contract,
        ),
        None => (stored_reasons(), String::new(), String::new()),
    };
    audit(
        state,
        ctx,
        "bids.view",
        &format!("upphandling {id}: tilldelningen"),
    )
    .await?;
    let mut response = render(&AwardPage {
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{} – {}", lang.t("bids.award"), o.title),
        ),
        id,
        title: o.title,
        notice,
        error,
        may_run: may_run(ctx),
        evaluated: stored.is_some(),
        contract_done: award.as_ref().is_some_and(|a| a.contract_signed.is_some()),
        options,
        reasons,
        decided,
        notice_value,
        contract_value,
        today: today.to_string(),
        register_contract,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

pub(super) async fn award_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<MsgQuery>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    render_award(&state, &ctx, id, o, flash(q.msg.as_deref()), None, None).await
}

/// The award page again with what was wrong.
async fn refuse(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    o: Opened,
    message: String,
    form: AwardForm,
) -> AppResult<Response> {
    render_award(state, ctx, id, o, None, Some(message), Some(form)).await
}

fn award_form(pairs: &[(String, String)]) -> AwardForm {
    let value = |k: &str| form_value(pairs, k).unwrap_or("").trim().to_string();
    AwardForm {
        bid: value("bid").parse().ok(),
        reasons: form_value(pairs, "reasons").map(str::to_string),
        notice: value("notice_sent"),
        contract: value("contract_signed"),
    }
}

/// Records the award decision on the stored evaluation.
pub(super) async fn decide(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let form = award_form(&pairs);
    let Some(stored) = state
        .store
        .evaluation(ctx.org_id(), id, o.now)
        .await
        .map_err(bid_error)?
    else {
        let message = ctx.t("bids.evaluate_first").to_string();
        return refuse(&state, &ctx, id, o, message, form).await;
    };
    let Some(bid) = form
        .bid
        .and_then(|b| o.bids.iter().find(|x| x.id == b))
        .cloned()
    else {
        let message = format!("{}: {}", ctx.t("bids.winner"), ctx.t("bids.required"));
        return refuse(&state, &ctx, id, o, message, form).await;
    };
    let climate = build::climate(stored_files(&stored).lcc.as_deref());
    let winner = climate.of_bid(bid.id);
    let input = AwardInput {
        bid_id: bid.id,
        reasons: form.reasons.clone().unwrap_or_default(),
        evaluation_json: stored.result_json.clone(),
        winner_kg_co2e: winner.map(|a| a.co2e_total_kg),
        winner_kwh: winner.map(|a| a.energy_kwh),
        reference_kg_co2e: climate.reference.as_ref().map(|a| a.co2e_total_kg),
        reference_kwh: climate.reference.as_ref().map(|a| a.energy_kwh),
    };
    match state
        .store
        .decide_award(ctx.org_id(), id, &input, Some(ctx.user.id), o.now)
        .await
    {
        Ok(()) => {}
        Err(e @ (BidError::Invalid(_) | BidError::ContractSigned)) => {
            return refuse(&state, &ctx, id, o, e.to_string(), form).await;
        }
        Err(e) => return Err(bid_error(e)),
    }
    audit(
        &state,
        &ctx,
        "bids.award",
        &format!(
            "upphandling {id}: tilldelas {} (kvitto {})",
            bid.supplier_name, bid.receipt
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("{}/tilldelning?msg=beslutat", base(id))).into_response())
}

/// Records the day the award notice was sent; the standstill end follows.
pub(super) async fn notice(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let form = award_form(&pairs);
    let Ok(sent) = parse_date(&form.notice) else {
        let message = format!("{}: {}", ctx.t("bids.notice"), ctx.t("bids.invalid_date"));
        return refuse(&state, &ctx, id, o, message, form).await;
    };
    let end = standstill_end(sent);
    match state
        .store
        .set_award_notice(ctx.org_id(), id, sent, end, state.clock.today())
        .await
    {
        Ok(()) => {}
        Err(e @ (BidError::Invalid(_) | BidError::ContractSigned | BidError::NoAward)) => {
            return refuse(&state, &ctx, id, o, e.to_string(), form).await;
        }
        Err(e) => return Err(bid_error(e)),
    }
    audit(
        &state,
        &ctx,
        "bids.notice",
        &format!("upphandling {id}: underrättelse skickad {sent}, avtalsspärr till och med {end}"),
    )
    .await?;
    Ok(Redirect::to(&format!("{}/tilldelning?msg=underrattelse", base(id))).into_response())
}

/// Records the contract signing date: refused during the standstill.
pub(super) async fn contract(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let o = match opened(&state, &ctx, id).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let form = award_form(&pairs);
    let Ok(signed) = parse_date(&form.contract) else {
        let message = format!("{}: {}", ctx.t("bids.contract"), ctx.t("bids.invalid_date"));
        return refuse(&state, &ctx, id, o, message, form).await;
    };
    match state
        .store
        .set_contract_signed(ctx.org_id(), id, signed, state.clock.today())
        .await
    {
        Ok(()) => {}
        Err(BidError::Standstill { end }) => {
            audit(
                &state,
                &ctx,
                "bids.contract_refused",
                &format!("upphandling {id}: {signed} inom avtalsspärren (till och med {end})"),
            )
            .await?;
            let message = format!(
                "{} {end}. {}",
                ctx.t("bids.contract_in_standstill"),
                ctx.t("bids.contract_wait")
            );
            return refuse(&state, &ctx, id, o, message, form).await;
        }
        Err(e @ (BidError::Invalid(_) | BidError::ContractSigned | BidError::NoAward)) => {
            return refuse(&state, &ctx, id, o, e.to_string(), form).await;
        }
        Err(e) => return Err(bid_error(e)),
    }
    audit(
        &state,
        &ctx,
        "bids.contract",
        &format!("upphandling {id}: avtal undertecknat {signed}"),
    )
    .await?;
    crate::pages::contracts::create_from_award(&state, &ctx, id).await?;
    Ok(Redirect::to(&format!("{}/tilldelning?msg=avtal", base(id))).into_response())
}
