//! Resultat against a running server, on SQLite and PostgreSQL: the
//! dashboard's and the CSV's totals checked against an independent
//! calculation (plain arithmetic on the raw numbers and the factors read
//! from data/followup/activity_factors.csv, not the results code), the
//! per-procurement page with its trace, goals with progress, form errors,
//! read-only roles refused, and another organisation refused (404).

mod common;
#[path = "common/session.rs"]
mod session;

use common::figures::{
    ContractParts, Report, by_id, contract_with_reports, hand_factor, set_plain_baseline,
};
use common::{Client, Db, Server, csrf_of, demo_server as server, snippet};
use upphandla_store::{BaselineMethod, GoalInput, OrgId, OrgKind, ProcurementInput, Role};

on_both_databases!(
    dashboard_totals_match_an_independent_calculation,
    goals_are_created_checked_and_refused_to_readers,
);

const PASSWORD: &str = "resultat-test-lösenord-1";
const OTHER_ORG: &str = "upphandlare@norrby.example";
const POLITICIAN: &str = "politiker@demokommun.example";

/// A fresh organisation with an upphandlare who signs in with [`PASSWORD`].
fn fresh_org(server: &Server, db: Db) -> (OrgId, String) {
    let store = server.store().clone();
    let tag = common::unique();
    let email = format!("resultat-{tag}@resultat.example");
    let e = email.clone();
    let org = server.block_on(async move {
        let org = store
            .create_organisation(
                &format!("Resultatkommun {db:?} {tag}"),
                OrgKind::Kommun,
                "",
                false,
            )
            .await
            .unwrap();
        let hash = upphandla_web::auth::hash_password(PASSWORD).await.unwrap();
        let user = store.create_user(&e, "Rut Resultat", &hash).await.unwrap();
        store.add_role(user, org, Role::Upphandlare).await.unwrap();
        org
    });
    (org, email)
}

fn login(server: &Server, email: &str) -> Client {
    let mut client = server.client();
    client.login(email, PASSWORD);
    client
}

struct Proc {
    title: &'static str,
    method: BaselineMethod,
    kg: f64,
    kwh: Option<f64>,
    reports: Vec<Report>,
}

/// Stores a procurement with a baseline, and a contract with reports when given.
fn insert(server: &Server, org: OrgId, p: Proc) -> i64 {
    let store = server.store().clone();
    server.block_on(async move {
        let id = store
            .create_procurement(
                org,
                &ProcurementInput {
                    title: p.title.into(),
                    spend_category: "fordon".into(),
                    ..Default::default()
                },
                None,
                false,
            )
            .await
            .unwrap();
        set_plain_baseline(&store, org, id, (p.method, p.kg, p.kwh), "test".into()).await;
        if !p.reports.is_empty() {
            let parts = ContractParts {
                reference: "",
                title: p.title,
                supplier: "Leverantör AB",
                start: "2027-01-01",
                end: "2028-12-31",
            };
            contract_with_reports(&store, org, id, parts, p.reports).await;
        }
        id
    })
}

