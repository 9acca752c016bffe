//! Inköpsanalys and Emissionsfaktorer over HTTP against a running server:
//! upload, results equal to the CLI's analysis of the same file, bad files
//! refused row by row with nothing stored, drill-down, rule edits that
//! change the classification, downloads, roles and deletion; on SQLite and
//! on PostgreSQL.

mod common;

use common::demo_server as demo;

use common::{Client, Db, Resp, Server, ServerOptions, csrf_of, snippet};
use upphandla_formats::import::{
    self, DEMO_ACCOUNTS, DEMO_SUPPLIERS, EngineOptions, LedgerSource, ReadOptions, RuleFileKind,
    RuleSource,
};
use upphandla_formats::report::{percent_sv, sek_sv, sek_whole_sv, tonnes_sv};
use upphandla_store::{LineFilter, OrgId};

const OFFICER: &str = "upphandlare@demokommun.example";
const POLITICIAN: &str = "politiker@demokommun.example";
const OTHER_ORG: &str = "upphandlare@norrby.example";

on_both_databases!(
    upload_shows_the_clis_figures_and_drills_down,
    bad_rows_are_listed_and_nothing_is_stored,
    rule_edits_are_checked_saved_and_rerun,
    own_factors_are_checked_and_marked,
    politicians_read_but_do_not_change,
    other_organisations_get_not_found,
    deleting_asks_first,
);

/// A ledger of our own (unique supplier names so tests on the shared server
/// do not meet each other's lines): `rows` lines over three months and three units.
fn ledger(tag: &str, rows: usize) -> String {
    let mut out = String::from(
        "Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV\n",
    );
    let units = ["Barn- och utbildning", "Omsorg", "Teknik"];
    for i in 0..rows {
        let (account, supplier, orgnr, text, cpv) = match i % 5 {
            0 => (
                "4010",
                "Demo Livsmedelsgrossist AB",
                "999999-0101",
                "Mjöl",
                "",
            ),
            1 => ("7010", "Bränsle Test AB", "", "Diesel", "09134200-9"),
            2 => (
                "4010",
                &*format!("Testleverantör {tag} AB"),
                "",
                "Faktura",
                "",
            ),
            3 => ("5611", "Okänd Partner", "", "Övrigt", ""),
            _ => ("6540", "IT Test AB", "", "Konsult", ""),
        };
        let amount = 1000 + (i * 37) % 9000;
        let sign = if i % 17 == 16 { "-" } else { "" };
        out.push_str(&format!(
            "2025-{:02}-{:02};{};{account};{orgnr};{supplier};{sign}{amount},{:02};{text};{cpv}\n",
            1 + i % 3,
            1 + i % 28,
            units[i % 3],
            i % 100,
        ));
    }
    out
}

/// What `upphandla spend analyze` reports for the file with the demo
/// organisation's rule files (its account and supplier maps).
fn cli_report(name: &str, bytes: &[u8], accounts: &[u8]) -> upphandla_core::spend::SpendReport {
    let options = EngineOptions {
        rules: vec![
            RuleSource::new(RuleFileKind::Accounts, "kontoplan", accounts),
            RuleSource::new(RuleFileKind::Suppliers, "leverantorer", DEMO_SUPPLIERS),
        ],
        ..EngineOptions::default()
    };
    let (engine, _) = import::build_engine(&options).expect("engine");
    let source = LedgerSource::from_bytes(name.to_string(), bytes);
    import::analyze(
        &engine,
        std::slice::from_ref(&source),
        &ReadOptions::default(),
        || (),
        50,
    )
    .expect("analysis")
    .report
}

fn upload(client: &mut Client, name: &str, file_name: &str, bytes: &[u8]) -> Resp {
    let page = client.get("/spend");
    page.expect(200);
    let csrf = csrf_of(&page.body).expect("csrf on /spend");
    client.post_multipart(
        &format!("/spend/upload?_csrf={csrf}"),
        &[("name", name)],
        Some(("file", file_name, bytes)),
    )
}

