//! Monte Carlo over the uncertain parameters and the one-at-a-time tornado.
//!
//! Each draw sets every uncertain [`Param`](super::Param) from its
//! distribution (in the fixed order of [`Model::for_each_param_mut`]) and
//! evaluates the closed-form [`calc::totals`]: no allocation per draw, so
//! 100 000 draws of a five-alternative model take a few milliseconds.

use super::calc::{self, Scratch};
use super::dist::{Rng, Sampler};
use super::{Model, ParamOwner, Slot};
use serde::Serialize;

pub const DEFAULT_DRAWS: usize = 10_000;
pub const DEFAULT_SEED: u64 = 20_090_423;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub draws: usize,
    pub seed: u64,
    /// Keep every draw's total per alternative (for histograms).
    pub keep_draws: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            draws: DEFAULT_DRAWS,
            seed: DEFAULT_SEED,
            keep_draws: false,
        }
    }
}

/// Percentiles computed like numpy's default (linear interpolation between
/// order statistics, h = (n - 1) p).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeSpread {
    pub id: String,
    /// Total present value incl. priced externalities, SEK.
    pub total_sek: Spread,
    pub co2e_kg: Spread,
    /// Share of draws in which this alternative has the lowest total.
    pub probability_cheapest: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarlo {
    pub draws: usize,
    pub seed: u64,
    pub uncertain_parameters: usize,
    pub alternatives: Vec<AlternativeSpread>,
    /// Per alternative, every draw's total (only with `keep_draws`).
    #[serde(skip)]
    pub totals: Vec<Vec<f64>>,
}

/// Runs the simulation. Without uncertain parameters every draw equals the
/// reference case. The model should have passed validation.
pub fn monte_carlo(model: &Model, opts: Options) -> MonteCarlo {
    let mut work = model.clone();
    let mut samplers: Vec<(Slot, Sampler)> = Vec::new();
    work.for_each_param_mut(|_, _, slot, p| {
        if let Some(d) = p.dist {
            samplers.push((slot, d.sampler()));
        }
    });
    let n_alt = work.alternatives.len();
    let draws = opts.draws.max(1);
    let mut rng = Rng::seed(opts.seed);
    let mut scratch = Scratch::new(&work);
    let mut cost = vec![0.0; n_alt];
    let mut co2 = vec![0.0; n_alt];
    let mut cost_draws: Vec<Vec<f64>> = (0..n_alt).map(|_| Vec::with_capacity(draws)).collect();
    let mut co2_draws: Vec<Vec<f64>> = (0..n_alt).map(|_| Vec::with_capacity(draws)).collect();
    let mut cheapest = vec![0usize; n_alt];

    for _ in 0..draws {
        for (slot, s) in &samplers {
            if let Some(p) = work.param_mut(*slot) {
                p.value = s.sample(&mut rng);
            }
        }
        calc::totals(&work, &mut scratch, &mut cost, &mut co2);
        let mut best = 0;
        let mut best_cost = f64::INFINITY;
        for (i, ((&c, &e), (cd, ed))) in cost
            .iter()
            .zip(&co2)
            .zip(cost_draws.iter_mut().zip(co2_draws.iter_mut()))
            .enumerate()
        {
            cd.push(c);
            ed.push(e);
            if c < best_cost {
                best_cost = c;
                best = i;
            }
        }
        if let Some(b) = cheapest.get_mut(best) {
            *b += 1;
        }
    }

    let alternatives = work
        .alternatives
        .iter()
        .zip(cost_draws.iter().zip(&co2_draws))
        .zip(&cheapest)
        .map(|((a, (cd, ed)), &wins)| AlternativeSpread {
            id: a.id.clone(),
            total_sek: spread(cd),
            co2e_kg: spread(ed),
            probability_cheapest: wins as f64 / draws as f64,
        })
        .collect();
    MonteCarlo {
        draws,
        seed: opts.seed,
        uncertain_parameters: samplers.len(),
        alternatives,
        totals: if opts.keep_draws {
            cost_draws
        } else {
            Vec::new()
        },
    }
}

