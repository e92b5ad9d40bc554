//! Watches for a visitor who walked away (browser only): any touch, click, key or scroll
//! counts as someone there; a one-second tick turns the quiet time into
//! [`domain::kiosk::idle`](crate::domain::kiosk::idle)'s answer. gloo's listeners and
//! interval are released with the watch.

use crate::domain::kiosk::{Idle, idle};
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Interval;
use std::cell::Cell;
use std::rc::Rc;

/// What the kiosk counts as someone using it.
const SIGNS_OF_LIFE: [&str; 5] = ["pointerdown", "keydown", "touchstart", "wheel", "input"];

/// The listeners and the tick; dropping it stops watching.
pub struct IdleWatch {
    _listeners: Vec<EventListener>,
    _tick: Interval,
    last: Rc<Cell<f64>>,
}

impl IdleWatch {
    /// Watches the page: `each_second` gets where the kiosk stands, every second.
    pub fn start(idle_seconds: impl Fn() -> u32 + 'static, each_second: impl Fn(Idle) + 'static) -> IdleWatch {
        let last = Rc::new(Cell::new(js_sys::Date::now()));
        let document = leptos::prelude::document();
        // Capturing and passive: seen before any element handles it, never delaying a scroll.
        let options = EventListenerOptions::run_in_capture_phase();
        let listeners = SIGNS_OF_LIFE
            .iter()
            .map(|event| {
                let last = last.clone();
                EventListener::new_with_options(&document, *event, options, move |_| last.set(js_sys::Date::now()))
            })
            .collect();
        let tick = {
            let last = last.clone();
            Interval::new(1_000, move || each_second(idle(last.get(), js_sys::Date::now(), idle_seconds())))
        };
        IdleWatch { _listeners: listeners, _tick: tick, last }
    }

    /// Counts now as a touch (after a reset, or "continue").
    pub fn touch(&self) {
        self.last.set(js_sys::Date::now());
    }
}
