//! Upphandlingar against a running server, on SQLite and on PostgreSQL:
//! creating with errors tied to fields, closing a stage with and without a
//! reason, the RACI editor, "Mina uppgifter" for the right person only,
//! criteria added and removed, the tender documents as Word and PDF, the
//! baseline, the demo procurement, read-only roles refused every change and
//! another organisation refused every procurement URL.

mod common;

use common::demo_server as server;

use common::{Client, Db, Server, csrf_of, snippet};
use upphandla_core::process::{self, Stage};
use upphandla_store::{OrgId, Role};

on_both_databases!(
    create_with_field_errors_then_list,
    stage_close_needs_a_reason_when_required_items_are_open,
    checklist_items_follow_the_procurements_data,
    raci_is_edited_by_admin_and_reset,
    my_tasks_show_the_right_persons_items_only,
    criteria_are_suggested_added_and_removed,
    tender_documents_download_as_word_and_pdf,
    baseline_from_an_lcc_model_and_expected_effect,
    demo_procurement_is_at_tender_documents,
    read_only_roles_get_403_on_every_post,
    another_organisation_gets_404_on_every_procurement_url,
);

const OFFICER: &str = "upphandlare@demokommun.example";
const REQUISITIONER: &str = "bestallare@demokommun.example";
const STRATEGIST: &str = "miljostrateg@demokommun.example";
const POLITICIAN: &str = "politiker@demokommun.example";
const OTHER_ORG: &str = "upphandlare@norrby.example";
const COORDINATOR: &str = "samordnare@energikontor.example";

/// A unique title for this test and database.
fn title(db: Db, what: &str) -> String {
    format!("{what} {db:?} {}", common::unique())
}

/// Creates a procurement through the form; returns its id.
fn create(client: &mut Client, title: &str, cpv: &str) -> i64 {
    let token = client.csrf();
    let resp = client.post_form(
        "/upphandlingar",
        &[
            ("_csrf", &token),
            ("title", title),
            ("reference", "KS 2026/1"),
            ("cpv", cpv),
            ("spend_category", "vehicles"),
            ("value", "4 800 000"),
            ("contract_start", "2027-04-01"),
            ("contract_end", "2031-03-31"),
            ("options", "1 + 1 år"),
            ("ambition", "avancerad"),
        ],
    );
    resp.expect(303);
    let location = resp.location().unwrap();
    location
        .strip_prefix("/upphandlingar/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("unexpected location {location}"))
}

fn current_stage(server: &Server, org: OrgId, id: i64) -> String {
    let store = server.store().clone();
    server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap().stage })
}

fn audit_actions(server: &Server, org: OrgId) -> Vec<(String, String)> {
    let store = server.store().clone();
    server.block_on(async move {
        store
            .audit_log(org, 500)
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.action, a.detail))
            .collect()
    })
}

fn required(stage: Stage) -> Vec<&'static str> {
    process::guide(stage)
        .checklist
        .iter()
        .filter(|i| i.required)
        .map(|i| i.key)
        .collect()
}

