//! The OpenAPI 3.1 description of the API, written by hand as JSON values
//! (docs/decisions.md says why not a derive crate). Each route of
//! [`super::API_ROUTES`] carries its operation from here, and the document
//! is assembled from that table, so a route cannot exist undocumented.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};
use upphandla_store::{ModelKind, OrgKind, Role, RuleFileKind};

use super::API_ROUTES;
use super::spend::MAX_LIMIT;

mod followup;
pub use followup::{op_contract, op_contracts, op_goals, op_result, op_results, op_shared_results};

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// One operation, built step by step.
struct Op(Value);

impl Op {
    fn new(id: &str, tag: &str, summary: &str) -> Op {
        Op(json!({
            "operationId": id,
            "tags": [tag],
            "summary": summary,
            "responses": {},
        }))
    }

    fn describe(mut self, text: &str) -> Op {
        self.0["description"] = Value::from(text);
        self
    }

    fn param(mut self, name: &str, place: &str, schema: Value, description: &str) -> Op {
        let param = json!({
            "name": name,
            "in": place,
            "required": place == "path",
            "description": description,
            "schema": schema,
        });
        match self.0.get_mut("parameters").and_then(Value::as_array_mut) {
            Some(list) => list.push(param),
            None => self.0["parameters"] = json!([param]),
        }
        self
    }

    /// Marks an already added query parameter as required.
    fn required(mut self, name: &str) -> Op {
        if let Some(list) = self.0["parameters"].as_array_mut() {
            for p in list.iter_mut().filter(|p| p["name"] == name) {
                p["required"] = Value::Bool(true);
            }
        }
        self
    }

    fn id_param(self, what: &str) -> Op {
        self.param(
            "id",
            "path",
            json!({ "type": "integer", "format": "int64" }),
            what,
        )
    }

    fn body(mut self, content_type: &str, schema: Value, description: &str) -> Op {
        self.0["requestBody"] = json!({
            "required": true,
            "description": description,
            "content": { content_type: { "schema": schema } },
        });
        self
    }

    /// The body may be left out (an empty body has a meaning of its own).
    fn optional_body(mut self) -> Op {
        self.0["requestBody"]["required"] = Value::Bool(false);
        self
    }

    fn response(mut self, status: u16, description: &str, content: Option<(&str, Value)>) -> Op {
        let mut response = json!({ "description": description });
        if let Some((content_type, schema)) = content {
            response["content"] = json!({ content_type: { "schema": schema } });
        }
        self.0["responses"][status.to_string()] = response;
        self
    }

    fn json(self, status: u16, description: &str, schema: &str) -> Op {
        self.response(
            status,
            description,
            Some(("application/json", schema_ref(schema))),
        )
    }

    /// A JSON answer that is one of several schemas (a 422 listing the
    /// problems in a file, or the plain `Error` when the request itself is
    /// refused before the file is read: empty body, unknown kind, not UTF-8).
    fn json_any(self, status: u16, description: &str, schemas: &[&str]) -> Op {
        let any: Vec<Value> = schemas.iter().map(|s| schema_ref(s)).collect();
        self.response(
            status,
            description,
            Some(("application/json", json!({ "anyOf": any }))),
        )
    }

    /// The error answers this operation can give, each the `Error` object.
    fn errors(mut self, statuses: &[u16]) -> Op {
        for &status in statuses {
            let description = match status {
                401 => "Ingen eller ogiltig token / missing or invalid token",
                403 => "Rollen får inte detta / the role may not do this",
                404 => "Finns inte i organisationen / not found in the organisation",
                413 => "För stort / too large",
                422 => "Ogiltig indata / invalid input",
                _ => "Fel / error",
            };
            self = self.json(status, description, "Error");
        }
        self
    }

    fn public(mut self) -> Op {
        self.0["security"] = json!([]);
        self
    }
}

fn string_enum(values: impl IntoIterator<Item = &'static str>) -> Value {
    json!({ "type": "string", "enum": values.into_iter().collect::<Vec<_>>() })
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "properties": properties, "required": required })
}

fn int() -> Value {
    json!({ "type": "integer", "format": "int64" })
}

fn array_of(schema: Value) -> Value {
    json!({ "type": "array", "items": schema })
}

