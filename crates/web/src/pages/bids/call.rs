//! `/upphandlingar/{id}/anbud`: the call for tenders (deadline, award
//! basis, linked LCC model), its submission link, the sealed receipt list,
//! the opening and, once opened, the bids.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::money::Ore;
use upphandla_formats::number::parse_amount;
use upphandla_formats::number::parse_date;
use upphandla_store::{
    BidError, ModelKind, Quality, QualityCriterion, TenderCall, TenderCallInput,
};

use super::super::lcc::form::form_value;
use super::super::{Page, fmt, render};
use super::{ACTIVE, audit, base, bid_error, flash, may_read, may_run, parse_number, procurement};
use crate::AppState;
use crate::auth::{self, Ctx};
use crate::clock::{from_local, local, local_text};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

/// The award bases the pages offer (the engine's methods that need no
/// quality criteria; see docs/decisions.md).
pub(super) const METHODS: [&str; 4] = [
    "lowest_price",
    "lowest_lcc",
    "value_deduction",
    "relative_scoring",
];

/// Criterion rows the setup form offers.
const FORM_ROWS: usize = 5;

/// One quality criterion row of the setup form, as typed.
#[derive(Default, Clone)]
pub(super) struct CriterionRow {
    pub name: String,
    pub max: String,
    pub deduction: String,
    pub weight: String,
}

pub(super) fn method_name(method: &str, lang: Lang) -> &'static str {
    lang.t(&format!("evaluation.{method}"))
}

/// One opened bid as the table shows it.
pub(super) struct BidRow {
    pub id: i64,
    /// Why the bid is left out of the evaluation; empty when it is in.
    pub excluded: String,
    pub receipt: String,
    pub received: String,
    pub supplier: String,
    pub orgnr: String,
    pub contact: String,
    pub price: String,
    pub investment: String,
    pub carrier: String,
    pub consumption: String,
    pub maintenance: String,
    pub residual: String,
    pub note: String,
    /// "criterion: points; …" for the table.
    pub scores_text: String,
    /// (criterion id, name, highest points, points as typed) for the scoring form.
    pub score_fields: Vec<(String, String, String, String)>,
}

fn money(o: Option<Ore>) -> String {
    o.map_or(String::new(), |o| fmt::sek_sv(o.0))
}

/// The award decision as the bids page sums it up.
pub(super) struct AwardView {
    pub supplier: String,
    pub decided: String,
    pub standstill_end: String,
    pub contract: String,
}

#[derive(Template)]
#[template(path = "bid_call.html")]
struct CallPage {
    page: Page,
    id: i64,
    title: String,
    notice: Option<&'static str>,
    error: Option<String>,
    may_run: bool,
    has_call: bool,
    show_form: bool,
    deadline: String,
    method_name: String,
    model_name: String,
    link_made: String,
    status: &'static str,
    opened: String,
    /// The opening button (officers, before the opening).
    open_button: bool,
    deadline_passed: bool,
    receipts: Option<Vec<(String, String)>>,
    bids: Option<Vec<BidRow>>,
    award: Option<AwardView>,
    /// Officers may leave bids out of the evaluation until the award decision.
    may_examine: bool,
    /// The call's quality criteria, as the summary lists them.
    criteria: Vec<String>,
    has_criteria: bool,
    form_date: String,
    form_time: String,
    methods: Vec<(&'static str, &'static str, bool)>,
    models: Vec<(i64, String, bool)>,
    form_rows: Vec<CriterionRow>,
    form_price_weight: String,
    form_lcc_basis: bool,
    /// The criteria part of the form starts open (a price–quality method or criteria typed).
    quality_open: bool,
    form_errors: Vec<String>,
}

/// What the setup form shows (again, after an error).
#[derive(Default)]
struct SetupForm {
    date: String,
    time: String,
    method: String,
    model: Option<i64>,
    rows: Vec<CriterionRow>,
    price_weight: String,
    lcc_basis: bool,
    errors: Vec<String>,
}

fn number_text(v: f64) -> String {
    fmt::decimal_sv(v, 4)
        .trim_end_matches('0')
        .trim_end_matches(',')
        .to_string()
}

