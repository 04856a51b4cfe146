//! One move: who, from, to, status, the actions the state machine allows, and its timeline.

use leptos::prelude::*;

use crate::api::Failure;
use crate::components::govuk::{BackLink, NotificationBanner, SummaryList, SummaryRow, Tag};
use crate::components::page::{Loading, failed_view, loading_view, use_title};
use crate::forms::format;
use crate::forms::moves::{MovesQuery, actions_for, cancellation_reason, status_colour, words};
use crate::model::moves::{self, Journey, SupplierMove};
use crate::routes::{Href, Page, action_segment};
use crate::state::use_app;
use crate::url::encode;

/// Loads move `id` with its person, locations and allocation.
pub fn use_move(id: String) -> LocalResource<Result<SupplierMove, Failure>> {
    let app = use_app();
    LocalResource::new(move || {
        let id = id.clone();
        async move {
            let api = app.api().ok_or(Failure::Network)?;
            let document = api
                .get(&format!(
                    "/api/moves/{}?include=profile.person%2Cfrom_location%2Cto_location%2Callocation",
                    encode(&id)
                ))
                .await?;
            moves::move_document(&document).ok_or(Failure::Refused {
                status: 404,
                errors: Vec::new(),
                local: false,
            })
        }
    })
}

/// The h1 of a move: `Move PFR2863M`.
pub fn move_title(found: &SupplierMove) -> String {
    format!("Move {}", found.reference_text())
}

/// The moves list showing the move's date.
pub fn list_href(found: &SupplierMove) -> String {
    match basm_core::time::parse_iso_date(found.date.get(..10).unwrap_or("")) {
        Some(date) => MovesQuery {
            date,
            status: None,
            page: 1,
        }
        .href(),
        None => Page::Moves.path(),
    }
}

