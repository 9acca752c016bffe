//! Life-cycle cost and climate calculation (LCC, livscykelkostnad).
//!
//! A [`Model`] holds alternatives (options or bids) and the shared parameters
//! (analysis period, real discount rate, energy carriers with price and
//! emission factor, a price on CO2e and on air pollutants). Every number that
//! may be uncertain is a [`Param`]: a base value plus an optional
//! [`Distribution`]. [`calc::evaluate`] gives the deterministic result with
//! present value by component, yearly cash flow, energy and emissions;
//! [`uncertainty`] runs Monte Carlo and the one-at-a-time tornado on the same
//! model. Equations and conventions are in `docs/lcc.md`.
//!
//! Timing convention: investment and installation at year 0, yearly costs at
//! the end of years 1..=N, replacements in their stated year, end of life
//! (disposal minus residual value) at year N. Prices are real (fixed price
//! level); only energy prices have an own real annual change.

pub mod block;
pub mod calc;
pub mod cvd;
pub mod dist;
pub mod uncertainty;

pub use dist::Distribution;

use serde::Serialize;

/// A number in the model: the base (reference-case) value and, if uncertain,
/// the distribution Monte Carlo draws it from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Param {
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dist: Option<Distribution>,
}

impl Param {
    pub const ZERO: Param = Param {
        value: 0.0,
        dist: None,
    };

    pub fn fixed(value: f64) -> Param {
        Param { value, dist: None }
    }

    /// An uncertain number whose base value is the distribution's own
    /// reference value (see [`Distribution::base_value`]).
    pub fn uncertain(dist: Distribution) -> Param {
        Param {
            value: dist.base_value(),
            dist: Some(dist),
        }
    }
}

/// An energy carrier (energibärare): electricity, district heating, diesel, …
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Carrier {
    pub id: String,
    pub name: String,
    /// Unit of the amounts: `kWh`, `l`, `Nm3`, `kg`.
    pub unit: String,
    /// Energy content, for reporting lifetime kWh. `None` leaves the carrier
    /// out of the kWh total (it is still costed and its emissions counted).
    pub kwh_per_unit: Option<f64>,
    pub price_sek_per_unit: Param,
    /// Real annual price change, e.g. 0.02 for +2 % a year above inflation.
    pub price_change: Param,
    pub kg_co2e_per_unit: Param,
    /// Where the price and emission factor come from (source, year, unit).
    pub source: String,
}

/// An air pollutant with a price (e.g. NOx, NMHC, particulates).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pollutant {
    pub id: String,
    pub name: String,
    pub price_sek_per_kg: Param,
    pub source: String,
}

/// Yearly use of one carrier per unit of the alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnergyUse {
    /// Index into [`Model::carriers`].
    pub carrier: usize,
    /// Amount per year, or per activity unit (km, burn hour) when
    /// `per_activity` is set.
    pub amount: Param,
    pub per_activity: bool,
}

/// Yearly emission of one pollutant per unit of the alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollutantEmission {
    /// Index into [`Model::pollutants`].
    pub pollutant: usize,
    /// kg per year, or per activity unit when `per_activity` is set.
    pub kg: Param,
    pub per_activity: bool,
}

/// A replacement in a given year (e.g. a battery or an LED driver), per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replacement {
    pub label: String,
    pub year: u32,
    pub cost_sek: Param,
}

/// One option or bid. Money amounts are per unit; `quantity` scales them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub id: String,
    pub name: String,
    pub quantity: f64,
    pub investment_sek: Param,
    pub installation_sek: Param,
    /// Technical or economic lifetime. When shorter than the analysis period
    /// the unit is bought again (with its installation and embodied
    /// emissions) at every multiple of the lifetime before the period ends.
    pub lifetime_years: u32,
    /// Activity per year and unit (km, burn hours); 1 when unused.
    pub activity_per_year: Param,
    pub activity_unit: String,
    pub energy: Vec<EnergyUse>,
    pub maintenance_sek_per_year: Param,
    pub replacements: Vec<Replacement>,
    /// Value at the end of the analysis period. `None`: straight-line share
    /// of the last purchase's remaining life (zero when the period ends at
    /// the end of a life).
    pub residual_value_sek: Option<Param>,
    /// Cost of disposal at the end of each life (and at the period's end).
    pub disposal_cost_sek: Param,
    /// Embodied emissions per unit bought (e.g. from an EPD).
    pub embodied_kg_co2e: Param,
    pub pollutants: Vec<PollutantEmission>,
}

/// The whole calculation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub name: String,
    pub period_years: u32,
    /// Real discount rate (kalkylränta), e.g. 0.035.
    pub discount_rate: Param,
    /// Price on CO2e in SEK per kg (0 leaves climate out of the money).
    pub co2_price_sek_per_kg: Param,
    pub carriers: Vec<Carrier>,
    pub pollutants: Vec<Pollutant>,
    pub alternatives: Vec<Alternative>,
    /// Index of the reference alternative for abatement cost and break-even.
    pub reference: Option<usize>,
}

