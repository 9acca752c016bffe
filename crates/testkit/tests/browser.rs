//! Drives real headless Chromium against a tiny static server (std only).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use serde_json::json;
use upphandla_testkit::Browser;

const FORM: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Formulär</title></head>
<body><main>
<h1>Testformulär</h1>
<form id="f" method="post" action="/result" enctype="multipart/form-data">
  <label for="name">Namn</label> <input id="name" name="name" value="förifyllt">
  <label for="kind">Typ</label>
  <select id="kind" name="kind"><option value="a">Alfa</option><option value="b">Beta</option></select>
  <label for="file">Fil</label> <input id="file" name="file" type="file">
  <button id="send" type="submit">Skicka</button>
</form>
<ul class="items"><li>ett</li><li>två</li><li>tre</li></ul>
</main></body></html>"#;

const BAD: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Dålig sida</title></head>
<body><main><h1>Dålig sida</h1><img src="/diagram.png"><input name="q"></main></body></html>"#;

const CLEAN: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Ren sida</title></head>
<body><main><h1>Ren sida</h1>
<p>Inköpens klimatpåverkan per kategori.</p>
<form action="/clean"><label for="q">Sök</label> <input id="q" name="q"> <button type="submit">Sök</button></form>
</main></body></html>"#;

/// Serves the pages above on 127.0.0.1 from a thread; returns the base URL.
fn serve() -> String {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || handle(stream));
        }
    });
    base
}

fn handle(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();

    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split('?').next().unwrap();
    let (status, cookies, page) = match (request_line.split_whitespace().next(), path) {
        (Some("GET"), "/form") => ("200 OK", "", FORM.to_owned()),
        (Some("GET"), "/bad") => ("200 OK", "", BAD.to_owned()),
        (Some("GET"), "/clean") => ("200 OK", "", CLEAN.to_owned()),
        (Some("GET"), "/accept-language") => {
            let page = format!(
                "<p id=\"lang\">{}</p>",
                escape(&header("accept-language").unwrap_or_default())
            );
            ("200 OK", "", page)
        }
        (Some("POST"), "/result") => {
            let boundary = header("content-type")
                .and_then(|t| t.split_once("boundary=").map(|(_, b)| b.to_owned()))
                .unwrap_or_default();
            let fields = multipart(&body, &boundary);
            let get = |n: &str| {
                fields
                    .iter()
                    .find(|f| f.0 == n)
                    .cloned()
                    .unwrap_or_default()
            };
            let file = get("file");
            let page = format!(
                "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Resultat</title></head>\
                 <body><main><h1>Resultat</h1><p id=\"result\">Hej {}, typ {}, fil {}: {}</p></main></body></html>",
                escape(&get("name").2),
                escape(&get("kind").2),
                escape(&file.1),
                escape(file.2.trim()),
            );
            let cookies = "Set-Cookie: sid=abc123; Path=/; HttpOnly; SameSite=Strict\r\n\
                           Set-Cookie: theme=ljus; Path=/; SameSite=Lax\r\n";
            ("200 OK", cookies, page)
        }
        _ => (
            "404 Not Found",
            "",
            "<!doctype html><title>404</title>".to_owned(),
        ),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n{cookies}Connection: close\r\n\r\n{page}",
        page.len()
    );
}

