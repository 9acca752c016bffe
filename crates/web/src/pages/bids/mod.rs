//! Anbud: a procurement's call for tenders, the suppliers' submission page,
//! the sealed receipt list, the opening, the evaluation of the opened bids
//! with the evaluation engine, and the award decision with the standstill
//! period up to the signed contract.
//!
//! Sealing is the store's (`Store::bids` refuses until the opening is
//! recorded); these pages add who may do what:
//! - the call, its link, the opening, the evaluation and the decision:
//!   upphandlare and administratör;
//! - the receipt list before the opening (receipt number and time, and so
//!   the number of bids): the same two roles only;
//! - the opened bids, the evaluation and the award page: the roles that work
//!   on procurements (all but politiker); politiker see the award decision
//!   once it is taken (when the absolute secrecy ends).
//!
//! Every opening and every page or export that shows bid contents writes
//! an audit entry.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use upphandla_store::{BidError, Procurement, Role};

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

pub mod build;
mod call;
mod decision;
mod submit;
mod texts;

pub use texts::TEXTS;

/// The menu entry the pages belong to (the procurements').
const ACTIVE: &str = "procurements";

/// Largest submitted bid form read (bytes).
const SUBMIT_LIMIT: usize = 64 * 1024;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/upphandlingar/{id}/anbud",
            get(call::page).post(call::save),
        )
        .route("/upphandlingar/{id}/anbud/ny-lank", post(call::renew_link))
        .route("/upphandlingar/{id}/anbud/oppna", post(call::open))
        .route("/upphandlingar/{id}/anbud/provning", post(call::examine))
        .route("/upphandlingar/{id}/anbud/poang", post(call::score))
        .route(
            "/upphandlingar/{id}/anbud/utvardering",
            get(decision::evaluation_page).post(decision::evaluate),
        )
        .route(
            "/upphandlingar/{id}/anbud/utvardering.json",
            get(decision::export_json),
        )
        .route(
            "/upphandlingar/{id}/anbud/utvardering.xlsx",
            get(decision::export_xlsx),
        )
        .route(
            "/upphandlingar/{id}/anbud/anbudens-lcc.toml",
            get(decision::export_lcc),
        )
        .route(
            "/upphandlingar/{id}/anbud/tilldelning",
            get(decision::award_page).post(decision::decide),
        )
        .route(
            "/upphandlingar/{id}/anbud/underrattelse",
            post(decision::notice),
        )
        .route("/upphandlingar/{id}/anbud/avtal", post(decision::contract))
        .route(
            "/lamna-anbud/{token}",
            get(submit::page)
                .post(submit::send)
                .layer(DefaultBodyLimit::max(SUBMIT_LIMIT)),
        )
}

/// Sets up the call, makes links, opens, evaluates and decides.
fn may_run(ctx: &Ctx) -> bool {
    ctx.has(Role::Upphandlare) || ctx.has(Role::Admin)
}

/// Reads opened bids (every role that may edit the organisation's data).
fn may_read(ctx: &Ctx) -> bool {
    ctx.can_edit()
}

/// The procurement of the signed-in organisation, or 404.
async fn procurement(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Procurement> {
    state
        .store
        .procurement(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn audit(state: &AppState, ctx: &Ctx, action: &str, detail: &str) -> AppResult<()> {
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            action,
            detail,
            &ctx.ip,
        )
        .await?;
    Ok(())
}

fn bid_error(e: BidError) -> AppError {
    match e {
        BidError::NotFound => AppError::NotFound,
        BidError::Store(e) => AppError::Store(e),
        other => AppError::BadRequest(other.to_string()),
    }
}

/// `/upphandlingar/{id}/anbud`.
fn base(id: i64) -> String {
    format!("/upphandlingar/{id}/anbud")
}

/// A flash message a redirect carries (`?msg=`), from a fixed list.
fn flash(msg: Option<&str>) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 9] = [
        ("poang", "bids.scored"),
        ("provat", "bids.examined"),
        ("sparat", "bids.call_saved"),
        ("oppnat", "bids.opened"),
        ("utvarderat", "bids.saved"),
        ("beslutat", "bids.decided"),
        ("underrattelse", "bids.saved"),
        ("avtal", "bids.saved"),
        ("redan-oppnat", "bids.already_opened"),
    ];
    let m = msg?;
    KNOWN.iter().find(|(k, _)| *k == m).map(|(_, t)| *t)
}

/// A number the supplier typed (decimal comma or point, spaces allowed).
pub(super) fn parse_number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Random receipt code `XXXXX-XXXXX` (no 0/O, 1/I/L): about 49 bits, and
/// nothing in it says how many bids came before.
fn receipt_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn receipt_codes_are_random_and_readable() {
        let a = super::receipt_code();
        let b = super::receipt_code();
        assert_ne!(a, b);
        assert_eq!(a.len(), 11);
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
    }
}