/// P10/P50/P90 and mean; `xs` stays in draw order.
fn spread(xs: &[f64]) -> Spread {
    let n = xs.len();
    if n == 0 {
        return Spread::default();
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    // Select on integer keys ordered like f64::total_cmp: one conversion
    // per value instead of one per comparison.
    let keys: &mut [i64] = &mut xs.iter().map(|&x| order_key(x)).collect::<Vec<_>>();
    let mut out = [0.0; 3];
    // Progressive selection: each percentile's index is above the last, so
    // only the right-hand part needs partitioning again.
    let mut start = 0;
    for (o, p) in out.iter_mut().zip([0.1, 0.5, 0.9]) {
        let h = (n - 1) as f64 * p;
        let lo = (h.floor() as usize).clamp(start, n - 1);
        let frac = h - lo as f64;
        let rest = keys.get_mut(start..).unwrap_or_default();
        let (_, &mut k_lo, right) = rest.select_nth_unstable(lo - start);
        let x_lo = from_order_key(k_lo);
        let x_hi = if frac > 0.0 {
            right.iter().copied().min().map_or(x_lo, from_order_key)
        } else {
            x_lo
        };
        *o = x_lo + (x_hi - x_lo) * frac;
        start = lo;
    }
    Spread {
        p10: out[0],
        p50: out[1],
        p90: out[2],
        mean,
    }
}

/// The integer whose order is `f64::total_cmp`'s order.
#[inline]
fn order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ ((((b >> 63) as u64) >> 1) as i64)
}

#[inline]
fn from_order_key(k: i64) -> f64 {
    // The map is its own inverse (the sign bit is kept).
    f64::from_bits(order_key(f64::from_bits(k as u64)) as u64)
}

/// Equal-width histogram of `xs` (for the report): `(lower edge, width, counts)`.
pub fn histogram(xs: &[f64], bins: usize) -> (f64, f64, Vec<usize>) {
    let bins = bins.max(1);
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut counts = vec![0; bins];
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 0.0, counts);
    }
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    for &x in xs {
        let i = (((x - lo) / width) as usize).min(bins - 1);
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    (lo, width, counts)
}

/// One bar of the tornado: an uncertain parameter set to its P10 and P90
/// with everything else at the reference case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// `owner.field`, e.g. `carriers.el.price_sek_per_unit`.
    pub parameter: String,
    pub base_value: f64,
    pub low_value: f64,
    pub high_value: f64,
    /// Total per alternative with the parameter at its P10 / P90.
    pub low_total_sek: Vec<f64>,
    pub high_total_sek: Vec<f64>,
}

