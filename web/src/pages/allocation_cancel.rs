//! Cancel an allocation, with a reason.

use basm_core::forms::Form;
use basm_core::forms::ids;
use basm_core::forms::{ALLOCATION_CANCELLATION_REASONS, AllocationCancelInput, allocation_cancel};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::allocation::{allocation_title, is_editable, not_editable_view, use_allocation};
use crate::components::govuk::{
    BackLink, ErrorSummary, RadioOption, Radios, SubmitButton, Textarea,
};
use crate::components::page::{
    failed_view, loading_view, sent, use_core_check, use_saved_draft, use_title,
};
use crate::dom;
use crate::forms::FormState;
use crate::forms::errors::message_for;
use crate::forms::format;
use crate::routes::Page;
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Request, Submit};
use crate::url::encode;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct CancelDraft {
    input: AllocationCancelInput,
    form: FormState,
}

/// The cancel page.
#[component]
pub fn AllocationCancelPage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let key = format!("basm:draft:cancel:{id}");
    let draft = use_saved_draft(key.clone(), CancelDraft::default);
    let sending = Submit::new(format!("basm:attempt:cancel:{id}"));
    let client =
        use_core_check(move || draft.with(|d| allocation_cancel(&d.input, "2000-01-01T00:00:00Z")));
    let shown = Memo::new(move |_| {
        draft.with(|d| {
            d.form
                .visible(&client.get(), &Form::AllocationCancel.order(""))
        })
    });
    use_title(
        || "Cancel this allocation".to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let id_path = encode(&id);
    let view_href = Page::Allocation { id: id.clone() }.path();

    let on_submit = {
        let view_href = view_href.clone();
        let key = key.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            draft.update(|d| d.form.submit());
            let Ok(document) =
                draft.with_untracked(|d| allocation_cancel(&d.input, &dom::now_iso()))
            else {
                return sending.invalid();
            };
            let Some(api) = app.api() else { return };
            let request = Request::new("POST", document.path(&id_path), Some(document.to_body()));
            let refusal = Refusal::form(Form::AllocationCancel, "", "this allocation")
                .onto(move |server| draft.update(|d| d.form.server = server));
            let navigate = navigate.clone();
            let (view_href, key) = (view_href.clone(), key.clone());
            sending.send(api, request, refusal, move |_| {
                let flash = Flash {
                    heading: "Allocation cancelled".to_owned(),
                    body: Some(
                        "The supplier has been told that its moves are cancelled.".to_owned(),
                    ),
                };
                sent(app, &key, flash, &navigate, &view_href);
                Ok(())
            });
        }
    };

    let reasons = move || {
        ALLOCATION_CANCELLATION_REASONS
        .iter()
        .map(|reason| {
            let option = RadioOption::new(reason.as_str(), format::cancellation_reason(reason.as_str()));
            if reason.as_str() == "other" {
                option.reveal(move || {
                    view! {
                        <Textarea
                            id=ids::CANCELLATION_REASON_COMMENT
                            label="Why are you cancelling it?"
                            rows=3
                            value=Signal::derive(move || draft.with(|d| d.input.cancellation_reason_comment.clone()))
                            on_input=Callback::new(move |v| draft.update(|d| {
                                d.input.cancellation_reason_comment = v;
                                d.form.changed(ids::CANCELLATION_REASON_COMMENT);
                            }))
                            error=Signal::derive(move || shown.with(|s| message_for(s, ids::CANCELLATION_REASON_COMMENT).map(|m| m.message.clone())))
                        />
                    }
                    .into_any()
                })
            } else {
                option
            }
        })
        .collect::<Vec<_>>()
    };
    let busy = sending.busy();
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => {
            failed_view(failure, data, "this allocation", Some(view_href.clone()))
        }
        Some(Ok((allocation, moves, locations))) => {
            if !is_editable(&allocation, &moves) {
                return not_editable_view(
                    "You cannot cancel this allocation",
                    &allocation,
                    view_href.clone(),
                );
            }
            let options = reasons();
            let submit = on_submit.clone();
            let title = allocation_title(&allocation, &locations);
            view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{title}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">"Cancel this allocation"</h1>
                        <p class="govuk-body">"All its moves are cancelled too, and the supplier is told. You cannot undo this."</p>
                        <form novalidate on:submit=submit>
                            <Radios
                                name=ids::CANCELLATION_REASON
                                legend="Why are you cancelling this allocation?"
                                legend_class="govuk-fieldset__legend--m"
                                options=options
                                value=Signal::derive(move || draft.with(|d| d.input.cancellation_reason.clone()))
                                on_change=Callback::new(move |v| draft.update(|d| {
                                    d.input.cancellation_reason = v;
                                    d.form.changed(ids::CANCELLATION_REASON);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::CANCELLATION_REASON).map(|m| m.message.clone())))
                            />
                            <div class="govuk-button-group">
                                <SubmitButton text="Cancel allocation" busy_text="Cancelling allocation…" busy=busy warning=true/>
                                <a class="govuk-link" href=view_href.clone()>"Keep this allocation"</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
