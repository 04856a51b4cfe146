//! A confirm page about one place of an allocation ("Remove place 2?", "Remove this person
//! from place 1?"): the allocation is loaded, the change is refused with a reason when it
//! cannot be made, else one request is sent on confirmation. The request and its
//! Idempotency-Key are kept until it succeeds, so a retry after a lost answer is replayed by
//! the API, never applied twice.

use basm_core::forms::Form;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::allocation::{allocation_title, use_allocation};
use crate::components::govuk::{BackLink, ErrorSummary, SubmitButton};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::forms::FieldMessage;
use crate::model::{Allocation, Move};
use crate::routes::Page;
use crate::state::{Flash, use_app};
use crate::submit::{Request, Submit};

/// Why a change cannot be made: the page's heading and its text.
pub type Refusal = Option<(&'static str, &'static str)>;

/// What one confirm page says and sends.
#[derive(Clone, Copy)]
pub struct PlaceChange {
    /// The tab title.
    pub title: &'static str,
    /// Names the stored attempt (`basm:attempt:<key>:<move id>`).
    pub key: &'static str,
    /// Why the change cannot be made to the place at this index (h1, text), or `None`.
    pub refusal: fn(&Allocation, &[Move], Option<usize>) -> Refusal,
    /// The question (h1) and what will happen, for the place at this index.
    pub question: fn(&[Move], usize) -> (String, String),
    /// The request for a move: method, path, body.
    pub request: fn(&str) -> (&'static str, String, String),
    /// The submit button, while sending, and the link that keeps things as they are.
    pub buttons: (&'static str, &'static str, &'static str),
    /// The success banner, for the place at this index (read before the change).
    pub flash: fn(&[Move], usize) -> Flash,
    /// What a failure is about ("this place").
    pub thing: &'static str,
    /// The form, to put the API's refusals on fields.
    pub form: Form,
}

/// The confirm page of `change` for move `move_id` of allocation `id`.
#[component]
pub fn PlaceChangePage(
    /// Allocation id.
    id: String,
    /// Move id.
    move_id: String,
    /// What the page says and sends.
    change: PlaceChange,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let sending = Submit::new(format!("basm:attempt:{}:{move_id}", change.key));
    let no_errors = Signal::derive(Vec::<FieldMessage>::new);
    use_title(
        move || change.title.to_owned(),
        move || sending.has_problem(),
    );
    let view_href = Page::Allocation { id: id.clone() }.path();

    let on_submit = {
        let view_href = view_href.clone();
        let move_id = move_id.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            let Some(api) = app.api() else { return };
            let Some(flash) = data.with_untracked(|d| match d {
                Some(Ok((_, moves, _))) => moves
                    .iter()
                    .position(|m| m.id == move_id)
                    .map(|i| (change.flash)(moves, i)),
                _ => None,
            }) else {
                return;
            };
            let (method, path, body) = (change.request)(&move_id);
            let request = Request::new(method, path, Some(body.into_bytes()));
            let navigate = navigate.clone();
            let view_href = view_href.clone();
            sending.send(
                api,
                request,
                crate::submit::Refusal::form(change.form, "", change.thing),
                move |_| {
                    app.flash.set(Some(flash));
                    navigate(&view_href, Default::default());
                    Ok(())
                },
            );
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
            if let Some((heading, why)) = (change.refusal)(&allocation, &moves, index) {
                return view! {
                    <BackLink href=view_href.clone()/>
                    <h1 class="govuk-heading-l" tabindex="-1">{heading}</h1>
                    <p class="govuk-body">{why}</p>
                    <p class="govuk-body"><a class="govuk-link" href=view_href.clone()>"Go back to the allocation"</a></p>
                }
                .into_any();
            }
            let (question, text) = (change.question)(&moves, index.unwrap_or_default());
            let (button, busy_text, keep) = change.buttons;
            let submit = on_submit.clone();
            view! {
                <BackLink href=view_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=no_errors problem=sending.problem/>
                        <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{question}</h1>
                        <p class="govuk-body">{text}</p>
                        <form novalidate on:submit=submit>
                            <div class="govuk-button-group">
                                <SubmitButton text=button busy_text=busy_text busy=busy warning=true/>
                                <a class="govuk-link" href=view_href.clone()>{keep}</a>
                            </div>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
