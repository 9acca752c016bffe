//! Sharing with the coordinating body and good examples, on SQLite and
//! PostgreSQL: a coordinator reads only what its members marked as shared,
//! never another organisation's rows; joint procurement opportunities come
//! from shared contracts only; good examples are published only for a
//! completed procurement of the organisation, and an anonymised one carries
//! neither the organisation's name nor the reference.

#[macro_use]
mod common;

use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_store::{
    ContractInput, ContractSource, GoalInput, GoodExampleInput, MatchKey, OrgId, OrgKind,
    ProcurementInput, ProcurementStatus, Publish, Store,
};

on_both_backends!(
    coordinator_sees_only_shared_rows_of_members,
    opportunities_come_from_shared_contracts_of_members,
    good_examples_publish_rules_and_anonymity,
    random_sharing_never_leaks,
);

struct World {
    coordinator: OrgId,
    other_coordinator: OrgId,
    a: OrgId,
    b: OrgId,
    /// Not a member of `coordinator`.
    outsider: OrgId,
}

async fn world(store: &Store) -> World {
    let org = |name: &'static str, kind| async move {
        store
            .create_organisation(name, kind, "", false)
            .await
            .unwrap()
    };
    let w = World {
        coordinator: org("Energikontoret", OrgKind::Samordnare).await,
        other_coordinator: org("Annat kontor", OrgKind::Samordnare).await,
        a: org("Alfa kommun", OrgKind::Kommun).await,
        b: org("Beta kommun", OrgKind::Kommun).await,
        outsider: org("Gamma kommun", OrgKind::Kommun).await,
    };
    store.add_coordination(w.coordinator, w.a).await.unwrap();
    store.add_coordination(w.coordinator, w.b).await.unwrap();
    store
        .add_coordination(w.other_coordinator, w.outsider)
        .await
        .unwrap();
    w
}

async fn procurement(store: &Store, org: OrgId, title: &str) -> i64 {
    let input = ProcurementInput {
        title: title.into(),
        reference: format!("REF {title}"),
        cpv_codes: vec!["34110000-1".into()],
        spend_category: "vehicles".into(),
        estimated_value: Ore(1_000_000),
        ..ProcurementInput::default()
    };
    store
        .create_procurement(org, &input, None, false)
        .await
        .unwrap()
}

async fn contract(
    store: &Store,
    org: OrgId,
    title: &str,
    cpv: &str,
    category: &str,
    end: &str,
    procurement_id: Option<i64>,
) -> i64 {
    let input = ContractInput {
        reference: String::new(),
        title: title.into(),
        supplier_name: "Leverantör AB".into(),
        supplier_orgnr: String::new(),
        start_date: Date::parse_iso("2024-01-01").unwrap(),
        end_date: Date::parse_iso(end).unwrap(),
        extension_months: 12,
        options_note: String::new(),
        value_ore: Some(10_000_000),
        cpv: cpv.into(),
        category: category.into(),
        manager_user_id: None,
        procurement_id,
    };
    store
        .create_contract(org, &input, ContractSource::Manual, None, 1)
        .await
        .unwrap()
}

