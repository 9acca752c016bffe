//! Monte Carlo benchmark: 100 000 draws × 5 alternatives × 20 years with an
//! uncertain energy price, real price change, discount rate and energy use
//! per alternative. `bench/lcc_montecarlo/numpy_montecarlo.py` does the same
//! work; `bench/lcc_montecarlo/run.sh` runs both.
//!
//! Usage: cargo run --release -p upphandla-core --example lcc_montecarlo [draws] [repeats]

use std::time::Instant;
use upphandla_core::lcc::uncertainty::{Options, monte_carlo};
use upphandla_core::lcc::{Alternative, Carrier, Distribution, EnergyUse, Model, Param};

/// The benchmark model; the numpy script hard-codes the same numbers.
fn model() -> Model {
    let alt = |i: usize, investment: f64, kwh: f64, maintenance: f64| Alternative {
        id: format!("alt{i}"),
        name: format!("Alternativ {i}"),
        quantity: 1.0,
        investment_sek: Param::fixed(investment),
        installation_sek: Param::ZERO,
        lifetime_years: 20,
        activity_per_year: Param::fixed(1.0),
        activity_unit: String::new(),
        energy: vec![EnergyUse {
            carrier: 0,
            amount: Param::uncertain(Distribution::Normal {
                mean: kwh,
                sd: kwh * 0.1,
            }),
            per_activity: false,
        }],
        maintenance_sek_per_year: Param::fixed(maintenance),
        replacements: vec![],
        residual_value_sek: Some(Param::ZERO),
        disposal_cost_sek: Param::ZERO,
        embodied_kg_co2e: Param::ZERO,
        pollutants: vec![],
    };
    Model {
        name: "bench".into(),
        period_years: 20,
        discount_rate: Param::uncertain(Distribution::Triangular {
            min: 0.01,
            mode: 0.035,
            max: 0.06,
        }),
        co2_price_sek_per_kg: Param::ZERO,
        carriers: vec![Carrier {
            id: "el".into(),
            name: "El".into(),
            unit: "kWh".into(),
            kwh_per_unit: Some(1.0),
            price_sek_per_unit: Param::uncertain(Distribution::Lognormal { mean: 1.2, sd: 0.3 }),
            price_change: Param::uncertain(Distribution::Uniform {
                min: -0.01,
                max: 0.03,
            }),
            kg_co2e_per_unit: Param::fixed(0.036),
            source: "bench".into(),
        }],
        pollutants: vec![],
        alternatives: vec![
            alt(1, 100_000.0, 20_000.0, 2_000.0),
            alt(2, 130_000.0, 15_000.0, 2_500.0),
            alt(3, 160_000.0, 11_000.0, 3_000.0),
            alt(4, 190_000.0, 8_000.0, 3_500.0),
            alt(5, 220_000.0, 6_000.0, 4_000.0),
        ],
        reference: Some(0),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let draws: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let repeats: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let m = model();
    if let Err(e) = m.validate() {
        eprintln!("{e:?}");
        std::process::exit(2);
    }
    let opts = Options {
        draws,
        seed: 42,
        keep_draws: false,
    };
    let mut times = Vec::with_capacity(repeats);
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        let r = monte_carlo(&m, opts);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    if let Some(r) = last {
        for a in &r.alternatives {
            println!(
                "{}: P10 {:.0} P50 {:.0} P90 {:.0} SEK, P(cheapest) {:.3}",
                a.id, a.total_sek.p10, a.total_sek.p50, a.total_sek.p90, a.probability_cheapest
            );
        }
    }
    println!(
        "rust: {draws} draws x 5 alternatives x 20 years: median {median:.2} ms, min {:.2} ms over {} runs",
        times[0],
        times.len()
    );
}
