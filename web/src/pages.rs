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

use crate::components::page::{later, use_title};
use crate::routes::Page;
use crate::session::Session;

/// The page to show at `page` for `session` (signed out: the sign-in page, whatever the
/// path, so a bookmarked link works after signing in).
///
/// The create form's three steps (a PMU user's first page), the sign-in page and the small
/// pages are in the main module; every other page is a split point ([`split`], shown
/// through [`later`]): its code is fetched the first time a page of its group is shown.
pub fn render(page: Page, session: Option<Session>) -> AnyView {
    let Some(session) = session else {
        return view! { <sign_in::SignInPage/> }.into_any();
    };
    if !page.allowed(session.role) {
        return view! { <NotAllowedPage/> }.into_any();
    }
    match page {
        Page::Home => view! { <home::HomePage/> }.into_any(),
        Page::AllocationNew => allocation_new::journey(allocation_new::NewStep::Details),
        Page::AllocationNewCriteria => allocation_new::journey(allocation_new::NewStep::Criteria),
        Page::AllocationNewCheck => allocation_new::journey(allocation_new::NewStep::Check),
        Page::NotFound => view! { <NotFoundPage/> }.into_any(),
        Page::Allocations => later(split::allocations()),
        Page::AllocationConfirmation { id } => later(split::confirmation(id)),
        Page::Allocation { id } => later(split::allocation(id)),
        Page::AllocationCancel { id } => later(split::allocation_cancel(id)),
        Page::AllocationEditDate { id } => later(split::allocation_edit_date(id)),
        Page::AllocationRemoveMove { id, move_id } => {
            later(split::allocation_remove_move(id, move_id))
        }
        Page::AllocationAddPerson { id } => later(split::add_person_search(id)),
        Page::AllocationAddPersonFound { id, prison_number } => {
            later(split::add_person_found(id, prison_number))
        }
        Page::AllocationAddPersonCheck { id, prison_number } => {
            later(split::add_person_check(id, prison_number))
        }
        Page::AllocationAddPeople { id } => later(split::add_people(id)),
        Page::AllocationRemovePerson { id, move_id } => later(split::remove_person(id, move_id)),
        Page::Moves => later(split::moves()),
        Page::Move { id } => later(split::move_detail(id)),
        Page::MoveAction { id, action } => later(split::move_action(id, action)),
        Page::EventNew { id } => later(split::event_new(id)),
    }
}

/// The split points: each page behind a function the build (web/build/split.mjs) cuts
/// out of the main module. Leptos' `#[lazy]` makes one split per function; these are its
/// `wasm_split` with a module per group of pages instead, so a group is one .wasm and a
/// page of it fetches the others' code too: the allocation pages every role reads, OCA's
/// pages (adding and removing people), and the move pages (suppliers'). Code two groups (or
/// a group and core's engine, [`crate::api`]) share is in a chunk fetched with the first.
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::wasm_split;

    use super::*;
    use basm_core::forms::SupplierAction;

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn allocations() -> AnyView {
        view! { <allocations::AllocationsPage/> }.into_any()
    }

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn confirmation(id: String) -> AnyView {
        view! { <confirmation::ConfirmationPage id=id/> }.into_any()
    }

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn allocation(id: String) -> AnyView {
        view! { <allocation::AllocationPage id=id/> }.into_any()
    }

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn allocation_cancel(id: String) -> AnyView {
        view! { <allocation_cancel::AllocationCancelPage id=id/> }.into_any()
    }

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn allocation_edit_date(id: String) -> AnyView {
        view! { <allocation_edit_date::AllocationEditDatePage id=id/> }.into_any()
    }

    #[wasm_split(allocations_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn allocation_remove_move(id: String, move_id: String) -> AnyView {
        view! { <allocation_remove_move::RemoveMovePage id=id move_id=move_id/> }.into_any()
    }

    #[wasm_split(oca_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn add_person_search(id: String) -> AnyView {
        view! { <add_person::SearchPage id=id/> }.into_any()
    }

    #[wasm_split(oca_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn add_person_found(id: String, prison_number: String) -> AnyView {
        view! { <add_person::FoundPage id=id prison_number=prison_number/> }.into_any()
    }

    #[wasm_split(oca_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn add_person_check(id: String, prison_number: String) -> AnyView {
        view! { <add_person::CheckPage id=id prison_number=prison_number/> }.into_any()
    }

    #[wasm_split(oca_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn add_people(id: String) -> AnyView {
        view! { <add_people::AddPeoplePage id=id/> }.into_any()
    }

    #[wasm_split(oca_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn remove_person(id: String, move_id: String) -> AnyView {
        view! { <remove_person::RemovePersonPage id=id move_id=move_id/> }.into_any()
    }

    #[wasm_split(supplier_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn moves() -> AnyView {
        view! { <moves::MovesPage/> }.into_any()
    }

    #[wasm_split(supplier_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn move_detail(id: String) -> AnyView {
        view! { <move_detail::MovePage id=id/> }.into_any()
    }

    #[wasm_split(supplier_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn move_action(id: String, action: SupplierAction) -> AnyView {
        view! { <move_action::MoveActionPage id=id action=action/> }.into_any()
    }

    #[wasm_split(supplier_pages, wasm_split_path = ::leptos::wasm_split)]
    pub fn event_new(id: String) -> AnyView {
        view! { <event_new::EventNewPage id=id/> }.into_any()
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
