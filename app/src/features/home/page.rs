//! The home page, the one every resident opens first.
//!
//! Its first screen is the server's: hydration keeps the HTML as it came and needs neither
//! the page's view code nor a decoder for its data, so the first download holds only the
//! app's frame (see [`HomeContent`]). The links in it are the router's like any other, and
//! the place chooser is handled here, on the page, so both navigate inside the app. The
//! browser builds the page itself (from the replica, or the server function) only after a
//! navigation or a sync, with code fetched then as a wasm chunk.

use super::api::HomeView;
use super::place::{self, Place};
use crate::components::feedback::{ErrorNotice, Loading};
use crate::components::page_data::keep_current;
use crate::error::AppError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The home page's content, as its resource holds it. Both kinds carry the fingerprint of
/// the data they show ([`super::api::fingerprint`]), so that a rebuild after a sync is drawn
/// only when the page would change, with no decoder for the server's data in the browser.
#[derive(Clone, Debug)]
pub enum HomeContent {
    /// Rendered by the server, HTML and all. In the browser this is the first screen as it
    /// came, which hydration leaves untouched (the HTML is not sent twice: empty here).
    Rendered { html: String, shows: u64 },
    /// Built in the browser, with the function that renders it: it comes with the code that
    /// built the page (a wasm chunk), so the page is drawn the moment its data is ready.
    Built { view: HomeView, render: fn(HomeView) -> AnyView, shows: u64 },
}

impl HomeContent {
    /// The fingerprint of what the page shows.
    pub fn shows(&self) -> u64 {
        match self {
            HomeContent::Rendered { shows, .. } | HomeContent::Built { shows, .. } => *shows,
        }
    }
}

/// How the home page's resource reaches the browser: only a mark that says "keep the
/// server's HTML", with the fingerprint of what it shows (the server always renders, so it
/// always sends the mark).
pub struct FirstScreen;

/// The start of the mark [`FirstScreen`] writes; the fingerprint follows, in hex.
const RENDERED_MARK: &str = "rendered:";

/// A hydration value that is not [`RENDERED_MARK`].
#[derive(Debug)]
pub struct NotAMark;

impl Encoder<Result<HomeContent, AppError>> for FirstScreen {
    type Error = std::convert::Infallible;
    type Encoded = String;

    fn encode(content: &Result<HomeContent, AppError>) -> Result<String, Self::Error> {
        let shows = content.as_ref().map(HomeContent::shows).unwrap_or_default();
        Ok(format!("{RENDERED_MARK}{shows:016x}"))
    }
}

impl Decoder<Result<HomeContent, AppError>> for FirstScreen {
    type Error = NotAMark;
    type Encoded = str;

