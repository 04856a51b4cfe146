//! Record that a move was accepted, started, completed or cancelled.

use basm_core::forms::Form;
use basm_core::forms::ids;
use basm_core::forms::{MoveActionInput, SupplierAction, move_action, move_action_date_warning};
use basm_core::time::parse_iso_date;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::move_detail::{move_title, use_move};
use crate::components::govuk::{
    BackLink, DateFields, ErrorSummary, RadioOption, Radios, SubmitButton, TextInput, Textarea,
    WarningText,
};
use crate::components::page::{failed_view, loading_view, sent, use_core_check, use_title};
use crate::dom;
use crate::forms::FormState;
use crate::forms::errors::{message_for, set_date_part};
use crate::forms::format;
use crate::forms::moves::{
    Availability, already_done, availability, cancellation_reason, cancellation_reasons, prefilled,
    refusal, words,
};
use crate::routes::{Page, action_segment};
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Request, Submit};
use crate::url::encode;

/// What is typed, kept in `localStorage` so a reload or a failure loses nothing (the
/// submission's Idempotency-Key is kept beside it, at `<key>:attempt`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct ActionDraft {
    input: MoveActionInput,
    form: FormState,
}

/// Record a move action.
#[component]
pub fn MoveActionPage(
    /// Move id.
    id: String,
    /// The action.
    action: SupplierAction,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_move(id.clone());
    let w = words(action);
    let key = format!("basm:draft:move-action:{id}:{}", action_segment(action));
    let draft =
        RwSignal::new(
            dom::load::<ActionDraft>(false, &key).unwrap_or_else(|| ActionDraft {
                input: prefilled(dom::now_seconds()),
                ..ActionDraft::default()
            }),
        );
    {
        // Saved from the first change on: a form only opened keeps no stale prefilled time.
        let key = key.clone();
        Effect::new(move |previous: Option<()>| {
            draft.with(|d| {
                if previous.is_some() {
                    dom::save(false, &key, d);
                }
            });
        });
    }
    let today = dom::today();
    let attempt_key = format!("{key}:attempt");
    let sending = Submit::new(attempt_key.clone());
    let client = use_core_check(move || draft.with(|d| move_action(action, &d.input, today)));
    let shown = Memo::new(move |_| {
        draft.with(|d| d.form.visible(&client.get(), &Form::MoveAction.order("")))
    });
    use_title(
        move || w.title.to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let id_path = encode(&id);
    let view_href = Page::Move { id: id.clone() }.path();

    let on_submit = {
        let view_href = view_href.clone();
        let key = key.clone();
        let id_path = id_path.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            draft.update(|d| d.form.submit());
            let Ok(document) = draft.with_untracked(|d| move_action(action, &d.input, today))
            else {
                return sending.invalid();
            };
            let Some(api) = app.api() else { return };
            let request = Request::new("POST", document.path(&id_path), Some(document.to_body()));
            let refusal = Refusal::form(Form::MoveAction, "", "this move")
                .onto(move |server| draft.update(|d| d.form.server = server));
            let navigate = navigate.clone();
            let (view_href, key) = (view_href.clone(), key.clone());
            sending.send(api, request, refusal, move |_| {
                let flash = Flash {
                    heading: w.done.to_owned(),
                    body: None,
                };
                sent(app, &key, flash, &navigate, &view_href);
                Ok(())
            });
        }
    };

    let reasons = move || {
        cancellation_reasons()
            .into_iter()
            .map(|r| RadioOption::new(r, cancellation_reason(r)))
            .collect::<Vec<_>>()
    };
    let busy = sending.busy();
    let example = today;
    let text_error = move |field: &'static str| {
        Signal::derive(move || shown.with(|s| message_for(s, field).map(|m| m.message.clone())))
    };
    move || {
        match data.get() {
            None => loading_view("Loading the move"),
            Some(Err(failure)) => failed_view(failure, data, "this move", Some(view_href.clone())),
            Some(Ok(found)) => {
                let title = move_title(&found);
                if already_done(&found.status, action) {
                    // Nothing left to send: an earlier try whose answer was lost did arrive.
                    dom::storage_remove(false, &key);
                    dom::storage_remove(false, &attempt_key);
                    return view! {
                    <BackLink href=view_href.clone()/>
                    <span class="govuk-caption-l">{title}</span>
                    <h1 class="govuk-heading-l" tabindex="-1">{format!("This move has already been {}", w.past)}</h1>
                    <p class="govuk-body">"There is nothing more to send. If you tried before and did not get an answer, your request did arrive."</p>
                    <p class="govuk-body"><a class="govuk-link" href=view_href.clone()>"Go to the move"</a></p>
                }
                .into_any();
                }
                // Offered only when core would accept it, given what this page knows of the move.
                let why = match availability(&found.id, &found.facts, action, dom::now_seconds()) {
                    Availability::Offered => None,
                    Availability::NotNext => Some(refusal(&found.status, action)),
                    Availability::Refused(reason) => Some(format!("{reason}.")),
                };
                if let Some(why) = why {
                    return view! {
                    <BackLink href=view_href.clone()/>
                    <span class="govuk-caption-l">{title}</span>
                    <h1 class="govuk-heading-l" tabindex="-1">{format!("You cannot {} this move", w.verb.to_lowercase())}</h1>
                    <p class="govuk-body">{why}</p>
                    <p class="govuk-body">{format!("Its status is {}.", format::move_status(&found.status).to_lowercase())}</p>
                    <p class="govuk-body"><a class="govuk-link" href=view_href.clone()>"Go back to the move"</a></p>
                }
                .into_any();
                }
                let submit = on_submit.clone();
                let summary = format!(
                    "{}, from {} to {} on {}.",
                    found.person(),
                    if found.from.is_empty() {
                        "somewhere not given"
                    } else {
                        &found.from
                    },
                    if found.to.is_empty() {
                        "somewhere not given"
                    } else {
                        &found.to
                    },
                    format::long_date_text(&found.date)
                );
                let cancel = action == SupplierAction::Cancel;
                let move_date = found.date.get(..10).and_then(parse_iso_date);
                view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{title}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{w.title}</h1>
                        <p class="govuk-body">{summary}</p>
                        <form novalidate on:submit=submit>
                            <h2 class="govuk-heading-m">{w.when}</h2>
                            <DateFields
                                id=ids::DATE
                                legend="Date"
                                legend_class="govuk-fieldset__legend--s"
                                hint=format!("For example, {} {} {}", example.day, example.month, example.year)
                                value=Signal::derive(move || draft.with(|d| d.input.date.clone()))
                                on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| {
                                    set_date_part(&mut d.input.date, part, v);
                                    d.form.changed(ids::DATE);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::DATE).cloned()))
                            />
                            // Flagged, never refused: a start or completion dated far from the move.
                            <div id="date-warning" aria-live="polite">
                                {move || move_date.and_then(|on| draft.with(|d| move_action_date_warning(action, &d.input.date, on)))
                                    .map(|text| view! { <WarningText text=text/> })}
                            </div>
                            <TextInput
                                id=ids::TIME
                                label="Time"
                                label_class="govuk-label--s"
                                hint="Use the 24-hour clock, for example 14:30"
                                width="govuk-input--width-5"
                                spellcheck=false
                                value=Signal::derive(move || draft.with(|d| d.input.time.clone()))
                                on_input=Callback::new(move |v| draft.update(|d| {
                                    d.input.time = v;
                                    d.form.changed(ids::TIME);
                                }))
                                error=text_error(ids::TIME)
                            />
                            {cancel.then(|| view! {
                                <Radios
                                    name=ids::CANCELLATION_REASON
                                    legend="Why was the move cancelled?"
                                    legend_class="govuk-fieldset__legend--m"
                                    small=true
                                    options=reasons()
                                    value=Signal::derive(move || draft.with(|d| d.input.cancellation_reason.clone()))
                                    on_change=Callback::new(move |v| draft.update(|d| {
                                        d.input.cancellation_reason = v;
                                        d.form.changed(ids::CANCELLATION_REASON);
                                    }))
                                    error=text_error(ids::CANCELLATION_REASON)
                                />
                                <Textarea
                                    id=ids::CANCELLATION_REASON_COMMENT
                                    label="More about why (optional)"
                                    rows=3
                                    value=Signal::derive(move || draft.with(|d| d.input.cancellation_reason_comment.clone()))
                                    on_input=Callback::new(move |v| draft.update(|d| {
                                        d.input.cancellation_reason_comment = v;
                                        d.form.changed(ids::CANCELLATION_REASON_COMMENT);
                                    }))
                                    error=text_error(ids::CANCELLATION_REASON_COMMENT)
                                />
                            })}
                            <Textarea
                                id=ids::NOTES
                                label="Notes (optional)"
                                hint="For example, van on the way"
                                rows=3
                                value=Signal::derive(move || draft.with(|d| d.input.notes.clone()))
                                on_input=Callback::new(move |v| draft.update(|d| {
                                    d.input.notes = v;
                                    d.form.changed(ids::NOTES);
                                }))
                                error=text_error(ids::NOTES)
                            />
                            <div class="govuk-button-group">
                                <SubmitButton text=format!("{} move", w.verb) busy_text=w.busy busy=busy warning=cancel/>
                                <a class="govuk-link" href=view_href.clone()>"Go back without saving"</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
            }
        }
    }
}
