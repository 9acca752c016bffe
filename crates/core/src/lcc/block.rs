//! [`calc::totals`](super::calc::totals) for a block of Monte Carlo draws at
//! once, column by column: each sum runs as a tight loop over the block
//! instead of walking the model once per draw. Uncertain parameters are read
//! from their drawn columns, all others are constants.

use super::calc::geometric_sum;
use super::{Model, Slot};

/// Every certain parameter repeated as a column, made once per simulation,
/// so that all sums below are plain loops over slices (no per-value branch).
#[derive(Debug, Clone)]
pub struct Constants {
    slots: Vec<Slot>,
    data: Vec<f64>,
    stride: usize,
}

impl Constants {
    pub fn new(model: &Model, stride: usize) -> Constants {
        let mut slots = Vec::new();
        let mut data = Vec::new();
        model.clone().for_each_param_mut(|_, _, slot, p| {
            if p.dist.is_none() {
                slots.push(slot);
                data.extend(std::iter::repeat_n(p.value, stride));
            }
        });
        Constants {
            slots,
            data,
            stride,
        }
    }
}

/// The drawn values of a block: column `i` holds the draws of `slots[i]`.
#[derive(Debug, Clone, Copy)]
pub struct Columns<'a> {
    pub slots: &'a [Slot],
    /// `slots.len()` columns of `stride` values each.
    pub data: &'a [f64],
    pub stride: usize,
    /// Draws in this block (≤ stride).
    pub len: usize,
    pub constants: &'a Constants,
}

impl<'a> Columns<'a> {
    /// The parameter's values over the block: its drawn column, or its
    /// constant column. Empty only if the model changed since `Constants`.
    fn val(&self, slot: Slot) -> &'a [f64] {
        let column = |slots: &[Slot], data: &'a [f64], stride: usize| {
            let i = slots.iter().position(|s| *s == slot)?;
            data.get(i * stride..i * stride + self.len)
        };
        column(self.slots, self.data, self.stride)
            .or_else(|| {
                column(
                    &self.constants.slots,
                    &self.constants.data,
                    self.constants.stride,
                )
            })
            .unwrap_or(&[])
    }
}

/// Buffers for [`totals_block`], made once per simulation.
#[derive(Debug, Clone, Default)]
pub struct BlockScratch {
    v: Vec<f64>,
    vn: Vec<f64>,
    annuity: Vec<f64>,
    carrier_sum: Vec<Vec<f64>>,
    carrier_ef: Vec<Vec<f64>>,
    purchase: Vec<f64>,
    per_unit: Vec<f64>,
    op_kg: Vec<f64>,
    /// Per alternative: purchase stride L, purchases, remaining-life share.
    alts: Vec<(usize, u32, f64)>,
}

impl BlockScratch {
    pub fn new(model: &Model, block: usize) -> BlockScratch {
        let n = model.period_years;
        let col = || vec![0.0; block];
        BlockScratch {
            v: col(),
            vn: col(),
            annuity: col(),
            carrier_sum: model.carriers.iter().map(|_| col()).collect(),
            carrier_ef: model.carriers.iter().map(|_| col()).collect(),
            purchase: col(),
            per_unit: col(),
            op_kg: col(),
            alts: model
                .alternatives
                .iter()
                .map(|a| {
                    let l = a.lifetime_years.max(1);
                    let last = ((n.max(1) - 1) / l) * l;
                    (l as usize, n.div_ceil(l), (last + l - n) as f64 / l as f64)
                })
                .collect(),
        }
    }
}

