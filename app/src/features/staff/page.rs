//! `/staff`: logging in, who is logged in and until when, logging out, and for
//! coordinators and administrators the people they look after and invitations.
//!
//! The server renders only the frame: who is logged in is asked in the browser, so no
//! page a cache might keep ever carries a name.

use super::api::{HubLabel, InviteLink, Me, People, Person, staff_invite, staff_login, staff_people, staff_set_active};
use super::text as t;
use crate::components::feedback::error_detail;
use crate::components::use_lang;
use crate::domain::ids::HubId;
use crate::domain::staff::Role;
use crate::domain::text::Lang;
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Debug, PartialEq)]
enum Who {
    Checking,
    Out,
    In(Box<Me>),
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let lang = use_lang();
    let who = RwSignal::new(Who::Checking);
    let notice = RwSignal::new(None::<String>);
    // In the browser only (effects never run on the server).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            find_who(who, notice, lang).await;
        });
    });
    view! {
        <Title text=t::STAFF_TITLE.get(lang)/>
        <h1>{t::STAFF_TITLE.get(lang)}</h1>
        <p class="lede">{t::STAFF_LEDE.get(lang)}</p>
        <p class="form-notice" role="status" id="staff-notice">{move || notice.get()}</p>
        {move || match who.get() {
            Who::Checking => view! { <p class="loading" role="status">{t::CHECKING.get(lang)}</p> }.into_any(),
            Who::Out => view! { <LoginForm who notice/><super::desk_page::DeskLeftovers/> }.into_any(),
            Who::In(me) => view! { <AccountPanel me=*me who notice/> }.into_any(),
        }}
    }
}

/// Who is logged in: the device's copy at once (offline too, until it expires), then the
/// server's word, which the device keeps. A logout made offline reaches the server first.
#[cfg(feature = "hydrate")]
async fn find_who(who: RwSignal<Who>, notice: RwSignal<Option<String>>, lang: Lang) {
    use super::api::{staff_logout, staff_me};
    use crate::sync::staff;
    let logouts = staff::logouts();
    let mut kept = staff::device_staff().await;
    if kept.as_ref().is_some_and(|me| me.until <= crate::domain::time::now_local()) {
        let _ = staff::end_login().await;
        kept = None;
    }
    if let Some(me) = &kept {
        who.set(Who::In(Box::new(me.clone())));
    }
    if staff::logout_pending() {
        if staff_logout().await.is_err() {
            // Still out of reach: nobody is logged in here, whatever the cookie says.
            who.set(Who::Out);
            return;
        }
        staff::set_logout_pending(false);
    }
    match staff_me().await {
        // Unless the person logged out while the server was answering.
        Ok(Some(me)) => {
            if let Ok(true) = staff::keep_unless_logged_out(&me, logouts).await {
                notice.set(None);
                who.set(Who::In(Box::new(me)));
            }
        }
        Ok(None) => {
            if kept.is_some() {
                let _ = staff::end_login().await;
                notice.set(Some(t::SESSION_ENDED.get(lang).to_string()));
            }
            who.set(Who::Out);
        }
        Err(e) if kept.is_some() => {
            if matches!(e, AppError::Transport(_)) {
                notice.set(Some(t::DEVICE_COPY.get(lang).to_string()));
            }
        }
        Err(e) => {
            who.set(Who::Out);
            notice.set(Some(login_error(&e, lang)));
        }
    }
}

/// A login failure in plain words: never which of the two fields was wrong.
fn login_error(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::Unauthorized(_) => t::LOGIN_WRONG.get(lang).to_string(),
        AppError::Transport(_) => t::LOGIN_OFFLINE.get(lang).to_string(),
        other => error_detail(other, lang),
    }
}

#[component]
fn LoginForm(who: RwSignal<Who>, notice: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (e, p) = (email.get_untracked(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let result = staff_login(e, p).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    password.set(String::new());
                    notice.set(None);
                    #[cfg(feature = "hydrate")]
                    {
                        // This login replaced the session a pending logout was for.
                        crate::sync::staff::set_logout_pending(false);
                        if let Err(e) = crate::sync::staff::keep(&me).await {
                            leptos::logging::warn!("who is logged in was not kept on this device: {e}");
                        }
                    }
                    who.set(Who::In(Box::new(me)));
                }
                Err(e) => error.set(Some(login_error(&e, lang))),
            }
        });
    };
    view! {
        <form class="staff-form" id="login-form" on:submit=submit novalidate>
            <h2>{t::LOGIN_TITLE.get(lang)}</h2>
            <div class="field">
                <label for="staff-email">{t::EMAIL_LABEL.get(lang)}</label>
                <input id="staff-email" type="email" name="email" autocomplete="username" required maxlength="254"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="staff-password">{t::PASSWORD_LABEL.get(lang)}</label>
                <input id="staff-password" type="password" name="password" autocomplete="current-password" required maxlength="128"
                    aria-describedby="login-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </div>
            <p class="field-error" role="alert" id="login-error">{move || error.get()}</p>
            <button type="submit" class="button-primary" disabled=move || busy.get()>
                {move || if busy.get() { t::LOGGING_IN.get(lang) } else { t::LOGIN_BUTTON.get(lang) }}
            </button>
        </form>
    }
}

