//! Goda exempel with their measured results, against a running server on
//! SQLite and PostgreSQL: the list shows each example's reduction (tonnes
//! CO₂e, share of the baseline, kWh where known), whether it is followed up
//! or expected, and the method; the figures agree with the owner's own
//! `/upphandlingar/{id}/resultat` page and with plain arithmetic on the
//! factors read from data/followup/activity_factors.csv; the sort orders and
//! the "followed up only" filter; the example's page shows criteria with
//! library id and level, ranges and the reported quantities; and an
//! anonymised example's list entry and page, figures included, name neither
//! the organisation, the supplier, the reference number, a person nor an
//! exact date.

mod common;

use common::figures::{
    ContractParts, HandFactor, Report, by_id, contract_with_reports, date, hand_factor,
    set_plain_baseline,
};
use common::{Client, Db, Server, decode_entities, demo_server as server, snippet};
use upphandla_core::money::Ore;
use upphandla_store::{
    AwardInput, BaselineMethod, BidInput, GoodExampleInput, ModelKind, OrgId, OrgKind,
    ProcurementInput, ProcurementStatus, Quality, Role, TenderCallInput, UserId,
};

on_both_databases!(
    list_figures_match_the_results_page_and_sort,
    anonymised_example_with_figures_names_nobody,
);

const PASSWORD: &str = "exempel-test-lösenord-1";
const READER: &str = "upphandlare@norrby.example";
const SUPPLIER: &str = "Hemliga Bussbolaget AB";

struct Org {
    id: OrgId,
    name: String,
    user: UserId,
    user_name: String,
    email: String,
}

/// A fresh organisation with an upphandlare who signs in with [`PASSWORD`].
fn fresh_org(server: &Server, db: Db) -> Org {
    let store = server.store().clone();
    let tag = common::unique();
    let email = format!("exempel-{tag}@exempel.example");
    let name = format!("Exempelstad {db:?} {tag}");
    let user_name = format!("Ester Exempelsson {tag}");
    let (e, n, u) = (email.clone(), name.clone(), user_name.clone());
    let (id, user) = server.block_on(async move {
        let org = store
            .create_organisation(&n, OrgKind::Kommun, "", false)
            .await
            .unwrap();
        let hash = upphandla_web::auth::hash_password(PASSWORD).await.unwrap();
        let user = store.create_user(&e, &u, &hash).await.unwrap();
        store.add_role(user, org, Role::Upphandlare).await.unwrap();
        (org, user)
    });
    Org {
        id,
        name,
        user,
        user_name,
        email,
    }
}

fn login(server: &Server, email: &str) -> Client {
    let mut client = server.client();
    client.login(email, PASSWORD);
    client
}

struct Example {
    title: String,
    reference: String,
    /// (method, kg CO2e, kWh, note); `None`: no baseline.
    baseline: Option<(BaselineMethod, f64, Option<f64>, String)>,
    criteria: Vec<&'static str>,
    reports: Vec<Report>,
    anonymised: bool,
    summary: String,
    /// An LCC-based award: (winner kg CO2e, winner kWh, reference kg, reference kWh).
    award: Option<[f64; 4]>,
}

impl Example {
    fn new(title: String) -> Example {
        Example {
            title,
            reference: String::new(),
            baseline: None,
            criteria: Vec::new(),
            reports: Vec::new(),
            anonymised: false,
            summary: "Klimatkrav som fungerade.".into(),
            award: None,
        }
    }
}