fn create_with_field_errors_then_list(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    let list = client.get("/upphandlingar");
    list.expect(200);
    assert!(
        list.body.contains("action=\"/upphandlingar\""),
        "{}",
        snippet(&list.body)
    );
    assert!(list.body.contains("aria-current=\"page\">Upphandlingar"));
    // Date pickers show the browser's own format: the labels claim none.
    assert!(list.body.contains("type=\"date\" id=\"f-contract_start\""));
    assert!(!list.body.contains("ÅÅÅÅ"));

    let name = title(db, "Felaktig");
    let token = client.csrf();
    let resp = client.post_form(
        "/upphandlingar",
        &[
            ("_csrf", &token),
            ("title", "  "),
            ("cpv", "34110000-2"),
            ("spend_category", "finns-inte"),
            ("value", "mycket"),
            ("contract_start", "2027-04-01"),
            ("contract_end", "2026-01-01"),
            ("ambition", "max"),
            ("reference", &name),
        ],
    );
    resp.expect(422);
    for field in [
        "title",
        "cpv",
        "spend_category",
        "value",
        "contract_end",
        "ambition",
    ] {
        let described = format!("f-{field}-fel");
        assert!(
            resp.body.contains(&format!("id=\"{described}\"")),
            "no error for {field}: {}",
            snippet(&resp.body)
        );
        assert!(
            resp.body
                .contains(&format!("aria-describedby=\"f-{field}-tips {described}\""))
                || resp.body.contains(&format!(
                    "aria-invalid=\"true\" aria-describedby=\"{described}\""
                )),
            "error of {field} not tied to its field"
        );
    }
    assert!(!resp.body.contains("id=\"f-contract_start-fel\""));
    // The error summary is at the top of the main content, before the list
    // and the form, links to each field, and the title says "Fel".
    let summary = resp.body.find("id=\"formfel\"").expect("an error summary");
    let h1 = resp.body.find("<h1>").unwrap();
    assert!(h1 < summary && summary < resp.body.find("id=\"lista\"").unwrap());
    assert!(summary < resp.body.find("id=\"f-title\"").unwrap());
    assert!(resp.body.contains("<title>Fel: Upphandlingar"));
    assert!(resp.body.contains("<a href=\"#f-cpv\">"));
    assert!(resp.body.contains("Skriv ett namn på upphandlingen."));
    // What was typed is shown again, and nothing is saved.
    assert!(resp.body.contains(&name));
    let store = server.store().clone();
    let saved = server.block_on(async move { store.procurements(org).await.unwrap() });
    assert!(!saved.iter().any(|p| p.reference == name));

    // A value shows its procedure band.
    let resp = client.post_form(
        "/upphandlingar",
        &[("_csrf", &token), ("title", ""), ("value", "300 000")],
    );
    resp.expect(422);
    assert!(
        resp.body.contains("Direktupphandling"),
        "{}",
        snippet(&resp.body)
    );

    let name = title(db, "Tjänstebilar");
    let id = create(&mut client, &name, "34110000-1, 34100000-8");
    let page = client.get(&format!("/upphandlingar/{id}"));
    page.expect(200);
    assert!(page.body.contains(&name));
    assert!(page.body.contains("34110000-1, 34100000-8"));
    assert!(page.body.contains("4 800 000 kr"));
    assert!(page.body.contains("Över tröskelvärdet"));
    assert!(
        page.body.contains(&format!(
            "href=\"/upphandlingar/{id}/steg/behovsanalys\" aria-current=\"step\""
        )),
        "the stepper marks the current stage"
    );
    assert!(page.body.contains(&format!("/upphandlingar/{id}/anbud")));
    let list = client.get("/upphandlingar").body;
    assert!(list.contains(&name));
    // Each date of the contract period stays on one line.
    assert!(list.contains(
        "<span class=\"nowrap\">2027-04-01</span> – <span class=\"nowrap\">2031-03-31</span>"
    ));
    assert!(
        audit_actions(server, org)
            .iter()
            .any(|(a, d)| a == "procurement.create" && d.contains(&name))
    );

    // Edit: errors at the field, then saved.
    let resp = client.post_csrf(
        &format!("/upphandlingar/{id}/andra"),
        &[("title", &name), ("value", "-1")],
    );
    resp.expect(422);
    assert!(resp.body.contains("id=\"f-value-fel\""));
    assert!(resp.body.contains("<a href=\"#f-value\">"));
    assert!(resp.body.find("id=\"formfel\"") < resp.body.find("id=\"f-title\""));
    let renamed = format!("{name} (ändrad)");
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/andra"),
            &[
                ("title", &renamed),
                ("value", "1 000 000"),
                ("cpv", "34110000-1"),
            ],
        )
        .expect(303);
    let store = server.store().clone();
    let p = server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap() });
    assert_eq!(p.title, renamed);
    assert_eq!(p.estimated_value.0, 100_000_000);
    assert_eq!(p.contract_start, None);
}

