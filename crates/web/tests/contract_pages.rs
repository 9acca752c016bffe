//! The contract register against a running server, on SQLite and on
//! PostgreSQL: the demo register with its filters, the form with errors tied
//! to fields, import preview with every error and all-or-nothing confirm, the
//! expiry calendar and a valid iCalendar file, read-only roles refused every
//! change, another organisation refused every contract URL, and a contract
//! created in the register when a procurement's contract is signed.

mod common;

use common::demo_server as server;

use common::{Db, Server, forms, snippet};
use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_store::{
    AwardInput, BidInput, ContractInput, ContractSource, EvaluationInput, OrgId, ProcurementInput,
    Quality, TenderCallInput,
};

on_both_databases!(
    register_lists_the_demo_contracts_with_filters,
    form_errors_keep_the_input_then_create_edit_share_delete,
    import_previews_every_error_and_stores_all_or_nothing,
    calendar_groups_by_month_and_ics_is_valid,
    read_only_roles_cannot_change_the_register,
    another_organisation_gets_404_on_every_contract_url,
    signed_award_creates_the_contract,
    overview_counts_follow_up_and_ending_contracts,
);

const OFFICER: &str = "upphandlare@demokommun.example";
const MANAGER: &str = "avtalsansvarig@demokommun.example";
const POLITICIAN: &str = "politiker@demokommun.example";
const REQUISITIONER: &str = "bestallare@demokommun.example";
const OTHER_ORG: &str = "upphandlare@norrby.example";
const IMPORTER: &str = "upphandlare@sodera.example";
const COORDINATOR: &str = "samordnare@energikontor.example";

fn unique_title(db: Db, what: &str) -> String {
    format!("{what} {db:?} {}", common::unique())
}

/// A contract stored directly for `org`; returns its id.
fn stored_contract(server: &Server, org: OrgId, title: &str) -> i64 {
    let store = server.store().clone();
    let input = ContractInput {
        reference: "TEST 1".into(),
        title: title.into(),
        supplier_name: "Exempel Test AB".into(),
        supplier_orgnr: "556677-8899".into(),
        start_date: Date::new(2026, 1, 1).unwrap(),
        end_date: Date::new(2028, 12, 31).unwrap(),
        extension_months: 12,
        options_note: "1 år".into(),
        value_ore: Some(100_000_000),
        cpv: "09310000-5".into(),
        category: "electricity".into(),
        manager_user_id: None,
        procurement_id: None,
    };
    server.block_on(async move {
        store
            .create_contract(org, &input, ContractSource::Manual, None, 1)
            .await
            .unwrap()
    })
}

