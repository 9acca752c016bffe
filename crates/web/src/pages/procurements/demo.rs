//! The demo procurement: service cars in Demo kommun, at the tender
//! documents stage, with a team, checked items, chosen criteria and an
//! activity-based baseline from the demo LCC model of the cars. Labelled
//! demo everywhere (the procurement's `demo` flag, "(demodata)" in texts).

use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_core::process::{self, Stage};
use upphandla_formats::criteria::default_library;
use upphandla_store::{
    Baseline, BaselineMethod, ModelKind, OrgId, ProcurementInput, Role, Store, StoreError,
};

pub const DEMO_TITLE: &str = "Tjänstebilar 2027";

/// Criteria chosen in the demo (those the shipped library has).
const DEMO_CRITERIA: [&str; 4] = [
    "fordon-ts-miljobil",
    "fordon-tk-lcc-externa-kostnader",
    "fordon-kv-fordonslista",
    "fordon-kv-arsrapport",
];

/// Creates the demo procurement in `org`, whose demo users have addresses
/// `<role>@<domain>`.
pub async fn seed_demo(store: &Store, org: OrgId, domain: &str) -> Result<(), StoreError> {
    let input = ProcurementInput {
        title: DEMO_TITLE.into(),
        reference: "KS 2026/117 (demo)".into(),
        description: "Leasing av cirka 40 tjänstebilar till hemtjänsten och tekniska förvaltningen (demodata: påhittad upphandling för att prova verktyget).".into(),
        cpv_codes: vec!["34110000-1".into()],
        spend_category: "vehicles".into(),
        estimated_value: Ore(480_000_000),
        contract_start: Date::new(2027, 4, 1),
        contract_end: Date::new(2031, 3, 31),
        options: "1 + 1 år".into(),
        ambition: Some("avancerad".into()),
    };
    let user = |role: Role| {
        let email = format!("{}@{domain}", role.key());
        async move { store.user_by_email(&email).await.map(|u| u.map(|u| u.id)) }
    };
    let procurer = user(Role::Upphandlare).await?;
    let id = store
        .create_procurement(org, &input, procurer, true)
        .await?;
    for role in [
        Role::Upphandlare,
        Role::Bestallare,
        Role::Miljostrateg,
        Role::Avtalsansvarig,
    ] {
        if let Some(u) = user(role).await? {
            store.add_team_member(org, id, u, role).await?;
        }
    }
    let Some(by) = procurer else {
        return Ok(());
    };
    // The first two stages done with every item checked, the third begun.
    for stage in [Stage::Behovsanalys, Stage::Marknadsanalys] {
        let guide = process::guide(stage);
        for item in guide.checklist {
            store
                .set_checklist_item(org, id, stage.key(), item.key, true, "", by)
                .await?;
        }
        let required: Vec<&str> = guide
            .checklist
            .iter()
            .filter(|i| i.required)
            .map(|i| i.key)
            .collect();
        store
            .close_stage(
                org,
                id,
                stage.key(),
                &required,
                stage.next().map(|s| s.key()),
                "",
                by,
            )
            .await?;
    }
    let current = Stage::Forfragningsunderlag;
    for item in process::guide(current).checklist.iter().take(2) {
        store
            .set_checklist_item(org, id, current.key(), item.key, true, "demodata", by)
            .await?;
    }
    store
        .set_stage_due(org, id, current.key(), Date::new(2026, 11, 30))
        .await?;
    let library = default_library();
    for key in DEMO_CRITERIA {
        if let Some(c) = library.criterion(key) {
            store
                .add_procurement_criterion(org, id, &c.id, c.version, by)
                .await?;
        }
    }
    // The reference alternative of the demo cars model as the baseline.
    let cars = store
        .models(org, ModelKind::Lcc)
        .await?
        .into_iter()
        .find(|m| m.template == "vehicles");
    if let Some(cars) = cars
        && let Some(row) = store.model(org, cars.id).await?
        && let Ok((model, _)) = upphandla_formats::lcc::parse_model(&row.content)
    {
        let result = upphandla_core::lcc::calc::evaluate(&model);
        let reference = result
            .reference
            .as_deref()
            .and_then(|r| result.alternatives.iter().find(|a| a.id == r))
            .or(result.alternatives.first());
        if let Some(alt) = reference {
            let baseline = Baseline {
                method: BaselineMethod::Activity,
                kg_co2e: alt.co2e_total_kg,
                kwh: Some(alt.energy_kwh),
                spend: None,
                source: format!("model:{}:{}", cars.id, alt.id),
                note: format!(
                    "LCC-kalkyl «{}», alternativ «{}» över {} år (demodata)",
                    cars.name, alt.name, result.period_years
                ),
                set_by: Some(by),
                set_at: 0,
            };
            store.set_baseline(org, id, &baseline).await?;
        }
    }
    Ok(())
}
