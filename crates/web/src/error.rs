//! One error type for pages: internals are logged, the user gets a clear
//! message in Swedish and English and the right status.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use upphandla_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("inte inloggad / not signed in")]
    Unauthorized,
    #[error("du saknar behörighet för detta / you are not allowed to do this")]
    Forbidden,
    #[error("finns inte / not found")]
    NotFound,
    #[error(
        "ogiltig säkerhetstoken (CSRF): ladda om sidan och försök igen / invalid security token: reload the page and try again"
    )]
    Csrf,
    #[error("{0}")]
    BadRequest(String),
    #[error("för stor fil: högst {limit_mb} MB / file too large: at most {limit_mb} MB")]
    TooLarge { limit_mb: u64 },
    #[error("för många försök, vänta och försök igen / too many attempts, wait and retry")]
    Throttled,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internt fel: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user may see: internals stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Store(_) | AppError::Internal(_) => {
                "Ett internt fel inträffade; det är loggat. / An internal error occurred; it has been logged.".to_string()
            }
            other => other.to_string(),
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            eprintln!("upphandla: {self}");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let message = crate::pages::escape(&self.public_message());
        let body = format!(
            "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{code} – upphandla</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>\
             <body><main id=\"main\" class=\"narrow\"><h1>{code} {reason}</h1><p role=\"alert\">{message}</p>\
             <p><a href=\"/\">Till startsidan / Home</a></p></main></body></html>",
            code = status.as_u16(),
            reason = status.canonical_reason().unwrap_or(""),
        );
        (status, Html(body)).into_response()
    }
}

/// The same errors as JSON, for the API.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let body =
            serde_json::json!({ "error": self.0.public_message(), "status": status.as_u16() });
        (status, axum::Json(body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
pub type ApiResult<T> = Result<T, ApiError>;
