//! The home page: choose a city, district or hub; see what is on today and this week.

pub mod api;
pub mod body;
pub mod page;
pub mod place;
