//! From opened bids to the evaluation engine's input: a tender file (one
//! `[[bids]]` per bid) and, for an LCC-based award, the tender call's copy
//! of the linked LCC model with its reference alternative kept as the
//! baseline and one `[[alternatives]]` per bid built from the bid's data
//! (investment, energy carrier and use, maintenance, residual value) and
//! the reference's quantity, lifetime and activity. The engine
//! (`upphandla_formats::evaluation::compute`) does the rest, as for a
//! tender file written by hand.

use upphandla_core::lcc::calc::AlternativeResult;
use upphandla_formats::evaluation::{self, EvaluateRun};
use upphandla_formats::lcc::FileError;
use upphandla_store::{Bid, TenderCall};

/// What `lcc_model` is called in the generated tender file.
pub const LCC_FILE: &str = "anbudens-lcc.toml";

/// The tender file's id of a bid.
pub fn bid_key(bid_id: i64) -> String {
    format!("b{bid_id}")
}

/// The LCC model's alternative id of a bid.
pub fn alternative_key(bid_id: i64) -> String {
    format!("anbud-{bid_id}")
}

/// The bid id behind a tender file id (`b12` → 12).
pub fn bid_of_key(key: &str) -> Option<i64> {
    key.strip_prefix('b')?.parse().ok()
}

/// The generated files.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub tender: String,
    /// The LCC model with the bids as alternatives (LCC-based methods).
    pub lcc: Option<String>,
}

fn sek(ore: i64) -> toml::Value {
    // Öre to kronor: exact for every amount the store accepts (below 2^53 öre).
    toml::Value::Float(ore as f64 / 100.0)
}

/// What the supplier's form needs from the linked model: its energy
/// carriers and how the reference alternative counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelShape {
    /// (id, name, unit) of every carrier.
    pub carriers: Vec<(String, String, String)>,
    /// The reference alternative's quantity, lifetime and activity unit.
    pub quantity: Option<f64>,
    pub lifetime_years: Option<i64>,
    /// Empty when the reference has no activity: energy is then per year.
    pub activity_unit: String,
    /// The reference's activity per year and unit (km, burn hours), when a plain number.
    pub activity_per_year: Option<f64>,
    pub reference_name: String,
}

fn reference_table(root: &toml::Table) -> Option<&toml::Table> {
    let alternatives = root.get("alternatives")?.as_array()?;
    let reference = root.get("reference").and_then(|v| v.as_str());
    let tables = alternatives.iter().filter_map(|v| v.as_table());
    match reference {
        Some(id) => tables
            .clone()
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
            .or_else(|| alternatives.first()?.as_table()),
        None => tables.clone().next(),
    }
}

fn has_activity(reference: &toml::Table) -> bool {
    reference.contains_key("activity_per_year")
}

/// The parts of a model text a supplier's form needs (empty when it does not parse).
pub fn model_shape(model_text: &str) -> ModelShape {
    let Ok(root) = toml::from_str::<toml::Table>(model_text) else {
        return ModelShape::default();
    };
    let carriers = root
        .get("carriers")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_table())
                .map(|c| {
                    let s = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                    (s("id"), s("name"), s("unit"))
                })
                .filter(|(id, _, _)| !id.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let Some(reference) = reference_table(&root) else {
        return ModelShape {
            carriers,
            ..ModelShape::default()
        };
    };
    ModelShape {
        carriers,
        quantity: reference
            .get("quantity")
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))),
        lifetime_years: reference.get("lifetime_years").and_then(|v| v.as_integer()),
        activity_unit: if has_activity(reference) {
            reference
                .get("activity_unit")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        } else {
            String::new()
        },
        activity_per_year: reference
            .get("activity_per_year")
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))),
        reference_name: reference
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string(),
    }
}

