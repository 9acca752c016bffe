//! A signed award becomes a contract in the register: the winner with its
//! org. number, the procurement's contract dates and options, the winning
//! price, the team's contract manager, CPV and spend category, linked to the
//! procurement, with its follow-up plan made from the chosen criteria.

use upphandla_formats::contracts::parse_extension;
use upphandla_store::{ContractInput, ContractSource, StoreError};

use super::audit;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

/// When the procurement names no contract end, the term is taken as this
/// long (the longest a framework agreement normally runs, LOU 7 kap. 2 §)
/// and the options text says it was assumed.
const ASSUMED_TERM_MONTHS: i32 = 48;

/// Creates the register's contract for procurement `id` once its contract
/// is signed, unless one exists. Returns the contract's id (new or existing),
/// `None` when there is no signed award.
pub async fn create_from_award(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Option<i64>> {
    let org = ctx.org_id();
    if let Some(c) = state.store.contract_for_procurement(org, id).await? {
        return Ok(Some(c.id));
    }
    let (Some(p), Some(award)) = (
        state.store.procurement(org, id).await?,
        state.store.award(org, id).await?,
    ) else {
        return Ok(None);
    };
    let Some(signed) = award.contract_signed else {
        return Ok(None);
    };
    let start_date = p.contract_start.unwrap_or(signed);
    let mut options_note = p.options.trim().to_string();
    let end_date = match p.contract_end.filter(|e| *e >= start_date) {
        Some(end) => end,
        None => {
            let assumed = start_date
                .add_months(ASSUMED_TERM_MONTHS)
                .unwrap_or(start_date);
            let note = format!(
                "Slutdatum saknades i upphandlingen; {ASSUMED_TERM_MONTHS} månader antogs – kontrollera. / \
                 No end date in the procurement; {ASSUMED_TERM_MONTHS} months assumed – check."
            );
            options_note = if options_note.is_empty() {
                note
            } else {
                format!("{options_note}. {note}")
            };
            assumed
        }
    };
    // The winning price is what the contract is worth; the estimate is the
    // fallback when the award recorded none.
    let value_ore = if award.price.0 > 0 {
        Some(award.price.0)
    } else if p.estimated_value.0 > 0 {
        Some(p.estimated_value.0)
    } else {
        None
    };
    // The procurement team's contract manager manages the contract.
    let manager_user_id = state
        .store
        .procurement_team(org, id)
        .await?
        .iter()
        .find(|m| m.role == upphandla_store::Role::Avtalsansvarig)
        .map(|m| m.user_id);
    let input = ContractInput {
        reference: p.reference.clone(),
        title: p.title.clone(),
        supplier_name: award.supplier_name.clone(),
        supplier_orgnr: upphandla_store::normalise_orgnr(&award.supplier_orgnr).unwrap_or_default(),
        start_date,
        end_date,
        // "2 + 1 + 1 år" → 24 months; words it cannot read add none (the text is kept).
        extension_months: parse_extension(&p.options)
            .filter(|m| *m <= upphandla_store::MAX_EXTENSION_MONTHS)
            .unwrap_or(0),
        options_note,
        value_ore,
        cpv: p.cpv_codes.join(", "),
        category: p.spend_category.clone(),
        manager_user_id,
        procurement_id: Some(id),
    };
    let created = state
        .store
        .create_contract(
            org,
            &input,
            ContractSource::Award,
            Some(ctx.user.id),
            state.clock.now_unix(),
        )
        .await;
    let contract = match created {
        Ok(c) => c,
        // Created meanwhile by another request: use that one.
        Err(StoreError::Conflict(_)) => {
            return Ok(state
                .store
                .contract_for_procurement(org, id)
                .await?
                .map(|c| c.id));
        }
        Err(e) => return Err(e.into()),
    };
    // Every chosen criterion becomes a follow-up item at once, so no climate
    // requirement is left without a check (issue 6).
    crate::pages::followup::create_plan_from_criteria(state, org, contract, state.clock.today())
        .await?;
    audit(
        state,
        ctx,
        "contracts.create_award",
        &format!(
            "avtal {contract}: från tilldelningen i upphandling {id} ({})",
            award.supplier_name
        ),
    )
    .await?;
    Ok(Some(contract))
}
