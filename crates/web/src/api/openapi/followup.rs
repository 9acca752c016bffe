//! The OpenAPI operations and schemas of the follow-up and results routes
//! (`super::super::followup`), written with the parent's builders.

use serde_json::{Value, json};
use upphandla_store::{ContractSource, ProcurementStatus};

use super::super::followup::MAX_WINDOW_MONTHS;
use super::{Op, READ, array_of, int, object, schema_ref, string_enum};

fn num() -> Value {
    json!({ "type": "number" })
}

fn opt_num() -> Value {
    json!({ "type": ["number", "null"] })
}

fn text() -> Value {
    json!({ "type": "string" })
}

fn opt_text() -> Value {
    json!({ "type": ["string", "null"] })
}

fn iso_date() -> Value {
    json!({ "type": "string", "format": "date" })
}

fn opt_date() -> Value {
    json!({ "type": ["string", "null"], "format": "date" })
}

fn nullable(name: &str) -> Value {
    json!({ "anyOf": [schema_ref(name), { "type": "null" }] })
}

const METHODS: [&str; 4] = ["none", "spend", "activity", "hybrid"];

/// The measured figures every result row carries.
fn measured_properties() -> Value {
    json!({
        "method": { "description": "Metod: spend = utgiftsbaserad, activity = aktivitetsdata, hybrid = utgiftsbaserad baslinje uppföljd med aktivitetsdata / method", "type": "string", "enum": METHODS },
        "baseline": nullable("Figure"),
        "expected": nullable("Figure"),
        "expected_basis": string_enum(["award", "criteria", "unchanged"]),
        "followed_up": nullable("Figure"),
        "followed_up_co2e_complete": { "type": "boolean", "description": "Falskt när ett rapporterat energislag saknar CO2e-faktor / false when a reported energy metric has no CO2e factor" },
        "covered_days": int(),
        "first_day": opt_date(),
        "last_day": opt_date(),
        "saving": nullable("Saving"),
    })
}

const MEASURED: [&str; 10] = [
    "method",
    "baseline",
    "expected",
    "expected_basis",
    "followed_up",
    "followed_up_co2e_complete",
    "covered_days",
    "first_day",
    "last_day",
    "saving",
];

fn merge(a: Value, b: Value) -> Value {
    let mut a = a;
    if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
        a.extend(b.clone());
    }
    a
}

fn total() -> Value {
    object(
        json!({
            "kg_co2e": num(), "kg_co2e_low": num(), "kg_co2e_high": num(),
            "kwh": { "type": "number", "description": "Summa utan intervall / sum without a range" },
        }),
        &["kg_co2e", "kg_co2e_low", "kg_co2e_high", "kwh"],
    )
}

fn range_properties(stem: &str, opt: bool) -> Value {
    let n = if opt { opt_num() } else { num() };
    json!({
        stem: n.clone(),
        format!("{stem}_low"): n.clone(),
        format!("{stem}_high"): n,
    })
}

