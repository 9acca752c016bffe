//! Procurements and their process on both databases: every test runs against
//! a fresh SQLite file and a fresh PostgreSQL schema (the harness is the one
//! of backends.rs). PostgreSQL must be up; a missing server fails the tests.

#[macro_use]
mod common;

use common::fixtures::alfa_and_beta;
use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_core::process::{Stage, default_raci};
use upphandla_store::{
    Baseline, BaselineMethod, BaselineQuantities, OrgId, ProcurementInput, ProcurementStatus,
    RaciOverride, Role, StageClose, Store, UserId,
};

on_both_backends!(
    procurement_crud,
    foreign_ids_see_and_change_nothing,
    stage_close_needs_reason_when_required_items_are_open,
    last_stage_close_completes_and_reopen_returns,
    raci_adjustments_replace_and_reset,
    team_members_of_the_organisation_only,
    criteria_selection,
    baseline_saved_and_cleared,
    baseline_quantities_all_or_nothing,
    my_tasks_follow_team_and_roles,
);

struct World {
    a: OrgId,
    b: OrgId,
    /// Upphandlare in A.
    alice: UserId,
    /// Beställare in A.
    anna: UserId,
    /// Second upphandlare in A.
    adam: UserId,
    /// Upphandlare in B.
    bob: UserId,
}

async fn world(store: &Store) -> World {
    let (a, b) = alfa_and_beta(store).await;
    let user = |email: &'static str, name: &'static str| async move {
        store.create_user(email, name, "hash").await.unwrap()
    };
    let alice = user("alice@alfa.example", "Alice Alfa").await;
    let anna = user("anna@alfa.example", "Anna Alfa").await;
    let adam = user("adam@alfa.example", "Adam Alfa").await;
    let bob = user("bob@beta.example", "Bob Beta").await;
    store.add_role(alice, a, Role::Upphandlare).await.unwrap();
    store.add_role(anna, a, Role::Bestallare).await.unwrap();
    store.add_role(adam, a, Role::Upphandlare).await.unwrap();
    store.add_role(bob, b, Role::Upphandlare).await.unwrap();
    World {
        a,
        b,
        alice,
        anna,
        adam,
        bob,
    }
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn cars() -> ProcurementInput {
    ProcurementInput {
        title: "Tjänstebilar 2027".into(),
        reference: "KS 2026/117".into(),
        description: "Leasing av 40 tjänstebilar".into(),
        cpv_codes: vec!["34110000-1".into(), " 34100000-8 ".into()],
        spend_category: "vehicles".into(),
        estimated_value: Ore(480_000_000),
        contract_start: Some(date(2027, 4, 1)),
        contract_end: Some(date(2031, 3, 31)),
        options: "1 + 1 år".into(),
        ambition: Some("avancerad".into()),
    }
}

fn required(stage: Stage) -> Vec<&'static str> {
    upphandla_core::process::guide(stage)
        .checklist
        .iter()
        .filter(|i| i.required)
        .map(|i| i.key)
        .collect()
}

fn raci(stage: &str, role: &str) -> Option<&'static str> {
    default_raci(Stage::parse(stage)?, role).map(|r| r.key())
}

async fn procurement_crud(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    let p = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(p.title, "Tjänstebilar 2027");
    assert_eq!(p.reference, "KS 2026/117");
    assert_eq!(p.cpv_codes, vec!["34110000-1", "34100000-8"]);
    assert_eq!(p.spend_category, "vehicles");
    assert_eq!(p.estimated_value, Ore(480_000_000));
    assert_eq!(p.contract_start, Some(date(2027, 4, 1)));
    assert_eq!(p.contract_end, Some(date(2031, 3, 31)));
    assert_eq!(p.options, "1 + 1 år");
    assert_eq!(p.ambition.as_deref(), Some("avancerad"));
    assert_eq!(p.status, ProcurementStatus::Active);
    assert_eq!(p.stage, "behovsanalys");
    assert_eq!(p.created_by, Some(w.alice));
    assert!(p.baseline.is_none());
    assert!(!p.demo);

    let mut changed = cars();
    changed.title = "Tjänstebilar 2028".into();
    changed.contract_start = None;
    changed.ambition = None;
    changed.cpv_codes.clear();
    assert!(store.update_procurement(w.a, id, &changed).await.unwrap());
    let p = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(p.title, "Tjänstebilar 2028");
    assert_eq!(p.contract_start, None);
    assert_eq!(p.ambition, None);
    assert!(p.cpv_codes.is_empty());

    let second = store
        .create_procurement(w.a, &cars(), None, true)
        .await
        .unwrap();
    let list = store.procurements(w.a).await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![second, id]
    );
    assert!(list[0].demo);
    assert!(
        store
            .set_procurement_status(w.a, id, ProcurementStatus::Cancelled)
            .await
            .unwrap()
    );
    assert_eq!(
        store.procurement(w.a, id).await.unwrap().unwrap().status,
        ProcurementStatus::Cancelled
    );
    assert!(store.delete_procurement(w.a, second).await.unwrap());
    assert!(store.procurement(w.a, second).await.unwrap().is_none());
    assert!(!store.delete_procurement(w.a, second).await.unwrap());
}

