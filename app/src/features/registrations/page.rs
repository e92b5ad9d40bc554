//! "My sign-ups": this device's registrations and what the server decided, read from the
//! device (offline too). The server cannot know them, so it renders the frame and the
//! browser fills the list in.

use super::model::{MyRegistration, MyStatus};
use crate::components::use_lang;
use crate::domain::ids::ActivityId;
use crate::domain::registration::RejectReason;
use crate::domain::text::Lang;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// The reason in plain words.
pub fn reason_text(lang: Lang, reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::UnknownSession => i18n::REASON_UNKNOWN_SESSION.get(lang),
        RejectReason::SessionCancelled => i18n::REASON_SESSION_CANCELLED.get(lang),
        RejectReason::Closed => i18n::REASON_CLOSED.get(lang),
        RejectReason::Past => i18n::REASON_PAST.get(lang),
        RejectReason::PartyTooLarge => i18n::REASON_PARTY_TOO_LARGE.get(lang),
        RejectReason::AccountInactive => i18n::REASON_ACCOUNT_INACTIVE.get(lang),
        RejectReason::Other => i18n::REASON_HUB_REFUSED.get(lang),
    }
}

/// Where a registration stands, in words: never "confirmed" before the server said so.
pub fn status_text(lang: Lang, m: &MyRegistration) -> String {
    if m.cancelling {
        return i18n::STATUS_CANCELLING.get(lang).to_string();
    }
    match m.status {
        MyStatus::Waiting => i18n::STATUS_WAITING.get(lang).to_string(),
        MyStatus::Confirmed => i18n::STATUS_CONFIRMED.get(lang).to_string(),
        MyStatus::Waitlisted => match m.position {
            Some(p) => i18n::WAITLISTED_AT.with(lang, &[("position", &p)]),
            None => i18n::STATUS_WAITLISTED.get(lang).to_string(),
        },
        MyStatus::Rejected => match m.reason {
            Some(r) => i18n::REJECTED_BECAUSE.with(lang, &[("reason", &reason_text(lang, r))]),
            None => i18n::STATUS_REJECTED.get(lang).to_string(),
        },
        MyStatus::Cancelled => i18n::STATUS_CANCELLED.get(lang).to_string(),
    }
}

fn status_class(m: &MyRegistration) -> &'static str {
    match (m.cancelling, m.status) {
        (true, _) | (_, MyStatus::Waiting) => "status status-waiting",
        (_, MyStatus::Confirmed) => "status status-confirmed",
        (_, MyStatus::Waitlisted) => "status status-waitlisted",
        (_, MyStatus::Rejected) => "status status-rejected",
        (_, MyStatus::Cancelled) => "status status-cancelled",
    }
}

#[component]
pub fn MyRegistrationsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=i18n::MINE_TITLE.get(lang)/>
        <section class="mine">
            <h1>{i18n::MINE_TITLE.get(lang)}</h1>
            <p class="lede">{i18n::MINE_INTRO.get(lang)}</p>
            <MyRegistrationList activity=None/>
        </section>
    }
}

/// The device's registrations, all or one activity's. Reloads when they change.
#[component]
pub fn MyRegistrationList(activity: Option<ActivityId>) -> impl IntoView {
    let lang = use_lang();
    let engine = crate::sync::use_sync_engine();
    // Built only once the page is mounted: the server cannot know the list, and a list
    // read from IndexedDB while the page hydrates would not match the server's HTML.
    let mounted = RwSignal::new(false);
    Effect::new(move || mounted.set(true));
    let loading = move || view! { <p class="loading" role="status">{i18n::MINE_LOADING.get(lang)}</p> };
    view! {
        <Show when=move || mounted.get() fallback=loading>
            <DeviceList activity engine/>
        </Show>
    }
}

