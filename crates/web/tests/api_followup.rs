//! The read-only follow-up and results API (`/api/v1/contracts…`,
//! `/api/v1/results…`, `/api/v1/goals`, `/api/v1/shared/results`) over real
//! HTTP against the demo server, on SQLite and on PostgreSQL. Figures are
//! compared with what the signed-in pages give (`/resultat.csv`) and with
//! the store's own rows; tenancy, authentication and the coordinator's
//! limits are checked on the same server.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::demo_server as demo;
use common::{Client, Db, Resp, Server, snippet};
use serde_json::Value;
use upphandla_core::followup::{Comparator, check};
use upphandla_store::OrgId;

const ADMIN: &str = "admin@demokommun.example";
const OTHER_ADMIN: &str = "admin@norrby.example";
const COORDINATOR_ADMIN: &str = "admin@energikontor.example";
const COORDINATOR: &str = "samordnare@energikontor.example";

const ROUTES: [&str; 6] = [
    "/api/v1/contracts",
    "/api/v1/contracts/{id}",
    "/api/v1/results",
    "/api/v1/results/{id}",
    "/api/v1/goals",
    "/api/v1/shared/results",
];

on_both_databases!(
    results_equal_the_dashboard_csv,
    one_result_equals_the_computation_with_its_trace,
    contracts_and_follow_up_equal_the_store,
    goal_progress_follows_the_linear_path,
    another_organisations_ids_answer_404,
    no_or_bad_token_answers_401,
    coordinator_sees_only_shared_rows,
    openapi_lists_the_new_paths_and_answers_carry_their_fields,
);

/// An API token acting as `email` in their (first) organisation, made in
/// the store as the admin page makes it.
fn token(server: &Server, email: &str) -> String {
    let (user, org) = server.user_and_org(email);
    let token = upphandla_web::api::new_token();
    let hash = upphandla_web::auth::token_hash(&token);
    let store = server.store().clone();
    server
        .block_on(async move {
            store
                .create_api_token(org, user, "api_followup test", &hash)
                .await
        })
        .unwrap();
    token
}

struct Api {
    client: Client,
    token: String,
}

impl Api {
    fn new(server: &Server, email: &str) -> Api {
        Api {
            client: server.client(),
            token: token(server, email),
        }
    }

    fn get(&mut self, path: &str) -> Resp {
        let auth = format!("Bearer {}", self.token);
        self.client
            .request("GET", path, &[("authorization", &auth)], None)
    }

    fn json(&mut self, path: &str) -> Value {
        let resp = self.get(path);
        resp.expect(200);
        json(&resp)
    }
}

fn json(resp: &Resp) -> Value {
    serde_json::from_str(&resp.body).unwrap_or_else(|e| {
        panic!(
            "{} {}: not JSON ({e}): {}",
            resp.method,
            resp.url,
            snippet(&resp.body)
        )
    })
}

fn org_named(server: &Server, name: &str) -> OrgId {
    let store = server.store().clone();
    let orgs = server
        .block_on(async move { store.organisations().await })
        .unwrap();
    orgs.iter().find(|o| o.name == name).unwrap().id
}

/// A kg figure as `/resultat.csv` writes it: tonnes, three decimals, comma.
fn csv_t(kg: &Value) -> String {
    match kg.as_f64() {
        Some(kg) => format!("{:.3}", kg / 1000.0).replace('.', ","),
        None => String::new(),
    }
}

fn csv_n(v: &Value) -> String {
    match v.as_f64() {
        Some(v) => format!("{v:.3}").replace('.', ","),
        None => String::new(),
    }
}

fn is_iso_date(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let b = s.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    })
}

