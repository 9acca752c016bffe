//! Contract follow-up on both databases: items, reports with values,
//! deviations and their status, due lists, and tenant scoping.

#[macro_use]
mod common;

use common::fixtures::{alfa_and_beta, contract_input, date};
use upphandla_core::followup::{DeviationStatus, transition};
use upphandla_store::{
    ContractSource, DeviationInput, ItemInput, OrgId, ReportInput, Role, Store, StoreError,
};

on_both_backends!(
    items_round_trip_and_check,
    items_all_or_nothing,
    reports_with_values,
    deviations_and_status,
    due_items_per_role,
    foreign_org_sees_and_changes_nothing,
);

async fn contract(store: &Store, org: OrgId, title: &str) -> i64 {
    store
        .create_contract(org, &contract_input(title), ContractSource::Manual, None, 1)
        .await
        .unwrap()
}

fn item(what: &str, due: Option<&str>, role: Role) -> ItemInput {
    ItemInput {
        criterion_id: "fordon-fornybart".into(),
        what: what.into(),
        how: "Leverantörens drivmedelsstatistik".into(),
        evidence: "Fakturor".into(),
        frequency: "kvartalsvis".into(),
        next_due: due.map(date),
        role,
        metric: "andel_fornybar_drivmedel_pct".into(),
        comparator: ">=".into(),
        threshold: Some(80.0),
    }
}

async fn items_round_trip_and_check(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    let ids = store
        .create_followup_items(
            a,
            c,
            &[
                item("Förnybart", Some("2027-04-30"), Role::Avtalsansvarig),
                item("Fordonslista", None, Role::Upphandlare),
            ],
            10,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ids.len(), 2);
    let items = store.followup_items(a, c).await.unwrap();
    // Due first, nothing due last.
    assert_eq!(items[0].what, "Förnybart");
    assert_eq!(items[0].threshold, Some(80.0));
    assert_eq!(items[0].status, "open");
    assert_eq!(items[1].next_due, None);
    assert!(
        store
            .mark_item_checked(a, ids[0], date("2027-05-02"), Some(date("2027-07-30")))
            .await
            .unwrap()
    );
    let checked = store.followup_item(a, ids[0]).await.unwrap().unwrap();
    assert_eq!(checked.last_checked, Some(date("2027-05-02")));
    assert_eq!(checked.next_due, Some(date("2027-07-30")));
    assert!(
        store
            .mark_item_checked(a, ids[1], date("2027-05-02"), None)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .followup_item(a, ids[1])
            .await
            .unwrap()
            .unwrap()
            .status,
        "done"
    );
    let mut edit = checked.input();
    edit.threshold = Some(70.0);
    edit.what = " Förnybart, nivå 70 ".into();
    assert!(store.update_followup_item(a, ids[0], &edit).await.unwrap());
    let edited = store.followup_item(a, ids[0]).await.unwrap().unwrap();
    assert_eq!(
        (edited.what.as_str(), edited.threshold),
        ("Förnybart, nivå 70", Some(70.0))
    );
    assert!(store.delete_followup_item(a, ids[1]).await.unwrap());
    assert_eq!(store.followup_items(a, c).await.unwrap().len(), 1);
}

async fn items_all_or_nothing(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    let mut bad = item("Okänt mått", None, Role::Avtalsansvarig);
    bad.metric = "okand_l".into();
    let err = store
        .create_followup_items(a, c, &[item("Bra", None, Role::Admin), bad], 1)
        .await;
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    let mut bad_freq = item("Fel frekvens", None, Role::Admin);
    bad_freq.frequency = "varannan".into();
    assert!(
        store
            .create_followup_items(a, c, &[bad_freq], 1)
            .await
            .is_err()
    );
    assert!(store.followup_items(a, c).await.unwrap().is_empty());
    assert_eq!(
        store.create_followup_items(a, c, &[], 1).await.unwrap(),
        Some(vec![])
    );
}

