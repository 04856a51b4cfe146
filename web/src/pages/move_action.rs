//! Record that a move was accepted, started, completed or cancelled.

use leptos::prelude::*;

use crate::components::page::use_title;

/// Record a move action.
#[component]
pub fn MoveActionPage(
    /// Move id.
    id: String,
    /// The action.
    action: basm_core::forms::SupplierAction,
) -> impl IntoView {
    let _ = &id;
    let _ = &action;
    use_title(|| "Record a move action".to_owned(), || false);
    view! { <h1 class="govuk-heading-l" tabindex="-1">"Record a move action"</h1> }
}