impl TornadoBar {
    /// Largest change in any alternative's total.
    pub fn swing(&self) -> f64 {
        self.low_total_sek
            .iter()
            .zip(&self.high_total_sek)
            .map(|(l, h)| (h - l).abs())
            .fold(0.0, f64::max)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    pub alternatives: Vec<String>,
    pub base_total_sek: Vec<f64>,
    /// Widest swing first.
    pub bars: Vec<TornadoBar>,
}

fn label(owner: ParamOwner<'_>, name: &str) -> String {
    match owner {
        ParamOwner::Model => name.to_string(),
        ParamOwner::Carrier(id) => format!("carriers.{id}.{name}"),
        ParamOwner::Pollutant(id) => format!("pollutants.{id}.{name}"),
        ParamOwner::Alternative(id) => format!("alternatives.{id}.{name}"),
    }
}

/// One-at-a-time sensitivity around the reference case.
pub fn tornado(model: &Model) -> Tornado {
    let mut work = model.clone();
    let n_alt = work.alternatives.len();
    let mut scratch = Scratch::new(&work);
    let mut co2 = vec![0.0; n_alt];
    let mut base = vec![0.0; n_alt];
    calc::totals(&work, &mut scratch, &mut base, &mut co2);

    let mut uncertain = Vec::new();
    work.for_each_param_mut(|owner, name, slot, p| {
        if let Some(d) = p.dist {
            uncertain.push((label(owner, name), slot, p.value, d));
        }
    });
    let mut bars = Vec::with_capacity(uncertain.len());
    for (parameter, slot, base_value, d) in uncertain {
        let mut run = |x: f64| {
            if let Some(p) = work.param_mut(slot) {
                p.value = x;
            }
            let mut out = vec![0.0; n_alt];
            calc::totals(&work, &mut scratch, &mut out, &mut co2);
            out
        };
        let (low_value, high_value) = (d.p10_p90(false), d.p10_p90(true));
        let low_total_sek = run(low_value);
        let high_total_sek = run(high_value);
        if let Some(p) = work.param_mut(slot) {
            p.value = base_value;
        }
        bars.push(TornadoBar {
            parameter,
            base_value,
            low_value,
            high_value,
            low_total_sek,
            high_total_sek,
        });
    }
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Tornado {
        alternatives: work.alternatives.iter().map(|a| a.id.clone()).collect(),
        base_total_sek: base,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lcc::calc::tests::two_alternatives;
    use crate::lcc::{Distribution, Param};

    #[test]
    fn percentiles_match_numpy_linear() {
        // numpy.percentile([1..=10], [10, 50, 90]) = [1.9, 5.5, 9.1]
        let xs: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let s = spread(&xs);
        assert!((s.p10 - 1.9).abs() < 1e-12);
        assert!((s.p50 - 5.5).abs() < 1e-12);
        assert!((s.p90 - 9.1).abs() < 1e-12);
        assert!((s.mean - 5.5).abs() < 1e-12);
        let one = vec![4.0];
        assert_eq!(spread(&one).p90, 4.0);
        let neg = [-3.0, 2.0, -1.0, 0.0, -0.0];
        assert_eq!(spread(&neg).p50, -0.0);
        assert_eq!(spread(&neg).p10, -2.2);
    }

    #[test]
    fn certain_model_reproduces_the_reference_case() {
        let m = two_alternatives();
        let mc = monte_carlo(&m, Options::default());
        assert_eq!(mc.uncertain_parameters, 0);
        // ref 350, alt 300 (see calc tests): alt always cheapest.
        assert!((mc.alternatives[0].total_sek.p50 - 350.0).abs() < 1e-9);
        assert!((mc.alternatives[1].total_sek.p90 - 300.0).abs() < 1e-9);
        assert_eq!(mc.alternatives[1].probability_cheapest, 1.0);
        assert_eq!(tornado(&m).bars.len(), 0);
    }

    #[test]
    fn uniform_investment_by_hand() {
        // ref totals 350 for sure; alt = investment + 5 × 20 with the
        // investment U(100, 300), so alt ~ U(200, 400):
        // P(alt < 350) = 150/200 = 0.75, P10 = 220, P50 = 300, P90 = 380.
        let mut m = two_alternatives();
        m.alternatives[1].investment_sek = Param::uncertain(Distribution::Uniform {
            min: 100.0,
            max: 300.0,
        });
        let mc = monte_carlo(
            &m,
            Options {
                draws: 100_000,
                seed: 1,
                keep_draws: true,
            },
        );
        let a = &mc.alternatives[1];
        assert!((a.probability_cheapest - 0.75).abs() < 0.01);
        assert!((a.total_sek.p10 - 220.0).abs() < 2.0);
        assert!((a.total_sek.p50 - 300.0).abs() < 2.0);
        assert!((a.total_sek.p90 - 380.0).abs() < 2.0);
        assert_eq!(mc.totals[1].len(), 100_000);
        // Same seed, same answer; another seed, another.
        let again = monte_carlo(
            &m,
            Options {
                draws: 100_000,
                seed: 1,
                keep_draws: false,
            },
        );
        assert_eq!(again.alternatives, mc.alternatives);
        let other = monte_carlo(
            &m,
            Options {
                draws: 100_000,
                seed: 2,
                keep_draws: false,
            },
        );
        assert_ne!(other.alternatives[1].total_sek, a.total_sek);

        // Tornado: investment at P10 = 120 and P90 = 280 → alt 220 and 380.
        let t = tornado(&m);
        assert_eq!(t.bars.len(), 1);
        let b = &t.bars[0];
        assert_eq!(b.parameter, "alternatives.alt.investment_sek");
        assert!((b.low_total_sek[1] - 220.0).abs() < 1e-9);
        assert!((b.high_total_sek[1] - 380.0).abs() < 1e-9);
        assert!((b.low_total_sek[0] - 350.0).abs() < 1e-9);
        assert!((t.base_total_sek[1] - 300.0).abs() < 1e-9);

        let (lo, w, counts) = histogram(&mc.totals[1], 10);
        assert_eq!(counts.iter().sum::<usize>(), 100_000);
        assert!((lo - 200.0).abs() < 0.1 && (w - 20.0).abs() < 0.1);
    }
}