fn id_from_location(resp: &common::Resp) -> i64 {
    let location = resp.location().expect("a redirect");
    location
        .strip_prefix("/avtal/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("unexpected location {location}"))
}

fn register_lists_the_demo_contracts_with_filters(db: Db) {
    let server = server(db);
    let mut officer = server.login(OFFICER);
    let page = officer.get("/avtal");
    page.expect(200);
    assert!(page.body.contains("href=\"/avtal\""), "the menu entry");
    for text in [
        "Drivmedel (HVO100, diesel, bensin) och tankkort",
        "Demo Energi Norden AB",
        "Kontorsmöbler",
        "Dags att starta nästa upphandling",
        "Avtalsperioden slutar snart",
        "/avtal/ny",
        "/avtal/importera",
        "/avtal/kalender",
    ] {
        assert!(page.body.contains(text), "{text}: {}", snippet(&page.body));
    }
    let fuels = officer.get("/avtal?kategori=fuels");
    fuels.expect(200);
    assert!(fuels.body.contains("Demo Energi Norden AB"));
    assert!(!fuels.body.contains("Kontorsmöbler"));
    let text = officer.get("/avtal?q=demo%20belysning");
    assert!(text.body.contains("Demo Belysning AB"));
    assert!(!text.body.contains("Demo Energi Norden AB"));
    let soon = officer.get("/avtal?inom=6");
    assert!(soon.body.contains("Budtjänster och godstransporter"));
    assert!(!soon.body.contains("Kontorsmöbler"));
    // Every register page in both languages without a missing text (the
    // import page's template link once lacked its text).
    for path in ["/avtal", "/avtal/ny", "/avtal/importera", "/avtal/kalender"] {
        for lang in ["sv", "en"] {
            let resp = officer.get(&format!("{path}?lang={lang}"));
            resp.expect(200);
            assert!(!resp.body.contains("⟨saknad text⟩"), "{lang} {path}");
        }
    }
    // Every demo contract is flagged demo and has a valid org. number.
    let (_, org) = server.user_and_org(OFFICER);
    let store = server.store().clone();
    let contracts = server.block_on(async move { store.contracts(org).await.unwrap() });
    let demo: Vec<_> = contracts.iter().filter(|c| c.demo).collect();
    assert!((10..=25).contains(&demo.len()), "{}", demo.len());
    assert!(demo.iter().any(|c| c.shared) && demo.iter().any(|c| !c.shared));
    // The contracts with the ledger's suppliers carry a name only (demo.rs).
    assert!(
        demo.iter()
            .all(|c| c.supplier_orgnr.len() == 11 || c.supplier_orgnr.is_empty())
    );
    assert!(demo.iter().any(|c| c.supplier_orgnr.len() == 11));
    // In English: texts, category names and month names.
    officer.get("/lang/en?back=/avtal");
    let english = officer.get("/avtal");
    english.expect(200);
    for text in [
        "Contract register",
        "Time to start the next procurement",
        "Vehicle leasing and rental",
        "End with options",
    ] {
        assert!(english.body.contains(text), "{text}");
    }
    let calendar = officer.get("/avtal/kalender");
    assert!(calendar.body.contains("Expiry calendar"));
    assert!(!calendar.body.contains("inga avtal slutar"));
    let ics = officer.get("/avtal/kalender.ics");
    assert!(ics.body.contains("SUMMARY:Contract ends: "));
    officer.get("/lang/sv?back=/avtal");
    // Another demo organisation has its own register.
    let mut other = server.login(OTHER_ORG);
    let page = other.get("/avtal");
    page.expect(200);
    assert!(page.body.contains("Demo Bilpartner AB"));
    assert!(!page.body.contains("Demo Energi Norden AB"));
}

fn form_errors_keep_the_input_then_create_edit_share_delete(db: Db) {
    let server = server(db);
    let mut manager = server.login(MANAGER);
    manager.get("/avtal/ny").expect(200);
    let title = unique_title(db, "Laddstolpar");
    let bad = manager.post_csrf(
        "/avtal/ny",
        &[
            ("title", &title),
            ("supplier_name", ""),
            ("supplier_orgnr", "556677-8890"),
            ("start_date", "2026-05-01"),
            ("end_date", "2026-04-30"),
            ("extension", "ett par år"),
            ("value", "-5"),
            ("cpv", "31682530-4"),
        ],
    );
    bad.expect(422);
    for text in [
        "Avtalet sparades inte",
        "Ange leverantörens namn.",
        "NNNNNN-NNNN med giltig kontrollsiffra",
        "Slutdatum (2026-04-30) ligger före startdatum (2026-05-01).",
        "Ange förlängningen",
        "Ange avtalsvärdet",
        "aria-invalid=\"true\"",
    ] {
        assert!(bad.body.contains(text), "{text}: {}", snippet(&bad.body));
    }
    assert!(
        bad.body.contains(&format!("value=\"{title}\"")),
        "input kept"
    );
    assert!(bad.body.contains("value=\"ett par år\""), "input kept");
    let (_, org) = server.user_and_org(MANAGER);
    let store = server.store().clone();
    let t = title.clone();
    let stored = server.block_on(async move {
        store
            .contracts(org)
            .await
            .unwrap()
            .into_iter()
            .any(|c| c.title == t)
    });
    assert!(!stored, "a refused form stores nothing");

    let created = manager.post_csrf(
        "/avtal/ny",
        &[
            ("title", &title),
            ("reference", "KS 2026/77"),
            ("supplier_name", "Exempel Laddning AB"),
            ("supplier_orgnr", "5566778899"),
            ("start_date", "2026-05-01"),
            ("end_date", "2029-04-30"),
            ("extension", "3+1+1"),
            ("value", "2 400 000"),
            ("cpv", "31682530-4"),
            ("category", "electrical_equipment"),
        ],
    );
    created.expect(303);
    let id = id_from_location(&created);
    let page = manager.get(&format!("/avtal/{id}?meddelande=skapat"));
    page.expect(200);
    for text in [
        title.as_str(),
        "Exempel Laddning AB",
        "556677-8899",
        "2031-04-30",
        "2 400 000 kr",
        "Inlagt för hand",
        "Avtalet delas inte.",
    ] {
        assert!(page.body.contains(text), "{text}: {}", snippet(&page.body));
    }
    let store = server.store().clone();
    let c = server.block_on(async move { store.contract(org, id).await.unwrap().unwrap() });
    assert_eq!(c.extension_months, 24);
    assert_eq!(c.value_ore, Some(240_000_000));
    assert_eq!(c.source, ContractSource::Manual);

    let edit = manager.get(&format!("/avtal/{id}/andra"));
    edit.expect(200);
    assert!(edit.body.contains("value=\"KS 2026/77\""));
    manager
        .post_csrf(
            &format!("/avtal/{id}/andra"),
            &[
                ("title", &title),
                ("supplier_name", "Exempel Laddning AB"),
                ("start_date", "2026-05-01"),
                ("end_date", "2029-04-30"),
                ("extension", ""),
                ("value", ""),
            ],
        )
        .expect(303);
    manager
        .post_csrf(&format!("/avtal/{id}/dela"), &[("dela", "1")])
        .expect(303);
    let store = server.store().clone();
    let c = server.block_on(async move { store.contract(org, id).await.unwrap().unwrap() });
    assert_eq!(c.extension_months, 0);
    assert_eq!(c.value_ore, None);
    assert_eq!(c.supplier_orgnr, "");
    assert!(c.shared);
    let page = manager.get(&format!("/avtal/{id}"));
    assert!(page.body.contains("Avtalet delas med samordnaren."));

    let confirm = manager.get(&format!("/avtal/{id}/ta-bort"));
    confirm.expect(200);
    assert!(confirm.body.contains("Ja, ta bort avtalet"));
    let deleted = manager.post_csrf(&format!("/avtal/{id}/ta-bort"), &[]);
    deleted.expect(303);
    assert_eq!(deleted.location(), Some("/avtal?meddelande=borttaget"));
    manager.get(&format!("/avtal/{id}")).expect(404);
}

/// A register as a Swedish finance office exports it: Windows-1252,
/// semicolons, decimal comma, a title line first.
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'å' => 0xe5,
            'ä' => 0xe4,
            'ö' => 0xf6,
            'Ö' => 0xd6,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect()
}

