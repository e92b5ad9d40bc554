//! What a volunteer does at the desk: register someone on their behalf, cancel, check
//! people in (registered or walk-ins), take a check-in back. Each is saved on the device
//! with its outbox entry in one transaction and sent by the sync engine; nothing here
//! waits for the network.

use super::desk::{DeskPerson, DeskSession, WalkIn};
use super::text as t;
use crate::components::use_lang;
use crate::domain::activity::Activity;
use crate::domain::ids::{AccountId, HubId};
use crate::domain::mutation::{CHECK_IN_PARTY_MAX, CheckIn, DeskCancel, Mutation, UndoCheckIn};
use crate::error::FieldError;
use crate::features::registrations::form::Draft;
use crate::i18n;
use leptos::prelude::*;

/// Who acts at which desk: every change carries the account.
#[derive(Clone, Copy)]
pub struct DeskContext {
    pub hub: HubId,
    pub account: AccountId,
    pub lang: crate::domain::text::Lang,
    /// Bumped after a change is saved: the desk redraws from the device.
    pub saved: RwSignal<u32>,
    pub notice: RwSignal<Option<String>>,
    /// Held here, not looked up after a save: a context read in a spawned task, after an
    /// await, finds no owner and panics.
    pub engine: crate::sync::SyncEngine,
}

/// What a session's forms hold: made once per session for the page, outside what a redraw
/// of the desk replaces (a sync, a change saved), so half-typed input survives it.
#[derive(Clone, Copy, Debug)]
pub struct SessionForm {
    pub open: RwSignal<bool>,
    pub draft: RwSignal<Draft>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub walk_in: RwSignal<String>,
    pub first_time: RwSignal<bool>,
    pub walk_in_error: RwSignal<Option<String>>,
}

/// Every session's forms, owned by the desk page.
#[derive(Clone, Copy)]
pub struct DeskForms {
    owner: StoredValue<Owner>,
    forms: StoredValue<std::collections::HashMap<String, SessionForm>>,
}

impl DeskForms {
    /// Call in the page's component: the forms live as long as it does.
    pub fn new() -> DeskForms {
        DeskForms { owner: StoredValue::new(Owner::current().unwrap_or_default()), forms: StoredValue::new(Default::default()) }
    }

    /// The forms of `session` (its occurrence id), made on first use.
    pub fn of(&self, session: &str) -> SessionForm {
        if let Some(form) = self.forms.with_value(|all| all.get(session).copied()) {
            return form;
        }
        let form = self.owner.with_value(|owner| {
            owner.with(|| SessionForm {
                open: RwSignal::new(false),
                draft: RwSignal::new(fresh_draft(session)),
                errors: RwSignal::new(Vec::new()),
                walk_in: RwSignal::new("1".to_string()),
                first_time: RwSignal::new(false),
                walk_in_error: RwSignal::new(None),
            })
        });
        self.forms.update_value(|all| {
            all.insert(session.to_string(), form);
        });
        form
    }
}

impl Default for DeskForms {
    fn default() -> Self {
        DeskForms::new()
    }
}

fn fresh_draft(session: &str) -> Draft {
    Draft { session: session.to_string(), party: "1".into(), ..Draft::default() }
}