fn schemas() -> Value {
    let role = string_enum(Role::ALL.map(Role::key));
    let mut all = json!({
        "Error": object(json!({
            "error": { "type": "string", "description": "Meddelande på svenska / English" },
            "status": { "type": "integer" },
        }), &["error", "status"]),
        "RowErrors": object(json!({
            "error": { "type": "string" },
            "status": { "type": "integer", "const": 422 },
            "count": { "type": "integer", "description": "Alla ogiltiga rader / all invalid rows" },
            "errors": array_of(object(json!({
                "file": { "type": "string" },
                "line": { "type": "integer" },
                "column": { "type": "integer" },
                "column_name": { "type": "string" },
                "value": { "type": "string" },
                "expected": { "type": "string" },
            }), &["file", "line", "column", "expected"])),
        }), &["error", "status", "count", "errors"]),
        "FileError": object(json!({
            "line": { "type": ["integer", "null"] },
            "column": { "type": ["integer", "null"] },
            "message": { "type": "string" },
        }), &["message"]),
        "FileErrors": object(json!({
            "error": { "type": "string" },
            "status": { "type": "integer", "const": 422 },
            "errors": array_of(schema_ref("FileError")),
        }), &["error", "status", "errors"]),
        "Role": role,
        "Organisation": object(json!({
            "id": int(),
            "name": { "type": "string" },
            "kind": string_enum(OrgKind::ALL.map(OrgKind::key)),
            "orgnr": { "type": "string", "description": "NNNNNN-NNNN eller tom / or empty" },
            "demo": { "type": "boolean" },
        }), &["id", "name", "kind", "orgnr", "demo"]),
        "OrganisationDetail": {
            "allOf": [schema_ref("Organisation"), object(json!({
                "coordinators": { "description": "Samordnare organisationen delar med / coordinating bodies it shares with", "type": "array", "items": schema_ref("Organisation") },
                "members": { "description": "Medlemmar som delar med denna samordnare / members sharing with this coordinator", "type": "array", "items": schema_ref("Organisation") },
            }), &["coordinators", "members"])],
        },
        "Me": object(json!({
            "user": object(json!({
                "id": int(), "email": { "type": "string" }, "name": { "type": "string" },
            }), &["id", "email", "name"]),
            "organisation": schema_ref("Organisation"),
            "roles": array_of(schema_ref("Role")),
            "can_edit": { "type": "boolean" },
            "token": object(json!({ "id": int(), "name": { "type": "string" } }), &["id", "name"]),
        }), &["user", "organisation", "roles", "can_edit", "token"]),
        "ImportSummary": object(json!({
            "id": int(),
            "org_id": int(),
            "name": { "type": "string" },
            "file_name": { "type": "string" },
            "format": { "type": "string" },
            "uploaded_by": { "type": "string", "description": "Namn / name" },
            "uploaded_at": { "type": "integer", "description": "Unix-tid / Unix time" },
            "analysed_at": { "type": "integer" },
            "rows": int(),
            "total_ore": { "type": "integer", "format": "int64", "description": "Summa i öre / total in öre (1/100 SEK)" },
            "kg_co2e": { "type": "number" },
            "share_classified": { "type": "number", "minimum": 0, "maximum": 1 },
            "shared": { "type": "boolean" },
            "demo": { "type": "boolean" },
        }), &["id", "org_id", "name", "file_name", "format", "rows", "total_ore", "kg_co2e", "share_classified"]),
        "ImportList": object(json!({ "imports": array_of(schema_ref("ImportSummary")) }), &["imports"]),
        "SharedImportList": object(json!({ "imports": array_of(json!({
            "allOf": [schema_ref("ImportSummary"), object(json!({ "organisation_name": { "type": "string" } }), &["organisation_name"])],
        })) }), &["imports"]),
        "ImportDetail": object(json!({
            "summary": schema_ref("ImportSummary"),
            "report": { "type": "object", "description": "Inköpsanalysens rapport som den lagrats (totals, categories, suppliers, units, months, rules, unclassified, quality) / the spend report as stored" },
            "meta": { "type": "object", "description": "Indata, regelfiler, tidpunkt / inputs, rule files, time" },
        }), &["summary", "report", "meta"]),
        "ImportCreated": object(json!({ "id": int(), "summary": schema_ref("ImportSummary") }), &["id", "summary"]),
        "Line": object(json!({
            "line_no": int(),
            "date": { "type": "string", "description": "YYYY-MM-DD eller tom / or empty" },
            "unit": { "type": "string" },
            "account": { "type": "string" },
            "supplier_id": { "type": "string" },
            "supplier_name": { "type": "string" },
            "description": { "type": "string" },
            "cpv": { "type": "string" },
            "amount_ore": int(),
            "category": { "type": "string" },
            "rule": { "type": "string", "description": "Regeln som klassificerade raden / the rule that classified the line" },
            "kg_co2e": { "type": "number" },
        }), &["line_no", "amount_ore", "category", "rule", "kg_co2e"]),
        "LinePage": object(json!({
            "total": int(), "offset": int(), "limit": int(),
            "lines": array_of(schema_ref("Line")),
        }), &["total", "offset", "limit", "lines"]),
        "RulesSaved": object(json!({
            "kind": string_enum(RuleFileKind::ALL.map(RuleFileKind::key)),
            "bytes": int(),
            "rule_files": array_of(json!({ "type": "string" })),
        }), &["kind", "bytes", "rule_files"]),
        "Factor": object(json!({
            "category": { "type": "string" },
            "name": { "type": "string" },
            "kg_co2e_per_sek": { "type": "number" },
            "source": { "type": "string" },
            "year": { "type": ["integer", "null"] },
            "low": { "type": ["number", "null"] },
            "high": { "type": ["number", "null"] },
            "origin": string_enum(["default", "own"]),
        }), &["category", "name", "kg_co2e_per_sek", "source", "origin"]),
        "FactorList": object(json!({
            "label": { "type": "string" },
            "default_label": { "type": "string" },
            "own_label": { "type": ["string", "null"] },
            "factors": array_of(schema_ref("Factor")),
        }), &["label", "default_label", "factors"]),
        "ModelSummary": object(json!({
            "id": int(),
            "org_id": int(),
            "kind": string_enum([ModelKind::Lcc.key(), ModelKind::Evaluation.key()]),
            "name": { "type": "string" },
            "template": { "type": "string" },
            "updated_at": { "type": "integer" },
            "shared": { "type": "boolean" },
            "demo": { "type": "boolean" },
        }), &["id", "org_id", "kind", "name", "template", "updated_at"]),
        "ModelList": object(json!({ "models": array_of(schema_ref("ModelSummary")) }), &["models"]),
        "ModelDetail": object(json!({
            "summary": schema_ref("ModelSummary"),
            "toml": { "type": "string" },
            "result": { "type": ["object", "null"], "description": "LCC: model, result, monte_carlo, tornado, clean_vehicles_directive; utvärdering / evaluation: tender, notes, evaluation. null om filen har fel / if the file has errors" },
            "errors": array_of(schema_ref("FileError")),
        }), &["summary", "toml", "result", "errors"]),
        "ModelCreated": object(json!({ "id": int(), "summary": schema_ref("ModelSummary") }), &["id", "summary"]),
    });
    followup::add_schemas(&mut all);
    all
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in API_ROUTES {
        let entry = paths
            .entry(route.path)
            .or_insert_with(|| Value::Object(Map::new()));
        entry[route.verb.key()] = (route.operation)();
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "upphandla API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Inköpsanalys, regelfiler, emissionsfaktorer, LCC-kalkyler, anbudsutvärderingar, avtal med uppföljning, uppmätta resultat och mål för en organisation. \
                Autentisering med `Authorization: Bearer <token>`; en administratör skapar token under Administration. \
                Token agerar som en medlem med dennes roller i organisationen: alla läser, ändringar kräver en redigerande roll \
                (inte politiker eller samordnare). Id:n som inte tillhör organisationen ger 404.\n\n\
                Spend analysis, rule files, emission factors, LCC models, tender evaluations, contracts with their follow-up, measured results and goals of one organisation. \
                Authenticate with `Authorization: Bearer <token>` (an administrator creates tokens under Administration). \
                A token acts as one member with their roles in the organisation; ids of other organisations give 404.",
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "API-token från Administration / API token from Administration" },
            },
            "schemas": schemas(),
        },
    })
}

