//! `/staff` and `/staff/:section/:key`: every staff screen behind one lazy route. Each lazy
//! route of the app's router is code in the residents' first download (three of them cost
//! about 2 KiB of brotli there); this switch lives in the staff chunk.

use super::desk_page::DeskPage;
use super::hub_page::HubPage;
use super::invite_page::InvitePage;
use super::page::StaffPage;
use crate::components::feedback::NotFound;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffArea() -> impl IntoView {
    // The staff screens' words are a part of their own, which the page loaded before it
    // hydrated (the footer's link is a full page load). Reached some other way (the
    // browser's history), fetch them and open the page again with them.
    #[cfg(feature = "hydrate")]
    {
        let lang = crate::i18n::current_lang();
        let path = window().location().pathname().unwrap_or_default();
        if !crate::i18n::is_kiosk_path(&path) && !crate::i18n::has(lang, crate::i18n::STAFF_PART) {
            leptos::task::spawn_local(async move {
                if crate::i18n::load_part(lang, crate::i18n::STAFF_PART).await.is_ok() {
                    let _ = window().location().reload();
                }
            });
        }
    }
    let params = use_params_map();
    // A memo: moving from one hub's desk to another's keeps the page (it follows `key`).
    let section = Memo::new(move |_| params.with(|p| p.get("section")));
    let screens = move || match section.get().as_deref() {
        None => view! { <StaffPage/> }.into_any(),
        Some("invite") => view! { <InvitePage/> }.into_any(),
        Some("desk") => view! { <DeskPage/> }.into_any(),
        Some("hub") => view! { <HubPage/> }.into_any(),
        // The kiosk: its screens are a chunk of their own, fetched once the device is known.
        Some("kiosk") => view! { <crate::features::kiosk::page::KioskArea/> }.into_any(),
        Some(_) => view! { <NotFound/> }.into_any(),
    };
    view! {
        // The staff screens' stylesheet: a file of its own, outside the residents' first visit.
        <leptos_meta::Stylesheet id="staff-style" href=format!("/pkg/{}", crate::style::STAFF_CSS_FILE)/>
        {screens}
    }
}
