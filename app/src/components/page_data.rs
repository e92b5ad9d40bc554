//! A page's data: rendered by the server, adopted by hydration, kept current in place.
//!
//! The server loads it for the first screen and sends it with the page; hydration adopts it
//! as it came. A navigation loads it in the browser (from the replica first). After a sync
//! that changed the replica, the page's data is rebuilt in the background and swapped in
//! only when what the page shows changed: the old content stays on screen until then and
//! the page never goes back to a loading state (a resource keyed on the replica's version
//! reloaded under its `Transition`, which in Leptos 0.8 shows its fallback on the first
//! reload after hydration: the whole page gave way to "Loading…" on a first visit).

use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// The data of a page with a JSON-serialisable view: `load` runs on the server for the
/// first screen, in the browser on navigation and after each sync that changed the replica.
pub fn page_data<K, T, Fut>(
    key: impl Fn() -> K + Clone + Send + Sync + 'static,
    load: impl Fn(K) -> Fut + Clone + Send + Sync + 'static,
) -> ArcResource<Result<T, AppError>>
where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let data = ArcResource::new(key.clone(), load.clone());
    keep_current(data.clone(), key, load, |a: &T, b: &T| a == b);
    data
}

/// After each sync that changed the replica, reloads `data` for the same `key` and writes
/// it only when it differs (`same` says when two values show the same page). A failure to
/// reach the server keeps what is shown; a reload overtaken by a newer sync or by a
/// navigation is dropped (the page it was for may no longer exist). Browser only: on the server it does nothing.
pub fn keep_current<K, T, Ser, Fut>(
    data: ArcResource<Result<T, AppError>, Ser>,
    key: impl Fn() -> K + Send + Sync + 'static,
    load: impl Fn(K) -> Fut + Send + Sync + 'static,
    same: fn(&T, &T) -> bool,
) where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: Send + Sync + 'static,
    Ser: 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        let key = std::sync::Arc::new(key);
        let version = crate::sync::use_sync_engine().version();
        Effect::new(move |seen: Option<u32>| {
            let now = version.get();
            if seen.is_some_and(|seen| seen != now) {
                let wanted = untrack(|| key());
                let reload = load(wanted.clone());
                let (data, key) = (data.clone(), key.clone());
                // The next sync rerunning this effect, or a navigation disposing the page, ends
                // it: past that, `key` would read the page's disposed route memos. The load
                // itself runs to its end (dropped halfway, it could leave the device database
                // open, which blocks another tab's upgrade).
                let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
                let still = alive.clone();
                on_cleanup(move || still.store(false, std::sync::atomic::Ordering::Relaxed));
                leptos::task::spawn_local(async move {
                    let fresh = reload.await;
                    if !alive.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let current = version.get_untracked() == now && untrack(|| key()) == wanted;
                    if current && data.with_untracked(|shown| should_swap(shown.as_ref(), &fresh, same)) {
                        // What the person changed in a form and did not send stays as it is.
                        let touched = touched_fields();
                        data.set(Some(fresh));
                        request_animation_frame(move || restore(touched));
                    }
                    if current {
                        mark_shown(now);
                    }
                });
            }
            now
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (data, key, load, same);
}

/// Whether a reloaded value should replace the one shown.
pub fn should_swap<T>(shown: Option<&Result<T, AppError>>, fresh: &Result<T, AppError>, same: fn(&T, &T) -> bool) -> bool {
    match (shown, fresh) {
        // Still loading (a navigation): that load decides.
        (None, _) => false,
        // The server out of reach says nothing about the page: keep what is there.
        (_, Err(AppError::Transport(_))) => false,
        (Some(Ok(shown)), Ok(fresh)) => !same(shown, fresh),
        (Some(Err(shown)), Err(fresh)) => shown != fresh,
        _ => true,
    }
}

/// The form fields in the page the person changed and has not sent: (name, value).
#[cfg(feature = "hydrate")]
fn touched_fields() -> Vec<(String, String)> {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    let Ok(fields) = document().query_selector_all("main form [name]") else { return Vec::new() };
    (0..fields.length())
        .filter_map(|i| fields.item(i))
        .filter_map(|node| {
            if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
                let default = select.query_selector("option[selected]").ok().flatten().and_then(|o| o.get_attribute("value"));
                let changed = select.value() != default.unwrap_or_default();
                changed.then(|| (select.name(), select.value()))
            } else if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                let kind = input.type_();
                if kind == "hidden" || kind == "checkbox" || kind == "radio" {
                    return None;
                }
                (input.value() != input.default_value()).then(|| (input.name(), input.value()))
            } else {
                let area = node.dyn_ref::<HtmlTextAreaElement>()?;
                (Ok(area.value()) != area.default_value()).then(|| (area.name(), area.value()))
            }
        })
        .collect()
}

/// Puts the person's unsent values back into the redrawn page's fields of the same name.
#[cfg(feature = "hydrate")]
fn restore(touched: Vec<(String, String)>) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
    for (name, value) in touched {
        let selector = format!("main form [name=\"{}\"]", name.replace(['"', '\\'], ""));
        let Some(field) = document().query_selector(&selector).ok().flatten() else { continue };
        if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
            select.set_value(&value);
        } else if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            input.set_value(&value);
        } else if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(&value);
        }
    }
}

/// Tells tests that the page has caught up with replica version `n` (`data-shown-version`
/// on `<html>`, beside the engine's `data-replica-version`).
#[cfg(feature = "hydrate")]
fn mark_shown(n: u32) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-shown-version", &n.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Reason;

    fn eq(a: &u8, b: &u8) -> bool {
        a == b
    }

    #[test]
    fn a_reload_replaces_the_page_only_when_what_it_shows_changed() {
        let gone = AppError::NotFound;
        let offline = AppError::Transport("no network".into());
        assert!(!should_swap(Some(&Ok(1)), &Ok(1), eq), "same content: nothing is redrawn");
        assert!(should_swap(Some(&Ok(1)), &Ok(2), eq));
        assert!(should_swap(Some(&Ok(1)), &Err(gone.clone()), eq), "a document deleted on the server");
        assert!(should_swap(Some(&Err(gone.clone())), &Ok(1), eq));
        assert!(!should_swap(Some(&Err(gone.clone())), &Err(gone.clone()), eq));
        assert!(should_swap(Some(&Err(gone)), &Err(AppError::bad_param("from", Reason::OutOfRange, "x")), eq));
        assert!(!should_swap(Some(&Ok(1)), &Err(offline.clone()), eq), "out of reach keeps the page");
        assert!(!should_swap::<u8>(None, &Ok(1), eq), "a navigation's own load decides");
        assert!(!should_swap::<u8>(None, &Err(offline), eq));
    }
}
