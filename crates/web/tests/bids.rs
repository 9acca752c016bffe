//! Bids and sealing through the web application, on SQLite and PostgreSQL:
//! a whole sealed flow (call, supplier submissions without an account, the
//! refused early opening, the deadline, the opening, the LCC evaluation, the
//! award decision, the standstill and the contract) with the server's clock
//! moved forward; and sealing for every demo role on every bid URL.

mod common;

use common::{Client, Db, Resp, Server, ServerOptions, csrf_of, snippet};
use upphandla_core::money::Ore;
use upphandla_store::{ModelKind, ProcurementInput};
use upphandla_web::clock::local;

on_both_databases!(
    sealed_flow_from_call_to_contract,
    sealing_holds_for_every_role_and_route,
    value_deduction_with_the_buyers_points,
);

const DAY: i64 = 86_400;
const OFFICER: &str = "upphandlare@demokommun.example";
const MUNICIPAL_ROLES: [&str; 6] = [
    "admin",
    "upphandlare",
    "bestallare",
    "miljostrateg",
    "avtalsansvarig",
    "politiker",
];
const LCC_MODEL: &str = include_str!("../../../examples/lcc-service-cars.toml");

/// A procurement and an LCC model of the officer's organisation.
fn procurement_and_model(server: &Server, title: &str) -> (i64, i64) {
    let (user, org) = server.user_and_org(OFFICER);
    let store = server.store().clone();
    let title = title.to_string();
    server.block_on(async move {
        let input = ProcurementInput {
            title,
            ..ProcurementInput::default()
        };
        let id = store
            .create_procurement(org, &input, Some(user), false)
            .await
            .unwrap();
        let model = store
            .create_model(
                org,
                ModelKind::Lcc,
                "Tjänstebilar (anbudstest)",
                "",
                LCC_MODEL,
                Some(user),
                false,
            )
            .await
            .unwrap();
        (id, model)
    })
}

/// Sets up the call with its deadline `in_secs` from the server's now and
/// returns the submission path (`/lamna-anbud/…`) from the page that shows it once.
fn set_up_call(server: &Server, officer: &mut Client, id: i64, model: i64, in_secs: i64) -> String {
    let deadline = server.state.clock.now_unix() + in_secs;
    let (date, h, m) = local(deadline);
    let csrf = officer.csrf();
    let resp = officer.post_form(
        &format!("/upphandlingar/{id}/anbud"),
        &[
            ("_csrf", &csrf),
            ("deadline_date", &date.to_string()),
            ("deadline_time", &format!("{h:02}:{m:02}")),
            ("method", "lowest_lcc"),
            ("lcc_model", &model.to_string()),
        ],
    );
    resp.expect(200);
    let at = resp
        .body
        .find("/lamna-anbud/")
        .unwrap_or_else(|| panic!("no submission link shown: {}", snippet(&resp.body)));
    let path: String = resp.body[at..].chars().take_while(|c| *c != '"').collect();
    assert_eq!(path.len(), "/lamna-anbud/".len() + 64, "{path}");
    path
}

struct Supplier {
    name: &'static str,
    orgnr: &'static str,
    price: &'static str,
    investment: &'static str,
    carrier: &'static str,
    consumption: &'static str,
}

const ELBILAR: Supplier = Supplier {
    name: "Hemliga Elbilar i Norr AB",
    orgnr: "559123-4561",
    price: "3 351 234",
    investment: "335 000",
    carrier: "el",
    consumption: "0,18",
};
const BENSINBILAR: Supplier = Supplier {
    name: "Hemliga Bensinbilar AB",
    orgnr: "5567037485",
    price: "2 498 765,50",
    investment: "250000",
    carrier: "bensin",
    consumption: "0,065",
};

const DIESELBILAR: Supplier = Supplier {
    name: "Hemliga Dieselbilar AB",
    orgnr: "559876-5435",
    price: "1 999 999",
    investment: "200000",
    carrier: "hvo",
    consumption: "0,055",
};