/// The LCC model of the evaluation: the call's model with only its
/// reference alternative left, then one alternative per bid.
fn lcc_model(model_text: &str, bids: &[Bid]) -> Result<String, String> {
    let mut root: toml::Table = toml::from_str(model_text).map_err(|e| {
        format!(
            "den länkade LCC-kalkylen kan inte läsas / the linked LCC model cannot be read: {e}"
        )
    })?;
    let reference = reference_table(&root).cloned().ok_or(
        "den länkade LCC-kalkylen saknar alternativ / the linked LCC model has no alternatives",
    )?;
    let reference_id = reference
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let per_activity = has_activity(&reference);
    let mut alternatives = vec![toml::Value::Table(reference.clone())];
    for b in bids {
        let missing = |what: &str| {
            format!(
                "anbudet {} ({}) saknar {what}, som utvärderingen på livscykelkostnad behöver / the bid lacks {what}",
                b.receipt, b.supplier_name
            )
        };
        let investment = b
            .investment
            .ok_or_else(|| missing("investering per enhet"))?;
        let mut t = toml::Table::new();
        t.insert("id".into(), alternative_key(b.id).into());
        t.insert("name".into(), b.supplier_name.clone().into());
        for key in [
            "quantity",
            "lifetime_years",
            "activity_per_year",
            "activity_unit",
        ] {
            if let Some(v) = reference.get(key) {
                t.insert(key.into(), v.clone());
            }
        }
        if !t.contains_key("lifetime_years") {
            return Err(
                "referensalternativet saknar lifetime_years / the reference has no lifetime".into(),
            );
        }
        t.insert("investment_sek".into(), sek(investment.0));
        match (&b.carrier_id, b.consumption) {
            (Some(carrier), Some(amount)) => {
                let mut energy = toml::Table::new();
                energy.insert(carrier.clone(), toml::Value::Float(amount));
                t.insert(
                    if per_activity {
                        "energy_per_activity"
                    } else {
                        "energy_per_year"
                    }
                    .into(),
                    toml::Value::Table(energy),
                );
            }
            (None, None) => {}
            _ => return Err(missing("energibärare och förbrukning")),
        }
        if let Some(m) = b.maintenance_per_year {
            t.insert("maintenance_sek_per_year".into(), sek(m.0));
        }
        if let Some(r) = b.residual_value {
            t.insert("residual_value_sek".into(), sek(r.0));
        }
        alternatives.push(toml::Value::Table(t));
    }
    root.insert("alternatives".into(), toml::Value::Array(alternatives));
    if !reference_id.is_empty() {
        root.insert("reference".into(), reference_id.into());
    }
    toml::to_string(&root).map_err(|e| e.to_string())
}

/// The tender file (and LCC model) for the call's opened bids.
/// Bids left out after the opening (with a reason) are not evaluated.
pub fn generate(title: &str, call: &TenderCall, bids: &[Bid]) -> Result<Generated, String> {
    let bids: Vec<Bid> = bids.iter().filter(|b| !b.is_excluded()).cloned().collect();
    let bids = bids.as_slice();
    if bids.is_empty() {
        return Err("inga anbud att utvärdera / no bids to evaluate".into());
    }
    let lcc = if call.uses_lcc() {
        if call.lcc_model_text.is_empty() {
            return Err(
                "ingen LCC-kalkyl är länkad till anbudsinbjudan / no LCC model is linked to the call"
                    .into(),
            );
        }
        Some(lcc_model(&call.lcc_model_text, bids)?)
    } else {
        None
    };
    let mut root = toml::Table::new();
    root.insert("name".into(), title.to_string().into());
    root.insert(
        "description".into(),
        "Utvärdering av inkomna anbud, genererad av upphandla från anbuden och anbudsinbjudan."
            .into(),
    );
    root.insert("method".into(), call.award_method.clone().into());
    if lcc.is_some() {
        root.insert("lcc_model".into(), LCC_FILE.into());
    }
    let quality = &call.quality;
    if quality.lcc_basis && !quality.criteria.is_empty() {
        root.insert("basis".into(), "lcc".into());
    }
    if let Some(w) = quality.price_weight {
        root.insert("price_weight".into(), toml::Value::Float(w));
    }
    if !quality.criteria.is_empty() {
        let criteria = quality
            .criteria
            .iter()
            .map(|c| {
                let mut t = toml::Table::new();
                t.insert("id".into(), c.id.clone().into());
                t.insert("name".into(), c.name.clone().into());
                t.insert("max_points".into(), toml::Value::Float(c.max_points));
                if let Some(d) = c.deduction_ore {
                    t.insert("deduction_sek".into(), sek(d));
                }
                if let Some(w) = c.weight {
                    t.insert("weight".into(), toml::Value::Float(w));
                }
                toml::Value::Table(t)
            })
            .collect();
        root.insert("criteria".into(), toml::Value::Array(criteria));
    }
    let mut list = Vec::with_capacity(bids.len());
    for b in bids {
        let mut t = toml::Table::new();
        t.insert("id".into(), bid_key(b.id).into());
        t.insert("name".into(), b.supplier_name.clone().into());
        t.insert("price_sek".into(), sek(b.price.0));
        if lcc.is_some() {
            t.insert("lcc_alternative".into(), alternative_key(b.id).into());
        }
        if !quality.criteria.is_empty() {
            let mut answers = toml::Table::new();
            for c in &quality.criteria {
                let points = b.scores.get(&c.id).ok_or_else(|| {
                    format!(
                        "anbudet {} ({}) saknar poäng på kriteriet {} / the bid has no points on the criterion",
                        b.receipt, b.supplier_name, c.name
                    )
                })?;
                answers.insert(c.id.clone(), toml::Value::Float(*points));
            }
            t.insert("answers".into(), toml::Value::Table(answers));
        }
        list.push(toml::Value::Table(t));
    }
    root.insert("bids".into(), toml::Value::Array(list));
    let tender = toml::to_string(&root).map_err(|e| e.to_string())?;
    Ok(Generated { tender, lcc })
}

