//! Sign-in, sessions, cookies, CSRF, redirects and headers, over real HTTP
//! against the real server, on SQLite and on PostgreSQL.
//!
//! Most tests share one demo server per database. Tests that fail sign-ins
//! on purpose get a small server of their own: throttling counts failures
//! per client address too, and every test connects from 127.0.0.1.

mod common;

use common::demo_server as demo;

use common::{Client, Db, Resp, Server, ServerOptions, csrf_of, forms, snippet};
use upphandla_store::{OrgKind, Role};

/// One demo server per database for the whole file.
const USER: &str = "test@sakerhet.example";
const PASSWORD: &str = "rätt-lösenord-2026";
const USER_NAME: &str = "Tess Testsson";
const DEMO_USER: &str = "upphandlare@demokommun.example";
const DEMO_ADMIN: &str = "admin@demokommun.example";

/// A server of its own with one organisation and one user.
fn lone_server(db: Db, secure_cookies: bool) -> Server {
    lone_server_with(ServerOptions {
        demo: false,
        secure_cookies,
        ..ServerOptions::new(db)
    })
}

fn lone_server_with(options: ServerOptions) -> Server {
    let server = Server::start(options);
    let store = server.store().clone();
    server.block_on(async move {
        let org = store
            .create_organisation("Testkommun", OrgKind::Kommun, "", false)
            .await
            .unwrap();
        let hash = upphandla_web::auth::hash_password(PASSWORD).await.unwrap();
        let user = store.create_user(USER, USER_NAME, &hash).await.unwrap();
        store.add_role(user, org, Role::Upphandlare).await.unwrap();
    });
    server
}

on_both_databases!(
    sign_in_works_and_is_audited,
    wrong_password_is_refused_and_audited,
    five_failures_block_even_the_right_password,
    session_cookie_flags,
    secure_cookies_when_configured,
    csrf_guards_every_state_changing_route,
    sign_out_ends_the_session_on_the_server,
    unknown_and_expired_sessions_go_to_sign_in,
    sign_in_replaces_a_planted_session_cookie,
    no_open_redirects,
    no_open_redirects_through_control_characters,
    security_headers_everywhere,
    api_ignores_the_session_cookie,
    uploads_over_the_limit_are_refused_and_leave_nothing,
    switching_to_a_foreign_organisation_is_refused,
    text_from_users_and_files_is_escaped_everywhere,
);

fn cookie_attrs(set_cookie: &str) -> Vec<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

fn sign_in_works_and_is_audited(db: Db) {
    let server = lone_server(db, false);
    let mut client = server.client();
    let form = client.get("/login");
    form.expect(200);
    assert!(csrf_of(&form.body).is_some(), "the form carries a token");
    assert!(
        form.set_cookie("upphandla_csrf").is_some(),
        "and its cookie twin"
    );
    let resp = client.try_login(USER, PASSWORD, "/");
    resp.expect(303);
    assert_eq!(resp.location(), Some("/"));
    assert!(client.cookies.contains_key("upphandla_session"));
    // The double-submit cookie is spent.
    assert!(!client.cookies.contains_key("upphandla_csrf"));
    let home = client.get("/");
    home.expect(200);
    assert!(home.body.contains(USER_NAME), "{}", snippet(&home.body));
    // Signed in, the sign-in page sends the user on.
    let again = client.get("/login?next=/");
    assert_eq!((again.status, again.location()), (303, Some("/")));
    let audit = server.audit_all();
    assert!(
        audit
            .iter()
            .any(|(org, action, detail)| org.is_some() && action == "login" && detail == USER),
        "{audit:?}"
    );
}

