// Amounts are written as kronor_öre (100_000_00 = 100 000,00 SEK).
#![allow(clippy::inconsistent_digit_grouping)]

//! The HTML report built from a real `SpendReport` (classifier, factors,
//! accumulators, `finish`), checked for structure, accessibility markup,
//! Swedish numbers and escaping.

use upphandla_core::classify::ClassifierBuilder;
use upphandla_core::date::Date;
use upphandla_core::factors::{FactorSet, SpendFactor};
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;
use upphandla_core::spend::{SpendEngine, SpendReport, finish};
use upphandla_formats::report::html::{escape, render_html};
use upphandla_formats::report::{InputInfo, ReportMeta};

const EVIL: &str = "<script>alert(\"x\")</script> & 'Co'";

fn factor(cat: &str, v: f64, lo: f64, hi: f64) -> SpendFactor {
    SpendFactor {
        category: cat.into(),
        name: cat.into(),
        kg_co2e_per_sek: v,
        source: "Testkälla <v1>".into(),
        year: Some(2022),
        low: Some(lo),
        high: Some(hi),
    }
}

fn engine() -> SpendEngine {
    let mut b = ClassifierBuilder::new();
    b.category("food", "Livsmedel & dryck", "Food");
    b.category("transport", "Transporter", "Transport");
    b.category("fuel", "Drivmedel", "Fuel");
    b.account("4010", "food", "konto.csv:2").unwrap();
    b.account("5600-5699", "transport", "konto.csv:3").unwrap();
    b.keyword("diesel", "fuel", "kw.csv:2").unwrap();
    b.supplier_name(EVIL, "fuel", "lev<1>.csv:7").unwrap();
    let mut f = FactorSet::new("Testfaktorer 2022");
    f.insert(factor("food", 0.5, 0.25, 1.0));
    f.insert(factor("transport", 0.2, 0.2, 0.2));
    f.insert(factor("fuel", 2.0, 1.0, 3.0));
    SpendEngine::new(b.build().unwrap(), f)
}

struct Row {
    line: u64,
    date: Option<Date>,
    unit: &'static str,
    account: &'static str,
    id: &'static str,
    name: &'static str,
    ore: i64,
    text: &'static str,
}

fn rows() -> Vec<Row> {
    let d = |m, day| Date::new(2025, m, day);
    #[rustfmt::skip]
    let rows = vec![
        Row { line: 2, date: d(1, 5), unit: "Skola", account: "4010", id: "556000-0001", name: "Mat AB", ore: 100_000_00, text: "" },
        Row { line: 3, date: d(1, 5), unit: "Skola", account: "4010", id: "556000-0001", name: "Mat AB", ore: 100_000_00, text: "" },
        Row { line: 4, date: d(2, 1), unit: "Skola", account: "4010", id: "556000-0002", name: "Gröna Kök AB", ore: 10_000_00, text: "" },
        Row { line: 5, date: d(2, 1), unit: "Vård", account: "4010", id: "556000-0003", name: "Bageri AB", ore: 5_000_00, text: "" },
        Row { line: 6, date: d(2, 3), unit: "Vård", account: "5611", id: "", name: "Buss & Co", ore: 50_000_50, text: "" },
        Row { line: 7, date: d(3, 1), unit: "Vård", account: "5611", id: "", name: "Buss & Co", ore: -5_000_25, text: "kreditnota" },
        Row { line: 8, date: d(3, 2), unit: "Teknik", account: "7000", id: "556000-0004", name: "Tank AB", ore: 20_000_00, text: "Diesel mars" },
        Row { line: 9, date: None, unit: "Teknik", account: "7999", id: "556000-0005", name: "Okänd AB", ore: 1_234_56, text: "övrigt" },
        Row { line: 10, date: d(3, 9), unit: "<Teknik>", account: "7999", id: "", name: EVIL, ore: 7_000_00, text: "" },
    ];
    rows
}

