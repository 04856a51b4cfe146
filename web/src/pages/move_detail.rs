//! One move: who, from, to, status, the actions the state machine allows, and its timeline.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Move.
#[component]
pub fn MovePage(
    /// Move id.
    id: String,
) -> impl IntoView {
    let _ = &id;
    use_title(|| "Move".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Move"</h1> }
}
