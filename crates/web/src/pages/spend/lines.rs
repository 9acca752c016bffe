//! Drill-down: the stored lines behind a figure (by category, supplier, unit
//! or month), each with the rule that classified it; and the same lines as CSV.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;
use upphandla_core::spend::SpendReport;
use upphandla_formats::report::csv::{field, number};
use upphandla_store::{LineFilter, LineRow, OrgId, Store};

use super::result::supplier_key;
use super::{category_name, fill, import_id, own_summary, safe_file_name};
use crate::AppState;
use crate::auth::{Ctx, url_encode};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::pages::{Page, fmt, render};

/// Lines on one page.
const PAGE_SIZE: i64 = 100;
/// Lines read from the database per CSV chunk.
const CSV_BATCH: i64 = 5_000;

#[derive(Deserialize, Default)]
pub(super) struct LinesQuery {
    category: Option<String>,
    supplier: Option<String>,
    unit: Option<String>,
    month: Option<String>,
    page: Option<i64>,
}

impl LinesQuery {
    fn filter(&self) -> LineFilter {
        LineFilter {
            category: self.category.clone(),
            supplier: self.supplier.clone(),
            unit: self.unit.clone(),
            month: self.month.clone(),
        }
    }
}

/// The filter as a query string (without `page`), for links and the CSV.
fn filter_query(filter: &LineFilter) -> String {
    let mut parts = Vec::new();
    for (key, value) in [
        ("category", &filter.category),
        ("supplier", &filter.supplier),
        ("unit", &filter.unit),
        ("month", &filter.month),
    ] {
        if let Some(v) = value {
            parts.push(format!("{key}={}", url_encode(v)));
        }
    }
    parts.join("&")
}

/// One filter condition in words, e.g. "Kategori: Livsmedel".
pub struct FilterItem {
    pub label: &'static str,
    pub value: String,
}

fn describe(filter: &LineFilter, report: &SpendReport, lang: Lang) -> Vec<FilterItem> {
    let mut items = Vec::new();
    if let Some(c) = &filter.category {
        items.push(FilterItem {
            label: lang.t("spend.col_category"),
            value: category_name(report, lang, c).to_string(),
        });
    }
    if let Some(s) = &filter.supplier {
        let value = report
            .suppliers
            .iter()
            .find(|g| supplier_key(g) == s)
            .map_or_else(
                || s.clone(),
                |g| {
                    if g.key.is_empty() {
                        g.name.clone()
                    } else {
                        format!("{} ({})", g.name, g.key)
                    }
                },
            );
        items.push(FilterItem {
            label: lang.t("spend.col_supplier"),
            value,
        });
    }
    if let Some(u) = &filter.unit {
        items.push(FilterItem {
            label: lang.t("spend.col_unit"),
            value: if u.is_empty() {
                lang.t("spend.no_unit").to_string()
            } else {
                u.clone()
            },
        });
    }
    if let Some(m) = &filter.month {
        items.push(FilterItem {
            label: lang.t("spend.col_month"),
            value: m.clone(),
        });
    }
    items
}

pub struct LineView {
    pub line_no: i64,
    pub date: String,
    pub unit: String,
    pub account: String,
    pub supplier: String,
    pub supplier_id: String,
    pub description: String,
    pub cpv: String,
    pub amount: String,
    pub category: String,
    pub rule: String,
    pub kg: String,
}