impl SetupForm {
    fn of_call(call: Option<&TenderCall>) -> SetupForm {
        let mut form = match call {
            Some(c) => {
                let (d, h, m) = local(c.deadline);
                SetupForm {
                    date: d.to_string(),
                    time: format!("{h:02}:{m:02}"),
                    method: c.award_method.clone(),
                    model: c.lcc_model_id,
                    rows: c
                        .quality
                        .criteria
                        .iter()
                        .map(|k| CriterionRow {
                            name: k.name.clone(),
                            max: number_text(k.max_points),
                            deduction: k.deduction_ore.map_or(String::new(), fmt::sek_sv),
                            weight: k.weight.map_or(String::new(), number_text),
                        })
                        .collect(),
                    price_weight: c.quality.price_weight.map_or(String::new(), number_text),
                    lcc_basis: c.quality.lcc_basis,
                    errors: Vec::new(),
                }
            }
            None => SetupForm {
                time: "12:00".into(),
                method: "lowest_lcc".into(),
                ..SetupForm::default()
            },
        };
        form.rows
            .resize(FORM_ROWS.max(form.rows.len()), CriterionRow::default());
        form
    }

    /// The quality part the form describes for its method (errors added to the form).
    fn quality(&mut self, lang: Lang) -> Quality {
        let scored = matches!(self.method.as_str(), "value_deduction" | "relative_scoring");
        if !scored {
            return Quality::default();
        }
        let mut criteria = Vec::new();
        let mut errors = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            let name = row.name.trim();
            if name.is_empty() {
                continue;
            }
            let label = format!("{} {}", lang.t("bids.criterion"), i + 1);
            let max = parse_number(&row.max).filter(|v| *v > 0.0);
            if max.is_none() {
                errors.push(format!("{label}: {}", lang.t("bids.max_points_invalid")));
            }
            let deduction = if self.method == "value_deduction" {
                match parse_amount(&row.deduction) {
                    Ok(o) if o.0 >= 0 => Some(o.0),
                    _ => {
                        errors.push(format!("{label}: {}", lang.t("bids.deduction_invalid")));
                        None
                    }
                }
            } else {
                None
            };
            let weight = if self.method == "relative_scoring" {
                let w = parse_number(&row.weight).filter(|w| *w <= 1.0);
                if w.is_none() {
                    errors.push(format!("{label}: {}", lang.t("bids.weight_invalid")));
                }
                w
            } else {
                None
            };
            criteria.push(QualityCriterion {
                id: format!("k{}", criteria.len() + 1),
                name: name.to_string(),
                max_points: max.unwrap_or(1.0),
                deduction_ore: deduction,
                weight,
            });
        }
        if criteria.is_empty() {
            errors.push(lang.t("bids.criteria_required").to_string());
        }
        let price_weight = if self.method == "relative_scoring" {
            let w = parse_number(&self.price_weight).filter(|w| *w <= 1.0);
            if w.is_none() {
                errors.push(format!(
                    "{}: {}",
                    lang.t("bids.price_weight"),
                    lang.t("bids.weight_invalid")
                ));
            }
            w
        } else {
            None
        };
        self.errors.extend(errors);
        Quality {
            criteria,
            price_weight,
            lcc_basis: self.lcc_basis,
        }
    }
}

