//! Bids and sealing on both databases: every read of bid contents is refused
//! before the opening, the opening before the deadline, a bid after the
//! deadline, an award before the opening, and another organisation's ids.
//! Times are given to the store, so the tests move time by passing it.

#[macro_use]
mod common;

use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_store::{
    AwardInput, BidError, BidInput, EvaluationInput, ModelKind, OrgId, OrgKind, ProcurementInput,
    Quality, QualityCriterion, Store, StoreError, TenderCallInput, UserId,
};

on_both_backends!(
    sealed_before_opening_for_every_read,
    opening_refused_before_the_deadline,
    submission_after_the_deadline_stores_nothing,
    another_organisation_gets_not_found,
    award_only_after_opening_and_contract_after_standstill,
    call_cannot_change_after_the_deadline,
    bids_are_validated,
    exclusion_only_after_opening_and_before_award,
    quality_criteria_and_points,
    procurement_with_bids_cannot_be_deleted,
);

const LCC_MODEL: &str = r#"name = "Bilar"
period_years = 6
discount_rate = 0.03
reference = "ref"

[[carriers]]
id = "el"
name = "El"
unit = "kWh"
kwh_per_unit = 1
price_sek_per_unit = 1.5
kg_co2e_per_unit = 0.036

[[alternatives]]
id = "ref"
name = "Nuvarande"
quantity = 10
investment_sek = 250000
lifetime_years = 6
activity_per_year = 15000
activity_unit = "km"
energy_per_activity = { el = 0.2 }
"#;

struct World {
    a: OrgId,
    b: OrgId,
    alice: UserId,
    bob: UserId,
    /// A's procurement and B's.
    pa: i64,
    pb: i64,
    model: i64,
}

async fn world(store: &Store) -> World {
    let a = store
        .create_organisation("Alfa kommun", OrgKind::Kommun, "", false)
        .await
        .unwrap();
    let b = store
        .create_organisation("Beta kommun", OrgKind::Kommun, "", false)
        .await
        .unwrap();
    let alice = store
        .create_user("alice@alfa.example", "Alice", "x")
        .await
        .unwrap();
    let bob = store
        .create_user("bob@beta.example", "Bob", "x")
        .await
        .unwrap();
    let input = |title: &str| ProcurementInput {
        title: title.into(),
        ..ProcurementInput::default()
    };
    let pa = store
        .create_procurement(a, &input("Tjänstebilar Alfa"), Some(alice), false)
        .await
        .unwrap();
    let pb = store
        .create_procurement(b, &input("Tjänstebilar Beta"), Some(bob), false)
        .await
        .unwrap();
    let model = store
        .create_model(
            a,
            ModelKind::Lcc,
            "Bilar",
            "",
            LCC_MODEL,
            Some(alice),
            false,
        )
        .await
        .unwrap();
    World {
        a,
        b,
        alice,
        bob,
        pa,
        pb,
        model,
    }
}

const T0: i64 = 1_900_000_000;
const DEADLINE: i64 = T0 + 10 * 86_400;

fn call(model: Option<i64>) -> TenderCallInput {
    TenderCallInput {
        deadline: DEADLINE,
        award_method: if model.is_some() {
            "lowest_lcc".into()
        } else {
            "lowest_price".into()
        },
        lcc_model_id: model,
        quality: Quality::default(),
    }
}

fn bid(name: &str, price_sek: i64) -> BidInput {
    BidInput {
        supplier_name: name.into(),
        supplier_orgnr: "556036-0793".into(),
        contact: "anbud@example.se".into(),
        price: Ore(price_sek * 100),
        investment: Some(Ore(25_000_000)),
        carrier_id: Some("el".into()),
        consumption: Some(0.18),
        maintenance_per_year: Some(Ore(400_000)),
        residual_value: Some(Ore(9_000_000)),
        note: "Leverans inom 8 veckor".into(),
    }
}