/// The checklist item of `key` on a stage page (its `<li>`).
fn item_html<'a>(body: &'a str, key: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"punkt-{key}\""))
        .unwrap_or_else(|| panic!("no item {key}: {}", snippet(body)));
    let end = body[start..]
        .find("</li>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}

fn checklist_items_follow_the_procurements_data(db: Db) {
    let server = server(db);
    let (officer, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    // Created with an ambition level and a value, no baseline.
    let id = create(&mut client, &title(db, "Uppgifterna"), "34110000-1");
    let stage_page = format!("/upphandlingar/{id}/steg/behovsanalys");
    let page = client.get(&stage_page);
    page.expect(200);
    for key in ["ambitionsniva_klimat", "varde_och_forfarande"] {
        let item = item_html(&page.body, key);
        assert!(item.contains("Klar (från uppgifterna)"), "{key}: {item}");
        assert!(item.contains("class=\"mark done\""), "{key}: {item}");
        assert!(
            !item.contains("name=\"done\""),
            "{key}: no tick to change: {item}"
        );
        assert!(item.contains(&format!("href=\"/upphandlingar/{id}/andra\"")));
    }
    let baseline = item_html(&page.body, "klimatbaslinje");
    assert!(baseline.contains("Ej klar"), "{baseline}");
    assert!(baseline.contains(&format!("href=\"/upphandlingar/{id}/baslinje\"")));
    // Mina uppgifter lists only the item the data does not settle.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/team"),
            &[("user", &officer.0.to_string()), ("role", "upphandlare")],
        )
        .expect(303);
    let tasks = client.get("/uppgifter").body;
    let start = tasks
        .find(&format!("id=\"upphandling-{id}\""))
        .expect("a task");
    let end = tasks[start..].find("</section>").unwrap() + start;
    let section = &tasks[start..end];
    let label = |key: &str| process::checklist_item(key).unwrap().1.label.sv;
    assert!(
        !section.contains(label("ambitionsniva_klimat")),
        "{section}"
    );
    assert!(
        !section.contains(label("varde_och_forfarande")),
        "{section}"
    );
    assert!(section.contains(label("klimatbaslinje")), "{section}");

    // Every other required item ticked: the missing baseline still blocks.
    for key in required(Stage::Behovsanalys) {
        if [
            "ambitionsniva_klimat",
            "varde_och_forfarande",
            "klimatbaslinje",
        ]
        .contains(&key)
        {
            continue;
        }
        client
            .post_csrf(
                &format!("{stage_page}/punkt"),
                &[("item", key), ("done", "1")],
            )
            .expect(303);
    }
    let close = format!("{stage_page}/stang");
    client.post_csrf(&close, &[("reason", "")]).expect(422);
    assert_eq!(current_stage(server, org, id), "behovsanalys");
    // With a baseline, the stage closes without a reason.
    let store = server.store().clone();
    server.block_on(async move {
        let b = upphandla_store::Baseline {
            method: upphandla_store::BaselineMethod::Spend,
            kg_co2e: 12_000.0,
            kwh: None,
            spend: None,
            source: "import:0:vehicles".into(),
            note: "test".into(),
            set_by: None,
            set_at: 0,
        };
        assert!(store.set_baseline(org, id, &b).await.unwrap());
    });
    let page = client.get(&stage_page);
    assert!(item_html(&page.body, "klimatbaslinje").contains("Klar (från uppgifterna)"));
    assert!(page.body.contains("Alla obligatoriska punkter är klara"));
    client.post_csrf(&close, &[("reason", "")]).expect(303);
    assert_eq!(current_stage(server, org, id), "marknadsanalys");
    // Without an ambition level and a value the items are open again, to
    // be ticked by hand.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/andra"),
            &[("title", "Uppgifterna utan nivå"), ("value", "0")],
        )
        .expect(303);
    let page = client.get(&stage_page);
    for key in ["ambitionsniva_klimat", "varde_och_forfarande"] {
        let item = item_html(&page.body, key);
        assert!(
            item.contains("Ej klar") && item.contains("name=\"done\" value=\"1\""),
            "{key}: {item}"
        );
    }
}

