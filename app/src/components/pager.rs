//! Links between the pages of a paged list.

use crate::components::use_lang;
use crate::i18n;
use leptos::prelude::*;

/// "Previous page · Page 2 of 7 · Next page": plain links, so they work before the app has
/// started and, from the replica, offline. Nothing when everything fits on one page.
/// `href` makes the address of page `n`, keeping the list's filters.
#[component]
pub fn ResultPages(number: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let lang = use_lang();
    (pages > 1).then(|| {
        let previous = (number > 1).then(|| view! { <a href=href(number - 1) rel="prev">{i18n::PREVIOUS_PAGE.get(lang)}</a> });
        let next = (number < pages).then(|| view! { <a href=href(number + 1) rel="next">{i18n::NEXT_PAGE.get(lang)}</a> });
        view! {
            <nav class="pager" aria-label=i18n::RESULT_PAGES.get(lang)>
                {previous}
                <span class="pager-position">{i18n::page_of(lang, number, pages)}</span>
                {next}
            </nav>
        }
    })
}

/// The `page` query value of page `n`: none for the first, so its address stays the list's own.
pub fn page_param(n: u32) -> Option<String> {
    (n > 1).then(|| n.to_string())
}