fn report() -> SpendReport {
    let engine = engine();
    let mut accs = engine.accumulators(1, 10);
    for row in rows() {
        accs[0].line(&LedgerLine {
            date: row.date,
            unit: row.unit,
            account: row.account,
            supplier_id: row.id,
            supplier_name: row.name,
            amount: Ore(row.ore),
            text: row.text,
            ..LedgerLine::empty(row.line)
        });
    }
    accs[0].invalid(RowError {
        line: 11,
        column: 3,
        column_name: "belopp".into(),
        value: "12<x>".into(),
        expected: "ett belopp".into(),
        amount: None,
    });
    finish(accs, 25)
}

fn meta(demo: bool) -> ReportMeta {
    ReportMeta {
        title: "Inköpsanalys – Testkommun".into(),
        inputs: vec![InputInfo {
            path: "data/<leverantörer>\".csv".into(),
            format: "CSV".into(),
            detail: "UTF-8, semikolon".into(),
            rows: 10,
        }],
        rule_files: vec!["mina_regler.csv".into()],
        demo,
        generated: "2026-11-29".into(),
        tool_version: "0.1.0".into(),
    }
}

/// For a visual check in a browser:
/// `UPPHANDLA_HTML_DIR=/tmp cargo test -p upphandla-formats --test report_html`
/// writes `inkopsanalys-liten.html` and `inkopsanalys-stor.html` there.
fn save_for_viewing(name: &str, html: &str) {
    if let Some(dir) = std::env::var_os("UPPHANDLA_HTML_DIR") {
        let path = std::path::Path::new(&dir).join(format!("inkopsanalys-{name}.html"));
        std::fs::write(path, html).unwrap();
    }
}

const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Checks that tags nest properly; returns the tag names in order of opening.
fn check_balanced(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut opened = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        opened.push(name.clone());
        if name == "style" {
            let close = rest.find("</style>").expect("unclosed style");
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    opened
}

#[test]
fn escape_handles_markup_quotes_and_controls() {
    assert_eq!(
        escape("<script>alert('x')</script>"),
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    );
    assert_eq!(escape("a \"b\" & c"), "a &quot;b&quot; &amp; c");
    assert_eq!(escape("rad\u{1}ett\ttvå"), "rad\u{fffd}ett\ttvå");
    assert_eq!(escape("Ålö"), "Ålö");
}

#[test]
fn report_is_well_formed_with_landmarks_and_ordered_headings() {
    let html = render_html(&report(), &meta(false));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    let tags = check_balanced(&html);
    for landmark in ["header", "main", "footer"] {
        assert_eq!(tags.iter().filter(|t| *t == landmark).count(), 1);
    }
    assert!(
        !tags
            .iter()
            .any(|t| t == "script" || t == "link" || t == "img")
    );
    // No external references: the only URL is the SVG namespace.
    assert_eq!(
        html.matches("http").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    // ids are unique, and every aria-labelledby/-describedby points at one.
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for attr in ["aria-labelledby=\"", "aria-describedby=\""] {
        for rest in html.split(attr).skip(1) {
            let target = rest.split('"').next().unwrap();
            assert!(unique.contains(target), "{attr}{target}");
        }
    }
    // Headings start at h1 and never skip a level.
    let levels: Vec<u32> = tags
        .iter()
        .filter_map(|t| t.strip_prefix('h')?.parse().ok())
        .collect();
    assert_eq!(levels.first(), Some(&1));
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "heading jump {pair:?}");
    }
}

