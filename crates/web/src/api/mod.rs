//! The JSON API under `/api/v1`, for integrations.
//!
//! Authentication is only `Authorization: Bearer <token>`: a token is made
//! by an administrator for one member of one organisation and acts with that
//! member's current roles there. The session cookie is never looked at, so
//! the API needs no CSRF protection (the session layer skips `/api/`).
//! Every query is scoped to the token's organisation, so another
//! organisation's id gives 404, as on the pages.
//!
//! [`API_ROUTES`] is the one list of routes: the router is built from it and
//! so is the OpenAPI document (`GET /api/openapi.json`), so they cannot drift.

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, any, on};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use upphandla_store::{OrgKind, Organisation, Role, User};

use crate::AppState;
use crate::auth;
use crate::error::{ApiError, ApiResult, AppError};

mod followup;
mod models;
pub mod openapi;
mod spend;

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    /// Lower case, as OpenAPI names operations.
    pub fn key(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Put => "put",
            Verb::Delete => "delete",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One route: the method router is made from `verb` by `handler`, and
/// `operation` describes it in the OpenAPI document.
pub struct ApiRoute {
    pub verb: Verb,
    pub path: &'static str,
    handler: fn(MethodFilter) -> MethodRouter<Arc<AppState>>,
    pub operation: fn() -> Value,
}

macro_rules! route {
    ($verb:ident $path:literal => $handler:path, $operation:path) => {
        ApiRoute {
            verb: Verb::$verb,
            path: $path,
            handler: |filter| on(filter, $handler),
            operation: $operation,
        }
    };
}

/// Every API route; nothing else is routed under `/api`.
pub static API_ROUTES: &[ApiRoute] = &[
    route!(Get "/api/openapi.json" => openapi::document_handler, openapi::op_document),
    route!(Get "/api/v1/me" => me, openapi::op_me),
    route!(Get "/api/v1/organisation" => organisation, openapi::op_organisation),
    route!(Get "/api/v1/imports" => spend::list, openapi::op_imports),
    route!(Post "/api/v1/imports" => spend::create, openapi::op_import_create),
    route!(Get "/api/v1/imports/{id}" => spend::show, openapi::op_import),
    route!(Delete "/api/v1/imports/{id}" => spend::delete, openapi::op_import_delete),
    route!(Get "/api/v1/imports/{id}/lines" => spend::lines, openapi::op_lines),
    route!(Get "/api/v1/rules/{kind}" => spend::rules_get, openapi::op_rules_get),
    route!(Put "/api/v1/rules/{kind}" => spend::rules_put, openapi::op_rules_put),
    route!(Get "/api/v1/factors" => spend::factors, openapi::op_factors),
    route!(Get "/api/v1/models" => models::list, openapi::op_models),
    route!(Post "/api/v1/models" => models::create, openapi::op_model_create),
    route!(Get "/api/v1/models/{id}" => models::show, openapi::op_model),
    route!(Delete "/api/v1/models/{id}" => models::delete, openapi::op_model_delete),
    route!(Get "/api/v1/shared/imports" => shared_imports, openapi::op_shared_imports),
    route!(Get "/api/v1/contracts" => followup::contracts, openapi::op_contracts),
    route!(Get "/api/v1/contracts/{id}" => followup::contract, openapi::op_contract),
    route!(Get "/api/v1/results" => followup::results, openapi::op_results),
    route!(Get "/api/v1/results/{id}" => followup::result, openapi::op_result),
    route!(Get "/api/v1/goals" => followup::goals, openapi::op_goals),
    route!(Get "/api/v1/shared/results" => followup::shared_results, openapi::op_shared_results),
];

pub fn router() -> Router<Arc<AppState>> {
    // Routing one path twice merges the method routers (and panics on a
    // repeated method), so the table may list a path once per verb.
    API_ROUTES
        .iter()
        .fold(Router::new(), |router, r| {
            router.route(r.path, (r.handler)(r.verb.filter()))
        })
        // Anything else under /api answers in JSON too (routes above win).
        .route("/api/{*rest}", any(not_found))
        .layer(axum::middleware::map_response(close_after_refusal))
}

/// A request refused before its body was read (no token, no right, too
/// large) leaves unread bytes on the connection; `Connection: close` tells
/// the client not to send its next request down it.
async fn close_after_refusal(mut response: Response) -> Response {
    if response.status().is_client_error() {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// The member an API token acts as, in the token's organisation.
#[derive(Clone)]
pub struct ApiCtx {
    pub user: User,
    pub org: Organisation,
    pub roles: Vec<Role>,
    pub token_id: i64,
    pub token_name: String,
    pub ip: String,
}

impl ApiCtx {
    pub fn org_id(&self) -> upphandla_store::OrgId {
        self.org.id
    }

    pub fn require_edit(&self) -> Result<(), ApiError> {
        if self.roles.iter().any(|r| r.may_edit()) {
            Ok(())
        } else {
            Err(ApiError(AppError::Forbidden))
        }
    }

    fn is_coordinator(&self) -> bool {
        self.org.kind == OrgKind::Samordnare || self.roles.contains(&Role::Samordnare)
    }

    /// Audits a change made through the API, naming the token.
    pub async fn audit(&self, state: &AppState, action: &str, detail: &str) -> ApiResult<()> {
        let detail = format!(
            "{detail} (API-token #{} {})",
            self.token_id, self.token_name
        );
        state
            .store
            .audit(
                Some(self.org.id),
                Some(self.user.id),
                action,
                &detail,
                &self.ip,
            )
            .await?;
        Ok(())
    }
}

/// The token of `Authorization: Bearer <token>`, if the header says so.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// 401 as JSON, with the challenge that says which scheme to use.
fn unauthorized() -> Response {
    let mut response = ApiError(AppError::Unauthorized).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"upphandla\""),
    );
    response
}

impl FromRequestParts<Arc<AppState>> for ApiCtx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<ApiCtx, Response> {
        let Some(token) = bearer(parts) else {
            return Err(unauthorized());
        };
        let ip = auth::client_ip(&parts.extensions, &parts.headers);
        let load = async {
            let Some(row) = state.store.api_token(&auth::token_hash(token)).await? else {
                return Ok(None);
            };
            // Memberships come fresh enough from the principal cache, which
            // role changes clear: a member removed from the organisation, or
            // stripped of all roles, loses the token's access at once.
            let (user, memberships) =
                match state.sessions.principal(&state.store, row.user_id).await {
                    Ok(principal) => principal,
                    Err(AppError::Unauthorized) => return Ok(None),
                    Err(e) => return Err(e),
                };
            Ok::<_, AppError>(
                memberships
                    .into_iter()
                    .find(|m| m.organisation.id == row.org_id && !m.roles.is_empty())
                    .map(|m| ApiCtx {
                        user,
                        org: m.organisation,
                        roles: m.roles,
                        token_id: row.id,
                        token_name: row.name,
                        ip: ip.clone(),
                    }),
            )
        };
        match load.await {
            Ok(Some(ctx)) => Ok(ctx),
            Ok(None) => Err(unauthorized()),
            Err(e) => Err(ApiError(e).into_response()),
        }
    }
}

