//! The baseline page's activity data (quantities per year) against a running
//! server, on SQLite and PostgreSQL: computed and shown before saving, stored
//! with its quantities and range, errors that name the field and store
//! nothing, another organisation refused; and the result page's baseline
//! range and trace, for a baseline entered here and for the demo, checked
//! against an independent calculation (plain arithmetic on the factors read
//! straight from data/followup/activity_factors.csv, not the results code).

mod common;
#[path = "common/session.rs"]
mod session;

use common::figures::{HandFactor, by_id, hand_factor};
use common::{Client, Db, Server, demo_server as server, snippet};
use upphandla_store::{OrgId, ProcurementInput};

on_both_databases!(
    activity_data_is_computed_shown_and_stored,
    bad_numbers_name_the_field_and_store_nothing,
    another_organisation_is_refused,
    demo_activity_baseline_has_a_range_and_expected_differs,
);

const OFFICER: &str = "upphandlare@demokommun.example";
const OTHER_ORG: &str = "upphandlare@norrby.example";

/// (kg, kg low, kg high, kWh) of quantities per year.
fn by_hand(quantities: &[(&str, f64)]) -> (f64, f64, f64, f64) {
    let mut sum = (0.0, 0.0, 0.0, 0.0);
    for (metric, q) in quantities {
        let HandFactor {
            kwh,
            kg,
            kg_low: lo,
            kg_high: hi,
        } = hand_factor(metric);
        sum.0 += q * kg;
        sum.1 += q * lo;
        sum.2 += q * hi;
        sum.3 += q * kwh;
    }
    sum
}