/// Stores a completed procurement with its baseline, criteria, contract and
/// reports, and publishes it; returns (procurement id, example id).
fn publish(server: &Server, org: &Org, x: Example) -> (i64, i64) {
    let store = server.store().clone();
    let (org_id, user) = (org.id, org.user);
    server.block_on(async move {
        let id = store
            .create_procurement(
                org_id,
                &ProcurementInput {
                    title: x.title.clone(),
                    reference: x.reference.clone(),
                    spend_category: "fordon".into(),
                    contract_start: Some(date("2027-04-01")),
                    contract_end: Some(date("2029-03-31")),
                    ambition: Some("avancerad".into()),
                    ..Default::default()
                },
                Some(user),
                false,
            )
            .await
            .unwrap();
        if let Some((method, kg, kwh, note)) = x.baseline {
            set_plain_baseline(&store, org_id, id, (method, kg, kwh), note).await;
        }
        for c in &x.criteria {
            assert!(
                store
                    .add_procurement_criterion(org_id, id, c, 1, user)
                    .await
                    .unwrap()
            );
        }
        if let Some([winner_kg, winner_kwh, reference_kg, reference_kwh]) = x.award {
            award(
                &store,
                org_id,
                id,
                user,
                &x.title,
                winner_kg,
                winner_kwh,
                reference_kg,
                reference_kwh,
            )
            .await;
        }
        if !x.reports.is_empty() {
            let parts = ContractParts {
                reference: &x.reference,
                title: &x.title,
                supplier: SUPPLIER,
                start: "2027-04-01",
                end: "2029-03-31",
            };
            contract_with_reports(&store, org_id, id, parts, x.reports).await;
        }
        assert!(
            store
                .set_procurement_status(org_id, id, ProcurementStatus::Completed)
                .await
                .unwrap()
        );
        let input = GoodExampleInput {
            title: x.title.clone(),
            product_group: "fordon".into(),
            summary: x.summary.clone(),
            lessons: String::new(),
            anonymised: x.anonymised,
        };
        match store
            .publish_good_example(org_id, id, &input, Some(user))
            .await
            .unwrap()
        {
            upphandla_store::Publish::Published(e) => (id, e),
            other => panic!("not published: {other:?}"),
        }
    })
}

const LCC_MODEL: &str = r#"name = "Bussar"
period_years = 6
discount_rate = 0.03
reference = "ref"

[[carriers]]
id = "el"
name = "El"
unit = "kWh"
kwh_per_unit = 1
price_sek_per_unit = 1.5
kg_co2e_per_unit = 0.036

[[alternatives]]
id = "ref"
name = "Nuvarande"
quantity = 4
investment_sek = 250000
lifetime_years = 6
activity_per_year = 15000
activity_unit = "km"
energy_per_activity = { el = 0.2 }
"#;

/// An LCC-based tender call with one bid from [`SUPPLIER`], opened and
/// awarded with the given life-cycle figures (as the award page stores them).
#[allow(clippy::too_many_arguments)]
async fn award(
    store: &upphandla_store::Store,
    org: OrgId,
    id: i64,
    user: UserId,
    title: &str,
    winner_kg: f64,
    winner_kwh: f64,
    reference_kg: f64,
    reference_kwh: f64,
) {
    const T0: i64 = 1_900_000_000;
    const DEADLINE: i64 = T0 + 10 * 86_400;
    let model = store
        .create_model(org, ModelKind::Lcc, title, "", LCC_MODEL, Some(user), false)
        .await
        .unwrap();
    let hash = format!("exempel-{}", common::unique());
    store
        .set_tender_call(
            org,
            id,
            &TenderCallInput {
                deadline: DEADLINE,
                award_method: "lowest_lcc".into(),
                lcc_model_id: Some(model),
                quality: Quality::default(),
            },
            Some(&hash),
            Some(user),
            T0,
        )
        .await
        .unwrap();
    store
        .submit_bid(
            &hash,
            &BidInput {
                supplier_name: SUPPLIER.into(),
                supplier_orgnr: "556036-0793".into(),
                contact: "anbud@hemliga.example".into(),
                price: Ore(987_654_300),
                investment: Some(Ore(25_000_000)),
                carrier_id: Some("el".into()),
                consumption: Some(0.18),
                maintenance_per_year: Some(Ore(400_000)),
                residual_value: Some(Ore(9_000_000)),
                note: String::new(),
            },
            "KV-EX-1",
            T0 + 100,
        )
        .await
        .unwrap();
    store.open_bids(org, id, user, DEADLINE).await.unwrap();
    let t = DEADLINE + 3600;
    let bid = store.bids(org, id, t).await.unwrap()[0].id;
    store
        .decide_award(
            org,
            id,
            &AwardInput {
                bid_id: bid,
                reasons: "Lägsta livscykelkostnad.".into(),
                evaluation_json: "{}".into(),
                winner_kg_co2e: Some(winner_kg),
                winner_kwh: Some(winner_kwh),
                reference_kg_co2e: Some(reference_kg),
                reference_kwh: Some(reference_kwh),
            },
            Some(user),
            t,
        )
        .await
        .unwrap();
}