/// Every function given B's organisation and A's procurement finds nothing
/// and changes nothing.
async fn foreign_ids_see_and_change_nothing(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    let stage = "behovsanalys";
    store
        .set_checklist_item(w.a, id, stage, "x", true, "", w.alice)
        .await
        .unwrap();
    store
        .add_team_member(w.a, id, w.alice, Role::Upphandlare)
        .await
        .unwrap();
    store
        .add_procurement_criterion(w.a, id, "fordon-x", 1, w.alice)
        .await
        .unwrap();
    store
        .set_stage_due(w.a, id, stage, Some(date(2026, 12, 1)))
        .await
        .unwrap();
    let before = store.procurement(w.a, id).await.unwrap().unwrap();

    let b = w.b;
    assert!(store.procurement(b, id).await.unwrap().is_none());
    assert!(store.procurements(b).await.unwrap().is_empty());
    assert!(
        !store
            .update_procurement(b, id, &ProcurementInput::default())
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_procurement_status(b, id, ProcurementStatus::Cancelled)
            .await
            .unwrap()
    );
    assert!(!store.delete_procurement(b, id).await.unwrap());
    assert!(store.procurement_stages(b, id).await.unwrap().is_empty());
    assert!(store.checklist(b, id).await.unwrap().is_empty());
    assert!(store.procurement_team(b, id).await.unwrap().is_empty());
    assert!(store.procurement_criteria(b, id).await.unwrap().is_empty());
    assert!(!store.set_stage_due(b, id, stage, None).await.unwrap());
    assert!(
        !store
            .set_checklist_item(b, id, stage, "x", false, "", w.bob)
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_team_member(b, id, w.bob, Role::Upphandlare)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_team_member(b, id, w.alice, Role::Upphandlare)
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_procurement_criterion(b, id, "y", 1, w.bob)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_procurement_criterion(b, id, "fordon-x")
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .close_stage(b, id, stage, &[], Some("marknadsanalys"), "x", w.bob)
            .await
            .unwrap(),
        StageClose::NotFound
    );
    assert!(!store.reopen_stage(b, id, stage, &[]).await.unwrap());
    let baseline = Baseline {
        method: BaselineMethod::Spend,
        kg_co2e: 1.0,
        kwh: None,
        spend: None,
        source: "import:1".into(),
        note: String::new(),
        set_by: Some(w.bob),
        set_at: 0,
    };
    assert!(!store.set_baseline(b, id, &baseline).await.unwrap());
    assert!(!store.clear_baseline(b, id).await.unwrap());
    // B's upphandlare has no tasks from A's procurement, even with a role
    // A's team leaves open.
    assert!(store.my_tasks(b, w.bob, raci).await.unwrap().is_empty());

    let after = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(after.title, before.title);
    assert_eq!(after.status, ProcurementStatus::Active);
    assert_eq!(after.stage, "behovsanalys");
    assert!(after.baseline.is_none());
    assert_eq!(store.checklist(w.a, id).await.unwrap().len(), 1);
    assert!(store.checklist(w.a, id).await.unwrap()[0].done);
    assert_eq!(store.procurement_team(w.a, id).await.unwrap().len(), 1);
    assert_eq!(store.procurement_criteria(w.a, id).await.unwrap().len(), 1);
    assert_eq!(
        store.procurement_stages(w.a, id).await.unwrap()[0].due_date,
        Some(date(2026, 12, 1))
    );
}