/// A Swedish number as shown ("1 234,5") → f64.
fn sv_number(text: &str) -> f64 {
    text.trim()
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// The cells (text) of the result table's row headed `label`.
fn row(html: &str, label: &str) -> Vec<String> {
    let table = &html[html.find("id=\"siffror\"").expect("figures table")..];
    let start = table
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap_or_else(|| panic!("no row {label}"));
    let rest = &table[start..];
    let rest = &rest[..rest.find("</tr>").unwrap()];
    rest.split("<td")
        .skip(1)
        .map(|c| {
            let c = &c[c.find('>').unwrap() + 1..];
            c[..c.find('<').unwrap()].to_string()
        })
        .collect()
}

/// "12,3–45,6" → (12.3, 45.6)
fn range_t(text: &str) -> (f64, f64) {
    let (a, b) = text
        .split_once('–')
        .unwrap_or_else(|| panic!("no range in {text:?}"));
    (sv_number(a), sv_number(b))
}

fn close(shown_t: f64, kg: f64, what: &str) {
    // Tonnes are shown with one decimal.
    assert!(
        (shown_t - kg / 1000.0).abs() <= 0.051,
        "{what}: shown {shown_t} t, by hand {} t",
        kg / 1000.0
    );
}

fn org_of(server: &Server, email: &str) -> OrgId {
    server.user_and_org(email).1
}

fn new_procurement(server: &Server, org: OrgId, title: &str) -> i64 {
    let store = server.store().clone();
    let title = title.to_string();
    server.block_on(async move {
        store
            .create_procurement(
                org,
                &ProcurementInput {
                    title,
                    ..Default::default()
                },
                None,
                false,
            )
            .await
            .unwrap()
    })
}

/// (baseline kg, quantities, low, high) as stored.
type Stored = (Option<f64>, Vec<(String, f64)>, Option<f64>, Option<f64>);

fn stored(server: &Server, org: OrgId, id: i64) -> Stored {
    let store = server.store().clone();
    server.block_on(async move {
        let p = store.procurement(org, id).await.unwrap().unwrap();
        let q = store.baseline_quantities(org, id).await.unwrap();
        (
            p.baseline.map(|b| b.kg_co2e),
            q.quantities,
            q.kg_low,
            q.kg_high,
        )
    })
}

const FORM: &[(&str, &str)] = &[
    ("q_diesel_l", "31 500"),
    ("q_bensin_l", "14 200"),
    ("q_el_kwh", "1 500,5"),
    ("period", "Förra avtalet, år 2022"),
    ("source", "Leverantörens årsrapport"),
];

fn post(client: &mut Client, id: i64, step: &str, fields: &[(&str, &str)]) -> common::Resp {
    let mut all = fields.to_vec();
    all.push(("steg", step));
    client.post_csrf(&format!("/upphandlingar/{id}/baslinje/mangder"), &all)
}

fn activity_data_is_computed_shown_and_stored(db: Db) {
    let server = server(db);
    let org = org_of(server, OFFICER);
    let id = new_procurement(server, org, "Tjänstebilar mängder (test)");
    let mut client = server.login(OFFICER);
    let (kg, lo, hi, kwh) = by_hand(&[
        ("diesel_l", 31_500.0),
        ("bensin_l", 14_200.0),
        ("el_kwh", 1_500.5),
    ]);

    // The form: a fieldset with a legend and a label per fuel/energy input.
    let page = client
        .get(&format!("/upphandlingar/{id}/baslinje"))
        .expect(200)
        .body
        .clone();
    assert!(page.contains("Aktivitetsdata (mängder per år)"));
    assert!(page.contains("<legend>Mängder per år</legend>"));
    for key in [
        "diesel_l",
        "bensin_l",
        "hvo100_l",
        "e85_l",
        "ed95_l",
        "biogas_nm3",
        "el_kwh",
        "fjarrvarme_kwh",
    ] {
        assert!(page.contains(&format!("<label for=\"q-{key}\">")), "{key}");
        assert!(page.contains(&format!("name=\"q_{key}\"")), "{key}");
    }
    assert!(
        !page.contains("name=\"q_fordon_km\""),
        "no factor, no input"
    );

    // "Beräkna" shows the figures and stores nothing.
    let shown = post(&mut client, id, "berakna", FORM)
        .expect(200)
        .body
        .clone();
    close(sv_number(by_id(&shown, "mangder-t")), kg, "preview total");
    let (a, b) = range_t(by_id(&shown, "mangder-intervall"));
    close(a, lo, "preview low");
    close(b, hi, "preview high");
    assert!((sv_number(by_id(&shown, "mangder-kwh")) - kwh).abs() <= 0.51);
    assert!(shown.contains("name=\"steg\" value=\"spara\""));
    assert_eq!(stored(server, org, id), (None, Vec::new(), None, None));

    // "Spara" stores the baseline with its quantities and range.
    let saved = post(&mut client, id, "spara", FORM);
    assert_eq!(saved.status, 303, "{}", snippet(&saved.body));
    assert_eq!(
        saved.location(),
        Some(format!("/upphandlingar/{id}/baslinje?meddelande=sparad").as_str())
    );
    let (got_kg, quantities, got_lo, got_hi) = stored(server, org, id);
    assert!((got_kg.unwrap() - kg).abs() < 1e-6);
    assert!((got_lo.unwrap() - lo).abs() < 1e-6);
    assert!((got_hi.unwrap() - hi).abs() < 1e-6);
    assert_eq!(
        quantities,
        vec![
            ("bensin_l".to_string(), 14_200.0),
            ("diesel_l".to_string(), 31_500.0),
            ("el_kwh".to_string(), 1_500.5),
        ]
    );
    let page = client
        .get(&format!("/upphandlingar/{id}/baslinje"))
        .expect(200)
        .body
        .clone();
    assert!(page.contains("Förra avtalet, år 2022"));
    assert!(page.contains("Leverantörens årsrapport"));
    let shown = by_id(&page, "baslinje-intervall");
    let (a, b) = range_t(shown.split(" ton").next().unwrap());
    close(a, lo, "saved low");
    close(b, hi, "saved high");

    // The result page: the baseline with the factors' range, a trace line
    // per quantity with its factor and range, no "inget intervall".
    let result = client
        .get(&format!("/upphandlingar/{id}/resultat"))
        .expect(200)
        .body
        .clone();
    let cells = row(&result, "Baslinje");
    close(sv_number(&cells[1]), kg, "result baseline");
    let (a, b) = range_t(&cells[2]);
    close(a, lo, "result low");
    close(b, hi, "result high");
    assert!(!result.contains("inget intervall"), "{}", snippet(&result));
    let HandFactor {
        kg: d,
        kg_low: dlo,
        kg_high: dhi,
        ..
    } = hand_factor("diesel_l");
    let line =
        format!("Diesel (MK1, med inblandning): 31500 l per år × {d} kg CO2e/l ({dlo}–{dhi})")
            .replace('.', ",");
    assert!(result.contains(&line), "no {line:?} in the trace");
    let HandFactor {
        kg: p,
        kg_low: plo,
        kg_high: phi,
        ..
    } = hand_factor("bensin_l");
    let line = format!("Bensin (med inblandning): 14200 l per år × {p} kg CO2e/l ({plo}–{phi})")
        .replace('.', ",");
    assert!(result.contains(&line), "no {line:?} in the trace");

    // The CSV carries the same range.
    let csv = client.get("/resultat.csv").expect(200).body.clone();
    let rows: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let mine = rows
        .iter()
        .find(|r| r[0] == id.to_string())
        .expect("the procurement's row");
    assert!((sv_number(&mine[col("baslinje_t")]) - kg / 1000.0).abs() < 0.0006);
    assert!((sv_number(&mine[col("baslinje_lag_t")]) - lo / 1000.0).abs() < 0.0006);
    assert!((sv_number(&mine[col("baslinje_hog_t")]) - hi / 1000.0).abs() < 0.0006);
}

fn bad_numbers_name_the_field_and_store_nothing(db: Db) {
    let server = server(db);
    let org = org_of(server, OFFICER);
    let id = new_procurement(server, org, "Skolskjuts mängder (test)");
    let mut client = server.login(OFFICER);
    // A first baseline that a failed attempt must leave as it is.
    post(
        &mut client,
        id,
        "spara",
        &[("q_diesel_l", "46000"), ("period", "2023")],
    )
    .expect(303);
    let before = stored(server, org, id);
    assert_eq!(before.1, vec![("diesel_l".to_string(), 46_000.0)]);

    for step in ["berakna", "spara"] {
        let bad = post(
            &mut client,
            id,
            step,
            &[
                ("q_diesel_l", "tretton"),
                ("q_bensin_l", "1,200"),
                ("q_hvo100_l", "-5"),
                ("q_el_kwh", "2 000"),
                ("period", " "),
            ],
        );
        assert_eq!(bad.status, 422, "{step}: {}", snippet(&bad.body));
        let body = &bad.body;
        // The summary links each error to its field; the field says it too.
        assert!(body.contains("Baslinjen sparades inte"));
        assert!(body.contains(
            "<a href=\"#q-diesel_l\">Diesel (MK1, med inblandning) (l): «tretton» är inte ett tal."
        ));
        assert!(
            body.contains(
                "<a href=\"#q-bensin_l\">Bensin (med inblandning) (l): «1,200» kan läsas"
            )
        );
        assert!(
            body.contains("<a href=\"#q-hvo100_l\">HVO100 (l): mängden kan inte vara negativ.")
        );
        assert!(body.contains("<a href=\"#q-period\">Period som mängderna gäller"));
        assert!(body.contains("id=\"q-diesel_l-fel\""));
        assert!(body.contains("aria-invalid=\"true\""));
        // What was entered comes back.
        assert!(body.contains("value=\"tretton\""));
        assert!(body.contains("value=\"2 000\""));
        assert_eq!(stored(server, org, id), before, "{step} stored something");
    }
    // Nothing entered at all.
    let empty = post(&mut client, id, "spara", &[("period", "2023")]);
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Ange minst en mängd större än noll."));
    assert_eq!(stored(server, org, id), before);
}

fn another_organisation_is_refused(db: Db) {
    let server = server(db);
    let org = org_of(server, OFFICER);
    let id = new_procurement(server, org, "Annans upphandling (test)");
    let mut other = server.login(OTHER_ORG);
    other
        .get(&format!("/upphandlingar/{id}/baslinje"))
        .expect(404);
    for step in ["berakna", "spara"] {
        post(&mut other, id, step, FORM).expect(404);
    }
    assert_eq!(stored(server, org, id), (None, Vec::new(), None, None));
}

/// `effect_reduction` of criterion `id`, read straight from the TOML file.
fn effect(file: &str, id: &str) -> f64 {
    let start = file
        .find(&format!("id = \"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let rest = &file[start..];
    let rest = &rest[..rest[1..]
        .find("[[criterion]]")
        .map_or(rest.len(), |i| i + 1)];
    let line = rest
        .lines()
        .find(|l| l.starts_with("effect_reduction = "))
        .unwrap_or_else(|| panic!("{id} has no effect_reduction"));
    line["effect_reduction = ".len()..].trim().parse().unwrap()
}

fn demo_activity_baseline_has_a_range_and_expected_differs(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org("miljostrateg@demokommun.example");
    let store = server.store().clone();
    let id = server.block_on(async move {
        store
            .procurements(org)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.title == "Tjänstebilar 2023 (demo)")
            .unwrap()
            .id
    });
    let mut client = server.login("miljostrateg@demokommun.example");
    let page = client
        .get(&format!("/upphandlingar/{id}/resultat"))
        .expect(200)
        .body
        .clone();
    // The previous contract: 31 500 l diesel and 14 200 l petrol per year.
    let (kg, lo, hi, _) = by_hand(&[("diesel_l", 31_500.0), ("bensin_l", 14_200.0)]);
    let base = row(&page, "Baslinje");
    close(sv_number(&base[1]), kg, "demo baseline");
    let (a, b) = range_t(&base[2]);
    close(a, lo, "demo baseline low");
    close(b, hi, "demo baseline high");
    assert!(!page.contains("inget intervall"));
    // Expected: the clean-vehicle share's stated effect on the baseline.
    let r = effect(
        include_str!("../../../data/criteria/fordon.toml"),
        "fordon-ts-rena-fordon-andel",
    );
    let expected = row(&page, "Förväntat");
    close(sv_number(&expected[1]), kg * (1.0 - r), "demo expected");
    let followed = row(&page, "Uppföljt (uppmätt)");
    let (b_t, e_t, f_t) = (
        sv_number(&base[1]),
        sv_number(&expected[1]),
        sv_number(&followed[1]),
    );
    assert!(b_t != e_t && e_t != f_t && b_t != f_t, "{b_t} {e_t} {f_t}");
    assert!(!page.contains("Förväntat: inget valt krav"));
    // The saving against the followed-up figure has a range around it.
    let (s_lo, s_hi) = range_t(by_id(&page, "besparing-intervall").trim_end_matches(" t CO₂e"));
    assert!(s_lo < b_t - f_t && b_t - f_t < s_hi, "{s_lo} {s_hi}");
}

/// axe-core on the baseline page: the form, the form with errors (summary
/// linked to the fields) and the computed baseline shown before saving.
#[test]
fn sqlite_activity_data_form_passes_axe() {
    let server = server(Db::Sqlite);
    let org = org_of(server, OFFICER);
    let id = new_procurement(server, org, "Axe mängder (test)");
    let form = format!("form[action='/upphandlingar/{id}/baslinje/mangder#mangder']");
    let mut s = session::Session::start(server, None, "baseline-q-", true);
    s.sign_in(OFFICER);
    s.goto(&format!("/upphandlingar/{id}/baslinje"));
    s.check("baslinje");
    s.browser.fill("#q-diesel_l", "trettio");
    s.browser.submit(&form);
    assert!(
        s.main_text().contains("«trettio» är inte ett tal"),
        "{}",
        s.excerpt(400)
    );
    s.check_state("baslinje-fel");
    s.browser.fill("#q-diesel_l", "31 500");
    s.browser.fill("#q-period", "Förra avtalet, år 2022");
    s.browser.submit(&form);
    assert!(
        s.main_text().contains("Beräknad baslinje (inte sparad än)"),
        "{}",
        s.excerpt(400)
    );
    s.check_state("baslinje-berakning");
    s.finish();
    assert_eq!(stored(server, org, id), (None, Vec::new(), None, None));
}
