//! The requirement part of the tender documents (förfrågningsunderlag) as
//! Word and PDF: the procurement's chosen criteria, the award model of its
//! tender call (with the LCC model where one is linked) and the follow-up
//! plan appendix, built by `upphandla_formats::tender_doc`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use upphandla_formats::criteria::default_library;
use upphandla_formats::doc::{Doc, render_docx, render_pdf};
use upphandla_formats::tender_doc::{AwardModel, TenderDocInput, build};
use upphandla_store::{Procurement, Role};

use super::{audit, english, load, period_text};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF: &str = "application/pdf";

fn award_model(method: &str, lcc_name: &str, lcc_text: &str, lang: Lang) -> AwardModel {
    let en = english(lang);
    let (name, description) = match method {
        "lowest_price" => (
            ("Pris", "Price"),
            (
                "Det anbud som har lägst pris och uppfyller alla krav antas.",
                "The tender with the lowest price that meets every requirement is accepted.",
            ),
        ),
        "lowest_lcc" => (
            (
                "Kostnad (livscykelkostnad, LCC)",
                "Cost (life-cycle cost, LCC)",
            ),
            (
                "Det anbud som har lägst livscykelkostnad och uppfyller alla krav antas.",
                "The tender with the lowest life-cycle cost that meets every requirement is accepted.",
            ),
        ),
        "value_deduction" => (
            (
                "Bästa förhållandet mellan pris och kvalitet",
                "Best price-quality ratio",
            ),
            (
                "Anbudspriset minskas med fiktiva avdrag för uppfyllda tilldelningskriterier (mervärdesmodell); lägst jämförelsepris vinner.",
                "The tender price is reduced by fictitious deductions for award criteria met (value deduction model); the lowest comparison price wins.",
            ),
        ),
        "relative_scoring" => (
            (
                "Bästa förhållandet mellan pris och kvalitet",
                "Best price-quality ratio",
            ),
            (
                "Pris och kvalitet poängsätts relativt och viktas; högst total poäng vinner.",
                "Price and quality are scored relatively and weighted; the highest total score wins.",
            ),
        ),
        _ => (("", ""), ("", "")),
    };
    let pick = |p: (&str, &str)| if en { p.1 } else { p.0 }.to_string();
    let lcc_summary = (!lcc_text.trim().is_empty()).then(|| {
        match upphandla_formats::lcc::parse_model(lcc_text) {
            Ok((model, _)) => {
                let r = upphandla_core::lcc::calc::evaluate(&model);
                if en {
                    format!(
                        "Calculation \"{lcc_name}\": present value over {} years at a discount rate of {} %, with purchase, energy, maintenance, replacements, end of life and priced emissions ({} SEK per kg CO2e).",
                        r.period_years,
                        super::fmt::decimal_sv(r.discount_rate * 100.0, 1),
                        super::fmt::decimal_sv(r.co2_price_sek_per_kg, 2)
                    )
                } else {
                    format!(
                        "Kalkylen «{lcc_name}»: nuvärde över {} år med kalkylräntan {} %, med inköp, energi, underhåll, utbyten, slutskede och prissatta utsläpp ({} kr per kg CO2e).",
                        r.period_years,
                        super::fmt::decimal_sv(r.discount_rate * 100.0, 1),
                        super::fmt::decimal_sv(r.co2_price_sek_per_kg, 2)
                    )
                }
            }
            Err(_) => lcc_name.to_string(),
        }
    });
    AwardModel {
        method: pick(name),
        description: pick(description),
        lcc_summary,
        lcc_bidder_data: Vec::new(),
    }
}

/// The document for the procurement, in the page's language.
async fn tender_doc(state: &AppState, ctx: &Ctx, p: &Procurement) -> AppResult<Doc> {
    let org = ctx.org_id();
    let library = default_library();
    let criteria = state
        .store
        .procurement_criteria(org, p.id)
        .await?
        .iter()
        .filter_map(|s| library.criterion(&s.criterion_id).cloned())
        .collect::<Vec<_>>();
    let team = state.store.procurement_team(org, p.id).await?;
    let manager: Vec<&str> = team
        .iter()
        .filter(|m| m.role == Role::Avtalsansvarig)
        .map(|m| m.name.as_str())
        .collect();
    let responsible: BTreeMap<String, String> = if manager.is_empty() {
        BTreeMap::new()
    } else {
        criteria
            .iter()
            .map(|c| (c.id.clone(), manager.join(", ")))
            .collect()
    };
    let award = state
        .store
        .tender_call(org, p.id)
        .await?
        .map(|call| {
            award_model(
                &call.award_method,
                &call.lcc_model_name,
                &call.lcc_model_text,
                ctx.lang,
            )
        })
        .filter(|a| !a.method.is_empty());
    let mut period = period_text(p);
    if !p.options.trim().is_empty() {
        let label = if english(ctx.lang) {
            "options"
        } else {
            "option"
        };
        period = if period.is_empty() {
            format!("{label}: {}", p.options.trim())
        } else {
            format!("{period}, {label}: {}", p.options.trim())
        };
    }
    let input = TenderDocInput {
        title: p.title.clone(),
        organisation: ctx.org.name.clone(),
        reference: Some(p.reference.clone()).filter(|r| !r.trim().is_empty()),
        cpv: p.cpv_codes.clone(),
        estimated_value: Some(p.estimated_value).filter(|v| v.0 > 0),
        contract_period: period,
        criteria,
        award,
        responsible,
        english: english(ctx.lang),
    };
    Ok(build(&input))
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: String) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

pub async fn docx(ctx: Ctx, state: State<Arc<AppState>>, id: Path<String>) -> AppResult<Response> {
    document(ctx, state, id, "docx", DOCX, render_docx).await
}

pub async fn pdf(ctx: Ctx, state: State<Arc<AppState>>, id: Path<String>) -> AppResult<Response> {
    document(ctx, state, id, "pdf", PDF, render_pdf).await
}

/// The tender document in one format, rendered off the async threads and audited.
async fn document(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    extension: &'static str,
    content_type: &'static str,
    render: fn(&Doc) -> Vec<u8>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let doc = tender_doc(&state, &ctx, &p).await?;
    let bytes = tokio::task::spawn_blocking(move || render(&doc))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    audit(
        &state,
        &ctx,
        "procurement.document",
        &format!("{}: {extension}", p.id),
    )
    .await?;
    Ok(download(
        bytes,
        content_type,
        format!("forfragningsunderlag-{}.{extension}", p.id),
    ))
}