async fn stage_close_needs_reason_when_required_items_are_open(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    let req = required(Stage::Behovsanalys);
    assert!(req.len() >= 2, "behovsanalys has required items");
    // Not the current stage.
    assert_eq!(
        store
            .close_stage(
                w.a,
                id,
                "marknadsanalys",
                &[],
                Some("forfragningsunderlag"),
                "",
                w.alice
            )
            .await
            .unwrap(),
        StageClose::NotCurrent
    );
    // Required items open, blank reason: refused, nothing changes.
    store
        .set_checklist_item(w.a, id, "behovsanalys", req[0], true, "klart", w.alice)
        .await
        .unwrap();
    let refused = store
        .close_stage(
            w.a,
            id,
            "behovsanalys",
            &req,
            Some("marknadsanalys"),
            "   ",
            w.alice,
        )
        .await
        .unwrap();
    assert_eq!(
        refused,
        StageClose::ReasonRequired {
            open: req[1..].iter().map(|k| (*k).to_owned()).collect()
        }
    );
    assert_eq!(
        store.procurement(w.a, id).await.unwrap().unwrap().stage,
        "behovsanalys"
    );
    assert!(store.procurement_stages(w.a, id).await.unwrap().is_empty());
    // An item marked done then undone counts as open.
    store
        .set_checklist_item(w.a, id, "behovsanalys", req[1], true, "", w.alice)
        .await
        .unwrap();
    store
        .set_checklist_item(w.a, id, "behovsanalys", req[1], false, "", w.alice)
        .await
        .unwrap();
    let items = store.checklist(w.a, id).await.unwrap();
    let undone = items.iter().find(|i| i.item_key == req[1]).unwrap();
    assert!(!undone.done && undone.done_by.is_none() && undone.done_at.is_none());
    let done = items.iter().find(|i| i.item_key == req[0]).unwrap();
    assert_eq!(done.done_by, Some(w.alice));
    assert_eq!(done.done_by_name, "Alice Alfa");
    assert_eq!(done.note, "klart");
    // With a reason: closed, moved on, reason stored.
    let closed = store
        .close_stage(
            w.a,
            id,
            "behovsanalys",
            &req,
            Some("marknadsanalys"),
            " Behovet beslutat av nämnden ",
            w.anna,
        )
        .await
        .unwrap();
    assert_eq!(
        closed,
        StageClose::Closed {
            next: Some("marknadsanalys".into())
        }
    );
    let p = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(p.stage, "marknadsanalys");
    let stages = store.procurement_stages(w.a, id).await.unwrap();
    assert_eq!(stages.len(), 1);
    assert_eq!(stages[0].stage, "behovsanalys");
    assert_eq!(stages[0].override_reason, "Behovet beslutat av nämnden");
    assert_eq!(stages[0].closed_by, Some(w.anna));
    assert_eq!(stages[0].closed_by_name, "Anna Alfa");
    assert!(stages[0].closed_at.is_some());
    // Closing again: no longer current.
    assert_eq!(
        store
            .close_stage(
                w.a,
                id,
                "behovsanalys",
                &req,
                Some("marknadsanalys"),
                "x",
                w.anna
            )
            .await
            .unwrap(),
        StageClose::NotCurrent
    );
    // All required items done: no reason needed, none stored.
    let req2 = required(Stage::Marknadsanalys);
    for key in &req2 {
        store
            .set_checklist_item(w.a, id, "marknadsanalys", key, true, "", w.alice)
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .close_stage(
                w.a,
                id,
                "marknadsanalys",
                &req2,
                Some("forfragningsunderlag"),
                "onödigt",
                w.alice
            )
            .await
            .unwrap(),
        StageClose::Closed {
            next: Some("forfragningsunderlag".into())
        }
    );
    let stages = store.procurement_stages(w.a, id).await.unwrap();
    let market = stages.iter().find(|s| s.stage == "marknadsanalys").unwrap();
    assert_eq!(market.override_reason, "");
}

