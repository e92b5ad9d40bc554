//! `/staff/invite/<token>`: the person invited sees what the link offers, chooses a name
//! and a password, and is logged in. The token is asked about in the browser only.

use super::api::{InviteInfo, staff_accept_invite, staff_invite_info};
use super::text as t;
use crate::components::feedback::error_detail;
use crate::components::use_lang;
use crate::domain::staff::Role;
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("key").unwrap_or_default());
    let info = RwSignal::new(None::<Result<InviteInfo, AppError>>);
    Effect::new(move |_| {
        let token = token();
        leptos::task::spawn_local(async move {
            info.set(Some(staff_invite_info(token).await));
        });
    });
    view! {
        <Title text=t::ACCEPT_TITLE.get(lang)/>
        <h1>{t::ACCEPT_TITLE.get(lang)}</h1>
        {move || match info.get() {
            None => view! { <p class="loading" role="status">{crate::i18n::LOADING.get(lang)}</p> }.into_any(),
            Some(Err(AppError::NotFound)) => view! { <p class="notice notice-error" role="alert">{t::INVITE_UNKNOWN.get(lang)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{error_detail(&e, lang)}</p> }.into_any(),
            Some(Ok(invite)) => view! { <AcceptForm invite token=token()/> }.into_any(),
        }}
    }
}

#[component]
fn AcceptForm(invite: InviteInfo, token: String) -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let token = StoredValue::new(token);
    let error_for = move |field: &'static str| {
        move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| crate::i18n::field_error(lang, e)))
    };
    let navigate = leptos_router::hooks::use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        if password.get_untracked() != again.get_untracked() {
            failure.set(Some(t::PASSWORDS_DIFFER.get(lang).to_string()));
            return;
        }
        busy.set(true);
        let (n, p) = (name.get_untracked(), password.get_untracked());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = staff_accept_invite(token.get_value(), n, p).await;
            busy.set(false);
            match result {
                Ok(_me) => {
                    // This login replaced the session a pending logout was for.
                    #[cfg(feature = "hydrate")]
                    {
                        crate::sync::staff::set_logout_pending(false);
                        let _ = crate::sync::staff::keep(&_me).await;
                    }
                    navigate("/staff", Default::default())
                }
                Err(AppError::Invalid(found)) if found.iter().all(|e| e.field == "name" || e.field == "password") => errors.set(found),
                Err(other) => failure.set(Some(error_detail(&other, lang))),
            }
        });
    };
    let hubs = if invite.role == Role::Admin {
        t::EVERY_HUB.get(lang).to_string()
    } else {
        invite.hubs.iter().map(|h| format!("{} ({})", h.name.get(lang), h.city)).collect::<Vec<_>>().join(", ")
    };
    view! {
        <p class="lede" id="invite-summary">
            {t::ACCEPT_FOR.get(lang)}" "<strong>{invite.email.clone()}</strong>" "{t::AS_ROLE.get(lang)}" "
            {t::role_name(invite.role).get(lang).to_lowercase()}": "{hubs}
        </p>
        <p class="hint">{t::INVITE_EXPIRES.get(lang)}" "{t::date_time(lang, invite.expires)}</p>
        <form class="staff-form" id="accept-form" on:submit=submit novalidate>
            // Lets a password manager file the new password under the right login.
            <input type="email" autocomplete="username" value=invite.email.clone() hidden readonly/>
            <div class="field">
                <label for="accept-name">{t::YOUR_NAME_LABEL.get(lang)}</label>
                <input id="accept-name" type="text" autocomplete="nickname" maxlength="60" aria-describedby="accept-name-error"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="field-error" id="accept-name-error">{error_for("name")}</p>
            </div>
            <div class="field">
                <label for="accept-password">{t::NEW_PASSWORD.get(lang)}</label>
                <input id="accept-password" type="password" autocomplete="new-password" maxlength="128"
                    aria-describedby="accept-password-hint accept-password-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="hint" id="accept-password-hint">{t::PASSWORD_HINT.get(lang)}</p>
                <p class="field-error" id="accept-password-error">{error_for("password")}</p>
            </div>
            <div class="field">
                <label for="accept-again">{t::PASSWORD_AGAIN.get(lang)}</label>
                <input id="accept-again" type="password" autocomplete="new-password" maxlength="128"
                    prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
            </div>
            <p class="field-error" role="alert">{move || failure.get()}</p>
            <button type="submit" class="button-primary" disabled=move || busy.get()>
                {move || if busy.get() { t::SAVING.get(lang) } else { t::ACCEPT_BUTTON.get(lang) }}
            </button>
        </form>
    }
}
