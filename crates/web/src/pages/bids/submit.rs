//! `/lamna-anbud/{token}`: the supplier's page, reached through the
//! submission link without an account. A bid is accepted before the
//! deadline only; afterwards the page says so and stores nothing.
//!
//! CSRF: without a session the form uses the sign-in page's double-submit
//! cookie (the session layer checks it); a visitor who happens to be signed
//! in gets the session's token. Submissions and unknown links count against
//! the client address in the shared throttle, under keys of their own
//! (`anbud:…`), so they never lock anyone out of signing in.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use upphandla_core::money::Ore;
use upphandla_formats::number::parse_amount;
use upphandla_store::{BidError, BidInput, PublicCall, normalise_orgnr, uses_lcc};

use super::super::login::{ClientIp, RequestLang};
use super::super::render;
use super::build::{ModelShape, model_shape};
use super::{parse_number, receipt_code};
use crate::AppState;
use crate::auth::{self, PRE_CSRF_COOKIE, SessionInfo};
use crate::clock::local_text;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::pages::lcc::form::form_value;

#[derive(Default, Clone)]
struct Values {
    supplier_name: String,
    supplier_orgnr: String,
    contact: String,
    price: String,
    investment: String,
    carrier: String,
    consumption: String,
    maintenance: String,
    residual: String,
    note: String,
}

#[derive(Template)]
#[template(path = "bid_submit.html")]
struct SubmitPage {
    lang: Lang,
    csrf: String,
    action: String,
    /// `form`, `receipt`, `closed` or `throttled`.
    mode: &'static str,
    org_name: String,
    title: String,
    deadline: String,
    lcc: bool,
    /// The quality criteria the buyer will score (name, highest points).
    criteria: Vec<(String, String)>,
    shape: ModelShape,
    quantity: String,
    /// The reference's activity per unit and year (e.g. 15 000 km), when known.
    activity: String,
    values: Values,
    field_errors: Vec<(&'static str, String)>,
    errors: Vec<String>,
    receipt: String,
    received: String,
}

impl SubmitPage {
    fn field_error(&self, field: &str) -> Option<&str> {
        self.field_errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }

    /// `aria-describedby` of a field: its hint and, when wrong, its error.
    fn described(&self, field: &str, hint: &str) -> String {
        let mut ids = Vec::new();
        if !hint.is_empty() {
            ids.push(hint.to_string());
        }
        if self.field_error(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }

    fn invalid(&self, field: &str) -> bool {
        self.field_error(field).is_some()
    }
}

/// The throttle keys of a link and a client address.
fn keys(hash: &str, ip: &str) -> (String, String) {
    (format!("anbud:{}", &hash[..16]), format!("anbud:{ip}"))
}

struct Ctx<'a> {
    state: &'a AppState,
    headers: &'a HeaderMap,
    session: Option<SessionInfo>,
    lang: Lang,
    token: String,
}

impl Ctx<'_> {
    fn page(&self, mode: &'static str, call: Option<&PublicCall>) -> SubmitPage {
        let csrf = match &self.session {
            Some(s) => s.row.csrf_token.clone(),
            None => auth::cookie(self.headers, PRE_CSRF_COOKIE)
                .filter(|t| t.len() == 64)
                .unwrap_or_else(auth::random_token),
        };
        let lcc = call.is_some_and(|c| uses_lcc(&c.award_method, &c.quality));
        let shape = match call {
            Some(c) if lcc => model_shape(&c.lcc_model_text),
            _ => ModelShape::default(),
        };
        SubmitPage {
            lang: self.lang,
            csrf,
            action: format!("/lamna-anbud/{}", self.token),
            mode,
            org_name: call.map_or(String::new(), |c| c.org_name.clone()),
            title: call.map_or(String::new(), |c| c.title.clone()),
            deadline: call.map_or(String::new(), |c| {
                format!(
                    "{} ({})",
                    local_text(c.deadline),
                    self.lang.t("bids.swedish_time")
                )
            }),
            lcc,
            criteria: call.map_or(Vec::new(), |c| {
                c.quality
                    .criteria
                    .iter()
                    .map(|k| {
                        (
                            k.name.clone(),
                            upphandla_formats::report::decimal_sv(k.max_points, 1),
                        )
                    })
                    .collect()
            }),
            activity: match shape.activity_per_year {
                Some(a) if !shape.activity_unit.is_empty() => {
                    upphandla_formats::report::decimal_sv(a, 0)
                }
                _ => String::new(),
            },
            quantity: shape.quantity.map_or(String::new(), |q| {
                upphandla_formats::report::decimal_sv(q, 0)
            }),
            shape,
            values: Values::default(),
            field_errors: Vec::new(),
            errors: Vec::new(),
            receipt: String::new(),
            received: String::new(),
        }
    }

