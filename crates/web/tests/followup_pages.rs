//! Contract follow-up against a running server, on SQLite and PostgreSQL:
//! the plan from a procurement's criteria, a supplier report by form and by
//! upload checked per item, a requirement not met turned into a deviation
//! with the 1.5 × advantage penalty, closing a deviation only with a note,
//! due and overdue items as time passes, another organisation refused every
//! URL, and read-only roles refused every change.

mod common;

use common::demo_server as server;
use common::{Client, Db, Server, ServerOptions, snippet};
use upphandla_core::date::Date;
use upphandla_core::followup::DeviationStatus;
use upphandla_store::{ContractInput, ContractSource, ItemInput, OrgId, ProcurementInput, Role};

on_both_databases!(
    plan_from_the_procurements_criteria,
    report_by_form_and_upload_is_checked,
    a_requirement_not_met_becomes_a_deviation_with_a_penalty,
    closing_a_deviation_needs_a_note,
    due_and_overdue_items_as_time_passes,
    another_organisation_gets_404_on_every_url,
    read_only_roles_cannot_change_anything,
);

const MANAGER: &str = "avtalsansvarig@demokommun.example";
const STRATEGIST: &str = "miljostrateg@demokommun.example";
const POLITICIAN: &str = "politiker@demokommun.example";
const OTHER_ADMIN: &str = "admin@norrby.example";

const DAY: i64 = 86_400;

/// The criteria chosen for the test procurement: one checked at award, one
/// with a 100 % renewable limit, one "no fossil diesel" and one whose level
/// the buyer must enter.
const CRITERIA: [&str; 4] = [
    "drivmedel-kk-hallbarhetssystem",
    "drivmedel-kv-fossilfritt",
    "drivmedel-ts-hvo100",
    "drivmedel-kv-fossil-andel",
];

fn plus(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// A procurement with [`CRITERIA`] chosen and its contract in the manager's
/// organisation; returns (org, contract id).
fn contract(server: &Server, db: Db, linked: bool) -> (OrgId, i64) {
    let (user, org) = server.user_and_org(MANAGER);
    let store = server.store().clone();
    let today = server.state.clock.today();
    let title = format!("Drivmedel {db:?} {}", common::unique());
    server.block_on(async move {
        let pid = store
            .create_procurement(
                org,
                &ProcurementInput {
                    title: title.clone(),
                    ..Default::default()
                },
                Some(user),
                false,
            )
            .await
            .unwrap();
        for c in CRITERIA {
            assert!(
                store
                    .add_procurement_criterion(org, pid, c, 1, user)
                    .await
                    .unwrap()
            );
        }
        let input = ContractInput {
            reference: "KS 2026/9".into(),
            title,
            supplier_name: "Exempel Drivmedel AB".into(),
            supplier_orgnr: String::new(),
            start_date: plus(today, -60),
            end_date: plus(today, 700),
            extension_months: 0,
            options_note: String::new(),
            value_ore: None,
            cpv: String::new(),
            category: String::new(),
            manager_user_id: None,
            procurement_id: linked.then_some(pid),
        };
        let id = store
            .create_contract(org, &input, ContractSource::Manual, Some(user), 1)
            .await
            .unwrap();
        (org, id)
    })
}

fn items(server: &Server, org: OrgId, id: i64) -> Vec<upphandla_store::FollowupItem> {
    let store = server.store().clone();
    server.block_on(async move { store.followup_items(org, id).await.unwrap() })
}

fn item_for<'a>(
    items: &'a [upphandla_store::FollowupItem],
    criterion: &str,
) -> &'a upphandla_store::FollowupItem {
    items
        .iter()
        .find(|i| i.criterion_id == criterion)
        .unwrap_or_else(|| panic!("no item for {criterion}"))
}