/// Runs the evaluation engine on generated (or stored) files.
pub fn compute(generated: &Generated) -> Result<EvaluateRun, Vec<FileError>> {
    let load = |path: &str| match &generated.lcc {
        Some(text) if path == LCC_FILE => Ok(text.clone()),
        _ => Err(format!("{path} finns inte")),
    };
    evaluation::compute(&generated.tender, &load)
}

/// Life-cycle results of the LCC model's alternatives (reference first).
#[derive(Debug, Clone, Default)]
pub struct Climate {
    pub reference: Option<AlternativeResult>,
    /// By bid id.
    pub bids: Vec<(i64, AlternativeResult)>,
}

impl Climate {
    pub fn of_bid(&self, bid_id: i64) -> Option<&AlternativeResult> {
        self.bids
            .iter()
            .find(|(id, _)| *id == bid_id)
            .map(|(_, r)| r)
    }
}

/// CO2e and kWh over the life cycle for the reference and each bid.
pub fn climate(lcc_text: Option<&str>) -> Climate {
    let Some(text) = lcc_text.filter(|t| !t.is_empty()) else {
        return Climate::default();
    };
    let Ok((model, _)) = upphandla_formats::lcc::file::parse_model(text) else {
        return Climate::default();
    };
    let result = upphandla_core::lcc::calc::evaluate(&model);
    let reference_id = result.reference.clone();
    let mut out = Climate::default();
    for a in result.alternatives {
        if Some(&a.id) == reference_id.as_ref() {
            out.reference = Some(a);
        } else if let Some(id) = a.id.strip_prefix("anbud-").and_then(|s| s.parse().ok()) {
            out.bids.push((id, a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use upphandla_core::money::Ore;
    use upphandla_store::OrgId;

    const MODEL: &str = include_str!("../../../../../examples/lcc-service-cars.toml");

    fn call(method: &str) -> TenderCall {
        TenderCall {
            procurement_id: 1,
            org_id: OrgId(1),
            deadline: 0,
            award_method: method.into(),
            lcc_model_id: Some(1),
            lcc_model_name: "Bilar".into(),
            lcc_model_text: MODEL.into(),
            token_set_at: 0,
            created_by: None,
            created_at: 0,
            updated_at: 0,
            opened_at: Some(1),
            opened_by: None,
            opened_by_name: String::new(),
            quality: Default::default(),
        }
    }

    fn bid(id: i64, name: &str, price: i64, carrier: &str, use_per_km: f64) -> Bid {
        Bid {
            id,
            procurement_id: 1,
            receipt: format!("R{id}"),
            received_at: 0,
            supplier_name: name.into(),
            supplier_orgnr: "556036-0793".into(),
            contact: String::new(),
            price: Ore(price * 100),
            investment: Some(Ore(price * 10)),
            carrier_id: Some(carrier.into()),
            consumption: Some(use_per_km),
            maintenance_per_year: Some(Ore(500_000)),
            residual_value: Some(Ore(9_000_000)),
            note: String::new(),
            excluded_reason: None,
            excluded_at: None,
            scores: Default::default(),
        }
    }

    #[test]
    fn lowest_lcc_ranks_bids_from_their_data_against_the_reference() {
        let bids = vec![
            bid(7, "Bensin \"Bilar\" AB", 2_500_000, "bensin", 0.065),
            bid(9, "Elbilar i Norr AB", 3_350_000, "el", 0.18),
        ];
        let generated = generate("Tjänstebilar [2026]", &call("lowest_lcc"), &bids).unwrap();
        let lcc = generated.lcc.as_deref().unwrap();
        // The reference stays, the model's other options go, each bid is an alternative.
        let root: toml::Table = toml::from_str(lcc).unwrap();
        let ids: Vec<&str> = root["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["bensin", "anbud-7", "anbud-9"]);
        assert_eq!(root["carriers"].as_array().unwrap().len(), 3);
        let run = compute(&generated).unwrap_or_else(|e| panic!("{e:?}\n{lcc}"));
        assert_eq!(run.tender.bids.len(), 2);
        assert_eq!(run.tender.bids[0].name, "Bensin \"Bilar\" AB");
        assert_eq!(
            run.evaluation.winner, "b9",
            "the electric bid has the lower LCC"
        );
        let climate = climate(Some(lcc));
        let reference = climate.reference.as_ref().unwrap();
        assert_eq!(reference.id, "bensin");
        let el = climate.of_bid(9).unwrap();
        assert!(el.co2e_total_kg < reference.co2e_total_kg / 5.0);
        assert!(el.energy_kwh > 0.0);
        assert_eq!(bid_of_key(&run.evaluation.winner), Some(9));
    }

    #[test]
    fn lowest_price_needs_no_model_and_lcc_needs_the_data() {
        let mut c = call("lowest_price");
        c.lcc_model_text.clear();
        let bids = vec![bid(1, "A", 200, "el", 0.2), bid(2, "B", 100, "el", 0.2)];
        let generated = generate("P", &c, &bids).unwrap();
        assert!(generated.lcc.is_none());
        assert_eq!(compute(&generated).unwrap().evaluation.winner, "b2");
        let mut lacking = bids.clone();
        lacking[0].investment = None;
        let e = generate("P", &call("lowest_lcc"), &lacking).unwrap_err();
        assert!(e.contains("R1"), "{e}");
        lacking[0].investment = Some(Ore(1));
        lacking[0].consumption = None;
        assert!(generate("P", &call("lowest_lcc"), &lacking).is_err());
        assert!(generate("P", &c, &[]).is_err());
        // An excluded bid is not evaluated, even the cheapest.
        let mut excluded = bids.clone();
        excluded[1].excluded_reason = Some("Uppfyller inte kraven".into());
        let generated = generate("P", &c, &excluded).unwrap();
        let run = compute(&generated).unwrap();
        assert_eq!(run.tender.bids.len(), 1);
        assert_eq!(run.evaluation.winner, "b1");
        excluded[0].excluded_reason = Some("Återkallat".into());
        assert!(generate("P", &c, &excluded).is_err());
    }

    #[test]
    fn value_deduction_on_lcc_uses_the_buyers_points() {
        use upphandla_store::{Quality, QualityCriterion};
        let mut c = call("value_deduction");
        c.quality = Quality {
            criteria: vec![QualityCriterion {
                id: "k1".into(),
                name: "Service [nära]".into(),
                max_points: 5.0,
                deduction_ore: Some(200_000_000),
                weight: None,
            }],
            price_weight: None,
            lcc_basis: true,
        };
        let mut bids = vec![
            bid(7, "Bensin AB", 2_500_000, "bensin", 0.065),
            bid(9, "El AB", 3_350_000, "el", 0.18),
        ];
        // Points are the buyer's; without them there is nothing to evaluate.
        let e = generate("P", &c, &bids).unwrap_err();
        assert!(e.contains("R7") && e.contains("Service"), "{e}");
        bids[0].scores.insert("k1".into(), 5.0);
        bids[1].scores.insert("k1".into(), 0.0);
        let generated = generate("P", &c, &bids).unwrap();
        assert!(generated.lcc.is_some(), "an LCC basis needs the model");
        let run = compute(&generated).unwrap();
        // 2 000 000 kr off at full points turns the ranking to the petrol bid.
        assert_eq!(run.evaluation.winner, "b7");
        let petrol = &run.evaluation.bids[0];
        assert_eq!(petrol.criteria[0].deduction.0, 200_000_000);
    }

    #[test]
    fn model_shape_reads_carriers_and_the_reference() {
        let shape = model_shape(MODEL);
        assert_eq!(shape.carriers.len(), 3);
        assert_eq!(shape.carriers[2], ("el".into(), "El".into(), "kWh".into()));
        assert_eq!(shape.quantity, Some(10.0));
        assert_eq!(shape.lifetime_years, Some(6));
        assert_eq!(shape.activity_unit, "km");
        assert_eq!(shape.activity_per_year, Some(15_000.0));
        assert_eq!(shape.reference_name, "Bensinbil");
        assert_eq!(model_shape("not toml ["), ModelShape::default());
    }
}