/// Uploads and returns the new import's id.
fn upload_ok(client: &mut Client, name: &str, file_name: &str, bytes: &[u8]) -> i64 {
    let resp = upload(client, name, file_name, bytes);
    resp.expect(303);
    let location = resp.location().expect("location").to_string();
    location
        .strip_prefix("/spend/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to {location}"))
}

/// The seeded demo import of `org` (other tests add and delete their own).
fn demo_import(server: &Server, org: OrgId) -> i64 {
    server
        .block_on(server.store().imports(org))
        .unwrap()
        .iter()
        .find(|i| i.demo && i.name.contains("demodata"))
        .expect("the demo import")
        .id
}

/// Imports of `org` named `name` (tests share organisations, so counts of
/// all imports would see each other's uploads).
fn imports_named(server: &Server, org: OrgId, name: &str) -> usize {
    server
        .block_on(server.store().imports(org))
        .unwrap()
        .iter()
        .filter(|i| i.name == name)
        .count()
}

fn uploads_left(server: &Server) -> usize {
    std::fs::read_dir(server.state.config.data_dir.join("uploads"))
        .map(|d| d.count())
        .unwrap_or(0)
}

fn upload_shows_the_clis_figures_and_drills_down(db: Db) {
    let server = demo(db);
    let mut client = server.login(OFFICER);
    let file = ledger("figurer", 300);
    let id = upload_ok(&mut client, "Test 2025", "test-2025.csv", file.as_bytes());

    let expected = cli_report("test-2025.csv", file.as_bytes(), DEMO_ACCOUNTS);
    let page = client.get(&format!("/spend/{id}"));
    page.expect(200);
    let body = &page.body;
    for figure in [
        format!("<dd>{}</dd>", sek_whole_sv(expected.total.ore)),
        format!("<dd>{} ton CO₂e</dd>", tonnes_sv(expected.total.kg_co2e)),
        format!(
            "{}–{}",
            tonnes_sv(expected.total.kg_co2e_low),
            tonnes_sv(expected.total.kg_co2e_high)
        ),
        format!(
            "<dd>{}</dd>",
            percent_sv(1.0 - expected.unclassified.share_of_spend)
        ),
        "<dd>300</dd>".to_string(),
    ] {
        assert!(body.contains(&figure), "{figure} not on the result page");
    }
    // Every category, with its figures, links to its lines.
    for c in &expected.categories {
        let link = format!("/spend/{id}/lines?category={}", c.id);
        assert!(body.contains(&link), "no drill-down link {link}");
        assert!(body.contains(&tonnes_sv(c.kg_co2e)));
    }
    for section in [
        "id=\"kategorier\"",
        "id=\"leverantorer\"",
        "id=\"enheter\"",
        "id=\"manader\"",
        "id=\"metod\"",
    ] {
        assert!(body.contains(section), "section {section} missing");
    }
    assert!(body.contains("<svg"), "charts are drawn");
    assert!(body.contains("<title"), "charts have a title");
    assert!(body.contains(&format!("/spend/{id}/lines?month=2025-02")));
    assert!(body.contains(&format!("/spend/{id}/lines?unit=Omsorg")));
    assert!(
        body.contains("kontoplan:"),
        "the rules that fired name their file"
    );
    assert!(body.contains("US EPA"), "the factor sources are shown");

    // Drill-down: the category's lines, each with its rule.
    let food = expected
        .categories
        .iter()
        .find(|c| c.id == "food")
        .expect("food");
    let lines = client.get(&format!("/spend/{id}/lines?category=food"));
    lines.expect(200);
    assert!(
        lines.body.contains(&format!("av {} ", food.rows)),
        "line count: {}",
        snippet(&lines.body)
    );
    assert!(
        lines
            .body
            .contains("leverantör (orgnr) 999999-0101 (leverantorer:")
    );
    assert!(lines.body.contains("konto 4010 (kontoplan:"));
    let page2 = client.get(&format!("/spend/{id}/lines?category=food&page=2"));
    page2.expect(200);
    assert!(
        page2.body.contains("sida 2 av 2"),
        "{}",
        snippet(&page2.body)
    );

    // Downloads carry their type and are attachments.
    for (path, content_type) in [
        ("report.html", "text/html"),
        (
            "report.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("report.csv", "text/csv"),
        ("report.json", "application/json"),
        ("lines.csv", "text/csv"),
    ] {
        let resp = client.get(&format!("/spend/{id}/{path}"));
        resp.expect(200);
        assert!(
            resp.header("content-type")
                .unwrap_or("")
                .starts_with(content_type),
            "{path}: {:?}",
            resp.header("content-type")
        );
        let disposition = resp.header("content-disposition").unwrap_or("");
        assert!(
            disposition.starts_with("attachment; filename=\"Test-2025"),
            "{path}: {disposition}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&client.get(&format!("/spend/{id}/report.json")).body).unwrap();
    assert_eq!(json["total"]["ore"], expected.total.ore);
    assert_eq!(json["meta"]["title"], "Test 2025");
    let csv = client
        .get(&format!("/spend/{id}/lines.csv?category=food"))
        .body;
    assert_eq!(csv.lines().count() as u64, food.rows + 1);
    assert!(csv.starts_with("\u{feff}rad;datum;"));
    let html = client.get(&format!("/spend/{id}/report.html")).body;
    // The HTML report keeps numbers together with no-break spaces.
    assert!(html.contains(&sek_sv(expected.total.ore).replace(' ', "\u{a0}")));
}

fn bad_rows_are_listed_and_nothing_is_stored(db: Db) {
    let server = demo(db);
    let org = server.user_and_org(OFFICER).1;
    let mut client = server.login(OFFICER);
    let mut file = ledger("fel", 10);
    file = file.replacen(";1037,01;", ";tio kronor;", 1);
    assert!(file.contains("tio kronor"));
    let resp = upload(&mut client, "Trasig", "trasig.csv", file.as_bytes());
    resp.expect(422);
    assert!(resp.body.contains("role=\"alert\""));
    assert!(
        resp.body
            .contains("trasig.csv: rad 3, kolumn 6 (Belopp): värdet ”tio kronor”"),
        "{}",
        snippet(&resp.body)
    );
    assert!(resp.body.contains("Ingenting har sparats"));
    assert_eq!(imports_named(server, org, "Trasig"), 0, "nothing stored");

    // A file that is not a ledger at all, and an empty form.
    let resp = upload(&mut client, "Bild", "bild.pdf", b"%PDF-1.4");
    resp.expect(422);
    assert!(resp.body.contains("bild.pdf"));
    let resp = upload(&mut client, "Tom", "tom.csv", b"");
    resp.expect(422);
    assert_eq!(
        imports_named(server, org, "Bild") + imports_named(server, org, "Tom"),
        0
    );
}

fn rule_edits_are_checked_saved_and_rerun(db: Db) {
    let server = demo(db);
    // Its own organisation: rule changes must not disturb the other tests.
    let email = "upphandlare@sodera.example";
    let org = server.user_and_org(email).1;
    let mut client = server.login(email);
    let file = ledger("regler", 40);
    let id = upload_ok(&mut client, "Regeltest", "regler.csv", file.as_bytes());
    let own = LineFilter {
        supplier: Some("Testleverantör regler AB".into()),
        ..LineFilter::default()
    };
    let categories = |server: &Server| {
        let (lines, _) = server
            .block_on(server.store().lines(org, id, &own, 0, 100))
            .unwrap();
        assert!(!lines.is_empty());
        lines.into_iter().map(|l| l.category).collect::<Vec<_>>()
    };
    assert!(categories(server).iter().all(|c| c == "food"));

    let page = client.get("/spend/rules");
    page.expect(200);
    assert!(page.body.contains("konto;kategori"), "format documented");
    let csrf = csrf_of(&page.body).unwrap();
    let before = server
        .block_on(
            server
                .store()
                .rule_file(org, upphandla_store::RuleFileKind::Accounts),
        )
        .unwrap()
        .map(|r| r.content);

    let bad = "konto;kategori\n4010;catering\n40x0-41;food\n";
    let resp = client.post_form(
        "/spend/rules",
        &[("_csrf", &csrf), ("kind", "accounts"), ("content", bad)],
    );
    resp.expect(422);
    assert!(resp.body.contains("role=\"alert\""));
    assert!(
        resp.body.contains("kontoplan: rad 3, kolumn 1"),
        "{}",
        snippet(&resp.body)
    );
    assert!(
        resp.body.contains("40x0-41"),
        "the text is kept for correction"
    );
    let after = server
        .block_on(
            server
                .store()
                .rule_file(org, upphandla_store::RuleFileKind::Accounts),
        )
        .unwrap()
        .map(|r| r.content);
    assert_eq!(before, after, "nothing saved");

    let good = "konto;kategori\n4010;catering\n";
    let resp = client.post_form(
        "/spend/rules",
        &[("_csrf", &csrf), ("kind", "accounts"), ("content", good)],
    );
    resp.expect(303);
    let saved = client.get(resp.location().unwrap());
    saved.expect(200);
    assert!(saved.body.contains("/spend/rules/reanalyse-all"));
    // Not re-run yet: the stored lines keep their category.
    assert!(categories(server).iter().all(|c| c == "food"));
    let resp = client.post_form(&format!("/spend/{id}/reanalyse"), &[("_csrf", &csrf)]);
    resp.expect(303);
    assert!(categories(server).iter().all(|c| c == "catering"));
    let page = client.get(&format!("/spend/{id}"));
    assert!(
        page.body
            .contains(&format!("/spend/{id}/lines?category=catering"))
    );
    let expected = cli_report("regler.csv", file.as_bytes(), good.as_bytes());
    assert!(page.body.contains(&format!(
        "<dd>{} ton CO₂e</dd>",
        tonnes_sv(expected.total.kg_co2e)
    )));

    // And all imports at once.
    let resp = client.post_form("/spend/rules/reanalyse-all", &[("_csrf", &csrf)]);
    resp.expect(303);
    assert!(
        resp.location()
            .unwrap()
            .starts_with("/spend?done=reanalysed")
    );
}

fn own_factors_are_checked_and_marked(db: Db) {
    let server = demo(db);
    let email = "admin@demobostader.example";
    let org = server.user_and_org(email).1;
    let mut client = server.login(email);
    let page = client.get("/factors");
    page.expect(200);
    assert!(page.body.contains("US EPA"));
    assert!(page.body.contains("screeningskattning"));
    let csrf = csrf_of(&page.body).unwrap();
    let bad = "kategori;namn;kg_co2e_per_sek\ndistrict_heating;Fjärrvärme;-0,5\n";
    let resp = client.post_form("/factors", &[("_csrf", &csrf), ("content", bad)]);
    resp.expect(422);
    assert!(
        resp.body.contains("faktorer: rad 2, kolumn 3"),
        "{}",
        snippet(&resp.body)
    );
    assert!(
        server
            .block_on(
                server
                    .store()
                    .rule_file(org, upphandla_store::RuleFileKind::Factors)
            )
            .unwrap()
            .is_none()
    );
    let good = "kategori;namn;kg_co2e_per_sek;källa;år\ndistrict_heating;Fjärrvärme;0,0212;Leverantörens miljövärde;2024\n";
    let resp = client.post_form("/factors", &[("_csrf", &csrf), ("content", good)]);
    resp.expect(303);
    let page = client.get("/factors");
    assert!(page.body.contains("Leverantörens miljövärde"));
    assert!(page.body.contains("<strong>egen</strong>"));
    assert!(page.body.contains("0,0212"));
}

fn politicians_read_but_do_not_change(db: Db) {
    let server = demo(db);
    let mut client = server.login(POLITICIAN);
    let list = client.get("/spend");
    list.expect(200);
    assert!(!list.body.contains("/spend/upload"), "no upload form");
    let id = demo_import(server, server.user_and_org(POLITICIAN).1);
    let page = client.get(&format!("/spend/{id}"));
    page.expect(200);
    assert!(!page.body.contains("/reanalyse\""), "no re-run button");
    assert!(!page.body.contains("/delete\""), "no delete link");
    let rules = client.get("/spend/rules");
    rules.expect(200);
    assert!(!rules.body.contains("<textarea"));
    let factors = client.get("/factors");
    assert!(!factors.body.contains("<textarea"));
    let csrf = csrf_of(&page.body).unwrap();
    let resp = upload(&mut client, "x", "x.csv", ledger("pol", 3).as_bytes());
    resp.expect(403);
    client
        .post_form(&format!("/spend/{id}/reanalyse"), &[("_csrf", &csrf)])
        .expect(403);
    client
        .post_form(
            &format!("/spend/{id}/delete"),
            &[("_csrf", &csrf), ("confirm", "yes")],
        )
        .expect(403);
    client
        .post_form(
            "/spend/rules",
            &[("_csrf", &csrf), ("kind", "accounts"), ("content", "")],
        )
        .expect(403);
    client
        .post_form("/factors", &[("_csrf", &csrf), ("content", "")])
        .expect(403);
}

fn other_organisations_get_not_found(db: Db) {
    let server = demo(db);
    let id = demo_import(server, server.user_and_org(OFFICER).1);
    let mut other = server.login(OTHER_ORG);
    for path in [
        "",
        "/lines",
        "/lines?category=food",
        "/lines.csv",
        "/report.html",
        "/report.xlsx",
        "/report.csv",
        "/report.json",
        "/delete",
    ] {
        other.get(&format!("/spend/{id}{path}")).expect(404);
    }
    let csrf = other.csrf();
    for path in ["reanalyse", "share", "delete"] {
        other
            .post_form(
                &format!("/spend/{id}/{path}"),
                &[("_csrf", &csrf), ("share", "1"), ("confirm", "yes")],
            )
            .expect(404);
    }
    other.get("/spend/not-a-number").expect(404);
    assert!(
        server
            .block_on(
                server
                    .store()
                    .import_head(server.user_and_org(OFFICER).1, id)
            )
            .unwrap()
            .is_some(),
        "still there"
    );
}

fn deleting_asks_first(db: Db) {
    let server = demo(db);
    let org = server.user_and_org(OFFICER).1;
    let mut client = server.login(OFFICER);
    let id = upload_ok(
        &mut client,
        "Att ta bort",
        "bort.csv",
        ledger("bort", 5).as_bytes(),
    );
    let confirm = client.get(&format!("/spend/{id}/delete"));
    confirm.expect(200);
    let csrf = csrf_of(&confirm.body).unwrap();
    client
        .post_form(&format!("/spend/{id}/delete"), &[("_csrf", &csrf)])
        .expect(422);
    assert!(
        server
            .block_on(server.store().import_head(org, id))
            .unwrap()
            .is_some()
    );
    let resp = client.post_form(
        &format!("/spend/{id}/delete"),
        &[("_csrf", &csrf), ("confirm", "yes")],
    );
    resp.expect(303);
    assert!(
        server
            .block_on(server.store().import_head(org, id))
            .unwrap()
            .is_none()
    );
    client.get(&format!("/spend/{id}")).expect(404);
}

/// Too large a file gets a clear 413 page, and nothing is kept.
#[test]
fn uploads_over_the_limit_are_refused() {
    let server = Server::start(ServerOptions {
        upload_limit: 64 * 1024,
        ..ServerOptions::new(Db::Sqlite)
    });
    let org = server.user_and_org(OFFICER).1;
    let mut client = server.login(OFFICER);
    let resp = upload(
        &mut client,
        "Stor",
        "stor.csv",
        ledger("stor", 2000).as_bytes(),
    );
    resp.expect(413);
    assert!(resp.body.contains("för stor"), "{}", snippet(&resp.body));
    assert_eq!(imports_named(&server, org, "Stor"), 0);
    assert_eq!(uploads_left(&server), 0);
    // Within the limit, the upload goes through and its temporary file is gone.
    upload_ok(
        &mut client,
        "Liten",
        "liten.csv",
        ledger("liten", 20).as_bytes(),
    );
    assert_eq!(uploads_left(&server), 0);
}
