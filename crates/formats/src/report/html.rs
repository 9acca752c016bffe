//! The spend analysis as one self-contained HTML file (inköpsanalys): embedded
//! CSS, inline SVG charts with text alternatives and data tables, no
//! JavaScript and no external assets, so it can be e-mailed and printed.
//! Written for WCAG 2.1 AA: landmarks, ordered headings, table captions and
//! header scopes, contrast-checked colours (see [`super::svg`]).

use std::fmt::Write;

use upphandla_core::classify::UNCLASSIFIED;
use upphandla_core::money::group_thousands;
use upphandla_core::spend::{CategoryResult, GroupResult, SpendReport};

use super::svg::{self, Bar, Chart};
use super::{ReportMeta, decimal_sv, percent_sv, sek_sv, sek_whole_sv, tonnes_sv};

/// Categories drawn in the emissions chart; the table lists all of them.
const CHART_CATEGORIES: usize = 10;
/// Rules listed in the method section; the rest are summed in one line.
const MAX_RULES_LISTED: usize = 100;

/// Escapes text for HTML element content and quoted attribute values. C0
/// control characters (other than tab and line breaks) are not allowed in HTML
/// or XML, so they become U+FFFD instead of breaking the file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        // Writing to a String cannot fail.
        let _ = write!($out, $($arg)*);
    }};
}

/// Digit groups and the space before units must not break across lines.
fn nb(s: String) -> String {
    s.replace(' ', "\u{a0}")
}

/// Exact kronor and öre: `381 234,81 kr`.
fn kr(ore: i64) -> String {
    nb(format!("{} kr", sek_sv(ore)))
}

/// Whole kronor, for tables: `381 235`.
fn kr_whole(ore: i64) -> String {
    nb(sek_whole_sv(ore))
}

/// The report's kronor fields are exact öre / 100, so rounding recovers the öre.
fn ore_of(sek: f64) -> i64 {
    (sek * 100.0).round() as i64
}

fn tonnes(kg: f64) -> String {
    nb(tonnes_sv(kg))
}

fn pct(share: f64) -> String {
    nb(percent_sv(share))
}

fn count(n: u64) -> String {
    nb(group_thousands(n))
}

/// A factor with three significant digits and no trailing zeros: `0,5`, `0,0123`.
fn factor_sv(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return decimal_sv(f, 0);
    }
    let decimals = (2.0 - f.abs().log10().floor()).clamp(0.0, 8.0) as usize;
    let text = decimal_sv(f, decimals);
    let text = if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        text
    };
    nb(text)
}

/// Low–high range of tonnes: `78,8–315,0`.
fn tonnes_range(low: f64, high: f64) -> String {
    format!("{}–{}", tonnes(low), tonnes(high))
}

/// The range under a value in a table cell (the header says "och intervall"), or nothing.
fn range_note(low: f64, high: f64, point: f64) -> String {
    if has_range(low, high, point) {
        tonnes_range(low, high)
    } else {
        String::new()
    }
}

fn has_range(low: f64, high: f64, point: f64) -> bool {
    (high - low).abs() > point.abs().max(1.0) * 1e-9
}

/// Unit for money charts so that axis labels stay short.
fn money_unit(max_abs_ore: i64) -> (f64, &'static str) {
    let kronor = max_abs_ore.unsigned_abs() / 100;
    if kronor >= 10_000_000 {
        (100_000_000.0, "miljoner kronor (mnkr)")
    } else if kronor >= 10_000 {
        (100_000.0, "tusen kronor (tkr)")
    } else {
        (100.0, "kronor")
    }
}

fn supplier_name(g: &GroupResult) -> &str {
    if g.name.trim().is_empty() {
        &g.key
    } else {
        &g.name
    }
}

/// `1 rad`, `2 rader`.
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{}\u{a0}{}", count(n), if n == 1 { one } else { many })
}

/// "Mat AB (556000-0001)", or whichever of the two the ledger had.
fn duplicate_supplier(name: &str, id: &str) -> String {
    match (name.trim().is_empty(), id.trim().is_empty()) {
        (false, false) => format!("{} ({})", escape(name), escape(id)),
        (false, true) => escape(name),
        (true, _) => cell_text(id, "–"),
    }
}