pub async fn document_handler() -> axum::response::Response {
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| document().to_string());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        text.as_str(),
    )
        .into_response()
}

const READ: &[u16] = &[401, 404];
const WRITE: &[u16] = &[401, 403, 404];

pub fn op_document() -> Value {
    Op::new("openapi", "meta", "Denna beskrivning / this description")
        .public()
        .response(
            200,
            "OpenAPI 3.1",
            Some(("application/json", json!({ "type": "object" }))),
        )
        .0
}

pub fn op_me() -> Value {
    Op::new("me", "meta", "Vem token agerar som / who the token acts as")
        .json(200, "Användare, organisation och roller", "Me")
        .errors(&[401])
        .0
}

pub fn op_organisation() -> Value {
    Op::new(
        "organisation",
        "meta",
        "Organisationen och dess samordning / the organisation and its coordination",
    )
    .json(200, "Organisationen", "OrganisationDetail")
    .errors(&[401])
    .0
}

pub fn op_imports() -> Value {
    Op::new(
        "listImports",
        "spend",
        "Organisationens importer, nyast först / imports, newest first",
    )
    .json(200, "Importer", "ImportList")
    .errors(&[401])
    .0
}

pub fn op_import_create() -> Value {
    Op::new("createImport", "spend", "Importera en reskontra / import a ledger")
        .describe(
            "Filen (CSV, XLSX eller SIE4) är hela begärans innehåll. Allt eller inget: en fil med ogiltiga rader ger 422 med raderna och sparar ingenting. \
             The file (CSV, XLSX or SIE4) is the whole request body. All or nothing: invalid rows give 422 listing them, and nothing is stored.",
        )
        .param(
            "name",
            "query",
            json!({ "type": "string" }),
            "Importens namn (standard: filnamnet) / name of the import",
        )
        .param(
            "file_name",
            "query",
            json!({ "type": "string", "examples": ["reskontra.csv"] }),
            "Filnamn; ändelsen avgör formatet (.csv, .xlsx, .se) / file name; its extension picks the format",
        )
        .body(
            "application/octet-stream",
            json!({
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "minLength": 1,
                "examples": [LEDGER_EXAMPLE],
            }),
            "Reskontran / the ledger",
        )
        .json(201, "Importerad / imported", "ImportCreated")
        .json_any(
            422,
            "Ogiltiga rader, eller tom fil / invalid rows, or an empty file",
            &["RowErrors", "Error"],
        )
        .errors(&[401, 403, 413])
        .0
}