    /// Renders with the double-submit cookie when there is no session.
    fn respond(&self, page: &SubmitPage, status: StatusCode) -> AppResult<Response> {
        let mut response = render(page)?;
        *response.status_mut() = status;
        if self.session.is_none() && page.mode == "form" {
            let secure = auth::is_tls(self.state, self.headers);
            auth::add_cookie(
                &mut response,
                PRE_CSRF_COOKIE,
                &page.csrf,
                3600,
                secure,
                true,
            )?;
        }
        Ok(response)
    }
}

#[derive(Deserialize)]
pub(super) struct ReceiptQuery {
    kvitto: Option<String>,
    tid: Option<i64>,
}

/// A receipt code as made by `receipt_code` (anything else is not echoed).
fn is_receipt(code: &str) -> bool {
    code.len() == 11
        && code.bytes().enumerate().all(|(i, b)| {
            if i == 5 {
                b == b'-'
            } else {
                b.is_ascii_alphanumeric()
            }
        })
}

/// Finds the call of a link; an unknown link counts against the client.
async fn find_call(
    state: &AppState,
    token: &str,
    ip: &str,
) -> AppResult<Result<(String, PublicCall), StatusCode>> {
    let hash = auth::token_hash(token);
    let (link_key, client_key) = keys(&hash, ip);
    if state.throttle.is_blocked(&link_key, &client_key) {
        return Ok(Err(StatusCode::TOO_MANY_REQUESTS));
    }
    match state.store.public_call(&hash).await? {
        Some(call) => Ok(Ok((hash, call))),
        None => {
            state.throttle.failed("anbud:okänd-länk", &client_key);
            Ok(Err(StatusCode::NOT_FOUND))
        }
    }
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<ReceiptQuery>,
    session: Option<Extension<SessionInfo>>,
    ClientIp(ip): ClientIp,
    RequestLang(lang): RequestLang,
) -> AppResult<Response> {
    let ctx = Ctx {
        state: &state,
        headers: &headers,
        session: session.map(|s| s.0),
        lang,
        token,
    };
    let call = match find_call(&state, &ctx.token, &ip).await? {
        Ok((_, call)) => call,
        Err(StatusCode::NOT_FOUND) => return Err(crate::AppError::NotFound),
        Err(status) => return ctx.respond(&ctx.page("throttled", None), status),
    };
    if let (Some(code), Some(at)) = (q.kvitto.as_deref(), q.tid)
        && is_receipt(code)
    {
        let mut page = ctx.page("receipt", Some(&call));
        page.receipt = code.to_string();
        page.received = format!("{} ({})", local_text(at), lang.t("bids.swedish_time"));
        return ctx.respond(&page, StatusCode::OK);
    }
    if call.opened || state.clock.now_unix() >= call.deadline {
        return ctx.respond(&ctx.page("closed", Some(&call)), StatusCode::GONE);
    }
    ctx.respond(&ctx.page("form", Some(&call)), StatusCode::OK)
}