    fn decode(mark: &str) -> Result<Result<HomeContent, AppError>, NotAMark> {
        let shows = mark.strip_prefix(RENDERED_MARK).filter(|hex| hex.len() == 16).ok_or(NotAMark)?;
        let shows = u64::from_str_radix(shows, 16).map_err(|_| NotAMark)?;
        Ok(Ok(HomeContent::Rendered { html: String::new(), shows }))
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    // The place the address names, or else the one this device remembers.
    let place = move || place::resolve(query.read().get("city"), query.read().get("district"), place::remembered);
    let data = ArcResource::<Result<HomeContent, AppError>, FirstScreen>::new_with_options(
        place,
        |(place, remembered)| load(place, remembered),
        false,
    );
    keep_current(data.clone(), place, |(place, remembered)| load(place, remembered), |a, b| a.shows() == b.shows());
    let data = Resource::from(data);
    // A place the address names is remembered for the next visit (also when it was chosen
    // with the first screen's plain form, before the app started).
    // A new city is one more this device keeps (`sync::cities`): a sync brings it now.
    #[cfg(feature = "hydrate")]
    let engine = crate::sync::use_sync_engine();
    #[cfg(feature = "hydrate")]
    Effect::new(move || {
        let (city, district) = (query.read().get("city"), query.read().get("district"));
        if city.is_some() || district.is_some() {
            let chosen = (crate::features::non_empty(city), crate::features::non_empty(district));
            let before = place::remembered().and_then(|(city, _)| city);
            place::remember(&chosen);
            if chosen.0.is_some() && chosen.0 != before {
                engine.request_sync();
            }
        }
    });
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
                        Ok(HomeContent::Rendered { html, .. }) => view! { <div class="home-body" inner_html=html></div> }.into_any(),
                        Ok(HomeContent::Built { view, render, .. }) => render(view),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A remembered place that no longer exists (its last hub closed) gives the page of every
/// city, not an error on every visit.
fn forgotten_if_gone(view: &Result<HomeView, AppError>, remembered: bool) -> bool {
    remembered && matches!(view, Err(AppError::BadRequest(_)))
}

/// On the server: the page rendered to HTML, errors included (their notice sets the status).
#[cfg(feature = "ssr")]
async fn load(place: Place, remembered: bool) -> Result<HomeContent, AppError> {
    use super::api::get_home;
    use super::body::HomeBody;
    let (city, district) = place;
    let mut view = get_home(city, district).await;
    if forgotten_if_gone(&view, remembered) {
        view = get_home(None, None).await;
    }
    let (html, shows) = match view {
        Ok(view) => {
            let shows = super::api::fingerprint(&view);
            let chosen = (view.city.clone(), view.district.clone());
            (view! { <HomeBody view chosen/> }.to_html(), shows)
        }
        Err(error) => (view! { <ErrorNotice error/> }.to_html(), 0),
    };
    Ok(HomeContent::Rendered { html, shows })
}

/// In the browser: the page built from the replica, or else from the server function.
#[cfg(not(feature = "ssr"))]
async fn load(place: Place, remembered: bool) -> Result<HomeContent, AppError> {
    #[cfg(feature = "hydrate")]
    return crate::sync::local::send(browser::fetch(place, remembered)).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let mut view = super::api::get_home(place.0, place.1).await;
        if forgotten_if_gone(&view, remembered) {
            view = super::api::get_home(None, None).await;
        }
        view.map(|view| HomeContent::Built { shows: super::api::fingerprint(&view), view, render })
    }
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
    pub async fn fetch(place: super::Place, remembered: bool) -> Result<HomeContent, AppError> {
        let mut view = build(place).await;
        if super::forgotten_if_gone(&view, remembered) {
            view = build((None, None)).await;
        }
        view.map(|view| HomeContent::Built { shows: super::super::api::fingerprint(&view), view, render: super::render })
    }

    async fn build((city, district): super::Place) -> Result<super::HomeView, AppError> {
        crate::sync::local::home(city.clone(), district.clone()).await.or_server(get_home(city, district)).await
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
    Some(place_url(value("city"), value("district")))
}

/// `/` with a chosen city and district, empty ones left out; `/?city=` for every city, so
/// that the choice replaces a remembered place rather than falling back to it.
fn place_url(city: Option<String>, district: Option<String>) -> String {
    match crate::components::url::with_query("/", &[("city", city), ("district", district)]) {
        every if every == "/" => "/?city=".to_string(),
        url => url,
    }
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
    fn choosing_every_city_is_a_choice_too() {
        assert_eq!(place_url(Some("Roma".into()), Some(String::new())), "/?city=Roma");
        assert_eq!(place_url(Some("Roma".into()), Some("Municipio VII".into())), "/?city=Roma&district=Municipio%20VII");
        assert_eq!(place_url(Some(String::new()), Some(String::new())), "/?city=");
        assert_eq!(place_url(None, None), "/?city=");
    }

    #[test]
    fn the_first_screen_travels_as_a_mark_and_nothing_else_reads_as_one() {
        let rendered = Ok(HomeContent::Rendered { html: "<section>…</section>".into(), shows: 0xfeed_f00d });
        let mark = FirstScreen::encode(&rendered).unwrap();
        assert_eq!(mark, "rendered:00000000feedf00d", "the HTML is not sent twice");
        assert!(matches!(FirstScreen::decode(&mark), Ok(Ok(HomeContent::Rendered { html, shows: 0xfeed_f00d })) if html.is_empty()));
        assert!(FirstScreen::decode("").is_err());
        assert!(FirstScreen::decode("rendered").is_err());
        assert!(FirstScreen::decode("rendered:xyz").is_err());
        assert!(FirstScreen::decode(r#"{"places":[]}"#).is_err());
    }
}