async fn last_stage_close_completes_and_reopen_returns(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    for stage in Stage::ALL {
        let next = stage.next().map(|s| s.key());
        assert!(matches!(
            store
                .close_stage(w.a, id, stage.key(), &[], next, "", w.alice)
                .await
                .unwrap(),
            StageClose::Closed { .. }
        ));
    }
    let p = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(p.status, ProcurementStatus::Completed);
    assert_eq!(p.stage, "avtalsuppfoljning");
    assert_eq!(store.procurement_stages(w.a, id).await.unwrap().len(), 8);
    // A completed procurement closes nothing more.
    assert_eq!(
        store
            .close_stage(w.a, id, "avtalsuppfoljning", &[], None, "", w.alice)
            .await
            .unwrap(),
        StageClose::NotCurrent
    );
    // Reopen the award: active again, award and later stages open, earlier ones closed.
    let later: Vec<&str> = Stage::ALL[6..].iter().map(|s| s.key()).collect();
    assert!(
        store
            .reopen_stage(w.a, id, "tilldelning", &later)
            .await
            .unwrap()
    );
    let p = store.procurement(w.a, id).await.unwrap().unwrap();
    assert_eq!(p.status, ProcurementStatus::Active);
    assert_eq!(p.stage, "tilldelning");
    let stages = store.procurement_stages(w.a, id).await.unwrap();
    let closed: Vec<&str> = stages
        .iter()
        .filter(|s| s.closed_at.is_some())
        .map(|s| s.stage.as_str())
        .collect();
    assert_eq!(closed.len(), 5);
    assert!(!closed.contains(&"tilldelning") && !closed.contains(&"avtal"));
}

async fn raci_adjustments_replace_and_reset(store: &Store) {
    let w = world(store).await;
    assert!(store.org_raci(w.a).await.unwrap().is_empty());
    let cell = |stage: &str, role: &str, letter: &str| RaciOverride {
        stage: stage.into(),
        role: role.into(),
        letter: letter.into(),
    };
    let cells = vec![
        cell("annonsering", "miljostrateg", "I"),
        cell("behovsanalys", "politiker", ""),
    ];
    assert!(store.replace_org_raci(w.a, &cells).await.unwrap());
    let stored = store.org_raci(w.a).await.unwrap();
    assert_eq!(stored, cells);
    assert!(store.org_raci(w.b).await.unwrap().is_empty());
    // A bad letter refuses the whole replacement.
    assert!(
        !store
            .replace_org_raci(w.a, &[cell("annonsering", "admin", "X")])
            .await
            .unwrap()
    );
    assert_eq!(store.org_raci(w.a).await.unwrap(), cells);
    // Replacing replaces; an empty list resets to the default.
    let one = vec![cell("avtal", "admin", "C")];
    assert!(store.replace_org_raci(w.a, &one).await.unwrap());
    assert_eq!(store.org_raci(w.a).await.unwrap(), one);
    assert!(store.replace_org_raci(w.a, &[]).await.unwrap());
    assert!(store.org_raci(w.a).await.unwrap().is_empty());
}

async fn team_members_of_the_organisation_only(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    assert!(
        store
            .add_team_member(w.a, id, w.alice, Role::Upphandlare)
            .await
            .unwrap()
    );
    assert!(
        store
            .add_team_member(w.a, id, w.anna, Role::Bestallare)
            .await
            .unwrap()
    );
    // Twice is once.
    assert!(
        store
            .add_team_member(w.a, id, w.anna, Role::Bestallare)
            .await
            .unwrap()
    );
    // One person may hold two roles on the team.
    assert!(
        store
            .add_team_member(w.a, id, w.alice, Role::Miljostrateg)
            .await
            .unwrap()
    );
    // Bob is not a member of A.
    assert!(
        !store
            .add_team_member(w.a, id, w.bob, Role::Upphandlare)
            .await
            .unwrap()
    );
    let team = store.procurement_team(w.a, id).await.unwrap();
    let got: Vec<(UserId, Role, &str)> = team
        .iter()
        .map(|m| (m.user_id, m.role, m.name.as_str()))
        .collect();
    assert_eq!(got.len(), 3);
    assert!(got.contains(&(w.alice, Role::Upphandlare, "Alice Alfa")));
    assert!(got.contains(&(w.anna, Role::Bestallare, "Anna Alfa")));
    assert!(got.contains(&(w.alice, Role::Miljostrateg, "Alice Alfa")));
    assert!(
        store
            .remove_team_member(w.a, id, w.alice, Role::Miljostrateg)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_team_member(w.a, id, w.alice, Role::Miljostrateg)
            .await
            .unwrap()
    );
    assert_eq!(store.procurement_team(w.a, id).await.unwrap().len(), 2);
}

