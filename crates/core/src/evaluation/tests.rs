use super::*;

fn sek(k: i64) -> Ore {
    Ore(k * 100)
}

fn bid(id: &str, price: i64, answers: &[f64]) -> Bid {
    Bid {
        id: id.into(),
        name: id.into(),
        price: sek(price),
        lcc: None,
        answers: answers.to_vec(),
        co2_level: None,
    }
}

fn crit(id: &str, max: f64, deduction: i64, weight: f64) -> Criterion {
    Criterion {
        id: id.into(),
        name: id.into(),
        max_points: max,
        deduction: sek(deduction),
        weight,
    }
}

fn tender(method: Method, criteria: Vec<Criterion>, bids: Vec<Bid>) -> Tender {
    Tender {
        name: "t".into(),
        method,
        basis: Basis::Price,
        price_weight: 0.0,
        criteria,
        co2_levels: vec![
            Co2Level {
                id: "niva3".into(),
                name: "Nivå 3".into(),
                discount: 0.05,
            },
            Co2Level {
                id: "niva5".into(),
                name: "Nivå 5".into(),
                discount: 0.10,
            },
        ],
        bids,
    }
}

#[test]
fn lowest_price_with_co2_discount_by_hand() {
    // A 1000 kr without a level; B 1040 kr at level 3 (5 %): 1040 − 52 = 988.
    let mut b = bid("B", 1040, &[]);
    b.co2_level = Some(0);
    let t = tender(Method::LowestPrice, vec![], vec![bid("A", 1000, &[]), b]);
    t.validate().unwrap();
    let e = evaluate(&t);
    assert_eq!(e.winner, "B");
    assert_eq!(e.bids[1].co2_discount, sek(52));
    assert_eq!(e.bids[1].compared_price, Some(sek(988)));
    assert_eq!(e.bids[0].rank, 2);
    assert!(e.weight_ranges.is_empty());
    assert!(e.rank_reversals.is_empty());
}

#[test]
fn lowest_lcc_needs_lcc_and_ranks_on_it() {
    let mut a = bid("A", 1000, &[]);
    let mut b = bid("B", 1200, &[]);
    let t0 = tender(Method::LowestLcc, vec![], vec![a.clone(), b.clone()]);
    assert_eq!(t0.validate().unwrap_err().len(), 2);
    a.lcc = Some(sek(5000));
    b.lcc = Some(sek(4000));
    let t = tender(Method::LowestLcc, vec![], vec![a, b]);
    t.validate().unwrap();
    let e = evaluate(&t);
    assert_eq!(e.order, vec!["B", "A"]);
    assert_eq!(e.bids[1].compared_price, Some(sek(4000)));
}

fn value_deduction_tender() -> Tender {
    // service 0–5 worth 20 000 kr at full points; miljö yes/no worth 10 000.
    tender(
        Method::ValueDeduction,
        vec![
            crit("service", 5.0, 20_000, 0.0),
            crit("miljo", 1.0, 10_000, 0.0),
        ],
        vec![
            bid("A", 100_000, &[3.0, 1.0]),
            bid("B", 110_000, &[5.0, 1.0]),
            bid("C", 95_000, &[1.0, 0.0]),
        ],
    )
}

#[test]
fn value_deduction_by_hand() {
    // A: 100 000 − 12 000 − 10 000 = 78 000
    // B: 110 000 − 20 000 − 10 000 = 80 000
    // C:  95 000 −  4 000 −      0 = 91 000
    let t = value_deduction_tender();
    t.validate().unwrap();
    let e = evaluate(&t);
    assert_eq!(e.order, vec!["A", "B", "C"]);
    assert_eq!(e.bids[0].criteria[0].deduction, sek(12_000));
    assert_eq!(e.bids[0].compared_price, Some(sek(78_000)));
    assert_eq!(e.bids[1].compared_price, Some(sek(80_000)));
    assert_eq!(e.bids[2].compared_price, Some(sek(91_000)));
    // Service deduction D: A = 90 000 − 0.6 D, B = 100 000 − D, C = 95 000 − 0.2 D.
    // A stays best while 0.4 D ≤ 10 000, i.e. D ≤ 25 000.
    let r = &e.weight_ranges[0];
    assert_eq!(r.parameter, "service");
    assert_eq!(r.current, 20_000.0);
    assert_eq!(r.low, 0.0);
    assert!((r.high.unwrap() - 25_000.0).abs() < 1e-6);
    // Miljö: A is 2 000 below B whatever E is, and A ≤ C for every E ≥ 0.
    assert_eq!(e.weight_ranges[1].high, None);
    assert!(e.rank_reversals.is_empty());
}