#[component]
fn AccountPanel(me: Me, who: RwSignal<Who>, notice: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let busy = RwSignal::new(false);
    // Desk changes not sent yet: logging out would delete them, so it asks first.
    let unsent = RwSignal::new(0u32);
    let engine = crate::sync::use_sync_engine();
    let logout = move |anyway: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            // The device forgets first: logging out works offline too.
            #[cfg(feature = "hydrate")]
            {
                let waiting = crate::sync::staff::unsent().await;
                if waiting > 0 && !anyway {
                    unsent.set(waiting);
                    busy.set(false);
                    return;
                }
                if let Err(e) = crate::sync::staff::forget().await {
                    busy.set(false);
                    notice.set(Some(error_detail(&AppError::Transport(e.to_string()), lang)));
                    return;
                }
                if super::api::staff_logout().await.is_err() {
                    crate::sync::staff::set_logout_pending(true);
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (anyway, unsent);
            busy.set(false);
            who.set(Who::Out);
            notice.set(Some(t::LOGGED_OUT.get(lang).to_string()));
        });
    };
    // After "send them now": counted again once the sync is over.
    let sending = RwSignal::new(false);
    Effect::new(move |_| {
        let syncing = engine.state().with(|s| s.syncing);
        if sending.get_untracked() && !syncing {
            sending.set(false);
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move { unsent.set(crate::sync::staff::unsent().await) });
        }
    });
    let send_now = move |_| {
        sending.set(true);
        engine.request_sync();
    };
    let warning = move || {
        let n = unsent.get();
        (n > 0).then(|| {
            view! {
                <div class="notice notice-error" role="alert" id="logout-warning">
                    <p>{t::unsent(lang, n)}". "{t::LOGOUT_WARNING.get(lang)}</p>
                    <button type="button" class="button-primary" id="send-now" on:click=send_now disabled=move || sending.get()>
                        {t::SEND_NOW.get(lang)}
                    </button>
                    <button type="button" class="button-danger" id="logout-anyway" on:click=move |_| logout(true)>
                        {t::LOGOUT_ANYWAY.get(lang)}
                    </button>
                </div>
            }
        })
    };
    let hubs = if me.account.role == Role::Admin {
        t::EVERY_HUB.get(lang).to_string()
    } else {
        me.hubs.iter().map(|h| format!("{} ({})", h.name.get(lang), h.city)).collect::<Vec<_>>().join(", ")
    };
    let looks_after = me.account.role != Role::Volunteer;
    let desks = me
        .hubs
        .iter()
        .map(|h| {
            let href = format!("/staff/desk/{}", h.id);
            let name = h.name.get(lang).to_string();
            let coordinate = looks_after.then(|| {
                let href = format!("/staff/hub/{}", h.id);
                view! { <li><a class="button-link" href=href>{t::OPEN_HUB.get(lang)}": "{name.clone()}</a></li> }
            });
            view! {
                <li><a class="button-link" href=href>{t::OPEN_DESK.get(lang)}": "{name.clone()}</a></li>
                {coordinate}
            }
        })
        .collect_view();
    view! {
        <section class="staff-account" aria-labelledby="account-title">
            <h2 id="account-title">{t::LOGGED_IN_AS.get(lang)}" "<span id="staff-name">{me.account.name.clone()}</span></h2>
            <dl class="facts">
                <div><dt>{t::EMAIL_LABEL.get(lang)}</dt><dd>{me.account.email.clone()}</dd></div>
                <div><dt>{t::ROLE_LABEL.get(lang)}</dt><dd id="staff-role">{t::role_name(me.account.role).get(lang)}</dd></div>
                <div><dt>{t::WORKS_AT.get(lang)}</dt><dd id="staff-hubs">{hubs}</dd></div>
                <div><dt>{t::OFFLINE_UNTIL.get(lang)}</dt><dd id="staff-until">{t::date_time(lang, me.until)}</dd></div>
            </dl>
            <ul class="link-list desk-links">{desks}</ul>
            <button type="button" class="button-secondary" id="logout" on:click=move |_| logout(false) disabled=move || busy.get()>
                {t::LOGOUT.get(lang)}
            </button>
            {warning}
        </section>
        // Type-erased: the nested view types otherwise overflow the compiler's query depth.
        {looks_after.then(|| view! { <PeoplePanel/> }.into_any())}
    }
    .into_any()
}