/// A's call with two bids received before the deadline.
async fn call_with_bids(store: &Store, w: &World) -> Vec<String> {
    store
        .set_tender_call(
            w.a,
            w.pa,
            &call(Some(w.model)),
            Some("hash-a"),
            Some(w.alice),
            T0,
        )
        .await
        .unwrap();
    let mut receipts = Vec::new();
    for (i, (name, price)) in [("Elbilar AB", 3_350_000), ("Bilhandlaren AB", 2_500_000)]
        .iter()
        .enumerate()
    {
        let r = store
            .submit_bid(
                "hash-a",
                &bid(name, *price),
                &format!("KV{i}"),
                T0 + 100 + i as i64,
            )
            .await
            .unwrap();
        assert_eq!(r.received_at, T0 + 100 + i as i64);
        receipts.push(r.receipt);
    }
    receipts
}

fn is_sealed<T: std::fmt::Debug>(r: Result<T, BidError>, what: &str) {
    assert!(
        matches!(r, Err(BidError::Sealed)),
        "{what} must be sealed, got {r:?}"
    );
}

async fn sealed_before_opening_for_every_read(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    // Before the deadline, at it and after it: sealed until the opening is recorded.
    for t in [T0 + 200, DEADLINE - 1, DEADLINE, DEADLINE + 86_400 * 365] {
        is_sealed(store.bids(w.a, w.pa, t).await, "bids");
        is_sealed(store.evaluation(w.a, w.pa, t).await, "evaluation");
        is_sealed(
            store
                .save_evaluation(w.a, w.pa, &evaluation(None), Some(w.alice), t)
                .await,
            "save_evaluation",
        );
    }
    // The receipts say when, never who or how much.
    let receipts = store.receipts(w.a, w.pa).await.unwrap();
    assert_eq!(
        receipts
            .iter()
            .map(|r| r.receipt.as_str())
            .collect::<Vec<_>>(),
        ["KV0", "KV1"]
    );
    let debug = format!("{receipts:?}");
    assert!(!debug.contains("Elbilar") && !debug.contains("335"));
    // The call itself holds no bid contents.
    let c = store.tender_call(w.a, w.pa).await.unwrap().unwrap();
    assert!(!format!("{c:?}").contains("Elbilar"));
    assert!(store.award(w.a, w.pa).await.unwrap().is_none());
    // Opened: readable from the opening on, but not "before" it.
    store
        .open_bids(w.a, w.pa, w.alice, DEADLINE + 60)
        .await
        .unwrap();
    is_sealed(
        store.bids(w.a, w.pa, DEADLINE + 59).await,
        "bids before the recorded opening",
    );
    let bids = store.bids(w.a, w.pa, DEADLINE + 60).await.unwrap();
    assert_eq!(bids.len(), 2);
    assert_eq!(bids[0].supplier_name, "Elbilar AB");
    assert_eq!(bids[0].price, Ore(335_000_000));
    assert_eq!(bids[0].consumption, Some(0.18));
    assert_eq!(bids[1].receipt, "KV1");
    let c = store.tender_call(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!(c.opened_at, Some(DEADLINE + 60));
    assert_eq!(c.opened_by, Some(w.alice));
    assert_eq!(c.opened_by_name, "Alice");
    assert!(matches!(
        store.open_bids(w.a, w.pa, w.alice, DEADLINE + 61).await,
        Err(BidError::AlreadyOpened)
    ));
}

fn evaluation(first: Option<i64>) -> EvaluationInput {
    EvaluationInput {
        tender_toml: "name = \"x\"".into(),
        lcc_toml: String::new(),
        result_json: "{}".into(),
        first_bid_id: first,
    }
}

async fn opening_refused_before_the_deadline(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    for t in [T0, DEADLINE - 1] {
        assert!(
            matches!(
                store.open_bids(w.a, w.pa, w.alice, t).await,
                Err(BidError::DeadlineNotPassed { deadline: DEADLINE })
            ),
            "opening at {t}"
        );
    }
    assert!(
        store
            .tender_call(w.a, w.pa)
            .await
            .unwrap()
            .unwrap()
            .opened_at
            .is_none()
    );
    // Exactly at the deadline bids are no longer accepted, so it may be opened.
    assert_eq!(
        store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap(),
        DEADLINE
    );
    // A procurement without a call has nothing to open.
    assert!(matches!(
        store.open_bids(w.b, w.pb, w.bob, DEADLINE).await,
        Err(BidError::NotFound)
    ));
}

async fn submission_after_the_deadline_stores_nothing(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    for t in [DEADLINE, DEADLINE + 1] {
        assert!(matches!(
            store
                .submit_bid("hash-a", &bid("Sen AB", 1_000), "SEN", t)
                .await,
            Err(BidError::DeadlinePassed)
        ));
    }
    assert!(matches!(
        store
            .submit_bid("fel-hash", &bid("Fel AB", 1_000), "FEL", T0)
            .await,
        Err(BidError::NotFound)
    ));
    assert_eq!(store.receipts(w.a, w.pa).await.unwrap().len(), 2);
    // After an opening nothing gets in either, and the link cannot be renewed.
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    assert!(
        store
            .submit_bid("hash-a", &bid("Sen AB", 1), "S2", DEADLINE + 5)
            .await
            .is_err()
    );
    assert!(matches!(
        store.set_tender_token(w.a, w.pa, "new", DEADLINE + 5).await,
        Err(BidError::AlreadyOpened)
    ));
    let names: Vec<String> = store
        .bids(w.a, w.pa, DEADLINE + 10)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.supplier_name)
        .collect();
    assert_eq!(names, ["Elbilar AB", "Bilhandlaren AB"]);
}