/// The plan from the criteria, through the page.
fn plan(server: &Server, client: &mut Client, id: i64) {
    let resp = client.post_csrf(&format!("/avtal/{id}/uppfoljning/fran-kriterier"), &[]);
    resp.expect(303);
    assert!(
        resp.location()
            .unwrap()
            .contains("meddelande=skapad&antal=4")
    );
    let _ = server;
}

/// Posts a report by form; returns the report id from the redirect.
fn report_by_form(client: &mut Client, id: i64, values: &[(&str, &str)]) -> i64 {
    let mut fields = vec![("period_start", "2026-01-01"), ("period_end", "2026-03-31")];
    fields.extend_from_slice(values);
    let resp = client.post_csrf(&format!("/avtal/{id}/rapporter/ny"), &fields);
    resp.expect(303);
    let loc = resp.location().unwrap().to_string();
    loc.strip_prefix(&format!("/avtal/{id}/rapporter/"))
        .and_then(|r| r.split('?').next())
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("unexpected location {loc}"))
}

fn plan_from_the_procurements_criteria(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let mut manager = server.login(MANAGER);
    let empty = manager.get(&format!("/avtal/{id}/uppfoljning"));
    empty.expect(200);
    assert!(empty.body.contains("/uppfoljning/fran-kriterier"));
    assert!(empty.body.contains("aria-current=\"page\">Uppföljning"));
    plan(server, &mut manager, id);
    let all = items(server, org, id);
    assert_eq!(all.len(), 4);
    let lib = upphandla_formats::criteria::default_library();
    for i in &all {
        let c = lib
            .criteria
            .iter()
            .find(|c| c.id == i.criterion_id)
            .unwrap();
        assert_eq!(i.what, c.title.sv);
        assert_eq!(i.how, c.follow_up.sv);
        assert_eq!(i.evidence, c.follow_up_evidence.sv);
        assert_eq!(i.frequency, c.follow_up_when.key());
        assert_eq!(i.role, "avtalsansvarig");
    }
    // Checked when the tenders were examined: done at once.
    let award = item_for(&all, "drivmedel-kk-hallbarhetssystem");
    assert_eq!((award.status.as_str(), award.next_due), ("done", None));
    let renewable = item_for(&all, "drivmedel-kv-fossilfritt");
    assert_eq!(
        (
            renewable.metric.as_str(),
            renewable.comparator.as_str(),
            renewable.threshold
        ),
        ("andel_fornybar_drivmedel_pct", ">=", Some(100.0))
    );
    assert!(renewable.next_due.is_some());
    let diesel = item_for(&all, "drivmedel-ts-hvo100");
    assert_eq!(
        (diesel.metric.as_str(), diesel.threshold),
        ("diesel_l", Some(0.0))
    );
    // No number in the criterion: the buyer enters the contract's level.
    let level = item_for(&all, "drivmedel-kv-fossil-andel");
    assert_eq!(level.threshold, None);
    let page = manager.get(&format!(
        "/avtal/{id}/uppfoljning?meddelande=skapad&antal=4"
    ));
    assert!(page.body.contains("4 uppföljningspunkter skapades"));
    assert!(page.body.contains("Ange avtalets nivå"));
    assert!(page.body.contains(&renewable.what));
    // The buyer sets the level; the form keeps Swedish numbers.
    let resp = manager.post_csrf(
        &format!("/avtal/{id}/uppfoljning/{}", level.id),
        &[
            ("what", &level.what),
            ("frequency", "arligen"),
            ("role", "avtalsansvarig"),
            ("metric", "andel_fornybar_drivmedel_pct"),
            ("comparator", ">="),
            ("threshold", "85,5"),
        ],
    );
    resp.expect(303);
    assert_eq!(
        item_for(&items(server, org, id), "drivmedel-kv-fossil-andel").threshold,
        Some(85.5)
    );
    // Bad input: re-rendered with the errors and the input kept.
    let bad = manager.post_csrf(
        &format!("/avtal/{id}/uppfoljning/ny"),
        &[
            ("what", "Egen punkt"),
            ("frequency", "varannan"),
            ("role", "avtalsansvarig"),
            ("metric", "diesel_l"),
            ("comparator", "<="),
            ("threshold", "mycket"),
        ],
    );
    bad.expect(200);
    assert!(bad.body.contains("Välj när punkten kontrolleras."));
    assert!(bad.body.contains("value=\"mycket\""));
    assert_eq!(items(server, org, id).len(), 4);
    // Twice: nothing new.
    let again = manager.post_csrf(&format!("/avtal/{id}/uppfoljning/fran-kriterier"), &[]);
    assert!(again.location().unwrap().contains("inga-nya"));
    assert_eq!(items(server, org, id).len(), 4);
    // The function the award flow calls is idempotent too.
    // Every page in both languages without a missing text.
    let iid = item_for(&items(server, org, id), "drivmedel-kv-fossilfritt").id;
    let rid = report_by_form(&mut manager, id, &[("m_hvo100_l", "1")]);
    let did = deviation(server, org, id);
    let pages = [
        format!("/avtal/{id}/avvikelser/{did}"),
        format!("/avtal/{id}/uppfoljning"),
        format!("/avtal/{id}/uppfoljning/ny"),
        format!("/avtal/{id}/uppfoljning/{iid}"),
        format!("/avtal/{id}/rapporter/ny"),
        format!("/avtal/{id}/rapporter/{rid}"),
        format!("/avtal/{id}/avvikelser/ny?punkt={iid}&rapport={rid}"),
        "/uppfoljning".to_string(),
    ];
    for lang in ["en", "sv"] {
        manager.get(&format!("/lang/{lang}?back=/"));
        for path in &pages {
            let resp = manager.get(path);
            resp.expect(200);
            assert!(!resp.body.contains("⟨saknad text⟩"), "{lang} {path}");
        }
    }
    let state = server.state.clone();
    let today = server.state.clock.today();
    let n = server.block_on(async move {
        upphandla_web::pages::followup::create_plan_from_criteria(&state, org, id, today)
            .await
            .unwrap()
    });
    assert_eq!(n, 0);
    // A contract without a procurement gets no plan from criteria.
    let (_, bare) = contract(server, db, false);
    let resp = manager.post_csrf(&format!("/avtal/{bare}/uppfoljning/fran-kriterier"), &[]);
    assert!(resp.location().unwrap().contains("ingen-upphandling"));
}