fn relative_tender() -> Tender {
    // Price 50 %, quality 0–100 50 %.
    let mut t = tender(
        Method::RelativeScoring,
        vec![crit("kvalitet", 100.0, 0, 0.5)],
        vec![
            bid("A", 100, &[0.0]),
            bid("B", 150, &[100.0]),
            bid("C", 120, &[82.0]),
        ],
    );
    t.price_weight = 0.5;
    t
}

#[test]
fn relative_scoring_and_rank_reversal_by_hand() {
    // A: 0.5 × 100 + 0 = 50; B: 0.5 × 66.67 + 50 = 83.33;
    // C: 0.5 × 83.33 + 41 = 82.67 → B, C, A.
    // Without A the lowest price is 120: B 0.5 × 80 + 50 = 90,
    // C 0.5 × 100 + 41 = 91 → C before B: rank reversal.
    let t = relative_tender();
    t.validate().unwrap();
    let e = evaluate(&t);
    assert_eq!(e.order, vec!["B", "C", "A"]);
    assert!((e.bids[1].total_points.unwrap() - 83.333_333).abs() < 1e-5);
    assert!((e.bids[2].total_points.unwrap() - 82.666_667).abs() < 1e-5);
    assert!((e.bids[2].price_points.unwrap() - 41.666_667).abs() < 1e-5);
    assert_eq!(e.rank_reversals.len(), 1);
    let rr = &e.rank_reversals[0];
    assert_eq!(rr.removed, "A");
    assert_eq!(rr.order_before, vec!["B", "C"]);
    assert_eq!(rr.order_after, vec!["C", "B"]);
    // Price weight w: A = 100 w, B = 100 − 33.33 w, C = 82 + 1.33 w.
    // B ≥ C while 18 ≥ 34.67 w, i.e. w ≤ 54/104 = 0.519231; B ≥ A while w ≤ 0.75.
    let p = &e.weight_ranges[0];
    assert_eq!(p.parameter, "price");
    assert_eq!(p.low, 0.0);
    assert!((p.high.unwrap() - 54.0 / 104.0).abs() < 1e-9);
    let q = &e.weight_ranges[1];
    assert!((q.low - 50.0 / 104.0).abs() < 1e-9);
    assert!((q.high.unwrap() - 1.0).abs() < 1e-9);
}

#[test]
fn absolute_models_never_reverse() {
    let mut t = relative_tender();
    t.method = Method::ValueDeduction;
    t.criteria[0].deduction = sek(50);
    let e = evaluate(&t);
    assert!(e.rank_reversals.is_empty());
}

#[test]
fn validation_catches_bad_input() {
    let mut t = relative_tender();
    t.price_weight = 0.6;
    t.bids[0].answers = vec![101.0];
    t.bids[1].answers = vec![];
    t.bids[2].co2_level = Some(9);
    t.bids.push(bid("A", 1, &[1.0]));
    let errs = t.validate().unwrap_err();
    assert_eq!(errs.len(), 5, "{errs:?}");
    assert!(errs[0].to_string().contains("summera till 1"));
}

#[test]
fn ties_are_reported() {
    let t = tender(
        Method::LowestPrice,
        vec![],
        vec![bid("A", 10, &[]), bid("B", 10, &[])],
    );
    let e = evaluate(&t);
    assert_eq!(e.winner, "A");
    assert_eq!(e.tied_with_winner, vec!["B"]);
}
