//! OCA adds one person to an allocation: prison number → the person found → the risk and
//! health answers → profile created and assigned to the next empty place.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Step 1: the prison number.
#[component]
pub fn SearchPage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let _ = &id;
    use_title(|| "Add a person".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Add a person"</h1> }
}

/// Step 2: the person found.
#[component]
pub fn FoundPage(
    /// Allocation id.
    id: String,
    /// Prison number.
    prison_number: String,
) -> impl IntoView {
    let _ = (&id, &prison_number);
    use_title(|| "Is this the person?".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Is this the person?"</h1> }
}

/// Step 3: check the answers, add the person.
#[component]
pub fn CheckPage(
    /// Allocation id.
    id: String,
    /// Prison number.
    prison_number: String,
) -> impl IntoView {
    let _ = (&id, &prison_number);
    use_title(|| "Check".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Check"</h1> }
}
