//! The home page, the one every resident opens first.
//!
//! Its first screen is the server's: hydration keeps the HTML as it came and needs neither
//! the page's view code nor a decoder for its data, so the first download holds only the
//! app's frame (see [`HomeContent`]). The links in it are the router's like any other, and
//! the place chooser is handled here, on the page, so both navigate inside the app. The
//! browser builds the page itself (from the replica, or the server function) only after a
//! navigation or a sync, with code fetched then as a wasm chunk.

use super::api::HomeView;
use crate::components::feedback::{ErrorNotice, Loading};
use crate::error::AppError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The home page's content, as its resource holds it.
#[derive(Clone, Debug)]
pub enum HomeContent {
    /// Rendered by the server, HTML and all. In the browser this is the first screen as it
    /// came, which hydration leaves untouched (the HTML is not sent twice: empty here).
    Rendered(String),
    /// Built in the browser, with the function that renders it: it comes with the code that
    /// built the page (a wasm chunk), so the page is drawn the moment its data is ready.
    Built(HomeView, fn(HomeView) -> AnyView),
}

/// How the home page's resource reaches the browser: only a mark that says "keep the
/// server's HTML" (the server always renders, so it always sends the mark).
pub struct FirstScreen;

/// The mark [`FirstScreen`] writes.
const RENDERED_MARK: &str = "rendered";

/// A hydration value that is not [`RENDERED_MARK`].
#[derive(Debug)]
pub struct NotAMark;

impl Encoder<Result<HomeContent, AppError>> for FirstScreen {
    type Error = std::convert::Infallible;
    type Encoded = String;

    fn encode(_: &Result<HomeContent, AppError>) -> Result<String, Self::Error> {
        Ok(RENDERED_MARK.to_string())
    }
}

impl Decoder<Result<HomeContent, AppError>> for FirstScreen {
    type Error = NotAMark;
    type Encoded = str;

    fn decode(mark: &str) -> Result<Result<HomeContent, AppError>, NotAMark> {
        (mark == RENDERED_MARK).then(|| Ok(HomeContent::Rendered(String::new()))).ok_or(NotAMark)
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let data: Resource<Result<HomeContent, AppError>, FirstScreen> = Resource::new_with_options(
        move || (query.read().get("city"), query.read().get("district"), crate::sync::status::replica_version()),
        |(city, district, _version)| load(city, district),
        false,
    );
    let navigate = use_navigate();
    let choose = move |ev: SubmitEvent| {
        if let Some(url) = chosen_place_url(&ev) {
            ev.prevent_default();
            navigate(&url, NavigateOptions::default());
        }
    };
    view! {
        <Title text="Civico"/>
        <div class="home" on:submit=choose>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(HomeContent::Rendered(html)) => view! { <div class="home-body" inner_html=html></div> }.into_any(),
                        Ok(HomeContent::Built(view, render)) => render(view),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// On the server: the page rendered to HTML, errors included (their notice sets the status).
#[cfg(feature = "ssr")]
async fn load(city: Option<String>, district: Option<String>) -> Result<HomeContent, AppError> {
    use super::body::HomeBody;
    let html = match super::api::get_home(city, district).await {
        Ok(view) => {
            let chosen = (view.city.clone(), view.district.clone());
            view! { <HomeBody view chosen/> }.to_html()
        }
        Err(error) => view! { <ErrorNotice error/> }.to_html(),
    };
    Ok(HomeContent::Rendered(html))
}

/// In the browser: the page built from the replica, or else from the server function.
#[cfg(not(feature = "ssr"))]
async fn load(city: Option<String>, district: Option<String>) -> Result<HomeContent, AppError> {
    #[cfg(feature = "hydrate")]
    return crate::sync::local::send(browser::fetch(city, district)).await;
    #[cfg(not(feature = "hydrate"))]
    super::api::get_home(city, district).await.map(|view| HomeContent::Built(view, render))
}

/// Renders a page the browser built. The place chooser keeps a choice not sent yet when the
/// page shows the same place as the one on screen (a sync rebuilding it).
#[cfg(not(feature = "ssr"))]
fn render(view: HomeView) -> AnyView {
    let place = super::body::place_key(&view.city, &view.district);
    #[cfg(feature = "hydrate")]
    let pending = pending_choice(&place);
    #[cfg(not(feature = "hydrate"))]
    let pending = {
        let _ = place;
        None
    };
    let chosen = pending.unwrap_or_else(|| (view.city.clone(), view.district.clone()));
    view! { <super::body::HomeBody view chosen/> }.into_any()
}

/// The browser's half of the page, a wasm chunk of its own (the first screen needs none of
/// it): the builder, and through [`render`] the page's views.
#[cfg(feature = "hydrate")]
mod browser {
    use super::super::api::get_home;
    use super::HomeContent;
    use crate::error::AppError;

    #[leptos::lazy]
    pub async fn fetch(city: Option<String>, district: Option<String>) -> Result<HomeContent, AppError> {
        let view = match crate::sync::local::home(city.clone(), district.clone()).await {
            Some(local) => local,
            None => get_home(city, district).await,
        };
        view.map(|view| HomeContent::Built(view, super::render))
    }
}

/// The place chooser's current values, when the page on screen shows the same `place`: the
/// person may have chosen and not sent yet, and a sync is rebuilding the page under them.
/// After a navigation to another place, the new page's own place is shown instead.
#[cfg(feature = "hydrate")]
fn pending_choice(place: &str) -> Option<(Option<String>, Option<String>)> {
    let chooser = document().query_selector(".home .place-chooser").ok().flatten()?;
    if chooser.get_attribute("data-place").as_deref() != Some(place) {
        return None;
    }
    let value = |name| select_value(&chooser, name).filter(|v| !v.is_empty());
    Some((value("city"), value("district")))
}

/// Where the place chooser leads: `/` with the chosen city and district, empty ones left
/// out. `None` for any other form, which then submits as usual.
fn chosen_place_url(ev: &SubmitEvent) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let form = ev.target()?.dyn_into::<leptos::web_sys::Element>().ok()?;
    if !form.class_list().contains("place-chooser") {
        return None;
    }
    let value = |name| select_value(&form, name);
    Some(crate::components::url::with_query("/", &[("city", value("city")), ("district", value("district"))]))
}

/// The value of the `<select name=…>` inside `scope`.
fn select_value(scope: &leptos::web_sys::Element, name: &str) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let select = scope.query_selector(&format!("select[name={name}]")).ok()??;
    Some(select.dyn_into::<leptos::web_sys::HtmlSelectElement>().ok()?.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_screen_travels_as_a_mark_and_nothing_else_reads_as_one() {
        let rendered = Ok(HomeContent::Rendered("<section>…</section>".into()));
        let mark = FirstScreen::encode(&rendered).unwrap();
        assert_eq!(mark, RENDERED_MARK, "the HTML is not sent twice");
        assert!(matches!(FirstScreen::decode(&mark), Ok(Ok(HomeContent::Rendered(html))) if html.is_empty()));
        assert!(FirstScreen::decode("").is_err());
        assert!(FirstScreen::decode(r#"{"places":[]}"#).is_err());
    }
}