async fn render_call(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<&'static str>,
    error: Option<String>,
    form: Option<SetupForm>,
    status: StatusCode,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let proc = procurement(state, ctx, id).await?;
    let org = ctx.org_id();
    let now = state.clock.now_unix();
    let call = state.store.tender_call(org, id).await?;
    let officer = may_run(ctx);
    let opened = call.as_ref().is_some_and(TenderCall::is_opened);
    let deadline_passed = call.as_ref().is_some_and(|c| now >= c.deadline);
    let receipts = match &call {
        Some(_) if officer && !opened => Some(
            state
                .store
                .receipts(org, id)
                .await
                .map_err(bid_error)?
                .into_iter()
                .map(|r| (r.receipt, local_text(r.received_at)))
                .collect(),
        ),
        _ => None,
    };
    let bids = if opened && may_read(ctx) {
        let bids = state.store.bids(org, id, now).await.map_err(bid_error)?;
        audit(
            state,
            ctx,
            "bids.view",
            &format!("upphandling {id}: anbudslistan ({} anbud)", bids.len()),
        )
        .await?;
        let criteria = call
            .as_ref()
            .map_or(Vec::new(), |c| c.quality.criteria.clone());
        let shape = call
            .as_ref()
            .map(|c| super::build::model_shape(&c.lcc_model_text))
            .unwrap_or_default();
        let carrier_text = |id: &Option<String>| match id {
            Some(id) => shape
                .carriers
                .iter()
                .find(|(c, _, _)| c == id)
                .map_or(id.clone(), |(_, name, unit)| format!("{name} ({unit})")),
            None => String::new(),
        };
        let consumption_text = |b: &upphandla_store::Bid| {
            let Some(c) = b.consumption else {
                return String::new();
            };
            let unit = b
                .carrier_id
                .as_ref()
                .and_then(|id| shape.carriers.iter().find(|(x, _, _)| x == id))
                .map_or("", |(_, _, u)| u.as_str());
            let per = if shape.activity_unit.is_empty() {
                lang.t("bids.per_year")
            } else {
                shape.activity_unit.as_str()
            };
            format!("{} {unit}/{per}", number_text(c))
        };
        Some(
            bids.into_iter()
                .map(|b| BidRow {
                    carrier: carrier_text(&b.carrier_id),
                    consumption: consumption_text(&b),
                    scores_text: criteria
                        .iter()
                        .filter_map(|c| {
                            b.scores
                                .get(&c.id)
                                .map(|p| format!("{}: {}", c.name, number_text(*p)))
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    score_fields: criteria
                        .iter()
                        .map(|c| {
                            (
                                c.id.clone(),
                                c.name.clone(),
                                number_text(c.max_points),
                                b.scores
                                    .get(&c.id)
                                    .map_or(String::new(), |p| number_text(*p)),
                            )
                        })
                        .collect(),
                    id: b.id,
                    excluded: b.excluded_reason.unwrap_or_default(),
                    receipt: b.receipt,
                    received: local_text(b.received_at),
                    supplier: b.supplier_name,
                    orgnr: b.supplier_orgnr,
                    contact: b.contact,
                    price: fmt::sek_sv(b.price.0),
                    investment: money(b.investment),
                    maintenance: money(b.maintenance_per_year),
                    residual: money(b.residual_value),
                    note: b.note,
                })
                .collect(),
        )
    } else {
        None
    };
    let award = if opened {
        state.store.award(org, id).await?.map(|a| AwardView {
            supplier: a.supplier_name,
            decided: local_text(a.decided_at),
            standstill_end: a.standstill_end.map_or(String::new(), |d| d.to_string()),
            contract: a.contract_signed.map_or(String::new(), |d| d.to_string()),
        })
    } else {
        None
    };
    let form = form.unwrap_or_else(|| SetupForm::of_call(call.as_ref()));
    let models = state
        .store
        .models(org, ModelKind::Lcc)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name, form.model == Some(m.id)))
        .collect();
    let methods = METHODS
        .iter()
        .map(|m| (*m, method_name(m, lang), form.method == *m))
        .collect();
    let (status_key, opened_text) = match &call {
        Some(c) => match c.opened_at {
            Some(at) => (
                "bids.status_opened",
                format!(
                    "{} ({}) {} {}",
                    local_text(at),
                    lang.t("bids.swedish_time"),
                    lang.t("bids.opened_by"),
                    c.opened_by_name
                ),
            ),
            None if now >= c.deadline => ("bids.status_waiting", String::new()),
            None => ("bids.status_open", String::new()),
        },
        None => ("bids.no_call", String::new()),
    };
    let page = CallPage {
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{} – {}", lang.t("bids.title"), proc.title),
        ),
        id,
        title: proc.title,
        notice,
        error,
        may_run: officer,
        has_call: call.is_some(),
        show_form: officer && !deadline_passed && !opened,
        deadline: call.as_ref().map_or(String::new(), |c| {
            format!(
                "{} ({})",
                local_text(c.deadline),
                lang.t("bids.swedish_time")
            )
        }),
        method_name: call
            .as_ref()
            .map_or(String::new(), |c| method_name(&c.award_method, lang).into()),
        model_name: call.as_ref().map_or(String::new(), |c| {
            if c.lcc_model_name.is_empty() {
                lang.t("bids.model_none").into()
            } else {
                c.lcc_model_name.clone()
            }
        }),
        link_made: call
            .as_ref()
            .map_or(String::new(), |c| local_text(c.token_set_at)),
        status: status_key,
        opened: opened_text,
        open_button: officer && call.is_some() && !opened,
        deadline_passed,
        may_examine: officer && opened && award.is_none(),
        criteria: call.as_ref().map_or(Vec::new(), |c| {
            c.quality
                .criteria
                .iter()
                .map(|k| {
                    let value = match (k.deduction_ore, k.weight) {
                        (Some(d), _) => {
                            format!(", {} {} kr", lang.t("bids.deduction_short"), fmt::sek_sv(d))
                        }
                        (_, Some(w)) => {
                            format!(", {} {}", lang.t("bids.weight_short"), number_text(w))
                        }
                        _ => String::new(),
                    };
                    format!(
                        "{} ({} {}{value})",
                        k.name,
                        lang.t("bids.max_points"),
                        number_text(k.max_points)
                    )
                })
                .collect()
        }),
        has_criteria: call
            .as_ref()
            .is_some_and(|c| !c.quality.criteria.is_empty()),
        receipts,
        bids,
        award,
        form_date: form.date,
        form_time: form.time,
        methods,
        models,
        quality_open: matches!(form.method.as_str(), "value_deduction" | "relative_scoring")
            || form.rows.iter().any(|r| !r.name.trim().is_empty()),
        form_rows: form.rows,
        form_price_weight: form.price_weight,
        form_lcc_basis: form.lcc_basis,
        form_errors: form.errors,
    };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Deserialize)]