pub fn op_import() -> Value {
    Op::new(
        "getImport",
        "spend",
        "En import med rapport / an import with its report",
    )
    .id_param("Importens id")
    .json(200, "Importen", "ImportDetail")
    .errors(READ)
    .0
}

pub fn op_import_delete() -> Value {
    Op::new(
        "deleteImport",
        "spend",
        "Ta bort en import / delete an import",
    )
    .id_param("Importens id")
    .response(204, "Borttagen / deleted", None)
    .errors(WRITE)
    .0
}

pub fn op_lines() -> Value {
    let text = json!({ "type": "string" });
    Op::new(
        "listLines",
        "spend",
        "Importens rader med klassificering / the import's classified lines",
    )
    .id_param("Importens id")
    .param("category", "query", text.clone(), "Kategori-id")
    .param(
        "supplier",
        "query",
        text.clone(),
        "Leverantörens organisationsnummer, annars namn / supplier org number, else name",
    )
    .param("unit", "query", text.clone(), "Enhet / unit")
    .param(
        "month",
        "query",
        json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" }),
        "YYYY-MM",
    )
    .param(
        "offset",
        "query",
        json!({ "type": "integer", "minimum": 0, "maximum": i64::MAX, "default": 0 }),
        "Hoppa över / skip",
    )
    .param(
        "limit",
        "query",
        json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100 }),
        "Antal / how many",
    )
    .json(200, "En sida rader / a page of lines", "LinePage")
    .errors(&[401, 404, 422])
    .0
}

fn kind_param(op: Op) -> Op {
    op.param(
        "kind",
        "path",
        string_enum(RuleFileKind::ALL.map(RuleFileKind::key)),
        "Kontoplan, leverantörer, nyckelord, CPV-tabell eller faktorer / account map, supplier map, keywords, CPV map or factors",
    )
}

pub fn op_rules_get() -> Value {
    kind_param(Op::new(
        "getRules",
        "rules",
        "En regelfil (semikolonseparerad) / a rule file",
    ))
    .response(
        200,
        "Filen; tom om organisationen inte har någon / empty when there is none",
        Some(("text/csv", json!({ "type": "string" }))),
    )
    .errors(READ)
    .0
}