#[derive(Template)]
#[template(path = "spend_lines.html")]
struct LinesPage {
    page: Page,
    id: i64,
    name: String,
    filter: Vec<FilterItem>,
    lines: Vec<LineView>,
    showing: String,
    previous: Option<String>,
    next: Option<String>,
    csv_href: String,
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    axum::extract::Path(raw): axum::extract::Path<String>,
    Query(q): Query<LinesQuery>,
) -> AppResult<Response> {
    let id = import_id(&raw)?;
    let summary = own_summary(&state, &ctx, id).await?;
    let report = state
        .reports
        .report(&state.store, ctx.org_id(), &summary)
        .await?;
    let lang = ctx.lang;
    let filter = q.filter();
    let page_no = q.page.unwrap_or(1).max(1);
    let offset = (page_no - 1).saturating_mul(PAGE_SIZE);
    let (rows, count) = state
        .store
        .lines(ctx.org_id(), id, &filter, offset, PAGE_SIZE)
        .await?;
    let base = filter_query(&filter);
    let href = |p: i64| {
        let mut query = base.clone();
        if !query.is_empty() {
            query.push('&');
        }
        format!("/spend/{id}/lines?{query}page={p}")
    };
    let pages = (count + PAGE_SIZE - 1) / PAGE_SIZE;
    let first = if rows.is_empty() { 0 } else { offset + 1 };
    let last = offset + rows.len() as i64;
    let lines = rows
        .into_iter()
        .map(|l| LineView {
            line_no: l.line_no,
            date: l.date,
            unit: l.unit,
            account: l.account,
            supplier: l.supplier_name,
            supplier_id: l.supplier_id,
            description: l.description,
            cpv: l.cpv,
            amount: fmt::sek_sv(l.amount_ore),
            category: category_name(&report, lang, &l.category).to_string(),
            rule: l.rule,
            kg: fmt::decimal_sv(l.kg_co2e, 1),
        })
        .collect();
    let template = LinesPage {
        page: Page::new(&ctx, "spend", ctx.t("spend.lines_title")),
        id,
        name: summary.name,
        filter: describe(&filter, &report, lang),
        lines,
        showing: fill(
            lang.t("spend.lines_showing"),
            &[
                ("first", &fmt::decimal_sv(first as f64, 0)),
                ("last", &fmt::decimal_sv(last as f64, 0)),
                ("n", &fmt::decimal_sv(count as f64, 0)),
                ("page", &page_no.to_string()),
                ("pages", &pages.max(1).to_string()),
            ],
        ),
        previous: (page_no > 1).then(|| href((page_no - 1).min(pages.max(1)))),
        next: (page_no < pages).then(|| href(page_no + 1)),
        csv_href: if base.is_empty() {
            format!("/spend/{id}/lines.csv")
        } else {
            format!("/spend/{id}/lines.csv?{base}")
        },
    };
    render(&template)
}

/// Kronor with öre, decimal comma, no grouping: what a spreadsheet reads as a number.
fn csv_amount(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

const CSV_HEADER: &str = "rad;datum;enhet;konto;leverantor_orgnr;leverantor;belopp_kr;beskrivning;cpv;kategori;regel;kg_co2e\r\n";

fn csv_line(out: &mut String, l: &LineRow) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{};{};{};{};{};{};{};{};{};{};{};{}\r\n",
        l.line_no,
        field(&l.date),
        field(&l.unit),
        field(&l.account),
        field(&l.supplier_id),
        field(&l.supplier_name),
        csv_amount(l.amount_ore),
        field(&l.description),
        field(&l.cpv),
        field(&l.category),
        field(&l.rule),
        number(l.kg_co2e, 3),
    );
}

/// The receiving end of the CSV writer, as a response body stream.
struct Chunks(mpsc::Receiver<Bytes>);

impl futures_core::Stream for Chunks {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(Ok))
    }
}

/// Writes the matching lines batch by batch: memory stays flat for a
/// million lines. A database error ends the file early; it is logged.
async fn write_csv(
    store: Store,
    org: OrgId,
    id: i64,
    filter: LineFilter,
    sender: mpsc::Sender<Bytes>,
) {
    let mut chunk = String::from("\u{feff}");
    chunk.push_str(CSV_HEADER);
    let mut after = 0i64;
    loop {
        let rows = match store.lines_after(org, id, &filter, after, CSV_BATCH).await {
            Ok(rows) => rows,
            Err(e) => {
                eprintln!("upphandla: lines.csv for import {id}: {e}");
                return;
            }
        };
        for l in &rows {
            csv_line(&mut chunk, l);
        }
        let done = (rows.len() as i64) < CSV_BATCH;
        if let Some(l) = rows.last() {
            after = l.line_no;
        }
        let text = std::mem::take(&mut chunk);
        if sender.send(Bytes::from(text)).await.is_err() || done {
            return;
        }
    }
}

pub(super) async fn csv(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    axum::extract::Path(raw): axum::extract::Path<String>,
    Query(q): Query<LinesQuery>,
) -> AppResult<Response> {
    let id = import_id(&raw)?;
    let summary = own_summary(&state, &ctx, id).await?;
    let (sender, receiver) = mpsc::channel(2);
    tokio::spawn(write_csv(
        state.store.clone(),
        ctx.org_id(),
        id,
        q.filter(),
        sender,
    ));
    let name = format!("{}-rader.csv", safe_file_name(&summary.name));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(Chunks(receiver)),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_ore_and_sign() {
        assert_eq!(csv_amount(123_456), "1234,56");
        assert_eq!(csv_amount(-5), "-0,05");
        assert_eq!(csv_amount(0), "0,00");
    }

    #[test]
    fn the_filter_round_trips_through_links() {
        let filter = LineFilter {
            category: Some("food".into()),
            supplier: Some("Kött & Chark AB".into()),
            unit: Some(String::new()),
            month: None,
        };
        assert_eq!(
            filter_query(&filter),
            "category=food&supplier=K%C3%B6tt%20%26%20Chark%20AB&unit="
        );
    }
}