/// What must not appear anywhere before the opening.
const SECRETS: [&str; 11] = [
    "Hemliga Dieselbilar",
    "559876-5435",
    "1 999 999",
    "Hemliga Elbilar",
    "Hemliga Bensinbilar",
    "559123-4561",
    "556703-7485",
    "3 351 234",
    "3351234",
    "2 498 765",
    "2498765",
];

fn assert_no_secrets(resp: &Resp, what: &str) {
    for s in SECRETS {
        assert!(
            !resp.body.contains(s),
            "{what} ({}) shows {s:?} before the opening: {}",
            resp.status,
            snippet(&resp.body)
        );
    }
    assert!(
        !resp.body.contains("⟨saknad text⟩"),
        "{what}: a text key is missing"
    );
}

/// A supplier without an account submits through the link; returns the POST's response.
fn submit(server: &Server, link: &str, s: &Supplier) -> Resp {
    let mut client = server.client();
    let form = client.get(link);
    form.expect(200);
    let csrf = csrf_of(&form.body).expect("the bid form has a CSRF token");
    client.post_form(
        link,
        &[
            ("_csrf", &csrf),
            ("supplier_name", s.name),
            ("supplier_orgnr", s.orgnr),
            ("contact", "anbud@example.se"),
            ("price", s.price),
            ("investment", s.investment),
            ("carrier", s.carrier),
            ("consumption", s.consumption),
            ("maintenance", "5 000"),
            ("residual", "90 000"),
            ("note", "Leverans inom åtta veckor."),
        ],
    )
}

/// Submits and follows to the receipt; returns the receipt code.
fn submit_ok(server: &Server, link: &str, s: &Supplier) -> String {
    let resp = submit(server, link, s);
    resp.expect(303);
    let location = resp.location().unwrap().to_string();
    assert!(location.starts_with(link), "{location}");
    let code = location
        .split("kvitto=")
        .nth(1)
        .and_then(|r| r.split('&').next())
        .unwrap()
        .to_string();
    let receipt = server.client().get(&location);
    receipt.expect(200);
    assert!(receipt.body.contains(&code));
    assert!(receipt.body.contains("Anbudet är mottaget"));
    // The receipt page repeats nothing of the bid.
    assert_no_secrets(&receipt, "the receipt page");
    code
}

fn audit_actions(server: &Server) -> Vec<(String, String)> {
    server
        .audit_all()
        .into_iter()
        .map(|(_, a, d)| (a, d))
        .collect()
}

