//! Take a person off a place of an allocation.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Remove person.
#[component]
pub fn RemovePersonPage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
) -> impl IntoView {
    let _ = &id;
    let _ = &move_id;
    use_title(|| "Remove person".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Remove person"</h1> }
}
