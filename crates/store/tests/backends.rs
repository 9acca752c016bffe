//! One suite, two databases: every test below runs against a fresh SQLite
//! file and against a fresh PostgreSQL schema (`upphandla_testkit::pg`),
//! so both backends are held to the same behaviour. PostgreSQL must be up:
//! a missing server fails the tests instead of skipping them.

#[macro_use]
mod common;

use common::fixtures::alfa_and_beta;
use upphandla_store::{
    ImportMeta, ImportTotals, LineFilter, LineRecord, ModelKind, OrgId, OrgKind, Role,
    RuleFileKind, Store, StoreError, UserId, now,
};

on_both_backends!(
    migrations_are_idempotent,
    organisations_users_and_roles,
    sessions_expire_and_end,
    api_tokens_revoke,
    audit_log_per_organisation,
    rule_files_put_replace_delete,
    import_of_many_lines_commits_at_finish,
    dropped_import_writer_leaves_nothing,
    reanalysis_replaces_lines,
    lines_filter_and_page,
    models_crud,
    coordinator_sees_only_shared_imports,
    coordinator_sees_only_shared_models,
    import_heads_are_scoped_and_finished_only,
    lines_after_pages_by_key,
    concurrent_writers_wait_for_each_other,
    other_organisation_sees_and_changes_nothing,
    awkward_text_survives_storage,
);