/// The API's totals and rows against `/resultat.csv` of a signed-in member
/// of the same organisation: the same figures to the CSV's precision.
fn results_equal_the_dashboard_csv(db: Db) {
    let server = demo(db);
    let mut api = Api::new(server, ADMIN);
    let results = api.json("/api/v1/results");
    let mut page = server.login(ADMIN);
    let csv = page.get("/resultat.csv");
    csv.expect(200);
    let text = csv.body.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let rows: Vec<BTreeMap<&str, &str>> = lines
        .map(|l| header.iter().copied().zip(l.split(';')).collect())
        .collect();
    let procurements = results["procurements"].as_array().unwrap();
    // Every procurement row plus the total row.
    assert_eq!(rows.len(), procurements.len() + 1, "{}", csv.body);
    assert!(
        procurements.len() >= 2,
        "the demo organisation has results: {results}"
    );
    let mut methods = BTreeSet::new();
    for (row, p) in rows.iter().zip(procurements) {
        assert_eq!(row["id"], p["id"].as_i64().unwrap().to_string());
        assert_eq!(row["metod"], p["method"].as_str().unwrap());
        methods.insert(p["method"].as_str().unwrap().to_string());
        let b = &p["baseline"];
        let f = &p["followed_up"];
        let pairs = [
            ("baslinje_t", csv_t(&b["kg_co2e"])),
            ("baslinje_lag_t", csv_t(&b["kg_co2e_low"])),
            ("baslinje_hog_t", csv_t(&b["kg_co2e_high"])),
            ("baslinje_mwh", csv_t(&b["kwh"])),
            ("forvantat_t", csv_t(&p["expected"]["kg_co2e"])),
            ("uppfoljt_t", csv_t(&f["kg_co2e"])),
            ("uppfoljt_lag_t", csv_t(&f["kg_co2e_low"])),
            ("uppfoljt_hog_t", csv_t(&f["kg_co2e_high"])),
            ("uppfoljt_mwh", csv_t(&f["kwh"])),
            ("besparing_t", csv_t(&p["saving"]["kg_co2e"])),
            ("besparing_andel", csv_n(&p["saving"]["share"])),
        ];
        for (column, api_value) in pairs {
            assert_eq!(
                row[column], api_value,
                "{column} of procurement {}: {p}",
                p["id"]
            );
        }
    }
    // At least one row is followed up, so the comparison above is not only
    // of empty cells.
    assert!(
        procurements.iter().any(|p| p["followed_up"].is_object()),
        "{results}"
    );
    assert!(methods.iter().any(|m| m != "none"), "{methods:?}");

    let total = rows.last().unwrap();
    let t = &results["totals"];
    for (column, api_value) in [
        ("baslinje_t", csv_t(&t["baseline"]["kg_co2e"])),
        ("baslinje_lag_t", csv_t(&t["baseline"]["kg_co2e_low"])),
        ("baslinje_hog_t", csv_t(&t["baseline"]["kg_co2e_high"])),
        ("baslinje_mwh", csv_t(&t["baseline"]["kwh"])),
        ("forvantat_t", csv_t(&t["expected"]["kg_co2e"])),
        ("uppfoljt_t", csv_t(&t["followed_up"]["kg_co2e"])),
        ("uppfoljt_lag_t", csv_t(&t["followed_up"]["kg_co2e_low"])),
        ("uppfoljt_hog_t", csv_t(&t["followed_up"]["kg_co2e_high"])),
        ("uppfoljt_mwh", csv_t(&t["followed_up"]["kwh"])),
        ("besparing_t", csv_t(&t["saving_kg_co2e"])),
        ("besparing_andel", csv_n(&t["saving_share"])),
    ] {
        assert_eq!(total[column], api_value, "total {column}: {t}");
    }
    // The totals are the rows' sums (those with a baseline).
    let with_baseline: Vec<&Value> = procurements
        .iter()
        .filter(|p| p["baseline"].is_object())
        .collect();
    assert_eq!(t["with_baseline"], with_baseline.len());
    let sum: f64 = with_baseline
        .iter()
        .map(|p| p["baseline"]["kg_co2e"].as_f64().unwrap())
        .sum();
    assert!((sum - t["baseline"]["kg_co2e"].as_f64().unwrap()).abs() < 1e-6);
}

