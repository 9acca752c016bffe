//! The deterministic LCC: year-by-year cash flows ([`evaluate`]) and a
//! closed-form summary of the same sums for Monte Carlo ([`totals`]).

use super::{Alternative, Model, round_ore};
use serde::Serialize;

/// Present value by component, SEK. `investment` includes installation and
/// re-purchases; `end_of_life` is disposal minus residual value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Components {
    pub investment: f64,
    pub energy: f64,
    pub maintenance: f64,
    pub replacements: f64,
    pub end_of_life: f64,
    pub externalities: f64,
}

impl Components {
    /// Costs the buyer pays (everything but externalities).
    pub fn internal(&self) -> f64 {
        self.investment + self.energy + self.maintenance + self.replacements + self.end_of_life
    }
    pub fn total(&self) -> f64 {
        self.internal() + self.externalities
    }
    fn add(&mut self, o: &Components) {
        self.investment += o.investment;
        self.energy += o.energy;
        self.maintenance += o.maintenance;
        self.replacements += o.replacements;
        self.end_of_life += o.end_of_life;
        self.externalities += o.externalities;
    }
    fn scaled(&self, k: f64) -> Components {
        Components {
            investment: self.investment * k,
            energy: self.energy * k,
            maintenance: self.maintenance * k,
            replacements: self.replacements * k,
            end_of_life: self.end_of_life * k,
            externalities: self.externalities * k,
        }
    }
    fn rounded(&self) -> Components {
        Components {
            investment: round_ore(self.investment),
            energy: round_ore(self.energy),
            maintenance: round_ore(self.maintenance),
            replacements: round_ore(self.replacements),
            end_of_life: round_ore(self.end_of_life),
            externalities: round_ore(self.externalities),
        }
    }
}

