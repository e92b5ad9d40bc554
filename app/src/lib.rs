//! Civico: the app that neighbourhood civic hubs run on.
//!
//! `domain` holds the pure rules; the rest is the Leptos application, rendered on the
//! server (`ssr`) and hydrated in the browser (`hydrate`).
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod domain;
