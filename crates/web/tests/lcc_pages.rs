//! LCC-kalkyl and Anbudsutvärdering against a running server, on SQLite and
//! on PostgreSQL:
//! a vehicles model built through the generated form gives the figures the
//! engine computes from the same file (and the worked example's), a bad
//! value is refused at its field with nothing saved, another organisation
//! gets 404 and a politician cannot change anything.

mod common;

use common::demo_server as server;

use std::collections::BTreeMap;

use common::{Client, Db, Server, forms, snippet};
use upphandla_formats::lcc::{self, FieldPos, TemplateKind};
use upphandla_formats::report::sek_whole_sv;
use upphandla_store::{ModelKind, OrgId};

on_both_databases!(
    a_vehicle_model_from_the_form_shows_the_engines_figures,
    a_bad_value_is_refused_at_its_field_and_nothing_is_saved,
    other_organisations_get_404_and_politicians_cannot_change,
    demo_models_and_tender_evaluations_show_results,
    a_tender_evaluation_from_the_generated_form,
    the_coordinator_reads_a_model_once_it_is_shared,
);

const OFFICER: &str = "upphandlare@demokommun.example";
const OTHER_ORG: &str = "upphandlare@norrby.example";
const POLITICIAN: &str = "politiker@demokommun.example";

/// Two service cars of worked example 1 (docs/lcc.md), by template table id and key.
fn car_value(table_id: &str, key: &str) -> Option<&'static str> {
    Some(match (table_id, key) {
        ("", "period_years") => "6",
        ("", "discount_rate") => "3 %",
        ("", "discount_rate_source") => "exempelvärde",
        // A range: the reference case is its most likely value, 15 kr/l.
        ("bensin", "price_sek_per_unit") => "13; 15; 19",
        ("el", "price_sek_per_unit") => "1,50",
        (_, "quantity") => "10",
        (_, "lifetime_years") => "6",
        (_, "activity_per_year") => "15 000",
        ("bensin", "investment_sek") => "250 000",
        ("el", "investment_sek") => "320000",
        ("el", "installation_sek") => "15000",
        ("bensin", "energy_per_activity.bensin") => "0,065",
        ("el", "energy_per_activity.el") => "0.18",
        ("bensin", "maintenance_sek_per_year") => "6000",
        ("el", "maintenance_sek_per_year") => "4000",
        ("bensin", "residual_value_sek") => "90000",
        ("el", "residual_value_sek") => "110000",
        _ => return None,
    })
}

/// The id of the template table a form field stands in (`""` at the top).
fn table_ids(template: &str) -> BTreeMap<FieldPos, (String, String)> {
    let root: toml::Table = toml::from_str(template).unwrap();
    lcc::template_fields(template)
        .into_iter()
        .map(|f| {
            let id = match f.table.split_once('[') {
                Some((name, i)) => root[name].as_array().unwrap()
                    [i.trim_end_matches(']').parse::<usize>().unwrap()]
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
                None => f.table.clone(),
            };
            (f.pos(), (id, f.key))
        })
        .collect()
}

/// The fields of the page's "fill in the values" form, with every template
/// field answered by `value(table id, key)`.
fn filled_form(
    client: &mut Client,
    path: &str,
    value: &dyn Fn(&str, &str) -> Option<String>,
) -> (String, Vec<(String, String)>) {
    let page = client.get(path);
    page.expect(200);
    let ids = table_ids(lcc::template(TemplateKind::Vehicles));
    let form = forms(&page.body, path)
        .into_iter()
        .find(|f| f.method == "POST" && f.fields.iter().any(|(k, _, _)| k.starts_with('f')))
        .unwrap_or_else(|| panic!("no fields form on {path}: {}", snippet(&page.body)));
    let mut fields = Vec::new();
    for (name, v, _) in &form.fields {
        let answer = match FieldPos::from_form_name(name) {
            Some(pos) => {
                let (id, key) = &ids[&pos];
                value(id, key).unwrap_or_else(|| panic!("the form asks for {id}.{key}"))
            }
            None if name == "model_name" => "Två tjänstebilar (test)".to_string(),
            None => v.clone(),
        };
        fields.push((name.clone(), answer));
    }
    (form.action, fields)
}

fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> common::Resp {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &refs)
}

/// The names of the organisation's LCC models (tests run side by side, so
/// "nothing saved" is checked by a name only this test uses).
fn lcc_names(server: &Server, org: OrgId) -> Vec<String> {
    let store = server.store().clone();
    server.block_on(async move {
        store
            .models(org, ModelKind::Lcc)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect()
    })
}

fn kr(sek: f64) -> String {
    sek_whole_sv((sek * 100.0).round() as i64)
}