fn wrong_password_is_refused_and_audited(db: Db) {
    let server = lone_server(db, false);
    let mut client = server.client();
    let resp = client.try_login(USER, "fel-lösenord", "/");
    resp.expect(401);
    assert!(resp.set_cookie("upphandla_session").is_none());
    assert!(!client.cookies.contains_key("upphandla_session"));
    assert!(
        resp.body.contains("role=\"alert\""),
        "{}",
        snippet(&resp.body)
    );
    // The address typed is kept in the form; the password is not.
    assert!(resp.body.contains(USER));
    assert!(!resp.body.contains("fel-lösenord"));
    // An unknown address gets the same answer.
    let unknown = client.try_login("ingen@sakerhet.example", PASSWORD, "/");
    unknown.expect(401);
    let audit = server.audit_all();
    let failed: Vec<&str> = audit
        .iter()
        .filter(|(_, action, _)| action == "login.failed")
        .map(|(_, _, detail)| detail.as_str())
        .collect();
    assert_eq!(failed, [USER, "ingen@sakerhet.example"], "{audit:?}");
    assert!(client.get("/").is_redirect(), "still signed out");
}

fn five_failures_block_even_the_right_password(db: Db) {
    let server = lone_server(db, false);
    let mut client = server.client();
    for attempt in 1..=5 {
        let resp = client.try_login(USER, &format!("fel-{attempt}"), "/");
        assert_eq!(resp.status, 401, "attempt {attempt}");
    }
    let blocked = client.try_login(USER, PASSWORD, "/");
    blocked.expect(429);
    assert!(blocked.set_cookie("upphandla_session").is_none());
    assert!(!client.cookies.contains_key("upphandla_session"));
    assert!(blocked.body.contains("role=\"alert\""));
    // Differently cased, the address is the same account.
    let upper = client.try_login(&USER.to_uppercase(), PASSWORD, "/");
    upper.expect(429);
    let audit = server.audit_all();
    assert!(
        audit
            .iter()
            .any(|(_, a, d)| a == "login.throttled" && d == USER),
        "{audit:?}"
    );
    assert!(!audit.iter().any(|(_, a, _)| a == "login"), "{audit:?}");
}

fn session_cookie_flags(db: Db) {
    let server = demo(db);
    let mut client = server.client();
    let form = client.get("/login");
    let pre = form.set_cookie("upphandla_csrf").expect("form cookie");
    let attrs = cookie_attrs(pre);
    assert!(attrs.contains(&"httponly".into()), "{pre}");
    assert!(attrs.contains(&"samesite=lax".into()), "{pre}");

    let resp = client.try_login(DEMO_USER, common::DEMO_PASSWORD, "/");
    resp.expect(303);
    let cookie = resp
        .set_cookie("upphandla_session")
        .expect("session cookie");
    let attrs = cookie_attrs(cookie);
    for wanted in ["httponly", "samesite=lax", "path=/"] {
        assert!(attrs.contains(&wanted.to_string()), "{wanted} in {cookie}");
    }
    assert!(
        !attrs.contains(&"secure".into()),
        "plain HTTP: no Secure ({cookie})"
    );
    let value = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert!(value.len() >= 64, "a long random token: {value}");

    // Behind a TLS proxy the cookies are Secure.
    let mut tls = server.client();
    tls.headers
        .push(("x-forwarded-proto".into(), "https".into()));
    let form = tls.get("/login");
    assert!(cookie_attrs(form.set_cookie("upphandla_csrf").unwrap()).contains(&"secure".into()));
    let resp = tls.try_login(DEMO_USER, common::DEMO_PASSWORD, "/");
    resp.expect(303);
    let cookie = resp.set_cookie("upphandla_session").unwrap();
    assert!(cookie_attrs(cookie).contains(&"secure".into()), "{cookie}");
    let token = tls.csrf();
    let out = tls.post_form("/logout", &[("_csrf", &token)]);
    out.expect(303);
    assert!(cookie_attrs(out.set_cookie("upphandla_session").unwrap()).contains(&"secure".into()));
}

fn secure_cookies_when_configured(db: Db) {
    let server = lone_server(db, true);
    let mut client = server.client();
    let resp = client.try_login(USER, PASSWORD, "/");
    resp.expect(303);
    let cookie = resp.set_cookie("upphandla_session").unwrap();
    let attrs = cookie_attrs(cookie);
    assert!(attrs.contains(&"secure".into()), "{cookie}");
    assert!(attrs.contains(&"httponly".into()), "{cookie}");
}

