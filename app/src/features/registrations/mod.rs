//! Signing up for a session from the device, and "my registrations": the device's own
//! sign-ups with what the server decided, readable offline.

pub mod form;
pub mod model;
pub mod page;