fn sodera_titles(server: &Server, org: OrgId) -> Vec<String> {
    let store = server.store().clone();
    server.block_on(async move {
        store
            .contracts(org)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.title)
            .collect()
    })
}

fn import_previews_every_error_and_stores_all_or_nothing(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(IMPORTER);
    let mut officer = server.login(IMPORTER);
    let page = officer.get("/avtal/importera");
    page.expect(200);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    let template = officer.get("/avtal/importera/mall.csv");
    template.expect(200);
    assert!(
        template
            .body
            .starts_with("\u{feff}Avtalsnummer;Avtal;Leverantör;")
    );
    let token = officer.csrf();
    let tag = common::unique();
    let before = sodera_titles(server, org);

    let bad = cp1252(&format!(
        "Avtalsregister Söderå;;;;;\r\n\
Avtalsnummer;Benämning;Leverantör;Org.nr;Avtalsstart;Avtalsslut;Förlängning;Avtalsvärde (kr)\r\n\
A1;Bra rad {tag};Exempel AB;556677-8899;2026-01-01;2027-12-31;2+1+1;1 250 000,50 kr\r\n\
A2;Dålig rad {tag};Exempel AB;556677-8890;2026-01-01;2025-12-31;snart;-5\r\n"
    ));
    let resp = officer.post_multipart(
        &format!("/avtal/importera?_csrf={token}"),
        &[],
        Some(("file", "avtal.csv", &bad)),
    );
    resp.expect(422);
    for text in [
        "avtal.csv, rad 4, kolumn 4 (Org.nr)",
        "avtal.csv, rad 4, kolumn 6 (Avtalsslut)",
        "avtal.csv, rad 4, kolumn 7 (Förlängning)",
        "avtal.csv, rad 4, kolumn 8 (Avtalsvärde (kr))",
        "Ingenting har importerats",
        "Bra rad",
    ] {
        assert!(resp.body.contains(text), "{text}: {}", snippet(&resp.body));
    }
    assert!(
        !resp.body.contains("/avtal/importera/bekrafta"),
        "no confirm with errors"
    );
    assert_eq!(sodera_titles(server, org), before, "nothing imported");

    let good = cp1252(&format!(
        "Avtalsnummer;Benämning;Leverantör;Org.nr;Avtalsstart;Avtalsslut;Förlängning;Avtalsvärde (kr);Kategori;Övrigt\r\n\
B1;Första {tag};Exempel Ett AB;556677-8899;2026-01-01;2027-12-31;2+1+1;1 250 000,50 kr;fuels;x\r\n\
B2;Andra {tag};Exempel Två AB;;20260201;2028-01-31;24 mån;;El;\r\n"
    ));
    let resp = officer.post_multipart(
        &format!("/avtal/importera?_csrf={token}"),
        &[],
        Some(("file", "register.csv", &good)),
    );
    resp.expect(200);
    assert!(resp.body.contains("Första"), "{}", snippet(&resp.body));
    assert!(
        resp.body.contains("Kolumner som inte används") && resp.body.contains("Övrigt"),
        "ignored column named"
    );
    let confirm = forms(&resp.body, "/avtal/importera")
        .into_iter()
        .find(|f| f.action == "/avtal/importera/bekrafta")
        .expect("a confirm form");
    let rows = confirm.field("rows").unwrap().to_string();
    // A tampered confirmation (second row ends before it starts) stores nothing.
    let tampered = rows.replacen("2028-01-31", "2020-01-31", 1);
    assert_ne!(tampered, rows);
    officer
        .post_csrf(
            "/avtal/importera/bekrafta",
            &[("file", "register.csv"), ("rows", &tampered)],
        )
        .expect(422);
    assert_eq!(sodera_titles(server, org), before, "nothing imported");
    let done = officer.post_csrf(
        "/avtal/importera/bekrafta",
        &[("file", "register.csv"), ("rows", &rows)],
    );
    done.expect(303);
    assert_eq!(
        done.location(),
        Some("/avtal?meddelande=importerat&antal=2")
    );
    let store = server.store().clone();
    let imported: Vec<_> = server.block_on(async move {
        store
            .contracts(org)
            .await
            .unwrap()
            .into_iter()
            .filter(|c| c.title.ends_with(&tag))
            .collect()
    });
    assert_eq!(imported.len(), 2);
    let first = imported
        .iter()
        .find(|c| c.title.starts_with("Första"))
        .unwrap();
    assert_eq!(first.extension_months, 24);
    assert_eq!(first.value_ore, Some(125_000_050));
    assert_eq!(first.category, "fuels");
    assert_eq!(first.source, ContractSource::Import);
    let second = imported
        .iter()
        .find(|c| c.title.starts_with("Andra"))
        .unwrap();
    assert_eq!(second.category, "electricity");
    assert_eq!(second.start_date, Date::new(2026, 2, 1).unwrap());
    assert_eq!(second.final_end_date, Date::new(2030, 1, 31).unwrap());

    // No file, and an upload without the token.
    officer
        .post_multipart(&format!("/avtal/importera?_csrf={token}"), &[], None)
        .expect(422);
    officer
        .post_multipart("/avtal/importera", &[], Some(("file", "a.csv", &good)))
        .expect(403);
}

