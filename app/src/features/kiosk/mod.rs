//! A hub's digital-help kiosk: a shared tablet or PC in a concierge space or a casa del
//! quartiere, used by visitors with no login, offline from the replica. `api` enrols and
//! revokes kiosks; `device` keeps the kiosk's settings and exit PIN on the device;
//! `enrol` is the coordinators' panel; `page` and `screens` what visitors see, in a wasm
//! chunk of their own, `help_form` their request for a volunteer; `idle` forgets a
//! visitor who walked away.

pub mod api;
pub mod device;
pub mod enrol;
#[cfg(feature = "hydrate")]
mod help_form;
#[cfg(feature = "hydrate")]
mod idle;
pub mod page;
#[cfg(feature = "hydrate")]
mod screens;