/// `/api/v1/results/{id}` gives exactly what the results module computes
/// for the procurement (read here straight from the store), trace included.
fn one_result_equals_the_computation_with_its_trace(db: Db) {
    let server = demo(db);
    let (_, org) = server.user_and_org(ADMIN);
    let mut api = Api::new(server, ADMIN);
    let list = api.json("/api/v1/results");
    let mut traced = 0;
    for row in list["procurements"].as_array().unwrap() {
        let id = row["id"].as_i64().unwrap();
        let detail = api.json(&format!("/api/v1/results/{id}"));
        let state = server.state.clone();
        let expected = server
            .block_on(async move {
                let p = state.store.procurement(org, id).await?.unwrap();
                upphandla_web::pages::results::procurement_result(&state, org, &p).await
            })
            .unwrap();
        let r = &expected.result;
        // The list row and the detail agree on every figure.
        for key in ["method", "baseline", "expected", "followed_up", "saving"] {
            assert_eq!(detail[key], row[key], "{key} of {id}");
        }
        assert_eq!(detail["method"], r.method.key());
        match r.baseline {
            Some(b) => {
                assert_eq!(detail["baseline"]["kg_co2e"], b.kg_co2e.value);
                assert_eq!(detail["baseline"]["kg_co2e_low"], b.kg_co2e.low);
                assert_eq!(detail["baseline"]["kg_co2e_high"], b.kg_co2e.high);
                assert_eq!(detail["baseline"]["kwh"].as_f64(), b.kwh.map(|k| k.value));
            }
            None => assert!(detail["baseline"].is_null()),
        }
        match r.followed_up {
            Some(f) => assert_eq!(detail["followed_up"]["kg_co2e"], f.kg_co2e.value),
            None => assert!(detail["followed_up"].is_null()),
        }
        match &r.saving {
            Some(sv) => {
                assert_eq!(detail["saving"]["kg_co2e"], sv.kg_co2e);
                assert_eq!(detail["saving"]["kg_co2e_low"], sv.range.low);
                assert_eq!(detail["saving"]["kg_co2e_high"], sv.range.high);
            }
            None => assert!(detail["saving"].is_null()),
        }
        assert_eq!(detail["covered_days"], r.covered_days);
        let trace = detail["trace"].as_array().unwrap();
        assert_eq!(trace.len(), r.trace.len(), "{id}");
        for (step, want) in trace.iter().zip(&r.trace) {
            assert_eq!(step["sv"], want.sv.as_str());
            assert_eq!(step["en"], want.en.as_str());
            if !want.source.is_empty() {
                assert_eq!(step["source"], want.source.as_str());
                assert!(
                    detail["sources"]
                        .as_array()
                        .unwrap()
                        .contains(&Value::from(want.source.as_str()))
                );
            }
        }
        assert_eq!(detail["metrics"].as_array().unwrap().len(), r.metrics.len());
        if !trace.is_empty() {
            traced += 1;
        }
    }
    assert!(traced > 0, "no demo result has a trace: {list}");
    // A malformed or unknown id is no record.
    api.get("/api/v1/results/abc").expect(404);
    api.get("/api/v1/results/999999999").expect(404);
}