#[test]
fn every_chart_has_text_alternatives_and_a_following_table() {
    let html = render_html(&report(), &meta(false));
    let svgs: Vec<usize> = html.match_indices("<svg").map(|(i, _)| i).collect();
    assert_eq!(svgs.len(), 3, "categories, suppliers and months");
    for &start in &svgs {
        let end = start + html[start..].find("</svg>").unwrap();
        let svg = &html[start..end];
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("viewBox="));
        let title = svg.split("<title").nth(1).unwrap();
        let desc = svg.split("<desc").nth(1).unwrap();
        assert!(
            title
                .split_once('>')
                .unwrap()
                .1
                .split("</title>")
                .next()
                .unwrap()
                .len()
                > 10
        );
        assert!(
            desc.split_once('>')
                .unwrap()
                .1
                .split("</desc>")
                .next()
                .unwrap()
                .len()
                > 40
        );
        // The next table comes before any other chart or section heading.
        let after = &html[end..];
        let table = after.find("<table").expect("table after chart");
        assert!(after.find("<svg").is_none_or(|s| s > table));
        assert!(after.find("<h2").is_none_or(|h| h > table));
    }
    // The category chart's description names the largest categories and their shares.
    let desc = html
        .split("<desc id=\"diagram-kategorier-besk\">")
        .nth(1)
        .unwrap();
    let desc = desc.split("</desc>").next().unwrap();
    assert!(
        desc.contains("Livsmedel &amp; dryck 107,5 ton (63,0\u{a0}%"),
        "{desc}"
    );
    assert!(desc.contains("Drivmedel"), "{desc}");

    // Every table has a caption and every header cell a scope.
    let tables = html.matches("<table>").count();
    assert!(tables >= 7);
    assert_eq!(
        html.matches("<table>\n<caption id=\"tabell-").count(),
        tables
    );
    // Tables that may scroll sideways can be reached and scrolled with the keyboard.
    assert_eq!(
        html.matches("role=\"region\" tabindex=\"0\"").count(),
        tables
    );
    assert_eq!(
        html.matches("<th ").count(),
        html.matches("<th scope=").count()
    );
    assert!(!html.contains("<th>"));
}

#[test]
fn numbers_are_in_swedish_form() {
    let html = render_html(&report(), &meta(false));
    // Total exact to the öre.
    assert!(html.contains("288\u{a0}234,81\u{a0}kr"));
    // Food 215 000 kr in whole kronor, 107,5 t, range 53,8–215,0 t.
    assert!(html.contains("<td class=\"num\">215\u{a0}000</td>"));
    assert!(html.contains("107,5"));
    assert!(html.contains("53,8–215,0"));
    // Factor 0,5, range 0,25–1, with source and year, escaped.
    assert!(
        html.contains(
            ">0,5<span class=\"src\">intervall 0,25–1; Testkälla &lt;v1&gt;, 2022</span>"
        )
    );
    // Credit note and the duplicate's amount per row.
    assert!(html.contains("-5\u{a0}000"));
    assert!(html.contains("100\u{a0}000,00"));
    assert!(!html.contains("NaN") && !html.contains("inf"));
}