/// Every POST form on every page an administrator and a procurement officer
/// reach, plus sign-in, sign-out and the organisation switch.
fn state_changing_forms(server: &Server) -> Vec<(String, common::Form)> {
    let mut found: Vec<(String, common::Form)> = Vec::new();
    for email in [DEMO_ADMIN, DEMO_USER] {
        let mut client = server.login(email);
        let crawl = common::crawl(&mut client, &["/"], 2, 250);
        for (page, form) in crawl.post_forms() {
            let key = common::template_of(&form.action);
            if !found
                .iter()
                .any(|(_, f)| common::template_of(&f.action) == key)
            {
                found.push((page.clone(), form.clone()));
            }
        }
    }
    let actions: Vec<&str> = found.iter().map(|(_, f)| f.action.as_str()).collect();
    assert!(
        actions.contains(&"/logout"),
        "the sign-out form was found: {actions:?}"
    );
    found
}

fn without_csrf(action: &str) -> String {
    let Some((path, query)) = action.split_once('?') else {
        return action.to_string();
    };
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

fn with_csrf(action: &str, token: &str) -> String {
    let clean = without_csrf(action);
    let sep = if clean.contains('?') { '&' } else { '?' };
    format!("{clean}{sep}_csrf={token}")
}

/// Posts `form` as the browser would, with the given token (none: no token at all).
fn post(
    client: &mut Client,
    form: &common::Form,
    token: Option<&str>,
    headers: &[(&str, &str)],
) -> Resp {
    let fields: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter(|(k, _, kind)| k != "_csrf" && kind != "file" && kind != "button")
        .map(|(k, v, _)| (k.as_str(), v.as_str()))
        .collect();
    if form.enctype.starts_with("multipart/") {
        let action = match token {
            Some(t) => with_csrf(&form.action, t),
            None => without_csrf(&form.action),
        };
        let boundary = "----upphandla-csrf-test";
        let mut body = String::new();
        for (k, v) in &fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let content_type = format!("multipart/form-data; boundary={boundary}");
        client.request(
            "POST",
            &action,
            headers,
            Some((&content_type, body.into_bytes())),
        )
    } else {
        let mut all = fields.clone();
        if let Some(t) = token {
            all.push(("_csrf", t));
        }
        client.post_form_with(&without_csrf(&form.action), &all, headers)
    }
}

fn csrf_guards_every_state_changing_route(db: Db) {
    let server = demo(db);
    let routes = state_changing_forms(server);
    let mut client = server.login(DEMO_ADMIN);
    let token = client.csrf();
    let wrong = "0".repeat(token.len());
    let evil = [("origin", "http://evil.example")];
    let null_origin = [("origin", "null")];
    let mut checked = Vec::new();
    for (page, form) in &routes {
        let what = format!("POST {} (form on {page})", form.action);
        for (label, resp) in [
            ("no token", post(&mut client, form, None, &[])),
            ("wrong token", post(&mut client, form, Some(&wrong), &[])),
            (
                "foreign Origin",
                post(&mut client, form, Some(&token), &evil),
            ),
            (
                "Origin null",
                post(&mut client, form, Some(&token), &null_origin),
            ),
        ] {
            assert_eq!(
                resp.status,
                403,
                "{what} with {label}: {}",
                snippet(&resp.body)
            );
        }
        checked.push(form.action.clone());
    }
    // The header form of the token is checked the same way.
    let resp = client.request(
        "POST",
        "/org",
        &[("x-csrf-token", &wrong)],
        Some(("application/x-www-form-urlencoded", b"org=1".to_vec())),
    );
    resp.expect(403);
    // Routes no page linked to here, and any other path and method: the
    // check sits in front of every route.
    for path in [
        "/org",
        "/admin/users/1/remove",
        "/admin/tokens/1/revoke",
        "/spend/rules/reanalyse-all",
        "/no-such-page",
    ] {
        let resp = client.post_form(path, &[("org", "1")]);
        assert_eq!(resp.status, 403, "POST {path} without a token");
    }
    for method in ["PUT", "DELETE", "PATCH"] {
        for path in ["/", "/spend", "/lcc", "/admin", "/no-such-page"] {
            let resp = client.request(method, path, &[], None);
            assert_eq!(resp.status, 403, "{method} {path} without a token");
        }
    }
    // The sign-in form has its own (double-submit) token.
    let mut fresh = server.client();
    let page = fresh.get("/login");
    let login_token = csrf_of(&page.body).unwrap();
    let creds = [
        ("email", DEMO_USER),
        ("password", common::DEMO_PASSWORD),
        ("next", "/"),
    ];
    let resp = fresh.post_form("/login", &creds);
    assert_eq!(resp.status, 403, "sign-in without token");
    let mut bad = creds.to_vec();
    bad.push(("_csrf", &wrong));
    assert_eq!(fresh.post_form("/login", &bad).status, 403, "wrong token");
    let mut good = creds.to_vec();
    good.push(("_csrf", &login_token));
    let mut no_cookie = server.client();
    assert_eq!(
        no_cookie.post_form("/login", &good).status,
        403,
        "a token without its cookie"
    );
    assert_eq!(
        fresh.post_form_with("/login", &good, &evil).status,
        403,
        "sign-in from a foreign Origin"
    );

    // The right token from this site passes (switching to one's own organisation).
    let store = server.store().clone();
    let org = server.block_on(async move {
        let user = store.user_by_email(DEMO_ADMIN).await.unwrap().unwrap();
        store.memberships(user.id).await.unwrap()[0]
            .organisation
            .id
            .0
    });
    let resp = client.post_form_with(
        "/org",
        &[("_csrf", &token), ("org", &org.to_string())],
        &[("origin", &server.base)],
    );
    assert_eq!(resp.status, 303, "{}", snippet(&resp.body));
    let resp = fresh.post_form("/login", &good);
    assert_eq!(resp.status, 303, "sign-in with its token");
    eprintln!("CSRF checked on {} routes: {checked:?}", checked.len());
}

fn sign_out_ends_the_session_on_the_server(db: Db) {
    let server = demo(db);
    let mut client = server.login(DEMO_USER);
    let stolen = client.cookies.get("upphandla_session").cloned().unwrap();
    client.get("/").expect(200);
    let token = client.csrf();
    let out = client.post_form("/logout", &[("_csrf", &token)]);
    out.expect(303);
    assert_eq!(out.location(), Some("/login"));
    let cleared = out.set_cookie("upphandla_session").expect("cookie cleared");
    assert!(
        cookie_attrs(cleared).contains(&"max-age=0".into()),
        "{cleared}"
    );
    // Someone who kept a copy of the cookie gets nothing.
    let mut thief = server.client();
    thief
        .cookies
        .insert("upphandla_session".into(), stolen.clone());
    let resp = thief.get("/");
    assert_eq!(resp.status, 303);
    assert!(resp.location().unwrap().starts_with("/login"));
    let resp = thief.post_form("/logout", &[("_csrf", &token)]);
    assert_eq!(resp.status, 403, "the old session's token is dead too");
}

fn unknown_and_expired_sessions_go_to_sign_in(db: Db) {
    let server = demo(db);
    let mut client = server.client();
    client
        .cookies
        .insert("upphandla_session".into(), "f".repeat(64));
    let resp = client.get("/?x=1");
    assert_eq!(resp.status, 303);
    assert_eq!(resp.location(), Some("/login?next=/%3Fx%3D1"));
    let page = client.get(resp.location().unwrap());
    page.expect(200);
    // The page keeps where to go after signing in.
    let next = forms(&page.body, "/login")
        .into_iter()
        .find(|f| f.action == "/login")
        .and_then(|f| f.field("next").map(str::to_string));
    assert_eq!(next.as_deref(), Some("/?x=1"));

    // An expired session in the database.
    let token = upphandla_web::auth::random_token();
    let hash = upphandla_web::auth::token_hash(&token);
    let store = server.store().clone();
    server.block_on(async move {
        let user = store.user_by_email(DEMO_USER).await.unwrap().unwrap();
        let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
        store
            .create_session(&hash, user.id, org, "csrf", upphandla_store::now() - 1)
            .await
            .unwrap();
    });
    let mut expired = server.client();
    expired.cookies.insert("upphandla_session".into(), token);
    let resp = expired.get("/");
    assert_eq!(resp.status, 303);
    assert!(resp.location().unwrap().starts_with("/login"));
    let resp = expired.post_form("/logout", &[("_csrf", "csrf")]);
    assert_eq!(resp.status, 403);
}

fn sign_in_replaces_a_planted_session_cookie(db: Db) {
    let server = demo(db);
    let mut client = server.client();
    let planted = "a".repeat(64);
    client
        .cookies
        .insert("upphandla_session".into(), planted.clone());
    client.login(DEMO_USER, common::DEMO_PASSWORD);
    let got = client.cookies.get("upphandla_session").unwrap();
    assert_ne!(
        got, &planted,
        "a new token at sign-in (no session fixation)"
    );
}

fn no_open_redirects(db: Db) {
    check_redirects(
        db,
        &[
            "//evil.example/",
            "https://evil.example/",
            "http:evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%09/evil.example",
            "javascript:alert(1)",
            "evil.example",
        ],
    );
    // A local `next` is honoured.
    let mut fresh = demo(db).client();
    let resp = fresh.try_login(DEMO_USER, common::DEMO_PASSWORD, "/spend");
    assert_eq!(resp.location(), Some("/spend"));
}

/// Browsers drop tabs and newlines from a URL before resolving it, so
/// `/<TAB>/evil.example` is `//evil.example`: another site.
fn no_open_redirects_through_control_characters(db: Db) {
    check_redirects(
        db,
        &["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example"],
    );
}

/// Every target must come back as a redirect to a path on this site, from
/// /login?next= (signed in), /lang/…?back= and the sign-in form's `next`.
fn check_redirects(db: Db, hostile: &[&str]) {
    let server = demo(db);
    let mut client = server.login(DEMO_USER);
    for next in hostile {
        let resp = client.get(&format!("/login?next={}", common::url_encode(next)));
        let location = resp.location().unwrap_or("");
        assert!(
            resp.status == 303 && is_local(location),
            "/login?next={next:?} → {} {location:?}",
            resp.status
        );
        let resp = client.get(&format!("/lang/en?back={}", common::url_encode(next)));
        let location = resp.location().unwrap_or("");
        assert!(
            resp.status == 303 && is_local(location),
            "/lang/en?back={next:?} → {} {location:?}",
            resp.status
        );
    }
    for next in hostile {
        let mut fresh = server.client();
        let resp = fresh.try_login(DEMO_USER, common::DEMO_PASSWORD, next);
        let location = resp.location().unwrap_or("");
        assert!(
            resp.status == 303 && is_local(location),
            "sign-in with next={next:?} → {} {location:?}",
            resp.status
        );
    }
}

/// A location a browser resolves to this site: one leading slash, and no
/// characters browsers strip or treat as slashes before the path.
fn is_local(location: &str) -> bool {
    let cleaned: String = location
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    cleaned.starts_with('/')
        && !cleaned.starts_with("//")
        && !cleaned.starts_with("/\\")
        && !cleaned.contains('\\')
}

fn assert_security_headers(resp: &Resp) {
    let what = format!("{} {} ({})", resp.method, resp.url, resp.status);
    assert_eq!(resp.header("x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(
        resp.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert!(resp.header("referrer-policy").is_some(), "{what}");
    let csp = resp.header("content-security-policy").unwrap_or("");
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{what}: CSP {csp:?} lacks {part}");
    }
    assert!(
        !csp.contains("script-src") || !csp.contains("'unsafe-inline'") || {
            // style-src may allow inline styles; scripts must not.
            let script = csp
                .split(';')
                .find(|d| d.trim().starts_with("script-src"))
                .unwrap_or("");
            !script.contains("'unsafe-inline'")
        },
        "{what}: inline scripts allowed: {csp}"
    );
}

fn security_headers_everywhere(db: Db) {
    let server = demo(db);
    let mut anon = server.client();
    for path in ["/login", "/", "/static/app.css", "/no-such-page", "/health"] {
        assert_security_headers(&anon.get(path));
    }
    let mut client = server.login(DEMO_USER);
    let crawl = common::crawl(&mut client, &["/"], 1, 60);
    for (path, resp) in &crawl.pages {
        assert_security_headers(resp);
        if resp.status == 200
            && resp
                .header("content-type")
                .is_some_and(|c| c.starts_with("text/html"))
        {
            assert_eq!(
                resp.header("cache-control"),
                Some("no-store"),
                "GET {path}: signed-in pages are not cached"
            );
        }
    }
    let missing = client.get("/spend/999999999");
    assert!(missing.status == 404, "{}", missing.status);
    assert_security_headers(&missing);
    let resp = client.post_form("/logout", &[("_csrf", "x")]);
    assert_eq!(resp.status, 403);
    assert_security_headers(&resp);
}

/// The JSON API authenticates with bearer tokens only: a browser's session
/// cookie (which a cross-site form could carry) grants nothing there.
fn api_ignores_the_session_cookie(db: Db) {
    let server = demo(db);
    let mut client = server.login(DEMO_USER);
    let spec = client.get("/api/openapi.json");
    if spec.status == 404 {
        eprintln!("no /api/openapi.json yet: API checks skipped");
        return;
    }
    spec.expect(200);
    let doc: serde_json::Value = serde_json::from_str(&spec.body).expect("OpenAPI JSON");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(!paths.is_empty());
    for (path, ops) in paths.iter().filter(|(p, _)| p.starts_with("/api/v1/")) {
        let concrete = path
            .split('/')
            .map(|s| match s {
                "{kind}" => "accounts",
                s if s.starts_with('{') => "1",
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in ops.as_object().map(|o| o.keys()).into_iter().flatten() {
            let m = method.to_ascii_uppercase();
            if !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&m.as_str()) {
                continue;
            }
            let body = (m != "GET" && m != "DELETE").then(|| ("application/json", b"{}".to_vec()));
            let resp = client.request(&m, &concrete, &[], body);
            assert_eq!(
                resp.status,
                401,
                "{m} {concrete} with only a session cookie: {}",
                snippet(&resp.body)
            );
            assert_security_headers(&resp);
        }
    }
}

fn uploads_over_the_limit_are_refused_and_leave_nothing(db: Db) {
    const LIMIT: u64 = 1024 * 1024;
    let server = lone_server_with(ServerOptions {
        demo: false,
        upload_limit: LIMIT,
        ..ServerOptions::new(db)
    });
    let mut client = server.client();
    client.login(USER, PASSWORD);
    let page = client.get("/spend");
    if page.status == 404 {
        eprintln!("no /spend yet: upload limit not checked");
        return;
    }
    let token = client.csrf();
    let action = format!("/spend/upload?_csrf={token}");
    let ledger =
        std::fs::read(upphandla_testkit::workspace_root().join("data/demo/ledger-demo.csv"))
            .expect("demo ledger");
    assert!((ledger.len() as u64) < LIMIT);
    // Over the limit: the whole ledger several times over.
    let mut big = ledger.clone();
    let body = ledger.splitn(2, |&b| b == b'\n').nth(1).unwrap_or(&[]);
    while (big.len() as u64) <= LIMIT + 100_000 {
        big.extend_from_slice(body);
    }
    let resp = client.post_multipart(
        &action,
        &[("name", "För stor")],
        Some(("file", "stor.csv", &big)),
    );
    assert_eq!(resp.status, 413, "{}", snippet(&resp.body));
    assert!(
        resp.body.contains("role=\"alert\""),
        "{}",
        snippet(&resp.body)
    );
    let store = server.store().clone();
    let org = server.block_on(async move {
        let user = store.user_by_email(USER).await.unwrap().unwrap();
        let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
        assert!(
            store.imports(org).await.unwrap().is_empty(),
            "nothing stored"
        );
        org
    });
    let uploads = server.state.config.data_dir.join("uploads");
    let left: Vec<_> = std::fs::read_dir(&uploads)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "temporary files left in {}: {left:?}",
        uploads.display()
    );
    // Under the limit it is stored.
    let resp = client.post_multipart(
        &action,
        &[("name", "Lagom")],
        Some(("file", "lagom.csv", &ledger)),
    );
    assert_eq!(resp.status, 303, "{}", snippet(&resp.body));
    let store = server.store().clone();
    server.block_on(async move {
        let imports = store.imports(org).await.unwrap();
        assert_eq!(imports.len(), 1);
        assert_eq!(imports[0].name, "Lagom");
    });
}

fn switching_to_a_foreign_organisation_is_refused(db: Db) {
    let server = demo(db);
    let foreign = {
        let store = server.store().clone();
        server.block_on(async move {
            let user = store
                .user_by_email("upphandlare@norrby.example")
                .await
                .unwrap()
                .unwrap();
            store.memberships(user.id).await.unwrap()[0]
                .organisation
                .id
                .0
        })
    };
    let mut client = server.login(DEMO_USER);
    let token = client.csrf();
    let resp = client.post_form("/org", &[("_csrf", &token), ("org", &foreign.to_string())]);
    assert_eq!(resp.status, 403, "{}", snippet(&resp.body));
    let home = client.get("/");
    home.expect(200);
    assert!(home.body.contains("Demo kommun"));
    assert!(
        !home.body.contains("Norrby"),
        "still acting for Demo kommun"
    );
}

/// Markup typed by users or carried in an uploaded ledger (supplier, unit,
/// description, file and import names, model names) reaches every page,
/// chart and download escaped: a tag arrives as text, never as a tag.
fn text_from_users_and_files_is_escaped_everywhere(db: Db) {
    let server = lone_server(db, false);
    let mut client = server.client();
    client.login(USER, PASSWORD);
    if client.get("/spend").status == 404 {
        eprintln!("no /spend yet: escaping not checked");
        return;
    }
    const TAG: &str = "<b data-xss=1>";
    let mut csv = String::from(
        "Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV\n",
    );
    for (i, (supplier, unit)) in [
        (format!("Leverantör {TAG}AB"), format!("Förvaltning {TAG}")),
        (
            "Demo Drivmedel Nord AB".to_string(),
            "Tekniska förvaltningen".to_string(),
        ),
        (format!("\"Citat \"\"{TAG}\"\" AB\""), "Kultur".to_string()),
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!(
            "2025-0{m}-10;{unit};4010;;{supplier};{amount},00;Beskrivning {TAG} {i};\n",
            m = i + 1,
            amount = 1000 * (i + 1)
        ));
    }
    let token = client.csrf();
    let resp = client.post_multipart(
        &format!("/spend/upload?_csrf={token}"),
        &[("name", &format!("Import {TAG}"))],
        Some(("file", &format!("fil{TAG}.csv"), csv.as_bytes())),
    );
    assert_eq!(resp.status, 303, "{}", snippet(&resp.body));
    // A model with markup in its name, when the LCC pages are there.
    let store = server.store().clone();
    server.block_on(async move {
        let user = store.user_by_email(USER).await.unwrap().unwrap();
        let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
        let content =
            upphandla_formats::lcc::template(upphandla_formats::lcc::TemplateKind::Vehicles);
        store
            .create_model(
                org,
                upphandla_store::ModelKind::Lcc,
                &format!("Kalkyl {TAG}"),
                "vehicles",
                content,
                Some(user.id),
                false,
            )
            .await
            .unwrap();
    });
    let crawl = common::crawl(&mut client, &["/"], 3, 200);
    let mut seen_escaped = 0;
    for (path, resp) in &crawl.pages {
        let kind = resp.header("content-type").unwrap_or("");
        if !(kind.contains("html") || kind.contains("svg") || kind.contains("xml")) {
            continue;
        }
        if let Some(at) = resp.body.find(TAG) {
            let around: String = resp.body[at..].chars().take(80).collect();
            panic!("GET {path} ({kind}) carries the tag unescaped: {around}");
        }
        // Present (so it was shown) but not as a tag: escaped.
        if resp.body.contains("data-xss") {
            seen_escaped += 1;
        }
    }
    assert!(
        seen_escaped >= 5,
        "the marked texts were shown (escaped) on only {seen_escaped} pages"
    );
    eprintln!("{db:?}: escaped markup on {seen_escaped} pages");
}
