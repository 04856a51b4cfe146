//! A supplier's moves for a date.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Moves.
#[component]
pub fn MovesPage() -> impl IntoView {
    use_title(|| "Moves".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Moves"</h1> }
}