/// A token as handed out: recognisable by its prefix (for secret scanners),
/// 256 random bits after it.
pub fn new_token() -> String {
    format!("uph_{}", auth::random_token())
}

/// `axum::extract::Query` whose refusal (a repeated or malformed parameter)
/// is a documented 422 in JSON like every other API error, not axum's
/// plain-text 400.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Query<T>, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(e) => Err(ApiError(AppError::BadRequest(format!(
                "frågesträngen går inte att läsa / the query string cannot be read: {}",
                e.body_text()
            )))),
        }
    }
}

/// `axum::extract::Path` whose refusal (a segment that is not UTF-8 once
/// percent-decoded) is a 404 in JSON: such a segment names no record.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(ApiError(AppError::NotFound)),
        }
    }
}

/// A numeric id from the path; anything else names no record.
pub fn parse_id(raw: &str) -> ApiResult<i64> {
    raw.parse().map_err(|_| ApiError(AppError::NotFound))
}

/// 201 with a JSON body and where the new record is.
pub fn created(body: Value, location: &str) -> Response {
    let mut response = (StatusCode::CREATED, axum::Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

pub fn organisation_json(org: &Organisation) -> Value {
    json!({
        "id": org.id.0,
        "name": org.name,
        "kind": org.kind.key(),
        "orgnr": org.orgnr,
        "demo": org.demo,
    })
}

fn roles_json(roles: &[Role]) -> Value {
    Value::from(roles.iter().map(|r| r.key()).collect::<Vec<_>>())
}

async fn me(ctx: ApiCtx) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(json!({
        "user": { "id": ctx.user.id.0, "email": ctx.user.email, "name": ctx.user.name },
        "organisation": organisation_json(&ctx.org),
        "roles": roles_json(&ctx.roles),
        "can_edit": ctx.roles.iter().any(|r| r.may_edit()),
        "token": { "id": ctx.token_id, "name": ctx.token_name },
    })))
}

async fn organisation(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    ctx: ApiCtx,
) -> ApiResult<axum::Json<Value>> {
    let coordinators = state.store.coordinators_of(ctx.org_id()).await?;
    let members = state.store.coordinated_members(ctx.org_id()).await?;
    let mut body = organisation_json(&ctx.org);
    body["coordinators"] = coordinators.iter().map(organisation_json).collect();
    body["members"] = members.iter().map(organisation_json).collect();
    Ok(axum::Json(body))
}

/// What member organisations have shared with this coordinating body.
async fn shared_imports(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    ctx: ApiCtx,
) -> ApiResult<axum::Json<Value>> {
    if !ctx.is_coordinator() {
        return Err(ApiError(AppError::Forbidden));
    }
    let members = state.store.coordinated_members(ctx.org_id()).await?;
    let imports: Vec<Value> = state
        .store
        .shared_imports(ctx.org_id())
        .await?
        .into_iter()
        .map(|summary| {
            let name = members
                .iter()
                .find(|m| m.id == summary.org_id)
                .map_or("", |m| m.name.as_str());
            let mut value = spend::summary_json(&summary);
            value["organisation_name"] = Value::from(name);
            value
        })
        .collect();
    Ok(axum::Json(json!({ "imports": imports })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_needs_the_scheme_and_a_token() {
        let parts = |value: &str| {
            let (parts, ()) = axum::http::Request::builder()
                .header(header::AUTHORIZATION, value)
                .body(())
                .unwrap()
                .into_parts();
            parts
        };
        assert_eq!(bearer(&parts("Bearer abc")), Some("abc"));
        assert_eq!(bearer(&parts("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&parts("Basic abc")), None);
        assert_eq!(bearer(&parts("Bearer ")), None);
    }

    #[test]
    fn tokens_are_long_and_prefixed() {
        let t = new_token();
        assert!(t.starts_with("uph_") && t.len() == 68, "{t}");
        assert_ne!(t, new_token());
    }
}
