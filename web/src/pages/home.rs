//! The home page of the signed-in role.

use leptos::prelude::*;

use crate::components::page::use_title;
use crate::forms::allocation_list::Period;
use crate::routes::Page;
use crate::session::Role;
use crate::state::use_app;

/// Home: what this role can do here.
#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    use_title(|| "Home".to_owned(), || false);
    let session = app.session.get_untracked();
    let name = session.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let role = session.map(|s| s.role).unwrap_or(Role::Pmu);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{name}</span>
                <h1 class="govuk-heading-xl" tabindex="-1">"Book a secure move"</h1>
                {match role {
                    Role::Pmu => view! {
                        <p class="govuk-body-l">"Request moves of people between prisons, in groups called allocations."</p>
                        <a href=Page::AllocationNew.path() role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">
                            "Create an allocation"
                            <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                            </svg>
                        </a>
                        <h2 class="govuk-heading-m">"Allocations"</h2>
                        <ul class="govuk-list">
                            <li><a class="govuk-link" href=Page::Allocations.path()>"Allocations this week"</a></li>
                            <li><a class="govuk-link" href=Page::Allocations.with_query(&Period::Day.query())>"Allocations today"</a></li>
                        </ul>
                    }
                    .into_any(),
                    Role::Oca => view! {
                        <p class="govuk-body-l">"Fill allocations with the people who are moving: find each person by prison number, check their risk and health information, and add them to a place."</p>
                        <ul class="govuk-list">
                            <li><a class="govuk-link" href=Page::Allocations.path()>"Allocations this week"</a></li>
                            <li><a class="govuk-link" href=Page::Allocations.with_query(&Period::Day.query())>"Allocations today"</a></li>
                        </ul>
                    }
                    .into_any(),
                    Role::Supplier => view! {
                        <p class="govuk-body-l">"See the moves you are booked to do, record when each is accepted, started and completed, and record what happens on the way."</p>
                        <ul class="govuk-list">
                            <li><a class="govuk-link" href=Page::Moves.path()>"Moves today"</a></li>
                            <li><a class="govuk-link" href=Page::Allocations.path()>"Allocations this week"</a></li>
                        </ul>
                    }
                    .into_any(),
                }}
            </div>
        </div>
    }
}
