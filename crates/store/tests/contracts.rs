//! The contract register on both databases: round trip, import all or
//! nothing, tenant scoping and one contract per procurement.

#[macro_use]
mod common;

use common::fixtures::alfa_and_beta;
use upphandla_core::date::Date;
use upphandla_store::{
    ContractInput, ContractSource, OrgId, ProcurementInput, Role, Store, StoreError, UserId,
};

on_both_backends!(
    round_trip_update_share_delete,
    import_is_all_or_nothing,
    foreign_org_sees_and_changes_nothing,
    one_contract_per_procurement,
    validation_names_the_fields,
    contracts_ending_are_counted_in_the_window,
);

struct World {
    a: OrgId,
    b: OrgId,
    alice: UserId,
    bob: UserId,
}

async fn world(store: &Store) -> World {
    let (a, b) = alfa_and_beta(store).await;
    let alice = store
        .create_user("alice@alfa.example", "Alice Alfa", "hash")
        .await
        .unwrap();
    let bob = store
        .create_user("bob@beta.example", "Bob Beta", "hash")
        .await
        .unwrap();
    store
        .add_role(alice, a, Role::Avtalsansvarig)
        .await
        .unwrap();
    store.add_role(bob, b, Role::Upphandlare).await.unwrap();
    World { a, b, alice, bob }
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn input(title: &str) -> ContractInput {
    ContractInput {
        reference: "KS 2025/12".into(),
        title: title.into(),
        supplier_name: "Exempel Leasing AB".into(),
        supplier_orgnr: "556677-8899".into(),
        start_date: date(2025, 4, 1),
        end_date: date(2027, 3, 31),
        extension_months: 24,
        options_note: "1 + 1 år".into(),
        value_ore: Some(125_000_000),
        cpv: "34110000-1".into(),
        category: "fordon".into(),
        manager_user_id: None,
        procurement_id: None,
    }
}

async fn procurement(store: &Store, org: OrgId) -> i64 {
    let p = ProcurementInput {
        title: "Tjänstebilar".into(),
        ..Default::default()
    };
    store
        .create_procurement(org, &p, None, false)
        .await
        .unwrap()
}

async fn round_trip_update_share_delete(store: &Store) {
    let w = world(store).await;
    let mut first = input("Leasing av tjänstebilar");
    first.manager_user_id = Some(w.alice);
    let id = store
        .create_contract(w.a, &first, ContractSource::Manual, Some(w.alice), 1000)
        .await
        .unwrap();
    let c = store.contract(w.a, id).await.unwrap().expect("stored");
    assert_eq!(c.input(), first);
    assert_eq!(c.final_end_date, date(2029, 3, 31));
    assert_eq!(c.source, ContractSource::Manual);
    assert_eq!(c.manager_name, "Alice Alfa");
    assert!(!c.shared && !c.demo);
    assert_eq!((c.created_at, c.updated_at), (1000, 1000));
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["final_end_date"], "2029-03-31");
    assert_eq!(json["source"], "manual");

    // Ordered by end date: the earlier one first.
    let mut early = input("Drivmedel");
    early.end_date = date(2026, 6, 30);
    early.extension_months = 0;
    let early_id = store
        .create_contract(w.a, &early, ContractSource::Manual, None, 1001)
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .contracts(w.a)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec![early_id, id]);

    let mut changed = first.clone();
    changed.title = "Leasing av personbilar".into();
    changed.extension_months = 0;
    changed.value_ore = None;
    changed.manager_user_id = None;
    assert!(
        store
            .update_contract(w.a, id, &changed, 2000)
            .await
            .unwrap()
    );
    let c = store.contract(w.a, id).await.unwrap().unwrap();
    assert_eq!(c.input(), changed);
    assert_eq!(c.final_end_date, date(2027, 3, 31));
    assert_eq!(c.updated_at, 2000);

    assert!(store.set_contract_shared(w.a, id, true).await.unwrap());
    assert!(store.set_contract_demo(w.a, id, true).await.unwrap());
    let c = store.contract(w.a, id).await.unwrap().unwrap();
    assert!(c.shared && c.demo);

    assert!(store.delete_contract(w.a, id).await.unwrap());
    assert!(store.contract(w.a, id).await.unwrap().is_none());
    assert!(!store.delete_contract(w.a, id).await.unwrap());
}

async fn import_is_all_or_nothing(store: &Store) {
    let w = world(store).await;
    let rows = vec![input("Ett"), input("Två"), input("Tre")];
    assert_eq!(
        store.import_contracts(w.a, &rows, None, 5).await.unwrap(),
        3
    );
    let stored = store.contracts(w.a).await.unwrap();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|c| c.source == ContractSource::Import));

    // An invalid row (end before start) stores nothing, not even the valid rows.
    let mut bad = input("Fel");
    bad.end_date = date(2020, 1, 1);
    let err = store
        .import_contracts(w.a, &[input("Fyra"), bad], None, 6)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("2")),
        "{err}"
    );
    // A row refused by the database (a procurement of another organisation)
    // after valid rows were inserted rolls them back.
    let foreign = procurement(store, w.b).await;
    let mut refused = input("Främmande");
    refused.procurement_id = Some(foreign);
    let err = store
        .import_contracts(w.a, &[input("Fem"), input("Sex"), refused], None, 7)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(store.contracts(w.a).await.unwrap().len(), 3);
    assert!(store.contracts(w.b).await.unwrap().is_empty());
}

