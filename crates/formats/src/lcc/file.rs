//! The TOML model file (docs/lcc.md) → [`upphandla_core::lcc::Model`].
//!
//! Shared with the tender file: numbers that may be uncertain ([`ParamIn`]),
//! the "FYLL I" marker for values a template asks the user for, exact SEK
//! amounts, and Swedish errors with line and column.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use upphandla_core::lcc::cvd;
use upphandla_core::lcc::{
    Alternative, Carrier, Distribution, EnergyUse, Model, Param, Pollutant, PollutantEmission,
    Replacement,
};

/// Marker a template puts where the user must give a value.
pub const REQUIRED_MARKER: &str = "FYLL I";

/// An error in an input file, with the position where one is known.
/// Serialised as `{ "line": 21, "column": 17, "message": "…" }` for the JSON API.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "rad {l}, kolumn {c}: {}", self.message),
            (Some(l), None) => write!(f, "rad {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for FileError {}

impl FileError {
    pub fn plain(message: impl Into<String>) -> FileError {
        FileError {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Every `"FYLL I…"` value still in the file, so a template lists all the
/// values it needs at once instead of one per run. Line based, so it also
/// finds markers in a file that is not valid TOML.
pub fn unfilled(text: &str) -> Vec<FileError> {
    let needle = format!("\"{REQUIRED_MARKER}");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        for (pos, _) in line.match_indices(&needle) {
            let key = marker_key(line.get(..pos).unwrap_or(""));
            let hint = line
                .get(pos + 1..)
                .and_then(|s| s.split('"').next())
                .unwrap_or(REQUIRED_MARKER);
            out.push(FileError {
                line: Some(i + 1),
                column: Some(line.get(..pos).map_or(1, |s| s.chars().count() + 1)),
                message: required_message(&key, hint),
            });
        }
    }
    out
}

/// The error for a value a template asks for and nobody gave.
pub(crate) fn required_message(key: &str, marker: &str) -> String {
    format!("värdet för \"{key}\" måste fyllas i ({marker}) / value required")
}

/// The key a marker is the value of: the last name before the `=` that
/// precedes it (works inside inline tables too).
fn marker_key(before: &str) -> String {
    let t = before.trim_end().trim_end_matches('=').trim_end();
    t.chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// A TOML parse or schema error with its position.
pub fn toml_error(text: &str, e: &toml::de::Error) -> FileError {
    let (line, column) = match e.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    FileError {
        line,
        column,
        message: translate(e.message().trim()),
    }
}

/// Swedish for serde's and toml's most common messages (English kept after).
fn translate(message: &str) -> String {
    let sv = if message.starts_with("unknown field") {
        "okänt fält"
    } else if message.starts_with("missing field") {
        "fält saknas"
    } else if message.starts_with("invalid type") {
        "fel typ av värde"
    } else if message.starts_with("duplicate key") {
        "nyckeln förekommer två gånger"
    } else if message.starts_with("unknown variant") {
        "okänt värde"
    } else if message.starts_with("invalid") || message.starts_with("expected") {
        "ogiltig TOML"
    } else {
        return message.to_string();
    };
    format!("{sv} ({message})")
}

/// A number that may be uncertain: `0.035`, or a table
/// `{ dist = "triangular", min = 0.01, mode = 0.035, max = 0.06 }` with an
/// optional `value` for the reference case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamIn(pub Param);

impl<'de> Deserialize<'de> for ParamIn {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<ParamIn, D::Error> {
        d.deserialize_any(ParamVisitor)
    }
}

struct ParamVisitor;

impl<'de> Visitor<'de> for ParamVisitor {
    type Value = ParamIn;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ett tal eller en fördelning, t.ex. { dist = \"triangular\", min = 1, mode = 2, max = 4 }")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamIn, E> {
        Ok(ParamIn(Param::fixed(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamIn, E> {
        Ok(ParamIn(Param::fixed(v as f64)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParamIn, E> {
        if v.is_finite() {
            Ok(ParamIn(Param::fixed(v)))
        } else {
            Err(E::custom("talet måste vara ändligt (inte inf eller nan)"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ParamIn, E> {
        if v.starts_with(REQUIRED_MARKER) {
            Err(E::custom(format!("värdet måste fyllas i: {v}")))
        } else {
            Err(E::custom(format!(
                "väntade ett tal eller en fördelning, fick texten \"{v}\""
            )))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ParamIn, A::Error> {
        let mut dist: Option<String> = None;
        let mut fields: BTreeMap<String, f64> = BTreeMap::new();
        let mut value = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "dist" => dist = Some(map.next_value()?),
                "value" => value = Some(map.next_value::<f64>()?),
                "min" | "mode" | "max" | "mean" | "sd" => {
                    let v: f64 = map.next_value()?;
                    fields.insert(key, v);
                }
                other => {
                    return Err(de::Error::custom(format!(
                        "okänt fält \"{other}\" i fördelningen (tillåtna: dist, value, min, mode, max, mean, sd)"
                    )));
                }
            }
        }
        let get = |k: &str| {
            fields
                .get(k)
                .copied()
                .ok_or_else(|| de::Error::custom(format!("fördelningen saknar fältet \"{k}\"")))
        };
        let allowed: &[&str] = match dist.as_deref() {
            Some("triangular") => &["min", "mode", "max"],
            Some("uniform") => &["min", "max"],
            Some("normal") | Some("lognormal") => &["mean", "sd"],
            Some(other) => {
                return Err(de::Error::custom(format!(
                    "okänd fördelning \"{other}\" (triangular, uniform, normal, lognormal)"
                )));
            }
            None => return Err(de::Error::custom("fördelningen saknar \"dist\"")),
        };
        if let Some(extra) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(de::Error::custom(format!(
                "fältet \"{extra}\" hör inte till fördelningen (använd {})",
                allowed.join(", ")
            )));
        }
        let d = match dist.as_deref() {
            Some("triangular") => Distribution::Triangular {
                min: get("min")?,
                mode: get("mode")?,
                max: get("max")?,
            },
            Some("uniform") => Distribution::Uniform {
                min: get("min")?,
                max: get("max")?,
            },
            Some("normal") => Distribution::Normal {
                mean: get("mean")?,
                sd: get("sd")?,
            },
            _ => Distribution::Lognormal {
                mean: get("mean")?,
                sd: get("sd")?,
            },
        };
        d.check().map_err(de::Error::custom)?;
        let mut p = Param::uncertain(d);
        if let Some(v) = value {
            p.value = v;
        }
        Ok(ParamIn(p))
    }
}

/// Checks that a point value in kronor has at most two decimals (whole öre):
/// user amounts are exact, not rounded behind the user's back.
pub fn check_sek(p: &Param, path: &str, errors: &mut Vec<FileError>) {
    if p.dist.is_none() && !is_whole_ore(p.value) {
        errors.push(FileError::plain(format!(
            "{path}: beloppet {} kr har fler än två decimaler (öre)",
            p.value
        )));
    }
}

pub fn is_whole_ore(sek: f64) -> bool {
    let ore = sek * 100.0;
    ore.is_finite() && ore.abs() < 9.0e15 && (ore - ore.round()).abs() < 1e-6
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloIn {
    pub draws: Option<usize>,
    pub seed: Option<u64>,
}

/// Inputs of the directive's method for every alternative that has `cvd`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CvdSpec {
    #[serde(skip)]
    pub prices: cvd::Prices,
    pub sek_per_eur: f64,
    pub vehicles: Vec<CvdVehicle>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CvdVehicle {
    pub alternative: String,
    pub quantity: f64,
    pub class: String,
    /// Lifetime mileage of the class minus what the vehicle has run.
    pub remaining_km: f64,
    #[serde(skip)]
    pub vehicle: cvd::Vehicle,
}

/// Checks the directive inputs; `errors` gets every problem.
fn parse_cvd(
    params: Option<&CvdParamsIn>,
    alternatives: &[AlternativeIn],
    errors: &mut Vec<FileError>,
) -> Option<CvdSpec> {
    let with_cvd: Vec<&AlternativeIn> = alternatives.iter().filter(|a| a.cvd.is_some()).collect();
    let Some(p) = params else {
        if let Some(a) = with_cvd.first() {
            errors.push(FileError::plain(format!(
                "alternatives \"{}\": cvd kräver avsnittet [clean_vehicles_directive] med energipris och växelkurs",
                a.id
            )));
        }
        return None;
    };
    let table = |name: &str| cvd::emission_cost_eur(name).map_or(0.0, |x| x.1);
    let mut price = |given: Option<f64>, name: &str, label: &str| -> f64 {
        let top = table(name);
        let v = given.unwrap_or(top);
        // Article 6: higher costs are allowed up to twice the table's values.
        if !(v.is_finite() && v >= 0.0 && v <= 2.0 * top + 1e-12) {
            errors.push(FileError::plain(format!(
                "clean_vehicles_directive.{label}: {v} ligger utanför 0–{} (högst dubbla värdet i direktivets tabell 2)",
                2.0 * top
            )));
        }
        v
    };
    let prices = cvd::Prices {
        energy_eur_per_mj: p.energy_price_eur_per_mj,
        co2_eur_per_kg: price(p.co2_eur_per_kg, "co2", "co2_eur_per_kg"),
        nox_eur_per_g: price(p.nox_eur_per_g, "nox", "nox_eur_per_g"),
        nmhc_eur_per_g: price(p.nmhc_eur_per_g, "nmhc", "nmhc_eur_per_g"),
        pm_eur_per_g: price(p.pm_eur_per_g, "pm", "pm_eur_per_g"),
    };
    let energy_ok = p.energy_price_eur_per_mj.is_finite() && p.energy_price_eur_per_mj >= 0.0;
    let rate_ok = p.sek_per_eur.is_finite() && p.sek_per_eur > 0.0;
    if !(energy_ok && rate_ok) {
        errors.push(FileError::plain(
            "clean_vehicles_directive: energipriset måste vara minst 0 och växelkursen större än 0",
        ));
    }
    let mut vehicles = Vec::new();
    for a in with_cvd {
        let Some(v) = &a.cvd else { continue };
        let path = format!("alternatives \"{}\".cvd", a.id);
        let Some(lifetime) = cvd::lifetime_km(&v.class) else {
            errors.push(FileError::plain(format!(
                "{path}: okänd fordonskategori \"{}\" (M1, N1, N2_N3, M2_M3)",
                v.class
            )));
            continue;
        };
        // Energy per km: from the fuel and its energy content, or given in MJ/km
        // (electricity and fuels the directive's table does not list).
        let (consumption, mj_per_unit) = match (&v.fuel, v.energy_mj_per_km) {
            (None, Some(mj)) => (1.0, mj),
            (Some(fuel), None) => {
                let Some((_, lo, hi)) = cvd::energy_content(fuel) else {
                    errors.push(FileError::plain(format!(
                        "{path}: bränslet \"{fuel}\" finns inte i direktivets tabell 1 (ange energy_mj_per_km i stället)"
                    )));
                    continue;
                };
                let mj = match v.energy_mj_per_unit {
                    Some(x) if x >= lo && x <= hi => x,
                    Some(x) => {
                        errors.push(FileError::plain(format!(
                            "{path}: energy_mj_per_unit {x} ligger utanför direktivets {lo}–{hi}"
                        )));
                        continue;
                    }
                    None if lo == hi => lo,
                    None => {
                        errors.push(FileError::plain(format!(
                            "{path}: direktivet anger {lo}–{hi} MJ per enhet för {fuel}; ange energy_mj_per_unit"
                        )));
                        continue;
                    }
                };
                let Some(c) = v.consumption_per_km else {
                    errors.push(FileError::plain(format!(
                        "{path}: consumption_per_km saknas (bränsle per km)"
                    )));
                    continue;
                };
                (c, mj)
            }
            _ => {
                errors.push(FileError::plain(format!(
                    "{path}: ange antingen fuel med consumption_per_km eller energy_mj_per_km"
                )));
                continue;
            }
        };
        vehicles.push(CvdVehicle {
            alternative: a.id.clone(),
            quantity: a.quantity.unwrap_or(1.0),
            class: v.class.clone(),
            remaining_km: (lifetime - v.mileage_km).max(0.0),
            vehicle: cvd::Vehicle {
                consumption_per_km: consumption,
                energy_mj_per_unit: mj_per_unit,
                co2_kg_per_km: v.co2_g_per_km / 1000.0,
                nox_g_per_km: v.nox_g_per_km,
                nmhc_g_per_km: v.nmhc_g_per_km,
                pm_g_per_km: v.pm_g_per_km,
            },
        });
    }
    Some(CvdSpec {
        prices,
        sek_per_eur: p.sek_per_eur,
        vehicles,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CarrierIn {
    id: String,
    name: String,
    unit: String,
    kwh_per_unit: Option<f64>,
    price_sek_per_unit: ParamIn,
    #[serde(default)]
    price_change: Option<ParamIn>,
    kg_co2e_per_unit: ParamIn,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PollutantIn {
    id: String,
    name: String,
    price_sek_per_kg: ParamIn,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplacementIn {
    label: String,
    year: u32,
    cost_sek: ParamIn,
}

/// `[clean_vehicles_directive]`: the buyer's prices for the directive's method.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CvdParamsIn {
    energy_price_eur_per_mj: f64,
    sek_per_eur: f64,
    #[serde(default)]
    co2_eur_per_kg: Option<f64>,
    #[serde(default)]
    nox_eur_per_g: Option<f64>,
    #[serde(default)]
    nmhc_eur_per_g: Option<f64>,
    #[serde(default)]
    pm_eur_per_g: Option<f64>,
}

/// `cvd = { … }` on an alternative: the vehicle as the directive describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CvdVehicleIn {
    class: String,
    #[serde(default)]
    fuel: Option<String>,
    #[serde(default)]
    consumption_per_km: Option<f64>,
    #[serde(default)]
    energy_mj_per_unit: Option<f64>,
    #[serde(default)]
    energy_mj_per_km: Option<f64>,
    co2_g_per_km: f64,
    #[serde(default)]
    nox_g_per_km: f64,
    #[serde(default)]
    nmhc_g_per_km: f64,
    #[serde(default)]
    pm_g_per_km: f64,
    #[serde(default)]
    mileage_km: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlternativeIn {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    quantity: Option<f64>,
    investment_sek: ParamIn,
    #[serde(default)]
    installation_sek: Option<ParamIn>,
    lifetime_years: u32,
    #[serde(default)]
    activity_per_year: Option<ParamIn>,
    #[serde(default)]
    activity_unit: String,
    #[serde(default)]
    energy_per_year: BTreeMap<String, ParamIn>,
    #[serde(default)]
    energy_per_activity: BTreeMap<String, ParamIn>,
    #[serde(default)]
    maintenance_sek_per_year: Option<ParamIn>,
    #[serde(default)]
    replacements: Vec<ReplacementIn>,
    #[serde(default)]
    residual_value_sek: Option<ParamIn>,
    #[serde(default)]
    disposal_cost_sek: Option<ParamIn>,
    #[serde(default)]
    embodied_kg_co2e: Option<ParamIn>,
    #[serde(default)]
    embodied_source: String,
    #[serde(default)]
    pollutants_kg_per_year: BTreeMap<String, ParamIn>,
    #[serde(default)]
    pollutants_kg_per_activity: BTreeMap<String, ParamIn>,
    #[serde(default)]
    cvd: Option<CvdVehicleIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelIn {
    name: String,
    #[serde(default)]
    description: String,
    period_years: u32,
    discount_rate: ParamIn,
    #[serde(default)]
    discount_rate_source: String,
    #[serde(default)]
    co2_price_sek_per_kg: Option<ParamIn>,
    #[serde(default)]
    co2_price_source: String,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    monte_carlo: Option<MonteCarloIn>,
    #[serde(default)]
    clean_vehicles_directive: Option<CvdParamsIn>,
    #[serde(default)]
    carriers: Vec<CarrierIn>,
    #[serde(default)]
    pollutants: Vec<PollutantIn>,
    alternatives: Vec<AlternativeIn>,
}

/// What the file says besides the model itself.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ModelNotes {
    pub description: String,
    pub discount_rate_source: String,
    pub co2_price_source: String,
    /// Per alternative id: its description and embodied-emission source.
    pub alternatives: Vec<(String, String, String)>,
    pub draws: Option<usize>,
    pub seed: Option<u64>,
    /// The Clean Vehicles Directive calculation, when the file asks for it.
    pub cvd: Option<CvdSpec>,
}

/// Parses and checks a model file; all problems found are returned.
pub fn parse_model(text: &str) -> Result<(Model, ModelNotes), Vec<FileError>> {
    let missing = unfilled(text);
    if !missing.is_empty() {
        return Err(missing);
    }
    let input: ModelIn = toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
    let mut errors = Vec::new();
    let carrier_index: BTreeMap<&str, usize> = input
        .carriers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let pollutant_index: BTreeMap<&str, usize> = input
        .pollutants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    if carrier_index.len() != input.carriers.len() {
        errors.push(FileError::plain("två energibärare har samma id"));
    }
    if pollutant_index.len() != input.pollutants.len() {
        errors.push(FileError::plain("två luftföroreningar har samma id"));
    }
    let carriers = input
        .carriers
        .iter()
        .map(|c| Carrier {
            id: c.id.clone(),
            name: c.name.clone(),
            unit: c.unit.clone(),
            kwh_per_unit: c.kwh_per_unit,
            price_sek_per_unit: c.price_sek_per_unit.0,
            price_change: c.price_change.map_or(Param::ZERO, |p| p.0),
            kg_co2e_per_unit: c.kg_co2e_per_unit.0,
            source: c.source.clone(),
        })
        .collect();
    let pollutants = input
        .pollutants
        .iter()
        .map(|p| Pollutant {
            id: p.id.clone(),
            name: p.name.clone(),
            price_sek_per_kg: p.price_sek_per_kg.0,
            source: p.source.clone(),
        })
        .collect();
    let mut notes = ModelNotes {
        description: input.description.clone(),
        discount_rate_source: input.discount_rate_source.clone(),
        co2_price_source: input.co2_price_source.clone(),
        alternatives: Vec::new(),
        draws: input.monte_carlo.as_ref().and_then(|m| m.draws),
        seed: input.monte_carlo.as_ref().and_then(|m| m.seed),
        cvd: parse_cvd(
            input.clean_vehicles_directive.as_ref(),
            &input.alternatives,
            &mut errors,
        ),
    };
    let mut alternatives = Vec::new();
    for a in &input.alternatives {
        let path = format!("alternatives \"{}\"", a.id);
        let mut energy = Vec::new();
        for (per_activity, map) in [(false, &a.energy_per_year), (true, &a.energy_per_activity)] {
            for (carrier, amount) in map {
                match carrier_index.get(carrier.as_str()) {
                    Some(&i) => energy.push(EnergyUse {
                        carrier: i,
                        amount: amount.0,
                        per_activity,
                    }),
                    None => errors.push(FileError::plain(format!(
                        "{path}: energibäraren \"{carrier}\" finns inte under [[carriers]]"
                    ))),
                }
            }
        }
        let mut emissions = Vec::new();
        for (per_activity, map) in [
            (false, &a.pollutants_kg_per_year),
            (true, &a.pollutants_kg_per_activity),
        ] {
            for (pollutant, kg) in map {
                match pollutant_index.get(pollutant.as_str()) {
                    Some(&i) => emissions.push(PollutantEmission {
                        pollutant: i,
                        kg: kg.0,
                        per_activity,
                    }),
                    None => errors.push(FileError::plain(format!(
                        "{path}: luftföroreningen \"{pollutant}\" finns inte under [[pollutants]]"
                    ))),
                }
            }
        }
        if (!a.energy_per_activity.is_empty() || !a.pollutants_kg_per_activity.is_empty())
            && a.activity_per_year.is_none()
        {
            errors.push(FileError::plain(format!(
                "{path}: energy_per_activity kräver activity_per_year (t.ex. km eller brinntimmar per år)"
            )));
        }
        let alt = Alternative {
            id: a.id.clone(),
            name: a.name.clone(),
            quantity: a.quantity.unwrap_or(1.0),
            investment_sek: a.investment_sek.0,
            installation_sek: a.installation_sek.map_or(Param::ZERO, |p| p.0),
            lifetime_years: a.lifetime_years,
            activity_per_year: a.activity_per_year.map_or(Param::fixed(1.0), |p| p.0),
            activity_unit: a.activity_unit.clone(),
            energy,
            maintenance_sek_per_year: a.maintenance_sek_per_year.map_or(Param::ZERO, |p| p.0),
            replacements: a
                .replacements
                .iter()
                .map(|r| Replacement {
                    label: r.label.clone(),
                    year: r.year,
                    cost_sek: r.cost_sek.0,
                })
                .collect(),
            residual_value_sek: a.residual_value_sek.map(|p| p.0),
            disposal_cost_sek: a.disposal_cost_sek.map_or(Param::ZERO, |p| p.0),
            embodied_kg_co2e: a.embodied_kg_co2e.map_or(Param::ZERO, |p| p.0),
            pollutants: emissions,
        };
        for (field, p) in [
            ("investment_sek", Some(&alt.investment_sek)),
            ("installation_sek", Some(&alt.installation_sek)),
            (
                "maintenance_sek_per_year",
                Some(&alt.maintenance_sek_per_year),
            ),
            ("residual_value_sek", alt.residual_value_sek.as_ref()),
            ("disposal_cost_sek", Some(&alt.disposal_cost_sek)),
        ] {
            if let Some(p) = p {
                check_sek(p, &format!("{path}.{field}"), &mut errors);
            }
        }
        for r in &alt.replacements {
            check_sek(
                &r.cost_sek,
                &format!("{path}.replacements \"{}\"", r.label),
                &mut errors,
            );
        }
        notes.alternatives.push((
            a.id.clone(),
            a.description.clone(),
            a.embodied_source.clone(),
        ));
        alternatives.push(alt);
    }
    let reference = match &input.reference {
        Some(id) => match alternatives.iter().position(|a: &Alternative| &a.id == id) {
            Some(i) => Some(i),
            None => {
                errors.push(FileError::plain(format!(
                    "reference: alternativet \"{id}\" finns inte"
                )));
                None
            }
        },
        None => None,
    };
    let model = Model {
        name: input.name,
        period_years: input.period_years,
        discount_rate: input.discount_rate.0,
        co2_price_sek_per_kg: input.co2_price_sek_per_kg.map_or(Param::ZERO, |p| p.0),
        carriers,
        pollutants,
        alternatives,
        reference,
    };
    if let Err(es) = model.validate() {
        errors.extend(es.into_iter().map(|e| FileError::plain(e.to_string())));
    }
    if errors.is_empty() {
        Ok((model, notes))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "Test"
period_years = 3
discount_rate = 0.05

[[carriers]]
id = "el"
name = "El"
unit = "kWh"
kwh_per_unit = 1
price_sek_per_unit = 1
kg_co2e_per_unit = 0.1
source = "test"

[[alternatives]]
id = "a"
name = "A"
quantity = 2
investment_sek = 1000
lifetime_years = 3
maintenance_sek_per_year = 10
energy_per_year = { el = 100 }
"#;

    #[test]
    fn minimal_model_reproduces_the_core_hand_case() {
        let (m, _) = parse_model(MINIMAL).unwrap();
        let r = upphandla_core::lcc::calc::evaluate(&m);
        assert_eq!(r.alternatives[0].total_sek, 2599.11);
    }

    #[test]
    fn errors_carry_line_and_column_in_swedish() {
        let text = MINIMAL.replace("lifetime_years = 3", "lifetime_years = 3\ncolour = 1");
        let e = parse_model(&text).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(21));
        assert!(
            e[0].to_string().starts_with("rad 21, kolumn 1: okänt fält"),
            "{}",
            e[0]
        );

        let text = MINIMAL.replace(
            "discount_rate = 0.05",
            "discount_rate = { dist = \"triangular\", min = 0.1, mode = 0.05, max = 0.2 }",
        );
        let e = parse_model(&text).unwrap_err();
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].message.contains("min ≤ mode ≤ max"), "{}", e[0]);
    }

    #[test]
    fn required_markers_are_all_listed() {
        let text = MINIMAL
            .replace(
                "price_sek_per_unit = 1",
                "price_sek_per_unit = \"FYLL I: elpris kr/kWh\"",
            )
            .replace(
                "investment_sek = 1000",
                "investment_sek = \"FYLL I: pris per styck\"",
            );
        let e = parse_model(&text).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, Some(11));
        assert!(e[0].message.contains("price_sek_per_unit"));
        assert!(e[1].message.contains("pris per styck"));
    }

    #[test]
    fn sek_amounts_must_be_whole_ore_and_references_exist() {
        let text = MINIMAL
            .replace("investment_sek = 1000", "investment_sek = 1000.005")
            .replace("{ el = 100 }", "{ gas = 100 }");
        let e = parse_model(&text).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|x| x.message.contains("två decimaler")));
        assert!(e.iter().any(|x| x.message.contains("\"gas\"")));
    }

    #[test]
    fn distributions_parse() {
        let text = MINIMAL.replace(
            "energy_per_year = { el = 100 }",
            "energy_per_year = { el = { dist = \"normal\", mean = 100, sd = 10 } }",
        );
        let (m, _) = parse_model(&text).unwrap();
        assert_eq!(
            m.alternatives[0].energy[0].amount.dist,
            Some(Distribution::Normal {
                mean: 100.0,
                sd: 10.0
            })
        );
        let bad = MINIMAL.replace(
            "discount_rate = 0.05",
            "discount_rate = { dist = \"beta\" }",
        );
        assert!(
            parse_model(&bad).unwrap_err()[0]
                .message
                .contains("okänd fördelning")
        );
    }
}