/// Adds the schemas of these routes to `schemas`.
pub(super) fn add_schemas(schemas: &mut Value) {
    let Some(map) = schemas.as_object_mut() else {
        return;
    };
    let all = json!({
        "Contract": object(json!({
            "id": int(),
            "org_id": int(),
            "procurement_id": { "type": ["integer", "null"] },
            "reference": text(),
            "title": text(),
            "supplier_name": text(),
            "supplier_orgnr": { "type": "string", "description": "NNNNNN-NNNN eller tom / or empty" },
            "start_date": iso_date(),
            "end_date": iso_date(),
            "extension_months": int(),
            "final_end_date": { "type": "string", "format": "date", "description": "Sista slutdatum med alla förlängningar / last end date with every option" },
            "options_note": text(),
            "value_ore": { "type": ["integer", "null"], "description": "Avtalsvärde i öre / contract value in öre" },
            "cpv": text(),
            "category": { "type": "string", "description": "Utgiftskategori eller tom / spend category or empty" },
            "manager_user_id": { "type": ["integer", "null"] },
            "manager_name": text(),
            "procurement_title": text(),
            "source": string_enum(ContractSource::ALL.map(ContractSource::key)),
            "shared": { "type": "boolean" },
            "demo": { "type": "boolean" },
            "created_at": { "type": "integer", "description": "Unix-tid / Unix time" },
            "updated_at": { "type": "integer" },
            "urgency": {
                "description": "Som registret markerar / as the register highlights: ended, start_now (sista slut inom 6 mån), decide_option, plan (inom 12 mån), none",
                "type": "string",
                "enum": ["ended", "start_now", "decide_option", "plan", "none"],
            },
        }), &["id", "title", "supplier_name", "start_date", "end_date", "final_end_date", "value_ore", "source", "urgency"]),
        "ContractList": object(json!({
            "today": iso_date(),
            "contracts": array_of(schema_ref("Contract")),
        }), &["today", "contracts"]),
        "Check": object(json!({
            "item_id": int(),
            "report_id": int(),
            "outcome": string_enum(["met", "not_met", "not_reported"]),
            "metric": text(),
            "value": { "type": ["number", "null"], "description": "Rapporterat eller härlett värde i måttets enhet / reported or derived value" },
            "derived": { "type": ["boolean", "null"], "description": "Beräknat från rapporterade drivmedel / derived from reported fuels" },
            "shortfall": { "type": ["number", "null"], "description": "Avstånd till kravet (not_met) / distance from the limit" },
            "text_sv": opt_text(),
            "text_en": opt_text(),
        }), &["item_id", "report_id", "outcome", "metric"]),
        "FollowupItem": object(json!({
            "id": int(),
            "criterion_id": opt_text(),
            "what": text(),
            "how": text(),
            "evidence": text(),
            "frequency": text(),
            "next_due": opt_date(),
            "due_status": string_enum(["overdue", "due_soon", "later", "not_due"]),
            "role": text(),
            "metric": opt_text(),
            "unit": opt_text(),
            "comparator": { "type": ["string", "null"], "enum": [">=", "<=", null] },
            "threshold": opt_num(),
            "status": string_enum(["open", "done"]),
            "last_checked": opt_date(),
            "last_result": nullable("Check"),
        }), &["id", "what", "frequency", "due_status", "role", "status", "last_result"]),
        "ReportValue": object(json!({
            "metric": text(),
            "unit": opt_text(),
            "name_sv": opt_text(),
            "name_en": opt_text(),
            "value": num(),
        }), &["metric", "value"]),
        "SupplierReport": object(json!({
            "id": int(),
            "period_start": iso_date(),
            "period_end": iso_date(),
            "source": string_enum(["form", "upload"]),
            "file_name": text(),
            "note": text(),
            "received_at": { "type": "integer", "description": "Unix-tid / Unix time" },
            "values": array_of(schema_ref("ReportValue")),
            "checks": array_of(schema_ref("Check")),
        }), &["id", "period_start", "period_end", "values", "checks"]),
        "Deviation": object(json!({
            "id": int(),
            "item_id": { "type": ["integer", "null"] },
            "report_id": { "type": ["integer", "null"] },
            "found_on": iso_date(),
            "description": text(),
            "action": text(),
            "deadline": opt_date(),
            "overdue": { "type": "boolean", "description": "Åtgärdsfristen har passerat och avvikelsen är inte stängd / past its deadline and not closed" },
            "sanction": { "type": ["string", "null"], "description": "Sanktionstrappans steg / step of the sanction ladder" },
            "advantage_ore": { "type": ["integer", "null"] },
            "sanction_ore": { "type": ["integer", "null"] },
            "status": string_enum(["oppen", "atgardas", "stangd"]),
            "closed_on": opt_date(),
            "closing_note": text(),
        }), &["id", "found_on", "description", "action", "deadline", "sanction", "status"]),
        "ContractDetail": object(json!({
            "contract": schema_ref("Contract"),
            "followup_items": array_of(schema_ref("FollowupItem")),
            "reports": array_of(schema_ref("SupplierReport")),
            "deviations": array_of(schema_ref("Deviation")),
        }), &["contract", "followup_items", "reports", "deviations"]),
        "Figure": object(
            merge(range_properties("kg_co2e", false), range_properties("kwh", true)),
            &["kg_co2e", "kg_co2e_low", "kg_co2e_high", "kwh", "kwh_low", "kwh_high"],
        ),
        "Saving": object(json!({
            "kg_co2e": num(),
            "kg_co2e_low": { "type": "number", "description": "Besparingens lägre gräns (docs/method.md, Baslinjens och besparingens intervall) / the saving's low end" },
            "kg_co2e_high": { "type": "number", "description": "Besparingens övre gräns / the saving's high end" },
            "kwh": opt_num(),
            "share": { "type": ["number", "null"], "description": "Andel av baslinjen, 0–1 / share of the baseline" },
            "measured": { "type": "boolean", "description": "Mot uppföljt (sant) eller förväntat (falskt) / against followed-up or expected" },
        }), &["kg_co2e", "kg_co2e_low", "kg_co2e_high", "share", "measured"]),
        "Totals": object(json!({
            "procurements": int(),
            "with_baseline": int(),
            "measured": int(),
            "expected_only": int(),
            "baseline": total(),
            "expected": total(),
            "followed_up": total(),
            "current": total(),
            "saving_kg_co2e": num(),
            "saving_kwh": num(),
            "saving_share": opt_num(),
        }), &["procurements", "with_baseline", "measured", "baseline", "expected", "followed_up", "current", "saving_kg_co2e"]),
        "ResultRow": object(merge(json!({
            "id": int(),
            "title": text(),
            "category": opt_text(),
            "contract": { "anyOf": [object(json!({
                "id": int(), "title": text(), "supplier_name": text(),
            }), &["id", "title", "supplier_name"]), { "type": "null" }] },
        }), measured_properties()), &[&["id", "title", "contract"][..], &MEASURED[..]].concat()),
        "MetricLine": object(merge(merge(json!({
            "metric": text(),
            "unit": opt_text(),
            "name_sv": opt_text(),
            "name_en": opt_text(),
            "quantity": { "type": "number", "description": "Summa över rapporterna / total over the reports" },
            "per_year": num(),
        }), range_properties("kwh", true)), range_properties("kg_co2e", true)), &["metric", "quantity", "per_year", "kwh", "kg_co2e"]),
        "Step": object(json!({
            "sv": text(),
            "en": text(),
            "source": opt_text(),
        }), &["sv", "en", "source"]),
        "ResultDetail": {
            "allOf": [schema_ref("ResultRow"), object(json!({
                "status": string_enum(ProcurementStatus::ALL.map(ProcurementStatus::key)),
                "metrics": array_of(schema_ref("MetricLine")),
                "trace": { "description": "Hur resultatet räknades, steg för steg / how it was computed", "type": "array", "items": schema_ref("Step") },
                "sources": { "description": "Stegens källor, var och en en gång / the steps' sources, each once", "type": "array", "items": text() },
            }), &["status", "metrics", "trace", "sources"])],
        },
        "HybridLine": object(merge(merge(json!({
            "category": text(),
            "name": text(),
            "replaced": { "type": "boolean", "description": "Uppföljning ersatte den utgiftsbaserade siffran / follow-up replaced the spend-based figure" },
            "procurements": array_of(int()),
        }), range_properties("spend_kg_co2e", false)), range_properties("hybrid_kg_co2e", false)), &["category", "spend_kg_co2e", "hybrid_kg_co2e", "replaced"]),
        "Footprint": object(merge(merge(json!({
            "import_id": int(),
            "import_name": text(),
            "months": int(),
            "year": int(),
            "lines": array_of(schema_ref("HybridLine")),
        }), range_properties("spend_kg_co2e", false)), range_properties("hybrid_kg_co2e", false)), &["import_id", "months", "year", "spend_kg_co2e", "hybrid_kg_co2e", "lines"]),
        "Results": object(json!({
            "totals": schema_ref("Totals"),
            "procurements": array_of(schema_ref("ResultRow")),
            "footprint": nullable("Footprint"),
            "fuel_share": { "anyOf": [object(json!({
                "year": int(),
                "percent": { "type": "number", "description": "Fossilfri andel av rapporterat fordonsbränsle (energi) / fossil-free share of reported vehicle fuel" },
            }), &["year", "percent"]), { "type": "null" }] },
        }), &["totals", "procurements", "footprint", "fuel_share"]),
        "GoalProgress": object(json!({
            "year": int(),
            "value": num(),
            "path": { "type": "number", "description": "Målbanans värde året / the linear path's value that year" },
            "achieved": { "type": ["number", "null"], "description": "Andel av vägen från bas till mål / share of the way from base to target" },
            "on_track": { "type": "boolean" },
        }), &["year", "value", "path", "on_track"]),
        "Goal": object(json!({
            "id": int(),
            "kind": text(),
            "title": text(),
            "unit": text(),
            "base_year": int(),
            "base_value": num(),
            "target_year": int(),
            "target_value": num(),
            "note": text(),
            "shared": { "type": "boolean" },
            "measured_from": string_enum(["fuel", "hybrid", "energy", "none"]),
            "measured_from_sv": text(),
            "measured_from_en": text(),
            "progress": nullable("GoalProgress"),
        }), &["id", "kind", "title", "unit", "base_year", "base_value", "target_year", "target_value", "measured_from", "progress"]),
        "GoalList": object(json!({ "goals": array_of(schema_ref("Goal")) }), &["goals"]),
        "SharedResultRow": object(merge(json!({
            "id": int(),
            "org_id": int(),
            "organisation_name": text(),
            "title": text(),
            "status": string_enum(ProcurementStatus::ALL.map(ProcurementStatus::key)),
            "category": opt_text(),
            "ambition": opt_text(),
            "contract_start": opt_date(),
            "contract_end": opt_date(),
            "criteria": array_of(text()),
        }), measured_properties()), &["id", "org_id", "organisation_name", "title", "status", "method"]),
        "SharedGoal": object(json!({
            "id": int(),
            "org_id": int(),
            "organisation_name": text(),
            "kind": text(),
            "title": text(),
            "unit": text(),
            "base_year": int(),
            "base_value": num(),
            "target_year": int(),
            "target_value": num(),
        }), &["id", "org_id", "organisation_name", "kind", "title", "unit"]),
        "SharedResults": object(json!({
            "organisations": array_of(object(json!({
                "id": int(), "name": text(), "totals": schema_ref("Totals"),
            }), &["id", "name", "totals"])),
            "totals": schema_ref("Totals"),
            "procurements": array_of(schema_ref("SharedResultRow")),
            "goals": array_of(schema_ref("SharedGoal")),
        }), &["organisations", "totals", "procurements", "goals"]),
    });
    if let Value::Object(all) = all {
        map.extend(all);
    }
}

