//! The one error every server function returns, and the codes a refused value carries.
//!
//! Errors carry codes, never sentences: the interface turns a [`FieldError`] into words in
//! the reader's language (`i18n::field_error`). Internal details are logged on the server
//! and never sent to the browser. Each kind answers its own HTTP status, so a client (the
//! coming outbox) can tell a permanent refusal (4xx) from a failure worth retrying.

use serde::{Deserialize, Serialize};
use server_fn::error::FromServerFnError;
use server_fn::error::ServerFnErrorErr;

/// Why a value was refused: a stable code the interface translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing was given where something is needed.
    Required,
    /// Not a whole number (or not a usable one, such as 0 for an id).
    NotANumber,
    /// Not a date like 2026-11-23.
    NotADate,
    /// Outside the allowed range (a date too far from today, a number too big).
    OutOfRange,
    /// Not one of the known choices (a category, a group of people, a city).
    Unknown,
    /// Too long or too big.
    TooLong,
    /// Not an e-mail address.
    NotAnEmail,
    /// Not a web address starting with `https://` or `http://`.
    NotAWebAddress,
    /// Not a telephone number.
    NotAPhone,
    /// A repeat rule (RRULE) Civico cannot read.
    BadRule,
    /// Opening hours or times that do not make sense.
    BadHours,
    /// Points at something that does not exist.
    MissingReference,
    /// Would make a category its own ancestor.
    Cycle,
    /// Still used by other content.
    InUse,
    /// Not written in the expected format.
    Malformed,
    /// Belongs to someone else: this device's token does not open it.
    NotYours,
    /// Too short (a password).
    TooShort,
    /// The e-mail address or the password is wrong (never saying which).
    WrongCredentials,
    /// This account's role or hubs do not allow it.
    NotAllowed,
    /// Past its time (an invitation link).
    Expired,
    /// Already used once (an invitation link).
    AlreadyUsed,
    /// Already taken by someone else (an e-mail address).
    Taken,
    /// Only for someone logged in, and nobody is (or the session ended).
    LoginRequired,
    /// A code this version does not know yet (sent by a newer server).
    #[serde(other)]
    Other,
}

/// How much of a refused value an error repeats: enough to recognise it, never a
/// megabyte echoed back.
pub const ECHO_LIMIT: usize = 80;

/// One refused value: which field, why, and (shortened) what was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The query parameter or document field, dotted for nested ones (`contacts.website`).
    pub field: String,
    pub reason: Reason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A technical explanation for the people editing content (the command line prints
    /// it); residents see only the translated reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: Reason) -> FieldError {
        FieldError { field: field.into(), reason, value: None, detail: None }
    }

    /// Repeats the refused value, cut to [`ECHO_LIMIT`] characters.
    pub fn with_value(mut self, value: &str) -> FieldError {
        self.value = Some(shorten(value));
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> FieldError {
        self.detail = Some(detail.into());
        self
    }

    /// The same error for a field nested under `prefix` (`hours` + `weekly` → `hours.weekly`).
    pub fn under(mut self, prefix: &str) -> FieldError {
        self.field = if self.field.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", self.field) };
        self
    }
}

impl std::fmt::Display for FieldError {
    /// English, for logs and the command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::field_error(crate::domain::text::Lang::En, self))?;
        match &self.detail {
            Some(d) => write!(f, " ({d})"),
            None => Ok(()),
        }
    }
}

/// At most [`ECHO_LIMIT`] characters, with an ellipsis when cut.
pub fn shorten(value: &str) -> String {
    match value.char_indices().nth(ECHO_LIMIT) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

/// What went wrong, as the browser learns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The hub, activity or service does not exist (or was removed). HTTP 404.
    #[error("not found")]
    NotFound,
    /// A parameter of the request is malformed. HTTP 400.
    #[error("bad request: {0}")]
    BadRequest(FieldError),
    /// The request was understood but its content is refused. HTTP 422.
    #[error("refused: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The request may not change this (another site's page, or a registration the
    /// device's token does not open). HTTP 403.
    #[error("forbidden: {0}")]
    Forbidden(FieldError),
    /// Nobody is logged in (or the session ended), or the login was wrong. HTTP 401.
    #[error("unauthorized: {0}")]
    Unauthorized(FieldError),
    /// More in one request than the server takes (`limit` items). HTTP 413.
    #[error("too much in one request: at most {limit}")]
    TooLarge { limit: u32 },
    /// A request body over `max_bytes`. HTTP 413.
    #[error("the request is too big: at most {max_bytes} bytes")]
    BodyTooLarge { max_bytes: u32 },
    /// Too many requests from this address, or for this session, in a short time. HTTP 429.
    #[error("too many requests: wait a moment and try again")]
    TooManyRequests,
    /// Something failed on the server; the details are in its log. HTTP 500.
    #[error("the server could not answer; try again in a moment")]
    Internal,
    /// The request did not reach the server or its answer was unreadable (browser side).
    #[error("{0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = crate::codec::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The message of a failed argument decoding may repeat the whole query: keep
            // it out of the answer.
            ServerFnErrorErr::Args(_) => AppError::BadRequest(FieldError::new("query", Reason::Malformed)),
            ServerFnErrorErr::MissingArg(name) => AppError::BadRequest(FieldError::new(shorten(&name), Reason::Required)),
            // On the server, only a request's body is deserialized: one of the wrong shape
            // is the caller's mistake.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest(FieldError::new("body", Reason::Malformed)),
            #[cfg(feature = "ssr")]
            other => {
                tracing::error!(error = %other, "server function failed");
                AppError::Internal
            }
            #[cfg(not(feature = "ssr"))]
            other => AppError::Transport(other.to_string()),
        }
    }

    /// Encodes the error for the browser. On the server this is also the one place an
    /// error response is made, so it sets the status its kind implies (server_fn would
    /// answer 500 for all of them).
    fn ser(&self) -> server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
        use server_fn::Encodes;
        crate::codec::JsonText::encode(self).unwrap_or_else(|_| server_fn::Bytes::from_static(b"\"Internal\""))
    }
}

