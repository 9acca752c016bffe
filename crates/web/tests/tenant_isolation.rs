//! One organisation never sees or changes another's data, walked over every
//! route the pages link to, on SQLite and on PostgreSQL.
//!
//! Organisation A (Norrby, demo) gets records with unmistakable names. Its
//! users crawl every same-site link and record every form; each URL with a
//! record id is then requested by organisation B's users (Demo kommun):
//! GETs and, for forms, POSTs with B's own valid CSRF token. Each must be
//! refused with 403 or 404 — never a 2xx/3xx, never a 5xx — and none of B's
//! pages may name A's records. The JSON API is walked the same way from its
//! OpenAPI document with B's token. The coordinator sees A's import only
//! once A shares it.

mod common;

use common::demo_server as demo;

use std::collections::BTreeSet;

use common::{Client, Crawl, Db, Form, Server, snippet};
use upphandla_store::{ModelKind, OrgId};

const A_USERS: [&str; 2] = ["upphandlare@norrby.example", "admin@norrby.example"];
const B_USERS: [&str; 2] = ["upphandlare@demokommun.example", "admin@demokommun.example"];
const A_POLITICIAN: &str = "politiker@norrby.example";
const COORDINATOR: &str = "samordnare@energikontor.example";

on_both_databases!(
    another_organisation_is_refused_every_record,
    another_organisation_is_refused_in_the_api,
    coordinator_sees_only_what_members_share,
    shared_models_reach_the_coordinator_only,
    politician_reads_but_cannot_change,
);

/// A's records that only A may see; the names are searched for in B's pages.
struct Secrets {
    org: OrgId,
    import: i64,
    import_name: String,
    /// A copy of one of A's LCC models (when the demo has one), renamed.
    model: Option<(i64, String)>,
    token_name: String,
    /// One of A's procurements, with a team member and a chosen criterion.
    procurement: (i64, String),
}

impl Secrets {
    fn names(&self) -> Vec<&str> {
        let mut names = vec![
            self.import_name.as_str(),
            self.token_name.as_str(),
            self.procurement.1.as_str(),
        ];
        if let Some((_, name)) = &self.model {
            names.push(name);
        }
        names
    }
}

/// Creates A's secret records through the same code the pages use.
fn plant_secrets(server: &Server, tag: &str) -> Secrets {
    let (user, org) = server.user_and_org(A_USERS[1]);
    let store = server.store().clone();
    let import_name = format!("Hemlig Norrby-import {tag}");
    let model_name = format!("Hemlig Norrby-kalkyl {tag}");
    let token_name = format!("Hemlig Norrby-nyckel {tag}");
    let procurement_title = format!("Hemlig Norrby-upphandling {tag}");
    let token_hash = upphandla_web::auth::token_hash(&upphandla_web::auth::random_token());
    let (import, model, procurement) = {
        let import_name = import_name.clone();
        let token_name = token_name.clone();
        let procurement_title = procurement_title.clone();
        server.block_on(async move {
            let import = upphandla_web::spend_import::import(
                &store,
                upphandla_web::spend_import::ImportRequest {
                    org,
                    user: Some(user),
                    name: import_name,
                    file_name: "norrby-hemlig.csv".into(),
                    bytes: upphandla_web::spend_import::scaled_demo_ledger(60),
                    demo: true,
                },
            )
            .await
            .expect("A's import");
            let mut model = None;
            if let Some(first) = store.models(org, ModelKind::Lcc).await.unwrap().first() {
                let row = store.model(org, first.id).await.unwrap().unwrap();
                let id = store
                    .create_model(
                        org,
                        ModelKind::Lcc,
                        &model_name,
                        &row.summary.template,
                        &row.content,
                        Some(user),
                        true,
                    )
                    .await
                    .unwrap();
                model = Some((id, model_name));
            }
            store
                .create_api_token(org, user, &token_name, &token_hash)
                .await
                .unwrap();
            let procurement = store
                .create_procurement(
                    org,
                    &upphandla_store::ProcurementInput {
                        title: procurement_title,
                        cpv_codes: vec!["34110000-1".into()],
                        ..Default::default()
                    },
                    Some(user),
                    false,
                )
                .await
                .unwrap();
            store
                .add_team_member(org, procurement, user, upphandla_store::Role::Upphandlare)
                .await
                .unwrap();
            store
                .add_procurement_criterion(org, procurement, "fordon-ts-miljobil", 1, user)
                .await
                .unwrap();
            (import, model, procurement)
        })
    };
    Secrets {
        org,
        import,
        import_name,
        model,
        token_name,
        procurement: (procurement, procurement_title),
    }
}

