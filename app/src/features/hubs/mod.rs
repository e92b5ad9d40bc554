//! A hub's own page: hours this week with closures, its sessions, contacts, access.

pub mod api;
pub mod page;
