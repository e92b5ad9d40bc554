//! Word of the replica moving (browser only). Whatever changes what pages built from the
//! replica show (a sync that brought something, a change of cities, a reset, a local change
//! of content) says so once it is committed, in this tab and, through a `BroadcastChannel`,
//! in every other tab of the app. What a tab keeps of the replica in memory
//! ([`super::local`]) holds until then, so a page read while the person types a search opens
//! no database at all.
//!
//! A tab counts the moves it heard of: what it read is kept only if no move came while it
//! was reading, since the word of a write committed meanwhile may arrive before the read
//! ends (then the read may be older than the write) or after it (then it clears it). A page
//! restored from the browser's back-forward cache may have missed words while it was
//! frozen, so it forgets what it kept; and a tab that finds the replica elsewhere than it
//! thought when it opens it ([`missed`]) does too.

use std::cell::{Cell, OnceCell};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

const CHANNEL: &str = "civico-replica";

thread_local! {
    /// Moves heard of in this tab, its own and others'.
    static HEARD: Cell<u64> = const { Cell::new(0) };
    /// This tab's end of the channel, listening from its first use (`None` where the
    /// browser has no `BroadcastChannel`: nothing is then kept between reads).
    static PORT: OnceCell<Option<web_sys::BroadcastChannel>> = const { OnceCell::new() };
}

/// How many moves this tab has heard of: compare before and after a read.
pub fn heard() -> u64 {
    listen();
    HEARD.get()
}

/// Whether what a tab reads may be kept: only where word of other tabs' writes reaches it.
pub fn can_keep() -> bool {
    listen();
    PORT.with(|p| p.get().is_some_and(Option::is_some))
}

/// Says that the replica's content moved: here at once, and in every other tab.
pub fn announce() {
    listen();
    moved();
    PORT.with(|p| {
        if let Some(Some(port)) = p.get() {
            let _ = port.post_message(&wasm_bindgen::JsValue::NULL);
        }
    });
}

/// Records a move this tab learnt of without word of it: forgets what it kept.
pub fn missed() {
    listen();
    moved();
}

fn moved() {
    HEARD.set(HEARD.get().wrapping_add(1));
    super::local::forget_read();
}

/// Opens this tab's end of the channel, once.
fn listen() {
    PORT.with(|p| {
        p.get_or_init(|| {
            let port = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
            // Lives as long as the tab: one closure per tab.
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|_| moved());
            port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let restored = leptos::prelude::window_event_listener(leptos::ev::pageshow, |ev| {
                if ev.persisted() {
                    moved();
                }
            });
            // Lives as long as the tab, as the channel does.
            std::mem::forget(restored);
            Some(port)
        });
    });
}