/// Where in the model a parameter sits, for tornado labels and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamOwner<'a> {
    Model,
    Carrier(&'a str),
    Pollutant(&'a str),
    Alternative(&'a str),
}

/// The address of one parameter, for setting it directly in the Monte Carlo
/// loop. Indices are positions in the model's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    DiscountRate,
    Co2Price,
    CarrierPrice(usize),
    CarrierChange(usize),
    CarrierFactor(usize),
    PollutantPrice(usize),
    Investment(usize),
    Installation(usize),
    Activity(usize),
    Energy(usize, usize),
    Maintenance(usize),
    Replacement(usize, usize),
    Residual(usize),
    Disposal(usize),
    Embodied(usize),
    PollutantKg(usize, usize),
}

/// Largest analysis period accepted (years).
pub const MAX_PERIOD_YEARS: u32 = 100;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LccError {
    #[error("modellen saknar alternativ (the model has no alternatives)")]
    NoAlternatives,
    #[error("analysperioden måste vara 1–{MAX_PERIOD_YEARS} år, inte {0}")]
    Period(u32),
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn invalid(path: String, message: impl Into<String>) -> LccError {
    LccError::Invalid {
        path,
        message: message.into(),
    }
}

impl Model {
    /// Visits every parameter in a fixed order (Monte Carlo relies on the
    /// order being the same on every call, for reproducible draws).
    pub fn for_each_param_mut<F>(&mut self, mut f: F)
    where
        F: FnMut(ParamOwner<'_>, &str, Slot, &mut Param),
    {
        f(
            ParamOwner::Model,
            "discount_rate",
            Slot::DiscountRate,
            &mut self.discount_rate,
        );
        f(
            ParamOwner::Model,
            "co2_price_sek_per_kg",
            Slot::Co2Price,
            &mut self.co2_price_sek_per_kg,
        );
        for (i, c) in self.carriers.iter_mut().enumerate() {
            let o = ParamOwner::Carrier(&c.id);
            f(
                o,
                "price_sek_per_unit",
                Slot::CarrierPrice(i),
                &mut c.price_sek_per_unit,
            );
            f(
                o,
                "price_change",
                Slot::CarrierChange(i),
                &mut c.price_change,
            );
            f(
                o,
                "kg_co2e_per_unit",
                Slot::CarrierFactor(i),
                &mut c.kg_co2e_per_unit,
            );
        }
        for (i, p) in self.pollutants.iter_mut().enumerate() {
            f(
                ParamOwner::Pollutant(&p.id),
                "price_sek_per_kg",
                Slot::PollutantPrice(i),
                &mut p.price_sek_per_kg,
            );
        }
        let carriers = &self.carriers;
        let pollutants = &self.pollutants;
        for (i, a) in self.alternatives.iter_mut().enumerate() {
            let o = ParamOwner::Alternative(&a.id);
            f(
                o,
                "investment_sek",
                Slot::Investment(i),
                &mut a.investment_sek,
            );
            f(
                o,
                "installation_sek",
                Slot::Installation(i),
                &mut a.installation_sek,
            );
            f(
                o,
                "activity_per_year",
                Slot::Activity(i),
                &mut a.activity_per_year,
            );
            for (j, e) in a.energy.iter_mut().enumerate() {
                let name = carriers.get(e.carrier).map_or("?", |c| c.id.as_str());
                f(o, name, Slot::Energy(i, j), &mut e.amount);
            }
            f(
                o,
                "maintenance_sek_per_year",
                Slot::Maintenance(i),
                &mut a.maintenance_sek_per_year,
            );
            for (j, r) in a.replacements.iter_mut().enumerate() {
                f(o, &r.label, Slot::Replacement(i, j), &mut r.cost_sek);
            }
            if let Some(rv) = &mut a.residual_value_sek {
                f(o, "residual_value_sek", Slot::Residual(i), rv);
            }
            f(
                o,
                "disposal_cost_sek",
                Slot::Disposal(i),
                &mut a.disposal_cost_sek,
            );
            f(
                o,
                "embodied_kg_co2e",
                Slot::Embodied(i),
                &mut a.embodied_kg_co2e,
            );
            for (j, p) in a.pollutants.iter_mut().enumerate() {
                let name = pollutants.get(p.pollutant).map_or("?", |x| x.id.as_str());
                f(o, name, Slot::PollutantKg(i, j), &mut p.kg);
            }
        }
    }

    /// The parameter at `slot`, if the model has it.
    #[inline]
    pub fn param_mut(&mut self, slot: Slot) -> Option<&mut Param> {
        Some(match slot {
            Slot::DiscountRate => &mut self.discount_rate,
            Slot::Co2Price => &mut self.co2_price_sek_per_kg,
            Slot::CarrierPrice(i) => &mut self.carriers.get_mut(i)?.price_sek_per_unit,
            Slot::CarrierChange(i) => &mut self.carriers.get_mut(i)?.price_change,
            Slot::CarrierFactor(i) => &mut self.carriers.get_mut(i)?.kg_co2e_per_unit,
            Slot::PollutantPrice(i) => &mut self.pollutants.get_mut(i)?.price_sek_per_kg,
            Slot::Investment(i) => &mut self.alternatives.get_mut(i)?.investment_sek,
            Slot::Installation(i) => &mut self.alternatives.get_mut(i)?.installation_sek,
            Slot::Activity(i) => &mut self.alternatives.get_mut(i)?.activity_per_year,
            Slot::Energy(i, j) => &mut self.alternatives.get_mut(i)?.energy.get_mut(j)?.amount,
            Slot::Maintenance(i) => &mut self.alternatives.get_mut(i)?.maintenance_sek_per_year,
            Slot::Replacement(i, j) => {
                &mut self
                    .alternatives
                    .get_mut(i)?
                    .replacements
                    .get_mut(j)?
                    .cost_sek
            }
            Slot::Residual(i) => self.alternatives.get_mut(i)?.residual_value_sek.as_mut()?,
            Slot::Disposal(i) => &mut self.alternatives.get_mut(i)?.disposal_cost_sek,
            Slot::Embodied(i) => &mut self.alternatives.get_mut(i)?.embodied_kg_co2e,
            Slot::PollutantKg(i, j) => &mut self.alternatives.get_mut(i)?.pollutants.get_mut(j)?.kg,
        })
    }

    /// Checks everything the calculation relies on; lists all problems.
    pub fn validate(&self) -> Result<(), Vec<LccError>> {
        let mut errors = Vec::new();
        if self.alternatives.is_empty() {
            errors.push(LccError::NoAlternatives);
        }
        if self.period_years == 0 || self.period_years > MAX_PERIOD_YEARS {
            errors.push(LccError::Period(self.period_years));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, a) in self.alternatives.iter().enumerate() {
            let path = format!("alternatives[{i}] ({})", a.id);
            if !seen.insert(a.id.as_str()) {
                errors.push(invalid(path.clone(), "id förekommer mer än en gång"));
            }
            if !(a.quantity.is_finite() && a.quantity > 0.0) {
                errors.push(invalid(path.clone(), "quantity måste vara större än 0"));
            }
            if a.lifetime_years == 0 {
                errors.push(invalid(path.clone(), "lifetime_years måste vara minst 1"));
            }
            for e in &a.energy {
                if e.carrier >= self.carriers.len() {
                    errors.push(invalid(path.clone(), "okänd energibärare"));
                }
            }
            for p in &a.pollutants {
                if p.pollutant >= self.pollutants.len() {
                    errors.push(invalid(path.clone(), "okänd luftförorening"));
                }
            }
            for r in &a.replacements {
                if r.year == 0 || r.year > self.period_years {
                    errors.push(invalid(
                        path.clone(),
                        format!(
                            "utbytet \"{}\" år {} ligger utanför analysperioden 1–{}",
                            r.label, r.year, self.period_years
                        ),
                    ));
                }
            }
        }
        if let Some(r) = self.reference
            && r >= self.alternatives.len()
        {
            errors.push(invalid(
                "reference".into(),
                "referensalternativet finns inte",
            ));
        }
        let dr = self.discount_rate;
        if dr.value.is_nan() || dr.value <= -1.0 {
            errors.push(invalid(
                "discount_rate".into(),
                "kalkylräntan måste vara större än -1",
            ));
        }
        let mut clone = self.clone();
        clone.for_each_param_mut(|owner, name, _, p| {
            let path = match owner {
                ParamOwner::Model => name.to_string(),
                ParamOwner::Carrier(id) => format!("carriers.{id}.{name}"),
                ParamOwner::Pollutant(id) => format!("pollutants.{id}.{name}"),
                ParamOwner::Alternative(id) => format!("alternatives.{id}.{name}"),
            };
            if !p.value.is_finite() {
                errors.push(invalid(path.clone(), "värdet är inte ett ändligt tal"));
            }
            if let Some(d) = p.dist
                && let Err(msg) = d.check()
            {
                errors.push(invalid(path, msg));
            }
        });
        // Draws of the discount rate or a price change at or below -100 %
        // would divide by zero; bounded distributions can be checked here,
        // unbounded ones are clamped when drawn (see uncertainty.rs).
        let mut low = vec![("discount_rate", self.discount_rate)];
        for c in &self.carriers {
            low.push(("price_change", c.price_change));
        }
        for (name, p) in low {
            if let Some(d) = p.dist
                && d.lower_bound().is_some_and(|lo| lo <= -1.0)
            {
                errors.push(invalid(name.into(), "fördelningen når -100 % eller lägre"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Rounds a krona amount to whole öre, half away from zero: results are
/// shown and compared at this precision (docs/decisions.md).
pub fn round_ore(sek: f64) -> f64 {
    (sek * 100.0).round() / 100.0
}
