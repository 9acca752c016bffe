//! The operational lifetime cost method of the Clean Vehicles Directive
//! (2009/33/EC, Article 6 and Annex): energy, CO2 and pollutant costs over
//! the vehicle category's lifetime mileage, undiscounted, in EUR.
//!
//! The directive's figures live in `data/lcc/cvd_*.csv` with their source
//! and are embedded at compile time.

use serde::Serialize;

pub const ENERGY_CONTENT_CSV: &str = include_str!("../../../../data/lcc/cvd_energy_content.csv");
pub const LIFETIME_MILEAGE_CSV: &str =
    include_str!("../../../../data/lcc/cvd_lifetime_mileage.csv");
pub const EMISSION_COSTS_CSV: &str = include_str!("../../../../data/lcc/cvd_emission_costs.csv");

/// Data rows of an embedded CSV: skips `#` source lines and the header.
fn rows(csv: &str) -> impl Iterator<Item = Vec<&str>> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split(',').map(str::trim).collect())
}

fn field_f64(row: &[&str], i: usize) -> Option<f64> {
    row.get(i)?.parse().ok()
}

/// Energy content (MJ per unit) of a fuel: `(unit, min, max)`.
pub fn energy_content(fuel: &str) -> Option<(String, f64, f64)> {
    rows(ENERGY_CONTENT_CSV).find_map(|r| {
        (r.first() == Some(&fuel))
            .then(|| Some((r.get(1)?.to_string(), field_f64(&r, 2)?, field_f64(&r, 3)?)))?
    })
}

/// Lifetime mileage (km) of a vehicle category: `M1`, `N1`, `N2_N3`, `M2_M3`.
pub fn lifetime_km(class: &str) -> Option<f64> {
    rows(LIFETIME_MILEAGE_CSV)
        .find_map(|r| (r.first() == Some(&class)).then(|| field_f64(&r, 2))?)
}

/// Cost of an emission in EUR per unit (kg CO2, g of the others), 2007
/// prices: `(min, max)`.
pub fn emission_cost_eur(pollutant: &str) -> Option<(f64, f64)> {
    rows(EMISSION_COSTS_CSV).find_map(|r| {
        (r.first() == Some(&pollutant)).then(|| Some((field_f64(&r, 2)?, field_f64(&r, 3)?)))?
    })
}

/// One vehicle as the directive describes it, per km.
#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    /// Fuel consumption in the fuel's unit (l, Nm3) per km.
    pub consumption_per_km: f64,
    pub energy_mj_per_unit: f64,
    pub co2_kg_per_km: f64,
    pub nox_g_per_km: f64,
    pub nmhc_g_per_km: f64,
    pub pm_g_per_km: f64,
}

/// The prices the buyer applies, EUR.
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// The lower of petrol or diesel before tax, per MJ (Annex: one price
    /// for all fuels).
    pub energy_eur_per_mj: f64,
    pub co2_eur_per_kg: f64,
    pub nox_eur_per_g: f64,
    pub nmhc_eur_per_g: f64,
    pub pm_eur_per_g: f64,
}

impl Prices {
    /// The directive's Table 2 values (CO2 at the upper end of its range)
    /// with the buyer's energy price.
    pub fn directive(energy_eur_per_mj: f64) -> Option<Prices> {
        Some(Prices {
            energy_eur_per_mj,
            co2_eur_per_kg: emission_cost_eur("co2")?.1,
            nox_eur_per_g: emission_cost_eur("nox")?.1,
            nmhc_eur_per_g: emission_cost_eur("nmhc")?.1,
            pm_eur_per_g: emission_cost_eur("pm")?.1,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OperationalCost {
    pub energy_eur: f64,
    pub co2_eur: f64,
    pub nox_eur: f64,
    pub nmhc_eur: f64,
    pub pm_eur: f64,
    pub total_eur: f64,
}

/// Lifetime cost = remaining km × per-km quantity × price, per part.
/// `remaining_km` is the category's lifetime mileage minus what the vehicle
/// has already run (the directive allows for used vehicles).
pub fn operational_lifetime_cost(v: &Vehicle, p: &Prices, remaining_km: f64) -> OperationalCost {
    let km = remaining_km.max(0.0);
    let energy_eur = km * v.consumption_per_km * v.energy_mj_per_unit * p.energy_eur_per_mj;
    let co2_eur = km * v.co2_kg_per_km * p.co2_eur_per_kg;
    let nox_eur = km * v.nox_g_per_km * p.nox_eur_per_g;
    let nmhc_eur = km * v.nmhc_g_per_km * p.nmhc_eur_per_g;
    let pm_eur = km * v.pm_g_per_km * p.pm_eur_per_g;
    OperationalCost {
        energy_eur,
        co2_eur,
        nox_eur,
        nmhc_eur,
        pm_eur,
        total_eur: energy_eur + co2_eur + nox_eur + nmhc_eur + pm_eur,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_hold_the_directive_figures() {
        assert_eq!(energy_content("diesel"), Some(("l".into(), 36.0, 36.0)));
        assert_eq!(
            energy_content("natural_gas_biogas"),
            Some(("Nm3".into(), 33.0, 38.0))
        );
        assert_eq!(energy_content("hydrogen").map(|x| x.1), Some(11.0));
        assert_eq!(lifetime_km("M1"), Some(200_000.0));
        assert_eq!(lifetime_km("N1"), Some(250_000.0));
        assert_eq!(lifetime_km("N2_N3"), Some(1_000_000.0));
        assert_eq!(lifetime_km("M2_M3"), Some(800_000.0));
        assert_eq!(emission_cost_eur("co2"), Some((0.03, 0.04)));
        assert_eq!(emission_cost_eur("pm"), Some((0.087, 0.087)));
        assert_eq!(lifetime_km("X"), None);
    }

    #[test]
    fn diesel_car_by_hand() {
        // A diesel M1 car, 0.05 l/km, 130 g CO2/km, 0.06 g NOx, 0.01 g NMHC,
        // 0.002 g PM per km; energy 0.03 EUR/MJ.
        // energy 200 000 × 0.05 × 36 × 0.03 = 10 800
        // CO2    200 000 × 0.13 × 0.04      =  1 040
        // NOx    200 000 × 0.06 × 0.0044    =     52.8
        // NMHC   200 000 × 0.01 × 0.001     =      2
        // PM     200 000 × 0.002 × 0.087    =     34.8    total 11 929.6
        let v = Vehicle {
            consumption_per_km: 0.05,
            energy_mj_per_unit: energy_content("diesel").unwrap().1,
            co2_kg_per_km: 0.13,
            nox_g_per_km: 0.06,
            nmhc_g_per_km: 0.01,
            pm_g_per_km: 0.002,
        };
        let p = Prices::directive(0.03).unwrap();
        let c = operational_lifetime_cost(&v, &p, lifetime_km("M1").unwrap());
        assert!((c.energy_eur - 10_800.0).abs() < 1e-6);
        assert!((c.co2_eur - 1_040.0).abs() < 1e-6);
        assert!((c.nox_eur - 52.8).abs() < 1e-9);
        assert!((c.nmhc_eur - 2.0).abs() < 1e-9);
        assert!((c.pm_eur - 34.8).abs() < 1e-9);
        assert!((c.total_eur - 11_929.6).abs() < 1e-6);
    }
}