fn stage_close_needs_a_reason_when_required_items_are_open(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    let id = create(&mut client, &title(db, "Stängning"), "34110000-1");
    let close = format!("/upphandlingar/{id}/steg/behovsanalys/stang");

    // Without a reason: refused at the reason field, nothing changes.
    let resp = client.post_csrf(&close, &[("reason", "   ")]);
    resp.expect(422);
    assert!(
        resp.body.contains("id=\"skal-fel\""),
        "{}",
        snippet(&resp.body)
    );
    assert!(
        resp.body
            .contains("aria-describedby=\"skal-tips skal-fel\"")
    );
    assert_eq!(current_stage(server, org, id), "behovsanalys");

    // A stage that is not current cannot be closed.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/avtal/stang"),
            &[("reason", "x")],
        )
        .expect(422);
    // An unknown checklist item or stage.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/behovsanalys/punkt"),
            &[("item", "finns_inte"), ("done", "1")],
        )
        .expect(422);
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/ingen/punkt"),
            &[("item", "x"), ("done", "1")],
        )
        .expect(404);

    // With a reason: closed, moved on, reason stored and shown.
    client
        .post_csrf(&close, &[("reason", "Nämnden har redan beslutat")])
        .expect(303);
    assert_eq!(current_stage(server, org, id), "marknadsanalys");
    let page = client.get(&format!("/upphandlingar/{id}/steg/behovsanalys"));
    page.expect(200);
    assert!(page.body.contains("Nämnden har redan beslutat"));

    // Every required item done: closes without a reason.
    for key in required(Stage::Marknadsanalys) {
        client
            .post_csrf(
                &format!("/upphandlingar/{id}/steg/marknadsanalys/punkt"),
                &[
                    ("item", key),
                    ("done", "1"),
                    ("note", "klart"),
                    ("back", "steg"),
                ],
            )
            .expect(303);
    }
    let page = client.get(&format!("/upphandlingar/{id}"));
    assert!(
        page.body.contains("Alla obligatoriska punkter är klara"),
        "{}",
        snippet(&page.body)
    );
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/marknadsanalys/stang"),
            &[("reason", "")],
        )
        .expect(303);
    assert_eq!(current_stage(server, org, id), "forfragningsunderlag");
    // An item marked done and then not done is open again.
    let item = process::guide(Stage::Forfragningsunderlag).checklist[0].key;
    let toggle = format!("/upphandlingar/{id}/steg/forfragningsunderlag/punkt");
    client
        .post_csrf(&toggle, &[("item", item), ("done", "1")])
        .expect(303);
    client
        .post_csrf(&toggle, &[("item", item), ("done", "0")])
        .expect(303);
    let store = server.store().clone();
    let items = server.block_on(async move { store.checklist(org, id).await.unwrap() });
    assert!(items.iter().any(|i| i.item_key == item && !i.done));

    // Reopening goes back.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/marknadsanalys/oppna"),
            &[],
        )
        .expect(303);
    assert_eq!(current_stage(server, org, id), "marknadsanalys");
    let actions = audit_actions(server, org);
    let mine = |a: &str| {
        actions
            .iter()
            .filter(|(x, d)| x == a && d.starts_with(&format!("{id}:")))
            .count()
    };
    assert_eq!(mine("procurement.stage_close"), 2);
    assert!(mine("procurement.checklist") >= 3);
    assert_eq!(mine("procurement.stage_reopen"), 1);
}

fn raci_is_edited_by_admin_and_reset(db: Db) {
    let server = server(db);
    // Söderå: no other test changes its matrix.
    let (_, org) = server.user_and_org("admin@sodera.example");
    let mut admin = server.login("admin@sodera.example");
    let page = admin.get("/upphandlingar/raci");
    page.expect(200);
    assert!(page.body.contains("name=\"c_annonsering_miljostrateg\""));
    admin
        .post_csrf(
            "/upphandlingar/raci",
            &[
                ("c_annonsering_miljostrateg", "C"),
                ("c_behovsanalys_politiker", ""),
            ],
        )
        .expect(303);
    let store = server.store().clone();
    let cells = server.block_on(async move { store.org_raci(org).await.unwrap() });
    let get = |stage: &str, role: &str| {
        cells
            .iter()
            .find(|c| c.stage == stage && c.role == role)
            .map(|c| c.letter.clone())
    };
    assert_eq!(get("annonsering", "miljostrateg").as_deref(), Some("C"));
    assert_eq!(get("behovsanalys", "politiker").as_deref(), Some(""));
    assert_eq!(cells.len(), 2, "unchanged cells are not stored: {cells:?}");
    let page = admin.get("/upphandlingar/raci");
    assert!(
        page.body.contains("(standard: I)"),
        "{}",
        snippet(&page.body)
    );
    // A bad letter changes nothing.
    admin
        .post_csrf("/upphandlingar/raci", &[("c_avtal_admin", "X")])
        .expect(422);
    // An editing role that is neither admin nor upphandlare may not.
    let mut strategist = server.login("miljostrateg@sodera.example");
    let page = strategist.get("/upphandlingar/raci");
    page.expect(200);
    assert!(!page.body.contains("name=\"c_annonsering_miljostrateg\""));
    strategist
        .post_csrf("/upphandlingar/raci", &[("c_avtal_admin", "A")])
        .expect(403);
    strategist
        .post_csrf("/upphandlingar/raci/aterstall", &[])
        .expect(403);
    // Reset.
    admin
        .post_csrf("/upphandlingar/raci/aterstall", &[])
        .expect(303);
    let store = server.store().clone();
    assert!(
        server
            .block_on(async move { store.org_raci(org).await.unwrap() })
            .is_empty()
    );
    assert!(
        audit_actions(server, org)
            .iter()
            .any(|(a, d)| a == "raci.update" && d.contains("annonsering/miljostrateg=C"))
    );
}