pub(super) struct MsgQuery {
    pub(super) msg: Option<String>,
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<MsgQuery>,
) -> AppResult<Response> {
    render_call(
        &state,
        &ctx,
        id,
        flash(q.msg.as_deref()),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// `HH:MM`.
fn parse_time(s: &str) -> Option<(u32, u32)> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

#[derive(Template)]
#[template(path = "bid_link.html")]
struct LinkPage {
    page: Page,
    id: i64,
    title: String,
    url: String,
}

/// The submission link, absolute on the address the user reached us by.
fn link_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if auth::is_tls(state, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/lamna-anbud/{token}")
}

async fn show_link(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    title: String,
    token: &str,
) -> AppResult<Response> {
    render(&LinkPage {
        page: Page::new(ctx, ACTIVE, ctx.t("bids.link_title")),
        id,
        title,
        url: link_url(state, headers, token),
    })
}

/// Sets up or changes the call; a new call shows its link once.
pub(super) async fn save(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let proc = procurement(&state, &ctx, id).await?;
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let lang = ctx.lang;
    let value = |k: &str| form_value(&pairs, k).unwrap_or("").trim().to_string();
    let mut form = SetupForm {
        date: value("deadline_date"),
        time: value("deadline_time"),
        method: value("method"),
        model: value("lcc_model").parse().ok(),
        rows: (1..=FORM_ROWS)
            .map(|i| CriterionRow {
                name: value(&format!("crit_name_{i}")),
                max: value(&format!("crit_max_{i}")),
                deduction: value(&format!("crit_deduction_{i}")),
                weight: value(&format!("crit_weight_{i}")),
            })
            .collect(),
        price_weight: value("price_weight"),
        lcc_basis: value("lcc_basis") == "1",
        errors: Vec::new(),
    };
    let date = parse_date(&form.date).ok();
    if date.is_none() {
        form.errors.push(format!(
            "{}: {}",
            lang.t("bids.deadline_date"),
            lang.t("bids.invalid_date")
        ));
    }
    let time = parse_time(&form.time);
    if time.is_none() {
        form.errors.push(format!(
            "{}: {}",
            lang.t("bids.deadline_time"),
            lang.t("bids.invalid_time")
        ));
    }
    if !METHODS.contains(&form.method.as_str()) {
        form.errors.push(format!(
            "{}: {}",
            lang.t("bids.method"),
            lang.t("bids.required")
        ));
    }
    let quality = form.quality(lang);
    let (Some(date), Some((h, m)), true) = (date, time, form.errors.is_empty()) else {
        return render_call(
            &state,
            &ctx,
            id,
            None,
            None,
            Some(form),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let input = TenderCallInput {
        deadline: from_local(date, h, m),
        award_method: form.method.clone(),
        lcc_model_id: form.model,
        quality,
    };
    let now = state.clock.now_unix();
    let existing = state.store.tender_call(ctx.org_id(), id).await?;
    let token = existing.is_none().then(auth::random_token);
    let hash = token.as_deref().map(auth::token_hash);
    match state
        .store
        .set_tender_call(
            ctx.org_id(),
            id,
            &input,
            hash.as_deref(),
            Some(ctx.user.id),
            now,
        )
        .await
    {
        Ok(()) => {}
        Err(BidError::Invalid(message)) => {
            form.errors.push(message);
            return render_call(
                &state,
                &ctx,
                id,
                None,
                None,
                Some(form),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(e @ (BidError::DeadlinePassed | BidError::AlreadyOpened)) => {
            return render_call(
                &state,
                &ctx,
                id,
                None,
                Some(e.to_string()),
                None,
                StatusCode::CONFLICT,
            )
            .await;
        }
        Err(e) => return Err(bid_error(e)),
    }
    audit(
        &state,
        &ctx,
        if existing.is_some() {
            "bids.call_update"
        } else {
            "bids.call_create"
        },
        &format!(
            "upphandling {id}: sista anbudstid {} (svensk tid), {}{}",
            local_text(input.deadline),
            input.award_method,
            input
                .lcc_model_id
                .map_or(String::new(), |m| format!(", LCC-kalkyl {m}"))
        ),
    )
    .await?;
    match token {
        Some(token) => show_link(&state, &ctx, &headers, id, proc.title, &token).await,
        None => Ok(Redirect::to(&format!("{}?msg=sparat", base(id))).into_response()),
    }
}

/// Replaces the submission link (the old one stops working).
pub(super) async fn renew_link(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let proc = procurement(&state, &ctx, id).await?;
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let token = auth::random_token();
    state
        .store
        .set_tender_token(
            ctx.org_id(),
            id,
            &auth::token_hash(&token),
            state.clock.now_unix(),
        )
        .await
        .map_err(bid_error)?;
    audit(
        &state,
        &ctx,
        "bids.link_renewed",
        &format!("upphandling {id}"),
    )
    .await?;
    show_link(&state, &ctx, &headers, id, proc.title, &token).await
}

/// Records the opening: only officers, only after the deadline.
pub(super) async fn open(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    procurement(&state, &ctx, id).await?;
    if !may_run(&ctx) {
        audit(
            &state,
            &ctx,
            "bids.open_refused",
            &format!("upphandling {id}: rollen får inte öppna anbud"),
        )
        .await?;
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now_unix();
    match state
        .store
        .open_bids(ctx.org_id(), id, ctx.user.id, now)
        .await
    {
        Ok(at) => {
            let count = state
                .store
                .bids(ctx.org_id(), id, now)
                .await
                .map_err(bid_error)?
                .len();
            audit(
                &state,
                &ctx,
                "bids.open",
                &format!(
                    "upphandling {id}: {count} anbud öppnade {} (svensk tid)",
                    local_text(at)
                ),
            )
            .await?;
            Ok(Redirect::to(&format!("{}?msg=oppnat", base(id))).into_response())
        }
        Err(BidError::DeadlineNotPassed { deadline }) => {
            audit(
                &state,
                &ctx,
                "bids.open_refused",
                &format!("upphandling {id}: före sista anbudstid"),
            )
            .await?;
            let message = format!(
                "{} {}: {} ({}).",
                ctx.t("bids.open_too_early"),
                ctx.t("bids.deadline"),
                local_text(deadline),
                ctx.t("bids.swedish_time")
            );
            render_call(
                &state,
                &ctx,
                id,
                None,
                Some(message),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(BidError::AlreadyOpened) => {
            Ok(Redirect::to(&format!("{}?msg=redan-oppnat", base(id))).into_response())
        }
        Err(e) => Err(bid_error(e)),
    }
}

/// Leaves a bid out of the evaluation with a reason, or takes it back in.
pub(super) async fn examine(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    procurement(&state, &ctx, id).await?;
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let bid: i64 = form_value(&pairs, "bid")
        .and_then(|b| b.trim().parse().ok())
        .ok_or(AppError::NotFound)?;
    let include = form_value(&pairs, "action") == Some("include");
    let reason = form_value(&pairs, "reason")
        .unwrap_or("")
        .trim()
        .to_string();
    let now = state.clock.now_unix();
    let result = state
        .store
        .set_bid_exclusion(
            ctx.org_id(),
            id,
            bid,
            (!include).then_some(reason.as_str()),
            Some(ctx.user.id),
            now,
        )
        .await;
    if let Some(refused) = refusal(&state, &ctx, id, result).await? {
        return Ok(refused);
    }
    audit(
        &state,
        &ctx,
        if include {
            "bids.include"
        } else {
            "bids.exclude"
        },
        &if include {
            format!("upphandling {id}: anbud {bid} med i utvärderingen igen")
        } else {
            format!("upphandling {id}: anbud {bid} uteslutet: {reason}")
        },
    )
    .await?;
    Ok(Redirect::to(&format!("{}?msg=provat#provning", base(id))).into_response())
}

/// The response to a refused examination step (exclusion or points): back
/// to the call when the bids are still sealed, the page with the message when
/// the input was refused; `None` when the step went through.
async fn refusal(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    result: Result<(), BidError>,
) -> AppResult<Option<Response>> {
    match result {
        Ok(()) => Ok(None),
        Err(BidError::Sealed) => Ok(Some(Redirect::to(&base(id)).into_response())),
        Err(BidError::Invalid(message)) => render_call(
            state,
            ctx,
            id,
            None,
            Some(message),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await
        .map(Some),
        Err(e) => Err(bid_error(e)),
    }
}

/// The buyer's points for one opened bid on the quality criteria.
pub(super) async fn score(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    procurement(&state, &ctx, id).await?;
    if !may_run(&ctx) {
        return Err(AppError::Forbidden);
    }
    let bid: i64 = form_value(&pairs, "bid")
        .and_then(|b| b.trim().parse().ok())
        .ok_or(AppError::NotFound)?;
    let call = state
        .store
        .tender_call(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut scores = std::collections::BTreeMap::new();
    let mut missing = Vec::new();
    for c in &call.quality.criteria {
        match form_value(&pairs, &format!("score_{}", c.id)).and_then(parse_number) {
            Some(p) => {
                scores.insert(c.id.clone(), p);
            }
            None => missing.push(c.name.clone()),
        }
    }
    let result = if missing.is_empty() {
        state
            .store
            .set_bid_scores(ctx.org_id(), id, bid, &scores, state.clock.now_unix())
            .await
    } else {
        Err(BidError::Invalid(format!(
            "{}: {}",
            missing.join(", "),
            ctx.t("bids.points_invalid")
        )))
    };
    if let Some(refused) = refusal(&state, &ctx, id, result).await? {
        return Ok(refused);
    }
    audit(
        &state,
        &ctx,
        "bids.score",
        &format!("upphandling {id}: poäng för anbud {bid}"),
    )
    .await?;
    Ok(Redirect::to(&format!("{}?msg=poang#poang", base(id))).into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_parse_strictly() {
        assert_eq!(super::parse_time("23:59"), Some((23, 59)));
        assert_eq!(super::parse_time("09:05:00"), Some((9, 5)));
        assert_eq!(super::parse_time("24:00"), None);
        assert_eq!(super::parse_time("12"), None);
        assert_eq!(super::parse_time("ab:cd"), None);
    }
}
