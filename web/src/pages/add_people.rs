//! OCA bulk mode: paste several prison numbers, see which can be added, add them all.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Add people.
#[component]
pub fn AddPeoplePage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let _ = &id;
    use_title(|| "Add people".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Add people"</h1> }
}