/// One year of one alternative's cash flow (real prices, all units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFlow {
    pub year: u32,
    /// Undiscounted cost by component.
    pub cost: Components,
    pub total: f64,
    /// (1 + r)^-year
    pub discount_factor: f64,
    pub present_value: f64,
    pub cumulative_present_value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarrierUse {
    pub carrier: String,
    pub unit: String,
    /// Over the analysis period, all units.
    pub amount: f64,
    pub kwh: Option<f64>,
    pub kg_co2e: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollutantAmount {
    pub pollutant: String,
    pub kg: f64,
}

/// Comparison with the reference alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VsReference {
    pub reference: String,
    /// Internal LCC of this alternative minus the reference's (SEK).
    pub extra_cost_sek: f64,
    /// Reference's CO2e minus this alternative's (kg) over the period.
    pub co2e_avoided_kg: f64,
    /// extra cost / tonnes avoided; `None` when nothing is avoided.
    pub abatement_cost_sek_per_tonne: Option<f64>,
    /// First year from which the cumulative present value (incl.
    /// externalities) stays at or below the reference's; `None` if never.
    pub break_even_year: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeResult {
    pub id: String,
    pub name: String,
    pub quantity: f64,
    /// Number of purchases within the period (1 + re-purchases).
    pub purchases: u32,
    pub present_value: Components,
    /// Buyer's life-cycle cost (present value without externalities).
    pub lcc_sek: f64,
    /// `lcc_sek` plus priced externalities: what the ranking uses.
    pub total_sek: f64,
    /// Residual value credited at the end of the period (all units, undiscounted).
    pub residual_value_sek: f64,
    pub energy: Vec<CarrierUse>,
    /// Lifetime kWh over carriers with a known energy content.
    pub energy_kwh: f64,
    pub co2e_operational_kg: f64,
    pub co2e_embodied_kg: f64,
    pub co2e_total_kg: f64,
    pub pollutants: Vec<PollutantAmount>,
    /// 1 = cheapest by `total_sek`.
    pub rank: usize,
    pub vs_reference: Option<VsReference>,
    pub cash_flow: Vec<YearFlow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LccResult {
    pub name: String,
    pub period_years: u32,
    pub discount_rate: f64,
    pub co2_price_sek_per_kg: f64,
    pub cheapest: String,
    pub reference: Option<String>,
    pub alternatives: Vec<AlternativeResult>,
}

/// Σ_{t=1..n} x^t.
#[inline]
pub fn geometric_sum(x: f64, n: u32) -> f64 {
    if (x - 1.0).abs() < 1e-12 {
        n as f64
    } else {
        x * (1.0 - x.powi(n as i32)) / (1.0 - x)
    }
}

/// Purchase years 0, L, 2L, … before the period ends.
fn purchase_years(a: &Alternative, n: u32) -> impl Iterator<Item = u32> {
    let l = a.lifetime_years.max(1);
    (0..n).step_by(l as usize)
}

/// Residual value per unit at year N: the given one, or straight-line on the
/// investment (not installation) for the remaining life of the last purchase.
fn residual_per_unit(a: &Alternative, n: u32) -> f64 {
    match &a.residual_value_sek {
        Some(p) => p.value,
        None => {
            let l = a.lifetime_years.max(1);
            let last = ((n.max(1) - 1) / l) * l;
            let remaining = last + l - n;
            a.investment_sek.value * remaining as f64 / l as f64
        }
    }
}

fn per_unit_year_kg(a: &Alternative, model: &Model) -> f64 {
    let act = a.activity_per_year.value;
    a.energy
        .iter()
        .map(|e| {
            let amount = e.amount.value * if e.per_activity { act } else { 1.0 };
            let ef = model
                .carriers
                .get(e.carrier)
                .map_or(0.0, |c| c.kg_co2e_per_unit.value);
            amount * ef
        })
        .sum()
}

fn per_unit_year_pollutant_cost(a: &Alternative, model: &Model) -> f64 {
    let act = a.activity_per_year.value;
    a.pollutants
        .iter()
        .map(|p| {
            let kg = p.kg.value * if p.per_activity { act } else { 1.0 };
            let price = model
                .pollutants
                .get(p.pollutant)
                .map_or(0.0, |x| x.price_sek_per_kg.value);
            kg * price
        })
        .sum()
}

/// The full deterministic result. The model should have passed
/// [`Model::validate`]; out-of-range references count as zero here.
pub fn evaluate(model: &Model) -> LccResult {
    let n = model.period_years;
    let r = model.discount_rate.value;
    let co2_price = model.co2_price_sek_per_kg.value;
    let mut alternatives: Vec<AlternativeResult> = model
        .alternatives
        .iter()
        .map(|a| evaluate_alternative(model, a, n, r, co2_price))
        .collect();

    // Rank by total (ties keep file order).
    let mut order: Vec<usize> = (0..alternatives.len()).collect();
    order.sort_by(|&i, &j| {
        alternatives[i]
            .total_sek
            .total_cmp(&alternatives[j].total_sek)
            .then(i.cmp(&j))
    });
    for (rank, &i) in order.iter().enumerate() {
        if let Some(a) = alternatives.get_mut(i) {
            a.rank = rank + 1;
        }
    }
    let cheapest = order
        .first()
        .and_then(|&i| alternatives.get(i))
        .map_or_else(String::new, |a| a.id.clone());

    let reference = model.reference.and_then(|i| alternatives.get(i).cloned());
    if let Some(refr) = &reference {
        for a in alternatives.iter_mut() {
            if a.id == refr.id {
                continue;
            }
            a.vs_reference = Some(compare(a, refr));
        }
    }

    let mut result = LccResult {
        name: model.name.clone(),
        period_years: n,
        discount_rate: r,
        co2_price_sek_per_kg: co2_price,
        cheapest,
        reference: reference.map(|a| a.id),
        alternatives,
    };
    round_result(&mut result);
    result
}

fn compare(a: &AlternativeResult, refr: &AlternativeResult) -> VsReference {
    let extra = a.lcc_sek - refr.lcc_sek;
    let avoided = refr.co2e_total_kg - a.co2e_total_kg;
    let abatement = (avoided > 1e-9).then(|| extra / (avoided / 1000.0));
    let mut break_even = None;
    for (fa, fr) in a.cash_flow.iter().zip(&refr.cash_flow).rev() {
        // Tolerance of half an öre: equal costs count as broken even.
        if fa.cumulative_present_value <= fr.cumulative_present_value + 0.005 {
            break_even = Some(fa.year);
        } else {
            break;
        }
    }
    VsReference {
        reference: refr.id.clone(),
        extra_cost_sek: extra,
        co2e_avoided_kg: avoided,
        abatement_cost_sek_per_tonne: abatement,
        break_even_year: break_even,
    }
}

fn round_result(result: &mut LccResult) {
    for a in &mut result.alternatives {
        a.present_value = a.present_value.rounded();
        a.lcc_sek = round_ore(a.lcc_sek);
        a.total_sek = round_ore(a.total_sek);
        a.residual_value_sek = round_ore(a.residual_value_sek);
        for y in &mut a.cash_flow {
            y.cost = y.cost.rounded();
            y.total = round_ore(y.total);
            y.present_value = round_ore(y.present_value);
            y.cumulative_present_value = round_ore(y.cumulative_present_value);
        }
        if let Some(v) = &mut a.vs_reference {
            v.extra_cost_sek = round_ore(v.extra_cost_sek);
            v.abatement_cost_sek_per_tonne = v.abatement_cost_sek_per_tonne.map(round_ore);
        }
    }
}

fn evaluate_alternative(
    model: &Model,
    a: &Alternative,
    n: u32,
    r: f64,
    co2_price: f64,
) -> AlternativeResult {
    let q = a.quantity;
    let act = a.activity_per_year.value;
    let inv0 = a.investment_sek.value + a.installation_sek.value;
    let residual = residual_per_unit(a, n);
    let disposal = a.disposal_cost_sek.value;
    let embodied = a.embodied_kg_co2e.value;
    let op_kg = per_unit_year_kg(a, model);
    let pollutant_cost = per_unit_year_pollutant_cost(a, model);
    let purchases: Vec<u32> = purchase_years(a, n).collect();

    let mut flows = Vec::with_capacity(n as usize + 1);
    let mut pv = Components::default();
    let mut cumulative = 0.0;
    for t in 0..=n {
        let mut c = Components::default();
        let bought = purchases.contains(&t);
        if bought {
            c.investment = inv0;
            c.externalities += embodied * co2_price;
            if t > 0 {
                c.end_of_life += disposal;
            }
        }
        if t >= 1 {
            for e in &a.energy {
                if let Some(carrier) = model.carriers.get(e.carrier) {
                    let amount = e.amount.value * if e.per_activity { act } else { 1.0 };
                    let price = carrier.price_sek_per_unit.value
                        * (1.0 + carrier.price_change.value).powi(t as i32);
                    c.energy += amount * price;
                }
            }
            c.maintenance = a.maintenance_sek_per_year.value;
            c.externalities += op_kg * co2_price + pollutant_cost;
        }
        for rep in &a.replacements {
            if rep.year == t {
                c.replacements += rep.cost_sek.value;
            }
        }
        if t == n {
            c.end_of_life += disposal - residual;
        }
        let c = c.scaled(q);
        let df = (1.0 + r).powi(-(t as i32));
        let total = c.total();
        let present = total * df;
        cumulative += present;
        pv.add(&c.scaled(df));
        flows.push(YearFlow {
            year: t,
            cost: c,
            total,
            discount_factor: df,
            present_value: present,
            cumulative_present_value: cumulative,
        });
    }

    let years = n as f64;
    let energy: Vec<CarrierUse> = a
        .energy
        .iter()
        .filter_map(|e| {
            let c = model.carriers.get(e.carrier)?;
            let amount = e.amount.value * if e.per_activity { act } else { 1.0 } * years * q;
            Some(CarrierUse {
                carrier: c.id.clone(),
                unit: c.unit.clone(),
                amount,
                kwh: c.kwh_per_unit.map(|k| k * amount),
                kg_co2e: amount * c.kg_co2e_per_unit.value,
            })
        })
        .collect();
    let pollutants = a
        .pollutants
        .iter()
        .filter_map(|p| {
            let x = model.pollutants.get(p.pollutant)?;
            Some(PollutantAmount {
                pollutant: x.id.clone(),
                kg: p.kg.value * if p.per_activity { act } else { 1.0 } * years * q,
            })
        })
        .collect();
    let co2e_operational_kg = op_kg * years * q;
    let co2e_embodied_kg = embodied * purchases.len() as f64 * q;
    AlternativeResult {
        id: a.id.clone(),
        name: a.name.clone(),
        quantity: q,
        purchases: purchases.len() as u32,
        present_value: pv,
        lcc_sek: pv.internal(),
        total_sek: pv.total(),
        residual_value_sek: residual * q,
        energy_kwh: energy.iter().filter_map(|e| e.kwh).sum(),
        energy,
        co2e_operational_kg,
        co2e_embodied_kg,
        co2e_total_kg: co2e_operational_kg + co2e_embodied_kg,
        pollutants,
        rank: 0,
        vs_reference: None,
        cash_flow: flows,
    }
}

/// Buffers and the draw-invariant integer arithmetic of one model, so
/// Monte Carlo allocates nothing per draw. A `Scratch` serves the model it
/// was made for (period and lifetimes must not change).
#[derive(Debug, Clone)]
pub struct Scratch {
    carrier_sum: Vec<f64>,
    /// Per alternative: purchase stride L, number of purchases, remaining
    /// life share of the last purchase at year N.
    alts: Vec<(usize, u32, f64)>,
}

impl Scratch {
    pub fn new(model: &Model) -> Scratch {
        let n = model.period_years;
        Scratch {
            carrier_sum: Vec::with_capacity(model.carriers.len()),
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

/// Total present value (incl. externalities, unrounded) and total kg CO2e
/// per alternative, by the sums of docs/lcc.md without the yearly table;
/// equals [`evaluate`] up to rounding. Writes `min(len)` entries.
pub fn totals(model: &Model, scratch: &mut Scratch, cost: &mut [f64], co2: &mut [f64]) {
    let n = model.period_years;
    // A drawn rate at or below -100 % has no meaning; keep the sums finite.
    let r = model.discount_rate.value.max(-0.99);
    let v = 1.0 / (1.0 + r);
    // Powers by squaring (powi) rather than a running product: the
    // product over N years is a long dependency chain in the hot loop.
    let vn = v.powi(n as i32);
    let annuity = if (v - 1.0).abs() < 1e-12 {
        n as f64
    } else {
        v * (1.0 - vn) / (1.0 - v)
    };
    let co2_price = model.co2_price_sek_per_kg.value;
    scratch.carrier_sum.clear();
    scratch.carrier_sum.extend(model.carriers.iter().map(|c| {
        let qc = (1.0 + c.price_change.value) * v;
        c.price_sek_per_unit.value * geometric_sum(qc, n)
    }));
    let carrier_sum = &scratch.carrier_sum;

    for (((a, out_cost), out_co2), &(stride, lives, remaining)) in model
        .alternatives
        .iter()
        .zip(cost)
        .zip(co2)
        .zip(&scratch.alts)
    {
        let act = a.activity_per_year.value;
        // Σ v^s over purchase years s = 0, L, 2L, … < N (geometric in v^L).
        let purchase_sum = if lives <= 1 {
            1.0
        } else {
            let vl = v.powi(stride as i32);
            if (vl - 1.0).abs() < 1e-12 {
                lives as f64
            } else {
                (1.0 - vl.powi(lives as i32)) / (1.0 - vl)
            }
        };
        let mut energy = 0.0;
        let mut op_kg = 0.0;
        for e in &a.energy {
            let amount = e.amount.value * if e.per_activity { act } else { 1.0 };
            energy += amount * carrier_sum.get(e.carrier).copied().unwrap_or(0.0);
            op_kg += amount
                * model
                    .carriers
                    .get(e.carrier)
                    .map_or(0.0, |c| c.kg_co2e_per_unit.value);
        }
        let mut replacements = 0.0;
        for rep in &a.replacements {
            replacements += rep.cost_sek.value * v.powi(rep.year as i32);
        }
        let residual = match &a.residual_value_sek {
            Some(p) => p.value,
            None => a.investment_sek.value * remaining,
        };
        let disposal = a.disposal_cost_sek.value;
        let embodied = a.embodied_kg_co2e.value;
        let mut per_unit = (a.investment_sek.value + a.installation_sek.value) * purchase_sum
            + energy
            + a.maintenance_sek_per_year.value * annuity
            + replacements
            + disposal * (purchase_sum - 1.0)
            + (disposal - residual) * vn
            + co2_price * (embodied * purchase_sum + op_kg * annuity);
        if !a.pollutants.is_empty() {
            per_unit += per_unit_year_pollutant_cost(a, model) * annuity;
        }
        *out_cost = per_unit * a.quantity;
        *out_co2 = (embodied * lives as f64 + op_kg * n as f64) * a.quantity;
    }
}

#[cfg(test)]
pub(crate) mod tests;
