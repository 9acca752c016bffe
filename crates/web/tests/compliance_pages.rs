//! Avtalstrohet against a running server, on SQLite and on PostgreSQL: the
//! figures per category and in total are checked against a calculation in
//! this file (written apart from core::compliance) over the seeded demo
//! lines and the contract register with contracts added here; the result
//! page links to the page; another organisation gets 404; a coordinator
//! sees a member's shared import without the supplier lists, and an
//! unshared one not at all.

mod common;

use std::collections::HashMap;

use common::demo_server as server;
use common::{Db, Server, decode_entities};
use upphandla_core::date::Date;
use upphandla_formats::report::{percent_sv, sek_whole_sv};
use upphandla_store::{ContractInput, ContractSource, LineFilter, OrgId};

on_both_databases!(
    figures_match_an_independent_calculation,
    result_page_links_to_the_compliance_page,
    another_organisation_gets_404,
    coordinator_sees_shared_imports_without_supplier_lists,
);

fn first_import(server: &Server, org: OrgId) -> i64 {
    let store = server.store().clone();
    server.block_on(async move { store.imports(org).await.unwrap()[0].id })
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn contract(supplier: &str, category: &str, start: Date, end: Date) -> ContractInput {
    ContractInput {
        reference: String::new(),
        title: format!("Testavtal {supplier}"),
        supplier_name: supplier.into(),
        supplier_orgnr: String::new(),
        start_date: start,
        end_date: end,
        extension_months: 0,
        options_note: String::new(),
        value_ore: None,
        cpv: String::new(),
        category: category.into(),
        manager_user_id: None,
        procurement_id: None,
    }
}

/// The same rule as the page states, written again: lower case, anything
/// but letters and digits is a separator, the words ab, aktiebolag and
/// publ are left out.
fn name_key(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars().chain([' ']) {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            if word != "ab" && word != "aktiebolag" && word != "publ" {
                words.push(word.clone());
            }
            word.clear();
        }
    }
    words.join(" ")
}

fn orgnr_key(id: &str) -> Option<String> {
    let digits: String = id.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_digits = id.chars().all(|c| c.is_ascii_digit() || "-+ ".contains(c));
    match (only_digits, digits.len()) {
        (true, 10) => Some(digits),
        (true, 12) if ["16", "19", "20"].contains(&&digits[..2]) => Some(digits[2..].to_string()),
        _ => None,
    }
}

#[derive(Default, Debug, Clone, Copy, PartialEq)]
struct Sums {
    total: i64,
    on: i64,
    other: i64,
    off: i64,
}

/// The cells of the table row with this id, entities decoded.
fn row_cells(body: &str, row_id: &str) -> Vec<String> {
    let start = body
        .find(&format!("<tr id=\"{row_id}\">"))
        .unwrap_or_else(|| panic!("row {row_id}"));
    let row = &body[start..start + body[start..].find("</tr>").unwrap()];
    row.split("<td class=\"num\">")
        .skip(1)
        .map(|c| decode_entities(&c[..c.find("</td>").unwrap()]))
        .collect()
}