async fn criteria_selection(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    assert!(
        store
            .add_procurement_criterion(w.a, id, "fordon-a", 1, w.alice)
            .await
            .unwrap()
    );
    assert!(
        store
            .add_procurement_criterion(w.a, id, "fordon-b", 2, w.anna)
            .await
            .unwrap()
    );
    // Adding again records the newer version.
    assert!(
        store
            .add_procurement_criterion(w.a, id, "fordon-a", 3, w.anna)
            .await
            .unwrap()
    );
    let chosen = store.procurement_criteria(w.a, id).await.unwrap();
    assert_eq!(chosen.len(), 2);
    let a = chosen
        .iter()
        .find(|c| c.criterion_id == "fordon-a")
        .unwrap();
    assert_eq!((a.version, a.added_by), (3, Some(w.anna)));
    let b = chosen
        .iter()
        .find(|c| c.criterion_id == "fordon-b")
        .unwrap();
    assert_eq!(b.version, 2);
    assert!(
        store
            .remove_procurement_criterion(w.a, id, "fordon-a")
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_procurement_criterion(w.a, id, "fordon-a")
            .await
            .unwrap()
    );
    let chosen = store.procurement_criteria(w.a, id).await.unwrap();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].criterion_id, "fordon-b");
    // Deleting the procurement removes its choices with it.
    assert!(store.delete_procurement(w.a, id).await.unwrap());
    assert!(
        store
            .procurement_criteria(w.a, id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn baseline_saved_and_cleared(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    let baseline = Baseline {
        method: BaselineMethod::Activity,
        kg_co2e: 123_456.5,
        kwh: Some(98_765.25),
        spend: None,
        source: "model:7:Diesel".into(),
        note: "LCC-modell Bilar, referensalternativ Diesel, 4 år".into(),
        set_by: Some(w.alice),
        set_at: 0,
    };
    assert!(store.set_baseline(w.a, id, &baseline).await.unwrap());
    let got = store
        .procurement(w.a, id)
        .await
        .unwrap()
        .unwrap()
        .baseline
        .unwrap();
    assert_eq!(got.method, BaselineMethod::Activity);
    assert_eq!(got.kg_co2e, 123_456.5);
    assert_eq!(got.kwh, Some(98_765.25));
    assert_eq!(got.spend, None);
    assert_eq!(got.source, "model:7:Diesel");
    assert_eq!(got.set_by, Some(w.alice));
    assert!(got.set_at > 0);
    let spend = Baseline {
        method: BaselineMethod::Spend,
        kg_co2e: 5000.0,
        kwh: None,
        spend: Some(Ore(123_400)),
        source: "import:3".into(),
        note: "Inköpsanalys 2025".into(),
        set_by: None,
        set_at: 0,
    };
    assert!(store.set_baseline(w.a, id, &spend).await.unwrap());
    let got = store
        .procurement(w.a, id)
        .await
        .unwrap()
        .unwrap()
        .baseline
        .unwrap();
    assert_eq!(
        (got.method, got.kwh, got.spend),
        (BaselineMethod::Spend, None, Some(Ore(123_400)))
    );
    assert!(store.clear_baseline(w.a, id).await.unwrap());
    assert!(
        store
            .procurement(w.a, id)
            .await
            .unwrap()
            .unwrap()
            .baseline
            .is_none()
    );
}

async fn baseline_quantities_all_or_nothing(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    let activity = Baseline {
        method: BaselineMethod::Activity,
        kg_co2e: 132_660.0,
        kwh: Some(441_220.0),
        spend: None,
        source: "aktivitet".into(),
        note: "Förra avtalet 2022".into(),
        set_by: Some(w.alice),
        set_at: 0,
    };
    let q = BaselineQuantities {
        quantities: vec![("diesel_l".into(), 31_500.0), ("bensin_l".into(), 14_200.5)],
        kg_low: Some(128_000.25),
        kg_high: Some(146_640.75),
    };
    assert!(
        store
            .set_baseline_with(w.a, id, &activity, &q)
            .await
            .unwrap()
    );
    let got = store.baseline_quantities(w.a, id).await.unwrap();
    // Read back in metric-key order.
    assert_eq!(
        got.quantities,
        vec![
            ("bensin_l".to_string(), 14_200.5),
            ("diesel_l".to_string(), 31_500.0)
        ]
    );
    assert_eq!(
        (got.kg_low, got.kg_high),
        (Some(128_000.25), Some(146_640.75))
    );
    let b = store
        .procurement(w.a, id)
        .await
        .unwrap()
        .unwrap()
        .baseline
        .unwrap();
    assert_eq!((b.kg_co2e, b.kwh), (132_660.0, Some(441_220.0)));

    // Another organisation neither reads nor writes them.
    assert_eq!(
        store.baseline_quantities(w.b, id).await.unwrap(),
        BaselineQuantities::default()
    );
    let other = BaselineQuantities {
        quantities: vec![("el_kwh".into(), 1.0)],
        kg_low: Some(0.0),
        kg_high: Some(1.0),
    };
    assert!(
        !store
            .set_baseline_with(w.b, id, &activity, &other)
            .await
            .unwrap()
    );
    assert_eq!(store.baseline_quantities(w.a, id).await.unwrap(), got);

    // Invalid input changes nothing: neither the baseline nor its quantities.
    let mut changed = activity.clone();
    changed.kg_co2e = 1.0;
    for bad in [
        vec![("okänt_l".to_string(), 1.0)],
        vec![("diesel_l".to_string(), -1.0)],
        vec![("diesel_l".to_string(), f64::NAN)],
        vec![("el_kwh".to_string(), 1.0), ("el_kwh".to_string(), 2.0)],
    ] {
        let q = BaselineQuantities {
            quantities: bad,
            kg_low: Some(0.0),
            kg_high: Some(2.0),
        };
        assert!(
            store
                .set_baseline_with(w.a, id, &changed, &q)
                .await
                .is_err()
        );
    }
    let reversed = BaselineQuantities {
        quantities: vec![("el_kwh".into(), 1.0)],
        kg_low: Some(3.0),
        kg_high: Some(2.0),
    };
    assert!(
        store
            .set_baseline_with(w.a, id, &changed, &reversed)
            .await
            .is_err()
    );
    assert_eq!(store.baseline_quantities(w.a, id).await.unwrap(), got);
    let b = store
        .procurement(w.a, id)
        .await
        .unwrap()
        .unwrap()
        .baseline
        .unwrap();
    assert_eq!(b.kg_co2e, 132_660.0);

    // A baseline saved the other way drops them; so does clearing.
    let spend = Baseline {
        method: BaselineMethod::Spend,
        kg_co2e: 5000.0,
        kwh: None,
        spend: Some(Ore(123_400)),
        source: "import:3".into(),
        note: "Inköpsanalys 2025".into(),
        set_by: None,
        set_at: 0,
    };
    assert!(store.set_baseline(w.a, id, &spend).await.unwrap());
    assert_eq!(
        store.baseline_quantities(w.a, id).await.unwrap(),
        BaselineQuantities::default()
    );
    assert!(
        store
            .set_baseline_with(w.a, id, &activity, &q)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .baseline_quantities(w.a, id)
            .await
            .unwrap()
            .quantities
            .len(),
        2
    );
    assert!(store.clear_baseline(w.a, id).await.unwrap());
    assert_eq!(
        store.baseline_quantities(w.a, id).await.unwrap(),
        BaselineQuantities::default()
    );
    assert!(!store.clear_baseline(w.b, id).await.unwrap());
}

async fn my_tasks_follow_team_and_roles(store: &Store) {
    let w = world(store).await;
    // P1 at behovsanalys (default: beställare A, upphandlare R), team:
    // Alice upphandlare; nobody beställare. Contract start 2027-04-01.
    let p1 = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    store
        .add_team_member(w.a, p1, w.alice, Role::Upphandlare)
        .await
        .unwrap();
    // P2 at behovsanalys with a stage due date before P1's start; team: Adam upphandlare.
    let mut second = cars();
    second.title = "Skolskjuts".into();
    let p2 = store
        .create_procurement(w.a, &second, Some(w.adam), false)
        .await
        .unwrap();
    store
        .add_team_member(w.a, p2, w.adam, Role::Upphandlare)
        .await
        .unwrap();
    store
        .set_stage_due(w.a, p2, "behovsanalys", Some(date(2026, 9, 1)))
        .await
        .unwrap();
    // P3: cancelled, never a task.
    let p3 = store
        .create_procurement(w.a, &cars(), Some(w.alice), false)
        .await
        .unwrap();
    store
        .set_procurement_status(w.a, p3, ProcurementStatus::Cancelled)
        .await
        .unwrap();

    let ids = |tasks: &[upphandla_store::TaskRow]| {
        tasks.iter().map(|t| t.procurement.id).collect::<Vec<_>>()
    };
    // Alice is on P1's team; P2's team has its own upphandlare.
    let alice = store.my_tasks(w.a, w.alice, raci).await.unwrap();
    assert_eq!(ids(&alice), vec![p1]);
    assert_eq!(alice[0].letters, vec![(Role::Upphandlare, "R".to_owned())]);
    assert_eq!(alice[0].stage, "behovsanalys");
    // No due date on the stage: none, not the contract start.
    assert_eq!(alice[0].due, None);
    let adam = store.my_tasks(w.a, w.adam, raci).await.unwrap();
    assert_eq!(ids(&adam), vec![p2]);
    // Anna holds the org role beställare, which no team has: both, the dated first.
    let anna = store.my_tasks(w.a, w.anna, raci).await.unwrap();
    assert_eq!(ids(&anna), vec![p2, p1]);
    assert_eq!(anna[0].due, Some(date(2026, 9, 1)));
    assert_eq!(anna[0].letters, vec![(Role::Bestallare, "A".to_owned())]);
    // Once someone else is P1's beställare, Anna loses P1.
    store
        .add_team_member(w.a, p1, w.alice, Role::Bestallare)
        .await
        .unwrap();
    assert_eq!(
        ids(&store.my_tasks(w.a, w.anna, raci).await.unwrap()),
        vec![p2]
    );
    let alice = store.my_tasks(w.a, w.alice, raci).await.unwrap();
    assert_eq!(
        alice[0].letters,
        vec![
            (Role::Upphandlare, "R".to_owned()),
            (Role::Bestallare, "A".to_owned())
        ]
    );
    // Done items of the current stage come along.
    store
        .set_checklist_item(w.a, p1, "behovsanalys", "k1", true, "", w.alice)
        .await
        .unwrap();
    store
        .set_checklist_item(w.a, p1, "marknadsanalys", "k2", true, "", w.alice)
        .await
        .unwrap();
    let alice = store.my_tasks(w.a, w.alice, raci).await.unwrap();
    assert_eq!(alice[0].done_items, vec!["k1".to_owned()]);
    // The organisation's RACI wins over the default: upphandlare no letter in behovsanalys.
    store
        .replace_org_raci(
            w.a,
            &[RaciOverride {
                stage: "behovsanalys".into(),
                role: "upphandlare".into(),
                letter: String::new(),
            }],
        )
        .await
        .unwrap();
    assert!(store.my_tasks(w.a, w.adam, raci).await.unwrap().is_empty());
    let alice = store.my_tasks(w.a, w.alice, raci).await.unwrap();
    assert_eq!(alice[0].letters, vec![(Role::Bestallare, "A".to_owned())]);
    // At marknadsanalys the upphandlare is A again (default) — Adam gets P2 back.
    store
        .close_stage(
            w.a,
            p2,
            "behovsanalys",
            &[],
            Some("marknadsanalys"),
            "",
            w.adam,
        )
        .await
        .unwrap();
    let adam = store.my_tasks(w.a, w.adam, raci).await.unwrap();
    assert_eq!(ids(&adam), vec![p2]);
    assert_eq!(adam[0].stage, "marknadsanalys");
    // Another organisation's user sees none of it.
    assert!(store.my_tasks(w.b, w.bob, raci).await.unwrap().is_empty());
    assert!(store.my_tasks(w.b, w.alice, raci).await.unwrap().is_empty());
}
