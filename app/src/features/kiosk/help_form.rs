//! "Ask a volunteer for help" on the kiosk: a first name, what it is about (a tile, or a
//! few words), sent. The request is queued in the outbox like any change, so it goes
//! exactly once, offline too; the outbox row is all the device keeps of it, and it leaves
//! with the server's answer. What is typed lives in the visit ([`HelpDraft`]), which a
//! reset empties.

use crate::domain::help_request::{HelpRequest, HelpTopic};
use crate::domain::ids::HubId;
use crate::domain::text::Lang;
use crate::features::help::{topic_icon, topic_name};
use crate::i18n::kiosk as k;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The help form's part of a visit.
#[derive(Clone, Copy)]
pub struct HelpDraft {
    name: RwSignal<String>,
    topic: RwSignal<Option<HelpTopic>>,
    details: RwSignal<String>,
    /// The field to fix, and why, after a refused send.
    problem: RwSignal<Option<(&'static str, &'static str)>>,
    /// The name of the visitor whose request was just saved: the thanks screen.
    sent: RwSignal<Option<String>>,
    /// The device could not save the request.
    failed: RwSignal<bool>,
}

impl HelpDraft {
    pub fn new() -> HelpDraft {
        HelpDraft {
            name: RwSignal::new(String::new()),
            topic: RwSignal::new(None),
            details: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            sent: RwSignal::new(None),
            failed: RwSignal::new(false),
        }
    }

    /// Opens the form afresh: the thanks shown to whoever came before goes.
    pub fn open(&self) {
        self.sent.set(None);
        self.failed.set(false);
    }

    /// Forgets everything the visitor typed or was shown.
    pub fn clear(&self) {
        self.name.set(String::new());
        self.topic.set(None);
        self.details.set(String::new());
        self.problem.set(None);
        self.sent.set(None);
        self.failed.set(false);
    }
}

/// The form, or, once sent, the thanks. `to_menu` leaves it.
pub fn help_screen(draft: HelpDraft, hub: HubId, lang: Lang, to_menu: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    move || match draft.sent.get() {
        Some(name) => thanks(draft, name, lang, to_menu).into_any(),
        None => form(draft, hub, lang).into_any(),
    }
}

fn thanks(draft: HelpDraft, name: String, lang: Lang, to_menu: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let engine = crate::sync::use_sync_engine();
    // Said plainly while the kiosk cannot reach the server: the request waits here.
    let offline = move || engine.state().with(|s| s.started && (!s.online || !s.reachable));
    let back = move |_| {
        draft.clear();
        to_menu();
    };
    view! {
        <div class="kiosk-thanks" id="kiosk-help-sent">
            <p class="kiosk-big-icon" aria-hidden="true">"🙋"</p>
            <h1 tabindex="-1" autofocus>{k::HELP_SENT.with(lang, &[("name", &name)])}</h1>
            <Show when=offline>
                <p class="kiosk-offline-note" role="status">{k::HELP_SENT_OFFLINE.get(lang)}</p>
            </Show>
            <p><button type="button" class="kiosk-primary" id="kiosk-help-back" on:click=back>{k::HELP_BACK_TO_MENU.get(lang)}</button></p>
        </div>
    }
}