async fn another_organisation_gets_not_found(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    let nf = |r: Result<(), BidError>, what: &str| {
        assert!(matches!(r, Err(BidError::NotFound)), "{what}: {r:?}");
    };
    // B acting on A's procurement id.
    nf(
        store
            .set_tender_call(w.b, w.pa, &call(None), Some("b-hash"), Some(w.bob), T0)
            .await,
        "set_tender_call",
    );
    nf(
        store.set_tender_token(w.b, w.pa, "b-hash", T0).await,
        "set_tender_token",
    );
    assert!(store.tender_call(w.b, w.pa).await.unwrap().is_none());
    assert!(matches!(
        store.receipts(w.b, w.pa).await,
        Err(BidError::NotFound)
    ));
    assert!(matches!(
        store.open_bids(w.b, w.pa, w.bob, DEADLINE).await,
        Err(BidError::NotFound)
    ));
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let t = DEADLINE + 10;
    assert!(matches!(
        store.bids(w.b, w.pa, t).await,
        Err(BidError::NotFound)
    ));
    assert!(matches!(
        store.evaluation(w.b, w.pa, t).await,
        Err(BidError::NotFound)
    ));
    let a_bid = store.bids(w.a, w.pa, t).await.unwrap()[0].id;
    let award = award_input(a_bid);
    assert!(matches!(
        store.decide_award(w.b, w.pa, &award, Some(w.bob), t).await,
        Err(BidError::NotFound)
    ));
    // B's own procurement cannot take A's bid as its winner.
    store
        .set_tender_call(w.b, w.pb, &call(None), Some("hash-b"), Some(w.bob), T0)
        .await
        .unwrap();
    store.open_bids(w.b, w.pb, w.bob, DEADLINE).await.unwrap();
    assert!(matches!(
        store.decide_award(w.b, w.pb, &award, Some(w.bob), t).await,
        Err(BidError::Invalid(_))
    ));
    // A's model is not B's to link.
    let mut linked = call(Some(w.model));
    linked.deadline = DEADLINE + 100 * 86_400;
    let b2 = ProcurementInput {
        title: "B2".into(),
        ..Default::default()
    };
    let pc = store
        .create_procurement(w.b, &b2, None, false)
        .await
        .unwrap();
    assert!(matches!(
        store
            .set_tender_call(w.b, pc, &linked, Some("hash-c"), None, T0)
            .await,
        Err(BidError::Invalid(_))
    ));
    assert!(store.award(w.b, w.pa).await.unwrap().is_none());
    let d = Date::new(2030, 1, 1).unwrap();
    assert!(matches!(
        store.set_award_notice(w.b, w.pa, d, d, d).await,
        Err(BidError::NoAward)
    ));
}

fn award_input(bid: i64) -> AwardInput {
    AwardInput {
        bid_id: bid,
        reasons: "Lägst livscykelkostnad enligt utvärderingen.".into(),
        evaluation_json: "{\"winner\":\"b1\"}".into(),
        winner_kg_co2e: Some(5_000.0),
        winner_kwh: Some(160_000.0),
        reference_kg_co2e: Some(60_000.0),
        reference_kwh: Some(600_000.0),
    }
}

