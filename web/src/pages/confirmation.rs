//! "Allocation requested": the reference and what was asked for.

use leptos::prelude::*;

use super::allocation::use_allocation;
use crate::components::govuk::Panel;
use crate::components::page::{failed_view, loading_view, use_title};
use crate::forms::format;
use crate::model;
use crate::routes::{Href, Page};

/// The confirmation page.
#[component]
pub fn ConfirmationPage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let data = use_allocation(id.clone());
    use_title(|| "Allocation requested".to_owned(), || false);
    let view_href = Page::Allocation { id: id.clone() }.path();
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => failed_view(failure, data, "this allocation", None),
        Some(Ok((allocation, moves, locations))) => {
            let from = model::location_name(&locations, &allocation.from_location);
            let to = model::location_name(&locations, &allocation.to_location);
            let references: Vec<String> = moves
                .iter()
                .map(|m| m.reference.clone())
                .filter(|r| !r.is_empty())
                .collect();
            // An allocation has no reference of its own (only its 36-character id): its first
            // move's is one people can read out on the phone, and find it by.
            let your_reference = references
                .first()
                .cloned()
                .unwrap_or_else(|| allocation.id.clone());
            let list_href = crate::forms::allocation_list::ListQuery::from_pairs(
                &[
                    ("view".to_owned(), "day".to_owned()),
                    ("date".to_owned(), allocation.date.clone()),
                ],
                crate::dom::today(),
            )
            .href();
            view! {
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <Panel title="Allocation requested">
                            "Your reference"
                            <br/>
                            <strong>{your_reference}</strong>
                        </Panel>
                        <p class="govuk-body">
                            "This is the reference of its first move. Search for it, or any of its moves' references, on the allocations page."
                        </p>
                        <p class="govuk-body">
                            {format!(
                                "You requested moves for {} from {} to {} on {}.",
                                format::people(allocation.moves_count),
                                from,
                                to,
                                format::long_date_text(&allocation.date)
                            )}
                        </p>
                        {(!references.is_empty()).then(|| view! {
                            <p class="govuk-body">{format!("Move references: {}.", format::sentence(&references))}</p>
                        })}
                        <h2 class="govuk-heading-m">"What happens next"</h2>
                        <p class="govuk-body">
                            "The supplier has been sent a request for each move. The sending prison now adds the people to the allocation."
                        </p>
                        <ul class="govuk-list">
                            <li><a class="govuk-link" href=view_href.clone()>"View this allocation"</a></li>
                            <li><a class="govuk-link" href=list_href>"View allocations on this date"</a></li>
                            <li><a class="govuk-link" href=Page::AllocationNew.path()>"Create another allocation"</a></li>
                        </ul>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