fn report(values: &[(&str, f64)]) -> ReportInput {
    ReportInput {
        period_start: date("2027-01-01"),
        period_end: date("2027-03-31"),
        source: "form".into(),
        file_name: String::new(),
        note: "Kvartal 1".into(),
        values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

async fn reports_with_values(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    let id = store
        .create_report(
            a,
            c,
            &report(&[("diesel_l", 1000.0), ("hvo100_l", 8400.5)]),
            None,
            5,
        )
        .await
        .unwrap()
        .unwrap();
    let r = store.report(a, id).await.unwrap().unwrap();
    // In the vocabulary's order, not the order entered.
    assert_eq!(
        r.values,
        vec![
            ("diesel_l".to_string(), 1000.0),
            ("hvo100_l".to_string(), 8400.5)
        ]
    );
    assert_eq!(r.value_map().get("hvo100_l"), Some(&8400.5));
    assert_eq!(r.note, "Kvartal 1");
    // Unknown metric, a key twice, a reversed period: refused, nothing stored.
    for bad in [
        report(&[("diesel_l", 1.0), ("okand", 2.0)]),
        report(&[("diesel_l", 1.0), ("diesel_l", 2.0)]),
        ReportInput {
            period_end: date("2026-12-31"),
            ..report(&[])
        },
    ] {
        assert!(matches!(
            store.create_report(a, c, &bad, None, 6).await,
            Err(StoreError::Invalid(_))
        ));
    }
    assert_eq!(store.reports(a, c).await.unwrap().len(), 1);
}

async fn deviations_and_status(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    let other = contract(store, a, "Städ").await;
    let ids = store
        .create_followup_items(a, c, &[item("Förnybart", None, Role::Avtalsansvarig)], 1)
        .await
        .unwrap()
        .unwrap();
    let rid = store
        .create_report(a, c, &report(&[("diesel_l", 1.0)]), None, 1)
        .await
        .unwrap()
        .unwrap();
    let input = DeviationInput {
        item_id: Some(ids[0]),
        report_id: Some(rid),
        found_on: Some(date("2027-05-02")),
        description: "62 % förnybart, kravet är 80 %".into(),
        action: "Tanka HVO100".into(),
        deadline: Some(date("2027-06-01")),
        sanction: "vite".into(),
        advantage_ore: Some(100_000),
        sanction_ore: Some(150_000),
    };
    let did = store
        .create_deviation(a, c, &input, None, 7)
        .await
        .unwrap()
        .unwrap();
    // The item of one contract cannot be named on another.
    assert_eq!(
        store
            .create_deviation(a, other, &input, None, 7)
            .await
            .unwrap(),
        None
    );
    let d = store.deviation(a, did).await.unwrap().unwrap();
    assert_eq!(d.status, DeviationStatus::Oppen);
    assert_eq!(d.contract_title, "Skolskjuts");
    assert_eq!(d.sanction_ore, Some(150_000));
    assert_eq!(store.open_deviations(a).await.unwrap().len(), 1);

    let to_work = transition(DeviationStatus::Oppen, DeviationStatus::Atgardas, "", None).unwrap();
    assert!(
        store
            .set_deviation_status(a, did, DeviationStatus::Oppen, &to_work, 8)
            .await
            .unwrap()
    );
    // A stale "from" changes nothing.
    assert!(
        !store
            .set_deviation_status(a, did, DeviationStatus::Oppen, &to_work, 8)
            .await
            .unwrap()
    );
    let close = transition(
        DeviationStatus::Atgardas,
        DeviationStatus::Stangd,
        "Fakturor visar 85 %",
        Some(date("2027-06-01")),
    )
    .unwrap();
    assert!(
        store
            .set_deviation_status(a, did, DeviationStatus::Atgardas, &close, 9)
            .await
            .unwrap()
    );
    let d = store.deviation(a, did).await.unwrap().unwrap();
    assert_eq!(d.status, DeviationStatus::Stangd);
    assert_eq!(d.closed_on, Some(date("2027-06-01")));
    assert_eq!(d.closing_note, "Fakturor visar 85 %");
    assert!(store.open_deviations(a).await.unwrap().is_empty());
    let mut edit = input.clone();
    edit.action = "Tanka HVO100 i alla bilar".into();
    assert!(store.update_deviation(a, did, &edit, 10).await.unwrap());
    assert_eq!(store.deviations(a, c).await.unwrap()[0].action, edit.action);
    assert!(store.deviations(a, other).await.unwrap().is_empty());
}

async fn due_items_per_role(store: &Store) {
    let (a, _) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    store
        .create_followup_items(
            a,
            c,
            &[
                item("Sen", Some("2027-04-30"), Role::Avtalsansvarig),
                item("Snart", Some("2027-05-20"), Role::Upphandlare),
                item("Långt bort", Some("2027-09-30"), Role::Avtalsansvarig),
                item("Ingen", None, Role::Avtalsansvarig),
            ],
            1,
        )
        .await
        .unwrap()
        .unwrap();
    let today = date("2027-05-05");
    let all = store.due_items(a, today, &[]).await.unwrap();
    let names: Vec<(&str, bool)> = all
        .iter()
        .map(|d| (d.item.what.as_str(), d.overdue))
        .collect();
    assert_eq!(names, vec![("Sen", true), ("Snart", false)]);
    assert_eq!(all[0].contract_title, "Skolskjuts");
    let mine = store
        .due_items(a, today, &[Role::Upphandlare, Role::Politiker])
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].item.what, "Snart");
    // Later, the far item comes within the window too.
    let later = store.due_items(a, date("2027-09-01"), &[]).await.unwrap();
    assert_eq!(later.len(), 3);
    assert!(later[..2].iter().all(|d| d.overdue));
}

