//! One move: who, from, to, status, the actions the state machine allows, and its timeline.
//!
//! A stand-in: the move page proper is built on another branch; this one shows what the
//! event composer needs (the link to it, the success banner and the timeline).

use leptos::prelude::*;

use crate::app::use_app;
use crate::components::govuk::NotificationBanner;
use crate::components::page::use_title;
use crate::components::timeline::Timeline;
use crate::forms::allocation_list::encode;

/// Move.
#[component]
pub fn MovePage(
    /// Move id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let flash = app.flash.get_untracked();
    app.flash.set(None);
    use_title(|| "Move".to_owned(), || false);
    let record = format!("/moves/{}/events/new", encode(&id));
    view! {
        {flash.map(|f| view! { <NotificationBanner success=true heading=f.heading body=f.body.unwrap_or_default()/> })}
        <h1 class="govuk-heading-l" tabindex="-1">"Move"</h1>
        <p class="govuk-body"><a class="govuk-link" href=record>"Record an event"</a></p>
        <Timeline move_id=id/>
    }
}
