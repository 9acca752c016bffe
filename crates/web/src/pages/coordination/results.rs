//! The measured result of one procurement, as the coordinator and the good
//! examples show it: the results module's own computation, so both show
//! the same figures as the organisation's results page.

use upphandla_core::results::MeasuredResult;
use upphandla_store::OrgId;

use crate::AppState;
use crate::error::AppResult;

/// The measured result of procurement `id` of `org` (baseline, expected
/// from the award or the criteria, followed up from supplier reports);
/// `None` when it is not the organisation's.
pub async fn measured(state: &AppState, org: OrgId, id: i64) -> AppResult<Option<MeasuredResult>> {
    let Some(p) = state.store.procurement(org, id).await? else {
        return Ok(None);
    };
    let r = super::super::results::procurement_result(state, org, &p).await?;
    Ok(Some(r.result))
}
