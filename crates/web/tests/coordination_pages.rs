//! Sharing, the coordinator's view and good examples against a running
//! server, on SQLite and on PostgreSQL: the demo coordinator sees a member's
//! shared procurement and contract and never an unshared one nor a
//! non-member's (every coordinator page crawled); a municipality user gets
//! 403 on the coordinator's pages; only editors share; anonymised good
//! examples show neither the organisation's name nor the reference; an
//! unpublished example is invisible to other organisations.

mod common;

use common::demo_server as server;

use common::{Client, Db, Server, snippet};
use upphandla_core::date::Date;
use upphandla_store::{ContractInput, ContractSource, OrgId, OrgKind, ProcurementStatus, Role};

on_both_databases!(
    coordinator_sees_only_shared_data_of_members,
    non_coordinators_get_403_and_no_menu_entry,
    only_editors_of_the_organisation_share,
    anonymised_examples_name_nobody_and_unpublished_ones_vanish,
);

const OFFICER: &str = "upphandlare@demokommun.example";
const POLITICIAN: &str = "politiker@demokommun.example";
const REQUISITIONER: &str = "bestallare@demokommun.example";
const NORRBY: &str = "upphandlare@norrby.example";
const COORDINATOR: &str = "samordnare@energikontor.example";
const COORDINATOR_ADMIN: &str = "admin@energikontor.example";
const DEMO_KOMMUN: &str = "Demo kommun";

fn marker(db: Db, what: &str) -> String {
    format!("{what}-{db:?}-{}", common::unique())
}