/// Saves `mutation` as a change at the desk and asks for a sync. Errors are shown in the
/// desk's notice; nothing is half-saved.
pub fn make(desk: DeskContext, mutation: Mutation, done: &'static str) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        use super::desk_changes::{ChangeState, DeskChange};
        let lang = desk.lang;
        let saved = async {
            let id = crate::sync::mine::new_mutation_id()?;
            let change = DeskChange { id, hub: desk.hub, mutation, state: ChangeState::Sending, answered_at: None };
            let replica = crate::sync::replica::Replica::open().await?;
            let done = replica.desk_change(&change).await;
            replica.close();
            done
        };
        match saved.await {
            Ok(()) => {
                desk.notice.set(Some(done.to_string()));
                desk.saved.update(|n| *n += 1);
                desk.engine.note_local_change();
            }
            Err(e) => {
                leptos::logging::warn!("a desk change was not saved: {e}");
                desk.notice.set(Some(t::NOT_SAVED.get(lang).to_string()));
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (desk, mutation, done);
}

/// The buttons beside a registered person.
#[component]
pub fn PersonActions(person: DeskPerson, session: DeskSession, today: bool) -> impl IntoView {
    let lang = use_lang();
    let desk = expect_context::<DeskContext>();
    let name = person.name.clone().unwrap_or_else(|| t::NAME_ERASED.get(lang).to_string());
    let (id, party, last_check_in) = (person.id, person.party, person.check_ins.last().copied());
    let check_in = (today && person.check_ins.is_empty()).then(|| {
        let label = format!("{}: {name}", t::CHECK_IN.get(lang));
        let on_click = move |_| {
            let m = CheckIn { account: desk.account, session: session.id, registration: Some(id), party, first_time: false };
            make(desk, Mutation::CheckIn(m), t::CHECKED_IN_SAVED.get(lang));
        };
        view! {
            <button type="button" class="button-primary" id=format!("desk-presence-{id}") aria-label=label on:click=on_click>
                {t::CHECK_IN.get(lang)}
            </button>
        }
    });
    let undo = last_check_in.map(|check_in| {
        let label = format!("{}: {name}", t::UNDO_CHECK_IN.get(lang));
        let on_click = move |_| {
            make(desk, Mutation::UndoCheckIn(UndoCheckIn { account: desk.account, check_in }), t::UNDO_SAVED.get(lang));
        };
        view! {
            <button type="button" class="button-secondary" id=format!("desk-presence-{id}") aria-label=label on:click=on_click>
                {t::UNDO_CHECK_IN.get(lang)}
            </button>
        }
    });
    // Cancelling asks once more (a tap by mistake would give the place away), with the
    // focus moved to the question and back.
    let confirming = RwSignal::new(false);
    let (ask, confirm) = (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
    Effect::new(move |was: Option<bool>| {
        let now = confirming.get();
        let target = if now { confirm.get() } else { ask.get() };
        if was.is_some_and(|was| was != now)
            && let Some(button) = target
        {
            let _ = button.focus();
        }
        now
    });
    let cancel_label = format!("{}: {name}", t::CANCEL_REGISTRATION.get(lang));
    let confirm_label = format!("{}: {name}", t::CONFIRM_CANCEL.get(lang));
    let on_confirm = move |_| {
        make(desk, Mutation::DeskCancel(DeskCancel { account: desk.account, registration: id }), t::CANCEL_SAVED.get(lang));
    };
    let cancel = view! {
        <button type="button" class="button-secondary" aria-label=cancel_label node_ref=ask hidden=move || confirming.get()
            on:click=move |_| confirming.set(true)>
            {t::CANCEL_REGISTRATION.get(lang)}
        </button>
        <span class="desk-confirm" hidden=move || !confirming.get()>
            <button type="button" class="button-danger" aria-label=confirm_label node_ref=confirm on:click=on_confirm>
                {t::CONFIRM_CANCEL.get(lang)}
            </button>
            <button type="button" class="button-secondary" on:click=move |_| confirming.set(false)>{t::KEEP_REGISTRATION.get(lang)}</button>
        </span>
    };
    view! { <span class="desk-actions">{check_in}{undo}{cancel}</span> }
}

/// A walk-in's line: how many came, and the button to take it back.
#[component]
pub fn WalkInLine(walk_in: WalkIn) -> impl IntoView {
    let lang = use_lang();
    let desk = expect_context::<DeskContext>();
    let check_in = walk_in.id;
    let first = walk_in.first_time.then(|| format!(" · {}", t::FIRST_TIME.get(lang)));
    let sending = walk_in.sending.then(|| view! { <span class="status status-waiting">" · "{t::SENDING.get(lang)}</span> });
    let on_click = move |_| make(desk, Mutation::UndoCheckIn(UndoCheckIn { account: desk.account, check_in }), t::UNDO_SAVED.get(lang));
    let label = format!("{} {}", t::UNDO_WALK_IN.get(lang), t::walk_ins(lang, walk_in.party));
    view! {
        <li class="desk-walk-in">
            {t::walk_ins(lang, walk_in.party)}{first}{sending}
            " "
            <button type="button" class="button-secondary" aria-label=label on:click=on_click>{t::UNDO_CHECK_IN.get(lang)}</button>
        </li>
    }
}

/// Counts people who came without registering.
#[component]
pub fn WalkInForm(session: DeskSession) -> impl IntoView {
    let lang = use_lang();
    let desk = expect_context::<DeskContext>();
    let key = session.id.to_string();
    let SessionForm { walk_in: party, first_time, walk_in_error: error, .. } = expect_context::<DeskForms>().of(&key);
    let (party_id, error_id) = (format!("walk-in-party-{key}"), format!("walk-in-error-{key}"));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match party.get_untracked().trim().parse::<u32>().ok().filter(|n| (1..=CHECK_IN_PARTY_MAX).contains(n)) {
            Some(n) => {
                error.set(None);
                let m = CheckIn {
                    account: desk.account,
                    session: session.id,
                    registration: None,
                    party: n,
                    first_time: first_time.get_untracked(),
                };
                make(desk, Mutation::CheckIn(m), t::CHECKED_IN_SAVED.get(lang));
                party.set("1".into());
                first_time.set(false);
            }
            None => error.set(Some(t::walk_in_range(lang, CHECK_IN_PARTY_MAX))),
        }
    };
    view! {
        <form class="desk-walk-in-form" novalidate on:submit=on_submit>
            <div class="field">
                <label for=party_id.clone()>{t::WALK_IN_LABEL.get(lang)}</label>
                <input id=party_id type="number" inputmode="numeric" min="1" max=CHECK_IN_PARTY_MAX.to_string()
                    aria-describedby=error_id.clone() aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || party.get() on:input=move |ev| party.set(event_target_value(&ev))/>
                <p class="field-error" id=error_id>{move || error.get()}</p>
            </div>
            <label class="choice">
                <input type="checkbox" prop:checked=move || first_time.get() on:change=move |ev| first_time.set(event_target_checked(&ev))/>
                <span>{t::FIRST_TIME_LABEL.get(lang)}</span>
            </label>
            <button type="submit" class="button-primary" id=format!("desk-walk-in-send-{key}")>{t::WALK_IN_BUTTON.get(lang)}</button>
        </form>
    }
}

/// Registers someone at the desk: the fields and consent of a resident's own sign-up; the
/// volunteer reads them the consent text.
#[component]
pub fn DeskSignUpForm(session: DeskSession, activity: Activity) -> impl IntoView {
    let lang = use_lang();
    let desk = expect_context::<DeskContext>();
    let key = session.id.to_string();
    let SessionForm { open, draft, errors, .. } = expect_context::<DeskForms>().of(&key);
    let ids = move |part: &str| format!("desk-{part}-{key}");
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| i18n::field_error(lang, &FieldError { field: label_of(lang, field).to_string(), ..e.clone() }))
            })
        }
    };
    let invalid = move |field: &'static str| move || errors.with(|all| all.iter().any(|e| e.field == field)).then_some("true");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let Ok(token) = crate::sync::mine::new_token() else { return };
            match draft.get_untracked().to_sign_up(&activity, &[session.id], token) {
                Ok(sign_up) => {
                    use crate::domain::mutation::DeskSignUp;
                    errors.set(Vec::new());
                    make(desk, Mutation::DeskSignUp(DeskSignUp { account: desk.account, sign_up }), t::REGISTERED_SAVED.get(lang));
                    draft.set(fresh_draft(&session.id.to_string()));
                    open.set(false);
                    // The form closes: the focus goes back to the button that opens it.
                    let toggle = format!("desk-register-{}", session.id);
                    request_animation_frame(move || {
                        use wasm_bindgen::JsCast;
                        if let Some(button) = document().get_element_by_id(&toggle).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            let _ = button.focus();
                        }
                    });
                }
                Err(found) => errors.set(found),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&activity, &session, desk);
    };
    let toggle_id = ids("register");
    let (name_id, party_id, contact_id, consent_id) = (ids("name"), ids("party"), ids("contact"), ids("consent"));
    let (name_error, party_error, contact_error, consent_error) =
        (ids("name-error"), ids("party-error"), ids("contact-error"), ids("consent-error"));
    let form = view! {
        <form class="sign-up desk-sign-up" novalidate on:submit=on_submit>
            <div class="field">
                <label for=name_id.clone()>{i18n::YOUR_NAME.get(lang)}</label>
                <input id=name_id type="text" autocomplete="off" maxlength="60" required
                    aria-invalid=invalid("name") aria-describedby=name_error.clone()
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                <p class="field-error" id=name_error>{error_for("name")}</p>
            </div>
            <div class="field">
                <label for=party_id.clone()>{t::HOW_MANY_THEM.get(lang)}</label>
                <input id=party_id type="number" inputmode="numeric" min="1"
                    aria-invalid=invalid("party") aria-describedby=party_error.clone()
                    prop:value=move || draft.with(|d| d.party.clone())
                    on:input=move |ev| draft.update(|d| d.party = event_target_value(&ev))/>
                <p class="field-error" id=party_error>{error_for("party")}</p>
            </div>
            <label class="choice">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.contact_ok)
                    on:change=move |ev| draft.update(|d| d.contact_ok = event_target_checked(&ev))/>
                <span>{t::CONTACT_THEM.get(lang)}</span>
            </label>
            <Show when=move || draft.with(|d| d.contact_ok)>
                <div class="field">
                    <label for=contact_id.clone()>{i18n::CONTACT.get(lang)}</label>
                    <input id=contact_id.clone() type="text" autocomplete="off" maxlength="120"
                        aria-invalid=invalid("contact") aria-describedby=contact_error.clone()
                        prop:value=move || draft.with(|d| d.contact.clone())
                        on:input=move |ev| draft.update(|d| d.contact = event_target_value(&ev))/>
                    <p class="field-error" id=contact_error.clone()>{error_for("contact")}</p>
                </div>
            </Show>
            <div class="consent">
                <p class="hint">{t::READ_ALOUD.get(lang)}</p>
                <p id=consent_id.clone()>{t::DESK_CONSENT_TEXT.get(lang)}</p>
                <label class="choice">
                    <input type="checkbox" aria-describedby=format!("{consent_id} {consent_error}") aria-invalid=invalid("consent")
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| draft.update(|d| d.consent = event_target_checked(&ev))/>
                    <span>{t::DESK_CONSENT_AGREE.get(lang)}</span>
                </label>
                <p class="field-error" id=consent_error>{error_for("consent")}</p>
            </div>
            <button type="submit" class="button-primary">{t::REGISTER_BUTTON.get(lang)}</button>
        </form>
    };
    view! {
        <button type="button" class="button-secondary" id=toggle_id aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            {t::REGISTER_SOMEONE.get(lang)}
        </button>
        <div hidden=move || !open.get()>{form}</div>
    }
}

fn label_of(lang: crate::domain::text::Lang, field: &str) -> &'static str {
    match field {
        "name" => i18n::YOUR_NAME.get(lang),
        "party" => t::HOW_MANY_THEM.get(lang),
        "contact" => i18n::CONTACT.get(lang),
        "session" => i18n::FIELD_SESSION.get(lang),
        _ => i18n::FIELD_CONSENT.get(lang),
    }
}