fn my_tasks_show_the_right_persons_items_only(db: Db) {
    let server = server(db);
    let (officer, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    let name = title(db, "Uppgifter");
    let id = create(&mut client, &name, "34110000-1");
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/team"),
            &[("user", &officer.0.to_string()), ("role", "upphandlare")],
        )
        .expect(303);
    let first_item = process::guide(Stage::Behovsanalys).checklist[0];
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/behovsanalys/punkt"),
            &[("item", first_item.key), ("done", "1")],
        )
        .expect(303);

    // Behovsanalys: beställare A, upphandlare R, miljöstrateg C.
    let section = |body: &str| -> Option<String> {
        let start = body.find(&format!("id=\"upphandling-{id}\""))?;
        let end = body[start..]
            .find("</section>")
            .map_or(body.len(), |e| start + e);
        Some(body[start..end].to_string())
    };
    let tasks = client.get("/uppgifter");
    tasks.expect(200);
    let mine = section(&tasks.body).expect("the officer (R, on the team) sees the procurement");
    assert!(mine.contains("Upphandlare (R)"));
    assert!(
        !mine.contains(first_item.label.sv),
        "a done item is not listed"
    );
    let open_item = process::guide(Stage::Behovsanalys).checklist[1];
    assert!(mine.contains(open_item.label.sv));
    assert!(!mine.contains("#stang"), "R does not close the stage");
    // No due date on the stage: said so, not the contract start (2027-04-01).
    assert!(mine.contains("Klart senast: inget datum satt"), "{mine}");
    assert!(!mine.contains("2027-04-01"), "{mine}");
    // A due date typed as YYYY-MM-DD (as a text field fallback sends it).
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/steg/behovsanalys/datum"),
            &[("due", " 2026-12-01 ")],
        )
        .expect(303);
    let mine = section(&client.get("/uppgifter").body).expect("still a task");
    assert!(
        mine.contains("Klart senast: <span class=\"nowrap\">2026-12-01</span>"),
        "{mine}"
    );

    // The beställare holds the role nobody on the team has: A, with the close.
    let mut requisitioner = server.login(REQUISITIONER);
    let theirs = section(&requisitioner.get("/uppgifter").body)
        .expect("the requisitioner (A by organisation role) sees it");
    assert!(theirs.contains("Beställare (A)"));
    assert!(theirs.contains(&format!("/upphandlingar/{id}/steg/behovsanalys#stang")));
    // On Översikt too.
    let overview = requisitioner.get("/");
    assert!(overview.body.contains("id=\"mina-uppgifter\""));

    // The miljöstrateg is only consulted: no task.
    let mut strategist = server.login(STRATEGIST);
    assert!(section(&strategist.get("/uppgifter").body).is_none());
    // Another organisation's officer does not see it.
    let mut other = server.login(OTHER_ORG);
    let body = other.get("/uppgifter").body;
    assert!(section(&body).is_none() && !body.contains(&name));

    // A second beställare on the team takes the task from the organisation's one.
    let email = format!("bestallare2-{}@demokommun.example", common::unique());
    let store = server.store().clone();
    let second = {
        let email = email.clone();
        server.block_on(async move {
            let hash = upphandla_web::auth::hash_password(common::DEMO_PASSWORD)
                .await
                .unwrap();
            let u = store
                .create_user(&email, "Bea Beställare", &hash)
                .await
                .unwrap();
            store.add_role(u, org, Role::Bestallare).await.unwrap();
            u
        })
    };
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/team"),
            &[("user", &second.0.to_string()), ("role", "bestallare")],
        )
        .expect(303);
    assert!(section(&requisitioner.get("/uppgifter").body).is_none());
    let mut bea = server.login(&email);
    let hers = section(&bea.get("/uppgifter").body).expect("the team's beställare sees it");
    assert!(hers.contains("Beställare (A)"));
    // Marking an item done from Mina uppgifter.
    let resp = bea.post_csrf(
        &format!("/upphandlingar/{id}/steg/behovsanalys/punkt"),
        &[
            ("item", open_item.key),
            ("done", "1"),
            ("back", "uppgifter"),
        ],
    );
    resp.expect(303);
    assert_eq!(
        resp.location(),
        Some(format!("/uppgifter#upphandling-{id}").as_str())
    );
    assert!(
        !section(&bea.get("/uppgifter").body)
            .unwrap()
            .contains(open_item.label.sv)
    );
}

