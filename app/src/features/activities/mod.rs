//! An activity's page: what it is, the next sessions, capacity, how to take part.

pub mod api;
pub mod page;
