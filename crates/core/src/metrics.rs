//! The quantities a supplier reports in contract follow-up, one vocabulary
//! shared by the report form and upload, the check against a contract
//! requirement, and the measured result. A key never changes once reports
//! use it; the factor that turns a quantity into CO2e lives with the result
//! calculation, each with its source.

use crate::process::Text;

/// What kind of quantity a metric is; decides how results use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// A fuel bought or used, in litres, kg or Nm³ (turned into kWh and CO2e).
    Fuel,
    /// Electricity or heat used, in kWh.
    Energy,
    /// Distance driven, a count, or another activity measure (no CO2e of its own).
    Activity,
    /// A share in percent (0–100), checked against a requirement.
    Share,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub key: &'static str,
    pub unit: &'static str,
    pub kind: MetricKind,
    pub name: Text,
}

const fn metric(
    key: &'static str,
    unit: &'static str,
    kind: MetricKind,
    sv: &'static str,
    en: &'static str,
) -> Metric {
    Metric {
        key,
        unit,
        kind,
        name: Text { sv, en },
    }
}

/// Every metric a report can carry, in the order forms show them.
pub const METRICS: &[Metric] = &[
    metric(
        "diesel_l",
        "l",
        MetricKind::Fuel,
        "Diesel (MK1, med inblandning)",
        "Diesel (MK1, blended)",
    ),
    metric(
        "bensin_l",
        "l",
        MetricKind::Fuel,
        "Bensin (med inblandning)",
        "Petrol (blended)",
    ),
    metric("hvo100_l", "l", MetricKind::Fuel, "HVO100", "HVO100"),
    metric("e85_l", "l", MetricKind::Fuel, "E85", "E85"),
    metric("ed95_l", "l", MetricKind::Fuel, "ED95", "ED95"),
    metric(
        "biogas_nm3",
        "Nm³",
        MetricKind::Fuel,
        "Fordonsgas (biogas)",
        "Vehicle gas (biogas)",
    ),
    metric("el_kwh", "kWh", MetricKind::Energy, "El", "Electricity"),
    metric(
        "fjarrvarme_kwh",
        "kWh",
        MetricKind::Energy,
        "Fjärrvärme",
        "District heating",
    ),
    metric(
        "fordon_km",
        "km",
        MetricKind::Activity,
        "Körda fordonskilometer",
        "Vehicle kilometres driven",
    ),
    metric(
        "fordon_antal",
        "st",
        MetricKind::Activity,
        "Fordon i uppdraget",
        "Vehicles in service",
    ),
    metric(
        "andel_fornybar_drivmedel_pct",
        "%",
        MetricKind::Share,
        "Andel förnybara drivmedel",
        "Share of renewable fuels",
    ),
    metric(
        "andel_fossilfria_fordon_pct",
        "%",
        MetricKind::Share,
        "Andel fossilfria fordon",
        "Share of fossil-free vehicles",
    ),
    metric(
        "andel_fornybar_el_pct",
        "%",
        MetricKind::Share,
        "Andel förnybar el",
        "Share of renewable electricity",
    ),
];

/// The metric with `key`, if there is one.
pub fn metric_by_key(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_found() {
        for (i, m) in METRICS.iter().enumerate() {
            assert!(METRICS[..i].iter().all(|o| o.key != m.key), "{}", m.key);
            assert_eq!(metric_by_key(m.key), Some(m));
            assert!(m.key.ends_with(m.unit_suffix()), "{} vs {}", m.key, m.unit);
        }
        assert_eq!(metric_by_key("okänd"), None);
    }

    impl Metric {
        /// The key names its unit, so a stored value cannot be read in the wrong one.
        fn unit_suffix(&self) -> &'static str {
            match self.unit {
                "l" => "_l",
                "Nm³" => "_nm3",
                "kWh" => "_kwh",
                "km" => "_km",
                "st" => "_antal",
                _ => "_pct",
            }
        }
    }
}