#[test]
fn user_strings_are_escaped() {
    let html = render_html(&report(), &meta(false));
    assert!(!html.contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"));
    assert!(html.contains("data/&lt;leverantörer&gt;&quot;.csv"));
    assert!(html.contains("lev&lt;1&gt;.csv:7"));
    assert!(html.contains("&lt;Teknik&gt;"));
    assert!(html.contains("12&lt;x&gt;"));
    assert!(!html.contains("<Teknik>") && !html.contains("<leverantörer>"));
}

#[test]
fn sections_cover_quality_and_method() {
    let html = render_html(&report(), &meta(false));
    save_for_viewing("liten", &html);
    for heading in [
        "Nyckeltal",
        "Underlag",
        "Var finns utsläppen?",
        "Största leverantörerna",
        "Per verksamhet",
        "Per månad",
        "Datakvalitet",
        "Misstänkta dubbletter",
        "Överhoppade rader",
        "Hur beräknades detta?",
    ] {
        assert!(html.contains(&format!(">{heading}</h")), "{heading}");
    }
    // The duplicate group with its repeated line, and the rules with their origin.
    assert!(html.contains("<th scope=\"row\">Mat AB (556000-0001)</th><td>2025-01-05</td>"));
    assert!(html.contains("<td>3</td>"));
    assert!(html.contains("1\u{a0}rad saknade datum"));
    assert!(html.contains("konto.csv:2"));
    assert!(html.contains("US EPA"));
    // Unclassified spend has no factor here, so the summary warns of underestimation.
    assert!(html.contains("0,4\u{a0}% av inköpen kunde inte klassas och räknas som 0 ton"));
    assert!(html.contains("docs/method.md"));
    assert!(html.contains("Testfaktorer 2022"));
}

#[test]
fn demo_banner_only_for_demo_data() {
    let demo = render_html(&report(), &meta(true));
    assert!(demo.contains("Demodata</strong> – syntetiska siffror, inte en verklig kommun"));
    assert!(demo.contains("<title>Inköpsanalys – Testkommun (demodata)</title>"));
    let real = render_html(&report(), &meta(false));
    assert!(!real.to_lowercase().contains("demodata"));
    assert!(!real.contains("syntetiska"));
}

#[test]
fn empty_report_renders_without_charts() {
    let engine = engine();
    let accs = engine.accumulators(1, 0);
    let html = render_html(&finish(accs, 25), &ReportMeta::default());
    check_balanced(&html);
    assert!(!html.contains("<svg"));
    assert!(html.contains("<h1>Inköpsanalys</h1>"));
    assert!(html.contains("Inga utsläpp kunde beräknas"));
    assert!(!html.contains("NaN"));
}

/// A larger report (many categories, suppliers and months).
#[test]
fn larger_report_is_well_formed() {
    let mut b = ClassifierBuilder::new();
    let mut f = FactorSet::new("Stora testfaktorer");
    let names = [
        "Livsmedel",
        "Bygg och anläggning",
        "Transporter och fordon med ett mycket långt kategorinamn",
        "IT-utrustning",
        "Möbler",
        "Kontorsmaterial",
        "Energi",
        "Städtjänster",
        "Konsulttjänster",
        "Kemikalier",
        "Textilier",
        "Medicinsk utrustning",
    ];
    for (i, name) in names.iter().enumerate() {
        let id = format!("c{i}");
        b.category(&id, name, name);
        b.account(
            &format!("{}", 4000 + i),
            &id,
            &format!("konto.csv:{}", i + 2),
        )
        .unwrap();
        let v = 0.05 + 0.07 * (i % 5) as f64;
        let mut factor = factor(&id, v, v * 0.6, v * 1.8);
        if i % 4 == 3 {
            (factor.low, factor.high) = (None, None);
        }
        f.insert(factor);
    }
    let engine = SpendEngine::new(b.build().unwrap(), f);
    let mut accs = engine.accumulators(2, 5000);
    let suppliers: Vec<String> = (0..60)
        .map(|i| format!("Leverantör nummer {i} Aktiebolag"))
        .collect();
    let ids: Vec<String> = (0..60).map(|i| format!("5560{i:02}-1234")).collect();
    let units = ["Skola", "Vård och omsorg", "Teknik", "Kultur", "Stab"];
    let accounts: Vec<String> = (0..13).map(|i| format!("{}", 4000 + i)).collect();
    for i in 0..5000u64 {
        let s = ((i * 7919) % 997 % 60) as usize;
        let s = s * s / 60; // skewed towards the first suppliers
        let month = (i % 12) as u8 + 1;
        let line = LedgerLine {
            date: Date::new(2025, month, (i % 28) as u8 + 1),
            unit: units[(i % 5) as usize],
            account: &accounts[(i % 13) as usize],
            supplier_id: &ids[s],
            supplier_name: &suppliers[s],
            amount: Ore((((i * 104_729) % 50_000) as i64 + 100) * 100 * (60 - s as i64)),
            ..LedgerLine::empty(i + 2)
        };
        accs[(i % 2) as usize].line(&line);
    }
    let report = finish(accs, 25);
    let html = render_html(&report, &meta(true));
    save_for_viewing("stor", &html);
    check_balanced(&html);
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("de 10 kategorier av 12"));
    assert!(report.supplier_count > 25);
    assert!(html.contains(&format!(
        "De 25 största leverantörerna av {}",
        report.supplier_count
    )));
}