fn contracts_and_follow_up_equal_the_store(db: Db) {
    let server = demo(db);
    let (_, org) = server.user_and_org(ADMIN);
    let mut api = Api::new(server, ADMIN);
    let store = server.store().clone();
    let contracts = server
        .block_on(async move { store.contracts(org).await })
        .unwrap();
    let list = api.json("/api/v1/contracts");
    let listed: Vec<i64> = list["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, contracts.iter().map(|c| c.id).collect::<Vec<_>>());
    for (c, json) in contracts.iter().zip(list["contracts"].as_array().unwrap()) {
        assert_eq!(json["title"], c.title.as_str());
        assert_eq!(json["value_ore"].as_i64(), c.value_ore);
        assert_eq!(json["final_end_date"], c.final_end_date.to_string());
        assert!(is_iso_date(&json["start_date"]), "{json}");
    }

    // "Ends within": the last end date from today to N months ahead.
    let today = server.state.clock.today();
    assert_eq!(list["today"], today.to_string());
    for months in [6, 12, 24] {
        let limit = today.add_months(months).unwrap();
        let want: Vec<i64> = contracts
            .iter()
            .filter(|c| c.final_end_date >= today && c.final_end_date <= limit)
            .map(|c| c.id)
            .collect();
        let got: Vec<i64> =
            api.json(&format!("/api/v1/contracts?ending_within_months={months}"))["contracts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect();
        assert_eq!(got, want, "within {months} months");
    }
    let first = contracts
        .iter()
        .find(|c| !c.category.is_empty())
        .expect("a demo contract with a category");
    let by_category = api.json(&format!(
        "/api/v1/contracts?category={}",
        common::url_encode(&first.category)
    ));
    assert!(
        by_category["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["category"] == first.category.as_str())
    );
    let by_text = api.json(&format!(
        "/api/v1/contracts?q={}",
        common::url_encode(&first.supplier_name.to_uppercase())
    ));
    assert!(
        by_text["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == first.id)
    );
    for bad in ["0", "abc", "-3", "601"] {
        let resp = api.get(&format!("/api/v1/contracts?ending_within_months={bad}"));
        resp.expect(422);
        assert_eq!(json(&resp)["status"], 422);
    }

    // Each contract's follow-up equals its rows in the store; the demo has
    // a contract with reports and one with deviations.
    let (mut with_reports, mut with_deviations, mut checked) = (0, 0, 0);
    for c in &contracts {
        let detail = api.json(&format!("/api/v1/contracts/{}", c.id));
        assert_eq!(detail["contract"]["id"], c.id);
        let store = server.store().clone();
        let id = c.id;
        let (items, reports, deviations) = server
            .block_on(async move {
                Ok::<_, upphandla_store::StoreError>((
                    store.followup_items(org, id).await?,
                    store.reports(org, id).await?,
                    store.deviations(org, id).await?,
                ))
            })
            .unwrap();
        let api_items = detail["followup_items"].as_array().unwrap();
        assert_eq!(
            api_items
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            items.iter().map(|i| i.id).collect::<Vec<_>>()
        );
        let api_reports = detail["reports"].as_array().unwrap();
        assert_eq!(api_reports.len(), reports.len());
        for (r, json) in reports.iter().zip(api_reports) {
            assert_eq!(json["id"], r.id);
            assert_eq!(json["period_start"], r.period_start.to_string());
            let values: Vec<(String, f64)> = json["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    (
                        v["metric"].as_str().unwrap().to_string(),
                        v["value"].as_f64().unwrap(),
                    )
                })
                .collect();
            assert_eq!(values, r.values);
            // Each item with a limit is checked against the report.
            let map = r.value_map();
            for item in &items {
                let (Some(cmp), Some(limit)) =
                    (Comparator::parse(&item.comparator), item.threshold)
                else {
                    continue;
                };
                if item.metric.is_empty() {
                    continue;
                }
                let want = check(&item.metric, cmp, limit, &map);
                let got = json["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["item_id"] == item.id)
                    .unwrap_or_else(|| panic!("no check of item {}: {json}", item.id));
                assert_eq!(got["outcome"], want.key());
                checked += 1;
            }
        }
        let api_deviations = detail["deviations"].as_array().unwrap();
        assert_eq!(api_deviations.len(), deviations.len());
        for (d, json) in deviations.iter().zip(api_deviations) {
            assert_eq!(json["id"], d.id);
            assert_eq!(json["status"], d.status.key());
            assert_eq!(json["action"], d.action.as_str());
            assert_eq!(
                json["deadline"].as_str(),
                d.deadline.map(|x| x.to_string()).as_deref()
            );
            assert_eq!(json["sanction"].as_str().unwrap_or(""), d.sanction.as_str());
            assert_eq!(json["sanction_ore"].as_i64(), d.sanction_ore);
        }
        with_reports += usize::from(!reports.is_empty());
        with_deviations += usize::from(!deviations.is_empty());
    }
    assert!(with_reports > 0 && with_deviations > 0 && checked > 0);
}

/// The progress of each goal with a measured value lies on the linear path
/// from base to target, computed here by hand.
fn goal_progress_follows_the_linear_path(db: Db) {
    let server = demo(db);
    let mut api = Api::new(server, ADMIN);
    let goals = api.json("/api/v1/goals");
    let goals = goals["goals"].as_array().unwrap();
    assert!(!goals.is_empty());
    let results = api.json("/api/v1/results");
    let mut measured = 0;
    for g in goals {
        let Some(p) = g["progress"].as_object() else {
            continue;
        };
        measured += 1;
        let f = |k: &str| g[k].as_f64().unwrap();
        let (by, bv, ty, tv) = (
            f("base_year"),
            f("base_value"),
            f("target_year"),
            f("target_value"),
        );
        let year = p["year"].as_f64().unwrap();
        let path = if year >= ty {
            tv
        } else if year <= by {
            bv
        } else {
            bv + (tv - bv) * (year - by) / (ty - by)
        };
        assert!((p["path"].as_f64().unwrap() - path).abs() < 1e-9, "{g}");
        let value = p["value"].as_f64().unwrap();
        let on_track = if tv >= bv {
            value >= path
        } else {
            value <= path
        };
        assert_eq!(p["on_track"], on_track, "{g}");
        // An energy goal is measured on the current yearly energy (MWh).
        if g["measured_from"] == "energy" {
            let kwh = results["totals"]["current"]["kwh"].as_f64().unwrap();
            assert!((value - kwh / 1000.0).abs() < 1e-9, "{g}");
        }
        assert!(!g["measured_from_sv"].as_str().unwrap().is_empty());
    }
    assert!(measured > 0, "no demo goal has progress: {goals:?}");
}

fn another_organisations_ids_answer_404(db: Db) {
    let server = demo(db);
    let (_, org) = server.user_and_org(ADMIN);
    let store = server.store().clone();
    let (contract, procurement) = server
        .block_on(async move {
            let c = store.contracts(org).await?;
            let p = store.procurements(org).await?;
            Ok::<_, upphandla_store::StoreError>((c[0].clone(), p[0].clone()))
        })
        .unwrap();
    let mut other = Api::new(server, OTHER_ADMIN);
    for path in [
        format!("/api/v1/contracts/{}", contract.id),
        format!("/api/v1/results/{}", procurement.id),
    ] {
        let resp = other.get(&path);
        resp.expect(404);
        let body = json(&resp);
        assert_eq!(body["status"], 404, "{body}");
        assert!(!resp.body.contains(&contract.title));
        assert!(!resp.body.contains(&procurement.title));
    }
    // Nor do their lists carry the other organisation's rows.
    let list = other.get("/api/v1/contracts");
    list.expect(200);
    assert!(!list.body.contains(&contract.title));
    let results = other.get("/api/v1/results");
    results.expect(200);
    assert!(!results.body.contains(&procurement.title));
    // The owner reads both.
    let mut own = Api::new(server, ADMIN);
    own.get(&format!("/api/v1/contracts/{}", contract.id))
        .expect(200);
    own.get(&format!("/api/v1/results/{}", procurement.id))
        .expect(200);
}

fn no_or_bad_token_answers_401(db: Db) {
    let server = demo(db);
    let mut client = server.client();
    for route in ROUTES {
        let path = route.replace("{id}", "1");
        let resp = client.request("GET", &path, &[], None);
        resp.expect(401);
        assert_eq!(json(&resp)["status"], 401);
        assert!(
            resp.header("www-authenticate")
                .is_some_and(|h| h.starts_with("Bearer"))
        );
        let resp = client.request(
            "GET",
            &path,
            &[("authorization", "Bearer uph_not-a-token")],
            None,
        );
        resp.expect(401);
    }
    // A signed-in session is not enough for the API.
    let mut page = server.login(ADMIN);
    page.get("/api/v1/results").expect(401);
}

fn coordinator_sees_only_shared_rows(db: Db) {
    let server = demo(db);
    let coordinator_org = org_named(server, "Energikontor Demoland");
    let store = server.store().clone();
    let shared = server
        .block_on(async move { store.coordinator_procurements(coordinator_org).await })
        .unwrap();
    assert!(!shared.is_empty());
    let mut api = Api::new(server, COORDINATOR);
    let body = api.json("/api/v1/shared/results");
    let rows = body["procurements"].as_array().unwrap();
    let got: BTreeSet<(i64, i64)> = rows
        .iter()
        .map(|r| (r["org_id"].as_i64().unwrap(), r["id"].as_i64().unwrap()))
        .collect();
    let want: BTreeSet<(i64, i64)> = shared.iter().map(|p| (p.org_id.0, p.id)).collect();
    assert_eq!(got, want);
    // Each row is shared by its organisation; the unshared demo electricity
    // contract's procurement is not there.
    for &(org, id) in &got {
        let store = server.store().clone();
        let flag = server
            .block_on(async move { store.procurement_shared(OrgId(org), id).await })
            .unwrap();
        assert_eq!(flag, Some(true), "procurement {id} of {org}");
    }
    // Demo kommun's unshared procurements (its electricity contract among
    // them) are not there.
    let (_, member) = server.user_and_org(ADMIN);
    let store = server.store().clone();
    let unshared: Vec<i64> = server
        .block_on(async move {
            let mut out = Vec::new();
            for p in store.procurements(member).await? {
                if store.procurement_shared(member, p.id).await? == Some(false) {
                    out.push(p.id);
                }
            }
            Ok::<_, upphandla_store::StoreError>(out)
        })
        .unwrap();
    assert!(!unshared.is_empty());
    for id in &unshared {
        assert!(!got.contains(&(member.0, *id)), "unshared {id}: {body}");
    }

    // A shared row has the member's own figures.
    let mut own = Api::new(server, ADMIN);
    let own_results = own.json("/api/v1/results");
    let mut compared = 0;
    for row in rows.iter().filter(|r| r["org_id"] == member.0) {
        if let Some(mine) = own_results["procurements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == row["id"])
        {
            for key in ["method", "baseline", "expected", "followed_up", "saving"] {
                assert_eq!(row[key], mine[key], "{key}");
            }
            compared += 1;
        }
    }
    assert!(compared > 0);
    // Shared goals only.
    for g in body["goals"].as_array().unwrap() {
        let org = OrgId(g["org_id"].as_i64().unwrap());
        let id = g["id"].as_i64().unwrap();
        let store = server.store().clone();
        let goal = server
            .block_on(async move { store.goal(org, id).await })
            .unwrap()
            .unwrap();
        assert!(goal.shared);
    }
    // The totals add up the rows with a baseline.
    let sum: f64 = rows
        .iter()
        .filter_map(|r| r["baseline"]["kg_co2e"].as_f64())
        .sum();
    assert!((sum - body["totals"]["baseline"]["kg_co2e"].as_f64().unwrap()).abs() < 1e-6);
    // Sharing a result opens nothing else: the member's ids are 404 to the
    // coordinator.
    let (org, id) = *got.iter().next().unwrap();
    assert_ne!(org, coordinator_org.0);
    api.get(&format!("/api/v1/results/{id}")).expect(404);

    // Only the role samordnare in a coordinating organisation.
    Api::new(server, COORDINATOR_ADMIN)
        .get("/api/v1/shared/results")
        .expect(403);
    Api::new(server, OTHER_ADMIN)
        .get("/api/v1/shared/results")
        .expect(403);
}

/// Every required field of the schema `name` is in `value`.
fn has_required(doc: &Value, name: &str, value: &Value) {
    let schema = &doc["components"]["schemas"][name];
    let required = schema["required"]
        .as_array()
        .or_else(|| schema["allOf"][1]["required"].as_array())
        .unwrap_or_else(|| panic!("schema {name}"));
    for field in required {
        let field = field.as_str().unwrap();
        assert!(value.get(field).is_some(), "{name} lacks {field}: {value}");
    }
    if let Some(props) = schema["properties"].as_object() {
        for key in value.as_object().unwrap().keys() {
            assert!(props.contains_key(key), "{name} does not document {key}");
        }
    }
}

fn openapi_lists_the_new_paths_and_answers_carry_their_fields(db: Db) {
    let server = demo(db);
    let doc = server.client().get("/api/openapi.json");
    doc.expect(200);
    let doc = json(&doc);
    for route in ROUTES {
        let op = &doc["paths"][route]["get"];
        assert!(op["operationId"].is_string(), "{route} undocumented");
        assert!(op["responses"]["200"].is_object(), "{route}");
        assert!(op["responses"]["401"].is_object(), "{route}");
    }
    assert!(doc["paths"]["/api/v1/contracts/{id}"]["get"]["responses"]["404"].is_object());
    assert!(doc["paths"]["/api/v1/results/{id}"]["get"]["responses"]["404"].is_object());
    assert!(doc["paths"]["/api/v1/shared/results"]["get"]["responses"]["403"].is_object());

    let mut api = Api::new(server, ADMIN);
    let list = api.json("/api/v1/contracts");
    has_required(&doc, "ContractList", &list);
    let contracts = list["contracts"].as_array().unwrap();
    for c in contracts {
        has_required(&doc, "Contract", c);
    }
    for c in contracts {
        let detail = api.json(&format!("/api/v1/contracts/{}", c["id"]));
        has_required(&doc, "ContractDetail", &detail);
        for (key, schema) in [
            ("followup_items", "FollowupItem"),
            ("reports", "SupplierReport"),
            ("deviations", "Deviation"),
        ] {
            for v in detail[key].as_array().unwrap() {
                has_required(&doc, schema, v);
            }
        }
        for r in detail["reports"].as_array().unwrap() {
            for v in r["checks"].as_array().unwrap() {
                has_required(&doc, "Check", v);
            }
        }
    }
    let results = api.json("/api/v1/results");
    has_required(&doc, "Results", &results);
    has_required(&doc, "Totals", &results["totals"]);
    if results["footprint"].is_object() {
        has_required(&doc, "Footprint", &results["footprint"]);
    }
    for p in results["procurements"].as_array().unwrap() {
        has_required(&doc, "ResultRow", p);
        for key in ["baseline", "expected", "followed_up"] {
            if p[key].is_object() {
                has_required(&doc, "Figure", &p[key]);
            }
        }
        let detail = api.json(&format!("/api/v1/results/{}", p["id"]));
        for m in detail["metrics"].as_array().unwrap() {
            has_required(&doc, "MetricLine", m);
        }
        for s in detail["trace"].as_array().unwrap() {
            has_required(&doc, "Step", s);
        }
    }
    for g in api.json("/api/v1/goals")["goals"].as_array().unwrap() {
        has_required(&doc, "Goal", g);
    }
    let shared = Api::new(server, COORDINATOR).json("/api/v1/shared/results");
    has_required(&doc, "SharedResults", &shared);
    for p in shared["procurements"].as_array().unwrap() {
        has_required(&doc, "SharedResultRow", p);
    }
    for g in shared["goals"].as_array().unwrap() {
        has_required(&doc, "SharedGoal", g);
    }
}