/// Reads the form into a bid, or the fields that are wrong.
fn read(
    values: &Values,
    lcc: bool,
    shape: &ModelShape,
    lang: Lang,
) -> Result<BidInput, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let required = lang.t("bids.required").to_string();
    let mut amount = |field: &'static str, text: &str, needed: bool| -> Option<Ore> {
        if text.trim().is_empty() {
            if needed {
                errors.push((field, required.clone()));
            }
            return None;
        }
        match parse_amount(text) {
            Ok(o) if o.0 >= 0 => Some(o),
            _ => {
                errors.push((field, lang.t("bids.invalid_amount").to_string()));
                None
            }
        }
    };
    let price = amount("price", &values.price, true);
    let investment = amount("investment", &values.investment, lcc);
    let maintenance = amount("maintenance", &values.maintenance, false);
    let residual = amount("residual", &values.residual, false);
    if values.supplier_name.trim().is_empty() {
        errors.push(("supplier_name", required.clone()));
    }
    if values.supplier_orgnr.trim().is_empty() {
        errors.push(("supplier_orgnr", required.clone()));
    } else if normalise_orgnr(&values.supplier_orgnr).is_none() {
        errors.push(("supplier_orgnr", lang.t("bids.invalid_orgnr").to_string()));
    }
    let carrier = values.carrier.trim();
    let carrier = if lcc {
        if !shape.carriers.iter().any(|(id, _, _)| id == carrier) {
            errors.push(("carrier", lang.t("bids.invalid_carrier").to_string()));
        }
        Some(carrier.to_string())
    } else {
        None
    };
    let consumption = if lcc {
        if values.consumption.trim().is_empty() {
            errors.push(("consumption", required.clone()));
            None
        } else {
            let v = parse_number(&values.consumption);
            if v.is_none() {
                errors.push(("consumption", lang.t("bids.invalid_number").to_string()));
            }
            v
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BidInput {
        supplier_name: values.supplier_name.clone(),
        supplier_orgnr: values.supplier_orgnr.clone(),
        contact: values.contact.clone(),
        price: price.unwrap_or(Ore(0)),
        investment,
        carrier_id: carrier,
        consumption,
        maintenance_per_year: maintenance,
        residual_value: residual,
        note: values.note.clone(),
    })
}

pub(super) async fn send(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    session: Option<Extension<SessionInfo>>,
    ClientIp(ip): ClientIp,
    RequestLang(lang): RequestLang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let ctx = Ctx {
        state: &state,
        headers: &headers,
        session: session.map(|s| s.0),
        lang,
        token,
    };
    let (hash, call) = match find_call(&state, &ctx.token, &ip).await? {
        Ok(found) => found,
        Err(StatusCode::NOT_FOUND) => return Err(crate::AppError::NotFound),
        Err(status) => return ctx.respond(&ctx.page("throttled", None), status),
    };
    let now = state.clock.now_unix();
    if call.opened || now >= call.deadline {
        return ctx.respond(&ctx.page("closed", Some(&call)), StatusCode::GONE);
    }
    let value = |k: &str| form_value(&pairs, k).unwrap_or("").to_string();
    let values = Values {
        supplier_name: value("supplier_name"),
        supplier_orgnr: value("supplier_orgnr"),
        contact: value("contact"),
        price: value("price"),
        investment: value("investment"),
        carrier: value("carrier"),
        consumption: value("consumption"),
        maintenance: value("maintenance"),
        residual: value("residual"),
        note: value("note"),
    };
    let mut page = ctx.page("form", Some(&call));
    let input = match read(&values, page.lcc, &page.shape, lang) {
        Ok(input) => input,
        Err(field_errors) => {
            page.values = values;
            page.field_errors = field_errors;
            return ctx.respond(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let receipt = receipt_code();
    match state.store.submit_bid(&hash, &input, &receipt, now).await {
        Ok(r) => {
            let (link_key, client_key) = keys(&hash, &ip);
            state.throttle.failed(&link_key, &client_key);
            // Nothing about the bidder or the bid: the log is read before the opening too.
            state
                .store
                .audit(
                    Some(call.org_id),
                    None,
                    "bids.received",
                    &format!(
                        "upphandling {}: kvitto {} {} (svensk tid)",
                        call.procurement_id,
                        r.receipt,
                        local_text(r.received_at)
                    ),
                    &ip,
                )
                .await?;
            Ok(Redirect::to(&format!(
                "/lamna-anbud/{}?kvitto={}&tid={}",
                ctx.token, r.receipt, r.received_at
            ))
            .into_response())
        }
        Err(BidError::DeadlinePassed) => {
            ctx.respond(&ctx.page("closed", Some(&call)), StatusCode::GONE)
        }
        Err(BidError::Invalid(message)) => {
            page.values = values;
            page.errors = vec![message];
            ctx.respond(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(BidError::NotFound) => Err(crate::AppError::NotFound),
        Err(e) => Err(super::bid_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_receipts() {
        assert_eq!(parse_number("0,18"), Some(0.18));
        assert_eq!(parse_number(" 1 200.5 "), Some(1200.5));
        assert_eq!(parse_number("-1"), None);
        assert_eq!(parse_number("NaN"), None);
        assert!(is_receipt("ABCDE-23456"));
        assert!(!is_receipt("<script>x"));
        assert!(!is_receipt("ABCDE23456X"));
    }
}