pub fn op_contracts() -> Value {
    Op::new(
        "listContracts",
        "followup",
        "Avtalsregistret, först slutande först / the contract register",
    )
    .describe(
        "Samma filter som sidan /avtal. Filtret på slutdatum avser sista slutdatum med alla förlängningar, från i dag. \
         The filters of the /avtal page; the end filter is on the last end date with every option, from today.",
    )
    .param(
        "q",
        "query",
        text(),
        "Fritext i benämning, referens, leverantör, organisationsnummer, CPV eller förlängning / free text",
    )
    .param(
        "category",
        "query",
        text(),
        "Utgiftskategorins id / spend category id",
    )
    .param(
        "ending_within_months",
        "query",
        json!({ "type": "integer", "minimum": 1, "maximum": MAX_WINDOW_MONTHS }),
        "Slutar senast om så många månader / ends within this many months",
    )
    .json(200, "Avtal", "ContractList")
    .errors(&[401, 422])
    .0
}

pub fn op_contract() -> Value {
    Op::new(
        "getContract",
        "followup",
        "Ett avtal med uppföljning / a contract with its follow-up",
    )
    .describe(
        "Uppföljningspunkter med senaste kontrollresultat, leverantörsrapporter med värden och kontroll mot varje punkt, avvikelser med åtgärd, frist, sanktion och status. \
         Follow-up items with their latest result, supplier reports with their values and each item's check, deviations with action, deadline, sanction and status.",
    )
    .id_param("Avtalets id")
    .json(200, "Avtalet", "ContractDetail")
    .errors(READ)
    .0
}

