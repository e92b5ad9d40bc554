//! The one error type every server function returns.
//!
//! Messages are meant for the person using the app; internal details are logged on the
//! server and never sent to the browser.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::FromServerFnError;
use server_fn::error::ServerFnErrorErr;

/// What went wrong, as the browser learns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The hub, activity or service does not exist (or was removed).
    #[error("not found")]
    NotFound,
    /// The request was malformed; the text says what to correct.
    #[error("{0}")]
    Invalid(String),
    /// Something failed on the server; the details are in its log.
    #[error("the server could not answer; try again in a moment")]
    Internal,
    /// The request did not reach the server function or its answer was unreadable.
    #[error("{0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::Invalid(m),
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl AppError {
    /// The HTTP status a page showing this error should carry.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) => 400,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::NotFound => AppError::NotFound,
            crate::store::StoreError::Invalid(m) => AppError::Invalid(m),
            crate::store::StoreError::Other(m) => {
                tracing::error!(error = %m, "store failure");
                AppError::Internal
            }
        }
    }
}