#[component]
fn DeviceList(activity: Option<ActivityId>, engine: crate::sync::SyncEngine) -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(move || {
        let _changed = engine.mine_version();
        async move { load(activity).await }
    });
    // Only the whole list (the "my sign-ups" page) speaks of entries it cannot read.
    let whole = activity.is_none();
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{i18n::MINE_LOADING.get(lang)}</p> }>
            {move || Suspend::new(async move {
                let (all, unreadable) = list.await;
                let unreadable = if whole { unreadable } else { 0 };
                if all.is_empty() && unreadable == 0 {
                    return whole.then(|| view! { <p class="empty">{i18n::MINE_EMPTY.get(lang)}</p> }).into_any();
                }
                let (attention, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|m| m.attention.is_some());
                let unreadable = (unreadable > 0).then(|| view! {
                    <p class="attention-text unreadable">{i18n::unreadable_changes(lang, unreadable)}</p>
                });
                let attention = (!attention.is_empty() || unreadable.is_some()).then(|| view! {
                    <section class="needs-attention" aria-labelledby="attention-h">
                        <h2 id="attention-h">{i18n::NEEDS_ATTENTION.get(lang)}</h2>
                        {unreadable}
                        <ul class="my-list">{attention.into_iter().map(|m| view! { <Item m/> }).collect_view()}</ul>
                    </section>
                });
                let heading = activity.is_some().then(|| view! { <h3>{i18n::MINE_HERE.get(lang)}</h3> });
                view! {
                    {attention}
                    {heading}
                    <ul class="my-list">{rest.into_iter().map(|m| view! { <Item m/> }).collect_view()}</ul>
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn Item(m: MyRegistration) -> impl IntoView {
    let lang = use_lang();
    let when = format!("{}, {}", i18n::date_long(lang, m.session.start.date()), i18n::time_span(m.session.start.time(), m.end.time()));
    let changed = (m.reason == Some(RejectReason::SessionCancelled) && m.is_live())
        .then(|| view! { <p class="session-changed"><strong>{i18n::SESSION_CHANGED.get(lang)}</strong></p> });
    let id = m.id;
    let cancel = m.can_cancel().then(|| {
        view! {
            <button type="button" class="button-secondary" on:click=move |_| act(Act::Cancel, id)>
                {i18n::CANCEL_SIGN_UP.get(lang)}
            </button>
        }
    });
    let attention = m.attention.clone().map(|why| {
        // Plain words for the person; the server's own words (English, technical) after them.
        let (said, detail) = if why == super::model::ATTENTION_CONFLICT {
            (i18n::ATTENTION_CONFLICT.get(lang), None)
        } else {
            (i18n::ATTENTION_REFUSED.get(lang), Some(why))
        };
        view! {
            <p class="attention-text">{said}</p>
            {detail.map(|d| view! { <p class="hint attention-detail" lang="en">{d}</p> })}
            <button type="button" class="button-secondary" on:click=move |_| act(Act::Dismiss, id)>{i18n::DISMISS.get(lang)}</button>
        }
    });
    view! {
        <li class="my-registration" data-id=m.id.to_string()>
            <p class="my-title"><a href=format!("/activities/{}", m.session.activity)>{m.activity_title.get(lang).to_string()}</a></p>
            <p><time datetime=crate::domain::time::iso_minutes(m.session.start)>{when}</time>" · "{m.hub_name.get(lang).to_string()}</p>
            <p>{m.name.clone()}" · "{i18n::N_PEOPLE.of(lang, m.party.into())}</p>
            <p class=status_class(&m)>{status_text(lang, &m)}</p>
            {changed}
            {attention}
            {cancel}
        </li>
    }
}

#[derive(Clone, Copy)]
enum Act {
    Cancel,
    Dismiss,
}

/// Cancels or dismisses on the device, then tells the engine.
fn act(what: Act, id: crate::domain::mutation_id::MutationId) {
    #[cfg(feature = "hydrate")]
    {
        let engine = crate::sync::use_sync_engine();
        leptos::task::spawn_local(async move {
            let Ok(replica) = crate::sync::replica::Replica::open().await else { return };
            let done = match what {
                Act::Cancel => replica.cancel(id).await,
                Act::Dismiss => replica.dismiss(id).await,
            };
            replica.close();
            match (done, what) {
                (Ok(()), Act::Cancel) => engine.note_local_change(),
                (Ok(()), Act::Dismiss) => engine.note_dismissed(),
                (Err(e), _) => leptos::logging::warn!("not saved on this device: {e}"),
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (what, id);
}

/// The device's registrations, and how many outbox entries this version cannot read
/// (none on the server, which cannot know them).
async fn load(activity: Option<ActivityId>) -> (Vec<MyRegistration>, u32) {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::mutation::Envelope;
        let Ok(replica) = crate::sync::replica::Replica::open().await else { return (Vec::new(), 0) };
        let all = replica.my_registrations().await.unwrap_or_default();
        let unreadable = replica.outbox_entries::<Envelope>().await.map(|o| o.unreadable).unwrap_or_default();
        replica.close();
        (all.into_iter().filter(|m| activity.is_none_or(|a| m.session.activity == a)).collect(), unreadable)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = activity;
        (Vec::new(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_says_what_the_server_said_and_nothing_more() {
        let mut m = crate::features::registrations::model::tests::sample();
        assert_eq!(status_text(Lang::It, &m), "In attesa di invio");
        m.status = MyStatus::Waitlisted;
        m.position = Some(2);
        assert_eq!(status_text(Lang::En, &m), "On the waiting list, position 2");
        m.status = MyStatus::Rejected;
        m.reason = Some(RejectReason::Past);
        assert_eq!(status_text(Lang::It, &m), "Non accettata: l'incontro è già iniziato");
        m.cancelling = true;
        assert_eq!(status_text(Lang::En, &m), "Cancellation waiting to send");
    }
}
