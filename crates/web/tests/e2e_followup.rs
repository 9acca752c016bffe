//! Issue 6 end to end in headless Chromium, on SQLite and PostgreSQL: the
//! demo service-car procurement of Demo kommun ("Tjänstebilar 2027") from the
//! award to a followed-up result.
//!
//! 1. The award, condensed from e2e_procurement.rs: the call (lowest price),
//!    three bids through the link signed out, the clock past the deadline,
//!    the opening, the evaluation, the decision, the notice, the clock past
//!    the standstill, the signed contract.
//! 2. The contract is in the register (/avtal), created by the award.
//!
//! The test moves time only through `state.clock.advance`; everything else
//! is a click or a form in the browser. axe-core scans every kind of page;
//! serious or critical findings fail the test at the end. The SQLite run
//! saves screenshots to /tmp/upphandla-e2e-followup/.

mod common;
#[path = "common/session.rs"]
mod session;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use common::{Db, Server, ServerOptions};
use session::{Session, orgnr, parse_date};
use upphandla_core::date::Date;
use upphandla_store::{OrgId, Procurement};
use upphandla_web::i18n::Lang;

const PROCURER: &str = "upphandlare@demokommun.example";
const DEMO_ORG: &str = "Demo kommun";
const DAY: i64 = 86_400;

/// One Chromium at a time: two cores are shared by everything.
static BROWSER: Mutex<()> = Mutex::new(());

fn sv(key: &str) -> &'static str {
    Lang::Sv.t(key)
}

fn shots_dir() -> PathBuf {
    std::env::temp_dir().join("upphandla-e2e-followup")
}

/// A supplier's bid as typed into the form (the call is on lowest price).
struct Supplier {
    name: &'static str,
    orgnr9: &'static str,
    contact: &'static str,
    price: &'static str,
}

/// The HVO supplier has the lowest price and wins.
const SUPPLIERS: [Supplier; 3] = [
    Supplier {
        name: "Bilpool Syd AB (demo)",
        orgnr9: "556677123",
        contact: "anbud@bilpoolsyd.example",
        price: "4 912 300",
    },
    Supplier {
        name: "HVO-fordon Norr AB (demo)",
        orgnr9: "556788234",
        contact: "offert@hvofordon.example",
        price: "4 655 870",
    },
    Supplier {
        name: "Elbilar Demoland AB (demo)",
        orgnr9: "559012345",
        contact: "anbud@elbilar.example",
        price: "5 104 990",
    },
];
const WINNER: usize = 1;

fn add_days(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// Demo kommun's id and its demo service-car procurement.
fn demo_procurement(server: &Server) -> (OrgId, Procurement) {
    let store = server.store();
    server.block_on(async {
        let org = store
            .organisations()
            .await
            .expect("organisations")
            .into_iter()
            .find(|o| o.demo && o.name == DEMO_ORG)
            .expect("Demo kommun");
        let p = store
            .procurements(org.id)
            .await
            .expect("procurements")
            .into_iter()
            .find(|p| p.title == upphandla_web::pages::procurements::DEMO_TITLE)
            .expect("the demo service-car procurement");
        (org.id, p)
    })
}

/// The call, three bids, the opening, the evaluation, the decision, the
/// notice and the signed contract; returns the signing date.
fn award(s: &mut Session, server: &Server, id: i64) -> Date {
    let clock = &server.state.clock;
    let today = clock.today();
    s.sign_in(PROCURER);
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    assert!(s.h1().starts_with(sv("bids.title")), "{}", s.h1());
    let deadline = add_days(today, 14);
    s.set_value("#deadline-date", &deadline.to_string());
    s.set_value("#deadline-time", "12:00");
    s.set_checked("input[name='method'][value='lowest_price']", true);
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud']"));
    let link = s
        .browser
        .try_find("#submission-link")
        .and_then(|e| e.attr("value"))
        .unwrap_or_else(|| panic!("no submission link: {}", s.excerpt(800)));
    s.sign_out();

    for b in &SUPPLIERS {
        s.browser.goto(&link);
        assert_eq!(s.h1(), sv("bids.submit_title"));
        s.browser.fill("#supplier_name", b.name);
        s.browser.fill("#supplier_orgnr", &orgnr(b.orgnr9));
        s.browser.fill("#contact", b.contact);
        s.browser.fill("#price", b.price);
        s.browser.fill(
            "#note",
            "Tjänstebilar enligt förfrågningsunderlaget (demodata).",
        );
        s.browser.submit("form[action^='/lamna-anbud/']");
        assert!(
            s.browser.try_find("main strong code").is_some(),
            "no receipt for {}: {}",
            b.name,
            s.excerpt(600)
        );
    }

    clock.advance(15 * DAY);
    s.sign_in(PROCURER);
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud/oppna']"));
    assert!(
        s.main_text().contains(sv("bids.opened")),
        "{}",
        s.excerpt(600)
    );
    s.goto(&format!("/upphandlingar/{id}/anbud/utvardering"));
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/utvardering']"
    ));
    let winner = SUPPLIERS[WINNER].name;
    assert_eq!(s.dl_value("dl.figures", sv("evaluation.winner")), winner);

    s.goto(&format!("/upphandlingar/{id}/anbud/tilldelning"));
    s.browser
        .fill("#reasons", &format!("{winner} har lägst pris (demodata)."));
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/tilldelning']"
    ));
    assert!(
        s.main_text().contains(sv("bids.decided")),
        "{}",
        s.excerpt(600)
    );
    let sent = clock.today();
    s.set_value("#notice-sent", &sent.to_string());
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/underrattelse']"
    ));
    let end_text = s.dl_value("#beslut + dl.figures", sv("bids.standstill_end"));
    let end = parse_date(&end_text).unwrap_or_else(|| panic!("standstill end {end_text:?}"));
    let wait = i64::from(end.days_since_epoch() - sent.days_since_epoch()) + 1;
    clock.advance(wait * DAY);
    let signed = clock.today();
    s.goto(&format!("/upphandlingar/{id}/anbud/tilldelning"));
    s.set_value("#contract-signed", &signed.to_string());
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud/avtal']"));
    assert_eq!(
        s.dl_value("#beslut + dl.figures", sv("bids.contract")),
        signed.to_string()
    );
    s.check("01-tilldelning-avtal");
    signed
}

fn followup(server: &Server, full: bool) -> Session {
    let started = Instant::now();
    let mut s = Session::start(server, full.then(shots_dir), "followup-", true);
    let (_org, p) = demo_procurement(server);
    let id = p.id;
    let signed = award(&mut s, server, id);
    eprintln!("award done in {:?} (signed {signed})", started.elapsed());
    s
}

#[test]
fn sqlite_service_cars_from_award_to_followed_up_result() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let server = Server::start(ServerOptions::new(Db::Sqlite));
    let s = followup(&server, true);
    eprintln!("SQLite run: {:?}", started.elapsed());
    s.finish();
}

#[test]
fn postgres_service_cars_from_award_to_followed_up_result() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    upphandla_testkit::pg::require_reachable();
    let started = Instant::now();
    let server = Server::start(ServerOptions::new(Db::Postgres));
    let s = followup(&server, false);
    eprintln!("PostgreSQL run: {:?}", started.elapsed());
    s.finish();
}
