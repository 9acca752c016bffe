//! The measured result of one procurement, as the coordinator and the good
//! examples show it. One place to ask, so both use the same figures as the
//! organisation's own results page.

use upphandla_core::date::Date;
use upphandla_core::results::{
    AwardInput, BaselineInput, BaselineKind, MeasuredResult, Range, ResultInput, measured_result,
};
use upphandla_store::{BaselineMethod, OrgId};

use crate::AppState;
use crate::error::AppResult;

/// The measured result of procurement `id` of `org`; `None` when it is not
/// the organisation's. Baseline, expected effect (award, else the chosen
/// criteria) and no supplier reports: the results module replaces this
/// with the followed-up figures when it lands.
pub async fn measured(
    state: &AppState,
    org: OrgId,
    id: i64,
    _today: Date,
) -> AppResult<Option<MeasuredResult>> {
    let Some(p) = state.store.procurement(org, id).await? else {
        return Ok(None);
    };
    let library = upphandla_formats::criteria::default_library();
    let chosen = state.store.procurement_criteria(org, id).await?;
    let criteria: Vec<_> = chosen
        .iter()
        .filter_map(|c| library.criterion(&c.criterion_id))
        .collect();
    let award = state.store.award(org, id).await?;
    let input = ResultInput {
        baseline: p.baseline.as_ref().map(|b| BaselineInput {
            kind: match b.method {
                BaselineMethod::Spend => BaselineKind::Spend,
                BaselineMethod::Activity => BaselineKind::Activity,
            },
            kg_co2e: Range::point(b.kg_co2e),
            kwh: b.kwh,
            period_years: None,
            note: String::new(),
        }),
        criteria_reduction: upphandla_core::criteria::expected_reduction(&criteria),
        award: award.map(|a| AwardInput {
            supplier: String::new(),
            winner_kg_co2e: a.winner_kg_co2e,
            reference_kg_co2e: a.reference_kg_co2e,
            winner_kwh: a.winner_kwh,
            reference_kwh: a.reference_kwh,
        }),
        reports: Vec::new(),
    };
    Ok(Some(measured_result(&input)))
}
