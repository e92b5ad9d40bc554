//! The sign-up form on an activity's page. It saves to the device and never waits for
//! the network: the sign-up goes to the outbox with its local record in one transaction,
//! and the sync engine sends it when it can. The server renders it with its button
//! disabled (without the app there is nowhere safe to send a name: a plain form would put
//! it in the address), and hydration enables it.

use crate::components::use_lang;
use crate::domain::activity::{Activity, OccurrenceId};
use crate::domain::mutation::{CONSENT_CURRENT, Mutation, SignUp};
use crate::domain::text::{Lang, Text};
use crate::error::{FieldError, Reason};
use crate::features::activities::api::NextSession;
use crate::i18n;
use leptos::prelude::*;

/// The form's values, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub session: String,
    pub name: String,
    pub party: String,
    pub contact_ok: bool,
    pub contact: String,
    pub consent: bool,
}

impl Draft {
    /// The sign-up this draft asks for, or every field that needs fixing. `token` is the
    /// device's new secret for it.
    pub fn to_sign_up(&self, activity: &Activity, open: &[OccurrenceId], token: String) -> Result<SignUp, Vec<FieldError>> {
        let mut errors = Vec::new();
        let session = open.iter().find(|s| s.to_string() == self.session).copied();
        if session.is_none() {
            errors.push(FieldError::new("session", Reason::Required));
        }
        let party = match self.party.trim() {
            "" => Some(1),
            text => text.parse::<u32>().ok().filter(|n| (1..=activity.party_limit).contains(n)),
        };
        if party.is_none() {
            errors.push(FieldError::new("party", Reason::OutOfRange).with_value(self.party.trim()));
        }
        let contact = self.contact_ok.then(|| self.contact.trim().to_string());
        if contact.as_deref() == Some("") {
            errors.push(FieldError::new("contact", Reason::Required));
        }
        let sign_up = SignUp {
            session: session.unwrap_or(OccurrenceId { activity: activity.id, start: activity.schedule.start }),
            name: self.name.trim().to_string(),
            party: party.unwrap_or(1),
            contact: contact.filter(|c| !c.is_empty()),
            consent: CONSENT_CURRENT,
            token,
        };
        if let Err(e) = Mutation::SignUp(sign_up.clone()).validate()
            && !errors.iter().any(|known| known.field == e.field)
        {
            errors.push(e);
        }
        if !self.consent {
            errors.push(FieldError::new("consent", Reason::Required));
        }
        if errors.is_empty() { Ok(sign_up) } else { Err(errors) }
    }
}

/// The form's state, created by the page above the part a sync rebuilds.
#[derive(Clone, Copy)]
pub struct FormState {
    pub draft: RwSignal<Draft>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub notice: RwSignal<Option<&'static str>>,
}

impl FormState {
    pub fn new() -> FormState {
        FormState {
            draft: RwSignal::new(Draft { party: "1".into(), ..Draft::default() }),
            errors: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
        }
    }

    /// Creates the state and provides it to the form below.
    pub fn provide() {
        provide_context(FormState::new());
    }
}

impl Default for FormState {
    fn default() -> Self {
        FormState::new()
    }
}

/// Sessions a sign-up can name: upcoming and not cancelled.
pub fn open_sessions(activity: &Activity, next: &[NextSession]) -> Vec<OccurrenceId> {
    next.iter().filter(|s| s.cancelled.is_none()).map(|s| OccurrenceId { activity: activity.id, start: s.start }).collect()
}

fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "session" => i18n::FIELD_SESSION.get(lang),
        "name" => i18n::YOUR_NAME.get(lang),
        "party" => i18n::PARTY_SIZE.get(lang),
        "contact" => i18n::CONTACT.get(lang),
        _ => i18n::FIELD_CONSENT.get(lang),
    }
}

