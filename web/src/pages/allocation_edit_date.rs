//! Change the date of an allocation (and of all its moves), with a reason.

use basm_core::forms::Form;
use basm_core::forms::ids;
use basm_core::forms::{AllocationChangeDateInput, DATE_CHANGED_REASONS, allocation_change_date};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::allocation::{allocation_title, is_editable, not_editable_view, use_allocation};
use crate::components::govuk::{
    BackLink, DateFields, ErrorSummary, RadioOption, Radios, SubmitButton, WarningText,
};
use crate::components::page::{
    failed_view, loading_view, sent, use_core_check, use_saved_draft, use_title,
};
use crate::dom;
use crate::forms::FormState;
use crate::forms::errors::{message_for, set_date_part};
use crate::forms::format;
use crate::routes::Page;
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Request, Submit};
use crate::url::encode;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct ChangeDateDraft {
    input: AllocationChangeDateInput,
    form: FormState,
}

/// The change-date page.
#[component]
pub fn AllocationEditDatePage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let key = format!("basm:draft:edit-date:{id}");
    let draft = use_saved_draft(key.clone(), ChangeDateDraft::default);
    let today = dom::today();
    let sending = Submit::new(format!("basm:attempt:edit-date:{id}"));
    let id_path = encode(&id);
    let client = {
        let id_path = id_path.clone();
        use_core_check(move || draft.with(|d| allocation_change_date(&id_path, &d.input, today)))
    };
    let shown = Memo::new(move |_| {
        draft.with(|d| {
            d.form
                .visible(&client.get(), &Form::AllocationChangeDate.order(""))
        })
    });
    use_title(
        || "Change the date of this allocation".to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let view_href = Page::Allocation { id: id.clone() }.path();

    let on_submit = {
        let view_href = view_href.clone();
        let key = key.clone();
        let id = id.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            draft.update(|d| d.form.submit());
            let Ok(document) =
                draft.with_untracked(|d| allocation_change_date(&id, &d.input, today))
            else {
                return sending.invalid();
            };
            let Some(api) = app.api() else { return };
            let request = Request::new(
                "PATCH",
                document.path(&encode(&id)),
                Some(document.to_body()),
            );
            let refusal = Refusal::form(Form::AllocationChangeDate, "", "this allocation")
                .onto(move |server| draft.update(|d| d.form.server = server));
            let navigate = navigate.clone();
            let (view_href, key) = (view_href.clone(), key.clone());
            sending.send(api, request, refusal, move |_| {
                let date = document
                    .data
                    .attributes
                    .date
                    .as_ref()
                    .map(|d| format::long_date_text(&d.0))
                    .unwrap_or_default();
                let flash = Flash {
                    heading: format!("Date changed to {date}"),
                    body: Some("Every move in the allocation now has the new date, and the supplier has been told.".to_owned()),
                };
                sent(app, &key, flash, &navigate, &view_href);
                Ok(())
            });
        }
    };
    let reasons = move || {
        DATE_CHANGED_REASONS
            .iter()
            .map(|r| RadioOption::new(r, format::date_changed_reason(r)))
            .collect::<Vec<_>>()
    };
    let busy = sending.busy();
    let example = today.add_days(14);
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => {
            failed_view(failure, data, "this allocation", Some(view_href.clone()))
        }
        Some(Ok((allocation, moves, locations))) => {
            if !is_editable(&allocation, &moves) {
                return not_editable_view(
                    "You cannot change the date of this allocation",
                    &allocation,
                    view_href.clone(),
                );
            }
            let submit = on_submit.clone();
            let title = allocation_title(&allocation, &locations);
            let current = format::long_date_text(&allocation.date);
            view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{title}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">"Change the date of this allocation"</h1>
                        <p class="govuk-body">{format!("The date is now {current}. Every move in the allocation will get the new date.")}</p>
                        <WarningText text="If the new date is today, also phone the supplier to tell them."/>
                        <form novalidate on:submit=submit>
                            <DateFields
                                id=ids::DATE
                                legend="New date"
                                legend_class="govuk-fieldset__legend--m"
                                hint=format!("For example, {} {} {}", example.day, example.month, example.year)
                                value=Signal::derive(move || draft.with(|d| d.input.date.clone()))
                                on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| {
                                    set_date_part(&mut d.input.date, part, v);
                                    d.form.changed(ids::DATE);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::DATE).cloned()))
                            />
                            <Radios
                                name=ids::DATE_CHANGED_REASON
                                legend="Why is the date changing?"
                                legend_class="govuk-fieldset__legend--m"
                                options=reasons()
                                value=Signal::derive(move || draft.with(|d| d.input.date_changed_reason.clone()))
                                on_change=Callback::new(move |v| draft.update(|d| {
                                    d.input.date_changed_reason = v;
                                    d.form.changed(ids::DATE_CHANGED_REASON);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::DATE_CHANGED_REASON).map(|m| m.message.clone())))
                            />
                            <div class="govuk-button-group">
                                <SubmitButton text="Change date" busy_text="Changing date…" busy=busy/>
                                <a class="govuk-link" href=view_href.clone()>"Cancel"</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
