//! Remove an empty place: cancels that one move (reason `other`, "Cancelled by PMU"), as
//! the real service does. The request and its Idempotency-Key are kept until it succeeds,
//! so a retry after a lost answer is replayed by the API, never applied twice.

use basm_core::documents::MoveAction;
use basm_core::values::CancellationReason;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::allocation::{allocation_title, is_editable, use_allocation};
use crate::app::{Flash, use_app};
use crate::components::govuk::{BackLink, ErrorSummary, SubmitButton};
use crate::components::page::{Submission, failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::allocation_list::encode;
use crate::forms::failures::apply_failure;
use crate::forms::pointers::FormKind;
use crate::forms::submission::Attempt;

/// The confirm page.
#[component]
pub fn RemoveMovePage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let key = format!("basm:attempt:remove:{move_id}");
    let sending = Submission::default();
    let no_errors = Signal::derive(Vec::<FieldMessage>::new);
    use_title(
        || "Remove a place from this allocation".to_owned(),
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
            // The same body and key for every retry of this removal.
            let attempt = dom::load::<Attempt>(false, &key).unwrap_or_else(|| {
                let document = MoveAction::cancel(&dom::now_iso(), CancellationReason::Other)
                    .with_comment("Cancelled by PMU");
                let body = String::from_utf8_lossy(&document.to_body()).into_owned();
                Attempt::for_body(None, &body, &dom::now_iso(), dom::random_uuid)
            });
            dom::save(false, &key, &attempt);
            let path = format!("/api/moves/{}/cancel", encode(&move_id));
            let navigate = navigate.clone();
            let view_href = view_href.clone();
            let key = key.clone();
            sending.start();
            leptos::task::spawn_local(async move {
                let result = api
                    .send(
                        "POST",
                        &path,
                        Some(attempt.body.clone().into_bytes()),
                        Some(&attempt.key),
                    )
                    .await;
                match result {
                    Ok(_) => {
                        sending.succeeded();
                        dom::storage_remove(false, &key);
                        app.flash.set(Some(Flash {
                            heading: "Place removed".to_owned(),
                            body: Some("The allocation has one place fewer, and the supplier has been told.".to_owned()),
                        }));
                        navigate(&view_href, Default::default());
                    }
                    Err(failure) => {
                        if failure.status() == 409 {
                            dom::storage_remove(false, &key);
                        }
                        let mut form = Default::default();
                        let page = apply_failure(
                            &failure,
                            FormKind::RemoveMove,
                            "",
                            &mut form,
                            "this place",
                        )
                        .or_else(|| {
                            Some(crate::messages::page_problem(
                                failure.status(),
                                failure.errors(),
                                "this place",
                            ))
                        });
                        sending.failed(&failure, page);
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
            let place = moves.iter().position(|m| m.id == move_id);
            let removable = place.is_some_and(|i| moves[i].is_removable())
                && moves.len() > 1
                && is_editable(&allocation, &moves);
            if !removable {
                return view! {
                    <BackLink href=view_href.clone()/>
                    <h1 class="govuk-heading-l" tabindex="-1">"You cannot remove this place"</h1>
                    <p class="govuk-body">
                        "Only an empty place can be removed, while the allocation has more than one place and none of its moves has started."
                    </p>
                    <p class="govuk-body"><a class="govuk-link" href=view_href.clone()>"Go back to the allocation"</a></p>
                }
                .into_any();
            }
            let place = place.map(|i| i + 1).unwrap_or(1);
            let reference = moves
                .iter()
                .find(|m| m.id == move_id)
                .map(|m| m.reference.clone())
                .unwrap_or_default();
            let count = moves.len();
            let submit = on_submit.clone();
            view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=no_errors problem=sending.problem/>
                        <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{format!("Remove place {place} from this allocation?")}</h1>
                        <p class="govuk-body">
                            {format!(
                                "The allocation will be for {} instead of {count}. The move {reference} is cancelled and the supplier is told.",
                                crate::forms::format::people(u32::try_from(count - 1).unwrap_or(0))
                            )}
                        </p>
                        <form novalidate on:submit=submit>
                            <div class="govuk-button-group">
                                <SubmitButton text="Remove place" busy_text="Removing place…" busy=busy warning=true/>
                                <a class="govuk-link" href=view_href.clone()>"Keep this place"</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