fn form(draft: HelpDraft, hub: HubId, lang: Lang) -> impl IntoView {
    let saving = RwSignal::new(false);
    // Looked up here, with the component's owner: in the task below, after an await,
    // there is none, and the lookup panicked (the wasm stopped with the form "saving").
    let engine = crate::sync::use_sync_engine();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let Some(topic) = draft.topic.get_untracked() else {
            return refuse(draft, "topic", k::HELP_TOPIC_NEEDED.get(lang));
        };
        let details = draft.details.get_untracked();
        let request = HelpRequest { hub, name: draft.name.get_untracked(), topic, details: Some(details).filter(|d| !d.trim().is_empty()) };
        if let Err(e) = request.validate() {
            let why = match (e.field.as_str(), e.reason) {
                ("name", crate::error::Reason::Required) => k::HELP_NAME_NEEDED.get(lang),
                ("details", crate::error::Reason::Required) => k::HELP_DETAILS_NEEDED.get(lang),
                _ => k::HELP_TOO_LONG.get(lang),
            };
            return refuse(draft, if e.field == "name" { "name" } else { "details" }, why);
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            let name = request.name.trim().to_string();
            match queue(request.tidied()).await {
                Ok(()) => {
                    draft.clear();
                    draft.sent.set(Some(name));
                    engine.request_sync();
                }
                Err(e) => {
                    leptos::logging::warn!("kiosk: a help request was not saved: {e}");
                    draft.failed.set(true);
                }
            }
            saving.set(false);
        });
    };
    let problem_at = move |field: &'static str| move || draft.problem.get().filter(|(f, _)| *f == field).map(|(_, why)| why);
    let invalid = move |field: &'static str| move || draft.problem.get().is_some_and(|(f, _)| f == field).to_string();
    let topics = HelpTopic::ALL
        .into_iter()
        .map(|topic| {
            let id = format!("help-topic-{}", topic.code());
            view! {
                <li>
                    <input type="radio" name="help-topic" id=id.clone() class="kiosk-choice-input" value=topic.code()
                        prop:checked=move || draft.topic.get() == Some(topic)
                        on:change=move |_| { draft.topic.set(Some(topic)); draft.problem.set(None); }/>
                    <label for=id class="kiosk-choice">
                        <span class="kiosk-icon" aria-hidden="true">{topic_icon(topic)}</span>
                        <span>{topic_name(topic).get(lang)}</span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>{k::HELP_TITLE.get(lang)}</h1>
        <form class="kiosk-help" id="kiosk-help" on:submit=submit novalidate>
            <div class="kiosk-field">
                <label for="help-name">{k::HELP_NAME.get(lang)}</label>
                <p class="kiosk-hint" id="help-name-hint">{k::HELP_NAME_HINT.get(lang)}</p>
                <input id="help-name" type="text" autocomplete="off" spellcheck="false" maxlength="40" enterkeyhint="next"
                    aria-describedby="help-name-hint help-name-problem" aria-invalid=invalid("name")
                    prop:value=move || draft.name.get() on:input=move |ev| draft.name.set(event_target_value(&ev))/>
                <p class="kiosk-message" id="help-name-problem">{problem_at("name")}</p>
            </div>
            <fieldset class="kiosk-field" aria-describedby="help-topic-problem">
                <legend>{k::HELP_WHAT.get(lang)}</legend>
                <ul class="kiosk-choices">{topics}</ul>
                <p class="kiosk-message" id="help-topic-problem">{problem_at("topic")}</p>
            </fieldset>
            <div class="kiosk-field">
                <label for="help-details">{k::HELP_DETAILS.get(lang)}</label>
                <textarea id="help-details" rows="3" maxlength="280" autocomplete="off" aria-describedby="help-details-problem"
                    aria-invalid=invalid("details")
                    prop:value=move || draft.details.get() on:input=move |ev| draft.details.set(event_target_value(&ev))></textarea>
                <p class="kiosk-message" id="help-details-problem">{problem_at("details")}</p>
            </div>
            <p class="kiosk-message" role="alert">{move || draft.failed.get().then(|| k::HELP_NOT_SAVED.get(lang))}</p>
            <button type="submit" class="kiosk-primary" id="kiosk-help-send" disabled=move || saving.get()>
                <span aria-hidden="true">"🙋 "</span>{k::HELP_SEND.get(lang)}
            </button>
        </form>
    }
}

/// Shows why the form was not sent, by the field, and moves the focus there.
fn refuse(draft: HelpDraft, field: &'static str, why: &'static str) {
    draft.problem.set(Some((field, why)));
    let target = match field {
        "name" => "help-name",
        "details" => "help-details",
        _ => "help-topic-digital_id",
    };
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(target) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// Puts the request in the outbox under a new UUIDv7.
async fn queue(request: HelpRequest) -> Result<(), crate::sync::replica::ReplicaError> {
    use crate::domain::mutation::{Envelope, Mutation};
    let envelope = Envelope { id: crate::sync::mine::new_mutation_id()?, mutation: Mutation::HelpRequest(request) };
    let replica = crate::sync::replica::Replica::open_for_outbox().await?;
    let saved = replica.ask_for_help(&envelope).await;
    replica.close();
    saved
}
