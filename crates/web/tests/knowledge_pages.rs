//! Kunskap per roll against a running server: the overview lists every role
//! with guidance and marks the signed-in person's own; every role page has
//! every section in both languages with the stages and the letters of the
//! organisation's role matrix (its adjustments included); the politicians'
//! page states the sourced points and none of the unconfirmed ones; unknown
//! roles are not found; the menu has the entry.

mod common;

use common::demo_server as server;

use common::{Db, decode_entities, snippet};
use upphandla_core::process::roles::{GUIDE_ROLE_KEYS, role_guide, role_guides};
use upphandla_core::process::{Stage, default_raci};
use upphandla_store::{RaciOverride, Role};

on_both_databases!(
    overview_lists_every_role_and_marks_mine,
    every_role_page_has_every_section_in_both_languages,
    politician_page_states_sourced_points_only,
    the_organisations_matrix_letters_are_shown,
    unknown_roles_are_not_found,
);

fn overview_lists_every_role_and_marks_mine(db: Db) {
    let server = server(db);
    let mut c = server.login("politiker@demokommun.example");
    let page = c.get("/kunskap");
    page.expect(200);
    let body = decode_entities(&page.body);
    assert!(body.contains("href=\"/kunskap\""), "menu entry");
    for r in role_guides() {
        assert!(
            body.contains(&format!("href=\"/kunskap/{}\"", r.key)),
            "{}",
            r.key
        );
        assert!(body.contains(r.who.sv), "{}", r.key);
        // The keys are the store's role keys.
        assert!(Role::parse(r.key).is_some(), "{}", r.key);
    }
    assert!(
        body.contains("<li id=\"roll-politiker\" class=\"mine\">"),
        "{}",
        snippet(&page.body)
    );
    assert!(!body.contains("<li id=\"roll-upphandlare\" class=\"mine\">"));
    assert!(body.contains("Dina roller i organisationen: <strong>Politiker / nämnd</strong>"));
    // A person with several roles sees all of them marked.
    let mut c = server.login("samordnare@energikontor.example");
    let body = c.get("/kunskap").body;
    assert!(body.contains("<li id=\"roll-samordnare\" class=\"mine\">"));
}

fn every_role_page_has_every_section_in_both_languages(db: Db) {
    let server = server(db);
    let mut c = server.login("upphandlare@demokommun.example");
    for english in [false, true] {
        if english {
            c.get("/lang/en?back=/kunskap");
        }
        for key in GUIDE_ROLE_KEYS {
            let guide = role_guide(key).unwrap();
            let page = c.get(&format!("/kunskap/{key}"));
            page.expect(200);
            let body = decode_entities(&page.body);
            for id in [
                "vem",
                "ansvar",
                "beslut",
                "steg",
                "fraga",
                "fallgropar",
                "underlag",
                "sidor",
            ] {
                assert!(body.contains(&format!("<h2 id=\"{id}\">")), "{key} {id}");
            }
            let lang = |t: upphandla_core::process::Text| t.get(english);
            for text in [
                guide.responsibility,
                guide.decisions,
                guide.ask,
                guide.pitfalls,
            ] {
                for line in lang(text).lines() {
                    assert!(body.contains(line.trim()), "{key}: {line}");
                }
            }
            for f in guide.facts {
                assert!(body.contains(lang(f.text)), "{key}");
                assert!(body.contains(f.source), "{key}: {}", f.source);
            }
            for p in guide.pages {
                assert!(body.contains(&format!("<a href=\"{}\">", p.href)), "{key}");
            }
            for stage in Stage::ALL {
                let row_start = body
                    .find(&format!("<tr id=\"steg-{}\">", stage.key()))
                    .unwrap_or_else(|| panic!("{key} {stage:?}"));
                let row = &body[row_start..row_start + body[row_start..].find("</tr>").unwrap()];
                assert!(row.contains(lang(stage.name())), "{key} {stage:?}");
                let what = upphandla_web::pages::knowledge::without_letter_name(
                    lang(guide.stage(stage)),
                    english,
                    key != "samordnare",
                );
                assert!(row.contains(&what), "{key} {stage:?}: {what}");
                // The letter's name is said once, in its own column.
                if let Some(letter) = default_raci(stage, key) {
                    assert!(!what.starts_with(lang(letter.name())), "{key} {stage:?}");
                }
                // Demokommun keeps the default matrix.
                if let Some(letter) = default_raci(stage, key) {
                    assert!(
                        row.contains(&format!(">{}</abbr> {}", letter.key(), lang(letter.name()))),
                        "{key} {stage:?}: {row}"
                    );
                } else if key != "samordnare" {
                    assert!(
                        row.contains("<td class=\"raci-letter\">–"),
                        "{key} {stage:?}"
                    );
                }
            }
            if key == "samordnare" {
                assert!(!body.contains("raci-letter"));
            }
        }
    }
}