const FORM: &str = "/lcc/new?template=vehicles&chosen=1&alt=bensin&alt=el";

/// Creates the two-car model through the form; returns its id.
fn create_cars(client: &mut Client) -> i64 {
    let value = |id: &str, key: &str| car_value(id, key).map(str::to_string);
    let (action, fields) = filled_form(client, FORM, &value);
    assert_eq!(action, "/lcc");
    let resp = post(client, &action, &fields);
    resp.expect(303);
    let location = resp.location().unwrap().to_string();
    location
        .strip_prefix("/lcc/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("redirect to {location}"))
}

fn a_vehicle_model_from_the_form_shows_the_engines_figures(db: Db) {
    let server = server(db);
    let mut client = server.login(OFFICER);
    let id = create_cars(&mut client);

    let page = client.get(&format!("/lcc/{id}"));
    page.expect(200);
    let file = client.get(&format!("/lcc/{id}/model.toml"));
    file.expect(200);
    let run = lcc::compute(&file.body, None, None, false).expect("the saved file computes");
    let alt = |id: &str| run.result.alternatives.iter().find(|a| a.id == id).unwrap();
    // The engine on the saved file: worked example 1's present values.
    assert_eq!(alt("bensin").lcc_sek, 2_863_559.90);
    assert_eq!(alt("el").lcc_sek, 2_864_851.23);
    assert_eq!(alt("el").total_sek, 2_901_597.18);
    assert_eq!(run.result.alternatives.len(), 2);
    // The page shows the same figures.
    for a in &run.result.alternatives {
        for figure in [a.lcc_sek, a.total_sek, a.present_value.energy] {
            assert!(
                page.body.contains(&kr(figure)),
                "{} {figure} not on the page",
                a.name
            );
        }
        let vs = a.vs_reference.as_ref();
        if let Some(cost) = vs.and_then(|v| v.abatement_cost_sek_per_tonne) {
            assert!(page.body.contains(&kr(cost)), "abatement cost {cost}");
        }
    }
    let mc = run
        .monte_carlo
        .as_ref()
        .expect("the petrol price is a range");
    for a in &mc.alternatives {
        assert!(page.body.contains(&kr(a.total_sek.p50)), "P50 of {}", a.id);
        assert!(page.body.contains(&kr(a.total_sek.p90)), "P90 of {}", a.id);
    }
    assert!(page.body.contains("Tornado") || page.body.contains("tornado"));
    assert!(page.body.contains("<svg") && page.body.contains("<title"));
    assert!(page.body.contains("Två tjänstebilar (test)"));

    // The saved model opens in the form again, with its values.
    let edit = client.get(&format!("/lcc/{id}/edit"));
    edit.expect(200);
    assert!(
        edit.body.contains("value=\"320000\""),
        "{}",
        snippet(&edit.body)
    );

    // Exports.
    let xlsx = client.get(&format!("/lcc/{id}/export.xlsx"));
    xlsx.expect(200);
    assert!(
        xlsx.header("content-type")
            .unwrap()
            .contains("spreadsheetml")
    );
    let docx = client.get(&format!("/lcc/{id}/export.docx"));
    docx.expect(200);
    assert!(
        docx.header("content-type")
            .unwrap()
            .contains("wordprocessingml")
    );
    let pdf = client.get(&format!("/lcc/{id}/export.pdf"));
    pdf.expect(200);
    assert_eq!(pdf.header("content-type").unwrap(), "application/pdf");
    assert!(pdf.body.starts_with("%PDF-1.7"));
    let html = client.get(&format!("/lcc/{id}/export.html"));
    html.expect(200);
    assert!(html.body.starts_with("<!DOCTYPE html>"));
    assert!(html.body.contains(&kr(alt("el").total_sek)));
    client.get(&format!("/lcc/{id}/export.json")).expect(200);

    // Edit the file directly: 12 electric cars.
    let changed = file.body.replacen("quantity = 10", "quantity = 12", 1);
    let csrf = client.csrf();
    let resp = client.post_form(
        &format!("/lcc/{id}"),
        &[("_csrf", &csrf), ("toml", &changed)],
    );
    resp.expect(303);
    let again = client.get(&format!("/lcc/{id}/model.toml"));
    assert_eq!(again.body, changed);
}

fn a_bad_value_is_refused_at_its_field_and_nothing_is_saved(db: Db) {
    let server = server(db);
    let org = server.user_and_org(OFFICER).1;
    let mut client = server.login(OFFICER);
    let value = |id: &str, key: &str| {
        if (id, key) == ("el", "investment_sek") {
            Some("dyr".to_string())
        } else {
            car_value(id, key).map(str::to_string)
        }
    };
    let (action, mut fields) = filled_form(&mut client, FORM, &value);
    let name = format!("Ska inte sparas {}", common::unique());
    for (k, v) in fields.iter_mut() {
        if k == "model_name" {
            *v = name.clone();
        }
    }
    let resp = post(&mut client, &action, &fields);
    resp.expect(422);
    assert!(!lcc_names(server, org).contains(&name), "nothing saved");
    let bad = fields.iter().find(|(_, v)| v == "dyr").unwrap();
    let pos = FieldPos::from_form_name(&bad.0).unwrap();
    let body = &resp.body;
    assert!(body.contains("role=\"alert\""));
    assert!(
        body.contains(&format!("href=\"#falt-{}\"", bad.0)),
        "linked from the summary"
    );
    assert!(body.contains(&format!("rad {}, kolumn {}", pos.line, pos.column)));
    assert!(body.contains("investment_sek"));
    assert!(body.contains("inte ett tal"));
    assert!(body.contains("aria-invalid=\"true\""));
    // What the user typed is kept.
    assert!(body.contains("value=\"dyr\""));
    assert!(body.contains("value=\"13; 15; 19\""));

    // A broken file, too: line and column, nothing saved.
    let csrf = client.csrf();
    let resp = client.post_form(
        "/lcc",
        &[
            ("_csrf", &csrf),
            ("template", "generic"),
            (
                "toml",
                &format!("name = \"{name}\"\nperiod_years = 5\ncolour = 1\n"),
            ),
        ],
    );
    resp.expect(422);
    assert!(
        resp.body.contains("rad 3, kolumn 1"),
        "{}",
        snippet(&resp.body)
    );
    assert!(resp.body.contains("colour"));
    assert!(!lcc_names(server, org).contains(&name), "nothing saved");
}

fn other_organisations_get_404_and_politicians_cannot_change(db: Db) {
    let server = server(db);
    let mut officer = server.login(OFFICER);
    let id = create_cars(&mut officer);

    let mut other = server.login(OTHER_ORG);
    let csrf = other.csrf();
    for path in [
        format!("/lcc/{id}"),
        format!("/lcc/{id}/edit"),
        format!("/lcc/{id}/model.toml"),
        format!("/lcc/{id}/export.xlsx"),
        format!("/lcc/shared/{id}"),
        format!("/evaluation/{id}"),
    ] {
        other.get(&path).expect(404);
    }
    other
        .post_form(&format!("/lcc/{id}/delete"), &[("_csrf", &csrf)])
        .expect(404);

    let mut politician = server.login(POLITICIAN);
    politician.get(&format!("/lcc/{id}")).expect(200);
    politician.get("/lcc").expect(200);
    politician.get(FORM).expect(403);
    let csrf = politician.csrf();
    politician
        .post_form(&format!("/lcc/{id}/delete"), &[("_csrf", &csrf)])
        .expect(403);
    politician
        .post_form(
            "/lcc",
            &[
                ("_csrf", &csrf),
                ("template", "generic"),
                ("toml", "name = \"x\""),
            ],
        )
        .expect(403);
    politician.get(&format!("/lcc/{id}")).expect(200);

    // The officer can delete it.
    let csrf = officer.csrf();
    officer
        .post_form(&format!("/lcc/{id}/delete"), &[("_csrf", &csrf)])
        .expect(303);
    officer.get(&format!("/lcc/{id}")).expect(404);
}

fn demo_models_and_tender_evaluations_show_results(db: Db) {
    let server = server(db);
    let mut client = server.login(OFFICER);
    let list = client.get("/lcc");
    list.expect(200);
    assert!(list.body.contains("(demodata)"));
    let cars = common::links(&list.body)
        .into_iter()
        .find(|l| l.starts_with("/lcc/") && l[5..].parse::<i64>().is_ok())
        .expect("a demo model");
    let page = client.get(&cars);
    page.expect(200);
    assert!(!page.body.contains("Filen går inte att räkna på"));

    let list = client.get("/evaluation");
    list.expect(200);
    for link in common::links(&list.body)
        .into_iter()
        .filter(|l| l.starts_with("/evaluation/") && l[12..].parse::<i64>().is_ok())
    {
        let page = client.get(&link);
        page.expect(200);
        assert!(!page.body.contains("Filen går inte att räkna på"), "{link}");
        assert!(page.body.contains("Vinnare"), "{link}");
    }

    // A new evaluation from the relative-scoring example: Blank AB wins, and
    // without the cheapest bid the order turns (docs/lcc.md).
    let example = client.get("/evaluation/new?example=cleaning");
    example.expect(200);
    let form = forms(&example.body, "/evaluation/new")
        .into_iter()
        .find(|f| f.field("toml").is_some())
        .unwrap();
    let fields: Vec<(String, String)> = form
        .fields
        .iter()
        .map(|(k, v, _)| (k.clone(), v.clone()))
        .collect();
    let resp = post(&mut client, &form.action, &fields);
    resp.expect(303);
    let page = client.get(resp.location().unwrap());
    page.expect(200);
    assert!(
        page.body.contains("Vinnare</dt><dd>Blank AB"),
        "{}",
        snippet(&page.body)
    );
    assert!(page.body.contains("Centrum AB"));
    assert!(page.body.to_lowercase().contains("rangomkastning"));
}

fn the_coordinator_reads_a_model_once_it_is_shared(db: Db) {
    let server = server(db);
    let mut officer = server.login(OFFICER);
    let id = create_cars(&mut officer);
    let mut coordinator = server.login("samordnare@energikontor.example");
    let shared = format!("/lcc/shared/{id}");
    coordinator.get(&shared).expect(404);
    assert!(!coordinator.get("/lcc").body.contains(&shared));

    let csrf = officer.csrf();
    officer
        .post_form(
            &format!("/lcc/{id}/share"),
            &[("_csrf", &csrf), ("shared", "1")],
        )
        .expect(303);
    let list = coordinator.get("/lcc");
    assert!(list.body.contains(&format!("href=\"{shared}\"")), "listed");
    let page = coordinator.get(&shared);
    page.expect(200);
    assert!(page.body.contains("Två tjänstebilar (test)"));
    assert!(page.body.contains("Demo kommun"), "the owner is named");
    // Reading is all: the member's own routes stay closed.
    coordinator.get(&format!("/lcc/{id}")).expect(404);
    coordinator
        .get(&format!("/lcc/{id}/model.toml"))
        .expect(404);

    officer
        .post_form(
            &format!("/lcc/{id}/share"),
            &[("_csrf", &csrf), ("shared", "0")],
        )
        .expect(303);
    coordinator.get(&shared).expect(404);
}

/// The TOML key each field of a page's form stands for, from its label.
fn field_keys(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, _) in html.match_indices("<label for=\"falt-") {
        let rest = &html[i + 17..];
        let name = &rest[..rest.find('"').unwrap()];
        let key = rest
            .split("<span class=\"key\">(")
            .nth(1)
            .and_then(|k| k.split(')').next())
            .unwrap_or("");
        out.insert(name.to_string(), key.to_string());
    }
    out
}