/// Tabs, newlines, backslashes, quotes and non-ASCII in ledger text come back
/// as written (PostgreSQL's COPY text format escapes them).
async fn awkward_text_survives_storage(store: &Store) {
    let w = world(store).await;
    let mut writer = store
        .begin_import(w.a, &meta("Konstiga tecken", Some(w.alice)), b"x")
        .await
        .unwrap();
    let mut odd = line(1);
    odd.description = "flik\there\nny rad\r\\N \\ \"citat\" 'apostrof' ☃ \u{1F600} €".into();
    odd.supplier_name = "\\.".into();
    odd.rule = "nyckelord \"el\" (nyckelord:3)".into();
    odd.unit = String::new();
    writer.add_lines(std::slice::from_ref(&odd)).await.unwrap();
    let id = writer
        .finish(totals_of(std::slice::from_ref(&odd)), "{}", "{}")
        .await
        .unwrap();
    let (lines, count) = store
        .lines(w.a, id, &LineFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(lines, vec![odd]);
}

/// Two municipalities, a coordinator for the first, and a user in each.
struct World {
    a: OrgId,
    b: OrgId,
    coordinator: OrgId,
    alice: UserId,
    bob: UserId,
}

async fn world(store: &Store) -> World {
    let (a, b) = alfa_and_beta(store).await;
    let coordinator = store
        .create_organisation("Energikontoret", OrgKind::Samordnare, "", false)
        .await
        .unwrap();
    store.add_coordination(coordinator, a).await.unwrap();
    let alice = store
        .create_user("alice@alfa.example", "Alice Alfa", "hash-a")
        .await
        .unwrap();
    let bob = store
        .create_user("bob@beta.example", "Bob Beta", "hash-b")
        .await
        .unwrap();
    store.add_role(alice, a, Role::Upphandlare).await.unwrap();
    store.add_role(bob, b, Role::Upphandlare).await.unwrap();
    World {
        a,
        b,
        coordinator,
        alice,
        bob,
    }
}

const UNITS: [&str; 3] = ["Skola", "Vård och omsorg", "Teknik"];
const CATEGORIES: [&str; 4] = ["Livsmedel", "Transporter", "IT-utrustning", "Okänd"];

/// Ledger line `n` (from 1): deterministic, so expectations can be computed.
fn line(n: i64) -> LineRecord {
    let month = n % 12 + 1;
    let (supplier_id, supplier_name) = if n % 5 == 0 {
        (String::new(), format!("Kontantinköp {}", n % 2))
    } else {
        (
            format!("556000-000{}", n % 3),
            format!("Leverantör {}", n % 3),
        )
    };
    LineRecord {
        line_no: n,
        date: format!("2024-{month:02}-{:02}", n % 28 + 1),
        unit: UNITS[(n % 3) as usize].to_string(),
        account: format!("{}", 4000 + n % 7),
        supplier_id,
        supplier_name,
        description: format!("Rad {n} – åäö"),
        cpv: if n % 2 == 0 {
            "15000000".into()
        } else {
            String::new()
        },
        amount_ore: n * 100 + 7,
        category: CATEGORIES[(n % 4) as usize].to_string(),
        rule: format!("konto {}", 4000 + n % 7),
        kg_co2e: n as f64 * 0.5,
    }
}

fn meta(name: &str, user: Option<UserId>) -> ImportMeta {
    ImportMeta {
        name: name.to_string(),
        file_name: format!("{name}.csv"),
        format: "csv".into(),
        uploaded_by: user,
        demo: false,
    }
}

fn totals_of(lines: &[LineRecord]) -> ImportTotals {
    ImportTotals {
        rows: lines.len() as i64,
        total_ore: lines.iter().map(|l| l.amount_ore).sum(),
        kg_co2e: lines.iter().map(|l| l.kg_co2e).sum(),
        share_classified: 0.75,
    }
}

/// A finished import of lines 1..=n; returns its id.
async fn finished_import(
    store: &Store,
    org: OrgId,
    name: &str,
    user: Option<UserId>,
    n: i64,
) -> i64 {
    let lines: Vec<LineRecord> = (1..=n).map(line).collect();
    let mut writer = store
        .begin_import(org, &meta(name, user), b"datum;belopp\n")
        .await
        .unwrap();
    writer.add_lines(&lines).await.unwrap();
    writer
        .finish(totals_of(&lines), r#"{"report":1}"#, r#"{"meta":1}"#)
        .await
        .unwrap()
}

async fn line_count(store: &Store, org: OrgId, import: i64) -> i64 {
    store
        .lines(org, import, &LineFilter::default(), 0, 1)
        .await
        .unwrap()
        .1
}

async fn migrations_are_idempotent(store: &Store) {
    assert_eq!(store.migrate().await.unwrap(), Vec::<i64>::new());
    assert_eq!(store.migrate().await.unwrap(), Vec::<i64>::new());
    // The schema is usable and empty.
    assert!(store.organisations().await.unwrap().is_empty());
    assert!(store.user_by_email("x@y.example").await.unwrap().is_none());
}

async fn organisations_users_and_roles(store: &Store) {
    let w = world(store).await;
    let names: Vec<String> = store
        .organisations()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Alfa kommun", "Beta kommun", "Energikontoret"]);
    let a = store.organisation(w.a).await.unwrap().unwrap();
    assert_eq!(
        (a.kind, a.orgnr.as_str(), a.demo),
        (OrgKind::Kommun, "212000-0001", false)
    );
    assert!(
        store
            .update_organisation(w.a, "Alfa kommun (ny)", "212000-0009")
            .await
            .unwrap()
    );
    assert_eq!(
        store.organisation(w.a).await.unwrap().unwrap().name,
        "Alfa kommun (ny)"
    );
    assert!(
        !store
            .update_organisation(OrgId(999_999), "x", "")
            .await
            .unwrap()
    );
    assert!(store.organisation(OrgId(999_999)).await.unwrap().is_none());

    // Coordination is idempotent.
    store.add_coordination(w.coordinator, w.a).await.unwrap();
    let members = store.coordinated_members(w.coordinator).await.unwrap();
    assert_eq!(members.iter().map(|o| o.id).collect::<Vec<_>>(), vec![w.a]);

    // E-mail addresses are stored trimmed and lower-case, and unique.
    let carl = store
        .create_user("  Carl@Alfa.Example ", "Carl", "hash-c")
        .await
        .unwrap();
    let found = store
        .user_by_email("CARL@alfa.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.id, found.email.as_str()),
        (carl, "carl@alfa.example")
    );
    assert!(!found.disabled);
    assert!(matches!(
        store.create_user("carl@alfa.example", "Carl 2", "h").await,
        Err(StoreError::Conflict(_))
    ));
    store.set_password(carl, "hash-c2").await.unwrap();
    assert_eq!(
        store.user(carl).await.unwrap().unwrap().password_hash,
        "hash-c2"
    );

    // Roles: add is idempotent, set replaces, empty set removes the membership.
    store.add_role(carl, w.a, Role::Politiker).await.unwrap();
    store.add_role(carl, w.a, Role::Politiker).await.unwrap();
    store.add_role(carl, w.a, Role::Admin).await.unwrap();
    store.add_role(carl, w.b, Role::Miljostrateg).await.unwrap();
    assert_eq!(
        store.roles(carl, w.a).await.unwrap(),
        vec![Role::Admin, Role::Politiker]
    );
    let memberships = store.memberships(carl).await.unwrap();
    assert_eq!(memberships.len(), 2);
    assert_eq!(memberships[0].organisation.id, w.a);
    assert_eq!(memberships[0].roles, vec![Role::Admin, Role::Politiker]);
    assert_eq!(memberships[1].roles, vec![Role::Miljostrateg]);

    store
        .set_roles(carl, w.a, &[Role::Upphandlare, Role::Bestallare])
        .await
        .unwrap();
    assert_eq!(
        store.roles(carl, w.a).await.unwrap(),
        vec![Role::Upphandlare, Role::Bestallare]
    );
    let users = store.organisation_users(w.a).await.unwrap();
    let names: Vec<&str> = users.iter().map(|u| u.user.name.as_str()).collect();
    assert_eq!(names, ["Alice Alfa", "Carl"]);
    assert_eq!(users[1].roles, vec![Role::Upphandlare, Role::Bestallare]);

    store.set_roles(carl, w.a, &[]).await.unwrap();
    assert!(store.roles(carl, w.a).await.unwrap().is_empty());
    assert_eq!(store.memberships(carl).await.unwrap().len(), 1);
    // Bob's roles in B were not touched by anything above.
    assert_eq!(
        store.roles(w.bob, w.b).await.unwrap(),
        vec![Role::Upphandlare]
    );
}

async fn sessions_expire_and_end(store: &Store) {
    let w = world(store).await;
    let later = now() + 3600;
    store
        .create_session("live", w.alice, w.a, "csrf-1", later)
        .await
        .unwrap();
    store
        .create_session("old", w.alice, w.a, "csrf-2", now() - 1)
        .await
        .unwrap();
    store
        .create_session("bobs", w.bob, w.b, "csrf-3", later)
        .await
        .unwrap();
    let live = store.session("live").await.unwrap().unwrap();
    assert_eq!(
        (
            live.user_id,
            live.org_id,
            live.csrf_token.as_str(),
            live.expires_at
        ),
        (w.alice, w.a, "csrf-1", later)
    );
    assert!(store.session("old").await.unwrap().is_none(), "expired");
    assert!(store.session("unknown").await.unwrap().is_none());
    assert_eq!(store.delete_expired_sessions().await.unwrap(), 1);

    store.set_session_org("live", w.b).await.unwrap();
    assert_eq!(store.session("live").await.unwrap().unwrap().org_id, w.b);

    store.delete_session("live").await.unwrap();
    assert!(store.session("live").await.unwrap().is_none());
    assert!(store.session("bobs").await.unwrap().is_some());

    store
        .create_session("alice2", w.alice, w.a, "c", later)
        .await
        .unwrap();
    store
        .create_session("alice3", w.alice, w.a, "c", later)
        .await
        .unwrap();
    store.delete_user_sessions(w.alice).await.unwrap();
    assert!(store.session("alice2").await.unwrap().is_none());
    assert!(store.session("alice3").await.unwrap().is_none());
    assert!(
        store.session("bobs").await.unwrap().is_some(),
        "other users keep theirs"
    );
}

async fn api_tokens_revoke(store: &Store) {
    let w = world(store).await;
    let id = store
        .create_api_token(w.a, w.alice, "Ekonomisystemet", "hash-1")
        .await
        .unwrap();
    let second = store
        .create_api_token(w.a, w.alice, "BI", "hash-2")
        .await
        .unwrap();
    let token = store.api_token("hash-1").await.unwrap().unwrap();
    assert_eq!(
        (token.id, token.org_id, token.user_id, token.name.as_str()),
        (id, w.a, w.alice, "Ekonomisystemet")
    );
    assert_eq!(token.revoked_at, None);
    assert!(store.api_token("nope").await.unwrap().is_none());
    // A hash is unique.
    assert!(
        store
            .create_api_token(w.b, w.bob, "dubblett", "hash-1")
            .await
            .is_err()
    );

    assert!(store.revoke_api_token(w.a, id).await.unwrap());
    assert!(!store.revoke_api_token(w.a, id).await.unwrap(), "only once");
    assert!(store.api_token("hash-1").await.unwrap().is_none());
    assert!(store.api_token("hash-2").await.unwrap().is_some());
    let listed = store.api_tokens(w.a).await.unwrap();
    assert_eq!(
        listed.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![id, second]
    );
    assert!(listed[0].revoked_at.is_some());
    assert!(listed[1].revoked_at.is_none());
}

async fn audit_log_per_organisation(store: &Store) {
    let w = world(store).await;
    store
        .audit(
            Some(w.a),
            Some(w.alice),
            "login",
            "alice@alfa.example",
            "10.0.0.1",
        )
        .await
        .unwrap();
    store
        .audit(
            Some(w.a),
            Some(w.alice),
            "spend.import",
            "lev.csv",
            "10.0.0.1",
        )
        .await
        .unwrap();
    store
        .audit(None, None, "login.failed", "x@y.example", "10.0.0.2")
        .await
        .unwrap();
    store
        .audit(
            Some(w.b),
            Some(w.bob),
            "login",
            "bob@beta.example",
            "10.0.0.3",
        )
        .await
        .unwrap();
    let log = store.audit_log(w.a, 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["spend.import", "login"], "newest first, A only");
    assert_eq!(log[0].user_name, "Alice Alfa");
    assert_eq!(
        (log[0].detail.as_str(), log[0].ip.as_str()),
        ("lev.csv", "10.0.0.1")
    );
    assert_eq!((log[0].org_id, log[0].user_id), (Some(w.a), Some(w.alice)));
    assert!(log[0].at >= now() - 60);
    assert_eq!(store.audit_log(w.a, 1).await.unwrap().len(), 1);
    let log_b = store.audit_log(w.b, 10).await.unwrap();
    assert_eq!(log_b.len(), 1);
    assert_eq!(log_b[0].detail, "bob@beta.example");
}

async fn rule_files_put_replace_delete(store: &Store) {
    let w = world(store).await;
    assert!(store.rule_files(w.a).await.unwrap().is_empty());
    store
        .put_rule_file(
            w.a,
            RuleFileKind::Accounts,
            "konto;kategori\n4010;IT\n",
            None,
        )
        .await
        .unwrap();
    store
        .put_rule_file(
            w.a,
            RuleFileKind::Suppliers,
            "orgnr;kategori\n",
            Some(w.alice),
        )
        .await
        .unwrap();
    let accounts = store
        .rule_file(w.a, RuleFileKind::Accounts)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(accounts.content, "konto;kategori\n4010;IT\n");
    assert_eq!(accounts.updated_by, None);

    store
        .put_rule_file(
            w.a,
            RuleFileKind::Accounts,
            "konto;kategori\n4020;Livsmedel\n",
            Some(w.alice),
        )
        .await
        .unwrap();
    let accounts = store
        .rule_file(w.a, RuleFileKind::Accounts)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(accounts.content, "konto;kategori\n4020;Livsmedel\n");
    assert_eq!(accounts.updated_by, Some(w.alice));
    let kinds: Vec<RuleFileKind> = store
        .rule_files(w.a)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(kinds, [RuleFileKind::Accounts, RuleFileKind::Suppliers]);

    // Empty (or blank) content removes the file.
    store
        .put_rule_file(w.a, RuleFileKind::Accounts, "  \n", Some(w.alice))
        .await
        .unwrap();
    assert!(
        store
            .rule_file(w.a, RuleFileKind::Accounts)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.rule_files(w.a).await.unwrap().len(), 1);
    assert!(store.rule_files(w.b).await.unwrap().is_empty());
}

async fn import_of_many_lines_commits_at_finish(store: &Store) {
    let w = world(store).await;
    const N: i64 = 25_000;
    let file = "datum;belopp\n".repeat(100);
    let mut writer = store
        .begin_import(w.a, &meta("Reskontra 2024", Some(w.alice)), file.as_bytes())
        .await
        .unwrap();
    let id = writer.import_id();
    let lines: Vec<LineRecord> = (1..=N).map(line).collect();
    for batch in lines.chunks(5_000) {
        writer.add_lines(batch).await.unwrap();
    }
    assert_eq!(writer.lines_written(), N as u64);
    // Not visible to others until it is finished.
    assert!(store.import(w.a, id).await.unwrap().is_none());
    assert!(store.imports(w.a).await.unwrap().is_empty());

    let totals = totals_of(&lines);
    let report = r#"{"categories":[]}"#;
    assert_eq!(
        writer
            .finish(totals, report, r#"{"title":"x"}"#)
            .await
            .unwrap(),
        id
    );

    let row = store.import(w.a, id).await.unwrap().unwrap();
    let s = &row.summary;
    assert_eq!(
        (
            s.id,
            s.org_id,
            s.name.as_str(),
            s.file_name.as_str(),
            s.format.as_str()
        ),
        (id, w.a, "Reskontra 2024", "Reskontra 2024.csv", "csv")
    );
    assert_eq!(s.uploaded_by, "Alice Alfa");
    assert_eq!((s.rows, s.total_ore), (N, totals.total_ore));
    assert!((s.kg_co2e - totals.kg_co2e).abs() < 1e-6);
    assert!((s.share_classified - 0.75).abs() < 1e-12);
    assert!(!s.shared && !s.demo);
    assert!(s.analysed_at >= s.uploaded_at);
    assert_eq!(row.report_json, report);
    assert_eq!(row.meta_json, r#"{"title":"x"}"#);
    assert_eq!(
        store.import_file(w.a, id).await.unwrap().unwrap(),
        file.as_bytes()
    );
    assert_eq!(store.imports(w.a).await.unwrap().len(), 1);

    // Every line arrived intact, in order.
    let (first, count) = store
        .lines(w.a, id, &LineFilter::default(), 0, 3)
        .await
        .unwrap();
    assert_eq!(count, N);
    assert_eq!(first, vec![line(1), line(2), line(3)]);
    let (last, _) = store
        .lines(w.a, id, &LineFilter::default(), N - 3, 10)
        .await
        .unwrap();
    assert_eq!(last, vec![line(N - 2), line(N - 1), line(N)]);

    assert!(store.delete_import(w.a, id).await.unwrap());
    assert!(store.import(w.a, id).await.unwrap().is_none());
    assert!(store.import_file(w.a, id).await.unwrap().is_none());
    assert_eq!(line_count(store, w.a, id).await, 0);
    assert!(!store.delete_import(w.a, id).await.unwrap());
}

async fn dropped_import_writer_leaves_nothing(store: &Store) {
    let w = world(store).await;
    let lines: Vec<LineRecord> = (1..=3_000).map(line).collect();
    let id = {
        let mut writer = store
            .begin_import(w.a, &meta("Avbruten", None), b"data")
            .await
            .unwrap();
        writer.add_lines(&lines).await.unwrap();
        writer.import_id()
        // Dropped here without finish: a bad row later in the file.
    };
    assert!(store.import(w.a, id).await.unwrap().is_none());
    assert!(store.import_file(w.a, id).await.unwrap().is_none());
    assert!(store.imports(w.a).await.unwrap().is_empty());
    assert_eq!(line_count(store, w.a, id).await, 0);

    // The database is free for the next import (no lock left behind).
    let next = finished_import(store, w.a, "Nästa", None, 10).await;
    assert_eq!(line_count(store, w.a, next).await, 10);
    assert_eq!(store.imports(w.a).await.unwrap().len(), 1);
}

async fn reanalysis_replaces_lines(store: &Store) {
    let w = world(store).await;
    let id = finished_import(store, w.a, "Reskontra", Some(w.alice), 40).await;
    let before = store.import(w.a, id).await.unwrap().unwrap();

    // A re-analysis that fails keeps the old lines.
    {
        let mut writer = store.begin_reanalysis(w.a, id).await.unwrap().unwrap();
        writer.add_lines(&[line(1)]).await.unwrap();
    }
    assert_eq!(line_count(store, w.a, id).await, 40);

    let mut writer = store.begin_reanalysis(w.a, id).await.unwrap().unwrap();
    assert_eq!(writer.import_id(), id);
    let fresh: Vec<LineRecord> = (1..=15)
        .map(|n| LineRecord {
            category: "Omklassad".into(),
            ..line(n)
        })
        .collect();
    writer.add_lines(&fresh).await.unwrap();
    writer
        .finish(totals_of(&fresh), r#"{"v":2}"#, r#"{"m":2}"#)
        .await
        .unwrap();
    let (rows, count) = store
        .lines(w.a, id, &LineFilter::default(), 0, 100)
        .await
        .unwrap();
    assert_eq!((rows, count), (fresh.clone(), 15));
    let after = store.import(w.a, id).await.unwrap().unwrap();
    assert_eq!(after.summary.rows, 15);
    assert_eq!(after.summary.total_ore, totals_of(&fresh).total_ore);
    assert_eq!(after.report_json, r#"{"v":2}"#);
    assert!(after.summary.analysed_at >= before.summary.analysed_at);
    assert_eq!(after.summary.uploaded_at, before.summary.uploaded_at);
    assert_eq!(store.imports(w.a).await.unwrap().len(), 1, "no new import");
}

async fn lines_filter_and_page(store: &Store) {
    let w = world(store).await;
    const N: i64 = 240;
    let id = finished_import(store, w.a, "Filter", None, N).await;
    let all: Vec<LineRecord> = (1..=N).map(line).collect();
    let check = |filter: LineFilter, expected: Vec<&LineRecord>| {
        let expected: Vec<LineRecord> = expected.into_iter().cloned().collect();
        let store = store.clone();
        let a = w.a;
        async move {
            let (rows, count) = store.lines(a, id, &filter, 0, 1_000).await.unwrap();
            assert!(count > 0, "the filter {filter:?} should match something");
            assert_eq!(count, expected.len() as i64, "{filter:?}");
            assert_eq!(rows, expected, "{filter:?}");
        }
    };
    check(
        LineFilter {
            category: Some("Transporter".into()),
            ..Default::default()
        },
        all.iter().filter(|l| l.category == "Transporter").collect(),
    )
    .await;
    check(
        LineFilter {
            unit: Some("Vård och omsorg".into()),
            ..Default::default()
        },
        all.iter().filter(|l| l.unit == "Vård och omsorg").collect(),
    )
    .await;
    check(
        LineFilter {
            month: Some("2024-03".into()),
            ..Default::default()
        },
        all.iter()
            .filter(|l| l.date.starts_with("2024-03"))
            .collect(),
    )
    .await;
    // Supplier: the org number, or the name when the line has none.
    check(
        LineFilter {
            supplier: Some("556000-0001".into()),
            ..Default::default()
        },
        all.iter()
            .filter(|l| l.supplier_id == "556000-0001")
            .collect(),
    )
    .await;
    check(
        LineFilter {
            supplier: Some("Kontantinköp 1".into()),
            ..Default::default()
        },
        all.iter()
            .filter(|l| l.supplier_id.is_empty() && l.supplier_name == "Kontantinköp 1")
            .collect(),
    )
    .await;
    // A supplier name is not matched where the line has an org number.
    let (rows, count) = store
        .lines(
            w.a,
            id,
            &LineFilter {
                supplier: Some("Leverantör 1".into()),
                ..Default::default()
            },
            0,
            10,
        )
        .await
        .unwrap();
    assert_eq!((rows.len(), count), (0, 0));
    // Filters combine.
    check(
        LineFilter {
            category: Some("Livsmedel".into()),
            unit: Some("Skola".into()),
            month: Some("2024-01".into()),
            supplier: None,
        },
        all.iter()
            .filter(|l| {
                l.category == "Livsmedel" && l.unit == "Skola" && l.date.starts_with("2024-01")
            })
            .collect(),
    )
    .await;

    // Paging: file order, offset and limit, total unchanged.
    let mut seen = Vec::new();
    for page in 0..5 {
        let (rows, count) = store
            .lines(w.a, id, &LineFilter::default(), page * 50, 50)
            .await
            .unwrap();
        assert_eq!(count, N);
        seen.extend(rows);
    }
    assert_eq!(seen, all);
    let (rows, count) = store
        .lines(
            w.a,
            id,
            &LineFilter {
                category: Some("IT-utrustning".into()),
                ..Default::default()
            },
            10,
            5,
        )
        .await
        .unwrap();
    let it: Vec<&LineRecord> = all
        .iter()
        .filter(|l| l.category == "IT-utrustning")
        .collect();
    assert_eq!(count, it.len() as i64);
    assert_eq!(rows.iter().collect::<Vec<_>>(), it[10..15].to_vec());
    let (rows, _) = store
        .lines(w.a, id, &LineFilter::default(), N + 10, 50)
        .await
        .unwrap();
    assert!(rows.is_empty());
}

async fn models_crud(store: &Store) {
    let w = world(store).await;
    let lcc = store
        .create_model(
            w.a,
            ModelKind::Lcc,
            "Elbil eller biogasbil",
            "vehicles",
            "[lcc]\nname = \"x\"\n",
            Some(w.alice),
            false,
        )
        .await
        .unwrap();
    let eval = store
        .create_model(
            w.a,
            ModelKind::Evaluation,
            "Utvärdering städ",
            "",
            "[evaluation]\n",
            None,
            true,
        )
        .await
        .unwrap();
    let lccs = store.models(w.a, ModelKind::Lcc).await.unwrap();
    assert_eq!(lccs.len(), 1);
    let s = &lccs[0];
    assert_eq!(
        (s.id, s.org_id, s.kind, s.name.as_str(), s.template.as_str()),
        (
            lcc,
            w.a,
            ModelKind::Lcc,
            "Elbil eller biogasbil",
            "vehicles"
        )
    );
    assert!(!s.shared && !s.demo);
    let evals = store.models(w.a, ModelKind::Evaluation).await.unwrap();
    assert_eq!(evals.iter().map(|m| m.id).collect::<Vec<_>>(), vec![eval]);
    assert!(evals[0].demo);

    let row = store.model(w.a, lcc).await.unwrap().unwrap();
    assert_eq!(row.content, "[lcc]\nname = \"x\"\n");
    assert!(
        store
            .update_model(w.a, lcc, "Elbil (ändrad)", "[lcc]\nname = \"y\"\n")
            .await
            .unwrap()
    );
    let row = store.model(w.a, lcc).await.unwrap().unwrap();
    assert_eq!(
        (row.summary.name.as_str(), row.content.as_str()),
        ("Elbil (ändrad)", "[lcc]\nname = \"y\"\n")
    );
    assert!(store.set_model_shared(w.a, lcc, true).await.unwrap());
    assert!(store.model(w.a, lcc).await.unwrap().unwrap().summary.shared);

    // Newest first.
    let second = store
        .create_model(
            w.a,
            ModelKind::Lcc,
            "Belysning",
            "lighting",
            "x",
            None,
            false,
        )
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .models(w.a, ModelKind::Lcc)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, vec![second, lcc]);

    assert!(store.delete_model(w.a, lcc).await.unwrap());
    assert!(!store.delete_model(w.a, lcc).await.unwrap());
    assert!(store.model(w.a, lcc).await.unwrap().is_none());
    assert!(!store.update_model(w.a, lcc, "x", "y").await.unwrap());
    assert_eq!(store.models(w.a, ModelKind::Lcc).await.unwrap().len(), 1);
}

async fn coordinator_sees_only_shared_imports(store: &Store) {
    let w = world(store).await;
    let a1 = finished_import(store, w.a, "A delad", None, 5).await;
    let _a2 = finished_import(store, w.a, "A privat", None, 5).await;
    let b1 = finished_import(store, w.b, "B delad men ej medlem", None, 5).await;
    assert!(
        store
            .shared_imports(w.coordinator)
            .await
            .unwrap()
            .is_empty()
    );

    assert!(store.set_import_shared(w.a, a1, true).await.unwrap());
    assert!(store.set_import_shared(w.b, b1, true).await.unwrap());
    let shared = store.shared_imports(w.coordinator).await.unwrap();
    assert_eq!(
        shared.iter().map(|s| (s.id, s.org_id)).collect::<Vec<_>>(),
        vec![(a1, w.a)],
        "only members' shared imports"
    );
    assert!(shared[0].shared);
    // Another coordinator without the membership sees nothing.
    let other = store
        .create_organisation("Länsstyrelsen", OrgKind::Samordnare, "", false)
        .await
        .unwrap();
    assert!(store.shared_imports(other).await.unwrap().is_empty());
    // The coordinator's own scope holds none of A's imports.
    assert!(store.import(w.coordinator, a1).await.unwrap().is_none());

    assert!(store.set_import_shared(w.a, a1, false).await.unwrap());
    assert!(
        store
            .shared_imports(w.coordinator)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn coordinator_sees_only_shared_models(store: &Store) {
    let w = world(store).await;
    let ids = |list: Vec<upphandla_store::Organisation>| -> Vec<OrgId> {
        list.into_iter().map(|o| o.id).collect()
    };
    assert_eq!(
        ids(store.coordinators_of(w.a).await.unwrap()),
        vec![w.coordinator]
    );
    assert!(store.coordinators_of(w.b).await.unwrap().is_empty());

    let model = |org, name: &'static str| async move {
        store
            .create_model(org, ModelKind::Lcc, name, "vehicles", name, None, false)
            .await
            .unwrap()
    };
    let a_shared = model(w.a, "A delad").await;
    let a_private = model(w.a, "A privat").await;
    let b_shared = model(w.b, "B delad, ej medlem").await;
    let a_eval = store
        .create_model(w.a, ModelKind::Evaluation, "A utv", "", "x", None, false)
        .await
        .unwrap();
    assert!(
        store
            .shared_models(w.coordinator, ModelKind::Lcc)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .shared_model(w.coordinator, a_shared)
            .await
            .unwrap()
            .is_none()
    );

    for (org, id) in [(w.a, a_shared), (w.b, b_shared), (w.a, a_eval)] {
        assert!(store.set_model_shared(org, id, true).await.unwrap());
    }
    let shared = store
        .shared_models(w.coordinator, ModelKind::Lcc)
        .await
        .unwrap();
    assert_eq!(
        shared.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![a_shared],
        "only members' shared models of the kind asked for"
    );
    let row = store
        .shared_model(w.coordinator, a_shared)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.summary.org_id, row.content.as_str()), (w.a, "A delad"));
    assert!(
        store
            .shared_model(w.coordinator, a_private)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .shared_model(w.coordinator, b_shared)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .shared_models(w.coordinator, ModelKind::Evaluation)
            .await
            .unwrap()
            .len(),
        1
    );
    // A member is no coordinator: B sees nothing of A's shared model.
    assert!(store.shared_model(w.b, a_shared).await.unwrap().is_none());
    assert!(
        store
            .shared_models(w.b, ModelKind::Lcc)
            .await
            .unwrap()
            .is_empty()
    );
}

#[test]
fn only_politicians_and_coordinators_read_only() {
    for role in Role::ALL {
        let reads_only = matches!(role, Role::Politiker | Role::Samordnare);
        assert_eq!(role.may_edit(), !reads_only, "{role:?}");
    }
}

/// Organisation B, calling every scoped function with A's ids, reads nothing
/// and changes nothing of A's.
async fn other_organisation_sees_and_changes_nothing(store: &Store) {
    let w = world(store).await;
    let (a, b) = (w.a, w.b);
    let import = finished_import(store, a, "A:s reskontra", Some(w.alice), 20).await;
    let model = store
        .create_model(
            a,
            ModelKind::Lcc,
            "A:s modell",
            "vehicles",
            "A",
            Some(w.alice),
            false,
        )
        .await
        .unwrap();
    store
        .put_rule_file(a, RuleFileKind::Accounts, "A:s kontoplan", Some(w.alice))
        .await
        .unwrap();
    let token = store
        .create_api_token(a, w.alice, "A:s nyckel", "a-token")
        .await
        .unwrap();
    store
        .audit(Some(a), Some(w.alice), "spend.import", "A:s fil", "1.2.3.4")
        .await
        .unwrap();

    // Reads.
    assert!(store.imports(b).await.unwrap().is_empty());
    assert!(store.import(b, import).await.unwrap().is_none());
    assert!(store.import_file(b, import).await.unwrap().is_none());
    assert_eq!(
        store
            .lines(b, import, &LineFilter::default(), 0, 100)
            .await
            .unwrap(),
        (vec![], 0)
    );
    assert!(store.begin_reanalysis(b, import).await.unwrap().is_none());
    assert!(store.models(b, ModelKind::Lcc).await.unwrap().is_empty());
    assert!(store.model(b, model).await.unwrap().is_none());
    assert!(
        store
            .rule_file(b, RuleFileKind::Accounts)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.rule_files(b).await.unwrap().is_empty());
    assert!(store.api_tokens(b).await.unwrap().is_empty());
    assert!(store.audit_log(b, 100).await.unwrap().is_empty());
    assert!(store.roles(w.alice, b).await.unwrap().is_empty());
    assert!(
        store
            .organisation_users(b)
            .await
            .unwrap()
            .iter()
            .all(|u| u.user.id != w.alice)
    );
    assert!(store.coordinated_members(b).await.unwrap().is_empty());
    assert!(store.shared_imports(b).await.unwrap().is_empty());

    // Changes are refused.
    assert!(!store.set_import_shared(b, import, true).await.unwrap());
    assert!(!store.delete_import(b, import).await.unwrap());
    assert!(!store.update_model(b, model, "B", "B").await.unwrap());
    assert!(!store.set_model_shared(b, model, true).await.unwrap());
    assert!(!store.delete_model(b, model).await.unwrap());
    assert!(!store.revoke_api_token(b, token).await.unwrap());
    store
        .put_rule_file(b, RuleFileKind::Accounts, "B:s kontoplan", Some(w.bob))
        .await
        .unwrap();
    store
        .put_rule_file(b, RuleFileKind::Accounts, "", Some(w.bob))
        .await
        .unwrap();

    // A's data is whole.
    let row = store.import(a, import).await.unwrap().unwrap();
    assert!(!row.summary.shared);
    assert_eq!(line_count(store, a, import).await, 20);
    let m = store.model(a, model).await.unwrap().unwrap();
    assert_eq!(
        (m.summary.name.as_str(), m.content.as_str()),
        ("A:s modell", "A")
    );
    assert!(!m.summary.shared);
    assert_eq!(
        store
            .rule_file(a, RuleFileKind::Accounts)
            .await
            .unwrap()
            .unwrap()
            .content,
        "A:s kontoplan"
    );
    assert!(store.api_token("a-token").await.unwrap().is_some());
    assert_eq!(store.audit_log(a, 10).await.unwrap().len(), 1);
    assert_eq!(store.roles(w.bob, a).await.unwrap(), Vec::<Role>::new());
}

async fn import_heads_are_scoped_and_finished_only(store: &Store) {
    let w = world(store).await;
    let id = finished_import(store, w.a, "Huvud", Some(w.alice), 12).await;
    let (summary, meta_json) = store.import_head(w.a, id).await.unwrap().unwrap();
    assert_eq!(
        (summary.id, summary.rows, summary.name.as_str()),
        (id, 12, "Huvud")
    );
    assert_eq!(meta_json, r#"{"meta":1}"#);
    assert!(store.import_head(w.b, id).await.unwrap().is_none());
    assert!(
        store
            .import_head(w.coordinator, id)
            .await
            .unwrap()
            .is_none()
    );

    // An import still being written has no head.
    let mut writer = store
        .begin_import(w.a, &meta("Pågår", None), b"x")
        .await
        .unwrap();
    writer.add_lines(&[line(1)]).await.unwrap();
    let open = writer.import_id();
    assert!(store.import_head(w.a, open).await.unwrap().is_none());
    drop(writer);

    // Shared heads: only the coordinating body, only once shared.
    assert!(
        store
            .shared_import_head(w.coordinator, id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.set_import_shared(w.a, id, true).await.unwrap());
    let (shared, _) = store
        .shared_import_head(w.coordinator, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((shared.id, shared.org_id), (id, w.a));
    assert!(store.shared_import_head(w.b, id).await.unwrap().is_none());
    let other = store
        .create_organisation("Annan samordnare", OrgKind::Samordnare, "", false)
        .await
        .unwrap();
    assert!(store.shared_import_head(other, id).await.unwrap().is_none());
    // B's own import, shared, is not the coordinator's: B is no member.
    let b_import = finished_import(store, w.b, "B", None, 3).await;
    assert!(store.set_import_shared(w.b, b_import, true).await.unwrap());
    assert!(
        store
            .shared_import_head(w.coordinator, b_import)
            .await
            .unwrap()
            .is_none()
    );
}

async fn lines_after_pages_by_key(store: &Store) {
    let w = world(store).await;
    const N: i64 = 1_234;
    let id = finished_import(store, w.a, "Nyckel", None, N).await;
    let all: Vec<LineRecord> = (1..=N).map(line).collect();
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .lines_after(w.a, id, &LineFilter::default(), after, 500)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = last.line_no;
        seen.extend(page);
    }
    assert_eq!(seen, all);
    let filter = LineFilter {
        category: Some("Transporter".into()),
        ..Default::default()
    };
    let page = store.lines_after(w.a, id, &filter, 100, 10).await.unwrap();
    let expected: Vec<LineRecord> = all
        .iter()
        .filter(|l| l.category == "Transporter" && l.line_no > 100)
        .take(10)
        .cloned()
        .collect();
    assert_eq!(page, expected);
    assert!(
        store
            .lines_after(w.b, id, &LineFilter::default(), 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Imports, a re-analysis and a deletion at the same time: on SQLite the
/// writers queue for the one write lock instead of failing "database is locked".
async fn concurrent_writers_wait_for_each_other(store: &Store) {
    let w = world(store).await;
    let existing = finished_import(store, w.a, "Befintlig", None, 500).await;
    let doomed = finished_import(store, w.a, "Tas bort", None, 500).await;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..6 {
        let store = store.clone();
        let org = if n % 2 == 0 { w.a } else { w.b };
        tasks.spawn(async move {
            let lines: Vec<LineRecord> = (1..=2_000).map(line).collect();
            let mut writer = store
                .begin_import(org, &meta(&format!("Samtidig {n}"), None), b"x")
                .await?;
            for batch in lines.chunks(250) {
                writer.add_lines(batch).await?;
                tokio::task::yield_now().await;
            }
            writer
                .finish(totals_of(&lines), "{\"r\":1}", "{}")
                .await
                .map(|_| ())
        });
    }
    {
        let store = store.clone();
        let org = w.a;
        tasks.spawn(async move {
            let mut writer = store.begin_reanalysis(org, existing).await?.expect("found");
            let lines: Vec<LineRecord> = (1..=300).map(line).collect();
            writer.add_lines(&lines).await?;
            tokio::task::yield_now().await;
            writer
                .finish(totals_of(&lines), "{\"r\":2}", "{}")
                .await
                .map(|_| ())
        });
    }
    {
        let store = store.clone();
        let org = w.a;
        tasks.spawn(async move {
            store
                .delete_import(org, doomed)
                .await
                .map(|found| assert!(found))
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("a concurrent writer failed");
    }
    let a = store.imports(w.a).await.unwrap();
    let b = store.imports(w.b).await.unwrap();
    assert_eq!(
        (a.len(), b.len()),
        (4, 3),
        "3 new + the re-analysed one in A, 3 in B"
    );
    assert_eq!(line_count(store, w.a, existing).await, 300);
    assert!(store.import(w.a, doomed).await.unwrap().is_none());
    for s in a
        .iter()
        .chain(&b)
        .filter(|s| s.name.starts_with("Samtidig"))
    {
        assert_eq!(line_count(store, s.org_id, s.id).await, 2_000, "{}", s.name);
    }
}
