//! Kriteriebibliotek against a running server, on SQLite and on PostgreSQL:
//! the filter narrows the list by group, CPV code, type, level and text; a
//! criterion's page shows every field and its sources; a group's page shows
//! its basis and its criteria per level; unknown ids give 404; every
//! signed-in role reads the pages and the English switch shows English texts;
//! a criterion past its review date is marked.

mod common;

use common::demo_server as server;
use common::{Client, Db, Server, ServerOptions, decode_entities, links};
use upphandla_formats::criteria::default_library;

on_both_databases!(
    the_filter_narrows_the_list,
    a_criterion_shows_all_fields_and_its_sources,
    a_group_shows_its_basis_and_criteria_by_level,
    unknown_ids_give_404,
    every_role_reads_and_english_shows_english,
    a_criterion_past_its_review_date_is_marked,
);

const OFFICER: &str = "upphandlare@demokommun.example";

/// The criterion ids linked from a page, in page order.
fn criterion_links(body: &str) -> Vec<String> {
    links(body)
        .into_iter()
        .filter_map(|l| l.strip_prefix("/kriterier/").map(str::to_string))
        .filter(|id| !id.starts_with("grupp/") && !id.is_empty())
        .collect()
}

fn get_ok(client: &mut Client, path: &str) -> String {
    let resp = client.get(path);
    resp.expect(200);
    decode_entities(&resp.body)
}