fn criteria_are_suggested_added_and_removed(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    let id = create(&mut client, &title(db, "Kriterier"), "34110000-1");
    let page = client.get(&format!("/upphandlingar/{id}/kriterier"));
    page.expect(200);
    assert!(
        page.body.contains("?grupp=fordon\""),
        "vehicles suggested: {}",
        snippet(&page.body)
    );
    assert!(page.body.contains("fordon-ts-miljobil"));
    // Filter by level.
    let page = client.get(&format!(
        "/upphandlingar/{id}/kriterier?grupp=fordon&niva=spjutspets"
    ));
    assert!(page.body.contains("fordon-ts-nollutslapp"));
    assert!(!page.body.contains("id=\"krit-fordon-ts-miljobil\""));

    let add = format!("/upphandlingar/{id}/kriterier");
    let resp = client.post_csrf(
        &add,
        &[("criterion", "fordon-ts-miljobil"), ("grupp", "fordon")],
    );
    resp.expect(303);
    assert!(resp.location().unwrap().contains("grupp=fordon"));
    client
        .post_csrf(&add, &[("criterion", "fordon-kv-arsrapport")])
        .expect(303);
    client
        .post_csrf(&add, &[("criterion", "finns-inte")])
        .expect(422);
    let store = server.store().clone();
    let chosen = server.block_on(async move { store.procurement_criteria(org, id).await.unwrap() });
    let ids: Vec<&str> = chosen.iter().map(|c| c.criterion_id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"fordon-ts-miljobil") && ids.contains(&"fordon-kv-arsrapport"));
    assert!(chosen.iter().all(|c| c.version >= 1));
    let page = client.get(&format!("/upphandlingar/{id}/kriterier"));
    assert!(page.body.contains("id=\"tabell-valda\""));
    assert!(page.body.contains("Valt för upphandlingen."));

    client
        .post_csrf(
            &format!("/upphandlingar/{id}/kriterier/ta-bort"),
            &[("criterion", "fordon-ts-miljobil")],
        )
        .expect(303);
    let store = server.store().clone();
    let chosen = server.block_on(async move { store.procurement_criteria(org, id).await.unwrap() });
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].criterion_id, "fordon-kv-arsrapport");
    let actions = audit_actions(server, org);
    assert!(actions.iter().any(|(a, d)| a == "procurement.criterion_add"
        && d.starts_with(&format!("{id}: fordon-ts-miljobil"))));
    assert!(
        actions
            .iter()
            .any(|(a, d)| a == "procurement.criterion_remove"
                && d == &format!("{id}: fordon-ts-miljobil"))
    );
}

fn tender_documents_download_as_word_and_pdf(db: Db) {
    let server = server(db);
    let mut client = server.login(OFFICER);
    let id = create(&mut client, &title(db, "Dokument"), "34110000-1");
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/kriterier"),
            &[("criterion", "fordon-ts-miljobil")],
        )
        .expect(303);
    let docx = client.get(&format!("/upphandlingar/{id}/forfragningsunderlag.docx"));
    docx.expect(200);
    assert_eq!(
        docx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert!(docx.body.starts_with("PK\u{3}\u{4}"), "a zip file");
    assert!(docx.body.contains("word/document.xml"));
    assert!(
        docx.header("content-disposition")
            .is_some_and(|d| d.contains(&format!("forfragningsunderlag-{id}.docx")))
    );
    let pdf = client.get(&format!("/upphandlingar/{id}/forfragningsunderlag.pdf"));
    pdf.expect(200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"));
    // A politician may read and download.
    let mut politician = server.login(POLITICIAN);
    politician
        .get(&format!("/upphandlingar/{id}/forfragningsunderlag.docx"))
        .expect(200);
}

fn baseline_from_an_lcc_model_and_expected_effect(db: Db) {
    let server = server(db);
    let (_, org) = server.user_and_org(OFFICER);
    let mut client = server.login(OFFICER);
    let id = create(&mut client, &title(db, "Baslinje"), "34110000-1");
    let page = client.get(&format!("/upphandlingar/{id}/baslinje"));
    page.expect(200);
    assert!(page.body.contains("Inte tilldelad ännu"));
    let store = server.store().clone();
    let model = server.block_on(async move {
        store
            .models(org, upphandla_store::ModelKind::Lcc)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.template == "vehicles")
            .expect("the demo cars model")
    });
    let page = client.get(&format!("/upphandlingar/{id}/baslinje?modell={}", model.id));
    let form = common::forms(&page.body, "/")
        .into_iter()
        .find(|f| f.field("method") == Some("activity"))
        .expect("the activity form");
    let alternative = form.field("alternative").unwrap().to_string();
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/baslinje"),
            &[
                ("method", "activity"),
                ("model", &model.id.to_string()),
                ("alternative", &alternative),
            ],
        )
        .expect(303);
    let store = server.store().clone();
    let p = server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap() });
    let b = p.baseline.expect("baseline saved");
    assert_eq!(b.method, upphandla_store::BaselineMethod::Activity);
    assert!(b.kg_co2e > 0.0 && b.kwh.is_some_and(|k| k > 0.0));
    assert_eq!(b.source, format!("model:{}:{alternative}", model.id));
    // A forged alternative is refused.
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/baslinje"),
            &[
                ("method", "activity"),
                ("model", &model.id.to_string()),
                ("alternative", "nej"),
            ],
        )
        .expect(422);
    // Spend-based, recomputed from the import on the server.
    let store = server.store().clone();
    let import = server.block_on(async move { store.imports(org).await.unwrap()[0].id });
    client
        .post_csrf(
            &format!("/upphandlingar/{id}/baslinje"),
            &[("method", "spend"), ("import", &import.to_string())],
        )
        .expect(303);
    let store = server.store().clone();
    let p = server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap() });
    let b = p.baseline.expect("baseline saved");
    assert_eq!(b.method, upphandla_store::BaselineMethod::Spend);
    assert!(b.spend.is_some());
    assert_eq!(b.source, format!("import:{import}:vehicles"));
    // The expected effect of a chosen criterion with a figure.
    let library = upphandla_formats::criteria::default_library();
    if let Some(c) = library
        .criteria
        .iter()
        .find(|c| c.group == "fordon" && c.effect_reduction.is_some())
    {
        client
            .post_csrf(
                &format!("/upphandlingar/{id}/kriterier"),
                &[("criterion", &c.id)],
            )
            .expect(303);
        let page = client.get(&format!("/upphandlingar/{id}/baslinje"));
        // The basis in the page's language: the Swedish part of "sv / en".
        let basis = c.effect_basis.as_deref().unwrap_or("");
        let (sv, en) = basis.split_once(" / ").unwrap_or((basis, basis));
        let escape = upphandla_formats::report::html::escape;
        assert!(
            page.body
                .contains(&format!("<td>{}</td>", escape(sv.trim()))),
            "the effect basis is shown in Swedish: {}",
            snippet(&page.body)
        );
        if sv != en {
            assert!(!page.body.contains(&escape(en.trim())), "no English part");
        }
        assert!(
            page.body.contains("av baslinjen"),
            "{}",
            snippet(&page.body)
        );
    }
}

