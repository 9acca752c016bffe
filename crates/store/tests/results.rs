//! Goals and the reported values behind measured results, on SQLite and
//! PostgreSQL: CRUD scoped by organisation, validation, and the values of a
//! procurement's contract's reports read with their periods and category.

#[macro_use]
mod common;

use common::fixtures::{alfa_and_beta, contract_input, date};
use upphandla_store::{
    ContractInput, ContractSource, GoalInput, ProcurementInput, ReportInput, Store, StoreError,
};

on_both_backends!(
    goals_crud_and_isolation,
    goal_validation,
    reported_values_per_procurement
);

fn goal() -> GoalInput {
    GoalInput {
        kind: "fossilfri_fordonsbransle".into(),
        title: "Fossilfria fordonsbränslen 2030".into(),
        base_year: 2020,
        base_value: 40.0,
        target_year: 2030,
        target_value: 100.0,
        note: "KF 2021-03-15 § 42".into(),
        shared: false,
    }
}

async fn goals_crud_and_isolation(store: &Store) {
    let (a, b) = alfa_and_beta(store).await;
    let id = store.create_goal(a, &goal()).await.unwrap();
    let g = store.goal(a, id).await.unwrap().unwrap();
    assert_eq!(g.unit, "%");
    assert_eq!(g.input(), goal());
    assert_eq!(store.goals(a).await.unwrap().len(), 1);
    // Another organisation sees and changes nothing.
    assert!(store.goal(b, id).await.unwrap().is_none());
    assert!(store.goals(b).await.unwrap().is_empty());
    let mut other = goal();
    other.title = "Kapat".into();
    assert!(!store.update_goal(b, id, &other).await.unwrap());
    assert!(!store.set_goal_shared(b, id, true).await.unwrap());
    assert!(!store.delete_goal(b, id).await.unwrap());
    assert_eq!(
        store.goal(a, id).await.unwrap().unwrap().title,
        goal().title
    );
    // The owner changes kind (and so unit), shares and deletes.
    let mut changed = goal();
    changed.kind = "minskning_inkop_co2e".into();
    changed.base_value = 12_000.0;
    changed.target_value = 6_000.0;
    assert!(store.update_goal(a, id, &changed).await.unwrap());
    let g = store.goal(a, id).await.unwrap().unwrap();
    assert_eq!((g.unit.as_str(), g.target_value), ("t CO2e", 6_000.0));
    assert!(store.set_goal_shared(a, id, true).await.unwrap());
    assert!(store.goal(a, id).await.unwrap().unwrap().shared);
    assert!(store.delete_goal(a, id).await.unwrap());
    assert!(store.goals(a).await.unwrap().is_empty());
}

type Change = fn(&mut GoalInput);

async fn goal_validation(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let cases: [(&str, Change); 6] = [
        ("kind", |g| g.kind = "okänd".into()),
        ("title", |g| g.title = "  ".into()),
        ("base_year", |g| g.base_year = 1800),
        ("target_year", |g| g.target_year = 2019),
        ("target_value", |g| g.target_value = 120.0),
        ("base_value", |g| g.base_value = f64::NAN),
    ];
    for (field, change) in cases {
        let mut g = goal();
        change(&mut g);
        let errors = g.validate();
        assert!(
            errors.iter().any(|e| e.field == field),
            "{field}: {errors:?}"
        );
        assert!(matches!(
            store.create_goal(a, &g).await,
            Err(StoreError::Invalid(_))
        ));
    }
    assert!(
        store.goals(a).await.unwrap().is_empty(),
        "nothing half-written"
    );
}

async fn reported_values_per_procurement(store: &Store) {
    let (a, b) = alfa_and_beta(store).await;
    let p = store
        .create_procurement(
            a,
            &ProcurementInput {
                title: "Tjänstebilar".into(),
                spend_category: "fordon".into(),
                ..Default::default()
            },
            None,
            false,
        )
        .await
        .unwrap();
    let contract = |procurement_id: Option<i64>| ContractInput {
        category: "fordon".into(),
        procurement_id,
        ..contract_input("Tjänstebilar")
    };
    let c = store
        .create_contract(a, &contract(Some(p)), ContractSource::Manual, None, 1)
        .await
        .unwrap();
    let loose = store
        .create_contract(a, &contract(None), ContractSource::Manual, None, 1)
        .await
        .unwrap();
    let cb = store
        .create_contract(b, &contract(None), ContractSource::Manual, None, 1)
        .await
        .unwrap();
    // A's linked and loose contracts and B's contract report once each.
    let reports: [(_, _, _, _, &[(&str, f64)]); 3] = [
        (
            a,
            c,
            "2027-01-01",
            "2027-03-31",
            &[("hvo100_l", 800.0), ("diesel_l", 200.0)],
        ),
        (a, loose, "2027-01-01", "2027-12-31", &[("el_kwh", 5.0)]),
        (b, cb, "2027-01-01", "2027-12-31", &[("bensin_l", 9.0)]),
    ];
    for (org, contract, start, end, values) in reports {
        let input = ReportInput {
            period_start: date(start),
            period_end: date(end),
            source: "form".into(),
            file_name: String::new(),
            note: String::new(),
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        };
        store
            .create_report(org, contract, &input, None, 2)
            .await
            .unwrap()
            .unwrap();
    }

    let mine = store.reported_values(a, Some(p)).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert!(
        mine.iter()
            .all(|v| v.procurement_id == Some(p) && v.category == "fordon")
    );
    assert_eq!(mine[0].period_start, date("2027-01-01"));
    assert_eq!(mine[0].period_end, date("2027-03-31"));
    let hvo = mine.iter().find(|v| v.metric == "hvo100_l").unwrap();
    assert_eq!(hvo.value, 800.0);
    // All of A's values: three, none of B's.
    let all = store.reported_values(a, None).await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|v| v.metric != "bensin_l"));
    // B asking for A's procurement gets nothing.
    assert!(store.reported_values(b, Some(p)).await.unwrap().is_empty());
    let contracts = store.result_contracts(a).await.unwrap();
    assert_eq!(contracts.len(), 2);
    assert_eq!(
        contracts
            .iter()
            .filter(|c| c.procurement_id == Some(p))
            .count(),
        1
    );
}