pub fn op_rules_put() -> Value {
    kind_param(Op::new(
        "putRules",
        "rules",
        "Ersätt en regelfil / replace a rule file",
    ))
    .describe(
        "Kontrolleras tillsammans med organisationens övriga regelfiler innan den sparas; tom fil tar bort den. Befintliga importer klassificeras om först när de körs om. \
         Checked with the organisation's other rule files before it is saved; an empty body removes it.",
    )
    .body("text/csv", json!({ "type": "string" }), "UTF-8")
    .optional_body()
    .json(200, "Sparad / saved", "RulesSaved")
    .errors(&[401, 403, 404, 413, 422])
    .0
}

pub fn op_factors() -> Value {
    Op::new(
        "listFactors",
        "rules",
        "Emissionsfaktorerna som används / the emission factors in use",
    )
    .describe("Standarduppsättningen med organisationens egna faktorer ovanpå (origin = own). The default set with the organisation's own factors on top.")
    .json(200, "Faktorer med källa, år och intervall", "FactorList")
    .errors(&[401])
    .0
}

pub fn op_models() -> Value {
    Op::new(
        "listModels",
        "models",
        "Sparade LCC-kalkyler och utvärderingar / saved models",
    )
    .param(
        "kind",
        "query",
        string_enum([ModelKind::Lcc.key(), ModelKind::Evaluation.key()]),
        "Bara en sort / only one kind",
    )
    .json(200, "Modeller", "ModelList")
    .errors(&[401, 422])
    .0
}

pub fn op_model_create() -> Value {
    Op::new(
        "createModel",
        "models",
        "Spara en modell (TOML) / save a model",
    )
    .describe(
        "Samma filformat som `upphandla lcc` och `upphandla evaluate`. En utvärdering kan i `lcc_model` ange en sparad LCC-kalkyl i organisationen som `lcc/ID` eller med dess namn. \
         The file formats of the CLI; a tender's `lcc_model` names a saved LCC model of the organisation as `lcc/ID` or by its name.",
    )
    .param(
        "kind",
        "query",
        string_enum([ModelKind::Lcc.key(), ModelKind::Evaluation.key()]),
        "Sort / kind (krävs / required)",
    )
    .required("kind")
    .param(
        "name",
        "query",
        json!({ "type": "string" }),
        "Namn (standard: filens name) / name",
    )
    .param(
        "template",
        "query",
        json!({ "type": "string" }),
        "Mallen modellen byggdes från / template it came from",
    )
    .body(
        "application/toml",
        json!({ "type": "string", "examples": [LCC_EXAMPLE] }),
        "TOML",
    )
    .json(201, "Sparad / saved", "ModelCreated")
    .json_any(
        422,
        "Fel i filen med rad och kolumn, eller fel sort / errors with line and column, or a wrong kind",
        &["FileErrors", "Error"],
    )
    .errors(&[401, 403, 413])
    .0
}

/// A small ledger (CSV) that imports, in the demo's columns.
const LEDGER_EXAMPLE: &str =
    "Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV
2025-01-01;Kommunstyrelseförvaltningen;7010;999999-0701;Drivmedel AB;5088,62;Bensin 95;
2025-01-02;Tekniska förvaltningen;4010;999999-0103;Livsmedel AB;1 250,00;Mjölk;
";

/// A complete small LCC model (`kind=lcc`), so clients and API testers
/// have a file that is accepted.
const LCC_EXAMPLE: &str = r#"name = "Belysning"
period_years = 10
discount_rate = 0.035

[[carriers]]
id = "el"
name = "El"
unit = "kWh"
price_sek_per_unit = 1.5
kg_co2e_per_unit = 0.05
source = "Exempel"

[[alternatives]]
id = "led"
name = "LED"
investment_sek = 4000
lifetime_years = 10
energy_per_year = { el = 120 }

[[alternatives]]
id = "hps"
name = "Högtrycksnatrium"
investment_sek = 2500
lifetime_years = 10
energy_per_year = { el = 400 }
"#;

pub fn op_model() -> Value {
    Op::new(
        "getModel",
        "models",
        "En modell med beräknat resultat / a model with its computed result",
    )
    .id_param("Modellens id")
    .json(200, "TOML och resultat", "ModelDetail")
    .errors(READ)
    .0
}