fn report_by_form_and_upload_is_checked(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let mut manager = server.login(MANAGER);
    plan(server, &mut manager, id);
    // 1000 l HVO100 and 1000 l diesel: 48,8 % renewable by energy, diesel > 0.
    let rid = report_by_form(
        &mut manager,
        id,
        &[
            ("m_hvo100_l", "1 000"),
            ("m_diesel_l", "1000,0"),
            ("note", "Q1"),
        ],
    );
    let page = manager.get(&format!("/avtal/{id}/rapporter/{rid}"));
    page.expect(200);
    assert!(
        page.body.contains("Ej uppfyllt."),
        "{}",
        snippet(&page.body)
    );
    assert!(page.body.contains("48,81 %"), "{}", snippet(&page.body));
    assert!(page.body.contains("beräknat från rapporterade drivmedel"));
    assert!(page.body.contains("1 000 l över"));
    assert!(page.body.contains("avvikelser/ny?punkt="));
    let all = items(server, org, id);
    let today = server.state.clock.today();
    for c in ["drivmedel-kv-fossilfritt", "drivmedel-ts-hvo100"] {
        assert_eq!(item_for(&all, c).last_checked, Some(today), "{c}");
    }
    // Not checked: it has no limit yet.
    assert_eq!(
        item_for(&all, "drivmedel-kv-fossil-andel").last_checked,
        None
    );

    // A wide CSV upload with only HVO100: both met.
    let csv = "Månad;HVO100 (liter);Diesel (liter)\n2026-04;1 000;0\n2026-05;500;\n";
    let path = format!("/avtal/{id}/rapporter/ladda-upp?_csrf={}", manager.csrf());
    let resp = manager.post_multipart(
        &path,
        &[("period_start", "2026-04-01"), ("period_end", "2026-06-30")],
        Some(("file", "q2.csv", csv.as_bytes())),
    );
    resp.expect(303);
    let loc = resp.location().unwrap().to_string();
    let shown = manager.get(&loc);
    assert!(
        shown.body.contains("Uppfyllt: rapporterat 100 %"),
        "{}",
        snippet(&shown.body)
    );
    assert!(shown.body.contains("q2.csv"));
    let store = server.store().clone();
    let reports = server.block_on(async move { store.reports(org, id).await.unwrap() });
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0].values,
        vec![
            ("diesel_l".to_string(), 0.0),
            ("hvo100_l".to_string(), 1500.0)
        ]
    );

    // The template, filled in partly, reads back.
    let template = manager.get(&format!("/avtal/{id}/rapporter/mall.csv"));
    template.expect(200);
    assert!(
        template
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(template.body.contains("hvo100_l;;l;HVO100"));
    let filled = template.body.replace("diesel_l;;l;", "diesel_l;0;l;");
    let resp = manager.post_multipart(
        &path,
        &[("period_start", "2026-07-01"), ("period_end", "2026-09-30")],
        Some(("file", "rapporter/q3/mall.csv", filled.as_bytes())),
    );
    resp.expect(303);
    let store = server.store().clone();
    let latest = server.block_on(async move { store.reports(org, id).await.unwrap().remove(0) });
    assert_eq!(latest.values, vec![("diesel_l".to_string(), 0.0)]);
    // The browser's folders are not kept.
    assert_eq!(latest.file_name, "mall.csv");

    // A bad file: every error with line and column, nothing stored.
    let bad = manager.post_multipart(
        &path,
        &[("period_start", "2026-10-01"), ("period_end", "2026-12-31")],
        Some((
            "file",
            "fel.csv",
            b"metric;value\nhvo100_l;mycket\nokand_l;5\n",
        )),
    );
    bad.expect(200);
    assert!(bad.body.contains("Filen kunde inte läsas"));
    assert!(
        bad.body.contains("fel.csv, rad 2, kolumn «value»"),
        "{}",
        snippet(&bad.body)
    );
    assert!(
        bad.body.contains("hvo100_l (HVO100, l)"),
        "known metrics listed"
    );
    assert!(bad.body.contains("value=\"2026-10-01\""), "input kept");
    // Bad form values are tied to their fields.
    let bad_form = manager.post_csrf(
        &format!("/avtal/{id}/rapporter/ny"),
        &[
            ("period_start", "2026-07-01"),
            ("period_end", "2026-06-01"),
            ("m_andel_fornybar_el_pct", "120"),
            ("m_diesel_l", "1.200"),
        ],
    );
    bad_form.expect(200);
    assert!(
        bad_form
            .body
            .contains("Periodens sista dag ligger före den första.")
    );
    assert!(bad_form.body.contains("Ange en andel mellan 0 och 100."));
    assert!(bad_form.body.contains("Talet är tvetydigt"));
    let store = server.store().clone();
    assert_eq!(
        server.block_on(async move { store.reports(org, id).await.unwrap().len() }),
        3
    );
}

