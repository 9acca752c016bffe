//! Monte Carlo over the uncertain parameters and the one-at-a-time tornado.
//!
//! Each draw sets every uncertain [`Param`](super::Param) from its
//! distribution (in the fixed order of [`Model::for_each_param_mut`]) and
//! evaluates the closed-form [`calc::totals`]: no allocation per draw, so
//! 100 000 draws of a five-alternative model take a few milliseconds.

use super::block::{BlockScratch, Columns, Constants, totals_block};
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
    let mut cost_draws: Vec<Column> = (0..n_alt).map(|_| Column::new(draws)).collect();
    let mut co2_draws: Vec<Column> = (0..n_alt).map(|_| Column::new(draws)).collect();
    let mut cheapest = vec![0usize; n_alt];

    // Draws are made and evaluated in blocks, one parameter (and one sum)
    // at a time: tight loops pipeline better than walking the model per draw.
    const BLOCK: usize = 256;
    let slots: Vec<Slot> = samplers.iter().map(|(s, _)| *s).collect();
    let mut block = vec![0.0; BLOCK * samplers.len()];
    let mut scratch = BlockScratch::new(&work, BLOCK);
    let constants = Constants::new(&work, BLOCK);
    let mut cost = vec![vec![0.0; BLOCK]; n_alt];
    let mut co2 = vec![vec![0.0; BLOCK]; n_alt];
    let mut done = 0;
    while done < draws {
        let len = BLOCK.min(draws - done);
        for (col, (_, s)) in block.chunks_exact_mut(BLOCK).zip(&samplers) {
            if let Some(col) = col.get_mut(..len) {
                s.fill(&mut rng, col);
            }
        }
        let cols = Columns {
            slots: &slots,
            data: &block,
            stride: BLOCK,
            len,
            constants: &constants,
        };
        totals_block(&work, &cols, &mut scratch, &mut cost, &mut co2);
        for ((c, e), (cd, ed)) in cost
            .iter()
            .zip(&co2)
            .zip(cost_draws.iter_mut().zip(co2_draws.iter_mut()))
        {
            cd.push_block(c.get(..len).unwrap_or(&[]));
            ed.push_block(e.get(..len).unwrap_or(&[]));
        }
        for d in 0..len {
            let mut best = 0;
            let mut best_cost = f64::INFINITY;
            for (i, c) in cost.iter().enumerate() {
                let x = c.get(d).copied().unwrap_or(f64::INFINITY);
                if x < best_cost {
                    best_cost = x;
                    best = i;
                }
            }
            if let Some(b) = cheapest.get_mut(best) {
                *b += 1;
            }
        }
        done += len;
    }

    let alternatives = work
        .alternatives
        .iter()
        .zip(cost_draws.iter().zip(&co2_draws))
        .zip(&cheapest)
        .map(|((a, (cd, ed)), &wins)| AlternativeSpread {
            id: a.id.clone(),
            total_sek: cd.spread(),
            co2e_kg: ed.spread(),
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
                .iter()
                .map(|c| c.values.iter().map(|&x| f64::from(x)).collect())
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// One result of every draw, stored as f32, with the sum and range kept
/// while the values arrive (saves a pass over the column afterwards).
struct Column {
    values: Vec<f32>,
    sum: f64,
    lo: f32,
    hi: f32,
    nan: bool,
}

impl Column {
    fn new(capacity: usize) -> Column {
        Column {
            values: Vec::with_capacity(capacity),
            sum: 0.0,
            lo: f32::INFINITY,
            hi: f32::NEG_INFINITY,
            nan: false,
        }
    }

    fn push_block(&mut self, xs: &[f64]) {
        let (mut lo, mut hi, mut nan) = (self.lo, self.hi, self.nan);
        let mut sum = 0.0;
        self.values.extend(xs.iter().map(|&x| {
            sum += x;
            let f = x as f32;
            lo = if f < lo { f } else { lo };
            hi = if f > hi { f } else { hi };
            nan |= f.is_nan();
            f
        }));
        self.sum += sum;
        (self.lo, self.hi, self.nan) = (lo, hi, nan);
    }

    fn spread(&self) -> Spread {
        let n = self.values.len();
        if n == 0 {
            return Spread::default();
        }
        let q = quantiles_in_range(&self.values, [0.1, 0.5, 0.9], self.lo, self.hi, self.nan);
        Spread {
            p10: q[0],
            p50: q[1],
            p90: q[2],
            mean: self.sum / n as f64,
        }
    }
}

/// P10/P50/P90 and mean of a column of values.
#[cfg(test)]
fn spread(xs: &[f32]) -> Spread {
    let mut c = Column::new(xs.len());
    let wide: Vec<f64> = xs.iter().map(|&x| f64::from(x)).collect();
    c.push_block(&wide);
    c.spread()
}

/// Exact percentiles (numpy's linear interpolation) without sorting: one
/// pass counts values into equal-width bins, a second collects only the bins
/// that hold the wanted order statistics, which are then selected exactly.
#[cfg(test)]
fn quantiles(xs: &[f32], ps: [f64; 3]) -> [f64; 3] {
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    let mut nan = false;
    for &x in xs {
        lo = if x < lo { x } else { lo };
        hi = if x > hi { x } else { hi };
        nan |= x.is_nan();
    }
    quantiles_in_range(xs, ps, lo, hi, nan)
}

/// [`quantiles`] with the range (and whether a NaN occurs) already known.
fn quantiles_in_range(xs: &[f32], ps: [f64; 3], lo: f32, hi: f32, nan: bool) -> [f64; 3] {
    const BINS: usize = 2048;
    let n = xs.len();
    let mut out = [f64::NAN; 3];
    if n == 0 {
        return out;
    }
    if nan || !(lo.is_finite() && hi.is_finite()) {
        return quantiles_by_selection(xs, ps);
    }
    if hi == lo {
        return [f64::from(lo); 3];
    }
    let (lo, hi) = (f64::from(lo), f64::from(hi));
    // Values map to 0..=BINS-1 by rounding (x − lo)·scale to the nearest
    // integer with the 2^52 trick: adding 1.5·2^52 leaves the integer in the
    // low mantissa bits. The map is monotone, which is all binning needs, and
    // costs no float-to-integer conversion; the mask keeps every index in
    // range (BINS is a power of two), so the loops need no bounds checks.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let scale = (BINS - 1) as f64 / (hi - lo);
    let bin = |x: f32| ((f64::from(x) - lo) * scale + ROUND).to_bits() as usize & (BINS - 1);
    let mut counts = [0u32; BINS];
    for &x in xs {
        counts[bin(x)] += 1;
    }
    // The order statistics needed: floor(h) and the one above it.
    let mut ranks = Vec::with_capacity(6);
    for p in ps {
        let h = (n - 1) as f64 * p;
        let k = h.floor() as usize;
        ranks.push(k.min(n - 1));
        ranks.push((k + 1).min(n - 1));
    }
    // Bin of each rank and the rank's position inside its bin.
    let mut starts = vec![0usize; BINS + 1];
    for (b, &c) in counts.iter().enumerate() {
        starts[b + 1] = starts[b] + c as usize;
    }
    let locate = |k: usize| starts.partition_point(|&s| s <= k).saturating_sub(1);
    let wanted: Vec<usize> = ranks.iter().map(|&k| locate(k)).collect();
    let mut members: Vec<(usize, Vec<f32>)> = Vec::new();
    // Bin → index into `members` (u8::MAX: not wanted), for an O(1) test.
    let mut slot = [u8::MAX; BINS];
    for &b in &wanted {
        if !members.iter().any(|(m, _)| *m == b) {
            slot[b & (BINS - 1)] = members.len() as u8;
            members.push((
                b,
                Vec::with_capacity(counts.get(b).map_or(0, |&c| c as usize)),
            ));
        }
    }
    for &x in xs {
        let k = slot[bin(x)];
        if k != u8::MAX
            && let Some((_, v)) = members.get_mut(k as usize)
        {
            v.push(x);
        }
    }
    let mut value = |k: usize, b: usize| -> f64 {
        let start = starts.get(b).copied().unwrap_or(0);
        match members.iter_mut().find(|(m, _)| *m == b) {
            Some((_, v)) if k >= start && k - start < v.len() => {
                f64::from(*v.select_nth_unstable_by(k - start, f32::total_cmp).1)
            }
            _ => f64::NAN,
        }
    };
    for (i, p) in ps.into_iter().enumerate() {
        let h = (n - 1) as f64 * p;
        let frac = h - h.floor();
        let (k0, k1) = (ranks[2 * i], ranks[2 * i + 1]);
        let x0 = value(k0, wanted[2 * i]);
        let x1 = value(k1, wanted[2 * i + 1]);
        out[i] = x0 + (x1 - x0) * frac;
    }
    out
}

/// Reference implementation (and the fallback for non-finite values).
fn quantiles_by_selection(xs: &[f32], ps: [f64; 3]) -> [f64; 3] {
    let mut v = xs.to_vec();
    let n = v.len();
    let mut out = [f64::NAN; 3];
    for (o, p) in out.iter_mut().zip(ps) {
        if n == 0 {
            break;
        }
        let h = (n - 1) as f64 * p;
        let k = (h.floor() as usize).min(n - 1);
        let x0 = f64::from(*v.select_nth_unstable_by(k, f32::total_cmp).1);
        let x1 = if k + 1 < n {
            f64::from(*v.select_nth_unstable_by(k + 1, f32::total_cmp).1)
        } else {
            x0
        };
        *o = x0 + (x1 - x0) * (h - h.floor());
    }
    out
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
        let xs: Vec<f32> = (1..=10).rev().map(|x| x as f32).collect();
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
    fn binned_quantiles_equal_selection() {
        let mut rng = crate::lcc::dist::Rng::seed(5);
        for n in [1usize, 2, 3, 10, 101, 5000] {
            let xs: Vec<f32> = (0..n).map(|_| rng.standard_normal().exp() as f32).collect();
            let ps = [0.1, 0.5, 0.9];
            assert_eq!(quantiles(&xs, ps), quantiles_by_selection(&xs, ps), "n={n}");
        }
        // Heavy ties and a single outlier that squeezes everything into one bin.
        let mut xs = vec![1.0f32; 1000];
        xs.push(1e12);
        xs.extend((0..500).map(|x| x as f32));
        let ps = [0.1, 0.5, 0.9];
        assert_eq!(quantiles(&xs, ps), quantiles_by_selection(&xs, ps));
        assert_eq!(
            quantiles(&[f32::NAN, 1.0], ps)[0].is_nan(),
            quantiles_by_selection(&[f32::NAN, 1.0], ps)[0].is_nan()
        );
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