fn cell_text(text: &str, empty: &str) -> String {
    if text.trim().is_empty() {
        escape(empty)
    } else {
        escape(text)
    }
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1a1a1a; background: #fff; line-height: 1.5; font-size: 1rem; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.25rem; padding-bottom: .75rem; border-bottom: 1px solid #767676; }
footer { margin-top: 3rem; padding-bottom: 2rem; color: #4d4d4d; font-size: .9rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .5rem 0; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .2rem; border-bottom: 3px solid #3a78b0; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p { max-width: 48rem; }
.demo { max-width: none; margin: 0 0 .75rem; padding: .6rem 1rem; background: #fff4ce;
  border: 2px solid #7a5c00; font-weight: 600; }
.meta { color: #4d4d4d; margin: .25rem 0; }
.lead { font-size: 1.1rem; }
dl.kpi { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .75rem; margin: 1rem 0; }
dl.kpi div { border: 1px solid #767676; border-radius: 4px; padding: .6rem .8rem; }
dl.kpi dt { font-size: .9rem; color: #4d4d4d; }
dl.kpi dd { margin: 0; font-size: 1.3rem; font-weight: 700; }
dl.kpi dd.sub { font-size: .9rem; font-weight: 400; }
figure { margin: 1rem 0 .5rem; }
svg { display: block; width: 100%; height: auto; max-width: 760px; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .875rem; margin: .5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #c4c4c4; padding: .3rem .4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; vertical-align: bottom; }
tfoot th, tfoot td { border-top: 2px solid #1a1a1a; font-weight: 700; }
th[scope=row] { font-weight: 400; }
sub { line-height: 0; }
thead th.num { white-space: normal; }
.num .sub { display: block; color: #4d4d4d; font-size: .8rem; white-space: normal; }
td.factor { min-width: 10rem; }
.src { display: block; color: #4d4d4d; font-size: .8rem; text-align: left; white-space: normal; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.note { max-width: 48rem; background: #f2f2f2; border-left: 4px solid #4d4d4d; padding: .5rem 1rem; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
@media print {
  body { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, tr, dl.kpi div { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  /* Print the total once, at the end, not repeated on every page. */
  tfoot { display: table-row-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the whole report as one HTML document.
pub fn render_html(report: &SpendReport, meta: &ReportMeta) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = if meta.title.trim().is_empty() {
        "Inköpsanalys"
    } else {
        meta.title.as_str()
    };
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"upphandla {}\">\n<title>{}{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&meta.tool_version),
        escape(title),
        if meta.demo { " (demodata)" } else { "" },
    );
    header(&mut out, report, meta, title);
    out.push_str("<main>\n");
    key_figures(&mut out, report);
    inputs(&mut out, meta);
    categories(&mut out, report);
    suppliers(&mut out, report);
    units(&mut out, report);
    months(&mut out, report);
    data_quality(&mut out, report);
    method(&mut out, report);
    out.push_str("</main>\n");
    w!(
        out,
        "<footer>\n<p>Skapad {} med upphandla {}. Faktoruppsättning: {}.{}</p>\n</footer>\n</body>\n</html>\n",
        escape(&meta.generated),
        escape(&meta.tool_version),
        escape(&report.factor_set),
        if meta.demo {
            " Rapporten bygger på demodata."
        } else {
            ""
        },
    );
    out
}

fn header(out: &mut String, report: &SpendReport, meta: &ReportMeta, title: &str) {
    out.push_str("<header>\n");
    if meta.demo {
        out.push_str(
            "<p class=\"demo\"><strong>Demodata</strong> – syntetiska siffror, inte en verklig kommun.</p>\n",
        );
    }
    w!(out, "<h1>{}</h1>\n", escape(title));
    w!(
        out,
        "<p class=\"meta\">Inköpsanalys med beräknade klimatutsläpp. Skapad {} med upphandla {}.</p>\n\
         <p class=\"meta\">Utsläppsfaktorer: {}.</p>\n</header>\n",
        escape(&meta.generated),
        escape(&meta.tool_version),
        escape(&report.factor_set),
    );
}

fn key_figures(out: &mut String, report: &SpendReport) {
    let t = &report.total;
    out.push_str("<section aria-labelledby=\"nyckeltal\">\n<h2 id=\"nyckeltal\">Nyckeltal</h2>\n");
    w!(
        out,
        "<p class=\"lead\">Inköpen uppgick till {} och gav uppskattningsvis {} ton CO<sub>2</sub>e",
        kr(t.ore),
        tonnes(t.kg_co2e),
    );
    if has_range(t.kg_co2e_low, t.kg_co2e_high, t.kg_co2e) {
        w!(
            out,
            " (mellan {} och {} ton)",
            tonnes(t.kg_co2e_low),
            tonnes(t.kg_co2e_high)
        );
    }
    out.push('.');
    let top: Vec<&CategoryResult> = emitting(report).take(3).collect();
    if !top.is_empty() {
        let parts: Vec<String> = top
            .iter()
            .map(|c| format!("{} ({})", escape(&c.name), pct(c.share_of_emissions)))
            .collect();
        w!(out, " Störst utsläpp har {}.", join_sv(&parts));
    }
    let unclassified_counts_zero = report
        .categories
        .iter()
        .find(|c| c.id == UNCLASSIFIED)
        .is_some_and(|c| c.factor.is_none());
    if unclassified_counts_zero && report.unclassified.sek > 0.0 {
        w!(
            out,
            " {} av inköpen kunde inte klassas och räknas som 0 ton, så utsläppen är sannolikt \
             underskattade.",
            pct(report.unclassified.share_of_spend)
        );
    }
    out.push_str("</p>\n<dl class=\"kpi\">\n");
    w!(
        out,
        "<div><dt>Inköp totalt</dt><dd>{}</dd></div>\n",
        kr(t.ore)
    );
    w!(
        out,
        "<div><dt>Beräknade utsläpp</dt><dd>{} ton CO<sub>2</sub>e</dd><dd class=\"sub\">intervall {} ton</dd></div>\n",
        tonnes(t.kg_co2e),
        tonnes_range(t.kg_co2e_low, t.kg_co2e_high),
    );
    w!(
        out,
        "<div><dt>Rader</dt><dd>{}</dd><dd class=\"sub\">{} leverantörer</dd></div>\n",
        count(t.rows),
        count(report.supplier_count),
    );
    let u = &report.unclassified;
    w!(
        out,
        "<div><dt>Oklassificerat (andel av beloppet)</dt><dd>{}</dd><dd class=\"sub\">{} kr; {} av raderna</dd></div>\n",
        pct(u.share_of_spend),
        kr_whole(ore_of(u.sek)),
        pct(u.share_of_rows),
    );
    out.push_str("</dl>\n</section>\n");
}

/// "a", "a och b", "a, b och c".
fn join_sv(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {}", init.join(", "), last),
    }
}

/// Categories with emissions, largest first (the report is already sorted).
fn emitting(report: &SpendReport) -> impl Iterator<Item = &CategoryResult> {
    report.categories.iter().filter(|c| c.kg_co2e > 0.0)
}

fn inputs(out: &mut String, meta: &ReportMeta) {
    out.push_str("<section aria-labelledby=\"underlag\">\n<h2 id=\"underlag\">Underlag</h2>\n");
    if meta.inputs.is_empty() {
        out.push_str("<p>Inga indatafiler angavs.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-filer\"><table>\n<caption id=\"tabell-filer\">Filer som analysen bygger på</caption>\n\
             <thead><tr><th scope=\"col\">Fil</th><th scope=\"col\">Format</th>\
             <th scope=\"col\">Inläsning</th><th scope=\"col\" class=\"num\">Rader</th></tr></thead>\n<tbody>\n",
        );
        for input in &meta.inputs {
            w!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                escape(&input.path),
                escape(&input.format),
                cell_text(&input.detail, "–"),
                count(input.rows),
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    if meta.rule_files.is_empty() {
        out.push_str(
            "<p>Klassning och faktorer: inbyggda standardregler och standardfaktorer.</p>\n",
        );
    } else {
        out.push_str("<p>Egna regel- och faktorfiler utöver standardvärdena:</p>\n<ul>\n");
        for file in &meta.rule_files {
            w!(out, "<li><code>{}</code></li>\n", escape(file));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn categories(out: &mut String, report: &SpendReport) {
    out.push_str(
        "<section aria-labelledby=\"utslapp\">\n<h2 id=\"utslapp\">Var finns utsläppen?</h2>\n",
    );
    let shown: Vec<&CategoryResult> = emitting(report).take(CHART_CATEGORIES).collect();
    let emitting_count = emitting(report).count();
    if shown.is_empty() {
        out.push_str("<p>Inga utsläpp kunde beräknas: ingen rad hamnade i en kategori med utsläppsfaktor.</p>\n");
    } else {
        let mut desc = format!(
            "Liggande stapeldiagram över {} med störst beräknade utsläpp, i ton CO₂e. ",
            if shown.len() < emitting_count {
                format!("de {} kategorier av {}", shown.len(), emitting_count)
            } else if shown.len() == 1 {
                "den kategori".to_string()
            } else {
                format!("de {} kategorier", shown.len())
            }
        );
        let words: Vec<String> = shown
            .iter()
            .take(3)
            .map(|c| {
                format!(
                    "{} {} ton ({} av utsläppen)",
                    c.name,
                    tonnes(c.kg_co2e),
                    pct(c.share_of_emissions)
                )
            })
            .collect();
        w!(desc, "Störst: {}.", join_sv(&words));
        if shown
            .iter()
            .any(|c| has_range(c.kg_co2e_low, c.kg_co2e_high, c.kg_co2e))
        {
            desc.push_str(" Linjer med ändstreck visar intervallet låg–hög.");
        }
        desc.push_str(" Alla värden finns i tabellen under diagrammet.");
        let bars: Vec<Bar> = shown
            .iter()
            .map(|c| {
                let bar = Bar::new(
                    c.name.clone(),
                    c.kg_co2e / 1000.0,
                    format!(
                        "{} t ({})",
                        tonnes_sv(c.kg_co2e),
                        percent_sv(c.share_of_emissions)
                    ),
                );
                if has_range(c.kg_co2e_low, c.kg_co2e_high, c.kg_co2e) {
                    bar.with_range(c.kg_co2e_low / 1000.0, c.kg_co2e_high / 1000.0)
                } else {
                    bar
                }
            })
            .collect();
        let chart = Chart {
            english: false,
            id: "diagram-kategorier",
            title: "Beräknade utsläpp per kategori",
            desc: &desc,
            unit: "ton CO₂e",
        };
        w!(
            out,
            "<figure>\n{}\n</figure>\n",
            svg::horizontal_bars(&chart, &bars)
        );
    }
    let t = &report.total;
    out.push_str(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-kategorier\"><table>\n<caption id=\"tabell-kategorier\">Inköp och beräknade utsläpp per kategori, \
         sorterat efter utsläpp</caption>\n<thead><tr>\
         <th scope=\"col\">Kategori</th>\
         <th scope=\"col\" class=\"num\">Inköp (kr)</th>\
         <th scope=\"col\" class=\"num\">Andel av inköpen</th>\
         <th scope=\"col\" class=\"num\">Utsläpp (ton CO<sub>2</sub>e) och intervall</th>\
         <th scope=\"col\" class=\"num\">Andel av utsläppen</th>\
         <th scope=\"col\" class=\"num\">Faktor (kg CO<sub>2</sub>e/kr) och källa</th>\
         <th scope=\"col\" class=\"num\">Leverantörer</th>\
         <th scope=\"col\" class=\"num\">Leverantörer för 80 %</th>\
         <th scope=\"col\" class=\"num\">Övriga leverantörer (kr)</th>\
         </tr></thead>\n<tbody>\n",
    );
    for c in &report.categories {
        let (factor, source) = match &c.factor {
            Some(f) => {
                let (low, high) = f.bounds();
                let mut source = if has_range(low, high, f.kg_co2e_per_sek) {
                    format!("intervall {}–{}; ", factor_sv(low), factor_sv(high))
                } else {
                    String::new()
                };
                source.push_str(&escape(&f.source));
                if let Some(year) = f.year {
                    w!(source, ", {year}");
                }
                let value = factor_sv(f.kg_co2e_per_sek);
                (value, source)
            }
            None => ("–".to_string(), "ingen faktor (räknas som 0)".to_string()),
        };
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}<span class=\"sub\">{}</span></td><td class=\"num\">{}</td>\
             <td class=\"num factor\">{}<span class=\"src\">{}</span></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            cell_text(&c.name, &c.id),
            kr_whole(c.ore),
            pct(c.share_of_spend),
            tonnes(c.kg_co2e),
            range_note(c.kg_co2e_low, c.kg_co2e_high, c.kg_co2e),
            pct(c.share_of_emissions),
            factor,
            source,
            count(c.suppliers),
            count(c.suppliers_for_80_percent),
            kr_whole(ore_of(c.long_tail_sek)),
        );
    }
    w!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">Totalt</th><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}<span class=\"sub\">{}</span></td><td class=\"num\">{}</td>\
         <td></td><td class=\"num\">{}</td><td></td><td></td></tr></tfoot>\n\
         </table></div>\n",
        kr_whole(t.ore),
        pct(if t.ore == 0 { 0.0 } else { 1.0 }),
        tonnes(t.kg_co2e),
        range_note(t.kg_co2e_low, t.kg_co2e_high, t.kg_co2e),
        pct(if t.kg_co2e == 0.0 { 0.0 } else { 1.0 }),
        count(report.supplier_count),
    );
    out.push_str(
        "<p>”Leverantörer för 80 %” är hur få leverantörer som tillsammans står för 80 % av \
         kategorins inköp; ”Övriga leverantörer” är beloppet hos resten (den långa svansen). \
         Få leverantörer betyder att några få avtal styr det mesta av utsläppen.</p>\n</section>\n",
    );
}

fn suppliers(out: &mut String, report: &SpendReport) {
    out.push_str(
        "<section aria-labelledby=\"leverantorer\">\n<h2 id=\"leverantorer\">Största leverantörerna</h2>\n",
    );
    if report.suppliers.is_empty() {
        out.push_str("<p>Inga leverantörer fanns i underlaget.</p>\n</section>\n");
        return;
    }
    let n = report.suppliers.len();
    let total = report.total.ore;
    let mut running: i64 = 0;
    let cumulative: Vec<f64> = report
        .suppliers
        .iter()
        .map(|s| {
            running = running.saturating_add(s.ore);
            if total == 0 {
                0.0
            } else {
                running as f64 / total as f64
            }
        })
        .collect();
    let top_share = cumulative.last().copied().unwrap_or(0.0);
    let reach_80 = cumulative.iter().position(|&c| c >= 0.8).map(|i| i + 1);

    let mut summary = format!(
        "Underlaget har {} leverantörer. De {} största står för {} av inköpen",
        count(report.supplier_count),
        count(n as u64),
        pct(top_share),
    );
    match reach_80 {
        Some(k) => w!(
            summary,
            "; {} av dem står tillsammans för 80 %.",
            count(k as u64)
        ),
        None => summary.push('.'),
    }
    w!(out, "<p>{}</p>\n", escape(&summary));

    let max_abs = report
        .suppliers
        .iter()
        .map(|s| s.ore.saturating_abs())
        .max()
        .unwrap_or(0);
    let (divisor, unit) = money_unit(max_abs);
    let bars: Vec<Bar> = report
        .suppliers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // The rank links each column to its row in the table.
            let label = format!("{}. {}", i + 1, supplier_name(s));
            Bar::new(label, s.ore as f64 / divisor, "")
        })
        .collect();
    let first = report.suppliers.first().map(|s| {
        format!(
            " Störst är {} med {} ({}).",
            supplier_name(s),
            kr_whole(s.ore) + "\u{a0}kr",
            pct(s.share_of_spend)
        )
    });
    let desc = format!(
        "Paretodiagram: staplar för inköpen hos de {} största leverantörerna, störst först, \
         och en linje för deras ackumulerade andel av alla inköp. {}{} Alla värden finns i tabellen.",
        n,
        summary,
        first.unwrap_or_default(),
    );
    let chart = Chart {
        english: false,
        id: "diagram-leverantorer",
        title: "Inköp per leverantör med ackumulerad andel (Pareto)",
        desc: &desc,
        unit,
    };
    w!(
        out,
        "<figure>\n{}\n</figure>\n",
        svg::pareto(&chart, &bars, total as f64 / divisor)
    );
    w!(
        out,
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-leverantorer\"><table>\n<caption id=\"tabell-leverantorer\">De {} största leverantörerna av {}</caption>\n\
         <thead><tr><th scope=\"col\" class=\"num\">Nr</th><th scope=\"col\">Leverantör</th>\
         <th scope=\"col\">Orgnr</th><th scope=\"col\" class=\"num\">Inköp (kr)</th>\
         <th scope=\"col\" class=\"num\">Andel</th><th scope=\"col\" class=\"num\">Ackumulerad andel</th>\
         <th scope=\"col\" class=\"num\">Utsläpp (ton CO<sub>2</sub>e)</th>\
         <th scope=\"col\" class=\"num\">Rader</th></tr></thead>\n<tbody>\n",
        count(n as u64),
        count(report.supplier_count),
    );
    for (i, (s, cum)) in report.suppliers.iter().zip(&cumulative).enumerate() {
        w!(
            out,
            "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>\n",
            i + 1,
            escape(supplier_name(s)),
            cell_text(&s.key, "–"),
            kr_whole(s.ore),
            pct(s.share_of_spend),
            pct(*cum),
            tonnes(s.kg_co2e),
            count(s.rows),
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// Table rows for a unit or month listing.
fn group_rows(out: &mut String, groups: &[GroupResult], empty_label: &str) {
    for g in groups {
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            cell_text(&g.name, empty_label),
            kr_whole(g.ore),
            pct(g.share_of_spend),
            tonnes(g.kg_co2e),
            count(g.rows),
        );
    }
}

const GROUP_HEAD: &str = "<th scope=\"col\" class=\"num\">Inköp (kr)</th>\
    <th scope=\"col\" class=\"num\">Andel av inköpen</th>\
    <th scope=\"col\" class=\"num\">Utsläpp (ton CO<sub>2</sub>e)</th>\
    <th scope=\"col\" class=\"num\">Rader</th></tr></thead>\n<tbody>\n";

fn units(out: &mut String, report: &SpendReport) {
    out.push_str(
        "<section aria-labelledby=\"verksamheter\">\n<h2 id=\"verksamheter\">Per verksamhet</h2>\n",
    );
    if report.units.is_empty() {
        out.push_str("<p>Underlaget saknar uppgift om verksamhet.</p>\n</section>\n");
        return;
    }
    w!(
        out,
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-verksamheter\"><table>\n<caption id=\"tabell-verksamheter\">Inköp och beräknade utsläpp per verksamhet \
         ({} st), störst först</caption>\n<thead><tr><th scope=\"col\">Verksamhet</th>{GROUP_HEAD}",
        count(report.units.len() as u64)
    );
    group_rows(out, &report.units, "(ingen verksamhet angiven)");
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn months(out: &mut String, report: &SpendReport) {
    out.push_str("<section aria-labelledby=\"manader\">\n<h2 id=\"manader\">Per månad</h2>\n");
    if report.months.is_empty() {
        out.push_str("<p>Inga rader hade datum.</p>\n</section>\n");
        return;
    }
    let max_abs = report
        .months
        .iter()
        .map(|m| m.ore.saturating_abs())
        .max()
        .unwrap_or(0);
    let (divisor, unit) = money_unit(max_abs);
    // The axis names the unit, so the value above each column is just the number.
    let decimals = if divisor >= 100_000_000.0 { 1 } else { 0 };
    let bars: Vec<Bar> = report
        .months
        .iter()
        .map(|m| {
            let value = m.ore as f64 / divisor;
            Bar::new(m.name.clone(), value, decimal_sv(value, decimals))
        })
        .collect();
    let (largest, smallest) = (
        report.months.iter().max_by_key(|m| m.ore),
        report.months.iter().min_by_key(|m| m.ore),
    );
    let mut desc = format!(
        "Stapeldiagram över inköpen per månad, {} {} från {} till {}.",
        report.months.len(),
        if report.months.len() == 1 {
            "månad"
        } else {
            "månader"
        },
        report.months.first().map(|m| m.name.as_str()).unwrap_or(""),
        report.months.last().map(|m| m.name.as_str()).unwrap_or(""),
    );
    if let (Some(hi), Some(lo)) = (largest, smallest) {
        w!(
            desc,
            " Mest köptes {} ({} kr), minst {} ({} kr).",
            hi.name,
            kr_whole(hi.ore),
            lo.name,
            kr_whole(lo.ore)
        );
    }
    desc.push_str(" Alla värden finns i tabellen.");
    let chart = Chart {
        english: false,
        id: "diagram-manader",
        title: "Inköp per månad",
        desc: &desc,
        unit,
    };
    w!(
        out,
        "<figure>\n{}\n</figure>\n",
        svg::columns(&chart, &bars)
    );
    w!(
        out,
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-manader\"><table>\n<caption id=\"tabell-manader\">Inköp och beräknade utsläpp per månad</caption>\n\
         <thead><tr><th scope=\"col\">Månad</th>{GROUP_HEAD}"
    );
    group_rows(out, &report.months, "–");
    out.push_str("</tbody>\n</table></div>\n");
    if report.data_quality.rows_without_date > 0 {
        w!(
            out,
            "<p>{} saknade datum och ingår därför inte per månad (men i totalen).</p>\n",
            counted(report.data_quality.rows_without_date, "rad", "rader")
        );
    }
    out.push_str("</section>\n");
}

fn data_quality(out: &mut String, report: &SpendReport) {
    let q = &report.data_quality;
    let s = &report.skipped;
    out.push_str(
        "<section aria-labelledby=\"datakvalitet\">\n<h2 id=\"datakvalitet\">Datakvalitet</h2>\n\
         <div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-kontroller\"><table>\n<caption id=\"tabell-kontroller\">Kontroller av underlaget</caption>\n\
         <thead><tr><th scope=\"col\">Kontroll</th><th scope=\"col\" class=\"num\">Rader</th>\
         <th scope=\"col\" class=\"num\">Belopp (kr)</th><th scope=\"col\">Vad det betyder</th></tr></thead>\n<tbody>\n",
    );
    let mut row = |what: &str, rows: Option<u64>, amount: Option<f64>, meaning: &str| {
        w!(
            out,
            "<tr><th scope=\"row\">{what}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{meaning}</td></tr>\n",
            rows.map_or_else(|| "–".to_string(), count),
            amount.map_or_else(|| "–".to_string(), |a| kr_whole(ore_of(a))),
        );
    };
    row(
        "Rader utan organisationsnummer",
        Some(q.rows_without_orgnr),
        Some(q.sek_without_orgnr),
        "Leverantören känns bara igen på namnet; klassning sker på namn, konto eller text.",
    );
    row(
        "Rader utan datum",
        Some(q.rows_without_date),
        None,
        "Ingår i totalen men inte i fördelningen per månad.",
    );
    row(
        "Kreditnotor (negativa belopp)",
        Some(q.credit_note_rows),
        Some(q.credit_note_sek),
        "Minskar inköpen och utsläppen i sin kategori.",
    );
    if q.duplicates_checked {
        let duplicate_meaning = format!(
            "Samma leverantör, datum och belopp på flera rader ({}). De ingår i totalen; \
             kontrollera mot bokföringen.",
            counted(q.suspected_duplicate_groups, "grupp", "grupper")
        );
        row(
            "Misstänkta dubbletter (upprepningar)",
            Some(q.suspected_duplicate_rows),
            Some(q.suspected_duplicate_sek),
            &duplicate_meaning,
        );
    } else {
        row(
            "Misstänkta dubbletter",
            None,
            None,
            "Inte kontrollerat i den här körningen (--no-duplicate-check).",
        );
    }
    let skipped_meaning = if s.rows_without_readable_amount > 0 {
        format!(
            "Rader som inte kunde läsas ingår inte i analysen. Beloppet gäller de rader där det gick att läsa; \
             {} saknade läsbart belopp.",
            counted(s.rows_without_readable_amount, "rad", "rader")
        )
    } else {
        "Rader som inte kunde läsas ingår inte i analysen.".to_string()
    };
    row(
        "Överhoppade rader",
        Some(s.rows),
        Some(s.sek),
        &skipped_meaning,
    );
    out.push_str("</tbody>\n</table></div>\n");

    if !q.suspected_duplicates.is_empty() {
        out.push_str("<h3>Misstänkta dubbletter</h3>\n");
        let listed = q.suspected_duplicates.len() as u64;
        if listed < q.suspected_duplicate_groups {
            w!(
                out,
                "<p>Visar de {} grupperna med störst belopp av {}.</p>\n",
                count(listed),
                count(q.suspected_duplicate_groups)
            );
        }
        out.push_str(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-dubbletter\"><table>\n<caption id=\"tabell-dubbletter\">Grupper av rader med samma leverantör, datum och belopp</caption>\n\
             <thead><tr><th scope=\"col\">Leverantör</th><th scope=\"col\">Datum</th>\
             <th scope=\"col\" class=\"num\">Belopp per rad (kr)</th><th scope=\"col\" class=\"num\">Rader i gruppen</th>\
             <th scope=\"col\">Radnummer för upprepningarna</th></tr></thead>\n<tbody>\n",
        );
        for d in &q.suspected_duplicates {
            let lines: Vec<String> = d.lines.iter().map(|l| count(*l)).collect();
            w!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                duplicate_supplier(&d.supplier, &d.supplier_id),
                escape(&d.date),
                nb(sek_sv(ore_of(d.sek))),
                count(d.count),
                lines.join(", "),
            );
        }
        out.push_str(
            "</tbody>\n</table></div>\n<p>Den första raden i varje grupp syns oftast inte bland radnumren: \
             den kan inte kännas igen som upprepning när den läses.</p>\n",
        );
    }

    if !s.errors.is_empty() {
        out.push_str("<h3>Överhoppade rader</h3>\n");
        if (s.errors.len() as u64) < s.rows {
            w!(
                out,
                "<p>Visar de första {} av {} rader.</p>\n",
                count(s.errors.len() as u64),
                count(s.rows)
            );
        }
        out.push_str(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-overhoppade\"><table>\n<caption id=\"tabell-overhoppade\">Rader som inte kunde läsas, med orsak</caption>\n\
             <thead><tr><th scope=\"col\" class=\"num\">Rad</th><th scope=\"col\" class=\"num\">Kolumn</th>\
             <th scope=\"col\">Fält</th><th scope=\"col\">Värde</th><th scope=\"col\">Förväntat</th></tr></thead>\n<tbody>\n",
        );
        for e in &s.errors {
            w!(
                out,
                "<tr><th scope=\"row\" class=\"num\">{}</th><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
                count(e.line),
                e.column,
                escape(&e.column_name),
                escape(&e.value),
                escape(&e.expected),
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    out.push_str("</section>\n");
}

fn method(out: &mut String, report: &SpendReport) {
    w!(
        out,
        "<section aria-labelledby=\"metod\">\n<h2 id=\"metod\">Hur beräknades detta?</h2>\n\
         <p>Varje rad i underlaget förs till en kategori, och kategorins utsläpp beräknas som \
         inköpsbeloppet i kronor (exklusive moms) gånger kategorins utsläppsfaktor (kg CO<sub>2</sub>e \
         per krona). \
         Reglerna prövas i en fast ordning – CPV-kod, leverantör (organisationsnummer, sedan namn), \
         konto eller kontointervall och sist nyckelord i leverantörsnamn och text – och den första \
         regel som passar avgör; rader som ingen regel passar blir oklassificerade och räknas som \
         0 kg om ingen faktor anges för dem. Intervallet (låg–hög) räknas med faktorernas låg- och \
         högvärden; för standardfaktorerna är det spridningen mellan varorna i kategorin, inte ett \
         statistiskt konfidensintervall.</p>\n\
         <p class=\"note\">Faktoruppsättning: {}. Standardfaktorerna är en grov uppskattning \
         (screening): amerikanska US EPA:s leveranskedjefaktorer (Supply Chain GHG Emission Factors) \
         omräknade till kronor i 2022 års prisnivå. De visar var utsläppen sannolikt finns, men mäter \
         inte en enskild leverantörs eller produkts faktiska utsläpp, och bör ersättas med svenska \
         eller egna faktorer där sådana finns. Se <code>docs/method.md</code>.</p>\n",
        escape(&report.factor_set),
    );
    if report.rules.is_empty() {
        out.push_str("<p>Inga regler användes.</p>\n</section>\n");
        return;
    }
    let names: std::collections::HashMap<&str, &str> = report
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let listed = report.rules.len().min(MAX_RULES_LISTED);
    w!(
        out,
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell-regler\"><table>\n<caption id=\"tabell-regler\">Regler som användes ({} st), flest rader först</caption>\n\
         <thead><tr><th scope=\"col\">Typ</th><th scope=\"col\">Mönster</th><th scope=\"col\">Kategori</th>\
         <th scope=\"col\">Var regeln står</th><th scope=\"col\" class=\"num\">Rader</th>\
         <th scope=\"col\" class=\"num\">Belopp (kr)</th></tr></thead>\n<tbody>\n",
        count(report.rules.len() as u64),
    );
    for r in report.rules.iter().take(listed) {
        let category = names
            .get(r.category.as_str())
            .copied()
            .unwrap_or(&r.category);
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td><code>{}</code></td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(r.kind_name),
            cell_text(&r.pattern, "–"),
            escape(category),
            escape(&r.origin),
            count(r.rows),
            kr_whole(ore_of(r.sek)),
        );
    }
    if report.rules.len() > listed {
        let rest = report.rules.get(listed..).unwrap_or_default();
        let rows: u64 = rest.iter().map(|r| r.rows).sum();
        let ore: i64 = rest.iter().map(|r| ore_of(r.sek)).sum();
        w!(
            out,
            "<tr><th scope=\"row\">Övriga {} regler</th><td></td><td></td><td></td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            count(rest.len() as u64),
            count(rows),
            kr_whole(ore),
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}