/// A Swedish number as shown ("1 234,5", "-1,9") → f64.
fn sv_number(text: &str) -> f64 {
    text.trim()
        .replace([' ', '\u{a0}'], "")
        .replace(',', ".")
        .replace('−', "-")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// One example as the list shows it.
#[derive(Debug)]
struct Entry {
    id: i64,
    /// Signed: negative when the list says "Ökning".
    tonnes: Option<f64>,
    share: Option<f64>,
    kwh: Option<f64>,
    measured: Option<bool>,
    method: String,
}

/// The text inside `<dd class="{class}">…</dd>` of `chunk` (tags removed).
fn dd(chunk: &str, class: &str) -> Option<String> {
    let start = chunk.find(&format!("<dd class=\"{class}\">"))?;
    let rest = &chunk[start..];
    let rest = &rest[rest.find('>')? + 1..rest.find("</dd>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(decode_entities(text.trim()))
}

/// The list's entries in page order.
fn entries(body: &str) -> Vec<Entry> {
    let list = &body[body
        .find("<ul class=\"examples\">")
        .unwrap_or_else(|| panic!("no list: {}", snippet(body)))..];
    list.split("<li><h3><a href=\"/goda-exempel/")
        .skip(1)
        .map(|chunk| {
            let id = chunk[..chunk.find('"').unwrap()].parse().unwrap();
            let saving = dd(chunk, "saving-t").filter(|t| t.contains("ton"));
            let increase = chunk.contains("Ökning CO₂e per år");
            let (tonnes, share) = match &saving {
                Some(t) => {
                    let (num, rest) = t.split_once(" ton").unwrap();
                    let sign = if increase { -1.0 } else { 1.0 };
                    let share = rest.split_once('(').map(|(_, p)| {
                        sign * sv_number(p.trim_end_matches(')').trim_end_matches('%'))
                    });
                    (Some(sign * sv_number(num)), share)
                }
                None => (None, None),
            };
            let kwh = dd(chunk, "saving-kwh").map(|k| {
                let sign = if chunk.contains("Ökad energi per år") {
                    -1.0
                } else {
                    1.0
                };
                sign * sv_number(k.trim_end_matches("kWh"))
            });
            Entry {
                id,
                tonnes,
                share,
                kwh,
                measured: dd(chunk, "saving-kind").map(|k| k.starts_with("uppföljt")),
                method: dd(chunk, "method").unwrap_or_default(),
            }
        })
        .collect()
}

/// (tonnes, share %) from the results page's "x t CO₂e (y %)".
fn results_saving(text: &str) -> (f64, Option<f64>) {
    let text = decode_entities(text);
    let (num, rest) = text.split_once(" t CO₂e").unwrap();
    let share = rest
        .split_once('(')
        .map(|(_, p)| sv_number(p.trim().trim_end_matches(')').trim_end_matches('%')));
    (sv_number(num), share)
}

fn ids(entries: &[Entry]) -> Vec<i64> {
    entries.iter().map(|e| e.id).collect()
}

fn list_figures_match_the_results_page_and_sort(db: Db) {
    let server = server(db);
    let org = fresh_org(server, db);
    let tag = format!("SORT{}", common::unique());
    let title = |n: &str| format!("{tag} {n}");
    // A: spend baseline 20 t/yr; HVO and diesel reported for 181 days.
    let a = Example {
        baseline: Some((BaselineMethod::Spend, 20_000.0, None, "test".into())),
        reports: vec![
            (
                "2027-01-01",
                "2027-03-31",
                vec![("hvo100_l", 3000.0), ("diesel_l", 500.0)],
            ),
            ("2027-04-01", "2027-06-30", vec![("hvo100_l", 2500.0)]),
        ],
        ..Example::new(title("A tjänstebilar"))
    };
    // B: activity baseline 9 t/yr and 30 MWh; HVO100 required (82 % expected), no follow-up.
    let b = Example {
        baseline: Some((
            BaselineMethod::Activity,
            9_000.0,
            Some(30_000.0),
            "test".into(),
        )),
        criteria: vec!["drivmedel-ts-hvo100"],
        ..Example::new(title("B drivmedel"))
    };
    // C: spend baseline 5 t/yr and 150 MWh; a year of electricity (100 MWh).
    let c = Example {
        baseline: Some((
            BaselineMethod::Spend,
            5_000.0,
            Some(150_000.0),
            "test".into(),
        )),
        reports: vec![("2027-01-01", "2027-12-31", vec![("el_kwh", 100_000.0)])],
        ..Example::new(title("C laddning"))
    };
    // D: no baseline, nothing to show as a saving.
    let d = Example::new(title("D utan baslinje"));
    // E: emissions went up: 1 t/yr baseline, a year of 1 000 l diesel.
    let e = Example {
        baseline: Some((BaselineMethod::Activity, 1_000.0, None, "test".into())),
        reports: vec![("2027-01-01", "2027-12-31", vec![("diesel_l", 1_000.0)])],
        ..Example::new(title("E ökning"))
    };
    let (pa, ea) = publish(server, &org, a);
    let (pb, eb) = publish(server, &org, b);
    let (pc, ec) = publish(server, &org, c);
    let (_, ed) = publish(server, &org, d);
    let (pe, ee) = publish(server, &org, e);

    // The independent calculation (plain arithmetic on the CSV's factors).
    let hvo_kg = hand_factor("hvo100_l").kg;
    let diesel_kg = hand_factor("diesel_l").kg;
    let HandFactor {
        kg: el_kg,
        kwh: el_kwh,
        ..
    } = hand_factor("el_kwh");
    let days_a = 31.0 + 28.0 + 31.0 + 30.0 + 31.0 + 30.0;
    let saving_a = 20_000.0 - (5500.0 * hvo_kg + 500.0 * diesel_kg) * 365.0 / days_a;
    let saving_b = 9_000.0 * 0.82;
    let saving_c = 5_000.0 - 100_000.0 * el_kg;
    let saving_c_kwh = 150_000.0 - 100_000.0 * el_kwh;
    let saving_e = 1_000.0 - 1_000.0 * diesel_kg;
    let expected = [
        (ea, saving_a, 20_000.0, true),
        (eb, saving_b, 9_000.0, false),
        (ec, saving_c, 5_000.0, true),
        (ee, saving_e, 1_000.0, true),
    ];

    // Another organisation reads the list.
    let mut reader = server.login(READER);
    let list = reader
        .get(&format!("/goda-exempel?q={tag}"))
        .expect(200)
        .body
        .clone();
    let shown = entries(&list);
    // Newest first by default (published in the order A–E).
    assert_eq!(ids(&shown), vec![ee, ed, ec, eb, ea], "{shown:#?}");
    for (id, kg, baseline, measured) in expected {
        let entry = shown.iter().find(|x| x.id == id).unwrap();
        let t = entry
            .tonnes
            .unwrap_or_else(|| panic!("no saving: {entry:?}"));
        assert!((t - kg / 1000.0).abs() <= 0.05 + 1e-9, "{entry:?} vs {kg}");
        let share = entry.share.unwrap();
        assert!(
            (share - 100.0 * kg / baseline).abs() <= 0.05 + 1e-9,
            "{entry:?} share vs {}",
            100.0 * kg / baseline
        );
        assert_eq!(entry.measured, Some(measured), "{entry:?}");
    }
    let entry_c = shown.iter().find(|x| x.id == ec).unwrap();
    assert_eq!(entry_c.kwh, Some(saving_c_kwh), "{entry_c:?}");
    // Energy unchanged by the criteria: 0 kWh saved, shown as such.
    assert_eq!(shown.iter().find(|x| x.id == eb).unwrap().kwh, Some(0.0));
    assert_eq!(shown.iter().find(|x| x.id == ea).unwrap().kwh, None);
    let entry_d = shown.iter().find(|x| x.id == ed).unwrap();
    assert!(entry_d.tonnes.is_none() && entry_d.measured.is_none());
    assert_eq!(entry_d.method, "ingen");
    assert!(list.contains("Ökning CO₂e per år"), "E is an increase");

    // The same figures as the owner's own results page.
    let mut owner = login(server, &org.email);
    for (proc_id, example_id) in [(pa, ea), (pb, eb), (pc, ec), (pe, ee)] {
        let page = owner
            .get(&format!("/upphandlingar/{proc_id}/resultat"))
            .expect(200)
            .body
            .clone();
        let (t, share) = results_saving(by_id(&page, "besparing"));
        let method = decode_entities(by_id(&page, "metod"));
        let entry = shown.iter().find(|x| x.id == example_id).unwrap();
        assert_eq!(entry.tonnes, Some(t), "{entry:?} vs results page {t}");
        assert_eq!(entry.share, share, "{entry:?}");
        assert_eq!(entry.method, method, "{entry:?}");
    }

    // Largest reduction first; an increase after every reduction, no result last.
    let by_saving = entries(
        &reader
            .get(&format!("/goda-exempel?q={tag}&ordning=besparing"))
            .expect(200)
            .body,
    );
    assert_eq!(ids(&by_saving), vec![ea, eb, ec, ee, ed], "{by_saving:#?}");
    let by_share = entries(
        &reader
            .get(&format!("/goda-exempel?q={tag}&ordning=andel"))
            .expect(200)
            .body,
    );
    assert_eq!(ids(&by_share), vec![eb, ea, ec, ee, ed], "{by_share:#?}");
    // The chosen order is kept in the form; an unknown one is the default.
    let page = reader
        .get(&format!("/goda-exempel?q={tag}&ordning=andel"))
        .body
        .clone();
    assert!(page.contains("<option value=\"andel\" selected>"));
    let unknown = entries(
        &reader
            .get(&format!("/goda-exempel?q={tag}&ordning=x%27"))
            .expect(200)
            .body,
    );
    assert_eq!(ids(&unknown), ids(&shown));
    // Followed up only: the examples measured from supplier reports.
    let followed = entries(
        &reader
            .get(&format!(
                "/goda-exempel?q={tag}&ordning=besparing&uppfoljda=1"
            ))
            .expect(200)
            .body,
    );
    assert_eq!(ids(&followed), vec![ea, ec, ee], "{followed:#?}");
    // The product group filter still applies with the figures.
    let other_group = reader
        .get(&format!("/goda-exempel?q={tag}&grupp=belysning"))
        .expect(200)
        .body
        .clone();
    assert!(!other_group.contains(&format!("href=\"/goda-exempel/{ea}\"")));
    let same_group = entries(
        &reader
            .get(&format!(
                "/goda-exempel?q={tag}&grupp=fordon&ordning=besparing"
            ))
            .expect(200)
            .body,
    );
    assert_eq!(ids(&same_group), ids(&by_saving));

    // B's page: the criterion with its library id, type and level; the
    // expected reduction; the ranges table.
    let page = reader
        .get(&format!("/goda-exempel/{eb}"))
        .expect(200)
        .body
        .clone();
    assert!(
        page.contains("href=\"/kriterier/drivmedel-ts-hvo100\"")
            && page.contains("[drivmedel-ts-hvo100]")
            && page.contains("Teknisk specifikation, Avancerad nivå"),
        "{}",
        snippet(&page)
    );
    assert!(page.contains("id=\"siffror\""));
    assert!(page.contains("förväntat (skattning)"));
    // A's page: followed up, with the reported quantities and the factors' source.
    let page = reader
        .get(&format!("/goda-exempel/{ea}"))
        .expect(200)
        .body
        .clone();
    assert!(page.contains("uppföljt (mätt)"));
    assert!(page.contains("id=\"rapporterat\"") && page.contains("HVO100"));
    assert!(page.contains("Energimyndigheten"), "{}", snippet(&page));
    assert!(
        page.contains(&format!("{}.", days_a as i64)),
        "days covered"
    );
    let t = sv_number(by_id(&page, "besparing").split(" ton").next().unwrap());
    assert!((t - saving_a / 1000.0).abs() <= 0.05 + 1e-9);
    // Every text in both languages, on the list and each example's page.
    for path in [
        format!("/goda-exempel?q={tag}&ordning=besparing"),
        format!("/goda-exempel/{ea}"),
        format!("/goda-exempel/{eb}"),
        format!("/goda-exempel/{ed}"),
        format!("/goda-exempel/{ee}"),
    ] {
        for lang in ["sv", "en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let resp = reader.get(&format!("{path}{sep}lang={lang}"));
            resp.expect(200);
            assert!(!resp.body.contains("⟨saknad text⟩"), "{lang} {path}");
        }
    }
    let english = reader
        .get(&format!("/goda-exempel?q={tag}&lang=en"))
        .body
        .clone();
    assert!(
        english.contains("CO₂e increase per year") && english.contains("followed up (measured)")
    );
    reader.get("/goda-exempel?lang=sv").expect(200);
}

fn anonymised_example_with_figures_names_nobody(db: Db) {
    let server = server(db);
    let org = fresh_org(server, db);
    let tag = format!("ANON{}", common::unique());
    let reference = format!("KS-{tag}-17");
    let x = Example {
        reference: reference.clone(),
        // The baseline note names the organisation: it must not reach the page.
        baseline: Some((
            BaselineMethod::Spend,
            12_000.0,
            Some(40_000.0),
            format!("Notisord-Xyzzy: {} och {}", org.name, SUPPLIER),
        )),
        criteria: vec!["drivmedel-ts-hvo100"],
        reports: vec![(
            "2027-04-01",
            "2027-09-30",
            vec![("hvo100_l", 4000.0), ("el_kwh", 9000.0)],
        )],
        anonymised: true,
        summary: "Fossilfria drivmedel med kvartalsrapporter.".into(),
        // Life-cycle figures over the model's period: 60 % less CO2e, 25 % less energy.
        award: Some([40_000.0, 300_000.0, 100_000.0, 400_000.0]),
        ..Example::new(format!("{tag} skolskjuts"))
    };
    let (_, example) = publish(server, &org, x);
    let mut reader = server.login(READER);
    let empty = reader.get("/goda-exempel?q=inget-som-finns-alls");
    let secrets = [
        org.name.as_str(),
        SUPPLIER,
        reference.as_str(),
        org.user_name.as_str(),
        org.email.as_str(),
        "2027-04-01",
        "2027-09-30",
        "2029-03-31",
        "Notisord-Xyzzy",
        "anbud@hemliga",
        "556036-0793",
        "9 876 543",
        "KV-EX-1",
        "Lägsta livscykelkostnad.",
    ];
    for secret in secrets {
        assert!(!empty.body.contains(secret), "{secret} in the page frame");
    }
    let mut pages = Vec::new();
    for query in [
        format!("/goda-exempel?q={tag}"),
        format!("/goda-exempel?q={tag}&ordning=besparing&uppfoljda=1"),
        format!("/goda-exempel?q={tag}&ordning=andel&grupp=fordon"),
        format!("/goda-exempel/{example}"),
    ] {
        let resp = reader.get(&query);
        resp.expect(200);
        pages.push((query, resp.body.clone()));
    }
    // The list shows the figures (so the check below is about a page with them).
    let list = entries(&pages[1].1);
    assert_eq!(ids(&list), vec![example], "{}", snippet(&pages[1].1));
    assert!(list[0].tonnes.is_some() && list[0].kwh.is_some() && list[0].measured == Some(true));
    assert!(pages[0].1.contains("Anonym kommun/region"));
    let detail = &pages[3].1;
    assert!(detail.contains("id=\"rapporterat\"") && detail.contains("2027 – 2029"));
    // The award's climate side: reference, chosen bid and the reduction, no price.
    let lcc = &detail[detail.find("id=\"lcc-tabell\"").expect("LCC table")..];
    let lcc = &lcc[..lcc.find("</table>").unwrap()];
    assert!(lcc.contains(">100,0<") && lcc.contains(">40,0<"), "{lcc}");
    assert!(lcc.contains("60,0 (60,0 %)"), "{lcc}");
    assert!(lcc.contains("100 000 (25,0 %)"), "{lcc}");
    assert!(detail.contains("lägsta livscykelkostnad, utvärderad med LCC-modell"));
    for (query, body) in &pages {
        for secret in secrets {
            assert!(!body.contains(secret), "{secret} on {query}");
        }
        // No step of the computation's trace (it can name imports and notes).
        assert!(!body.contains("Så räknades det"), "trace on {query}");
    }
}