fn a_tender_evaluation_from_the_generated_form(db: Db) {
    let server = server(db);
    let mut client = server.login(OFFICER);
    let path = "/evaluation/new?chosen=1&method=value_deduction&bids=2&criteria=1";
    let page = client.get(path);
    page.expect(200);
    let keys = field_keys(&page.body);
    let form = forms(&page.body, path)
        .into_iter()
        .find(|f| f.method == "POST" && f.fields.iter().any(|(k, _, _)| k.starts_with('f')))
        .unwrap();
    // Two bids on price with a deduction for quality: A 100 000 kr and 3 of
    // 5 points, B 95 000 kr and 0 points; full points are worth 20 000 kr.
    let mut bid = 0;
    let mut names = 0;
    let fields: Vec<(String, String)> = form
        .fields
        .iter()
        .map(|(name, value, _)| {
            let v = match keys.get(name).map(String::as_str) {
                Some("name") => {
                    names += 1;
                    ["Städtjänst 2026", "Kvalitet", "A AB", "B AB"][names - 1].to_string()
                }
                Some("max_points") => "5".into(),
                Some("deduction_sek") => "20 000".into(),
                Some("price_sek") => {
                    bid += 1;
                    if bid == 1 { "100000" } else { "95000" }.into()
                }
                Some("answers.k1") => if bid == 1 { "3" } else { "0" }.into(),
                Some(other) => panic!("unexpected field {other}"),
                None => value.clone(),
            };
            (name.clone(), v)
        })
        .collect();
    let resp = post(&mut client, &form.action, &fields);
    resp.expect(303);
    let location = resp.location().unwrap().to_string();
    let result = client.get(&location);
    result.expect(200);
    // A: 100 000 − 3/5 × 20 000 = 88 000 kr; B: 95 000 kr. A wins.
    assert!(
        result.body.contains("Vinnare</dt><dd>A AB (88 000,00 kr)"),
        "{}",
        snippet(&result.body)
    );
    let file = client.get(&format!("{location}/tender.toml"));
    file.expect(200);
    assert!(file.body.contains("method = \"value_deduction\""));
    // The saved file opens in its form again.
    let edit = client.get(&format!("{location}/edit"));
    assert!(edit.body.contains("value=\"A AB\""));
}