/// What the invitation form offers: roles and hubs with their names.
#[derive(Clone, Debug, PartialEq)]
struct InviteOptions {
    roles: Vec<Role>,
    hubs: Vec<HubLabel>,
}

#[component]
fn PeoplePanel() -> impl IntoView {
    let lang = use_lang();
    let people = RwSignal::new(None::<Result<People, AppError>>);
    let made = RwSignal::new(None::<InviteLink>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            people.set(Some(staff_people().await));
        })
    };
    Effect::new(move |_| reload());
    // A memo: the list reloads after each invitation and change, the form stays as it is
    // (with what is typed in it) unless what it offers changed.
    let options = Memo::new(move |_| {
        people.with(|p| match p {
            Some(Ok(list)) if !list.roles.is_empty() => Some(InviteOptions {
                roles: list.roles.clone(),
                hubs: list.invite_hubs.iter().filter_map(|id| list.hubs.iter().find(|h| h.id == *id).cloned()).collect(),
            }),
            _ => None,
        })
    });
    view! {
        <section class="staff-people" aria-labelledby="people-title">
            <h2 id="people-title">{t::PEOPLE_TITLE.get(lang)}</h2>
            {move || match people.get() {
                None => view! { <p class="loading" role="status">{crate::i18n::LOADING.get(lang)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error" role="alert">{error_detail(&e, lang)}</p> }.into_any(),
                Some(Ok(list)) => view! { <PeopleList list people/> }.into_any(),
            }}
            {move || options.get().map(|options| view! { <InviteForm options made on_invited=move || reload()/> })}
        </section>
    }
}

/// The hubs `ids` by name, from the labels the server sent.
fn hub_names(list: &People, ids: &[HubId], lang: Lang) -> String {
    ids.iter()
        .map(|id| list.hubs.iter().find(|h| h.id == *id).map(|h| h.name.get(lang).to_string()).unwrap_or_else(|| format!("#{id}")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn PeopleList(list: People, people: RwSignal<Option<Result<People, AppError>>>) -> impl IntoView {
    let lang = use_lang();
    if list.people.is_empty() {
        return view! { <p class="empty">{t::NO_PEOPLE.get(lang)}</p> }.into_any();
    }
    let items = list
        .people
        .iter()
        .map(|person| {
            let Person { account, manageable } = person.clone();
            let hubs = if account.role == Role::Admin { t::EVERY_HUB.get(lang).to_string() } else { hub_names(&list, &account.hubs, lang) };
            let state = if account.active { t::ACTIVE } else { t::INACTIVE };
            let error = RwSignal::new(None::<String>);
            let toggle = move |_| {
                let (id, active) = (account.id, !account.active);
                leptos::task::spawn_local(async move {
                    match staff_set_active(id, active).await {
                        Ok(changed) => people.update(|p| {
                            if let Some(Ok(list)) = p
                                && let Some(slot) = list.people.iter_mut().find(|p| p.account.id == changed.account.id)
                            {
                                *slot = changed;
                            }
                        }),
                        Err(e) => error.set(Some(error_detail(&e, lang))),
                    }
                });
            };
            let button = manageable.then(|| {
                let label = if account.active { t::DEACTIVATE } else { t::REACTIVATE };
                view! { <button type="button" class="button-secondary" on:click=toggle>{label.get(lang)}</button> }
            });
            view! {
                <li class="person" data-email=account.email.clone()>
                    <p class="person-name">{account.name.clone()}" · "{t::role_name(account.role).get(lang)}</p>
                    <p class="card-meta">{account.email.clone()}</p>
                    <p class="card-meta">{hubs}</p>
                    <p class=if account.active { "status status-confirmed" } else { "status status-cancelled" }>{state.get(lang)}</p>
                    {button}
                    <p class="field-error" role="alert">{move || error.get()}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="my-list people-list">{items}</ul> }.into_any()
}

#[component]
fn InviteForm(
    options: InviteOptions,
    made: RwSignal<Option<InviteLink>>,
    on_invited: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let default_role = if options.roles.contains(&Role::Volunteer) { Role::Volunteer } else { options.roles[0] };
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(default_role);
    let chosen = RwSignal::new(Vec::<HubId>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let error_for = move |field: &'static str| {
        move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| crate::i18n::field_error(lang, e)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        errors.set(Vec::new());
        failure.set(None);
        made.set(None);
        let (e, r, h) = (email.get_untracked(), role.get_untracked(), chosen.get_untracked());
        let hubs = if r == Role::Admin { Vec::new() } else { h };
        leptos::task::spawn_local(async move {
            let result = staff_invite(e, r.code().to_string(), hubs).await;
            busy.set(false);
            match result {
                Ok(link) => {
                    email.set(String::new());
                    chosen.set(Vec::new());
                    made.set(Some(link));
                    on_invited();
                }
                Err(AppError::Invalid(found)) => errors.set(found),
                Err(AppError::Forbidden(found)) => errors.set(vec![found]),
                Err(other) => failure.set(Some(error_detail(&other, lang))),
            }
        });
    };
    let role_options = options
        .roles
        .iter()
        .map(|r| {
            let r = *r;
            view! { <option value=r.code() selected=r == default_role>{t::role_name(r).get(lang)}</option> }
        })
        .collect_view();
    let hub_boxes = options
        .hubs
        .into_iter()
        .map(|hub| {
            let id = hub.id;
            view! {
                <label class="choice">
                    <input type="checkbox" name="hubs" value=id.to_string()
                        prop:checked=move || chosen.with(|c| c.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|h| *h != id);
                                if on {
                                    c.push(id);
                                }
                            });
                        }/>
                    <span>{hub.name.get(lang).to_string()}" · "{hub.city.clone()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="staff-form" id="invite-form" on:submit=submit novalidate>
            <h3>{t::INVITE_TITLE.get(lang)}</h3>
            <p class="hint">{t::INVITE_HINT.get(lang)}</p>
            <div class="field">
                <label for="invite-email">{t::EMAIL_LABEL.get(lang)}</label>
                <input id="invite-email" type="email" autocomplete="off" maxlength="254" aria-describedby="invite-email-error"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                <p class="field-error" id="invite-email-error">{error_for("email")}</p>
            </div>
            <div class="field">
                <label for="invite-role">{t::ROLE_LABEL.get(lang)}</label>
                <select id="invite-role" on:change=move |ev| {
                    if let Some(r) = Role::from_code(&event_target_value(&ev)) {
                        role.set(r);
                    }
                }>{role_options}</select>
                <p class="field-error">{error_for("role")}</p>
            </div>
            <Show when=move || role.get() != Role::Admin>
                <fieldset class="hub-choices" aria-describedby="invite-hubs-error">
                    <legend>{t::HUBS_LABEL.get(lang)}</legend>
                    {hub_boxes.clone()}
                    <p class="field-error" id="invite-hubs-error">{error_for("hubs")}</p>
                </fieldset>
            </Show>
            <p class="field-error" role="alert">{move || failure.get()}</p>
            <button type="submit" class="button-primary" disabled=move || busy.get()>{t::INVITE_BUTTON.get(lang)}</button>
            {move || made.get().map(|link| view! { <InviteMade link/> })}
        </form>
    }
}

/// The link just made, to copy or send by e-mail.
#[component]
fn InviteMade(link: InviteLink) -> impl IntoView {
    let lang = use_lang();
    let url = format!("{}{}", origin(), link.path);
    let subject = crate::components::url::encode(t::STAFF_TITLE.get(lang));
    let mailto = format!("mailto:{}?subject={subject}&body={}", link.email, crate::components::url::encode(&url));
    view! {
        <div class="invite-made" role="status">
            <p><strong>{t::INVITE_READY.get(lang)}" "{link.email.clone()}</strong></p>
            <input id="invite-link" type="text" readonly value=url.clone() aria-label=t::INVITE_READY.get(lang)
                on:focus=|ev| select_all(&ev)/>
            <p class="hint">{t::INVITE_EXPIRES.get(lang)}" "{t::date_time(lang, link.expires)}</p>
            <p><a class="button-link" href=mailto>{t::SEND_BY_EMAIL.get(lang)}</a></p>
        </div>
    }
}

/// This site's origin (`https://civico.example`), for a link to send.
fn origin() -> String {
    #[cfg(feature = "hydrate")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return origin;
    }
    String::new()
}

/// Selects a read-only field's text, ready to copy.
fn select_all(ev: &leptos::ev::FocusEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
