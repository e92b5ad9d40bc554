//! Staff accounts (administrators, coordinators, volunteers): logging in, the people an
//! account looks after, invitations. Their screens are lazy routes, in chunks of their
//! own: a resident never downloads them.

pub mod api;
pub mod area;
pub mod attendance;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod desk;
pub mod desk_actions;
pub mod desk_changes;
pub mod desk_page;
pub mod hub_api;
pub mod hub_page;
pub mod invite_page;
pub mod page;
pub mod text;