pub fn op_model_delete() -> Value {
    Op::new(
        "deleteModel",
        "models",
        "Ta bort en modell / delete a model",
    )
    .id_param("Modellens id")
    .response(204, "Borttagen / deleted", None)
    .errors(WRITE)
    .0
}

pub fn op_shared_imports() -> Value {
    Op::new(
        "listSharedImports",
        "coordination",
        "Importer som medlemmar delat med samordnaren / imports members shared with the coordinator",
    )
    .json(200, "Delade importer", "SharedImportList")
    .errors(&[401, 403])
    .0
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use upphandla_store::{ImportSummary, LineRecord, ModelSummary, OrgId};

    #[test]
    fn document_lists_exactly_the_routed_operations() {
        let doc = document();
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                documented.insert((method.clone(), path.clone()));
            }
        }
        let routed: BTreeSet<(String, String)> = API_ROUTES
            .iter()
            .map(|r| (r.verb.key().to_string(), r.path.to_string()))
            .collect();
        assert_eq!(
            routed.len(),
            API_ROUTES.len(),
            "a route is listed twice in API_ROUTES"
        );
        assert_eq!(documented, routed);
        // Building the router panics on a repeated path and method.
        let _ = super::super::router();
    }

    #[test]
    fn every_path_parameter_is_described_and_every_operation_answers() {
        let doc = document();
        let mut ids = BTreeSet::new();
        for route in API_ROUTES {
            let op = &doc["paths"][route.path][route.verb.key()];
            assert!(
                ids.insert(op["operationId"].as_str().unwrap().to_string()),
                "operationId repeated at {}",
                route.path
            );
            assert!(!op["responses"].as_object().unwrap().is_empty());
            for segment in route.path.split('/') {
                if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let params = op["parameters"].as_array().cloned().unwrap_or_default();
                    assert!(
                        params
                            .iter()
                            .any(|p| p["name"] == name && p["in"] == "path"),
                        "{} {} lacks path parameter {name}",
                        route.verb.key(),
                        route.path
                    );
                }
            }
        }
    }

    #[test]
    fn every_schema_reference_resolves() {
        let doc = document();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece.chars().take_while(|c| *c != '"').collect();
            assert!(schemas.contains_key(&name), "unknown schema {name}");
        }
    }

    #[test]
    fn the_model_example_is_accepted() {
        upphandla_formats::lcc::parse_model(LCC_EXAMPLE).unwrap();
    }

    fn keys(value: Value) -> BTreeSet<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    fn schema_keys(name: &str) -> BTreeSet<String> {
        keys(schemas()[name]["properties"].clone())
    }

    /// The hand-written schemas name the fields the structs serialise.
    #[test]
    fn schemas_match_the_serialised_records() {
        let summary = ImportSummary {
            id: 1,
            org_id: OrgId(1),
            name: String::new(),
            file_name: String::new(),
            format: String::new(),
            uploaded_by: String::new(),
            uploaded_at: 0,
            analysed_at: 0,
            rows: 0,
            total_ore: 0,
            kg_co2e: 0.0,
            share_classified: 0.0,
            shared: false,
            demo: false,
        };
        assert_eq!(
            keys(serde_json::to_value(&summary).unwrap()),
            schema_keys("ImportSummary")
        );
        assert_eq!(
            keys(serde_json::to_value(LineRecord::default()).unwrap()),
            schema_keys("Line")
        );
        let model = ModelSummary {
            id: 1,
            org_id: OrgId(1),
            kind: ModelKind::Lcc,
            name: String::new(),
            template: String::new(),
            updated_at: 0,
            shared: false,
            demo: false,
        };
        assert_eq!(
            keys(serde_json::to_value(&model).unwrap()),
            schema_keys("ModelSummary")
        );
        let factor = upphandla_core::factors::SpendFactor {
            category: String::new(),
            name: String::new(),
            kg_co2e_per_sek: 0.0,
            source: String::new(),
            year: None,
            low: None,
            high: None,
        };
        let mut factor_keys = keys(serde_json::to_value(&factor).unwrap());
        factor_keys.insert("origin".into());
        assert_eq!(factor_keys, schema_keys("Factor"));
    }
}