fn calendar_groups_by_month_and_ics_is_valid(db: Db) {
    let server = server(db);
    let mut officer = server.login(OFFICER);
    let page = officer.get("/avtal/kalender");
    page.expect(200);
    // The freight contract ends four months after the demo was seeded.
    let freight = server.state.clock.today().add_months(4).unwrap();
    let month = format!("id=\"m-{}\"", freight.year_month());
    assert!(page.body.contains(&month), "{}", snippet(&page.body));
    assert!(page.body.contains("Budtjänster och godstransporter"));
    assert!(page.body.contains("class=\"month-empty\""));
    assert!(page.body.contains("Dags att starta nästa upphandling"));
    assert!(page.body.contains("3–12 månader"));
    assert!(page.body.contains("/avtal/kalender.ics"));
    let ics = officer.get("/avtal/kalender.ics");
    ics.expect(200);
    assert_eq!(
        ics.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let body = &ics.body;
    assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = body.replace("\r\n ", "");
    let events = unfolded.matches("BEGIN:VEVENT\r\n").count();
    assert!(events >= 10, "{events} events");
    assert_eq!(events, unfolded.matches("END:VEVENT\r\n").count());
    assert_eq!(events, unfolded.matches("\r\nDTSTAMP:").count());
    assert_eq!(events, unfolded.matches("\r\nUID:avtal-").count());
    assert_eq!(events, unfolded.matches("\r\nDTSTART;VALUE=DATE:").count());
    assert!(unfolded.contains("SUMMARY:Avtalet slutar: Budtjänster och godstransporter"));
    // Text is escaped: the fuel contract's title has commas.
    assert!(unfolded.contains("Drivmedel (HVO100\\, diesel\\, bensin) och tankkort"));
    // Every event's DTEND is the day after its DTSTART (all-day events).
    for event in unfolded.split("BEGIN:VEVENT\r\n").skip(1) {
        let field = |name: &str| {
            event
                .split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .unwrap()
                .to_string()
        };
        let start = field("DTSTART;VALUE=DATE:");
        let end = field("DTEND;VALUE=DATE:");
        let parse = |s: &str| {
            Date::new(
                s[..4].parse().unwrap(),
                s[4..6].parse().unwrap(),
                s[6..8].parse().unwrap(),
            )
            .unwrap()
        };
        assert_eq!(parse(&start).days_until(parse(&end)), 1, "{event}");
    }
}

fn read_only_roles_cannot_change_the_register(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let title = unique_title(db, "Skrivskyddat");
    let id = stored_contract(server, org, &title);
    for email in [POLITICIAN, REQUISITIONER] {
        let mut reader = server.login(email);
        reader.get("/avtal").expect(200);
        reader.get("/avtal/kalender").expect(200);
        reader.get("/avtal/kalender.ics").expect(200);
        let page = reader.get(&format!("/avtal/{id}"));
        page.expect(200);
        assert!(
            !page.body.contains(&format!("/avtal/{id}/dela")),
            "no share form"
        );
        assert!(!page.body.contains("/avtal/ny"));
        for path in [
            "/avtal/ny".to_string(),
            "/avtal/importera".to_string(),
            "/avtal/importera/mall.csv".to_string(),
            format!("/avtal/{id}/andra"),
            format!("/avtal/{id}/ta-bort"),
        ] {
            reader.get(&path).expect(403);
        }
        for path in [
            "/avtal/ny".to_string(),
            "/avtal/importera/bekrafta".to_string(),
            format!("/avtal/{id}/andra"),
            format!("/avtal/{id}/ta-bort"),
            format!("/avtal/{id}/dela"),
        ] {
            reader
                .post_csrf(
                    &path,
                    &[
                        ("title", "Ändrat"),
                        ("supplier_name", "X"),
                        ("start_date", "2026-01-01"),
                        ("end_date", "2027-01-01"),
                        ("dela", "1"),
                        ("rows", "[]"),
                    ],
                )
                .expect(403);
        }
    }
    let store = server.store().clone();
    let c = server.block_on(async move { store.contract(org, id).await.unwrap().unwrap() });
    assert_eq!(c.title, title);
    assert!(!c.shared);
    // The coordinator reads its own (empty) register and changes nothing.
    let mut coordinator = server.login(COORDINATOR);
    coordinator.get("/avtal").expect(200);
    coordinator.get(&format!("/avtal/{id}")).expect(404);
    coordinator
        .post_csrf("/avtal/ny", &[("title", "x")])
        .expect(403);
}

fn another_organisation_gets_404_on_every_contract_url(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let title = unique_title(db, "Hemligt avtal");
    let id = stored_contract(server, org, &title);
    let mut other = server.login(OTHER_ORG);
    for path in [
        format!("/avtal/{id}"),
        format!("/avtal/{id}/andra"),
        format!("/avtal/{id}/ta-bort"),
    ] {
        let resp = other.get(&path);
        resp.expect(404);
        assert!(!resp.body.contains(&title));
    }
    for path in [
        format!("/avtal/{id}/andra"),
        format!("/avtal/{id}/ta-bort"),
        format!("/avtal/{id}/dela"),
    ] {
        other
            .post_csrf(
                &path,
                &[
                    ("title", "Kapat"),
                    ("supplier_name", "X"),
                    ("start_date", "2026-01-01"),
                    ("end_date", "2027-01-01"),
                    ("dela", "1"),
                ],
            )
            .expect(404);
    }
    for path in ["/avtal", "/avtal/kalender", "/avtal/kalender.ics"] {
        let resp = other.get(path);
        resp.expect(200);
        assert!(!resp.body.contains(&title), "{path}");
    }
    other.get("/avtal/abc").expect(404);
    other.get("/avtal/0").expect(404);
    let store = server.store().clone();
    let c = server.block_on(async move { store.contract(org, id).await.unwrap().unwrap() });
    assert_eq!(c.title, title);
    assert!(!c.shared);
}

fn signed_award_creates_the_contract(db: Db) {
    const DAY: i64 = 86_400;
    let server = server(db);
    let (user, org) = server.user_and_org(OFFICER);
    let (manager, _) = server.user_and_org(MANAGER);
    let title = unique_title(db, "Tjänstebilar, avtal från tilldelning");
    let store = server.store().clone();
    let now = server.state.clock.now_unix();
    let today = server.state.clock.today();
    let hash = format!("test-hash-{}", common::unique());
    let procurement = ProcurementInput {
        title: title.clone(),
        reference: "KS 2026/55".into(),
        cpv_codes: vec!["34110000-1".into()],
        spend_category: "vehicle_leasing".into(),
        estimated_value: Ore(480_000_000),
        contract_start: Date::new(2027, 4, 1),
        contract_end: Date::new(2031, 3, 31),
        options: "2 + 1 + 1 år".into(),
        ..ProcurementInput::default()
    };
    let id = server.block_on(async move {
        let id = store
            .create_procurement(org, &procurement, Some(user), false)
            .await
            .unwrap();
        assert!(
            store
                .add_team_member(org, id, manager, upphandla_store::Role::Avtalsansvarig)
                .await
                .unwrap()
        );
        for criterion in ["drivmedel-kv-fossilfritt", "fordon-kk-miljoatgarder"] {
            assert!(
                store
                    .add_procurement_criterion(org, id, criterion, 1, user)
                    .await
                    .unwrap()
            );
        }
        let t0 = now - 40 * DAY;
        let deadline = t0 + 10 * DAY;
        store
            .set_tender_call(
                org,
                id,
                &TenderCallInput {
                    deadline,
                    award_method: "lowest_price".into(),
                    lcc_model_id: None,
                    quality: Quality::default(),
                },
                Some(&hash),
                Some(user),
                t0,
            )
            .await
            .unwrap();
        let bid = BidInput {
            supplier_name: "Exempel Elbilar AB".into(),
            supplier_orgnr: "5566778899".into(),
            contact: "anbud@exempel.example".into(),
            price: Ore(450_000_000),
            investment: None,
            carrier_id: None,
            consumption: None,
            maintenance_per_year: None,
            residual_value: None,
            note: String::new(),
        };
        store
            .submit_bid(&hash, &bid, &format!("KV{}", common::unique()), t0 + 100)
            .await
            .unwrap();
        store.open_bids(org, id, user, deadline + 1).await.unwrap();
        let bids = store.bids(org, id, deadline + 2).await.unwrap();
        store
            .save_evaluation(
                org,
                id,
                &EvaluationInput {
                    tender_toml: "name = \"x\"".into(),
                    lcc_toml: String::new(),
                    result_json: "{}".into(),
                    first_bid_id: Some(bids[0].id),
                },
                Some(user),
                deadline + 3,
            )
            .await
            .unwrap();
        store
            .decide_award(
                org,
                id,
                &AwardInput {
                    bid_id: bids[0].id,
                    reasons: "Lägst pris.".into(),
                    evaluation_json: "{}".into(),
                    winner_kg_co2e: None,
                    winner_kwh: None,
                    reference_kg_co2e: None,
                    reference_kwh: None,
                },
                Some(user),
                deadline + 4,
            )
            .await
            .unwrap();
        let sent = Date::from_days_since_epoch(i64::from(today.days_since_epoch()) - 20);
        store
            .set_award_notice(
                org,
                id,
                sent,
                upphandla_core::process::standstill_end(sent),
                today,
            )
            .await
            .unwrap();
        id
    });
    let mut officer = server.login(OFFICER);
    officer
        .post_csrf(
            &format!("/upphandlingar/{id}/anbud/avtal"),
            &[("contract_signed", &today.to_string())],
        )
        .expect(303);
    let store = server.store().clone();
    let c = server
        .block_on(async move { store.contract_for_procurement(org, id).await.unwrap() })
        .expect("a contract in the register");
    assert_eq!(c.title, title);
    assert_eq!(c.supplier_name, "Exempel Elbilar AB");
    assert_eq!(c.supplier_orgnr, "556677-8899");
    assert_eq!(c.source, ContractSource::Award);
    assert_eq!(c.start_date, Date::new(2027, 4, 1).unwrap());
    assert_eq!(c.end_date, Date::new(2031, 3, 31).unwrap());
    assert_eq!(c.extension_months, 24);
    assert_eq!(c.value_ore, Some(450_000_000), "the winning price");
    assert_eq!(
        c.manager_user_id,
        Some(manager),
        "the team's contract manager"
    );
    assert_eq!(c.cpv, "34110000-1");
    assert_eq!(c.category, "vehicle_leasing");
    // Each chosen criterion became a follow-up item when the contract was made.
    let store = server.store().clone();
    let contract_id = c.id;
    let items =
        server.block_on(async move { store.followup_items(org, contract_id).await.unwrap() });
    let mut criteria: Vec<&str> = items.iter().map(|i| i.criterion_id.as_str()).collect();
    criteria.sort_unstable();
    assert_eq!(
        criteria,
        ["drivmedel-kv-fossilfritt", "fordon-kk-miljoatgarder"]
    );
    let award = officer.get(&format!("/upphandlingar/{id}/anbud/tilldelning"));
    award.expect(200);
    assert!(
        award.body.contains(&format!("href=\"/avtal/{}\"", c.id)),
        "{}",
        snippet(&award.body)
    );
    let page = officer.get(&format!("/avtal/{}", c.id));
    assert!(page.body.contains("Tilldelning i verktyget"));
    assert!(page.body.contains(&format!("href=\"/upphandlingar/{id}\"")));
    // …and the procurement links its contract and follow-up plan back.
    let procurement = officer.get(&format!("/upphandlingar/{id}"));
    let plan = format!("href=\"/avtal/{}/uppfoljning\"", c.id);
    assert!(
        procurement.body.contains(&plan),
        "{}",
        snippet(&procurement.body)
    );
}

/// Översikt's follow-up counts agree with the register and the follow-up
/// lists, counted here from the store (Norrby: no other test changes it).
fn overview_counts_follow_up_and_ending_contracts(db: Db) {
    let server = server(db);
    let email = "avtalsansvarig@norrby.example";
    let (_, org) = server.user_and_org(email);
    let store = server.store().clone();
    let today = server.state.clock.today();
    let (ending, overdue, soon, deviations) = server.block_on(async move {
        let ending = store
            .contracts(org)
            .await
            .unwrap()
            .iter()
            .filter(|c| (0..=183).contains(&today.days_until(c.final_end_date)))
            .count();
        let items = store
            .due_items(org, today, &[upphandla_store::Role::Avtalsansvarig])
            .await
            .unwrap();
        let overdue = items.iter().filter(|i| i.overdue).count();
        let deviations = store.open_deviations(org).await.unwrap().len();
        (ending, overdue, items.len() - overdue, deviations)
    });
    assert!(ending > 0, "the demo register has contracts ending soon");
    let page = server.login(email).get("/");
    page.expect(200);
    let text = common::decode_entities(&page.body);
    for expected in [
        format!(
            "Avtal som löper ut inom sex månader (sista slutdatum med alla optioner): {ending}<"
        ),
        format!("Försenade uppföljningspunkter: {overdue}<"),
        format!("förfaller inom 30 dagar: {soon}."),
        format!("Avvikelser som inte är stängda: {deviations}<"),
    ] {
        assert!(
            text.contains(&expected),
            "{expected}: {}",
            snippet(&page.body)
        );
    }
}