/// Creates a procurement through the form; returns its id.
fn create(client: &mut Client, title: &str, reference: &str) -> i64 {
    let token = client.csrf();
    let resp = client.post_form(
        "/upphandlingar",
        &[
            ("_csrf", &token),
            ("title", title),
            ("reference", reference),
            ("cpv", "34110000-1"),
            ("spend_category", "vehicles"),
            ("value", "4 800 000"),
            ("contract_start", "2027-04-01"),
            ("contract_end", "2031-03-31"),
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

fn contract(
    server: &Server,
    org: OrgId,
    title: &str,
    end: &str,
    procurement: Option<i64>,
    shared: bool,
) -> i64 {
    let store = server.store().clone();
    let input = ContractInput {
        reference: String::new(),
        title: title.to_string(),
        supplier_name: "Bilfirman AB".into(),
        supplier_orgnr: String::new(),
        start_date: Date::parse_iso("2024-01-01").unwrap(),
        end_date: Date::parse_iso(end).unwrap(),
        extension_months: 12,
        options_note: String::new(),
        value_ore: Some(250_000_000),
        cpv: "34110000-1".into(),
        category: "vehicles".into(),
        manager_user_id: None,
        procurement_id: procurement,
    };
    server.block_on(async move {
        let id = store
            .create_contract(org, &input, ContractSource::Manual, None, 1)
            .await
            .unwrap();
        if shared {
            assert!(store.set_contract_shared(org, id, true).await.unwrap());
        }
        id
    })
}

/// An organisation outside the coordinator with a user who can sign in.
fn outsider(server: &Server, db: Db) -> (OrgId, String) {
    let store = server.store().clone();
    let name = marker(db, "Utanfor kommun");
    let email = format!("upphandlare-{}@utanfor.example", common::unique());
    let email2 = email.clone();
    let org = server.block_on(async move {
        let org = store
            .create_organisation(&name, OrgKind::Kommun, "", true)
            .await
            .unwrap();
        let hash = upphandla_web::auth::hash_password(common::DEMO_PASSWORD)
            .await
            .unwrap();
        let user = store.create_user(&email2, "Utanför", &hash).await.unwrap();
        store.add_role(user, org, Role::Upphandlare).await.unwrap();
        org
    });
    (org, email)
}

fn coordinator_sees_only_shared_data_of_members(db: Db) {
    let server = server(db);
    let mut officer = server.login(OFFICER);
    let member = server.user_and_org(OFFICER).1;
    let shared_title = marker(db, "DELAD-UPPH");
    let unshared_title = marker(db, "ODELAD-UPPH");
    let shared = create(&mut officer, &shared_title, "KS 1");
    let _unshared = create(&mut officer, &unshared_title, "KS 2");
    officer
        .post_csrf(&format!("/upphandlingar/{shared}/dela"), &[("shared", "1")])
        .expect(303);
    // The contract from the shared procurement is shared with it; one more
    // shared contract in Norrby makes a joint opportunity; one unshared.
    let shared_contract = marker(db, "DELAT-AVTAL");
    let unshared_contract = marker(db, "ODELAT-AVTAL");
    let norrby_contract = marker(db, "NORRBY-AVTAL");
    contract(
        server,
        member,
        &shared_contract,
        "2027-06-30",
        Some(shared),
        false,
    );
    // Sharing again after the contract exists shares the contract too.
    officer
        .post_csrf(&format!("/upphandlingar/{shared}/dela"), &[("shared", "1")])
        .expect(303);
    contract(
        server,
        member,
        &unshared_contract,
        "2027-05-31",
        None,
        false,
    );
    contract(
        server,
        server.user_and_org(NORRBY).1,
        &norrby_contract,
        "2027-08-31",
        None,
        true,
    );
    // A non-member shares everything: the coordinator still sees none of it.
    let (outside, outside_email) = outsider(server, db);
    let outside_proc = marker(db, "UTANFOR-UPPH");
    let outside_contract = marker(db, "UTANFOR-AVTAL");
    let mut outsider_client = server.login(&outside_email);
    let op = create(&mut outsider_client, &outside_proc, "X 1");
    outsider_client
        .post_csrf(&format!("/upphandlingar/{op}/dela"), &[("shared", "1")])
        .expect(303);
    contract(server, outside, &outside_contract, "2027-06-30", None, true);

    let mut coordinator = server.login(COORDINATOR);
    let overview = coordinator.get("/samordning");
    overview.expect(200);
    assert!(
        overview.body.contains(&shared_title),
        "{}",
        snippet(&overview.body)
    );
    let joint = coordinator.get("/samordning/samverkan?fran=2027-01-01&till=2027-12-31");
    joint.expect(200);
    assert!(
        joint.body.contains(&shared_contract),
        "{}",
        snippet(&joint.body)
    );
    assert!(joint.body.contains(&norrby_contract));
    coordinator.get("/samordning/kravnivaer").expect(200);
    let crawl = common::crawl(
        &mut coordinator,
        &[
            "/samordning",
            "/samordning/samverkan?fran=2000-01-01&till=2100-12-31",
            "/samordning/kravnivaer",
            "/goda-exempel",
            "/",
        ],
        30,
        400,
    );
    assert!(crawl.pages.len() > 4);
    for (path, resp) in &crawl.pages {
        for secret in [
            &unshared_title,
            &unshared_contract,
            &outside_proc,
            &outside_contract,
        ] {
            assert!(
                !resp.body.contains(secret.as_str()),
                "{secret} shown to the coordinator on {path}"
            );
        }
    }
    // The coordinator cannot open a member's procurement by id.
    coordinator
        .get(&format!("/upphandlingar/{shared}"))
        .expect(404);

    // Unsharing withdraws the procurement and its contract.
    officer
        .post_csrf(&format!("/upphandlingar/{shared}/dela"), &[("shared", "0")])
        .expect(303);
    let overview = coordinator.get("/samordning");
    assert!(!overview.body.contains(&shared_title));
    let joint = coordinator.get("/samordning/samverkan?fran=2000-01-01&till=2100-12-31");
    assert!(!joint.body.contains(&shared_contract));
}

fn non_coordinators_get_403_and_no_menu_entry(db: Db) {
    let server = server(db);
    for email in [OFFICER, POLITICIAN, COORDINATOR_ADMIN] {
        let mut client = server.login(email);
        for path in [
            "/samordning",
            "/samordning/samverkan",
            "/samordning/kravnivaer",
        ] {
            let resp = client.get(path);
            assert_eq!(resp.status, 403, "{email} {path}: {}", snippet(&resp.body));
            assert!(
                resp.body.contains("Bara för samordnare"),
                "{}",
                snippet(&resp.body)
            );
        }
        let home = client.get("/");
        assert!(!home.body.contains("href=\"/samordning\""), "{email}");
        assert!(home.body.contains("href=\"/goda-exempel\""), "{email}");
    }
    let mut coordinator = server.login(COORDINATOR);
    let home = coordinator.get("/");
    assert!(home.body.contains("href=\"/samordning\""));
    // A bad date is an error on the page, not a failure.
    let resp = coordinator.get("/samordning/samverkan?fran=2027-13-45&till=x");
    resp.expect(200);
    assert!(resp.body.contains("Från-datumet kunde inte läsas"));
    assert!(resp.body.contains("Till-datumet kunde inte läsas"));
    let resp = coordinator.get("/samordning/samverkan?fran=2028-01-01&till=2027-01-01");
    assert!(resp.body.contains("ligger före"));
}

fn only_editors_of_the_organisation_share(db: Db) {
    let server = server(db);
    let member = server.user_and_org(OFFICER).1;
    let mut officer = server.login(OFFICER);
    let id = create(&mut officer, &marker(db, "Dela-behorighet"), "KS 3");
    let page = officer.get(&format!("/upphandlingar/{id}"));
    assert!(page.body.contains(&format!("/upphandlingar/{id}/dela")));
    let share_page = officer.get(&format!("/upphandlingar/{id}/dela"));
    share_page.expect(200);
    assert!(share_page.body.contains("Energikontor Demoland"));
    assert!(share_page.body.contains("Det här delas aldrig"));
    let mut politician = server.login(POLITICIAN);
    politician
        .get(&format!("/upphandlingar/{id}/dela"))
        .expect(200);
    politician
        .post_csrf(&format!("/upphandlingar/{id}/dela"), &[("shared", "1")])
        .expect(403);
    let mut norrby = server.login(NORRBY);
    norrby.get(&format!("/upphandlingar/{id}/dela")).expect(404);
    norrby
        .post_csrf(&format!("/upphandlingar/{id}/dela"), &[("shared", "1")])
        .expect(404);
    let store = server.store().clone();
    let shared =
        server.block_on(async move { store.procurement_shared(member, id).await.unwrap() });
    assert_eq!(shared, Some(false));
    officer
        .post_csrf(&format!("/upphandlingar/{id}/dela"), &[("shared", "1")])
        .expect(303);
    let store = server.store().clone();
    let shared =
        server.block_on(async move { store.procurement_shared(member, id).await.unwrap() });
    assert_eq!(shared, Some(true));
}

fn anonymised_examples_name_nobody_and_unpublished_ones_vanish(db: Db) {
    let server = server(db);
    let member = server.user_and_org(OFFICER).1;
    let mut officer = server.login(OFFICER);
    let reference = marker(db, "DNR");
    let title = marker(db, "Elbilar-exempel");
    let id = create(&mut officer, &marker(db, "Upphandling"), &reference);
    let publish = format!("/upphandlingar/{id}/publicera");
    let fields = |anonymised: &'static str, summary: &str| {
        vec![
            ("title", title.clone()),
            ("product_group", "fordon".to_string()),
            ("summary", summary.to_string()),
            ("lessons", "Tidig marknadsdialog.".to_string()),
            ("anonymised", anonymised.to_string()),
        ]
    };
    let send = |client: &mut Client, f: Vec<(&'static str, String)>| {
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        client.post_csrf(&publish, &f)
    };
    // Active: not yet publishable.
    let resp = send(&mut officer, fields("1", "Elbilar och förnybar el."));
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Bara en avslutad eller tilldelad"));
    let store = server.store().clone();
    server.block_on(async move {
        store
            .set_procurement_status(member, id, ProcurementStatus::Completed)
            .await
            .unwrap()
    });
    // A requisitioner may not publish.
    let mut requisitioner = server.login(REQUISITIONER);
    assert_eq!(
        send(&mut requisitioner, fields("1", "Elbilar.")).status,
        403
    );
    // Anonymised but naming the organisation or the reference: refused, input kept.
    let resp = send(&mut officer, fields("1", "Demo kommun bytte till elbilar."));
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("innehåller organisationens namn"));
    assert!(resp.body.contains("Demo kommun bytte till elbilar."));
    let resp = send(&mut officer, fields("1", &format!("Ärende {reference}.")));
    assert_eq!(resp.status, 422);
    // Missing fields are tied to them.
    let resp = officer.post_csrf(&publish, &[("anonymised", "1")]);
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Skriv en rubrik"));
    assert!(resp.body.contains("Välj en produktgrupp"));
    send(&mut officer, fields("1", "Elbilar och förnybar el.")).expect(303);

    let mut norrby = server.login(NORRBY);
    let baseline = norrby.get("/goda-exempel?q=inget-som-finns");
    assert!(!baseline.body.contains(DEMO_KOMMUN), "the layout names it");
    let list = norrby.get(&format!("/goda-exempel?grupp=fordon&q={title}"));
    list.expect(200);
    // The search box repeats the text: look for the link.
    assert!(
        list.body.contains(&format!(">{title}</a>")),
        "{}",
        snippet(&list.body)
    );
    assert!(list.body.contains("Anonym kommun/region"));
    let example_id = example_id(&list.body);
    let page = norrby.get(&format!("/goda-exempel/{example_id}"));
    page.expect(200);
    // Exact contract dates could be matched against contract notices: years only.
    assert!(page.body.contains("2027 – 2031"), "{}", snippet(&page.body));
    for secret in [
        DEMO_KOMMUN,
        reference.as_str(),
        "Bilfirman",
        "upphandlare@",
        "2027-04-01",
    ] {
        assert!(
            !page.body.contains(secret),
            "{secret} on the anonymised page"
        );
        assert!(!list.body.contains(secret), "{secret} on the list");
    }
    assert!(page.body.contains("Anonym kommun/region"));
    // Named: the name shows.
    send(&mut officer, fields("0", "Elbilar och förnybar el.")).expect(303);
    let page = norrby.get(&format!("/goda-exempel/{example_id}"));
    assert!(page.body.contains(DEMO_KOMMUN));
    // Unpublished: gone for everybody else.
    officer
        .post_csrf(&format!("{publish}/ta-bort"), &[])
        .expect(303);
    norrby
        .get(&format!("/goda-exempel/{example_id}"))
        .expect(404);
    let list = norrby.get(&format!("/goda-exempel?q={title}"));
    assert!(!list.body.contains(&format!(">{title}</a>")));
    assert!(!list.body.contains(&format!("/goda-exempel/{example_id}\"")));
    // Another organisation cannot publish or unpublish it.
    assert_eq!(send(&mut norrby, fields("0", "x")).status, 404);
}

/// The id of the first example linked on a list page.
fn example_id(body: &str) -> i64 {
    body.split("href=\"/goda-exempel/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no example link: {}", snippet(body)))
}