fn demo_procurement(server: &Server) -> (OrgId, i64) {
    let (_, org) = server.user_and_org(OFFICER);
    let store = server.store().clone();
    let id = server.block_on(async move {
        store
            .procurements(org)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.demo && p.title == upphandla_web::pages::procurements::DEMO_TITLE)
            .expect("the demo procurement")
            .id
    });
    (org, id)
}

fn demo_procurement_is_at_tender_documents(db: Db) {
    let server = server(db);
    let (org, id) = demo_procurement(server);
    assert_eq!(current_stage(server, org, id), "forfragningsunderlag");
    let mut client = server.login(OFFICER);
    let page = client.get(&format!("/upphandlingar/{id}"));
    page.expect(200);
    assert!(page.body.contains("DEMODATA"));
    assert!(page.body.contains(&format!(
        "href=\"/upphandlingar/{id}/steg/forfragningsunderlag\" aria-current=\"step\""
    )));
    assert!(
        page.body.contains("Beställare (Demo kommun)"),
        "team names shown"
    );
    assert!(
        page.body.contains("aktivitetsbaserad"),
        "{}",
        snippet(&page.body)
    );
    // Every page in both languages has all its texts.
    for lang in ["en", "sv"] {
        client.get(&format!("/lang/{lang}?back=/"));
        let mut paths = get_routes(id);
        paths.retain(|p| !p.ends_with(".docx") && !p.ends_with(".pdf"));
        paths.extend([
            "/upphandlingar".into(),
            "/uppgifter".into(),
            "/upphandlingar/raci".into(),
            "/".into(),
        ]);
        paths.push(format!("/upphandlingar/{id}/kriterier?grupp=fordon"));
        for path in paths {
            let resp = client.get(&path);
            resp.expect(200);
            assert!(
                !resp.body.contains("⟨saknad text⟩"),
                "{lang} {path} lacks a text"
            );
        }
    }
    // The officer is accountable for the tender documents.
    let tasks = client.get("/uppgifter");
    assert!(tasks.body.contains(&format!("id=\"upphandling-{id}\"")));
}