/// A Swedish number as shown ("1 234,5") → f64.
fn sv_number(text: &str) -> f64 {
    text.trim()
        .replace([' ', '\u{a0}'], "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

fn dashboard_totals_match_an_independent_calculation(db: Db) {
    let server = server(db);
    let (org, email) = fresh_org(server, db);
    // A: spend baseline 20 t/yr; HVO and diesel reported for 181 days.
    let a = insert(
        server,
        org,
        Proc {
            title: "Tjänstebilar",
            method: BaselineMethod::Spend,
            kg: 20_000.0,
            kwh: None,
            reports: vec![
                (
                    "2027-01-01",
                    "2027-03-31",
                    vec![
                        ("hvo100_l", 3000.0),
                        ("diesel_l", 500.0),
                        ("fordon_km", 40_000.0),
                    ],
                ),
                ("2027-04-01", "2027-06-30", vec![("hvo100_l", 2500.0)]),
            ],
        },
    );
    // B: activity baseline 9 t/yr and 30 MWh, no follow-up yet.
    insert(
        server,
        org,
        Proc {
            title: "Belysning",
            method: BaselineMethod::Activity,
            kg: 9_000.0,
            kwh: Some(30_000.0),
            reports: vec![],
        },
    );
    // C: spend baseline 5 t/yr; a year of electricity.
    insert(
        server,
        org,
        Proc {
            title: "Laddning",
            method: BaselineMethod::Spend,
            kg: 5_000.0,
            kwh: None,
            reports: vec![("2027-01-01", "2027-12-31", vec![("el_kwh", 100_000.0)])],
        },
    );

    // The independent calculation.
    let hvo_kg = hand_factor("hvo100_l").kg;
    let diesel_kg = hand_factor("diesel_l").kg;
    let el_kg = hand_factor("el_kwh").kg;
    let days_a = 31.0 + 28.0 + 31.0 + 30.0 + 31.0 + 30.0; // 2027-01-01..2027-06-30
    let followed_a = (5500.0 * hvo_kg + 500.0 * diesel_kg) * 365.0 / days_a;
    let followed_c = 100_000.0 * el_kg; // 365 days
    let baseline = 20_000.0 + 9_000.0 + 5_000.0;
    let current = followed_a + 9_000.0 + followed_c;
    let saving = baseline - current;

    let mut client = login(server, &email);
    let page = client.get("/resultat").expect(200).body.clone();
    assert!(
        page.contains("aria-current") || page.contains("/resultat"),
        "menu entry"
    );
    assert!(page.contains("<svg") && page.contains("<title") && page.contains("<desc"));
    assert!(
        page.contains("id=\"summor-tabell\""),
        "data table next to the chart"
    );
    let shown = sv_number(by_id(&page, "besparing-total"));
    assert!(
        (shown - saving / 1000.0).abs() <= 0.05 + 1e-9,
        "{shown} vs {}",
        saving / 1000.0
    );
    assert!(
        page.contains(&format!("<strong>{}</strong>", fmt1(baseline / 1000.0))),
        "summary baseline"
    );
    assert!(
        page.contains(&format!("<strong>{}</strong>", fmt1(current / 1000.0))),
        "summary now"
    );
    assert!(
        page.contains("Ingen inköpsanalys med datum"),
        "footprint empty state"
    );

    // The CSV: per procurement and a total row, tonnes with three decimals.
    let csv = client.get("/resultat.csv").expect(200).body.clone();
    let rows: Vec<Vec<String>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect();
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let total = rows.last().unwrap();
    let num = |row: &Vec<String>, name: &str| sv_number(&row[col(name)]);
    assert_eq!(rows.len(), 5, "header, three procurements, total");
    assert!((num(total, "baslinje_t") - baseline / 1000.0).abs() < 0.0006);
    assert!((num(total, "uppfoljt_t") - (followed_a + followed_c) / 1000.0).abs() < 0.0006);
    assert!((num(total, "besparing_t") - saving / 1000.0).abs() < 0.0006);
    let row_a = rows.iter().find(|r| r[1] == "Tjänstebilar").unwrap();
    assert_eq!(row_a[col("metod")], "hybrid");
    assert!((num(row_a, "uppfoljt_t") - followed_a / 1000.0).abs() < 0.0006);

    // The procurement's page shows method, figures and the trace with sources.
    let show = client
        .get(&format!("/upphandlingar/{a}/resultat"))
        .expect(200)
        .body
        .clone();
    assert!(show.contains("hybrid"), "{}", snippet(&show));
    assert!(show.contains("Så räknades det") && show.contains("Energimyndigheten 2016"));
    assert!(show.contains("uppmätt") && show.contains("skattning"));

    // Another organisation: 404 on the page, and nothing of ours on its dashboard.
    let mut other = server.login(OTHER_ORG);
    other
        .get(&format!("/upphandlingar/{a}/resultat"))
        .expect(404);
    let theirs = other.get("/resultat").expect(200).body.clone();
    assert!(!theirs.contains(&format!("/upphandlingar/{a}/resultat")));
    let theirs_csv = other.get("/resultat.csv").expect(200).body.clone();
    assert!(!theirs_csv.contains(&format!("\n{a};")));
}

/// One decimal, Swedish, grouped — as the page prints tonnes.
fn fmt1(v: f64) -> String {
    let text = format!("{v:.1}");
    let (int, frac) = text.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    format!("{grouped},{frac}")
}

fn goals_are_created_checked_and_refused_to_readers(db: Db) {
    let server = server(db);
    let (org, email) = fresh_org(server, db);
    insert(
        server,
        org,
        Proc {
            title: "Fordonsbränsle",
            method: BaselineMethod::Spend,
            kg: 10_000.0,
            kwh: None,
            reports: vec![(
                "2027-01-01",
                "2027-12-31",
                vec![("hvo100_l", 900.0), ("diesel_l", 100.0)],
            )],
        },
    );
    let mut client = login(server, &email);
    let token = client.csrf();
    // Bad input: the form comes back with the user's values and the errors.
    let bad = client.post_form(
        "/mal",
        &[
            ("_csrf", &token),
            ("kind", "fossilfri_fordonsbransle"),
            ("title", "Fossilfritt 2030"),
            ("base_year", "2020"),
            ("base_value", "10"),
            ("target_year", "2019"),
            ("target_value", "100"),
        ],
    );
    assert_eq!(bad.status, 422, "{}", snippet(&bad.body));
    assert!(bad.body.contains("href=\"#f-target_year\""));
    assert!(bad.body.contains("value=\"Fossilfritt 2030\""));
    let ok = client.post_form(
        "/mal",
        &[
            ("_csrf", &token),
            ("kind", "fossilfri_fordonsbransle"),
            ("title", "Fossilfritt 2030"),
            ("base_year", "2020"),
            ("base_value", "10"),
            ("target_year", "2030"),
            ("target_value", "100"),
            ("shared", "1"),
        ],
    );
    assert!(ok.is_redirect(), "{}", snippet(&ok.body));
    let store = server.store().clone();
    let goals = server.block_on(async move { store.goals(org).await.unwrap() });
    assert_eq!(goals.len(), 1);
    assert!(goals[0].shared);

    // Progress: fossil-free share by energy, computed here from the CSV.
    let hvo_kwh = hand_factor("hvo100_l").kwh;
    let diesel_kwh = hand_factor("diesel_l").kwh;
    let share = 100.0 * 900.0 * hvo_kwh / (900.0 * hvo_kwh + 100.0 * diesel_kwh);
    let path = 10.0 + 90.0 * 7.0 / 10.0; // 2027 on the line 2020 → 2030
    let page = client.get("/resultat").expect(200).body.clone();
    assert!(
        page.contains(&format!("{} % (2027)", fmt1(share))),
        "{}",
        snippet(&page)
    );
    assert!(page.contains(&format!("{} %", fmt1(path))));
    assert_eq!(share >= path, page.contains("<strong>i fas</strong>"));

    // Readers cannot change goals; another organisation gets 404.
    let id = goals[0].id;
    let mut politician = server.login(POLITICIAN);
    let t = politician.csrf();
    assert_eq!(
        politician
            .post_form(
                "/mal",
                &[("_csrf", &t), ("kind", "minskning_energi"), ("title", "x")]
            )
            .status,
        403
    );
    let mut other = server.login(OTHER_ORG);
    other.get(&format!("/mal/{id}")).expect(404);
    let t = other.csrf();
    assert_eq!(
        other
            .post_form(&format!("/mal/{id}/ta-bort"), &[("_csrf", &t)])
            .status,
        404
    );
    assert!(
        !other
            .get("/mal")
            .expect(200)
            .body
            .contains("Fossilfritt 2030")
    );

    // The owner shares off, edits and deletes.
    let edit = client.get(&format!("/mal/{id}")).expect(200).body.clone();
    let token = csrf_of(&edit).unwrap();
    assert!(
        client
            .post_form(
                &format!("/mal/{id}/dela"),
                &[("_csrf", &token), ("shared", "0")]
            )
            .is_redirect()
    );
    assert!(
        client
            .post_form(&format!("/mal/{id}/ta-bort"), &[("_csrf", &token)])
            .is_redirect()
    );
    let store = server.store().clone();
    assert!(
        server
            .block_on(async move { store.goals(org).await.unwrap() })
            .is_empty()
    );
}

/// axe-core on every results page kind (dashboard, procurement result, goals
/// list, goal edit form, the form with errors) as the demo officer.
#[test]
fn sqlite_results_pages_pass_axe() {
    let server = server(Db::Sqlite);
    let store = server.store().clone();
    let (procurement, goal) = server.block_on(async move {
        let user = store
            .user_by_email("upphandlare@demokommun.example")
            .await
            .unwrap()
            .unwrap();
        let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
        let p = store.procurements(org).await.unwrap()[0].id;
        let goal = store
            .create_goal(
                org,
                &GoalInput {
                    kind: "minskning_energi".into(),
                    title: format!("Energi axe {}", common::unique()),
                    base_year: 2022,
                    base_value: 9000.0,
                    target_year: 2030,
                    target_value: 7000.0,
                    note: String::new(),
                    shared: false,
                },
            )
            .await
            .unwrap();
        (p, goal)
    });
    let mut s = session::Session::start(server, None, "results-", true);
    s.sign_in("upphandlare@demokommun.example");
    s.goto("/resultat");
    assert_eq!(s.h1(), "Resultat: klimat och energi");
    s.check("resultat");
    s.goto(&format!("/upphandlingar/{procurement}/resultat"));
    s.check("upphandling-resultat");
    s.goto("/mal");
    s.check("mal");
    s.goto(&format!("/mal/{goal}"));
    s.check("mal-andra");
    s.browser.fill("#f-target_year", "1900");
    s.browser.submit(&format!("form[action='/mal/{goal}']"));
    assert!(
        s.main_text().contains("Målåret ska vara efter basåret"),
        "{}",
        s.excerpt(400)
    );
    s.check_state("mal-fel");
    s.finish();
}