/// (name, filename, content) per part of a multipart/form-data body.
fn multipart(body: &[u8], boundary: &str) -> Vec<(String, String, String)> {
    let body = String::from_utf8_lossy(body);
    let attr = |head: &str, key: &str| {
        head.split(&format!("{key}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("")
            .to_owned()
    };
    body.split(&format!("--{boundary}"))
        .filter_map(|part| part.strip_prefix("\r\n")?.split_once("\r\n\r\n"))
        .map(|(head, content)| {
            let content = content.strip_suffix("\r\n").unwrap_or(content);
            (
                attr(head, " name"),
                attr(head, "filename"),
                content.to_owned(),
            )
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn browser() -> Browser {
    Browser::start().unwrap_or_else(|e| panic!("cannot start headless Chromium: {e}"))
}

fn panic_message(result: std::thread::Result<()>) -> String {
    let payload = result.expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn fill_select_upload_click_and_read_the_result() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/form"));
    assert_eq!(b.title(), "Formulär");
    assert_eq!(b.find("#name").attr("value").as_deref(), Some("förifyllt"));

    // In the browser's temp dir, which its Drop removes.
    let file = b.temp_dir().join("leverantorer.csv");
    std::fs::write(&file, "konto;belopp\n4010;1234,50\n").unwrap();
    b.fill("#name", "Åsa Öberg");
    b.select("#kind", "b");
    b.upload("#file", &file);
    b.click("#send");

    let result = b.wait_for("#result", Duration::from_secs(10));
    assert_eq!(
        result.text(),
        "Hej Åsa Öberg, typ b, fil leverantorer.csv: konto;belopp 4010;1234,50"
    );
    assert!(b.current_url().ends_with("/result"), "{}", b.current_url());
    assert_eq!(b.title(), "Resultat");

    let sid = b.cookie("sid").expect("session cookie");
    assert_eq!(sid.value, "abc123");
    assert!(sid.http_only, "{sid:?}");
    assert!(!sid.secure, "{sid:?}");
    assert_eq!(sid.same_site.as_deref(), Some("Strict"));
    let theme = b.cookie("theme").expect("theme cookie");
    assert!(!theme.http_only);
    assert_eq!(theme.same_site.as_deref(), Some("Lax"));
    assert_eq!(b.cookies().len(), 2);
    b.delete_cookies();
    assert!(b.cookies().is_empty());
}

#[test]
fn submit_sends_the_form_and_waits_for_the_next_page() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/form"));
    b.submit("#f");
    // No wait_for: submit returns only once the result page replaced the form.
    assert_eq!(b.text("#result"), "Hej förifyllt, typ a, fil :");
}

#[test]
fn queries_scripts_and_screenshot() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/form"));

    let items: Vec<String> = b
        .find_all("ul.items li")
        .iter()
        .map(|li| li.text())
        .collect();
    assert_eq!(items, ["ett", "två", "tre"]);
    assert!(b.find_all("table").is_empty());
    assert!(b.try_find("#nothing-here").is_none());
    assert_eq!(b.find("form").find("button").tag_name(), "button");
    assert!(b.page_source().contains("Testformulär"));

    assert_eq!(
        b.execute("return arguments[0] + 1", &[json!(41)]),
        json!(42)
    );
    let name = b.find("#name");
    assert_eq!(
        b.execute("return arguments[0].id", &[name.as_arg()]),
        json!("name")
    );
    let later = b.execute_async(
        "const done = arguments[arguments.length - 1]; setTimeout(() => done(arguments[0] * 2), 10)",
        &[json!(21)],
    );
    assert_eq!(later, json!(42));
    // 1280x900 window: the page is laid out at desktop width.
    assert_eq!(b.execute("return window.innerWidth", &[]), json!(1280));
    // Swedish first, in the header the server sees and in navigator.languages.
    b.goto(&format!("{base}/accept-language"));
    assert_eq!(b.text("#lang"), "sv-SE,sv;q=0.9,en;q=0.8");
    assert_eq!(
        b.execute("return navigator.languages[0]", &[]),
        json!("sv-SE")
    );
    b.goto(&format!("{base}/form"));

    let png = b.temp_dir().join("shots/form.png");
    b.screenshot(&png);
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG: {:?}",
        &bytes[..8.min(bytes.len())]
    );
    assert!(bytes.len() > 1000, "{} bytes", bytes.len());
}

#[test]
fn failures_name_the_selector_and_the_url() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/form"));
    let url = format!("{base}/form");

    let msg = panic_message(catch_unwind(AssertUnwindSafe(|| {
        b.find("#missing");
    })));
    assert!(
        msg.contains("#missing") && msg.contains(&url) && msg.contains("no such element"),
        "{msg}"
    );

    let msg = panic_message(catch_unwind(AssertUnwindSafe(|| {
        b.wait_for(".never", Duration::from_millis(200));
    })));
    assert!(msg.contains(".never") && msg.contains(&url), "{msg}");

    let msg = panic_message(catch_unwind(AssertUnwindSafe(|| b.select("#kind", "zzz"))));
    assert!(msg.contains("zzz") && msg.contains(&url), "{msg}");

    let err = b.try_execute("throw new Error('trasig')", &[]).unwrap_err();
    assert_eq!(err.webdriver_code(), Some("javascript error"));
    assert!(err.to_string().contains("trasig"), "{err}");
}

#[test]
fn axe_reports_serious_violations() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/bad"));
    let report = b.axe_scan();
    let serious: Vec<&str> = report.serious().iter().map(|v| v.id.as_str()).collect();
    assert!(serious.contains(&"image-alt"), "{serious:?}");
    assert!(serious.contains(&"label"), "{serious:?}");
    let image_alt = report
        .violations
        .iter()
        .find(|v| v.id == "image-alt")
        .unwrap();
    assert_eq!(image_alt.impact, "critical");
    assert!(
        image_alt.help_url.starts_with("https://"),
        "{}",
        image_alt.help_url
    );
    assert!(image_alt.nodes[0].contains("<img"), "{:?}", image_alt.nodes);

    let msg = panic_message(catch_unwind(AssertUnwindSafe(|| {
        b.assert_accessible("Dålig sida")
    })));
    assert!(
        msg.contains("Dålig sida")
            && msg.contains("image-alt")
            && msg.contains("/bad")
            && msg.contains("<img"),
        "{msg}"
    );
}

#[test]
fn axe_passes_a_clean_page() {
    let base = serve();
    let b = browser();
    b.goto(&format!("{base}/clean"));
    b.assert_accessible("Ren sida");
    // A second scan on the same document reuses the injected axe.
    assert!(b.axe_scan().serious().is_empty());
}

#[test]
fn drop_leaves_no_processes_behind() {
    let b = browser();
    let dir = b.temp_dir().to_path_buf();
    let needle = dir.to_string_lossy().into_owned();
    let running = || {
        std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .filter(|c| String::from_utf8_lossy(c).contains(&needle))
            .count()
    };
    assert!(
        running() > 0,
        "Chromium with profile {needle} should be running"
    );
    drop(b);
    assert_eq!(running(), 0, "processes left using {needle}");
    assert!(!dir.exists(), "{} not removed", dir.display());
}
