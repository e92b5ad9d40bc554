//! The rules of Civico in plain Rust: no I/O, no framework, the same code on the
//! server, in the browser and in tests.

pub mod activity;
pub mod audience;
pub mod edit;
#[cfg(test)]
pub mod fixtures;
pub mod help_guide;
pub mod help_request;
pub mod holidays;
pub mod hours;
pub mod hub;
pub mod ids;
pub mod kiosk;
pub mod ledger;
pub mod mutation;
pub mod mutation_id;
pub mod paging;
pub mod places;
pub mod recurrence;
pub mod registration;
pub mod search;
pub mod service;
pub mod session_fate;
pub mod staff;
pub mod text;
pub mod time;
pub mod wire;