impl AppError {
    /// A malformed request parameter.
    pub fn bad_param(field: &str, reason: Reason, value: &str) -> AppError {
        AppError::BadRequest(FieldError::new(field, reason).with_value(value))
    }

    /// The HTTP status a response carrying this error has.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Invalid(_) => 422,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::TooLarge { .. } | AppError::BodyTooLarge { .. } => 413,
            AppError::TooManyRequests => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Whether asking again unchanged can only get the same answer. The outbox drops a
    /// permanently refused mutation (and tells the person) and retries the others.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            AppError::NotFound
                | AppError::BadRequest(_)
                | AppError::Invalid(_)
                | AppError::Forbidden(_)
                | AppError::TooLarge { .. }
                | AppError::BodyTooLarge { .. }
        )
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::NotFound => AppError::NotFound,
            crate::store::StoreError::Invalid(f) => AppError::Invalid(vec![f]),
            crate::store::StoreError::Other(m) => {
                tracing::error!(error = %m, "store failure");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_tell_permanent_refusals_from_failures() {
        let field = FieldError::new("from", Reason::NotADate);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::BadRequest(field.clone()).status(), 400);
        assert_eq!(AppError::Invalid(vec![field.clone()]).status(), 422);
        assert_eq!(AppError::Internal.status(), 500);
        assert!(AppError::Invalid(vec![field]).is_permanent());
        assert!(!AppError::Internal.is_permanent());
        assert_eq!(AppError::Forbidden(FieldError::new("token", Reason::NotYours)).status(), 403);
        assert_eq!(AppError::TooLarge { limit: 100 }.status(), 413);
        assert_eq!(AppError::TooManyRequests.status(), 429);
        let login = AppError::Unauthorized(FieldError::new("login", Reason::LoginRequired));
        assert_eq!(login.status(), 401);
        assert!(!login.is_permanent(), "sent again once someone logs in");
        assert!(!AppError::TooManyRequests.is_permanent(), "worth retrying later");
        assert!(!AppError::Transport("offline".into()).is_permanent());
    }

    #[test]
    fn refused_values_are_echoed_shortened() {
        let long = "é".repeat(10_000);
        let echoed = FieldError::new("q", Reason::TooLong).with_value(&long).value.unwrap();
        assert_eq!(echoed.chars().count(), ECHO_LIMIT + 1);
        assert!(echoed.ends_with('…'));
        assert_eq!(shorten("Roma"), "Roma");
    }

    #[test]
    fn the_wire_form_is_stable_and_forward_compatible() {
        let e = AppError::BadRequest(FieldError::new("from", Reason::OutOfRange).with_value("9999-12-25"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"BadRequest":{"field":"from","reason":"out_of_range","value":"9999-12-25"}}"#);
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
        let newer: FieldError = serde_json::from_str(r#"{"field":"x","reason":"something_new"}"#).unwrap();
        assert_eq!(newer.reason, Reason::Other);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_encoded_error_sets_its_status_on_the_response() {
        use leptos::prelude::{Owner, provide_context};
        let owner = Owner::new();
        owner.with(|| {
            let response = leptos_axum::ResponseOptions::default();
            provide_context(response.clone());
            let _ = AppError::Invalid(vec![FieldError::new("name", Reason::Required)]).ser();
            assert_eq!(response.0.read().unwrap().status, Some(http::StatusCode::UNPROCESSABLE_ENTITY));
            let _ = AppError::from_server_fn_error(ServerFnErrorErr::Args("q=…".into())).ser();
            assert_eq!(response.0.read().unwrap().status, Some(http::StatusCode::BAD_REQUEST));
        });
    }

    #[test]
    fn nested_fields_are_dotted() {
        assert_eq!(FieldError::new("website", Reason::NotAWebAddress).under("contacts").field, "contacts.website");
        assert_eq!(FieldError::new("", Reason::BadHours).under("hours").field, "hours");
    }
}