/// Total present value and kg CO2e of every alternative for every draw of
/// the block: `cost[a][d]`, `co2[a][d]` for d < `cols.len`. Same sums as
/// [`calc::totals`](super::calc::totals) (tested equal).
pub fn totals_block(
    model: &Model,
    cols: &Columns<'_>,
    s: &mut BlockScratch,
    cost: &mut [Vec<f64>],
    co2: &mut [Vec<f64>],
) {
    let len = cols.len.min(s.v.len());
    let n = model.period_years;
    let years = n as f64;
    for (((v, vn), ann), &r) in
        s.v.iter_mut()
            .zip(s.vn.iter_mut())
            .zip(s.annuity.iter_mut())
            .zip(cols.val(Slot::DiscountRate))
    {
        // A drawn rate at or below -100 % has no meaning; keep sums finite.
        *v = 1.0 / (1.0 + r.max(-0.99));
        *vn = v.powi(n as i32);
        *ann = if (*v - 1.0).abs() < 1e-12 {
            years
        } else {
            *v * (1.0 - *vn) / (1.0 - *v)
        };
    }
    for (c, (sum, ef)) in s
        .carrier_sum
        .iter_mut()
        .zip(s.carrier_ef.iter_mut())
        .enumerate()
        .take(model.carriers.len())
    {
        let price = cols.val(Slot::CarrierPrice(c));
        let change = cols.val(Slot::CarrierChange(c));
        for ((x, &v), (&p, &g)) in sum.iter_mut().zip(&s.v).zip(price.iter().zip(change)) {
            *x = p * geometric_sum((1.0 + g) * v, n);
        }
        for (e, &f) in ef.iter_mut().zip(cols.val(Slot::CarrierFactor(c))) {
            *e = f;
        }
    }
    let co2_price = cols.val(Slot::Co2Price);

    for (a, (((alt, out_cost), out_co2), &(stride, lives, remaining))) in model
        .alternatives
        .iter()
        .zip(cost.iter_mut())
        .zip(co2.iter_mut())
        .zip(&s.alts)
        .enumerate()
    {
        let investment = cols.val(Slot::Investment(a));
        let installation = cols.val(Slot::Installation(a));
        let activity = cols.val(Slot::Activity(a));
        let maintenance = cols.val(Slot::Maintenance(a));
        let disposal = cols.val(Slot::Disposal(a));
        let embodied = cols.val(Slot::Embodied(a));

        // Σ v^s over purchase years s = 0, L, 2L, … < N.
        for (p, &v) in s.purchase.iter_mut().zip(&s.v).take(len) {
            *p = if lives <= 1 {
                1.0
            } else {
                let vl = v.powi(stride as i32);
                if (vl - 1.0).abs() < 1e-12 {
                    lives as f64
                } else {
                    (1.0 - vl.powi(lives as i32)) / (1.0 - vl)
                }
            };
        }
        // Residual: the given one, or straight-line on the investment.
        match alt.residual_value_sek {
            Some(_) => {
                for (k, &r) in s.op_kg.iter_mut().zip(cols.val(Slot::Residual(a))) {
                    *k = r;
                }
            }
            None => {
                for (k, &i) in s.op_kg.iter_mut().zip(investment) {
                    *k = i * remaining;
                }
            }
        }
        // per_unit = investment, maintenance, disposal − residual (op_kg
        // holds the residual until the energy loop below needs it).
        for (((((u, k), &ps), &vn), &ann), ((&inv, &inst), (&m, &disp))) in s
            .per_unit
            .iter_mut()
            .zip(s.op_kg.iter_mut())
            .zip(&s.purchase)
            .zip(&s.vn)
            .zip(&s.annuity)
            .zip(
                investment
                    .iter()
                    .zip(installation)
                    .zip(maintenance.iter().zip(disposal)),
            )
        {
            *u = (inv + inst) * ps + m * ann + disp * (ps - 1.0) + (disp - *k) * vn;
            *k = 0.0;
        }
        for (j, e) in alt.energy.iter().enumerate() {
            let amount = cols.val(Slot::Energy(a, j));
            let (Some(sum), Some(ef)) = (s.carrier_sum.get(e.carrier), s.carrier_ef.get(e.carrier))
            else {
                continue;
            };
            let lines = s
                .per_unit
                .iter_mut()
                .zip(s.op_kg.iter_mut())
                .zip(sum.iter().zip(ef))
                .zip(amount);
            if e.per_activity {
                for ((((u, k), (&cs, &f)), &amt), &act) in lines.zip(activity) {
                    let x = amt * act;
                    *u += x * cs;
                    *k += x * f;
                }
            } else {
                for (((u, k), (&cs, &f)), &x) in lines {
                    *u += x * cs;
                    *k += x * f;
                }
            }
        }
        for (j, rep) in alt.replacements.iter().enumerate() {
            let c = cols.val(Slot::Replacement(a, j));
            for ((u, &v), &x) in s.per_unit.iter_mut().zip(&s.v).zip(c) {
                *u += x * v.powi(rep.year as i32);
            }
        }
        for (j, pe) in alt.pollutants.iter().enumerate() {
            let kg = cols.val(Slot::PollutantKg(a, j));
            let price = cols.val(Slot::PollutantPrice(pe.pollutant));
            for ((((u, &ann), &m), &p), &act) in s
                .per_unit
                .iter_mut()
                .zip(&s.annuity)
                .zip(kg)
                .zip(price)
                .zip(activity)
            {
                let m = if pe.per_activity { m * act } else { m };
                *u += m * p * ann;
            }
        }
        let q = alt.quantity;
        let purchases = lives as f64;
        for (((oc, oe), ((&u, &k), (&ps, &ann))), (&emb, &cp)) in out_cost
            .iter_mut()
            .zip(out_co2.iter_mut())
            .zip(
                s.per_unit
                    .iter()
                    .zip(&s.op_kg)
                    .zip(s.purchase.iter().zip(&s.annuity)),
            )
            .zip(embodied.iter().zip(co2_price))
        {
            *oc = (u + cp * (emb * ps + k * ann)) * q;
            *oe = (emb * purchases + k * years) * q;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lcc::Param;
    use crate::lcc::calc::{self, Scratch};
    use crate::lcc::dist::{Distribution, Rng};
    use crate::lcc::{Alternative, Carrier, EnergyUse, Pollutant, PollutantEmission, Replacement};

    fn u(min: f64, max: f64) -> Param {
        Param::uncertain(Distribution::Uniform { min, max })
    }

    /// A model using every feature, most parameters uncertain.
    fn model() -> Model {
        let alt = |id: &str, lifetime: u32, residual: Option<Param>| Alternative {
            id: id.into(),
            name: id.into(),
            quantity: 3.0,
            investment_sek: u(900.0, 1100.0),
            installation_sek: Param::fixed(50.0),
            lifetime_years: lifetime,
            activity_per_year: u(800.0, 1200.0),
            activity_unit: "km".into(),
            energy: vec![
                EnergyUse {
                    carrier: 0,
                    amount: u(0.1, 0.2),
                    per_activity: true,
                },
                EnergyUse {
                    carrier: 1,
                    amount: Param::fixed(30.0),
                    per_activity: false,
                },
            ],
            maintenance_sek_per_year: u(10.0, 20.0),
            replacements: vec![Replacement {
                label: "r".into(),
                year: 4,
                cost_sek: u(100.0, 200.0),
            }],
            residual_value_sek: residual,
            disposal_cost_sek: u(5.0, 10.0),
            embodied_kg_co2e: u(40.0, 60.0),
            pollutants: vec![PollutantEmission {
                pollutant: 0,
                kg: u(0.001, 0.002),
                per_activity: true,
            }],
        };
        let carrier = |id: &str| Carrier {
            id: id.into(),
            name: id.into(),
            unit: "kWh".into(),
            kwh_per_unit: Some(1.0),
            price_sek_per_unit: u(1.0, 2.0),
            price_change: u(-0.02, 0.04),
            kg_co2e_per_unit: u(0.01, 0.1),
            source: String::new(),
        };
        Model {
            name: "m".into(),
            period_years: 7,
            discount_rate: Param::uncertain(Distribution::Triangular {
                min: 0.0,
                mode: 0.03,
                max: 0.08,
            }),
            co2_price_sek_per_kg: u(1.0, 3.0),
            carriers: vec![carrier("el"), carrier("gas")],
            pollutants: vec![Pollutant {
                id: "nox".into(),
                name: "NOx".into(),
                price_sek_per_kg: u(40.0, 60.0),
                source: String::new(),
            }],
            alternatives: vec![
                alt("a", 3, None),
                alt("b", 7, Some(u(100.0, 300.0))),
                alt("c", 10, None),
            ],
            reference: None,
        }
    }

    #[test]
    fn block_equals_per_draw_totals() {
        let m = model();
        m.validate().unwrap();
        let mut slots = Vec::new();
        let mut samplers = Vec::new();
        m.clone().for_each_param_mut(|_, _, slot, p| {
            if let Some(d) = p.dist {
                slots.push(slot);
                samplers.push(d.sampler());
            }
        });
        let (stride, len) = (16, 13);
        let mut rng = Rng::seed(9);
        let mut data = vec![0.0; stride * slots.len()];
        for (col, s) in data.chunks_exact_mut(stride).zip(&samplers) {
            for x in col.iter_mut() {
                *x = s.sample(&mut rng);
            }
        }
        let constants = Constants::new(&m, stride);
        let cols = Columns {
            slots: &slots,
            data: &data,
            stride,
            len,
            constants: &constants,
        };
        let n_alt = m.alternatives.len();
        let mut cost = vec![vec![0.0; stride]; n_alt];
        let mut co2 = vec![vec![0.0; stride]; n_alt];
        totals_block(
            &m,
            &cols,
            &mut BlockScratch::new(&m, stride),
            &mut cost,
            &mut co2,
        );
        let mut work = m.clone();
        let mut scratch = Scratch::new(&m);
        for d in 0..len {
            for (i, slot) in slots.iter().enumerate() {
                work.param_mut(*slot).unwrap().value = data[i * stride + d];
            }
            let mut c = vec![0.0; n_alt];
            let mut e = vec![0.0; n_alt];
            calc::totals(&work, &mut scratch, &mut c, &mut e);
            for a in 0..n_alt {
                assert!((cost[a][d] - c[a]).abs() <= 1e-9 * c[a].abs(), "{a} {d}");
                assert!((co2[a][d] - e[a]).abs() <= 1e-9 * e[a].abs(), "{a} {d}");
            }
        }
    }
}
