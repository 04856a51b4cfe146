//! One component per page; [`render`] picks the page for a path and a session.

pub mod add_people;
pub mod add_person;
pub mod allocation;
pub mod allocation_cancel;
pub mod allocation_edit_date;
pub mod allocation_new;
pub mod allocation_remove_move;
pub mod allocations;
pub mod confirmation;
pub mod event_new;
pub mod home;
pub mod move_action;
pub mod move_detail;
pub mod moves;
pub mod place_change;
pub mod remove_person;
pub mod sign_in;

use leptos::prelude::*;

use crate::components::page::use_title;
use crate::routes::Page;
use crate::session::Session;

/// The page to show at `page` for `session` (signed out: the sign-in page, whatever the
/// path, so a bookmarked link works after signing in).
pub fn render(page: Page, session: Option<Session>) -> AnyView {
    let Some(session) = session else {
        return view! { <sign_in::SignInPage/> }.into_any();
    };
    if !page.allowed(session.role) {
        return view! { <NotAllowedPage/> }.into_any();
    }
    match page {
        Page::Home => view! { <home::HomePage/> }.into_any(),
        Page::Allocations => view! { <allocations::AllocationsPage/> }.into_any(),
        Page::AllocationNew => view! { <allocation_new::DetailsPage/> }.into_any(),
        Page::AllocationNewCriteria => view! { <allocation_new::CriteriaPage/> }.into_any(),
        Page::AllocationNewCheck => view! { <allocation_new::CheckPage/> }.into_any(),
        Page::AllocationConfirmation { id } => {
            view! { <confirmation::ConfirmationPage id=id/> }.into_any()
        }
        Page::Allocation { id } => view! { <allocation::AllocationPage id=id/> }.into_any(),
        Page::AllocationCancel { id } => {
            view! { <allocation_cancel::AllocationCancelPage id=id/> }.into_any()
        }
        Page::AllocationEditDate { id } => {
            view! { <allocation_edit_date::AllocationEditDatePage id=id/> }.into_any()
        }
        Page::AllocationRemoveMove { id, move_id } => {
            view! { <allocation_remove_move::RemoveMovePage id=id move_id=move_id/> }.into_any()
        }
        Page::AllocationAddPerson { id } => view! { <add_person::SearchPage id=id/> }.into_any(),
        Page::AllocationAddPersonFound { id, prison_number } => {
            view! { <add_person::FoundPage id=id prison_number=prison_number/> }.into_any()
        }
        Page::AllocationAddPersonCheck { id, prison_number } => {
            view! { <add_person::CheckPage id=id prison_number=prison_number/> }.into_any()
        }
        Page::AllocationAddPeople { id } => view! { <add_people::AddPeoplePage id=id/> }.into_any(),
        Page::AllocationRemovePerson { id, move_id } => {
            view! { <remove_person::RemovePersonPage id=id move_id=move_id/> }.into_any()
        }
        Page::Moves => view! { <moves::MovesPage/> }.into_any(),
        Page::Move { id } => view! { <move_detail::MovePage id=id/> }.into_any(),
        Page::MoveAction { id, action } => {
            view! { <move_action::MoveActionPage id=id action=action/> }.into_any()
        }
        Page::EventNew { id } => view! { <event_new::EventNewPage id=id/> }.into_any(),
        Page::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

/// Page not found.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_title(|| "Page not found".to_owned(), || false);
    view! {
        <h1 class="govuk-heading-l" tabindex="-1">"Page not found"</h1>
        <p class="govuk-body">"If you typed the web address, check it is correct."</p>
        <p class="govuk-body">"If you pasted the web address, check you copied the entire address."</p>
        <p class="govuk-body"><a class="govuk-link" href=Page::Allocations.path()>"Go to allocations"</a></p>
    }
}

/// A page the role may not open.
#[component]
pub fn NotAllowedPage() -> impl IntoView {
    use_title(|| "You cannot use this page".to_owned(), || false);
    view! {
        <h1 class="govuk-heading-l" tabindex="-1">"You cannot use this page"</h1>
        <p class="govuk-body">"Population Management Unit (PMU) users create and change allocations, OCA users fill them with people, and suppliers record moves. Sign in with the role that does this."</p>
        <p class="govuk-body"><a class="govuk-link" href=Page::Allocations.path()>"Go to allocations"</a></p>
    }
}