#[component]
pub fn SignUpForm(activity: Activity, hub_name: Text, next: Vec<NextSession>) -> impl IntoView {
    let lang = use_lang();
    let open = open_sessions(&activity, &next);
    if open.is_empty() {
        return view! { <p class="empty">{i18n::NO_SESSION_OPEN.get(lang)}</p> }.into_any();
    }
    // Held by the page, outside what a sync rebuilds: a half-filled form survives it.
    let FormState { draft, errors, notice } = use_context::<FormState>().unwrap_or_default();
    // Enabled only in the browser, once the app runs: an effect never runs on the server.
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    let party_limit = activity.party_limit;
    let sessions = next
        .iter()
        .filter(|s| s.cancelled.is_none())
        .map(|s| {
            let id = OccurrenceId { activity: activity.id, start: s.start }.to_string();
            let value = id.clone();
            let label = format!("{}, {}", i18n::date_long(lang, s.start.date()), i18n::time_span(s.start.time(), s.end.time()));
            // What the device last heard; the server decides when the sign-up arrives.
            let places = s.places.and_then(|a| i18n::availability(lang, a)).map(|p| view! { <span class="places">{p}</span> });
            view! {
                <label class="choice">
                    <input type="radio" name="session" value=id.clone()
                        prop:checked=move || draft.with(|d| d.session == id)
                        on:change=move |_| draft.update(|d| d.session = value.clone())/>
                    <span>{label}{places}</span>
                </label>
            }
        })
        .collect_view();
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| i18n::field_error(lang, &FieldError { field: field_label(lang, field).to_string(), ..e.clone() }))
            })
        }
    };
    let invalid = move |field: &'static str| move || errors.with(|all| all.iter().any(|e| e.field == field)).then_some("true");
    let submit = {
        let (activity, hub_name, open) = (activity.clone(), hub_name.clone(), open.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            #[cfg(feature = "hydrate")]
            save(draft, errors, notice, &activity, &hub_name, &open, &next_ends(&activity, &next));
            #[cfg(not(feature = "hydrate"))]
            let _ = (&activity, &hub_name, &open);
        }
    };
    let party_field = (party_limit > 1).then(|| {
        view! {
            <div class="field">
                <label for="signup-party">{i18n::PARTY_SIZE.get(lang)}</label>
                <input id="signup-party" type="number" inputmode="numeric" min="1" max=party_limit.to_string()
                    aria-invalid=invalid("party") aria-describedby="signup-party-error"
                    prop:value=move || draft.with(|d| d.party.clone())
                    on:input=move |ev| draft.update(|d| d.party = event_target_value(&ev))/>
                <p class="field-error" id="signup-party-error">{error_for("party")}</p>
            </div>
        }
    });
    view! {
        <form class="sign-up" novalidate on:submit=submit>
            <p>{i18n::SIGN_UP_INTRO.get(lang)}</p>
            <fieldset aria-invalid=invalid("session") aria-describedby="signup-session-error">
                <legend>{i18n::CHOOSE_SESSION.get(lang)}</legend>
                {sessions}
                <p class="field-error" id="signup-session-error">{error_for("session")}</p>
            </fieldset>
            <div class="field">
                <label for="signup-name">{i18n::YOUR_NAME.get(lang)}</label>
                <p class="hint" id="signup-name-hint">{i18n::YOUR_NAME_HINT.get(lang)}</p>
                <input id="signup-name" type="text" autocomplete="given-name" maxlength="60" required
                    aria-invalid=invalid("name") aria-describedby="signup-name-hint signup-name-error"
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                <p class="field-error" id="signup-name-error">{error_for("name")}</p>
            </div>
            {party_field}
            <label class="choice">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.contact_ok)
                    on:change=move |ev| draft.update(|d| d.contact_ok = event_target_checked(&ev))/>
                <span>{i18n::CONTACT_ME.get(lang)}</span>
            </label>
            <Show when=move || draft.with(|d| d.contact_ok)>
                <div class="field">
                    <label for="signup-contact">{i18n::CONTACT.get(lang)}</label>
                    <input id="signup-contact" type="text" autocomplete="tel" maxlength="120"
                        aria-invalid=invalid("contact") aria-describedby="signup-contact-error"
                        prop:value=move || draft.with(|d| d.contact.clone())
                        on:input=move |ev| draft.update(|d| d.contact = event_target_value(&ev))/>
                    <p class="field-error" id="signup-contact-error">{error_for("contact")}</p>
                </div>
            </Show>
            <div class="consent">
                <p id="signup-consent-text">{i18n::CONSENT_TEXT.get(lang)}</p>
                <label class="choice">
                    <input type="checkbox" aria-describedby="signup-consent-text signup-consent-error"
                        aria-invalid=invalid("consent")
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| draft.update(|d| d.consent = event_target_checked(&ev))/>
                    <span>{i18n::CONSENT_AGREE.get(lang)}</span>
                </label>
                <p class="field-error" id="signup-consent-error">{error_for("consent")}</p>
            </div>
            <button type="submit" class="button-primary" disabled=move || !ready.get()>{i18n::SIGN_UP_SEND.get(lang)}</button>
            <Show when=move || !ready.get()>
                <p class="hint">{i18n::SIGN_UP_NOT_READY.get(lang)}</p>
            </Show>
            <p class="form-notice" role="status">{move || notice.get().map(|m| m.to_string())}</p>
        </form>
    }
    .into_any()
}

/// When each open session ends, to show it in "my sign-ups" without the activity.
#[cfg(feature = "hydrate")]
fn next_ends(activity: &Activity, next: &[NextSession]) -> Vec<(OccurrenceId, jiff::civil::DateTime)> {
    next.iter().map(|s| (OccurrenceId { activity: activity.id, start: s.start }, s.end)).collect()
}