async fn award_only_after_opening_and_contract_after_standstill(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    // The bid id is not known before opening; any id is refused as sealed.
    for id in [1, 2, 999] {
        is_sealed(
            store
                .decide_award(w.a, w.pa, &award_input(id), Some(w.alice), DEADLINE + 5)
                .await,
            "decide_award before opening",
        );
    }
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let t = DEADLINE + 3600;
    let bids = store.bids(w.a, w.pa, t).await.unwrap();
    store
        .save_evaluation(w.a, w.pa, &evaluation(Some(bids[1].id)), Some(w.alice), t)
        .await
        .unwrap();
    assert_eq!(
        store
            .evaluation(w.a, w.pa, t)
            .await
            .unwrap()
            .unwrap()
            .first_bid_id,
        Some(bids[1].id)
    );
    let mut input = award_input(bids[1].id);
    input.reasons = "  ".into();
    assert!(matches!(
        store
            .decide_award(w.a, w.pa, &input, Some(w.alice), t)
            .await,
        Err(BidError::Invalid(_))
    ));
    store
        .decide_award(w.a, w.pa, &award_input(bids[1].id), Some(w.alice), t)
        .await
        .unwrap();
    let a = store.award(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!(a.supplier_name, "Bilhandlaren AB");
    assert_eq!(a.price, Ore(250_000_000));
    assert_eq!(a.decided_by_name, "Alice");
    assert_eq!(a.winner_kg_co2e, Some(5_000.0));
    assert_eq!(a.reference_kwh, Some(600_000.0));
    assert!(a.notice_sent.is_none() && a.contract_signed.is_none());

    let d = |day| Date::new(2030, 3, day).unwrap();
    // Contract before any notice: refused.
    assert!(
        store
            .set_contract_signed(w.a, w.pa, d(20), d(20))
            .await
            .is_err()
    );
    // A notice in the future: refused.
    assert!(
        store
            .set_award_notice(w.a, w.pa, d(5), d(15), d(4))
            .await
            .is_err()
    );
    store
        .set_award_notice(w.a, w.pa, d(2), d(12), d(2))
        .await
        .unwrap();
    let a = store.award(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!((a.notice_sent, a.standstill_end), (Some(d(2)), Some(d(12))));
    // During the standstill (its last day included): refused.
    for day in [2, 11, 12] {
        assert!(
            matches!(
                store.set_contract_signed(w.a, w.pa, d(day), d(30)).await,
                Err(BidError::Standstill { end }) if end == d(12)
            ),
            "signing on day {day}"
        );
    }
    // A signing date that has not come yet: refused.
    assert!(matches!(
        store.set_contract_signed(w.a, w.pa, d(14), d(13)).await,
        Err(BidError::Invalid(_))
    ));
    store
        .set_contract_signed(w.a, w.pa, d(13), d(13))
        .await
        .unwrap();
    assert_eq!(
        store
            .award(w.a, w.pa)
            .await
            .unwrap()
            .unwrap()
            .contract_signed,
        Some(d(13))
    );
    // Signed: the decision stands.
    assert!(matches!(
        store
            .decide_award(w.a, w.pa, &award_input(bids[0].id), Some(w.alice), t)
            .await,
        Err(BidError::ContractSigned)
    ));
    assert!(matches!(
        store.set_award_notice(w.a, w.pa, d(3), d(13), d(30)).await,
        Err(BidError::ContractSigned)
    ));
}

async fn call_cannot_change_after_the_deadline(store: &Store) {
    let w = world(store).await;
    // A deadline in the past, an unknown method or lowest LCC without a model: refused.
    let mut c = call(None);
    c.deadline = T0 - 1;
    assert!(
        store
            .set_tender_call(w.a, w.pa, &c, Some("h"), None, T0)
            .await
            .is_err()
    );
    let mut c = call(None);
    c.award_method = "lottery".into();
    assert!(
        store
            .set_tender_call(w.a, w.pa, &c, Some("h"), None, T0)
            .await
            .is_err()
    );
    let mut c = call(None);
    c.award_method = "lowest_lcc".into();
    assert!(
        store
            .set_tender_call(w.a, w.pa, &c, Some("h"), None, T0)
            .await
            .is_err()
    );
    // A new call needs a link.
    assert!(
        store
            .set_tender_call(w.a, w.pa, &call(None), None, None, T0)
            .await
            .is_err()
    );
    assert!(store.tender_call(w.a, w.pa).await.unwrap().is_none());

    store
        .set_tender_call(
            w.a,
            w.pa,
            &call(Some(w.model)),
            Some("h1"),
            Some(w.alice),
            T0,
        )
        .await
        .unwrap();
    let first = store.tender_call(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!(first.lcc_model_name, "Bilar");
    assert_eq!(first.lcc_model_text, LCC_MODEL);
    // Later edits of the model do not change the call's copy.
    store
        .update_model(w.a, w.model, "Bilar 2", "name = \"ändrad\"")
        .await
        .unwrap();
    assert_eq!(
        store
            .tender_call(w.a, w.pa)
            .await
            .unwrap()
            .unwrap()
            .lcc_model_text,
        LCC_MODEL
    );
    // Before the deadline: a later deadline and a new link are fine.
    let mut later = call(None);
    later.deadline = DEADLINE + 86_400;
    store
        .set_tender_call(w.a, w.pa, &later, None, Some(w.alice), T0 + 5)
        .await
        .unwrap();
    store
        .set_tender_token(w.a, w.pa, "h2", T0 + 6)
        .await
        .unwrap();
    assert!(store.public_call("h1").await.unwrap().is_none());
    let public = store.public_call("h2").await.unwrap().unwrap();
    assert_eq!(public.title, "Tjänstebilar Alfa");
    assert_eq!(public.org_name, "Alfa kommun");
    assert_eq!(public.deadline, DEADLINE + 86_400);
    let c = store.tender_call(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!(
        (c.award_method.as_str(), c.lcc_model_id),
        ("lowest_price", None)
    );
    assert_eq!(c.token_set_at, T0 + 6);
    // After the deadline the call is fixed: no reopening for late bids.
    let mut reopen = call(None);
    reopen.deadline = DEADLINE + 30 * 86_400;
    assert!(matches!(
        store
            .set_tender_call(w.a, w.pa, &reopen, None, None, DEADLINE + 86_400)
            .await,
        Err(BidError::DeadlinePassed)
    ));
    assert_eq!(
        store
            .tender_call(w.a, w.pa)
            .await
            .unwrap()
            .unwrap()
            .deadline,
        DEADLINE + 86_400
    );
}

async fn bids_are_validated(store: &Store) {
    let w = world(store).await;
    store
        .set_tender_call(w.a, w.pa, &call(None), Some("h"), None, T0)
        .await
        .unwrap();
    let cases: Vec<(&str, BidInput)> = vec![
        (
            "wrong check digit",
            BidInput {
                supplier_orgnr: "556036-0794".into(),
                ..bid("X", 1)
            },
        ),
        (
            "no name",
            BidInput {
                supplier_name: "  ".into(),
                ..bid("X", 1)
            },
        ),
        ("zero price", bid("X", 0)),
        (
            "negative investment",
            BidInput {
                investment: Some(Ore(-1)),
                ..bid("X", 1)
            },
        ),
        (
            "NaN consumption",
            BidInput {
                consumption: Some(f64::NAN),
                ..bid("X", 1)
            },
        ),
        (
            "huge price",
            BidInput {
                price: Ore(i64::MAX),
                ..bid("X", 1)
            },
        ),
    ];
    for (what, input) in cases {
        assert!(
            matches!(
                store.submit_bid("h", &input, "R", T0).await,
                Err(BidError::Invalid(_))
            ),
            "{what}"
        );
    }
    assert!(store.receipts(w.a, w.pa).await.unwrap().is_empty());
    // Accepted forms are stored normalised.
    let ok = BidInput {
        supplier_orgnr: "16 5560360793".into(),
        supplier_name: "  Elbilar AB ".into(),
        ..bid("X", 1)
    };
    store.submit_bid("h", &ok, "R1", T0).await.unwrap();
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let b = &store.bids(w.a, w.pa, DEADLINE).await.unwrap()[0];
    assert_eq!(b.supplier_orgnr, "556036-0793");
    assert_eq!(b.supplier_name, "Elbilar AB");
}

async fn exclusion_only_after_opening_and_before_award(store: &Store) {
    let w = world(store).await;
    call_with_bids(store, &w).await;
    is_sealed(
        store
            .set_bid_exclusion(w.a, w.pa, 1, Some("sent"), Some(w.alice), DEADLINE + 1)
            .await,
        "exclusion before opening",
    );
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let t = DEADLINE + 60;
    let bids = store.bids(w.a, w.pa, t).await.unwrap();
    let (first, second) = (bids[0].id, bids[1].id);
    assert!(matches!(
        store
            .set_bid_exclusion(w.a, w.pa, first, Some("  "), Some(w.alice), t)
            .await,
        Err(BidError::Invalid(_))
    ));
    assert!(matches!(
        store
            .set_bid_exclusion(w.b, w.pa, first, Some("x"), Some(w.bob), t)
            .await,
        Err(BidError::NotFound)
    ));
    assert!(matches!(
        store
            .set_bid_exclusion(w.a, w.pa, 999_999, Some("x"), Some(w.alice), t)
            .await,
        Err(BidError::NotFound)
    ));
    store
        .save_evaluation(w.a, w.pa, &evaluation(Some(first)), Some(w.alice), t)
        .await
        .unwrap();
    store
        .set_bid_exclusion(
            w.a,
            w.pa,
            first,
            Some("Uppfyller inte kraven"),
            Some(w.alice),
            t,
        )
        .await
        .unwrap();
    assert!(
        store.evaluation(w.a, w.pa, t).await.unwrap().is_none(),
        "the evaluation of the earlier set of bids is gone"
    );
    let bids = store.bids(w.a, w.pa, t).await.unwrap();
    assert_eq!(
        bids[0].excluded_reason.as_deref(),
        Some("Uppfyller inte kraven")
    );
    assert_eq!(bids[0].excluded_at, Some(t));
    assert!(bids[0].is_excluded() && !bids[1].is_excluded());
    // An excluded bid cannot win; taken back in, it can.
    assert!(matches!(
        store
            .decide_award(w.a, w.pa, &award_input(first), Some(w.alice), t)
            .await,
        Err(BidError::Invalid(_))
    ));
    store
        .set_bid_exclusion(w.a, w.pa, first, None, Some(w.alice), t)
        .await
        .unwrap();
    assert!(!store.bids(w.a, w.pa, t).await.unwrap()[0].is_excluded());
    store
        .decide_award(w.a, w.pa, &award_input(first), Some(w.alice), t)
        .await
        .unwrap();
    // After the decision the set of evaluated bids is fixed.
    assert!(matches!(
        store
            .set_bid_exclusion(w.a, w.pa, second, Some("x"), Some(w.alice), t)
            .await,
        Err(BidError::Invalid(_))
    ));
}

fn criterion(id: &str, deduction: Option<i64>, weight: Option<f64>) -> QualityCriterion {
    QualityCriterion {
        id: id.into(),
        name: format!("Kriterium {id}"),
        max_points: 5.0,
        deduction_ore: deduction,
        weight,
    }
}

async fn quality_criteria_and_points(store: &Store) {
    let w = world(store).await;
    let set = |method: &str, quality: Quality| TenderCallInput {
        deadline: DEADLINE,
        award_method: method.into(),
        lcc_model_id: None,
        quality,
    };
    let refused = [
        // Criteria on a price-only method, none on value deduction, a missing deduction,
        // weights that do not sum to 1, an LCC basis without a model.
        set(
            "lowest_price",
            Quality {
                criteria: vec![criterion("k1", Some(100), None)],
                ..Quality::default()
            },
        ),
        set("value_deduction", Quality::default()),
        set(
            "value_deduction",
            Quality {
                criteria: vec![criterion("k1", None, None)],
                ..Quality::default()
            },
        ),
        set(
            "relative_scoring",
            Quality {
                criteria: vec![criterion("k1", None, Some(0.3))],
                price_weight: Some(0.6),
                ..Quality::default()
            },
        ),
        set(
            "value_deduction",
            Quality {
                criteria: vec![criterion("k1", Some(100), None)],
                lcc_basis: true,
                ..Quality::default()
            },
        ),
    ];
    for input in &refused {
        assert!(
            matches!(
                store
                    .set_tender_call(w.a, w.pa, input, Some("hq"), None, T0)
                    .await,
                Err(BidError::Invalid(_))
            ),
            "{input:?}"
        );
    }
    let quality = Quality {
        criteria: vec![
            criterion("k1", None, Some(0.3)),
            criterion("k2", None, Some(0.1)),
        ],
        price_weight: Some(0.6),
        lcc_basis: false,
    };
    store
        .set_tender_call(
            w.a,
            w.pa,
            &set("relative_scoring", quality.clone()),
            Some("hq"),
            None,
            T0,
        )
        .await
        .unwrap();
    let call = store.tender_call(w.a, w.pa).await.unwrap().unwrap();
    assert_eq!(call.quality, quality);
    assert_eq!(
        store.public_call("hq").await.unwrap().unwrap().quality,
        quality
    );
    store
        .submit_bid("hq", &bid("A AB", 100), "Q1", T0 + 1)
        .await
        .unwrap();
    let scores: std::collections::BTreeMap<String, f64> =
        [("k1".to_string(), 4.0), ("k2".to_string(), 2.5)].into();
    // Points only after the opening.
    is_sealed(
        store.set_bid_scores(w.a, w.pa, 1, &scores, T0 + 2).await,
        "points before opening",
    );
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let t = DEADLINE + 1;
    let id = store.bids(w.a, w.pa, t).await.unwrap()[0].id;
    let bad: Vec<std::collections::BTreeMap<String, f64>> = vec![
        [("k1".to_string(), 4.0)].into(),
        [("k1".to_string(), 6.0), ("k2".to_string(), 1.0)].into(),
        [
            ("k1".to_string(), 1.0),
            ("k2".to_string(), 1.0),
            ("k9".to_string(), 1.0),
        ]
        .into(),
        [("k1".to_string(), f64::NAN), ("k2".to_string(), 1.0)].into(),
    ];
    for b in &bad {
        assert!(
            matches!(
                store.set_bid_scores(w.a, w.pa, id, b, t).await,
                Err(BidError::Invalid(_))
            ),
            "{b:?}"
        );
    }
    assert!(matches!(
        store.set_bid_scores(w.b, w.pa, id, &scores, t).await,
        Err(BidError::NotFound)
    ));
    store
        .set_bid_scores(w.a, w.pa, id, &scores, t)
        .await
        .unwrap();
    assert_eq!(store.bids(w.a, w.pa, t).await.unwrap()[0].scores, scores);
}

async fn procurement_with_bids_cannot_be_deleted(store: &Store) {
    let w = world(store).await;
    // A call without bids: the procurement can still be deleted.
    let empty = store
        .create_procurement(
            w.a,
            &ProcurementInput {
                title: "Utan anbud".into(),
                ..ProcurementInput::default()
            },
            Some(w.alice),
            false,
        )
        .await
        .unwrap();
    store
        .set_tender_call(w.a, empty, &call(None), Some("hash-e"), Some(w.alice), T0)
        .await
        .unwrap();
    assert!(store.delete_procurement(w.a, empty).await.unwrap());
    assert!(store.procurement(w.a, empty).await.unwrap().is_none());
    // Once a bid has come in: refused, and nothing is deleted.
    let receipts = call_with_bids(store, &w).await;
    let refused = store.delete_procurement(w.a, w.pa).await;
    assert!(
        matches!(refused, Err(StoreError::ProcurementHasBids)),
        "{refused:?}"
    );
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains("kan inte tas bort") && message.contains("cannot be deleted"),
        "{message}"
    );
    assert!(store.procurement(w.a, w.pa).await.unwrap().is_some());
    store.open_bids(w.a, w.pa, w.alice, DEADLINE).await.unwrap();
    let bids = store.bids(w.a, w.pa, DEADLINE + 1).await.unwrap();
    assert_eq!(bids.len(), receipts.len());
    // Another organisation: not found, as for any foreign id.
    assert!(!store.delete_procurement(w.b, w.pa).await.unwrap());
    assert!(store.procurement(w.a, w.pa).await.unwrap().is_some());
}