/// Everything A's users reach: pages and forms.
fn crawl_as(server: &Server, emails: &[&str]) -> (Vec<Client>, Crawl) {
    let mut all = Crawl::default();
    let mut clients = Vec::new();
    for email in emails {
        let mut client = server.login(email);
        let crawl = common::crawl(&mut client, &["/"], 3, 400);
        all.pages.extend(crawl.pages);
        all.forms.extend(crawl.forms);
        clients.push(client);
    }
    (clients, all)
}

fn is_html(resp: &common::Resp) -> bool {
    resp.header("content-type")
        .is_some_and(|c| c.starts_with("text/html") || c.starts_with("application/json"))
}

/// The status B may get for A's record: refused, and nothing else.
fn assert_refused(status: u16, what: &str, body: &str) {
    assert!(
        status == 403 || status == 404,
        "{what} gave {status}, expected 403 or 404: {}",
        snippet(body)
    );
}

/// Posts `form` with `token` in the body (or, for multipart, in the action).
fn submit(client: &mut Client, form: &Form, token: &str) -> common::Resp {
    let fields: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter(|(k, _, kind)| k != "_csrf" && kind != "file" && kind != "button")
        .map(|(k, v, _)| (k.as_str(), v.as_str()))
        .collect();
    let action = strip_csrf(&form.action);
    if form.enctype.starts_with("multipart/") {
        let sep = if action.contains('?') { '&' } else { '?' };
        client.post_multipart(&format!("{action}{sep}_csrf={token}"), &fields, None)
    } else {
        let mut all = fields;
        all.push(("_csrf", token));
        client.post_form(&action, &all)
    }
}

fn strip_csrf(action: &str) -> String {
    match action.split_once('?') {
        Some((path, query)) => {
            let rest: Vec<&str> = query
                .split('&')
                .filter(|kv| !kv.starts_with("_csrf="))
                .collect();
            if rest.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", rest.join("&"))
            }
        }
        None => action.to_string(),
    }
}

/// Paths of the session, language and sign-in, which belong to no organisation.
fn organisation_free(action: &str) -> bool {
    ["/logout", "/org", "/login", "/lang/"].iter().any(|p| {
        action == *p || action.starts_with(&format!("{p}?")) || action.starts_with("/lang/")
    })
}

