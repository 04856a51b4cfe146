//! Take a person off a place of an allocation: `PATCH /api/moves/:id` with no profile. The
//! place stays, empty, for someone else. The request and its Idempotency-Key are kept until
//! it succeeds, so a retry after a lost answer is replayed by the API.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::allocation::{allocation_title, use_allocation};
use crate::app::{Flash, use_app};
use crate::components::govuk::{BackLink, ErrorSummary, SubmitButton};
use crate::components::page::{Submission, failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::allocation_list::encode;
use crate::forms::people::{assign_request, is_removable_person};
use crate::forms::submission::Attempt;
use crate::messages::page_problem;

/// The confirm page.
#[component]
pub fn RemovePersonPage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let key = format!("basm:attempt:remove-person:{move_id}");
    let sending = Submission::default();
    let no_errors = Signal::derive(Vec::<FieldMessage>::new);
    use_title(
        || "Remove this person from the allocation".to_owned(),
        move || sending.has_problem(),
    );
    let view_href = format!("/allocations/{}", encode(&id));

    let on_submit = {
        let view_href = view_href.clone();
        let move_id = move_id.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            if sending.is_busy() {
                return;
            }
            let Some(api) = app.api() else { return };
            let (path, body) = assign_request(&move_id, None);
            let attempt = Attempt::for_body(
                dom::load::<Attempt>(false, &key).as_ref(),
                &body,
                &dom::now_iso(),
                dom::random_uuid,
            );
            dom::save(false, &key, &attempt);
            let (name, place) = data.with_untracked(|d| match d {
                Some(Ok((_, moves, _))) => moves
                    .iter()
                    .position(|m| m.id == move_id)
                    .map(|i| (moves[i].person_name.clone().unwrap_or_default(), i + 1))
                    .unwrap_or_default(),
                _ => Default::default(),
            });
            let navigate = navigate.clone();
            let view_href = view_href.clone();
            let key = key.clone();
            sending.start();
            leptos::task::spawn_local(async move {
                let result = api
                    .send(
                        "PATCH",
                        &path,
                        Some(attempt.body.clone().into_bytes()),
                        Some(&attempt.key),
                    )
                    .await;
                match result {
                    Ok(_) => {
                        sending.succeeded();
                        dom::storage_remove(false, &key);
                        let who = if name.is_empty() {
                            "Person".to_owned()
                        } else {
                            name
                        };
                        app.flash.set(Some(Flash {
                            heading: format!("{who} removed from place {place}"),
                            body: Some(
                                "The place is empty again: you can add someone else.".to_owned(),
                            ),
                        }));
                        navigate(&view_href, Default::default());
                    }
                    Err(failure) => {
                        if failure.status() == 409 {
                            dom::storage_remove(false, &key);
                        }
                        let problem =
                            page_problem(failure.status(), failure.errors(), "this person");
                        sending.failed(&failure, Some(problem));
                    }
                }
            });
        }
    };
    let busy = sending.busy();
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => {
            failed_view(failure, data, "this allocation", Some(view_href.clone()))
        }
        Some(Ok((allocation, moves, locations))) => {
            let index = moves.iter().position(|m| m.id == move_id);
            let Some(index) = index.filter(|i| is_removable_person(&moves[*i])) else {
                return view! {
                    <BackLink href=view_href.clone()/>
                    <h1 class="govuk-heading-l" tabindex="-1">"You cannot remove anyone from this place"</h1>
                    <p class="govuk-body">"The place has no person, or its move has already started."</p>
                    <p class="govuk-body"><a class="govuk-link" href=view_href.clone()>"Go back to the allocation"</a></p>
                }
                .into_any();
            };
            let m = &moves[index];
            let who = match (&m.person_name, &m.prison_number) {
                (Some(name), Some(number)) => format!("{name} ({number})"),
                (Some(name), None) => name.clone(),
                _ => "this person".to_owned(),
            };
            let submit = on_submit.clone();
            view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=no_errors problem=sending.problem/>
                        <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{format!("Remove {who} from place {}?", index + 1)}</h1>
                        <p class="govuk-body">"The place stays in the allocation, empty, so you can add someone else."</p>
                        <form novalidate on:submit=submit>
                            <div class="govuk-button-group">
                                <SubmitButton text="Remove person" busy_text="Removing person…" busy=busy warning=true/>
                                <a class="govuk-link" href=view_href.clone()>"Keep them in this place"</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
