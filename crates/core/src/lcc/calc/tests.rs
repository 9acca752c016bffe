use super::*;
use crate::lcc::{
    Alternative, Carrier, EnergyUse, Model, Param, Pollutant, PollutantEmission, Replacement,
};

fn p(v: f64) -> Param {
    Param::fixed(v)
}

fn carrier(price: f64, change: f64, ef: f64) -> Carrier {
    Carrier {
        id: "el".into(),
        name: "El".into(),
        unit: "kWh".into(),
        kwh_per_unit: Some(1.0),
        price_sek_per_unit: p(price),
        price_change: p(change),
        kg_co2e_per_unit: p(ef),
        source: String::new(),
    }
}

pub(crate) fn alt(id: &str, investment: f64, lifetime: u32, kwh: f64) -> Alternative {
    Alternative {
        id: id.into(),
        name: id.into(),
        quantity: 1.0,
        investment_sek: p(investment),
        installation_sek: Param::ZERO,
        lifetime_years: lifetime,
        activity_per_year: p(1.0),
        activity_unit: String::new(),
        energy: vec![EnergyUse {
            carrier: 0,
            amount: p(kwh),
            per_activity: false,
        }],
        maintenance_sek_per_year: Param::ZERO,
        replacements: vec![],
        residual_value_sek: None,
        disposal_cost_sek: Param::ZERO,
        embodied_kg_co2e: Param::ZERO,
        pollutants: vec![],
    }
}

fn model(n: u32, r: f64, c: Carrier, alts: Vec<Alternative>) -> Model {
    Model {
        name: "test".into(),
        period_years: n,
        discount_rate: p(r),
        co2_price_sek_per_kg: Param::ZERO,
        carriers: vec![c],
        pollutants: vec![],
        alternatives: alts,
        reference: None,
    }
}

fn check_totals_agree(m: &Model) {
    let res = evaluate(m);
    let mut cost = vec![0.0; m.alternatives.len()];
    let mut co2 = vec![0.0; m.alternatives.len()];
    totals(m, &mut Scratch::new(m), &mut cost, &mut co2);
    for (a, (c, k)) in res.alternatives.iter().zip(cost.iter().zip(&co2)) {
        assert!((a.total_sek - c).abs() < 0.006, "{} vs {c}", a.total_sek);
        assert!(
            (a.co2e_total_kg - k).abs() < 1e-6,
            "{} vs {k}",
            a.co2e_total_kg
        );
    }
}

#[test]
fn annuity_case_by_hand() {
    // 2 units × (1000 + 110 × (1/1.05 + 1/1.05² + 1/1.05³)) = 2 × 1299.5572832 = 2599.11
    let mut a = alt("a", 1000.0, 3, 100.0);
    a.quantity = 2.0;
    a.maintenance_sek_per_year = p(10.0);
    let m = model(3, 0.05, carrier(1.0, 0.0, 0.1), vec![a]);
    let r = evaluate(&m);
    let x = &r.alternatives[0];
    assert_eq!(x.total_sek, 2599.11);
    assert_eq!(x.present_value.investment, 2000.0);
    assert_eq!(x.present_value.energy, 544.65); // 2 × 100 × 2.723248 = 544.6496
    assert_eq!(x.present_value.maintenance, 54.46);
    assert_eq!(x.co2e_operational_kg, 60.0);
    assert_eq!(x.energy_kwh, 600.0);
    assert_eq!(x.purchases, 1);
    assert_eq!(x.cash_flow.len(), 4);
    assert_eq!(x.cash_flow[1].total, 220.0);
    assert_eq!(x.cash_flow[3].cumulative_present_value, 2599.11);
    check_totals_agree(&m);
}

#[test]
fn repurchase_disposal_and_embodied_by_hand() {
    // N=4, L=2, r=0: bought at 0 and 2 (2 × 120), disposal 5 at year 2 and
    // 5 at year 4 (no residual: the period ends with a life), embodied
    // 2 × 50 kg priced at 2 SEK/kg = 200. Total 240 + 10 + 200 = 450.
    let mut a = alt("a", 100.0, 2, 0.0);
    a.installation_sek = p(20.0);
    a.disposal_cost_sek = p(5.0);
    a.embodied_kg_co2e = p(50.0);
    let mut m = model(4, 0.0, carrier(1.0, 0.0, 0.0), vec![a.clone()]);
    m.co2_price_sek_per_kg = p(2.0);
    let r = evaluate(&m);
    let x = &r.alternatives[0];
    assert_eq!(x.purchases, 2);
    assert_eq!(x.present_value.investment, 240.0);
    assert_eq!(x.present_value.end_of_life, 10.0);
    assert_eq!(x.present_value.externalities, 200.0);
    assert_eq!(x.total_sek, 450.0);
    assert_eq!(x.lcc_sek, 250.0);
    assert_eq!(x.co2e_embodied_kg, 100.0);
    check_totals_agree(&m);

    // N=5: bought at 0, 2, 4; residual straight-line 100 × 1/2 = 50;
    // end of life 5 + 5 + (5 - 50) = -35; investment 360; embodied 3 × 50.
    m.period_years = 5;
    let r = evaluate(&m);
    let x = &r.alternatives[0];
    assert_eq!(x.purchases, 3);
    assert_eq!(x.residual_value_sek, 50.0);
    assert_eq!(x.present_value.end_of_life, -35.0);
    assert_eq!(x.present_value.investment, 360.0);
    assert_eq!(x.total_sek, 360.0 - 35.0 + 300.0);
    check_totals_agree(&m);
}