fn figures_match_an_independent_calculation(db: Db) {
    let server = server(db);
    let org = server.user_and_org("upphandlare@demokommun.example").1;
    let id = first_import(server, org);
    let store = server.store().clone();
    // Contracts for suppliers of the demo ledger, written the way a register
    // might have them: other case, "Aktiebolag", without "&".
    let added = [
        // Half the year: part of the fuel spend is outside.
        contract(
            "DEMO DRIVMEDEL NORD AKTIEBOLAG",
            "fuels",
            date(2025, 1, 1),
            date(2025, 6, 30),
        ),
        contract(
            "demo livsmedelsgrossist",
            "food",
            date(2024, 1, 1),
            date(2026, 12, 31),
        ),
        // For another category than the supplier's lines.
        contract(
            "Demo Chark Kött AB",
            "construction_buildings",
            date(2025, 1, 1),
            date(2025, 12, 31),
        ),
        // Without a category: covers every category.
        contract(
            "Demo Kontorsvaror AB",
            "",
            date(2025, 1, 1),
            date(2025, 12, 31),
        ),
    ];
    let (lines, contracts) = server.block_on(async move {
        for c in &added {
            store
                .create_contract(org, c, ContractSource::Manual, None, 1)
                .await
                .unwrap();
        }
        let (lines, n) = store
            .lines(org, id, &LineFilter::default(), 0, 1_000_000)
            .await
            .unwrap();
        assert_eq!(lines.len() as i64, n);
        (lines, store.contracts(org).await.unwrap())
    });
    assert!(lines.len() > 1000, "the seeded demo ledger");

    let mut by_category: HashMap<String, Sums> = HashMap::new();
    for l in &lines {
        let s = by_category.entry(l.category.clone()).or_default();
        s.total += l.amount_ore;
        let line_nr = orgnr_key(&l.supplier_id);
        let line_name = name_key(&l.supplier_name);
        let day = Date::parse_iso(&l.date);
        let mut on = false;
        let mut other = false;
        for c in &contracts {
            let c_nr = orgnr_key(&c.supplier_orgnr);
            let same = match (&line_nr, &c_nr) {
                (Some(a), Some(b)) => a == b,
                _ => !line_name.is_empty() && line_name == name_key(&c.supplier_name),
            };
            let in_force = day.is_some_and(|d| c.start_date <= d && d <= c.end_date);
            if same && in_force {
                if c.category.is_empty() || c.category == l.category {
                    on = true;
                } else {
                    other = true;
                }
            }
        }
        if on {
            s.on += l.amount_ore;
        } else if other {
            s.other += l.amount_ore;
        } else {
            s.off += l.amount_ore;
        }
    }
    // The contracts above take effect.
    assert!(by_category["fuels"].on > 0 && by_category["fuels"].off > 0);
    assert!(by_category["food"].other > 0, "{:?}", by_category["food"]);

    let mut c = server.login("upphandlare@demokommun.example");
    let page = c.get(&format!("/spend/{id}/avtalstrohet"));
    page.expect(200);
    let body = decode_entities(&page.body);
    let mut total = Sums::default();
    for (category, s) in &by_category {
        let cells = row_cells(&body, &format!("kategori-{category}"));
        let share = if s.total > 0 {
            percent_sv(s.on as f64 / s.total as f64)
        } else {
            "–".to_string()
        };
        assert_eq!(
            cells,
            [
                sek_whole_sv(s.total),
                sek_whole_sv(s.on),
                share,
                sek_whole_sv(s.other),
                sek_whole_sv(s.off)
            ],
            "{category}"
        );
        total.total += s.total;
        total.on += s.on;
        total.other += s.other;
        total.off += s.off;
    }
    let cells = row_cells(&body, "kategori-totalt");
    assert_eq!(
        cells,
        [
            sek_whole_sv(total.total),
            sek_whole_sv(total.on),
            percent_sv(total.on as f64 / total.total as f64),
            sek_whole_sv(total.other),
            sek_whole_sv(total.off)
        ]
    );
    // Chart with its text alternative, the matching note, the supplier
    // lists with links to the register and to the lines.
    assert!(body.contains("<svg") && body.contains("<title") && body.contains("<desc"));
    assert!(body.contains("id=\"matchning\""));
    assert!(body.contains("id=\"utanfor-avtal\""));
    assert!(body.contains("href=\"/avtal\""));
    assert!(body.contains(&format!("href=\"/spend/{id}/lines?supplier=")));
    // Drivmedel Nord's second half-year is outside its contract, which is in
    // the register: the list says so.
    assert!(body.contains("har avtal i registret, men inget i kraft på fakturadatum"));
    assert!(
        body.contains("Demo Chark & Kött AB"),
        "{}",
        body.find("Chark")
            .map_or("", |i| &body[i.saturating_sub(300)..i + 100])
    );
}

fn result_page_links_to_the_compliance_page(db: Db) {
    let server = server(db);
    let org = server.user_and_org("miljostrateg@sodera.example").1;
    let id = first_import(server, org);
    let mut c = server.login("miljostrateg@sodera.example");
    let page = c.get(&format!("/spend/{id}"));
    page.expect(200);
    assert!(
        page.body
            .contains(&format!("href=\"/spend/{id}/avtalstrohet\""))
    );
    // Read-only roles read it too, in English as well.
    let mut p = server.login("politiker@sodera.example");
    p.get("/lang/en?back=/");
    let page = p.get(&format!("/spend/{id}/avtalstrohet"));
    page.expect(200);
    assert!(page.body.contains("Contract compliance"));
    assert!(page.body.contains("How invoices are matched to contracts"));
}

fn another_organisation_gets_404(db: Db) {
    let server = server(db);
    let org = server.user_and_org("upphandlare@demokommun.example").1;
    let id = first_import(server, org);
    let mut other = server.login("upphandlare@norrby.example");
    other.get(&format!("/spend/{id}/avtalstrohet")).expect(404);
    for bad in ["0", "-1", "x", "99999999"] {
        other.get(&format!("/spend/{bad}/avtalstrohet")).expect(404);
    }
    // The coordinator, while the import is not shared.
    let mut coordinator = server.login("samordnare@energikontor.example");
    coordinator
        .get(&format!("/spend/{id}/avtalstrohet"))
        .expect(404);
}

fn coordinator_sees_shared_imports_without_supplier_lists(db: Db) {
    let server = server(db);
    // Region Demoland: no other test here touches its import.
    let org = server.user_and_org("upphandlare@region.demoland.example").1;
    let id = first_import(server, org);
    let store = server.store().clone();
    let mut coordinator = server.login("samordnare@energikontor.example");
    coordinator
        .get(&format!("/spend/{id}/avtalstrohet"))
        .expect(404);
    server.block_on(async move { store.set_import_shared(org, id, true).await.unwrap() });
    let page = coordinator.get(&format!("/spend/{id}/avtalstrohet"));
    page.expect(200);
    let body = decode_entities(&page.body);
    assert!(body.contains("id=\"kategori-totalt\""));
    assert!(!body.contains("id=\"utanfor-avtal\""));
    assert!(!body.contains("/lines?supplier="));
    assert!(body.contains("leverantörslistorna visas bara för medlemmen"));
    let store = server.store().clone();
    server.block_on(async move { store.set_import_shared(org, id, false).await.unwrap() });
}
