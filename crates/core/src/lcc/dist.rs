//! Distributions for uncertain parameters and a small, fast, seeded PRNG.
//!
//! Hand-written rather than `rand`/`rand_distr`: four samplers are a few
//! lines each, the stream is fixed forever by this file (results stay
//! reproducible across dependency upgrades), and the core stays lean.

use serde::Serialize;

/// z such that Φ(z) = 0.9 (the 90th percentile of the standard normal).
pub const Z90: f64 = 1.281_551_565_544_600_4;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Distribution {
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Given by the mean and standard deviation of the value itself (not of
    /// its logarithm), which is how prices and uses are usually described.
    Lognormal {
        mean: f64,
        sd: f64,
    },
}

impl Distribution {
    /// The reference-case value when the model gives none: the mode of a
    /// triangular, the midpoint of a uniform, the mean of a normal and the
    /// median of a lognormal.
    pub fn base_value(&self) -> f64 {
        match *self {
            Distribution::Triangular { mode, .. } => mode,
            Distribution::Uniform { min, max } => (min + max) / 2.0,
            Distribution::Normal { mean, .. } => mean,
            Distribution::Lognormal { .. } => {
                let (mu, _) = self.log_params();
                mu.exp()
            }
        }
    }

    /// μ and σ of ln X for the lognormal (0, 0 otherwise).
    fn log_params(&self) -> (f64, f64) {
        match *self {
            Distribution::Lognormal { mean, sd } => {
                let s2 = (1.0 + (sd / mean).powi(2)).ln();
                (mean.ln() - s2 / 2.0, s2.sqrt())
            }
            _ => (0.0, 0.0),
        }
    }

    /// Swedish message when the parameters make no distribution.
    pub fn check(&self) -> Result<(), String> {
        let finite = |xs: &[f64]| xs.iter().all(|x| x.is_finite());
        match *self {
            Distribution::Triangular { min, mode, max } => {
                if !(finite(&[min, mode, max]) && min <= mode && mode <= max && min < max) {
                    return Err(format!(
                        "triangelfördelningen kräver min ≤ mode ≤ max och min < max (fick {min}, {mode}, {max})"
                    ));
                }
            }
            Distribution::Uniform { min, max } => {
                if !finite(&[min, max]) || min >= max {
                    return Err(format!(
                        "likformig fördelning kräver min < max (fick {min}, {max})"
                    ));
                }
            }
            Distribution::Normal { mean, sd } => {
                if !finite(&[mean, sd]) || sd < 0.0 {
                    return Err(format!("normalfördelningen kräver sd ≥ 0 (fick {sd})"));
                }
            }
            Distribution::Lognormal { mean, sd } => {
                if !finite(&[mean, sd]) || mean <= 0.0 || sd < 0.0 {
                    return Err(format!(
                        "lognormalfördelningen kräver mean > 0 och sd ≥ 0 (fick {mean}, {sd})"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The smallest value a draw can take, where bounded below.
    pub fn lower_bound(&self) -> Option<f64> {
        match *self {
            Distribution::Triangular { min, .. } | Distribution::Uniform { min, .. } => Some(min),
            Distribution::Normal { .. } => None,
            Distribution::Lognormal { .. } => Some(0.0),
        }
    }

    /// The p-quantile for p = 0.1 (`high = false`) or 0.9 (`high = true`):
    /// the low and high ends of the tornado.
    pub fn p10_p90(&self, high: bool) -> f64 {
        let p = if high { 0.9 } else { 0.1 };
        match *self {
            Distribution::Triangular { min, mode, max } => triangular_inv(min, mode, max, p),
            Distribution::Uniform { min, max } => min + (max - min) * p,
            Distribution::Normal { mean, sd } => mean + sd * if high { Z90 } else { -Z90 },
            Distribution::Lognormal { .. } => {
                let (mu, s) = self.log_params();
                (mu + s * if high { Z90 } else { -Z90 }).exp()
            }
        }
    }

    /// A sampler with the derived constants precomputed, for the hot loop.
    pub fn sampler(&self) -> Sampler {
        match *self {
            Distribution::Triangular { min, mode, max } => Sampler::Triangular {
                min,
                max,
                fc: (mode - min) / (max - min),
                a: (max - min) * (mode - min),
                b: (max - min) * (max - mode),
            },
            Distribution::Uniform { min, max } => Sampler::Uniform {
                min,
                width: max - min,
            },
            Distribution::Normal { mean, sd } => Sampler::Normal { mean, sd },
            Distribution::Lognormal { .. } => {
                let (mu, sigma) = self.log_params();
                Sampler::Lognormal { mu, sigma }
            }
        }
    }
}

/// Inverse CDF of the triangular distribution, without a branch: both
/// halves are computed and one is selected, which is cheaper than a
/// mispredicted jump on a random `u`.
#[inline(always)]
fn triangular(u: f64, min: f64, max: f64, fc: f64, a: f64, b: f64) -> f64 {
    let left = min + (u * a).sqrt();
    let right = max - ((1.0 - u) * b).sqrt();
    if u < fc { left } else { right }
}

fn triangular_inv(min: f64, mode: f64, max: f64, u: f64) -> f64 {
    let fc = (mode - min) / (max - min);
    if u < fc {
        min + (u * (max - min) * (mode - min)).sqrt()
    } else {
        max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Sampler {
    Triangular {
        min: f64,
        max: f64,
        fc: f64,
        a: f64,
        b: f64,
    },
    Uniform {
        min: f64,
        width: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    Lognormal {
        mu: f64,
        sigma: f64,
    },
}

impl Sampler {
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Sampler::Triangular { min, max, fc, a, b } => {
                triangular(rng.next_f64(), min, max, fc, a, b)
            }
            Sampler::Uniform { min, width } => min + width * rng.next_f64(),
            Sampler::Normal { mean, sd } => mean + sd * rng.standard_normal(),
            Sampler::Lognormal { mu, sigma } => (mu + sigma * rng.standard_normal()).exp(),
        }
    }

    /// Fills `out` with draws; the same stream as calling [`Sampler::sample`]
    /// once per value, with the distribution chosen once instead of per value.
    pub fn fill(&self, rng: &mut Rng, out: &mut [f64]) {
        match *self {
            Sampler::Triangular { min, max, fc, a, b } => {
                for x in out {
                    *x = triangular(rng.next_f64(), min, max, fc, a, b);
                }
            }
            Sampler::Uniform { min, width } => {
                for x in out {
                    *x = min + width * rng.next_f64();
                }
            }
            Sampler::Normal { mean, sd } => {
                for x in out {
                    *x = mean + sd * rng.standard_normal();
                }
            }
            Sampler::Lognormal { mu, sigma } => {
                for x in out {
                    *x = (mu + sigma * rng.standard_normal()).exp();
                }
            }
        }
    }
}

/// xoshiro256++ (Blackman & Vigna 2019) seeded through splitmix64, with
/// normals from the ziggurat method (Marsaglia & Tsang 2000, 128 layers):
/// no trigonometry and one logarithm only in the rare tail.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    zig: Ziggurat,
}

/// Layer tables of the ziggurat, computed once per generator.
#[derive(Debug, Clone)]
struct Ziggurat {
    kn: [u32; 128],
    wn: [f64; 128],
    fn_: [f64; 128],
}

/// Right edge of the base layer and the common layer area.
const ZIG_R: f64 = 3.442_619_855_899;
const ZIG_V: f64 = 9.912_563_035_262_17e-3;

impl Ziggurat {
    fn new() -> Ziggurat {
        let m1 = 2_147_483_648.0; // 2^31
        let mut kn = [0u32; 128];
        let mut wn = [0f64; 128];
        let mut fn_ = [0f64; 128];
        let mut dn = ZIG_R;
        let mut tn = dn;
        let q = ZIG_V / (-0.5 * dn * dn).exp();
        kn[0] = ((dn / q) * m1) as u32;
        kn[1] = 0;
        wn[0] = q / m1;
        wn[127] = dn / m1;
        fn_[0] = 1.0;
        fn_[127] = (-0.5 * dn * dn).exp();
        for i in (1..=126).rev() {
            dn = (-2.0 * (ZIG_V / dn + (-0.5 * dn * dn).exp()).ln()).sqrt();
            kn[i + 1] = ((dn / tn) * m1) as u32;
            tn = dn;
            fn_[i] = (-0.5 * dn * dn).exp();
            wn[i] = dn / m1;
        }
        Ziggurat { kn, wn, fn_ }
    }
}

impl Rng {
    pub fn seed(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            zig: Ziggurat::new(),
        }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1], safe for a logarithm.
    #[inline]
    fn next_open_f64(&mut self) -> f64 {
        1.0 - self.next_f64()
    }

    #[inline]
    fn next_i32(&mut self) -> i32 {
        (self.next_u64() >> 32) as u32 as i32
    }

    #[inline]
    pub fn standard_normal(&mut self) -> f64 {
        let hz = self.next_i32();
        let iz = (hz & 127) as usize;
        if hz.unsigned_abs() < self.zig.kn[iz] {
            return hz as f64 * self.zig.wn[iz];
        }
        self.normal_slow(hz, iz)
    }

    #[cold]
    fn normal_slow(&mut self, mut hz: i32, mut iz: usize) -> f64 {
        loop {
            let x = hz as f64 * self.zig.wn[iz & 127];
            if iz == 0 {
                // Base layer: sample the tail beyond R (Marsaglia 1964).
                loop {
                    let x = -self.next_open_f64().ln() / ZIG_R;
                    let y = -self.next_open_f64().ln();
                    if y + y >= x * x {
                        return if hz > 0 { ZIG_R + x } else { -ZIG_R - x };
                    }
                }
            }
            let f0 = self.zig.fn_[iz & 127];
            let f1 = self.zig.fn_[(iz - 1) & 127];
            if f0 + self.next_f64() * (f1 - f0) < (-0.5 * x * x).exp() {
                return x;
            }
            hz = self.next_i32();
            iz = (hz & 127) as usize;
            if hz.unsigned_abs() < self.zig.kn[iz] {
                return hz as f64 * self.zig.wn[iz];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(d: Distribution, n: usize) -> (f64, f64) {
        let mut rng = Rng::seed(7);
        let s = d.sampler();
        let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
        (mean, var.sqrt())
    }

    #[test]
    fn samplers_have_the_right_moments() {
        let n = 200_000;
        // Triangular mean (a+b+c)/3, variance (a²+b²+c²-ab-ac-bc)/18.
        let (m, s) = moments(
            Distribution::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 6.0,
            },
            n,
        );
        assert!((m - 3.0).abs() < 0.01, "{m}");
        let var: f64 = (1.0 + 4.0 + 36.0 - 2.0 - 6.0 - 12.0) / 18.0;
        assert!((s - var.sqrt()).abs() < 0.01, "{s}");
        let (m, s) = moments(Distribution::Uniform { min: 2.0, max: 4.0 }, n);
        assert!((m - 3.0).abs() < 0.01);
        assert!((s - 2.0 / 12f64.sqrt()).abs() < 0.01);
        let (m, s) = moments(Distribution::Normal { mean: 5.0, sd: 2.0 }, n);
        assert!((m - 5.0).abs() < 0.02);
        assert!((s - 2.0).abs() < 0.02);
        let (m, s) = moments(Distribution::Lognormal { mean: 5.0, sd: 2.0 }, n);
        assert!((m - 5.0).abs() < 0.02, "{m}");
        assert!((s - 2.0).abs() < 0.03, "{s}");
    }

    #[test]
    fn normal_tails_have_the_right_mass() {
        // P(Z > 1.2816) = 0.1, P(Z > 3) = 0.00135, P(Z < -3) = 0.00135.
        let mut rng = Rng::seed(11);
        let n = 2_000_000;
        let (mut above_p90, mut above3, mut below3) = (0, 0, 0);
        for _ in 0..n {
            let z = rng.standard_normal();
            above_p90 += usize::from(z > Z90);
            above3 += usize::from(z > 3.0);
            below3 += usize::from(z < -3.0);
        }
        let share = |k: usize| k as f64 / n as f64;
        assert!((share(above_p90) - 0.1).abs() < 0.001);
        assert!((share(above3) - 0.001_35).abs() < 0.000_1);
        assert!((share(below3) - 0.001_35).abs() < 0.000_1);
    }

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::seed(42);
        let mut b = Rng::seed(42);
        let mut c = Rng::seed(43);
        let xa: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..5).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn quantiles_by_hand() {
        // Uniform 0..10: P10 = 1, P90 = 9.
        let u = Distribution::Uniform {
            min: 0.0,
            max: 10.0,
        };
        assert!((u.p10_p90(false) - 1.0).abs() < 1e-12);
        assert!((u.p10_p90(true) - 9.0).abs() < 1e-12);
        // Symmetric triangular 0,5,10: P10 = sqrt(0.1*10*5) = sqrt(5).
        let t = Distribution::Triangular {
            min: 0.0,
            mode: 5.0,
            max: 10.0,
        };
        assert!((t.p10_p90(false) - 5f64.sqrt()).abs() < 1e-12);
        assert!((t.p10_p90(true) - (10.0 - 5f64.sqrt())).abs() < 1e-12);
        let n = Distribution::Normal {
            mean: 100.0,
            sd: 10.0,
        };
        assert!((n.p10_p90(true) - 112.815_515_655_446).abs() < 1e-9);
        // Lognormal with sd 0 collapses onto its mean.
        let l = Distribution::Lognormal { mean: 3.0, sd: 0.0 };
        assert!((l.base_value() - 3.0).abs() < 1e-12);
        assert!(
            Distribution::Triangular {
                min: 1.0,
                mode: 0.0,
                max: 2.0
            }
            .check()
            .is_err()
        );
    }
}
