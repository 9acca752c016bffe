//! Server-rendered pages. Each area is a module with its own `router()` and
//! its own text table (see `crate::i18n`).

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub mod admin;
pub mod bids;
pub mod contracts;
pub mod coordination;
pub mod criteria;
pub mod evaluation;
pub mod examples;
pub mod factors;
pub mod followup;
pub mod knowledge;
pub mod lcc;
pub mod login;
pub mod overview;
pub mod procurements;
pub mod results;
pub mod spend;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .route("/health", get(|| async { "ok" }))
        .merge(login::router())
        .merge(admin::router())
        .merge(overview::router())
        .merge(lcc::router())
        .merge(evaluation::router())
        .merge(spend::router())
        .merge(factors::router())
        .merge(criteria::router())
        .merge(procurements::router())
        .merge(contracts::router())
        .merge(followup::router())
        .merge(results::router())
        .merge(bids::router())
        .merge(coordination::router())
        .merge(examples::router())
        .merge(knowledge::router())
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.js"),
    )
}

/// Headers every response carries: no framing, no sniffing, no referrer
/// leaking ids, and a content policy that allows only our own files.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub fn escape(text: &str) -> String {
    upphandla_formats::report::html::escape(text)
}

/// An id from the path; anything that is not one is simply not found.
pub(crate) fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// The last path component of an uploaded file's name, without control
/// characters and at most 200 characters (it is shown in pages and reports);
/// `fallback` when nothing is left.
pub(crate) fn upload_file_name(raw: &str, fallback: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    match clean.trim() {
        "" => fallback.to_string(),
        name => name.to_string(),
    }
}

/// One entry of the main menu.
pub struct NavItem {
    pub href: &'static str,
    pub key: &'static str,
    pub id: &'static str,
}

const NAV: &[NavItem] = &[
    NavItem {
        href: "/",
        key: "nav.overview",
        id: "overview",
    },
    NavItem {
        href: "/spend",
        key: "nav.spend",
        id: "spend",
    },
    NavItem {
        href: "/factors",
        key: "nav.factors",
        id: "factors",
    },
    NavItem {
        href: "/upphandlingar",
        key: "nav.procurements",
        id: "procurements",
    },
    NavItem {
        href: "/avtal",
        key: "nav.contracts",
        id: "contracts",
    },
    NavItem {
        href: "/uppfoljning",
        key: "nav.followup",
        id: "followup",
    },
    NavItem {
        href: "/uppgifter",
        key: "nav.tasks",
        id: "tasks",
    },
    NavItem {
        href: "/resultat",
        key: "nav.results",
        id: "results",
    },
    NavItem {
        href: "/lcc",
        key: "nav.lcc",
        id: "lcc",
    },
    NavItem {
        href: "/evaluation",
        key: "nav.evaluation",
        id: "evaluation",
    },
    NavItem {
        href: "/kriterier",
        key: "nav.criteria",
        id: "criteria",
    },
    NavItem {
        href: "/goda-exempel",
        key: "nav.examples",
        id: "examples",
    },
    NavItem {
        href: "/kunskap",
        key: "nav.knowledge",
        id: "knowledge",
    },
];

const COORDINATION_NAV: NavItem = NavItem {
    href: "/samordning",
    key: "nav.coordination",
    id: "coordination",
};

const ADMIN_NAV: NavItem = NavItem {
    href: "/admin",
    key: "nav.admin",
    id: "admin",
};

/// An organisation the user can switch to.
pub struct OrgChoice {
    pub id: i64,
    pub name: String,
    pub current: bool,
}

/// What the shared layout needs; every page template has one as `page`.
pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub active: &'static str,
    pub user_name: String,
    pub org_name: String,
    pub org_kind: &'static str,
    pub demo: bool,
    pub orgs: Vec<OrgChoice>,
    pub csrf: String,
    pub path: String,
    pub can_edit: bool,
    pub is_admin: bool,
    pub nav: Vec<&'static NavItem>,
}

impl Page {
    pub fn new(ctx: &Ctx, active: &'static str, title: impl Into<String>) -> Page {
        let is_admin = ctx.has(upphandla_store::Role::Admin);
        let mut nav: Vec<&'static NavItem> = NAV.iter().collect();
        if coordination::is_coordinator(ctx) {
            nav.push(&COORDINATION_NAV);
        }
        if is_admin {
            nav.push(&ADMIN_NAV);
        }
        Page {
            lang: ctx.lang,
            title: title.into(),
            active,
            user_name: ctx.user.name.clone(),
            org_name: ctx.org.name.clone(),
            org_kind: ctx.org.kind.key(),
            demo: ctx.org.demo,
            orgs: ctx
                .memberships
                .iter()
                .map(|m| OrgChoice {
                    id: m.organisation.id.0,
                    name: m.organisation.name.clone(),
                    current: m.organisation.id == ctx.org.id,
                })
                .collect(),
            csrf: ctx.csrf.clone(),
            path: ctx.path.clone(),
            can_edit: ctx.can_edit(),
            is_admin,
            nav,
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// `org.kommun` etc.
    pub fn org_kind_text(&self) -> &'static str {
        self.lang.t(&format!("org.{}", self.org_kind))
    }

    pub fn lang_href(&self) -> String {
        format!(
            "/lang/{}?back={}",
            self.lang.other().code(),
            crate::auth::url_encode(&self.path)
        )
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn is_active(&self, item: &NavItem) -> bool {
        self.active == item.id
    }
}

/// Renders an askama template into a response.
pub fn render(template: &impl Template) -> AppResult<Response> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

/// Swedish number formatting shortcuts for templates.
pub mod fmt {
    pub use upphandla_formats::report::{decimal_sv, percent_sv, sek_sv, sek_whole_sv, tonnes_sv};

    /// `1 234 567 kr` (whole kronor).
    pub fn kr(ore: i64) -> String {
        format!("{} kr", sek_whole_sv(ore))
    }

    /// A unix time as `YYYY-MM-DD HH:MM` (UTC).
    pub fn datetime(secs: i64) -> String {
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        let date = upphandla_core::date::Date::from_days_since_epoch(days);
        format!("{date} {:02}:{:02}", rest / 3600, rest % 3600 / 60)
    }
}
