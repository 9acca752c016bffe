//! The expiry calendar: contracts by the month their term ends, and by the
//! month they end at the latest with every option used, for the next 24
//! months; what needs the next procurement started is highlighted. The same
//! dates as an iCalendar file (RFC 5545) for the user's own calendar.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use upphandla_core::date::Date;
use upphandla_store::Contract;

use super::super::{Page, render};
use super::{ACTIVE, CALENDAR_MONTHS, Line, PLAN_MONTHS, URGENT_MONTHS, line};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

pub struct Entry {
    pub line: Line,
    /// The date this entry is about.
    pub date: String,
    /// The term ends (false: the last end with every option).
    pub term: bool,
}

pub struct Month {
    pub key: String,
    pub name: String,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "contract_calendar.html")]
struct CalendarPage {
    page: Page,
    months: Vec<Month>,
    today: String,
    urgent_months: i32,
    plan_months: i32,
    calendar_months: i32,
    /// Contracts in the register at all.
    total: usize,
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(year: i32, month: u8, lang: Lang) -> String {
    let names = if lang == Lang::En {
        &MONTHS_EN
    } else {
        &MONTHS_SV
    };
    let name = names
        .get(usize::from(month.saturating_sub(1)))
        .unwrap_or(&"");
    format!("{name} {year}")
}

/// Months from today's month, `CALENDAR_MONTHS` of them, with the contracts
/// whose term or last end falls in each.
pub fn months(contracts: &[Contract], today: Date, lang: Lang) -> Vec<Month> {
    let first = Date::new(today.year, today.month, 1).unwrap_or(today);
    (0..CALENDAR_MONTHS)
        .filter_map(|i| first.add_months(i))
        .map(|m| {
            let in_month = |d: Date| d.year == m.year && d.month == m.month && d >= today;
            let mut entries: Vec<Entry> = Vec::new();
            for c in contracts {
                if in_month(c.end_date) {
                    entries.push(Entry {
                        line: line(c, today, lang),
                        date: c.end_date.to_string(),
                        term: true,
                    });
                }
                if c.final_end_date != c.end_date && in_month(c.final_end_date) {
                    entries.push(Entry {
                        line: line(c, today, lang),
                        date: c.final_end_date.to_string(),
                        term: false,
                    });
                }
            }
            entries.sort_by(|a, b| a.date.cmp(&b.date).then(a.line.title.cmp(&b.line.title)));
            Month {
                key: m.year_month().to_string(),
                name: month_name(m.year, m.month, lang),
                entries,
            }
        })
        .collect()
}

pub(super) async fn page(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let contracts = state.store.contracts(ctx.org_id()).await?;
    render(&CalendarPage {
        page: Page::new(&ctx, ACTIVE, lang.t("contracts.calendar")),
        months: months(&contracts, today, lang),
        today: today.to_string(),
        urgent_months: URGENT_MONTHS,
        plan_months: PLAN_MONTHS,
        calendar_months: CALENDAR_MONTHS,
        total: contracts.len(),
    })
}

/// RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, newlines as `\n`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and one
/// space; never splits a UTF-8 character. Each line ends with CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0usize;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}

fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

fn next_day(d: Date) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + 1)
}

/// The calendar file: one all-day event per term end and per last end with
/// options, for contracts not yet ended; a reminder to start the next
/// procurement [`PLAN_MONTHS`] before the last end.
pub fn calendar_file(
    contracts: &[Contract],
    org_name: &str,
    now_unix: i64,
    host: &str,
    lang: Lang,
) -> String {
    let en = lang == Lang::En;
    let stamp_date = Date::from_days_since_epoch(now_unix.div_euclid(86_400));
    let secs = now_unix.rem_euclid(86_400);
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(stamp_date),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
    let today = stamp_date;
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//upphandla//avtalsregister//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    let name = if en {
        format!("Contracts – {org_name}")
    } else {
        format!("Avtal – {org_name}")
    };
    fold(&format!("X-WR-CALNAME:{}", escape_text(&name)), &mut out);
    let mut event = |uid: String, date: Date, summary: String, description: String| {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{uid}@{host}"), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{}", ics_date(date)), &mut out);
        fold(
            &format!("DTEND;VALUE=DATE:{}", ics_date(next_day(date))),
            &mut out,
        );
        fold(&format!("SUMMARY:{}", escape_text(&summary)), &mut out);
        fold(
            &format!("DESCRIPTION:{}", escape_text(&description)),
            &mut out,
        );
        fold("TRANSP:TRANSPARENT", &mut out);
        fold("END:VEVENT", &mut out);
    };
    for c in contracts.iter().filter(|c| c.final_end_date >= today) {
        let who = if c.supplier_orgnr.is_empty() {
            c.supplier_name.clone()
        } else {
            format!("{} ({})", c.supplier_name, c.supplier_orgnr)
        };
        let about = if en {
            format!(
                "{who}. Term {} – {}; last end with options {}. Reference: {}",
                c.start_date, c.end_date, c.final_end_date, c.reference
            )
        } else {
            format!(
                "{who}. Avtalstid {} – {}; sista slutdatum med optioner {}. Diarienummer: {}",
                c.start_date, c.end_date, c.final_end_date, c.reference
            )
        };
        if c.end_date >= today {
            let summary = if c.end_date == c.final_end_date {
                if en {
                    format!("Contract ends: {}", c.title)
                } else {
                    format!("Avtalet slutar: {}", c.title)
                }
            } else if en {
                format!("Contract term ends (options remain): {}", c.title)
            } else {
                format!("Avtalsperioden slutar (optioner finns): {}", c.title)
            };
            event(
                format!("avtal-{}-slut", c.id),
                c.end_date,
                summary,
                about.clone(),
            );
        }
        if c.final_end_date != c.end_date {
            let summary = if en {
                format!("Last end with every option: {}", c.title)
            } else {
                format!("Sista slutdatum med alla optioner: {}", c.title)
            };
            event(
                format!("avtal-{}-sista", c.id),
                c.final_end_date,
                summary,
                about.clone(),
            );
        }
        if let Some(start) = c.final_end_date.add_months(-PLAN_MONTHS)
            && start >= today
        {
            let summary = if en {
                format!("Start the next procurement: {}", c.title)
            } else {
                format!("Starta nästa upphandling: {}", c.title)
            };
            event(format!("avtal-{}-starta", c.id), start, summary, about);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

pub(super) async fn ics(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    let contracts = state.store.contracts(ctx.org_id()).await?;
    let body = calendar_file(
        &contracts,
        &ctx.org.name,
        state.clock.now_unix(),
        "upphandla.local",
        ctx.lang,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"avtal.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_folded_at_75_octets() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "åäö".repeat(40));
        fold(&long, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert!(out.ends_with("\r\n"));
        // Unfolding gives the line back.
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), long);
    }
}