/// Every POST route of procurement `id` (with plausible fields).
fn post_routes(id: i64) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let p = format!("/upphandlingar/{id}");
    let item = process::guide(Stage::Behovsanalys).checklist[0].key;
    vec![
        (
            format!("{p}/andra"),
            vec![("title", "Nytt namn"), ("value", "1")],
        ),
        (format!("{p}/status"), vec![("status", "cancelled")]),
        (
            format!("{p}/team"),
            vec![("user", "1"), ("role", "upphandlare")],
        ),
        (
            format!("{p}/team/ta-bort"),
            vec![("user", "1"), ("role", "upphandlare")],
        ),
        (
            format!("{p}/steg/behovsanalys/punkt"),
            vec![("item", item), ("done", "1")],
        ),
        (
            format!("{p}/steg/behovsanalys/stang"),
            vec![("reason", "skäl")],
        ),
        (format!("{p}/steg/behovsanalys/oppna"), vec![]),
        (
            format!("{p}/steg/behovsanalys/datum"),
            vec![("due", "2027-01-01")],
        ),
        (
            format!("{p}/kriterier"),
            vec![("criterion", "fordon-ts-miljobil")],
        ),
        (
            format!("{p}/kriterier/ta-bort"),
            vec![("criterion", "fordon-ts-miljobil")],
        ),
        (
            format!("{p}/baslinje"),
            vec![("method", "spend"), ("import", "1")],
        ),
        (format!("{p}/baslinje/ta-bort"), vec![]),
    ]
}

fn get_routes(id: i64) -> Vec<String> {
    let p = format!("/upphandlingar/{id}");
    vec![
        p.clone(),
        format!("{p}/andra"),
        format!("{p}/steg/behovsanalys"),
        format!("{p}/steg/avtalsuppfoljning"),
        format!("{p}/kriterier"),
        format!("{p}/baslinje"),
        format!("{p}/forfragningsunderlag.docx"),
        format!("{p}/forfragningsunderlag.pdf"),
    ]
}

fn read_only_roles_get_403_on_every_post(db: Db) {
    let server = server(db);
    let (org, id) = demo_procurement(server);
    let before = {
        let store = server.store().clone();
        server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap() })
    };
    let mut politician = server.login(POLITICIAN);
    for path in get_routes(id).iter().filter(|p| !p.ends_with("/andra")) {
        politician.get(path).expect(200);
    }
    politician
        .get(&format!("/upphandlingar/{id}/andra"))
        .expect(403);
    let page = politician.get(&format!("/upphandlingar/{id}"));
    assert!(
        !page.body.contains("/stang\""),
        "no close form for a read-only role"
    );
    for (path, fields) in post_routes(id) {
        politician.post_csrf(&path, &fields).expect(403);
    }
    politician
        .post_csrf(
            "/upphandlingar",
            &[("title", "Politikerns"), ("value", "1")],
        )
        .expect(403);
    politician
        .post_csrf("/upphandlingar/raci", &[("c_avtal_admin", "A")])
        .expect(403);
    politician
        .post_csrf("/upphandlingar/raci/aterstall", &[])
        .expect(403);
    let after = {
        let store = server.store().clone();
        server.block_on(async move { store.procurement(org, id).await.unwrap().unwrap() })
    };
    assert_eq!(before.title, after.title);
    assert_eq!(before.stage, after.stage);
    assert_eq!(before.status, after.status);

    // The coordinator reads its own organisation's procurement but changes nothing.
    let (_, coordination) = server.user_and_org(COORDINATOR);
    let store = server.store().clone();
    let own = server.block_on(async move {
        store
            .create_procurement(
                coordination,
                &upphandla_store::ProcurementInput {
                    title: "Samordnad upphandling".into(),
                    ..Default::default()
                },
                None,
                false,
            )
            .await
            .unwrap()
    });
    let mut coordinator = server.login(COORDINATOR);
    coordinator
        .get(&format!("/upphandlingar/{own}"))
        .expect(200);
    for (path, fields) in post_routes(own) {
        coordinator.post_csrf(&path, &fields).expect(403);
    }
    coordinator
        .post_csrf(
            "/upphandlingar",
            &[("title", "Samordnarens"), ("value", "1")],
        )
        .expect(403);
}

fn another_organisation_gets_404_on_every_procurement_url(db: Db) {
    let server = server(db);
    let (_, id) = demo_procurement(server);
    let mut other = server.login(OTHER_ORG);
    for path in get_routes(id) {
        let resp = other.get(&path);
        resp.expect(404);
        assert!(!resp.body.contains("Tjänstebilar"), "{path} leaked");
    }
    for (path, fields) in post_routes(id) {
        other.post_csrf(&path, &fields).expect(404);
    }
    // Bad ids are simply not found.
    other.get("/upphandlingar/0").expect(404);
    other.get("/upphandlingar/abc").expect(404);
    let list = other.get("/upphandlingar");
    list.expect(200);
    assert!(!list.body.contains(&format!("/upphandlingar/{id}\"")));
    // csrf_of is used by other test files; keep the import honest here too.
    assert!(csrf_of(&list.body).is_some());
}
