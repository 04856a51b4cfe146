//! The event composer: any postable event about a move or one of its journeys, its form generated from core's event table.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Record an event.
#[component]
pub fn EventNewPage(
    /// Move id.
    id: String,
) -> impl IntoView {
    let _ = &id;
    use_title(|| "Record an event".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Record an event"</h1> }
}