fn the_filter_narrows_the_list(db: Db) {
    let s = server(db);
    let mut c = s.login(OFFICER);
    let lib = default_library();

    let all = get_ok(&mut c, "/kriterier");
    assert!(all.contains("<h1>Kriteriebibliotek</h1>"));
    assert_eq!(criterion_links(&all).len(), lib.criteria.len());
    for g in &lib.groups {
        assert!(
            all.contains(&format!("/kriterier/grupp/{}", g.id)),
            "{}",
            g.id
        );
    }
    assert!(all.contains(&format!("{} träffar", lib.criteria.len())));

    // Group and level.
    let body = get_ok(
        &mut c,
        "/kriterier?grupp=fordon&niva=spjutspets&cpv=&typ=&q=",
    );
    let ids = criterion_links(&body);
    assert!(
        ids.contains(&"fordon-ts-nollutslapp".to_string()),
        "{ids:?}"
    );
    assert!(ids.iter().all(|id| {
        let crit = lib.criterion(id).unwrap();
        crit.group == "fordon" && crit.level.key() == "spjutspets"
    }));
    assert!(body.contains(r#"<option value="fordon" selected>"#));

    // A refuse-collection CPV code finds the goods transport and waste group only.
    let ids = criterion_links(&get_ok(&mut c, "/kriterier?cpv=90511000-2"));
    assert!(!ids.is_empty());
    assert!(
        ids.iter().all(|id| id.starts_with("godstransport-")),
        "{ids:?}"
    );

    // Type.
    let ids = criterion_links(&get_ok(&mut c, "/kriterier?typ=kvalificeringskrav"));
    assert!(ids.len() >= lib.groups.len(), "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| lib.criterion(id).unwrap().kind.key() == "kvalificeringskrav")
    );

    // Free text, any case, several words.
    let ids = criterion_links(&get_ok(
        &mut c,
        "/kriterier?q=hvo100+DIESEL&grupp=drivmedel",
    ));
    assert!(ids.contains(&"drivmedel-ts-hvo100".to_string()), "{ids:?}");
    let body = get_ok(&mut c, "/kriterier?q=finnsintenagonstans");
    assert!(criterion_links(&body).is_empty());
    assert!(body.contains("Inga kriterier matchar filtret."));

    // A value no select produces is ignored, not an error.
    let ids = criterion_links(&get_ok(&mut c, "/kriterier?niva=medel"));
    assert_eq!(ids.len(), lib.criteria.len());
}

fn a_criterion_shows_all_fields_and_its_sources(db: Db) {
    let s = server(db);
    let mut c = s.login(OFFICER);
    let lib = default_library();
    let crit = lib.criterion("drivmedel-ts-hvo100").unwrap();
    let body = get_ok(&mut c, "/kriterier/drivmedel-ts-hvo100");
    assert!(body.contains(&format!("<h1>{}</h1>", crit.title.sv)));
    for part in [
        &crit.text.sv,
        &crit.rationale.sv,
        &crit.proof.sv,
        &crit.follow_up.sv,
        &crit.follow_up_evidence.sv,
        &crit.effect.sv,
        crit.effect_basis.as_ref().unwrap(),
    ] {
        assert!(body.contains(part.as_str()), "missing: {part}");
    }
    for source in &crit.sources {
        assert!(body.contains(source.as_str()), "missing source: {source}");
    }
    assert!(body.contains("82,0 %"), "expected reduction shown");
    assert!(body.contains("Teknisk specifikation") && body.contains("Avancerad nivå"));
    assert!(body.contains("2026-11-29") && body.contains("2027-11-29"));
    assert!(body.contains("09134200-9"), "the group's CPV codes");
    assert!(!body.contains("Behöver granskas"));

    // Without a figure the page says why none is given.
    let body = get_ok(&mut c, "/kriterier/el-ts-fornybar-100");
    assert!(body.contains("Ingen andel anges; se förväntad effekt."));
}

fn a_group_shows_its_basis_and_criteria_by_level(db: Db) {
    let s = server(db);
    let mut c = s.login(OFFICER);
    let lib = default_library();
    let g = lib.group("fordon").unwrap();
    let body = get_ok(&mut c, "/kriterier/grupp/fordon");
    assert!(body.contains(&format!("<h1>{}</h1>", g.name.sv)));
    let first = g.basis.sv.split("\n\n").next().unwrap();
    assert!(body.contains(first));
    let bas = body.find(r#"id="niva-bas""#).unwrap();
    let avancerad = body.find(r#"id="niva-avancerad""#).unwrap();
    let spjutspets = body.find(r#"id="niva-spjutspets""#).unwrap();
    assert!(bas < avancerad && avancerad < spjutspets);
    let nollutslapp = body.find("/kriterier/fordon-ts-nollutslapp").unwrap();
    let miljobil = body.find("/kriterier/fordon-ts-miljobil").unwrap();
    assert!(avancerad < miljobil && miljobil < spjutspets && spjutspets < nollutslapp);
    assert_eq!(criterion_links(&body).len(), lib.in_group("fordon").count());
    assert!(body.contains("Fordon (inköp)"), "spend category by name");
    for source in &g.sources {
        assert!(body.contains(source.as_str()), "missing source: {source}");
    }
}

fn unknown_ids_give_404(db: Db) {
    let s = server(db);
    let mut c = s.login(OFFICER);
    c.get("/kriterier/finns-inte").expect(404);
    c.get("/kriterier/grupp/finns-inte").expect(404);
    c.get("/kriterier/grupp/").expect(404);
    // Signed out: sent to the sign-in page, nothing shown.
    let resp = s.client().get("/kriterier/fordon-ts-nollutslapp");
    assert!(resp.is_redirect(), "{}", resp.status);
    assert!(!resp.body.contains("WLTP"));
}

fn every_role_reads_and_english_shows_english(db: Db) {
    let s = server(db);
    for who in [
        "politiker@demokommun.example",
        "bestallare@demokommun.example",
        "samordnare@energikontor.example",
        "admin@demobostader.example",
    ] {
        let mut c = s.login(who);
        let body = get_ok(&mut c, "/kriterier/grupp/el");
        assert!(body.contains("/kriterier/el-ts-fornybar-50"), "{who}");
        assert!(
            body.contains(r#"href="/kriterier" aria-current="page""#),
            "{who}: menu entry"
        );
    }

    let mut c = s.login(OFFICER);
    let resp = c.get("/lang/en?back=/kriterier/fordon-ts-nollutslapp");
    assert!(resp.is_redirect(), "{}", resp.status);
    let lib = default_library();
    let crit = lib.criterion("fordon-ts-nollutslapp").unwrap();
    let body = get_ok(&mut c, "/kriterier/fordon-ts-nollutslapp");
    assert!(
        body.contains(&format!("<h1>{}</h1>", crit.title.en)),
        "English title"
    );
    assert!(body.contains(&crit.text.en));
    assert!(!body.contains(&crit.text.sv));
    assert!(body.contains("Technical specification") && body.contains("Spearhead level"));
    assert!(body.contains("100,0 %"));
    let list = get_ok(&mut c, "/kriterier?grupp=el");
    assert!(list.contains("<h1>Criteria library</h1>"));
    assert!(list.contains(lib.group("el").unwrap().name.en.as_str()));
    c.get("/lang/sv?back=/kriterier");
}

/// A server of its own, so moving its clock affects no other test.
fn a_criterion_past_its_review_date_is_marked(db: Db) {
    let s = Server::start(ServerOptions::new(db));
    let mut c = s.login(OFFICER);
    let body = get_ok(&mut c, "/kriterier/fordon-ts-nollutslapp");
    assert!(!body.contains("Behöver granskas"));
    // Two years on, every criterion reviewed in 2026 is past its review date.
    s.state.clock.advance(2 * 366 * 86_400);
    let body = get_ok(&mut c, "/kriterier/fordon-ts-nollutslapp");
    assert!(
        body.contains("Behöver granskas"),
        "visible mark on the detail page"
    );
    assert!(body.contains("Granskningsdatumet har passerats"));
    let list = get_ok(&mut c, "/kriterier?grupp=fordon");
    assert!(list.contains(r#"<strong class="stale">Behöver granskas</strong>"#));
}
