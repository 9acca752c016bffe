//! Sign-in and sign-out, switching organisation and language.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use upphandla_store::OrgId;

use crate::AppState;
use crate::auth::{
    self, Ctx, LANG_COOKIE, PRE_CSRF_COOKIE, SESSION_COOKIE, SESSION_SECONDS, SessionInfo,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Texts};

pub static TEXTS: Texts = &[(
    "login.intro",
    "Logga in med ditt konto i organisationen.",
    "Sign in with your organisation account.",
)];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/org", post(switch_org))
        .route("/lang/{code}", get(switch_lang))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    csrf: String,
    next: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Only paths on this site: an open redirect would help phishing.
fn safe_next(next: Option<&str>) -> String {
    match next {
        // Browsers drop tabs and newlines from URLs, so "/\t/evil" would become "//evil".
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

fn login_response(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    next: String,
    email: String,
    error: Option<&'static str>,
    status: StatusCode,
) -> AppResult<Response> {
    // Double-submit token for the form: reuse the cookie's if present so several tabs work.
    let csrf = auth::cookie(headers, PRE_CSRF_COOKIE)
        .filter(|t| t.len() == 64)
        .unwrap_or_else(auth::random_token);
    let page = LoginPage {
        lang,
        csrf: csrf.clone(),
        next,
        email,
        error,
    };
    let mut response = super::render(&page)?;
    *response.status_mut() = status;
    let secure = auth::is_tls(state, headers);
    auth::add_cookie(&mut response, PRE_CSRF_COOKIE, &csrf, 3600, secure, true)?;
    Ok(response)
}

async fn login_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
    session: Option<Extension<SessionInfo>>,
    request_lang: RequestLang,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref());
    if session.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    login_response(
        &state,
        &headers,
        request_lang.0,
        next,
        String::new(),
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// The language of the request, for pages outside a session.
pub struct RequestLang(pub Lang);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for RequestLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<RequestLang, Self::Rejection> {
        Ok(RequestLang(auth::lang_of(parts)))
    }
}

async fn login(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ip: ClientIp,
    request_lang: RequestLang,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let lang = request_lang.0;
    let next = safe_next(form.next.as_deref());
    let email = form.email.trim().to_lowercase();
    if state.throttle.is_blocked(&email, &ip.0) {
        audit_attempt(&state, &email, "login.throttled", &ip.0).await?;
        return login_response(
            &state,
            &headers,
            lang,
            next,
            email,
            Some(lang.t("login.throttled")),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let user = state.store.user_by_email(&email).await?;
    let verified = match &user {
        Some(u) if !u.disabled => auth::verify_password(&form.password, &u.password_hash).await,
        _ => {
            // Same work for unknown addresses, so timing does not reveal which exist.
            let _ = auth::verify_password(&form.password, auth::dummy_hash()).await;
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        state.throttle.failed(&email, &ip.0);
        audit_attempt(&state, &email, "login.failed", &ip.0).await?;
        return login_response(
            &state,
            &headers,
            lang,
            next,
            email,
            Some(lang.t("login.failed")),
            StatusCode::UNAUTHORIZED,
        );
    };
    let memberships = state.store.memberships(user.id).await?;
    let Some(first) = memberships.first() else {
        state
            .store
            .audit(None, Some(user.id), "login.no_membership", &email, &ip.0)
            .await?;
        return Err(AppError::Forbidden);
    };
    state.throttle.succeeded(&email);
    let token = auth::random_token();
    let hash = auth::token_hash(&token);
    let org = first.organisation.id;
    state
        .store
        .create_session(
            &hash,
            user.id,
            org,
            &auth::random_token(),
            upphandla_store::now() + SESSION_SECONDS,
        )
        .await?;
    state
        .store
        .audit(Some(org), Some(user.id), "login", &email, &ip.0)
        .await?;
    let secure = auth::is_tls(&state, &headers);
    let mut response = Redirect::to(&next).into_response();
    auth::add_cookie(
        &mut response,
        SESSION_COOKIE,
        &token,
        SESSION_SECONDS,
        secure,
        true,
    )?;
    auth::add_cookie(&mut response, PRE_CSRF_COOKIE, "", 0, secure, true)?;
    Ok(response)
}

/// Audits a refused sign-in: in each organisation of the account when the
/// address belongs to one (so its admins see attempts on their people),
/// otherwise without an organisation.
async fn audit_attempt(state: &AppState, email: &str, action: &str, ip: &str) -> AppResult<()> {
    let user = state.store.user_by_email(email).await?;
    let orgs = match &user {
        Some(u) => state.store.memberships(u.id).await?,
        None => Vec::new(),
    };
    if orgs.is_empty() {
        state.store.audit(None, None, action, email, ip).await?;
    }
    for m in orgs {
        state
            .store
            .audit(
                Some(m.organisation.id),
                user.as_ref().map(|u| u.id),
                action,
                email,
                ip,
            )
            .await?;
    }
    Ok(())
}

/// The client's address as seen by the server socket.
pub struct ClientIp(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<ClientIp, Self::Rejection> {
        Ok(ClientIp(auth::client_ip(&parts.extensions, &parts.headers)))
    }
}

async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ctx: Ctx,
) -> AppResult<Response> {
    state.store.delete_session(&ctx.session_hash).await?;
    state.sessions.forget(&ctx.session_hash);
    state
        .store
        .audit(Some(ctx.org_id()), Some(ctx.user.id), "logout", "", &ctx.ip)
        .await?;
    let mut response = Redirect::to("/login").into_response();
    let secure = auth::is_tls(&state, &headers);
    auth::add_cookie(&mut response, SESSION_COOKIE, "", 0, secure, true)?;
    Ok(response)
}

#[derive(Deserialize)]
struct OrgForm {
    org: i64,
}

/// Acts for another of the user's organisations; refused for any other id.
async fn switch_org(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    let target = OrgId(form.org);
    if !ctx.memberships.iter().any(|m| m.organisation.id == target) {
        state
            .store
            .audit(
                Some(ctx.org_id()),
                Some(ctx.user.id),
                "org.switch_refused",
                &form.org.to_string(),
                &ctx.ip,
            )
            .await?;
        return Err(AppError::Forbidden);
    }
    state
        .store
        .set_session_org(&ctx.session_hash, target)
        .await?;
    state.sessions.forget(&ctx.session_hash);
    state
        .store
        .audit(
            Some(target),
            Some(ctx.user.id),
            "org.switch",
            &ctx.org.name,
            &ctx.ip,
        )
        .await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Deserialize)]
struct BackQuery {
    back: Option<String>,
}

/// Stores the language preference in a cookie (a preference, not data: no CSRF token needed).
async fn switch_lang(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<BackQuery>,
) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let back = safe_next(q.back.as_deref());
    // Drop a ?lang= in the target so the cookie decides.
    let back = back
        .split_once("?lang=")
        .map_or(back.clone(), |(p, _)| p.to_string());
    let mut response = Redirect::to(&back).into_response();
    let secure = auth::is_tls(&state, &headers);
    // Not HttpOnly: a preference, not a secret.
    auth::add_cookie(
        &mut response,
        LANG_COOKIE,
        lang.code(),
        365 * 86_400,
        secure,
        false,
    )?;
    Ok(response)
}