fn another_organisation_is_refused_every_record(db: Db) {
    let server = demo(db);
    let secrets = plant_secrets(server, &format!("{db:?}-sidor"));
    let (_, a) = crawl_as(server, &A_USERS);
    let (mut b_clients, b) = crawl_as(server, &B_USERS);

    // URLs B reached on its own are B's (or nobody's): not A's records.
    let b_urls: BTreeSet<&str> = b.pages.iter().map(|(p, _)| p.as_str()).collect();
    let b_actions: BTreeSet<String> = b.post_forms().map(|(_, f)| strip_csrf(&f.action)).collect();
    // Only URLs that work for A: a refusal of a broken URL would prove nothing.
    let a_urls: BTreeSet<&str> = a
        .pages
        .iter()
        .filter(|(_, r)| r.status == 200)
        .map(|(p, _)| p.as_str())
        .filter(|p| common::has_id(p) && !b_urls.contains(p) && !organisation_free(p))
        .collect();
    assert!(
        a_urls.len() >= 10,
        "too few of A's record URLs found: {a_urls:?}"
    );
    let a_forms: Vec<&(String, Form)> = a
        .post_forms()
        .filter(|(_, f)| {
            let action = strip_csrf(&f.action);
            common::has_id(&action) && !b_actions.contains(&action) && !organisation_free(&action)
        })
        .collect();

    // The crawl did reach A's records wherever the pages exist.
    let reached = |needle: &str| a_urls.iter().any(|u| u.contains(needle));
    if a.pages
        .iter()
        .any(|(p, r)| p == "/spend" && r.status == 200)
    {
        assert!(
            reached(&format!("/{}", secrets.import)),
            "A's import {} was not reached from /spend: {a_urls:?}",
            secrets.import
        );
    }
    if let Some((id, _)) = &secrets.model
        && a.pages.iter().any(|(p, r)| p == "/lcc" && r.status == 200)
    {
        assert!(reached(&format!("/{id}")), "A's model {id}: {a_urls:?}");
    }
    if a.pages
        .iter()
        .any(|(p, r)| p == "/upphandlingar" && r.status == 200)
    {
        let id = secrets.procurement.0;
        assert!(
            reached(&format!("/upphandlingar/{id}")),
            "A's procurement {id}: {a_urls:?}"
        );
    }

    let mut refused = 0;
    for client in b_clients.iter_mut() {
        let token = client.csrf();
        for url in &a_urls {
            let resp = client.get(url);
            assert_refused(resp.status, &format!("B's GET {url}"), &resp.body);
            refused += 1;
        }
        for (page, form) in &a_forms {
            let resp = submit(client, form, &token);
            assert_refused(
                resp.status,
                &format!("B's POST {} (form on A's {page})", form.action),
                &resp.body,
            );
            refused += 1;
        }
    }
    eprintln!(
        "{db:?}: {} of A's URLs and {} of A's forms refused to B ({refused} requests)",
        a_urls.len(),
        a_forms.len()
    );

    // Nothing of A's on any page B reaches, and A's records are whole.
    for (path, resp) in &b.pages {
        if !is_html(resp) {
            continue;
        }
        for name in secrets.names() {
            assert!(
                !resp.body.contains(name),
                "B's page {path} shows A's record {name:?}"
            );
        }
        assert!(
            !resp.body.contains("Norrby"),
            "B's page {path} names organisation A"
        );
    }
    let store = server.store().clone();
    let (org, import) = (secrets.org, secrets.import);
    let model = secrets.model.as_ref().map(|(id, _)| *id);
    let (procurement, procurement_title) = secrets.procurement.clone();
    server.block_on(async move {
        let p = store.procurement(org, procurement).await.unwrap();
        assert!(
            p.is_some_and(|p| p.title == procurement_title
                && p.stage == "behovsanalys"
                && p.status == upphandla_store::ProcurementStatus::Active),
            "A's procurement intact"
        );
        assert_eq!(
            store
                .procurement_criteria(org, procurement)
                .await
                .unwrap()
                .len(),
            1,
            "A's chosen criteria intact"
        );
        assert_eq!(
            store
                .procurement_team(org, procurement)
                .await
                .unwrap()
                .len(),
            1
        );
        let row = store.import(org, import).await.unwrap();
        assert!(row.is_some_and(|r| !r.summary.shared), "A's import intact");
        if let Some(id) = model {
            assert!(
                store
                    .model(org, id)
                    .await
                    .unwrap()
                    .is_some_and(|m| !m.summary.shared)
            );
        }
        assert!(
            store
                .api_tokens(org)
                .await
                .unwrap()
                .iter()
                .all(|t| t.revoked_at.is_none()),
            "A's tokens not revoked"
        );
    });
    // And B's own record pages still answer B.
    for (path, resp) in b.pages.iter().filter(|(p, _)| common::has_id(p)).take(20) {
        assert!(resp.status < 500, "{path}");
    }
}

/// A bearer token for `email` in their first organisation.
fn api_token(server: &Server, email: &str) -> String {
    let (user, org) = server.user_and_org(email);
    let token = format!("uph_{}", upphandla_web::auth::random_token());
    let hash = upphandla_web::auth::token_hash(&token);
    let store = server.store().clone();
    server.block_on(async move {
        store
            .create_api_token(org, user, "tenant test", &hash)
            .await
            .unwrap()
    });
    token
}

fn api(client: &mut Client, token: &str, method: &str, path: &str) -> common::Resp {
    let auth = format!("Bearer {token}");
    let body =
        matches!(method, "POST" | "PUT" | "PATCH").then(|| ("application/json", b"{}".to_vec()));
    client.request(method, path, &[("authorization", &auth)], body)
}