async fn coordinator_sees_only_shared_rows_of_members(store: &Store) {
    let w = world(store).await;
    let shared_a = procurement(store, w.a, "DELAD-A").await;
    let _unshared_a = procurement(store, w.a, "ODELAD-A").await;
    let shared_outsider = procurement(store, w.outsider, "DELAD-UTANFOR").await;
    let user = store
        .create_user("u@alfa.example", "U", "hash")
        .await
        .unwrap();
    store
        .add_procurement_criterion(w.a, shared_a, "fordon-bas-1", 1, user)
        .await
        .unwrap();
    // Sharing the procurement shares the contract that came from it.
    let from_award = contract(
        store,
        w.a,
        "AVTAL-FRAN-DELAD",
        "34110000-1",
        "vehicles",
        "2027-06-30",
        Some(shared_a),
    )
    .await;
    let _unshared_contract = contract(
        store,
        w.a,
        "AVTAL-ODELAT",
        "34110000-1",
        "vehicles",
        "2027-06-30",
        None,
    )
    .await;
    let outsider_contract = contract(
        store,
        w.outsider,
        "AVTAL-UTANFOR",
        "34110000-1",
        "vehicles",
        "2027-06-30",
        None,
    )
    .await;
    assert!(
        store
            .set_procurement_shared(w.a, shared_a, true)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_procurement_shared(w.outsider, shared_outsider, true)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_contract_shared(w.outsider, outsider_contract, true)
            .await
            .unwrap()
    );
    // Another organisation cannot share A's procurement.
    assert!(
        !store
            .set_procurement_shared(w.b, shared_a, false)
            .await
            .unwrap()
    );
    assert_eq!(store.procurement_shared(w.b, shared_a).await.unwrap(), None);
    assert_eq!(
        store.procurement_shared(w.a, shared_a).await.unwrap(),
        Some(true)
    );

    let procs = store.coordinator_procurements(w.coordinator).await.unwrap();
    let titles: Vec<&str> = procs.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, vec!["DELAD-A"]);
    assert_eq!(procs[0].criteria, vec!["fordon-bas-1".to_string()]);
    assert_eq!(procs[0].org_name, "Alfa kommun");
    let contracts = store.coordinator_contracts(w.coordinator).await.unwrap();
    assert_eq!(
        contracts.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![from_award]
    );
    // The other coordinator sees its own member only.
    let other = store
        .coordinator_procurements(w.other_coordinator)
        .await
        .unwrap();
    assert_eq!(
        other.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        vec!["DELAD-UTANFOR"]
    );
    // A member is not a coordinator: it reads nothing through these.
    assert!(
        store
            .coordinator_procurements(w.a)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.coordinator_contracts(w.a).await.unwrap().is_empty());
    assert!(store.is_coordinated_by(w.coordinator, w.a).await.unwrap());
    assert!(
        !store
            .is_coordinated_by(w.coordinator, w.outsider)
            .await
            .unwrap()
    );

    // A contract registered after the procurement was shared is shared with it.
    let later = procurement(store, w.b, "DELAD-B").await;
    assert!(
        store
            .set_procurement_shared(w.b, later, true)
            .await
            .unwrap()
    );
    let later_contract = contract(
        store,
        w.b,
        "AVTAL-EFTER-DELNING",
        "34110000-1",
        "vehicles",
        "2027-06-30",
        Some(later),
    )
    .await;
    let ids: Vec<i64> = store
        .coordinator_contracts(w.coordinator)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(ids.contains(&later_contract), "{ids:?}");
    assert!(
        store
            .set_procurement_shared(w.b, later, false)
            .await
            .unwrap()
    );

    // Unsharing withdraws the procurement and its contract at once.
    assert!(
        store
            .set_procurement_shared(w.a, shared_a, false)
            .await
            .unwrap()
    );
    assert!(
        store
            .coordinator_procurements(w.coordinator)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .coordinator_contracts(w.coordinator)
            .await
            .unwrap()
            .is_empty()
    );

    // Goals: shared ones of members only.
    for (org, title, shared) in [
        (w.a, "MAL-DELAT", true),
        (w.a, "MAL-ODELAT", false),
        (w.outsider, "MAL-UTANFOR", true),
    ] {
        let input = GoalInput {
            kind: "minskning_inkop_co2e".into(),
            title: title.into(),
            base_year: 2020,
            base_value: 100.0,
            target_year: 2030,
            target_value: 50.0,
            note: String::new(),
            shared,
        };
        store.create_goal(org, &input).await.unwrap();
    }
    let goals = store.coordinator_goals(w.coordinator).await.unwrap();
    assert_eq!(
        goals.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(),
        vec!["MAL-DELAT"]
    );
    assert!(store.coordinator_goals(w.a).await.unwrap().is_empty());
}

async fn opportunities_come_from_shared_contracts_of_members(store: &Store) {
    let w = world(store).await;
    let a1 = contract(
        store,
        w.a,
        "Alfa bilar",
        "34110000-1",
        "vehicles",
        "2027-03-31",
        None,
    )
    .await;
    let b1 = contract(
        store,
        w.b,
        "Beta lätta lastbilar",
        "34130000-7",
        "",
        "2027-09-30",
        None,
    )
    .await;
    let b_late = contract(
        store,
        w.b,
        "Beta bilar sent",
        "34110000-1",
        "vehicles",
        "2030-01-31",
        None,
    )
    .await;
    let b_unshared = contract(
        store,
        w.b,
        "Beta bilar odelat",
        "34110000-1",
        "vehicles",
        "2027-05-31",
        None,
    )
    .await;
    let outsider = contract(
        store,
        w.outsider,
        "Gamma bilar",
        "34110000-1",
        "vehicles",
        "2027-05-31",
        None,
    )
    .await;
    for (org, id) in [(w.a, a1), (w.b, b1), (w.b, b_late), (w.outsider, outsider)] {
        assert!(store.set_contract_shared(org, id, true).await.unwrap());
    }
    let _ = b_unshared;
    let from = Date::parse_iso("2027-01-01").unwrap();
    let to = Date::parse_iso("2028-06-30").unwrap();
    let out = store
        .coordinator_opportunities(w.coordinator, from, to)
        .await
        .unwrap();
    // Category "vehicles" has only A in the window (B's is late or unshared):
    // no opportunity. CPV group 341 joins A's cars and B's vans.
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].key, MatchKey::CpvGroup("341".into()));
    assert_eq!(
        out[0].contracts.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![a1, b1]
    );
    assert_eq!(out[0].combined_value, Ore(20_000_000));
    // A wider window brings B's late contract in: the category matches too.
    let wide = store
        .coordinator_opportunities(w.coordinator, from, Date::parse_iso("2030-12-31").unwrap())
        .await
        .unwrap();
    assert!(
        wide.iter()
            .any(|o| o.key == MatchKey::Category("vehicles".into()))
    );
    for o in &wide {
        assert!(
            o.contracts
                .iter()
                .all(|c| c.id != outsider && c.id != b_unshared)
        );
    }
}