async fn foreign_org_sees_and_changes_nothing(store: &Store) {
    let w = world(store).await;
    let p = procurement(store, w.a).await;
    let mut mine = input("Alfas avtal");
    mine.procurement_id = Some(p);
    let id = store
        .create_contract(w.a, &mine, ContractSource::Award, None, 1)
        .await
        .unwrap();
    assert!(store.contract(w.b, id).await.unwrap().is_none());
    assert!(store.contracts(w.b).await.unwrap().is_empty());
    assert!(
        store
            .contract_for_procurement(w.b, p)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .update_contract(w.b, id, &input("Stulet"), 2)
            .await
            .unwrap()
    );
    assert!(!store.set_contract_shared(w.b, id, true).await.unwrap());
    assert!(!store.set_contract_demo(w.b, id, true).await.unwrap());
    assert!(!store.delete_contract(w.b, id).await.unwrap());
    let c = store.contract(w.a, id).await.unwrap().unwrap();
    assert_eq!(c.title, "Alfas avtal");
    assert!(!c.shared);
    assert_eq!(c.procurement_title, "Tjänstebilar");

    // B cannot link its contract to A's procurement, nor name A's user as manager.
    let mut linked = input("Beta länkar");
    linked.procurement_id = Some(p);
    let err = store
        .create_contract(w.b, &linked, ContractSource::Manual, None, 3)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    let mut managed = input("Beta förvaltar");
    managed.manager_user_id = Some(w.alice);
    assert!(
        store
            .create_contract(w.b, &managed, ContractSource::Manual, None, 3)
            .await
            .is_err()
    );
    let own = store
        .create_contract(w.b, &input("Betas"), ContractSource::Manual, Some(w.bob), 3)
        .await
        .unwrap();
    let mut relink = input("Betas");
    relink.procurement_id = Some(p);
    assert!(store.update_contract(w.b, own, &relink, 4).await.is_err());
    assert!(
        store.contracts(w.b).await.unwrap()[0]
            .procurement_id
            .is_none()
    );
}

async fn one_contract_per_procurement(store: &Store) {
    let w = world(store).await;
    let p = procurement(store, w.a).await;
    let mut award = input("Från tilldelning");
    award.procurement_id = Some(p);
    let id = store
        .create_contract(w.a, &award, ContractSource::Award, None, 1)
        .await
        .unwrap();
    assert_eq!(
        store
            .contract_for_procurement(w.a, p)
            .await
            .unwrap()
            .map(|c| c.id),
        Some(id)
    );
    let err = store
        .create_contract(w.a, &award, ContractSource::Manual, None, 2)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(store.contracts(w.a).await.unwrap().len(), 1);
}

async fn validation_names_the_fields(store: &Store) {
    let w = world(store).await;
    let mut bad = input(" ");
    bad.supplier_name = String::new();
    bad.supplier_orgnr = "556677-8890".into();
    bad.end_date = date(2024, 1, 1);
    bad.extension_months = 10_000;
    bad.value_ore = Some(-1);
    let fields: Vec<&str> = bad.validate().iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![
            "title",
            "supplier_name",
            "supplier_orgnr",
            "end_date",
            "extension_months",
            "value"
        ]
    );
    assert!(
        bad.validate()
            .iter()
            .all(|e| !e.sv.is_empty() && !e.en.is_empty())
    );
    assert!(input("Bra").validate().is_empty());
    let err = store
        .create_contract(w.a, &bad, ContractSource::Manual, None, 1)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(store.contracts(w.a).await.unwrap().is_empty());
}

/// `count_contracts_ending` counts the last possible end (options included)
/// within the window, both ends included, only in the organisation; the
/// same count as filtering every contract by hand.
async fn contracts_ending_are_counted_in_the_window(store: &Store) {
    let w = world(store).await;
    let from = date(2026, 11, 30);
    let to = date(2027, 6, 1);
    // (title, end date, extension months) → last possible end.
    let rows = [
        ("Slutade i går", date(2026, 11, 29), 0), // 2026-11-29: before
        ("Slutar i dag", date(2026, 11, 30), 0),  // first day: in
        ("Förlängd in i fönstret", date(2026, 6, 1), 12), // 2027-06-01: last day, in
        ("Förlängd ur fönstret", date(2027, 1, 31), 6), // 2027-07-31: after
        ("Över årsskiftet", date(2027, 1, 15), 0), // in
        ("Dagen efter", date(2027, 6, 2), 0),     // after
    ];
    for (title, end, months) in rows {
        let mut c = input(title);
        c.start_date = date(2024, 1, 1);
        c.end_date = end;
        c.extension_months = months;
        store
            .create_contract(w.a, &c, ContractSource::Manual, None, 1)
            .await
            .unwrap();
    }
    // Another organisation's contract in the window is not counted.
    let mut theirs = input("Betas");
    theirs.start_date = date(2024, 1, 1);
    theirs.end_date = date(2027, 1, 1);
    theirs.extension_months = 0;
    store
        .create_contract(w.b, &theirs, ContractSource::Manual, None, 1)
        .await
        .unwrap();

    let by_hand = store
        .contracts(w.a)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.final_end_date >= from && c.final_end_date <= to)
        .count();
    assert_eq!(by_hand, 3);
    assert_eq!(
        store.count_contracts_ending(w.a, from, to).await.unwrap(),
        3
    );
    assert_eq!(
        store.count_contracts_ending(w.b, from, to).await.unwrap(),
        1
    );
    // One day: exactly the contract ending that day.
    assert_eq!(
        store.count_contracts_ending(w.a, from, from).await.unwrap(),
        1
    );
    // An empty window (to before from) counts nothing.
    assert_eq!(
        store.count_contracts_ending(w.a, to, from).await.unwrap(),
        0
    );
}