fn another_organisation_is_refused_in_the_api(db: Db) {
    let server = demo(db);
    let mut client = server.client();
    let spec = client.get("/api/openapi.json");
    if spec.status == 404 {
        eprintln!("no /api/openapi.json yet: API isolation not checked");
        return;
    }
    spec.expect(200);
    let doc: serde_json::Value = serde_json::from_str(&spec.body).unwrap();
    let secrets = plant_secrets(server, &format!("{db:?}-api"));
    let a_token = api_token(server, A_USERS[1]);
    let b_token = api_token(server, B_USERS[1]);

    // Which of A's ids each path parameter takes.
    let mut ids: Vec<(&str, i64)> = vec![("imports", secrets.import)];
    if let Some((model, _)) = &secrets.model {
        ids.push(("models", *model));
    }
    ids.push(("results", secrets.procurement.0));
    let (store, org) = (server.store().clone(), secrets.org);
    let contracts = server
        .block_on(async move { store.contracts(org).await })
        .unwrap();
    ids.push((
        "contracts",
        contracts.first().expect("A's demo contract").id,
    ));
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if !path.contains("{id}") {
            continue;
        }
        let Some((_, id)) = ids
            .iter()
            .find(|(segment, _)| path.contains(&format!("/{segment}/")))
        else {
            panic!("the API path {path} takes an id this test does not know: add it");
        };
        let concrete = path.replace("{id}", &id.to_string());
        for method in ops.as_object().unwrap().keys() {
            let m = method.to_ascii_uppercase();
            if !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&m.as_str()) {
                continue;
            }
            let resp = api(&mut client, &b_token, &m, &concrete);
            assert_refused(
                resp.status,
                &format!("B's token {m} {concrete}"),
                &resp.body,
            );
            checked += 1;
            if m == "GET" {
                // The id is right: A's own token reads it.
                let own = api(&mut client, &a_token, "GET", &concrete);
                assert_eq!(
                    own.status,
                    200,
                    "A's token GET {concrete}: {}",
                    snippet(&own.body)
                );
            }
        }
    }
    assert!(checked > 0, "no API path with an id was checked");
    // B's lists hold nothing of A's.
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if path.contains('{') || !path.starts_with("/api/v1/") || ops.get("get").is_none() {
            continue;
        }
        let resp = api(&mut client, &b_token, "GET", path);
        assert!(resp.status < 500, "GET {path}: {}", resp.status);
        for name in secrets.names() {
            assert!(!resp.body.contains(name), "B's GET {path} shows {name:?}");
        }
        assert!(!resp.body.contains("Norrby"), "B's GET {path} names A");
    }
    // Nothing was deleted.
    let store = server.store().clone();
    let (org, import) = (secrets.org, secrets.import);
    server.block_on(async move {
        assert!(store.import(org, import).await.unwrap().is_some());
    });
}

fn coordinator_sees_only_what_members_share(db: Db) {
    let server = demo(db);
    let secrets = plant_secrets(server, &format!("{db:?}-samordnare"));
    let shown = |client: &mut Client| -> bool {
        let crawl = common::crawl(client, &["/"], 2, 120);
        crawl
            .pages
            .iter()
            .any(|(_, r)| r.body.contains(&secrets.import_name))
    };
    let mut coordinator = server.login(COORDINATOR);
    assert!(!shown(&mut coordinator), "not shared yet");
    let import_page = format!("/spend/{}", secrets.import);
    let resp = coordinator.get(&import_page);
    assert_refused(
        resp.status,
        &format!("coordinator GET {import_page}"),
        &resp.body,
    );
    let coordinator_token = api_token(server, COORDINATOR);
    let shared_api = "/api/v1/shared/imports";
    let before = api(&mut coordinator, &coordinator_token, "GET", shared_api);
    if before.status != 404 {
        assert!(!before.body.contains(&secrets.import_name));
    }

    // A shares it: through the page's form when there is one.
    let mut a = server.login(A_USERS[0]);
    let page = a.get(&import_page);
    let share = common::forms(&page.body, &import_page)
        .into_iter()
        .find(|f| f.method == "POST" && f.action.contains("share"));
    match share {
        Some(mut form) => {
            // A checkbox or select that says "share": turn it on.
            for (name, value, _) in form.fields.iter_mut() {
                if name == "shared" || name == "share" {
                    *value = "1".into();
                }
            }
            if form.field("shared").is_none() && form.field("share").is_none() {
                form.fields
                    .push(("shared".into(), "1".into(), "hidden".into()));
            }
            let token = a.csrf();
            let resp = submit(&mut a, &form, &token);
            assert!(
                resp.status == 303 || resp.status == 200,
                "A's share: {} {}",
                resp.status,
                snippet(&resp.body)
            );
            eprintln!("{db:?}: shared through {} ({:?})", form.action, form.fields);
        }
        None => {
            eprintln!("{db:?}: no share form on {import_page}: shared through the store");
            let store = server.store().clone();
            let (org, import) = (secrets.org, secrets.import);
            server.block_on(async move {
                assert!(store.set_import_shared(org, import, true).await.unwrap());
            });
        }
    }
    let store = server.store().clone();
    let (org, import) = (secrets.org, secrets.import);
    let is_shared = server.block_on(async move {
        store
            .import(org, import)
            .await
            .unwrap()
            .unwrap()
            .summary
            .shared
    });
    assert!(is_shared, "the share form shared the import");

    assert!(
        shown(&mut coordinator),
        "the coordinator sees the shared import"
    );
    let after = api(&mut coordinator, &coordinator_token, "GET", shared_api);
    if after.status != 404 {
        after.expect(200);
        assert!(
            after.body.contains(&secrets.import_name),
            "{}",
            snippet(&after.body)
        );
    }
    // Another municipality still does not.
    let mut b = server.login(B_USERS[0]);
    assert!(!shown(&mut b), "B does not see A's shared import");
    for path in [
        import_page.clone(),
        format!("{import_page}/lines"),
        format!("{import_page}/report.csv"),
    ] {
        let resp = b.get(&path);
        assert_refused(
            resp.status,
            &format!("B GET {path} after sharing"),
            &resp.body,
        );
    }
    // The coordinator reads the shared import's results.
    coordinator.get(&import_page).expect(200);
    // The coordinator cannot change it.
    let token = coordinator.csrf();
    for action in [
        format!("/spend/{}/share", secrets.import),
        format!("/spend/{}/delete", secrets.import),
        format!("/spend/{}/reanalyse", secrets.import),
    ] {
        let resp = coordinator.post_form(
            &action,
            &[("_csrf", &token), ("share", "0"), ("shared", "0")],
        );
        assert_refused(
            resp.status,
            &format!("coordinator POST {action}"),
            &resp.body,
        );
    }
}