fn sealed_flow_from_call_to_contract(db: Db) {
    // Its own server: this test moves the server's clock.
    let server = Server::start(ServerOptions::new(db));
    let (id, model) = procurement_and_model(&server, "Tjänstebilar, anbudsflöde");
    let base = format!("/upphandlingar/{id}/anbud");
    let mut officer = server.login(OFFICER);
    let page = officer.get(&base);
    page.expect(200);
    assert!(page.body.contains("Ingen anbudsinbjudan"));

    // A deadline in the past is refused and nothing is set up.
    let csrf = officer.csrf();
    let past = officer.post_form(
        &base,
        &[
            ("_csrf", &csrf),
            ("deadline_date", "2020-01-01"),
            ("deadline_time", "12:00"),
            ("method", "lowest_lcc"),
            ("lcc_model", &model.to_string()),
        ],
    );
    past.expect(422);
    assert!(past.body.contains("framtiden"), "{}", snippet(&past.body));

    let link = set_up_call(&server, &mut officer, id, model, 2 * DAY);

    // A wrong orgnr is refused with the field named; nothing stored.
    let bad = Supplier {
        orgnr: "559123-4562",
        ..ELBILAR
    };
    let resp = submit(&server, &link, &bad);
    resp.expect(422);
    assert!(resp.body.contains("kontrollsiffran"));
    assert!(resp.body.contains("aria-invalid=\"true\""));

    let first = submit_ok(&server, &link, &ELBILAR);
    let second = submit_ok(&server, &link, &BENSINBILAR);
    assert_ne!(first, second);
    let third = submit_ok(&server, &link, &DIESELBILAR);

    // The officer sees the receipts and nothing else.
    let page = officer.get(&base);
    page.expect(200);
    assert!(
        page.body.contains(&first) && page.body.contains(&second) && page.body.contains(&third)
    );
    assert_no_secrets(&page, "the officer's sealed page");

    // Opening before the deadline: refused with a clear message.
    let csrf = officer.csrf();
    let early = officer.post_form(&format!("{base}/oppna"), &[("_csrf", &csrf)]);
    early.expect(409);
    assert!(
        early
            .body
            .contains("kan inte öppnas förrän sista anbudstid")
    );
    assert_no_secrets(&early, "the refused opening");

    // After the deadline: the link refuses and stores nothing.
    server.state.clock.advance(2 * DAY + 60);
    let closed = server.client().get(&link);
    closed.expect(410);
    assert!(closed.body.contains("Anbudstiden har gått ut"));
    let late = Supplier {
        name: "Sen Leverantör AB",
        ..ELBILAR
    };
    // The form was fetched before the deadline; the POST comes after it.
    let mut client = server.client();
    let csrf = csrf_of(&client.get("/login").body).unwrap();
    let resp = client.post_form(
        &link,
        &[
            ("_csrf", &csrf),
            ("supplier_name", late.name),
            ("supplier_orgnr", late.orgnr),
            ("price", late.price),
        ],
    );
    resp.expect(410);

    // Other roles may not open.
    for role in ["bestallare", "miljostrateg", "avtalsansvarig", "politiker"] {
        let mut c = server.login(&format!("{role}@demokommun.example"));
        let csrf = c.csrf();
        c.post_form(&format!("{base}/oppna"), &[("_csrf", &csrf)])
            .expect(403);
    }
    let csrf = officer.csrf();
    officer
        .post_form(&format!("{base}/oppna"), &[("_csrf", &csrf)])
        .expect(303);
    let opened = officer.get(&base);
    opened.expect(200);
    assert!(opened.body.contains("Hemliga Elbilar i Norr AB"));
    assert!(opened.body.contains("3 351 234,00"));
    assert!(
        !opened.body.contains("Sen Leverantör"),
        "the late bid was stored"
    );

    // Examination: the diesel bid (the cheapest) is left out with a reason.
    let diesel_id = opened
        .body
        .split("name=\"bid\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .nth(2)
        .expect("an examination form per bid");
    let csrf = officer.csrf();
    officer
        .post_form(
            &format!("{base}/provning"),
            &[
                ("_csrf", &csrf),
                ("bid", &diesel_id),
                ("reason", " "),
                ("action", "exclude"),
            ],
        )
        .expect(422);
    officer
        .post_form(
            &format!("{base}/provning"),
            &[
                ("_csrf", &csrf),
                ("bid", &diesel_id),
                ("reason", "Uppfyller inte skall-kravet på utsläpp"),
                ("action", "exclude"),
            ],
        )
        .expect(303);
    let examined = officer.get(&base);
    assert!(
        examined
            .body
            .contains("Uppfyller inte skall-kravet på utsläpp")
    );
    // A role that reads bids may not examine them.
    let mut requisitioner = server.login("bestallare@demokommun.example");
    let csrf_r = requisitioner.csrf();
    requisitioner
        .post_form(
            &format!("{base}/provning"),
            &[
                ("_csrf", &csrf_r),
                ("bid", &diesel_id),
                ("action", "include"),
            ],
        )
        .expect(403);

    // Evaluation on LCC: the electric car wins despite the higher price.
    let csrf = officer.csrf();
    officer
        .post_form(&format!("{base}/utvardering"), &[("_csrf", &csrf)])
        .expect(303);
    let evaluation = officer.get(&format!("{base}/utvardering"));
    evaluation.expect(200);
    assert!(evaluation.body.contains("Vinnare"));
    assert!(
        evaluation
            .body
            .contains("Så fick varje anbud sitt resultat")
    );
    assert!(evaluation.body.contains("Bensinbil – Referens"));
    // The web report points to the model download, not to a command; amount
    // headers are right-aligned like their cells; rows in rank order.
    assert!(!evaluation.body.contains("upphandla lcc"));
    assert!(evaluation.body.contains("anbudens-lcc.toml\">"));
    assert!(
        evaluation
            .body
            .contains("<th scope=\"col\" class=\"n\">LCC (kr)</th>"),
        "{}",
        snippet(&evaluation.body)
    );
    let scores = evaluation
        .body
        .split("<caption>Så fick varje anbud sitt resultat</caption>")
        .nth(1)
        .unwrap();
    let first_row = scores.split("<th scope=\"row\">").nth(1).unwrap();
    assert!(
        first_row.starts_with(ELBILAR.name),
        "the winner first: {first_row:.80}"
    );
    let model = officer.get(&format!("{base}/anbudens-lcc.toml"));
    model.expect(200);
    assert!(model.body.contains("[[alternatives]]"), "{}", model.body);
    let json = officer.get(&format!("{base}/utvardering.json"));
    json.expect(200);
    let run: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let winner = run["evaluation"]["winner"].as_str().unwrap().to_string();
    let winner_name = run["tender"]["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == winner.as_str())
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(winner_name, ELBILAR.name);
    assert_eq!(
        run["tender"]["bids"].as_array().unwrap().len(),
        2,
        "the excluded bid is not evaluated"
    );
    officer.get(&format!("{base}/utvardering.xlsx")).expect(200);

    // The award: reasons are required; the winner is preselected.
    let award_page = officer.get(&format!("{base}/tilldelning"));
    award_page.expect(200);
    let winner_id: i64 = winner[1..].parse().unwrap();
    assert!(
        award_page
            .body
            .contains(&format!("value=\"{winner_id}\" checked")),
        "{}",
        snippet(&award_page.body)
    );
    assert!(
        !award_page.body.contains(&format!("value=\"{diesel_id}\"")),
        "the excluded bid is offered as winner"
    );
    let csrf = officer.csrf();
    officer
        .post_form(
            &format!("{base}/tilldelning"),
            &[
                ("_csrf", &csrf),
                ("bid", &winner_id.to_string()),
                ("reasons", " "),
            ],
        )
        .expect(422);
    officer
        .post_form(
            &format!("{base}/tilldelning"),
            &[
                ("_csrf", &csrf),
                ("bid", &winner_id.to_string()),
                ("reasons", "Lägst livscykelkostnad enligt utvärderingen."),
            ],
        )
        .expect(303);
    let (_, org) = server.user_and_org(OFFICER);
    let store = server.store().clone();
    let award = server
        .block_on(async move { store.award(org, id).await })
        .unwrap()
        .unwrap();
    assert_eq!(award.supplier_name, ELBILAR.name);
    assert_eq!(award.price, Ore(335_123_400));
    let (winner_kg, reference_kg) = (
        award.winner_kg_co2e.unwrap(),
        award.reference_kg_co2e.unwrap(),
    );
    assert!(
        winner_kg < reference_kg / 5.0,
        "{winner_kg} vs {reference_kg}"
    );
    assert!(award.winner_kwh.unwrap() < award.reference_kwh.unwrap());

    // Notice today; the standstill runs ten days (to a working day).
    let today = server.state.clock.today();
    let csrf = officer.csrf();
    officer
        .post_form(
            &format!("{base}/underrattelse"),
            &[("_csrf", &csrf), ("notice_sent", &today.to_string())],
        )
        .expect(303);
    let end = upphandla_core::process::standstill_end(today);
    let page = officer.get(&format!("{base}/tilldelning"));
    assert!(page.body.contains(&end.to_string()));
    // A contract during the standstill: refused with the end date.
    let early = officer.post_form(
        &format!("{base}/avtal"),
        &[("_csrf", &csrf), ("contract_signed", &today.to_string())],
    );
    early.expect(422);
    assert!(early.body.contains("avtalsspärren löper till och med"));
    assert!(early.body.contains(&end.to_string()));
    // The decision form on the refused page keeps the stored reasons (a resubmit
    // would otherwise save empty ones).
    let filled =
        "aria-describedby=\"reasons-hint\">Lägst livscykelkostnad enligt utvärderingen.</textarea>";
    assert!(early.body.contains(filled), "{}", snippet(&early.body));
    let bad_notice = officer.post_form(
        &format!("{base}/underrattelse"),
        &[("_csrf", &csrf), ("notice_sent", "inte ett datum")],
    );
    bad_notice.expect(422);
    assert!(
        bad_notice.body.contains(filled),
        "{}",
        snippet(&bad_notice.body)
    );
    // After it: recorded.
    server.state.clock.advance(20 * DAY);
    let signed = server.state.clock.today();
    officer
        .post_form(
            &format!("{base}/avtal"),
            &[("_csrf", &csrf), ("contract_signed", &signed.to_string())],
        )
        .expect(303);
    let store = server.store().clone();
    let award = server
        .block_on(async move { store.award(org, id).await })
        .unwrap()
        .unwrap();
    assert_eq!(award.contract_signed, Some(signed));
    assert_eq!(award.standstill_end, Some(end));

    // The politician sees the decision, not the bids.
    let mut politician = server.login("politiker@demokommun.example");
    let page = politician.get(&base);
    page.expect(200);
    assert!(
        page.body.contains(ELBILAR.name),
        "the award decision is shown"
    );
    assert!(!page.body.contains(BENSINBILAR.name));
    politician.get(&format!("{base}/utvardering")).expect(403);

    // The log holds the receipts (without bidders), the refused and the real
    // opening, and every view of bid contents.
    let log = audit_actions(&server);
    let received: Vec<&(String, String)> =
        log.iter().filter(|(a, _)| a == "bids.received").collect();
    assert_eq!(received.len(), 3);
    for (_, detail) in &received {
        for s in SECRETS {
            assert!(!detail.contains(s), "the receipt's log line names {s}");
        }
    }
    assert!(log.iter().any(|(a, _)| a == "bids.open_refused"));
    assert_eq!(log.iter().filter(|(a, _)| a == "bids.open").count(), 1);
    let views = log.iter().filter(|(a, _)| a == "bids.view").count();
    assert!(views >= 6, "{views} views logged: {log:?}");
    for action in [
        "bids.call_create",
        "bids.exclude",
        "bids.evaluate",
        "bids.award",
        "bids.notice",
        "bids.contract_refused",
        "bids.contract",
    ] {
        assert!(
            log.iter().any(|(a, _)| a == action),
            "no {action} in the log"
        );
    }
}

/// Every page and export of the bids, and the forms that act on them.
fn bid_urls(id: i64) -> (Vec<String>, Vec<String>) {
    let base = format!("/upphandlingar/{id}/anbud");
    let gets = vec![
        base.clone(),
        format!("{base}/utvardering"),
        format!("{base}/utvardering.json"),
        format!("{base}/utvardering.xlsx"),
        format!("{base}/tilldelning"),
        format!("/upphandlingar/{id}"),
    ];
    let posts = vec![
        format!("{base}/oppna"),
        format!("{base}/provning"),
        format!("{base}/poang"),
        format!("{base}/utvardering"),
        format!("{base}/tilldelning"),
        format!("{base}/underrattelse"),
        format!("{base}/avtal"),
        format!("{base}/ny-lank"),
        base,
    ];
    (gets, posts)
}

fn sealing_holds_for_every_role_and_route(db: Db) {
    let server = common::demo_server(db);
    let (id, model) = procurement_and_model(server, "Tjänstebilar, förseglat");
    let mut officer = server.login(OFFICER);
    // A month ahead: no other test in this binary moves this server's clock.
    let link = set_up_call(server, &mut officer, id, model, 30 * DAY);
    submit_ok(server, &link, &ELBILAR);
    submit_ok(server, &link, &BENSINBILAR);
    let (gets, posts) = bid_urls(id);

    let mut logins: Vec<String> = MUNICIPAL_ROLES
        .iter()
        .map(|r| format!("{r}@demokommun.example"))
        .collect();
    logins.push("samordnare@energikontor.example".into());
    logins.push("upphandlare@norrby.example".into());
    logins.push("admin@norrby.example".into());
    for email in &logins {
        let own = email.ends_with("@demokommun.example");
        let mut client = server.login(email);
        let csrf = client.csrf();
        for url in &gets {
            let resp = client.get(url);
            assert_no_secrets(&resp, &format!("{email} GET {url}"));
            assert!(resp.status < 500, "{email} GET {url}: {}", resp.status);
            if !own {
                assert_eq!(resp.status, 404, "{email} GET {url}");
            }
        }
        let officer_role = email.starts_with("upphandlare@") || email.starts_with("admin@");
        for url in &posts {
            // An officer's own call setup and new link are real actions, not reads.
            if own && officer_role && (url.ends_with("/anbud") || url.ends_with("/ny-lank")) {
                continue;
            }
            let resp = client.post_form(
                url,
                &[
                    ("_csrf", &csrf),
                    ("bid", "1"),
                    ("reasons", "x"),
                    ("notice_sent", "2026-01-01"),
                    ("contract_signed", "2026-01-20"),
                    ("deadline_date", "2099-01-01"),
                    ("deadline_time", "12:00"),
                    ("method", "lowest_price"),
                ],
            );
            assert_no_secrets(&resp, &format!("{email} POST {url}"));
            assert!(resp.status < 500, "{email} POST {url}: {}", resp.status);
            if !own {
                assert_eq!(resp.status, 404, "{email} POST {url}");
            }
        }
        // Roles outside the officers may not open; officers are refused by the deadline.
        if own {
            let resp = client.post_form(
                &format!("/upphandlingar/{id}/anbud/oppna"),
                &[("_csrf", &csrf)],
            );
            assert_eq!(
                resp.status,
                if officer_role { 409 } else { 403 },
                "{email} opening"
            );
        }
        // Pages that gather the organisation's records show nothing either.
        for url in [
            "/",
            "/upphandlingar",
            "/admin",
            "/admin/audit",
            "/uppgifter",
        ] {
            let resp = client.get(url);
            assert_no_secrets(&resp, &format!("{email} GET {url}"));
        }
    }
    // The anonymous side: a wrong link is 404, the right one shows no bids.
    let mut anonymous = server.client();
    let wrong = format!("/lamna-anbud/{}", "0".repeat(64));
    anonymous.get(&wrong).expect(404);
    let csrf = csrf_of(&anonymous.get("/login").body).unwrap();
    anonymous
        .post_form(&wrong, &[("_csrf", &csrf), ("supplier_name", "X")])
        .expect(404);
    anonymous.get("/lamna-anbud/kort").expect(404);
    let form = anonymous.get(&link);
    form.expect(200);
    assert_no_secrets(&form, "the submission form");
    // A bid form larger than the route's limit is refused whole.
    let csrf = csrf_of(&form.body).unwrap();
    let huge = "x".repeat(100_000);
    let resp = anonymous.post_form(
        &link,
        &[
            ("_csrf", &csrf),
            ("supplier_name", "Stor AB"),
            ("supplier_orgnr", "559123-4561"),
            ("price", "1"),
            ("note", &huge),
        ],
    );
    assert_eq!(resp.status, 413, "{}", snippet(&resp.body));
    // Nothing was opened, changed or decided along the way.
    let (_, org) = server.user_and_org(OFFICER);
    let store = server.store().clone();
    let (call, award, receipts) = server.block_on(async move {
        (
            store.tender_call(org, id).await.unwrap().unwrap(),
            store.award(org, id).await.unwrap(),
            store.receipts(org, id).await.unwrap(),
        )
    });
    assert!(call.opened_at.is_none());
    assert!(award.is_none());
    assert_eq!(receipts.len(), 2);
    assert_eq!(call.award_method, "lowest_lcc", "a POST changed the call");
}

/// The buyer's points on quality criteria after the opening, with the
/// price part on LCC: the evaluation follows the points.
fn value_deduction_with_the_buyers_points(db: Db) {
    let server = Server::start(ServerOptions::new(db));
    let (id, model) = procurement_and_model(&server, "Tjänstebilar, mervärde");
    let base = format!("/upphandlingar/{id}/anbud");
    let mut officer = server.login(OFFICER);
    let deadline = server.state.clock.now_unix() + DAY;
    let (date, h, m) = local(deadline);
    let mut fields = vec![
        ("deadline_date".to_string(), date.to_string()),
        ("deadline_time".to_string(), format!("{h:02}:{m:02}")),
        ("method".to_string(), "value_deduction".to_string()),
        ("lcc_model".to_string(), model.to_string()),
        ("lcc_basis".to_string(), "1".to_string()),
        ("crit_name_1".to_string(), "Service inom 30 km".to_string()),
        ("crit_max_1".to_string(), "5".to_string()),
    ];
    let post = |officer: &mut Client, fields: &[(String, String)]| {
        let csrf = officer.csrf();
        let mut all: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.push(("_csrf", &csrf));
        officer.post_form(&base, &all)
    };
    // A value deduction without its deduction is refused at the field.
    let refused = post(&mut officer, &fields);
    refused.expect(422);
    assert!(
        refused.body.contains("avdraget i kronor"),
        "{}",
        snippet(&refused.body)
    );
    fields.push(("crit_deduction_1".to_string(), "2 000 000".to_string()));
    let shown = post(&mut officer, &fields);
    shown.expect(200);
    let at = shown.body.find("/lamna-anbud/").unwrap();
    let link: String = shown.body[at..].chars().take_while(|c| *c != '"').collect();
    // The bidders see the criterion they will be scored on.
    let form = server.client().get(&link);
    assert!(form.body.contains("Service inom 30 km"));
    submit_ok(&server, &link, &ELBILAR);
    submit_ok(&server, &link, &BENSINBILAR);
    server.state.clock.advance(DAY + 60);
    let csrf = officer.csrf();
    officer
        .post_form(&format!("{base}/oppna"), &[("_csrf", &csrf)])
        .expect(303);
    let page = officer.get(&base);
    let ids: Vec<String> = page
        .body
        .split("action=\"/upphandlingar/")
        .filter(|part| part.contains("/anbud/poang"))
        .filter_map(|part| part.split("name=\"bid\" value=\"").nth(1))
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "a scoring form per bid");
    // Without points there is nothing to evaluate.
    officer
        .post_form(&format!("{base}/utvardering"), &[("_csrf", &csrf)])
        .expect(422);
    // Points above the maximum are refused; the petrol bid gets full points.
    officer
        .post_form(
            &format!("{base}/poang"),
            &[("_csrf", &csrf), ("bid", &ids[0]), ("score_k1", "6")],
        )
        .expect(422);
    for (bid, points) in [(&ids[0], "0"), (&ids[1], "5")] {
        officer
            .post_form(
                &format!("{base}/poang"),
                &[("_csrf", &csrf), ("bid", bid), ("score_k1", points)],
            )
            .expect(303);
    }
    officer
        .post_form(&format!("{base}/utvardering"), &[("_csrf", &csrf)])
        .expect(303);
    let json = officer.get(&format!("{base}/utvardering.json"));
    let run: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(run["tender"]["method"], "value_deduction");
    assert_eq!(run["tender"]["basis"], "lcc");
    assert_eq!(
        run["evaluation"]["winner"].as_str().unwrap(),
        format!("b{}", ids[1]),
        "2 000 000 kr off the petrol bid's LCC at full points makes it the winner"
    );
    assert!(
        server
            .audit_all()
            .iter()
            .filter(|(_, a, _)| a == "bids.score")
            .count()
            >= 2
    );
}