/// The move page.
#[component]
pub fn MovePage(
    /// Move id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let data = use_move(id.clone());
    let journeys = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move {
                let api = app.api().ok_or(Failure::Network)?;
                let document = api
                    .get(&format!(
                        "/api/moves/{}/journeys?include=from_location%2Cto_location",
                        encode(&id)
                    ))
                    .await?;
                Ok::<Vec<Journey>, Failure>(moves::journeys(&document))
            }
        })
    };
    let flash = app.flash.get_untracked();
    app.flash.set(None);
    let supplier = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.role.moves_people()));
    let title = Memo::new(move |_| match data.get() {
        Some(Ok(found)) => move_title(&found),
        Some(Err(_)) => "Move not available".to_owned(),
        None => "Move".to_owned(),
    });
    use_title(move || title.get(), || false);

    let journey_table = move || {
        match journeys.get() {
        None => view! { <Loading text="Loading journeys"/> }.into_any(),
        Some(Err(_)) => view! {
            <p class="govuk-body">"We could not load the journeys of this move. "
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" on:click=move |_| journeys.refetch()>"Try again"</button>
            </p>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="govuk-body">"This move has no journeys yet."</p> }.into_any()
        }
        Some(Ok(list)) => {
            let rows = list
                .into_iter()
                .map(|j| {
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{j.from}</td>
                            <td class="govuk-table__cell">{j.to}</td>
                            <td class="govuk-table__cell">{format::long_date_text(&j.date)}</td>
                            <td class="govuk-table__cell">{j.vehicle.unwrap_or_else(|| "Not given".to_owned())}</td>
                            <td class="govuk-table__cell">{moves::journey_state(&j.state).to_owned()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-visually-hidden">"Journeys of this move"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"From"</th>
                            <th scope="col" class="govuk-table__header">"To"</th>
                            <th scope="col" class="govuk-table__header">"Date"</th>
                            <th scope="col" class="govuk-table__header">"Vehicle"</th>
                            <th scope="col" class="govuk-table__header">"State"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
            }
            .into_any()
        }
    }
    };

    let page_id = id.clone();
    let details = move || {
        let flash = flash.clone();
        let id = page_id.clone();
        match data.get() {
            None => loading_view("Loading the move"),
            Some(Err(failure)) => failed_view(failure, data, "this move", Some(Page::Moves.path())),
            Some(Ok(found)) => {
                let mut rows = vec![
                    SummaryRow::new("Reference", found.reference_text()),
                    SummaryRow::new("Status", format::move_status(&found.status).to_owned()),
                    SummaryRow::new("Date", format::long_date_text(&found.date)),
                    SummaryRow::new(
                        "From",
                        if found.from.is_empty() {
                            "Not given".to_owned()
                        } else {
                            found.from.clone()
                        },
                    ),
                    SummaryRow::new(
                        "To",
                        if found.to.is_empty() {
                            "Not given".to_owned()
                        } else {
                            found.to.clone()
                        },
                    ),
                    SummaryRow::new("Person", found.person()),
                ];
                if found.status == "cancelled" && !found.cancellation_reason.is_empty() {
                    let reason = cancellation_reason(&found.cancellation_reason).to_owned();
                    rows.push(SummaryRow::new(
                        "Cancellation reason",
                        if found.cancellation_reason_comment.is_empty() {
                            reason
                        } else {
                            format!("{reason}: {}", found.cancellation_reason_comment)
                        },
                    ));
                }
                let allocation = found.allocation_id.clone().map(|a| {
                    view! {
                        <p class="govuk-body">
                            <a class="govuk-link" href=Page::Allocation { id: a }.path()>"View the allocation this move belongs to"</a>
                        </p>
                    }
                });
                let reference = found.reference_text();
                // What core would accept, given what this page knows of the move.
                let (actions, refused) = if supplier {
                    actions_for(&found.id, &found.facts, crate::dom::now_seconds())
                } else {
                    (Vec::new(), Vec::new())
                };
                let unavailable = (!refused.is_empty()).then(|| {
                    let items = refused
                        .into_iter()
                        .map(|(action, why)| view! {
                            <li data-unavailable=action_segment(action)>
                                <strong>{format!("{} is not available", words(action).verb)}</strong>
                                {format!(": {why}.")}
                            </li>
                        })
                        .collect_view();
                    view! {
                        <div class="govuk-inset-text app-unavailable">
                            <ul class="govuk-list">{items}</ul>
                        </div>
                    }
                });
                let buttons = actions
                    .into_iter()
                    .map(|action| {
                        let w = words(action);
                        let href = Page::MoveAction { id: found.id.clone(), action }.path();
                        let class = match action {
                            basm_core::forms::SupplierAction::Cancel => "govuk-button govuk-button--warning",
                            _ => "govuk-button",
                        };
                        view! {
                            <a href=href role="button" draggable="false" class=class data-module="govuk-button" data-action=action_segment(action)>
                                {w.verb}
                                <span class="govuk-visually-hidden">{format!(" move {reference}")}</span>
                            </a>
                        }
                    })
                    .collect_view();
                view! {
                    <BackLink href=list_href(&found) text="Back to moves"/>
                    {flash.map(|f| view! { <NotificationBanner success=true heading=f.heading body=f.body.unwrap_or_default()/> })}
                    <span class="govuk-caption-l">{format::long_date_text(&found.date)}</span>
                    <h1 class="govuk-heading-l" tabindex="-1">{move_title(&found)}</h1>
                    <p class="govuk-body"><Tag text=format::move_status(&found.status).to_owned() colour=status_colour(&found.status)/></p>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <SummaryList rows=rows/>
                            {allocation}
                            {supplier.then(|| view! {
                                <h2 class="govuk-heading-m">"Record what happened"</h2>
                                {unavailable}
                                <div class="govuk-button-group">
                                    {buttons}
                                    <a href=Page::EventNew { id: id.clone() }.path() role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                                        "Record an event"
                                    </a>
                                </div>
                            })}
                        </div>
                    </div>
                }
                .into_any()
            }
        }
    };
    let show_rest = move || matches!(data.get(), Some(Ok(_)));
    view! {
        {details}
        <Show when=show_rest>
            <h2 class="govuk-heading-m">"Journeys"</h2>
            {journey_table}
            <crate::components::timeline::Timeline move_id=id.clone()/>
        </Show>
    }
}