fn politician_reads_but_cannot_change(db: Db) {
    let server = demo(db);
    let (_, a) = crawl_as(server, &A_USERS[..1]);
    let mut politician = server.login(A_POLITICIAN);
    let token = politician.csrf();
    // Reading works.
    for path in ["/", "/spend", "/lcc", "/evaluation", "/factors"] {
        let resp = politician.get(path);
        assert!(
            resp.status == 200 || resp.status == 404,
            "politician GET {path}: {}",
            resp.status
        );
    }
    let mut refused = Vec::new();
    for (page, form) in a.post_forms() {
        let action = strip_csrf(&form.action);
        if organisation_free(&action) {
            continue;
        }
        let resp = submit(&mut politician, form, &token);
        assert_eq!(
            resp.status,
            403,
            "politician POST {} (form on {page}): {}",
            form.action,
            snippet(&resp.body)
        );
        refused.push(action);
    }
    eprintln!("{db:?}: politician refused on {refused:?}");
}

/// A's LCC model, shared through its page, opens for the coordinator under
/// `/lcc/shared/ID` and for nobody else; before sharing, not even for it.
fn shared_models_reach_the_coordinator_only(db: Db) {
    let server = demo(db);
    let secrets = plant_secrets(server, &format!("{db:?}-modell"));
    let Some((model, name)) = &secrets.model else {
        eprintln!("the demo has no LCC model: shared models not checked");
        return;
    };
    let shared_path = format!("/lcc/shared/{model}");
    let own_path = format!("/lcc/{model}");
    let mut coordinator = server.login(COORDINATOR);
    let mut b = server.login(B_USERS[0]);
    for (who, client) in [("coordinator", &mut coordinator), ("B", &mut b)] {
        for path in [&shared_path, &own_path] {
            let resp = client.get(path);
            assert_refused(
                resp.status,
                &format!("{who} GET {path} before sharing"),
                &resp.body,
            );
        }
    }

    let mut a = server.login(A_USERS[0]);
    let page = a.get(&own_path);
    page.expect(200);
    let form = common::forms(&page.body, &own_path)
        .into_iter()
        .find(|f| f.method == "POST" && f.action.ends_with("/share"))
        .unwrap_or_else(|| panic!("no share form on {own_path}"));
    let token = a.csrf();
    let resp = submit(&mut a, &form, &token);
    assert!(
        resp.status == 303,
        "A shares: {} {}",
        resp.status,
        snippet(&resp.body)
    );

    let resp = coordinator.get(&shared_path);
    resp.expect(200);
    assert!(resp.body.contains(name.as_str()), "{}", snippet(&resp.body));
    let resp = coordinator.get(&own_path);
    assert_refused(
        resp.status,
        &format!("coordinator GET {own_path}"),
        &resp.body,
    );
    for path in [&shared_path, &own_path] {
        let resp = b.get(path);
        assert_refused(
            resp.status,
            &format!("B GET {path} after sharing"),
            &resp.body,
        );
    }
    // The coordinator reads; it cannot change or unshare A's model.
    let token = coordinator.csrf();
    for action in [
        format!("/lcc/{model}/share"),
        format!("/lcc/{model}/delete"),
        format!("/lcc/{model}"),
    ] {
        let resp = coordinator.post_form(&action, &[("_csrf", &token), ("shared", "0")]);
        assert_refused(
            resp.status,
            &format!("coordinator POST {action}"),
            &resp.body,
        );
    }
    let resp = coordinator.get(&shared_path);
    resp.expect(200);
}