pub fn op_results() -> Value {
    Op::new(
        "getResults",
        "results",
        "Organisationens uppmätta resultat / the organisation's measured results",
    )
    .describe(
        "Samma siffror som /resultat och /resultat.csv: baslinje, förväntat och uppföljt per år i kg CO2e (med lågt–högt) och kWh, per upphandling och summerat, och hybridavtrycket. \
         The figures of /resultat and /resultat.csv: baseline, expected and followed-up per year in kg CO2e (with low–high) and kWh.",
    )
    .json(200, "Resultat", "Results")
    .errors(&[401])
    .0
}

pub fn op_result() -> Value {
    Op::new(
        "getResult",
        "results",
        "En upphandlings resultat med beräkningsgång / one procurement's result with its trace",
    )
    .id_param("Upphandlingens id / the procurement's id")
    .json(200, "Resultatet", "ResultDetail")
    .errors(READ)
    .0
}

pub fn op_goals() -> Value {
    Op::new(
        "listGoals",
        "results",
        "Mål med utveckling mot målbanan / goals with progress against the path",
    )
    .json(200, "Mål", "GoalList")
    .errors(&[401])
    .0
}

pub fn op_shared_results() -> Value {
    Op::new(
        "getSharedResults",
        "coordination",
        "Resultat som medlemmar delat med samordnaren / results members share with the coordinator",
    )
    .describe(
        "För rollen samordnare i en samordnande organisation. Bara delade upphandlingar och mål. \
         For the role samordnare in a coordinating organisation; only shared procurements and goals.",
    )
    .json(200, "Delade resultat", "SharedResults")
    .errors(&[401, 403])
    .0
}