async fn foreign_org_sees_and_changes_nothing(store: &Store) {
    let (a, b) = alfa_and_beta(store).await;
    let c = contract(store, a, "Skolskjuts").await;
    let ids = store
        .create_followup_items(
            a,
            c,
            &[item("Förnybart", Some("2027-01-01"), Role::Admin)],
            1,
        )
        .await
        .unwrap()
        .unwrap();
    let rid = store
        .create_report(a, c, &report(&[("diesel_l", 1.0)]), None, 1)
        .await
        .unwrap()
        .unwrap();
    let dev = DeviationInput {
        found_on: Some(date("2027-05-02")),
        description: "Brist".into(),
        ..Default::default()
    };
    let did = store
        .create_deviation(a, c, &dev, None, 1)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(
        store
            .create_followup_items(b, c, &[item("X", None, Role::Admin)], 1)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.create_followup_items(b, c, &[], 1).await.unwrap(),
        None
    );
    assert!(store.followup_items(b, c).await.unwrap().is_empty());
    assert_eq!(store.followup_item(b, ids[0]).await.unwrap(), None);
    assert!(
        !store
            .update_followup_item(b, ids[0], &item("X", None, Role::Admin))
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_item_checked(b, ids[0], date("2027-01-02"), None)
            .await
            .unwrap()
    );
    assert!(!store.delete_followup_item(b, ids[0]).await.unwrap());
    assert!(
        store
            .due_items(b, date("2027-05-05"), &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .create_report(b, c, &report(&[]), None, 1)
            .await
            .unwrap(),
        None
    );
    assert!(store.reports(b, c).await.unwrap().is_empty());
    assert_eq!(store.report(b, rid).await.unwrap(), None);
    assert_eq!(
        store.create_deviation(b, c, &dev, None, 1).await.unwrap(),
        None
    );
    assert_eq!(store.deviation(b, did).await.unwrap(), None);
    assert!(!store.update_deviation(b, did, &dev, 2).await.unwrap());
    let close = transition(
        DeviationStatus::Oppen,
        DeviationStatus::Stangd,
        "x",
        Some(date("2027-05-03")),
    )
    .unwrap();
    assert!(
        !store
            .set_deviation_status(b, did, DeviationStatus::Oppen, &close, 2)
            .await
            .unwrap()
    );
    assert!(store.open_deviations(b).await.unwrap().is_empty());
    // A's own rows are unchanged.
    assert_eq!(store.open_deviations(a).await.unwrap().len(), 1);
    assert_eq!(store.followup_items(a, c).await.unwrap().len(), 1);
}