fn politician_page_states_sourced_points_only(db: Db) {
    let server = server(db);
    let mut c = server.login("politiker@demokommun.example");
    let body = decode_entities(&c.get("/kunskap/politiker").body);
    for needle in [
        "1 kap. 4 §",
        "6 kap. 1 §",
        "uppsikt",
        "delegationsordning",
        "upphandlingspolicy",
        "revisorer",
        "mål 6",
        "Nationella upphandlingsstrategin",
        "(din roll)",
    ] {
        assert!(body.contains(needle), "{needle}");
    }
    for absent in ["Färdplan", "färdplan", "2025–2030", "5 kap. 1 §"] {
        assert!(!body.contains(absent), "{absent}");
    }
    // The one mention of chapter 5 tells the reader to check.
    let at = body.find("(5 kap.)").expect("chapter 5 is named once");
    let sentence_start = body[..at].rfind(". ").unwrap_or(0);
    assert!(body[sentence_start..at].contains("Kontrollera"));
}

fn the_organisations_matrix_letters_are_shown(db: Db) {
    let server = server(db);
    let store = server.store().clone();
    // Norrby changes the politicians' part in the needs analysis and gives
    // them one in the contract stage; no other test of this binary uses it.
    server.block_on(async move {
        let user = store
            .user_by_email("politiker@norrby.example")
            .await
            .unwrap()
            .unwrap();
        let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
        store
            .replace_org_raci(
                org,
                &[
                    RaciOverride {
                        stage: "behovsanalys".into(),
                        role: "politiker".into(),
                        letter: "C".into(),
                    },
                    RaciOverride {
                        stage: "avtal".into(),
                        role: "politiker".into(),
                        letter: "I".into(),
                    },
                ],
            )
            .await
            .unwrap();
    });
    let mut c = server.login("politiker@norrby.example");
    let body = decode_entities(&c.get("/kunskap/politiker").body);
    let row = |stage: &str| {
        let start = body.find(&format!("<tr id=\"steg-{stage}\">")).unwrap();
        body[start..start + body[start..].find("</tr>").unwrap()].to_string()
    };
    let needs = row("behovsanalys");
    assert!(needs.contains(">C</abbr> Konsulteras"), "{needs}");
    assert!(
        needs.contains("(ändrad av organisationen, standard: I)"),
        "{needs}"
    );
    let contract = row("avtal");
    assert!(contract.contains(">I</abbr> Informeras"), "{contract}");
    assert!(contract.contains("standard: –"), "{contract}");
    // The same role in Demokommun still has the default.
    let mut other = server.login("politiker@demokommun.example");
    let body = decode_entities(&other.get("/kunskap/politiker").body);
    assert!(!body.contains("ändrad av organisationen"));
}

fn unknown_roles_are_not_found(db: Db) {
    let server = server(db);
    let mut c = server.login("upphandlare@demokommun.example");
    for path in [
        "/kunskap/admin",
        "/kunskap/okand",
        "/kunskap/%00",
        "/kunskap/Upphandlare",
    ] {
        c.get(path).expect(404);
    }
    // Signed out: to the login page, like every page.
    let mut anon = server.client();
    assert!(anon.get("/kunskap").is_redirect());
}
