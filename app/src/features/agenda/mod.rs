//! The agenda across hubs, by day, with filters.

pub mod api;
pub mod model;
pub mod page;