/// Checks the draft and, if it is complete, saves it to the device and asks for a sync.
#[cfg(feature = "hydrate")]
fn save(
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    notice: RwSignal<Option<&'static str>>,
    activity: &Activity,
    hub_name: &Text,
    open: &[OccurrenceId],
    ends: &[(OccurrenceId, jiff::civil::DateTime)],
) {
    use super::model::{MyRegistration, MyStatus};
    use crate::sync::mine::{new_mutation_id, new_token};
    use crate::sync::replica::Replica;
    let lang = crate::i18n::current_lang();
    let (Ok(id), Ok(token)) = (new_mutation_id(), new_token()) else {
        notice.set(Some(i18n::SIGN_UP_DEVICE_FAILED.get(lang)));
        return;
    };
    let sign_up = match draft.with_untracked(|d| d.to_sign_up(activity, open, token)) {
        Ok(s) => s,
        Err(found) => {
            errors.set(found);
            notice.set(None);
            return;
        }
    };
    errors.set(Vec::new());
    let end = ends.iter().find(|(s, _)| *s == sign_up.session).map(|(_, e)| *e).unwrap_or(sign_up.session.start);
    let mine = MyRegistration {
        id,
        session: sign_up.session,
        end,
        activity_title: activity.title.clone(),
        hub_name: hub_name.clone(),
        name: sign_up.name.clone(),
        party: sign_up.party,
        token: sign_up.token.clone(),
        status: MyStatus::Waiting,
        position: None,
        reason: None,
        cancelling: false,
        attention: None,
    };
    let engine = crate::sync::use_sync_engine();
    leptos::task::spawn_local(async move {
        let saved = async {
            let replica = Replica::open().await?;
            let done = replica.sign_up(mine, sign_up).await;
            replica.close();
            done
        }
        .await;
        match saved {
            Ok(()) => {
                draft.set(Draft { party: "1".into(), ..Draft::default() });
                notice.set(Some(i18n::SIGN_UP_SAVED.get(lang)));
                engine.note_local_change();
            }
            Err(e) => {
                leptos::logging::warn!("sign-up not saved: {e}");
                notice.set(Some(i18n::SIGN_UP_DEVICE_FAILED.get(lang)));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ActivityId, HubId};
    use crate::domain::recurrence::Schedule;
    use jiff::civil::date;

    fn activity() -> Activity {
        Activity {
            id: ActivityId(5),
            hub_id: HubId(1),
            title: Text::it("Punto digitale"),
            description: Text::default(),
            category: crate::domain::activity::ActivityCategory::DigitalHelp,
            audience: vec![],
            languages: vec![],
            capacity: Some(8),
            registration_required: true,
            party_limit: 3,
            how_to_join: Text::default(),
            schedule: Schedule::repeating(date(2026, 11, 6).at(10, 0, 0, 0), 120, "FREQ=WEEKLY;BYDAY=FR").unwrap(),
        }
    }

    #[test]
    fn a_complete_draft_becomes_a_sign_up_and_an_incomplete_one_names_every_field() {
        let a = activity();
        let open = vec![OccurrenceId { activity: a.id, start: date(2026, 11, 27).at(10, 0, 0, 0) }];
        let token = "a".repeat(32);
        let good = Draft { session: open[0].to_string(), name: " Rosa ".into(), party: "2".into(), consent: true, ..Draft::default() };
        let s = good.to_sign_up(&a, &open, token.clone()).unwrap();
        assert_eq!((s.name.as_str(), s.party, s.contact.as_deref()), ("Rosa", 2, None));
        let fields = |d: Draft| d.to_sign_up(&a, &open, token.clone()).unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(Draft::default()), ["session", "name", "consent"]);
        assert_eq!(fields(Draft { party: "4".into(), ..good.clone() }), ["party"], "over the activity's limit");
        assert_eq!(fields(Draft { contact_ok: true, ..good.clone() }), ["contact"]);
        assert_eq!(fields(Draft { contact_ok: true, contact: "domani".into(), ..good.clone() }), ["contact"]);
        let with_contact = Draft { contact_ok: true, contact: "+39 333 1234567".into(), ..good.clone() };
        assert_eq!(with_contact.to_sign_up(&a, &open, token.clone()).unwrap().contact.as_deref(), Some("+39 333 1234567"));
        let unticked = Draft { contact_ok: false, contact: "+39 333 1234567".into(), ..good };
        assert_eq!(unticked.to_sign_up(&a, &open, token).unwrap().contact, None, "no contact kept unless asked for");
    }
}