fn a_requirement_not_met_becomes_a_deviation_with_a_penalty(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let mut manager = server.login(MANAGER);
    plan(server, &mut manager, id);
    let rid = report_by_form(
        &mut manager,
        id,
        &[("m_hvo100_l", "1000"), ("m_diesel_l", "1000")],
    );
    let item = item_for(&items(server, org, id), "drivmedel-kv-fossilfritt").clone();
    let new = manager.get(&format!(
        "/avtal/{id}/avvikelser/ny?punkt={}&rapport={rid}",
        item.id
    ));
    new.expect(200);
    // Prefilled: the check's text and the HVO100 that should have replaced
    // fossil fuel: (1.0 × 70 320 − 34 320) MJ / 34,32 MJ/l = 1 048,95 l.
    assert!(
        new.body.contains("51,19 procentenheter under kravet"),
        "{}",
        snippet(&new.body)
    );
    assert!(
        new.body.contains("value=\"1 048,95\""),
        "{}",
        snippet(&new.body)
    );
    assert!(new.body.contains("<option value=\"vite\" selected"));
    let form = common::forms(&new.body, &format!("/avtal/{id}/avvikelser/ny"))
        .into_iter()
        .find(|f| f.action.ends_with("/avvikelser/ny"))
        .expect("the deviation form");
    let field = |n: &str| form.field(n).unwrap_or("").to_string();
    let (description, quantity, unit) = (
        field("description"),
        field("quantity"),
        field("quantity_unit"),
    );
    let fields = |berakna: &'static str| {
        vec![
            ("item_id", item.id.to_string()),
            ("report_id", rid.to_string()),
            ("found_on", field("found_on")),
            ("description", description.clone()),
            ("action", "Tanka HVO100 i alla fordon".to_string()),
            ("deadline", field("deadline")),
            ("sanction", "vite".to_string()),
            ("quantity", quantity.clone()),
            ("quantity_unit", unit.clone()),
            ("price_diff", "2,00".to_string()),
            ("factor", "1,5".to_string()),
            ("berakna", berakna.to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
    // "Calculate" shows the amounts and saves nothing:
    // 1 048,95 l × 2,00 kr = 2 097,90 kr; 1,5 × 2 097,90 = 3 146,85 kr.
    let calc = as_refs(&fields("1"));
    let refs: Vec<(&str, &str)> = calc.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let shown = manager.post_csrf(&format!("/avtal/{id}/avvikelser/ny"), &refs);
    shown.expect(200);
    assert!(
        shown.body.contains("= 2 097,90 kr"),
        "{}",
        snippet(&shown.body)
    );
    assert!(shown.body.contains("1,5 × 2 097,90 kr = 3 146,85 kr"));
    let store = server.store().clone();
    assert!(server.block_on(async move { store.deviations(org, id).await.unwrap().is_empty() }));
    let save = as_refs(&fields(""));
    let refs: Vec<(&str, &str)> = save.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = manager.post_csrf(&format!("/avtal/{id}/avvikelser/ny"), &refs);
    resp.expect(303);
    let store = server.store().clone();
    let devs = server.block_on(async move { store.deviations(org, id).await.unwrap() });
    assert_eq!(devs.len(), 1);
    let d = &devs[0];
    assert_eq!(d.advantage_ore, Some(209_790));
    assert_eq!(d.sanction_ore, Some(314_685));
    assert_eq!((d.item_id, d.report_id), (Some(item.id), Some(rid)));
    assert_eq!(d.status, DeviationStatus::Oppen);
    assert_eq!(d.sanction, "vite");
    let page = manager.get(resp.location().unwrap());
    assert!(
        page.body.contains("Vite: 3 146,85 kr"),
        "{}",
        snippet(&page.body)
    );
    assert!(
        page.body.contains("Registrerad"),
        "history from the audit log"
    );
    // Listed as open on the org's list.
    let due = manager.get("/uppfoljning");
    assert!(
        due.body
            .contains(&format!("/avtal/{id}/avvikelser/{}", d.id))
    );
    // A second deviation on the same item: the ladder's next step is named.
    let again = manager.get(&format!(
        "/avtal/{id}/avvikelser/ny?punkt={}&rapport={rid}",
        item.id
    ));
    assert!(
        again
            .body
            .contains("Tidigare avvikelser på samma punkt: 1."),
        "{}",
        snippet(&again.body)
    );
    assert!(again.body.contains("Strängaste sanktionen hittills: Vite."));
    assert!(
        again
            .body
            .contains("om avtalet ger stöd för det: Uppsägning.")
    );
    // An item of another contract cannot be named.
    let (_, other) = contract(server, db, true);
    let mut forged = save.clone();
    forged.retain(|(k, _)| *k != "berakna");
    let refs: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    manager
        .post_csrf(&format!("/avtal/{other}/avvikelser/ny"), &refs)
        .expect(404);
}

/// A deviation stored directly, for the status and access tests.
fn deviation(server: &Server, org: OrgId, id: i64) -> i64 {
    let store = server.store().clone();
    let today = server.state.clock.today();
    server.block_on(async move {
        store
            .create_deviation(
                org,
                id,
                &upphandla_store::DeviationInput {
                    found_on: Some(today),
                    description: "Fordonslistan saknas".into(),
                    deadline: Some(plus(today, 14)),
                    ..Default::default()
                },
                None,
                1,
            )
            .await
            .unwrap()
            .unwrap()
    })
}

fn closing_a_deviation_needs_a_note(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let did = deviation(server, org, id);
    let mut manager = server.login(MANAGER);
    let path = format!("/avtal/{id}/avvikelser/{did}/status");
    let status = |server: &Server| {
        let store = server.store().clone();
        server.block_on(async move { store.deviation(org, did).await.unwrap().unwrap() })
    };
    manager
        .post_csrf(&path, &[("status", "atgardas"), ("note", "")])
        .expect(303);
    assert_eq!(status(server).status, DeviationStatus::Atgardas);
    let refused = manager.post_csrf(&path, &[("status", "stangd"), ("note", "  ")]);
    refused.expect(200);
    assert!(
        refused
            .body
            .contains("Skriv hur avvikelsen åtgärdats för att stänga den.")
    );
    assert_eq!(status(server).status, DeviationStatus::Atgardas);
    manager
        .post_csrf(
            &path,
            &[
                ("status", "stangd"),
                ("note", "Listan kom in"),
                ("date", "2026-12-01"),
            ],
        )
        .expect(303);
    let closed = status(server);
    assert_eq!(closed.status, DeviationStatus::Stangd);
    assert_eq!(closed.closing_note, "Listan kom in");
    assert_eq!(closed.closed_on, Date::parse_iso("2026-12-01"));
    // Reopening needs a reason.
    let refused = manager.post_csrf(&path, &[("status", "oppen"), ("note", "")]);
    assert!(
        refused
            .body
            .contains("Skriv varför avvikelsen öppnas igen.")
    );
    manager
        .post_csrf(&path, &[("status", "oppen"), ("note", "Listan var fel")])
        .expect(303);
    let reopened = status(server);
    assert_eq!(
        (reopened.status, reopened.closed_on),
        (DeviationStatus::Oppen, None)
    );
    let page = manager.get(&format!("/avtal/{id}/avvikelser/{did}"));
    assert!(
        page.body
            .contains("atgardas → stangd (2026-12-01): Listan kom in"),
        "{}",
        snippet(&page.body)
    );
    assert!(page.body.contains("stangd → oppen: Listan var fel"));
}

/// A server of its own: moving its clock affects no other test.
fn due_and_overdue_items_as_time_passes(db: Db) {
    let server = Server::start(ServerOptions::new(db));
    let (org, id) = contract(&server, db, false);
    let today = server.state.clock.today();
    let mine = format!("Kontroll av fordonslistan {}", common::unique());
    let theirs = format!("Upphandlarens kontroll {}", common::unique());
    let store = server.store().clone();
    let (m, t) = (mine.clone(), theirs.clone());
    server.block_on(async move {
        let item = |what: String, due: i64, role: Role| ItemInput {
            criterion_id: String::new(),
            what,
            how: String::new(),
            evidence: String::new(),
            frequency: "kvartalsvis".into(),
            next_due: Some(plus(today, due)),
            role,
            metric: String::new(),
            comparator: String::new(),
            threshold: None,
        };
        store
            .create_followup_items(
                org,
                id,
                &[
                    item(m, 40, Role::Avtalsansvarig),
                    item(t, 10, Role::Upphandlare),
                ],
                1,
            )
            .await
            .unwrap()
            .unwrap();
    });
    let mut manager = server.login(MANAGER);
    let page = manager.get("/uppfoljning");
    page.expect(200);
    assert!(
        !page.body.contains(&mine),
        "40 days away: not yet on the list"
    );
    assert!(!page.body.contains(&theirs), "another role's item");
    let all = manager.get("/uppfoljning?roll=alla");
    assert!(all.body.contains(&theirs));
    let by_role = manager.get("/uppfoljning?roll=upphandlare");
    assert!(by_role.body.contains(&theirs) && !by_role.body.contains(&mine));

    server.state.clock.advance(15 * DAY);
    let page = manager.get("/uppfoljning");
    assert!(page.body.contains(&mine), "25 days away: due soon");
    assert!(page.body.contains("om 25 dagar"), "{}", snippet(&page.body));

    server.state.clock.advance(30 * DAY);
    let page = manager.get("/uppfoljning");
    assert!(
        page.body.contains("Försenad, 5 dagar sen"),
        "{}",
        snippet(&page.body)
    );
    // The plan shows it overdue too; checking it moves it to the next quarter end + 30 days.
    let plan = manager.get(&format!("/avtal/{id}/uppfoljning"));
    assert!(plan.body.contains("class=\"overdue\""));
    let item = items(&server, org, id)
        .into_iter()
        .find(|i| i.what == mine)
        .unwrap();
    manager
        .post_csrf(
            &format!("/avtal/{id}/uppfoljning/{}/kontrollerad", item.id),
            &[],
        )
        .expect(303);
    let checked = items(&server, org, id)
        .into_iter()
        .find(|i| i.what == mine)
        .unwrap();
    let now = server.state.clock.today();
    assert_eq!(checked.last_checked, Some(now));
    let next = checked.next_due.unwrap();
    // A quarter's last day plus the 30-day reporting margin.
    let period_end = plus(next, -30);
    assert!(next > now);
    assert_eq!(period_end.month % 3, 0, "{next}");
    assert_eq!(
        period_end.day,
        upphandla_core::date::days_in_month(period_end.year, period_end.month)
    );
    assert!(!manager.get("/uppfoljning").body.contains(&mine));
}

/// Every follow-up form action of contract `id` (item `iid`, deviation `did`).
fn form_actions(id: i64, iid: i64, did: i64) -> [String; 8] {
    [
        format!("/avtal/{id}/uppfoljning/fran-kriterier"),
        format!("/avtal/{id}/uppfoljning/ny"),
        format!("/avtal/{id}/uppfoljning/{iid}"),
        format!("/avtal/{id}/uppfoljning/{iid}/kontrollerad"),
        format!("/avtal/{id}/rapporter/ny"),
        format!("/avtal/{id}/avvikelser/ny"),
        format!("/avtal/{id}/avvikelser/{did}"),
        format!("/avtal/{id}/avvikelser/{did}/status"),
    ]
}

/// A valid value for every field any of the form actions reads, so a refusal
/// is the access check and not the input check.
const ANY_FORM: &[(&str, &str)] = &[
    ("what", "x"),
    ("frequency", "arligen"),
    ("role", "admin"),
    ("period_start", "2026-01-01"),
    ("period_end", "2026-01-31"),
    ("m_diesel_l", "1"),
    ("description", "x"),
    ("found_on", "2026-01-01"),
    ("status", "stangd"),
    ("note", "x"),
];

/// The contract's item and report counts and the deviation's status, from the store.
fn counts(server: &Server, org: OrgId, id: i64, did: i64) -> (usize, usize, DeviationStatus) {
    let store = server.store().clone();
    server.block_on(async move {
        (
            store.followup_items(org, id).await.unwrap().len(),
            store.reports(org, id).await.unwrap().len(),
            store.deviation(org, did).await.unwrap().unwrap().status,
        )
    })
}

fn another_organisation_gets_404_on_every_url(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let mut manager = server.login(MANAGER);
    plan(server, &mut manager, id);
    let rid = report_by_form(&mut manager, id, &[("m_hvo100_l", "5")]);
    let iid = items(server, org, id)[0].id;
    let did = deviation(server, org, id);
    let title = server.block_on({
        let store = server.store().clone();
        async move { store.contract(org, id).await.unwrap().unwrap().title }
    });
    let mut other = server.login(OTHER_ADMIN);
    for path in [
        format!("/avtal/{id}/uppfoljning"),
        format!("/avtal/{id}/uppfoljning/ny"),
        format!("/avtal/{id}/uppfoljning/{iid}"),
        format!("/avtal/{id}/rapporter/ny"),
        format!("/avtal/{id}/rapporter/{rid}"),
        format!("/avtal/{id}/avvikelser/ny"),
        format!("/avtal/{id}/avvikelser/{did}"),
    ] {
        other.get(&path).expect(404);
    }
    for path in form_actions(id, iid, did) {
        other.post_csrf(&path, ANY_FORM).expect(404);
    }
    let upload = format!("/avtal/{id}/rapporter/ladda-upp?_csrf={}", other.csrf());
    other
        .post_multipart(
            &upload,
            &[("period_start", "2026-01-01"), ("period_end", "2026-01-31")],
            Some(("file", "r.csv", b"diesel_l\n1\n")),
        )
        .expect(404);
    // The other organisation's own list shows nothing of ours.
    let list = other.get("/uppfoljning?roll=alla");
    list.expect(200);
    assert!(!list.body.contains(&title));
    // Nothing changed.
    assert_eq!(counts(server, org, id, did), (4, 1, DeviationStatus::Oppen));
}

fn read_only_roles_cannot_change_anything(db: Db) {
    let server = server(db);
    let (org, id) = contract(server, db, true);
    let mut manager = server.login(MANAGER);
    plan(server, &mut manager, id);
    let iid = items(server, org, id)[1].id;
    let did = deviation(server, org, id);
    let mut politician = server.login(POLITICIAN);
    let page = politician.get(&format!("/avtal/{id}/uppfoljning"));
    page.expect(200);
    assert!(
        !page.body.contains("fran-kriterier"),
        "no edit forms for a read-only role"
    );
    assert!(!page.body.contains("/kontrollerad"));
    politician
        .get(&format!("/avtal/{id}/avvikelser/{did}"))
        .expect(200);
    politician.get("/uppfoljning").expect(200);
    for path in [
        format!("/avtal/{id}/uppfoljning/ny"),
        format!("/avtal/{id}/rapporter/ny"),
        format!("/avtal/{id}/avvikelser/ny"),
    ] {
        politician.get(&path).expect(403);
    }
    for path in form_actions(id, iid, did) {
        politician.post_csrf(&path, ANY_FORM).expect(403);
    }
    // A miljöstrateg enters reports but does not change the plan or deviations.
    let mut strategist = server.login(STRATEGIST);
    report_by_form(&mut strategist, id, &[("m_hvo100_l", "10")]);
    strategist
        .post_csrf(
            &format!("/avtal/{id}/uppfoljning/ny"),
            &[("what", "x"), ("frequency", "arligen"), ("role", "admin")],
        )
        .expect(403);
    strategist
        .post_csrf(
            &format!("/avtal/{id}/avvikelser/{did}/status"),
            &[("status", "stangd"), ("note", "x")],
        )
        .expect(403);
    assert_eq!(counts(server, org, id, did), (4, 1, DeviationStatus::Oppen));
}
