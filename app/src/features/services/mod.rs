//! The local services guide: search with filters, and a service's page.

pub mod api;
pub mod page;