#[test]
fn price_change_replacement_and_residual_by_hand() {
    // r = g = 10 %: each year's energy cost discounts back to 1000 × 0.5.
    // Replacement 121 in year 2 → 100; residual 242 in year 2 → -200.
    let mut a = alt("a", 500.0, 10, 1000.0);
    a.replacements = vec![Replacement {
        label: "batteri".into(),
        year: 2,
        cost_sek: p(121.0),
    }];
    a.residual_value_sek = Some(p(242.0));
    let m = model(2, 0.1, carrier(0.5, 0.1, 0.0), vec![a]);
    let x = &evaluate(&m).alternatives[0];
    assert_eq!(x.present_value.energy, 1000.0);
    assert_eq!(x.present_value.replacements, 100.0);
    assert_eq!(x.present_value.end_of_life, -200.0);
    assert_eq!(x.total_sek, 1400.0);
    // Undiscounted year-2 energy: 1000 × 0.5 × 1.1² = 605.
    assert_eq!(x.cash_flow[2].cost.energy, 605.0);
    check_totals_agree(&m);
}

/// r = 0, N = 5, 1 SEK/kWh, 1 kg/kWh.
/// ref: 100 + 5 × 50 = 350 SEK, 250 kg; alt: 200 + 5 × 20 = 300 SEK, 100 kg.
pub(crate) fn two_alternatives() -> Model {
    let mut m = model(
        5,
        0.0,
        carrier(1.0, 0.0, 1.0),
        vec![alt("ref", 100.0, 5, 50.0), alt("alt", 200.0, 5, 20.0)],
    );
    m.reference = Some(0);
    m
}

#[test]
fn abatement_cost_and_break_even_by_hand() {
    // extra -50 SEK for 0.15 t avoided: -333.33 SEK/t. Cumulative ref
    // 100 150 200 250 300 350, alt 200 220 240 260 280 300: break-even year 4.
    let m = two_alternatives();
    let r = evaluate(&m);
    assert_eq!(r.cheapest, "alt");
    assert_eq!(r.reference.as_deref(), Some("ref"));
    let alt = &r.alternatives[1];
    assert_eq!(alt.rank, 1);
    let v = alt.vs_reference.as_ref().unwrap();
    assert_eq!(v.extra_cost_sek, -50.0);
    assert_eq!(v.co2e_avoided_kg, 150.0);
    assert_eq!(v.abatement_cost_sek_per_tonne, Some(-333.33));
    assert_eq!(v.break_even_year, Some(4));
    assert!(r.alternatives[0].vs_reference.is_none());
    check_totals_agree(&m);
}

#[test]
fn activity_pollutants_and_externalities_agree() {
    // Everything switched on, with a price change: the closed form must match
    // the year-by-year loop.
    let mut a = alt("bil", 300_000.0, 4, 0.0);
    a.activity_per_year = p(15_000.0);
    a.activity_unit = "km".into();
    a.energy = vec![EnergyUse {
        carrier: 0,
        amount: p(0.18),
        per_activity: true,
    }];
    a.pollutants = vec![PollutantEmission {
        pollutant: 0,
        kg: p(0.00002),
        per_activity: true,
    }];
    a.maintenance_sek_per_year = p(4_000.0);
    a.installation_sek = p(10_000.0);
    a.embodied_kg_co2e = p(8_000.0);
    a.disposal_cost_sek = p(1_000.0);
    a.quantity = 3.0;
    let mut m = model(10, 0.035, carrier(1.5, 0.02, 0.04), vec![a]);
    m.co2_price_sek_per_kg = p(1.5);
    m.pollutants = vec![Pollutant {
        id: "nox".into(),
        name: "NOx".into(),
        price_sek_per_kg: p(50.0),
        source: String::new(),
    }];
    check_totals_agree(&m);
    let x = &evaluate(&m).alternatives[0];
    assert_eq!(x.purchases, 3);
    // 0.18 kWh/km × 15 000 km × 10 years × 3 cars
    assert!((x.energy_kwh - 81_000.0).abs() < 1e-6);
    assert!((x.pollutants[0].kg - 9.0).abs() < 1e-9);
}

#[test]
fn validation_lists_problems() {
    let mut m = model(0, 0.03, carrier(1.0, 0.0, 0.0), vec![alt("a", 1.0, 0, 1.0)]);
    m.alternatives.push(alt("a", 1.0, 1, 1.0));
    m.reference = Some(5);
    let errs = m.validate().unwrap_err();
    assert_eq!(errs.len(), 4, "{errs:?}");
    m.period_years = 3;
    m.alternatives[0].lifetime_years = 1;
    m.alternatives[1].id = "b".into();
    m.reference = Some(1);
    assert!(m.validate().is_ok());
}

#[test]
fn every_visited_slot_addresses_its_parameter() {
    let mut m = two_alternatives();
    m.alternatives[1].replacements.push(Replacement {
        label: "x".into(),
        year: 1,
        cost_sek: p(1.0),
    });
    m.alternatives[1].residual_value_sek = Some(p(1.0));
    m.pollutants.push(Pollutant {
        id: "nox".into(),
        name: "NOx".into(),
        price_sek_per_kg: p(1.0),
        source: String::new(),
    });
    m.alternatives[0].pollutants.push(PollutantEmission {
        pollutant: 0,
        kg: p(1.0),
        per_activity: false,
    });
    let mut slots = Vec::new();
    let mut k = 0.0;
    m.for_each_param_mut(|_, _, slot, prm| {
        k += 1.0;
        prm.value = k;
        slots.push((slot, k));
    });
    assert_eq!(slots.len(), 2 + 3 + 1 + 2 * 7 + 1 + 1 + 1);
    for (slot, v) in slots {
        assert_eq!(m.param_mut(slot).map(|x| x.value), Some(v), "{slot:?}");
    }
}