async fn good_examples_publish_rules_and_anonymity(store: &Store) {
    let w = world(store).await;
    let active = procurement(store, w.a, "Pågående").await;
    let done = procurement(store, w.a, "Elbilar Alfa").await;
    store
        .set_procurement_status(w.a, done, ProcurementStatus::Completed)
        .await
        .unwrap();
    let input = GoodExampleInput {
        title: "Elbilar med förnybar el".into(),
        product_group: "fordon".into(),
        summary: "Byte till elbilar med krav på förnybar el.".into(),
        lessons: "Marknadsdialog tidigt.".into(),
        anonymised: true,
    };
    assert_eq!(
        store
            .publish_good_example(w.a, active, &input, None)
            .await
            .unwrap(),
        Publish::NotEligible
    );
    assert_eq!(
        store
            .publish_good_example(w.b, done, &input, None)
            .await
            .unwrap(),
        Publish::NotFound
    );
    let Publish::Published(id) = store
        .publish_good_example(w.a, done, &input, None)
        .await
        .unwrap()
    else {
        panic!("not published");
    };
    // Everyone reads it; the display struct has no org id and, anonymised, no name.
    let e = store.good_example(id).await.unwrap().unwrap();
    assert!(e.anonymised);
    assert_eq!(e.org_name, None);
    let shown = format!("{e:?}");
    assert!(!shown.contains("Alfa kommun"), "{shown}");
    assert!(!shown.contains("REF "), "{shown}");
    // Searching for the organisation's name does not find an anonymised example.
    assert!(
        store
            .good_examples(None, Some("alfa kommun"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .good_examples(Some("fordon"), Some("FÖRNYBAR"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .good_examples(Some("belysning"), None)
            .await
            .unwrap()
            .is_empty()
    );
    // Named: the name is there. Republishing updates the same example.
    let named = GoodExampleInput {
        anonymised: false,
        ..input.clone()
    };
    assert_eq!(
        store
            .publish_good_example(w.a, done, &named, None)
            .await
            .unwrap(),
        Publish::Published(id)
    );
    let e = store.good_example(id).await.unwrap().unwrap();
    assert_eq!(e.org_name.as_deref(), Some("Alfa kommun"));
    // Only the owner withdraws it; then nobody reads it.
    assert!(!store.unpublish_good_example(w.b, done).await.unwrap());
    assert!(store.unpublish_good_example(w.a, done).await.unwrap());
    assert!(store.good_example(id).await.unwrap().is_none());
    assert!(store.good_examples(None, None).await.unwrap().is_empty());
}

/// Random sharing flags over members and non-members, two coordinators:
/// each coordinator reads exactly the shared rows of its own members.
async fn random_sharing_never_leaks(store: &Store) {
    let w = world(store).await;
    let orgs = [w.a, w.b, w.outsider];
    let mut seed: u64 = 0x5eed_d00d;
    let mut coin = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33).is_multiple_of(2)
    };
    // (org, procurement id, shared, contract id, contract shared)
    let mut rows = Vec::new();
    for i in 0..24 {
        let org = orgs[i % orgs.len()];
        let p = procurement(store, org, &format!("P{i}")).await;
        let shared = coin();
        store.set_procurement_shared(org, p, shared).await.unwrap();
        // Half the contracts come from the procurement, half are imported.
        let linked = coin();
        let k = contract(
            store,
            org,
            &format!("K{i}"),
            "34110000-1",
            "vehicles",
            "2027-06-30",
            linked.then_some(p),
        )
        .await;
        let k_shared = coin();
        if k_shared {
            store.set_contract_shared(org, k, true).await.unwrap();
        }
        // A contract is visible when marked shared or from a shared procurement.
        rows.push((org, p, shared, k, k_shared || (linked && shared)));
    }
    for (coordinator, members) in [
        (w.coordinator, vec![w.a, w.b]),
        (w.other_coordinator, vec![w.outsider]),
    ] {
        let mut want_p: Vec<i64> = rows
            .iter()
            .filter(|r| members.contains(&r.0) && r.2)
            .map(|r| r.1)
            .collect();
        let mut got_p: Vec<i64> = store
            .coordinator_procurements(coordinator)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        want_p.sort();
        got_p.sort();
        assert_eq!(got_p, want_p);
        let mut want_k: Vec<i64> = rows
            .iter()
            .filter(|r| members.contains(&r.0) && r.4)
            .map(|r| r.3)
            .collect();
        let mut got_k: Vec<i64> = store
            .coordinator_contracts(coordinator)
            .await
            .unwrap()
            .iter()
            .map(|k| k.id)
            .collect();
        want_k.sort();
        got_k.sort();
        assert_eq!(got_k, want_k);
        // Every opportunity is made of those contracts only.
        let from = Date::parse_iso("2000-01-01").unwrap();
        let to = Date::parse_iso("2100-12-31").unwrap();
        for o in store
            .coordinator_opportunities(coordinator, from, to)
            .await
            .unwrap()
        {
            assert!(o.contracts.iter().all(|c| want_k.contains(&c.id)));
        }
    }
}
