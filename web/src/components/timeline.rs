//! A move's timeline of events, newest first, in MoJ Frontend timeline style, read as the
//! API gives it: `GET /api/moves/:id?include=timeline_events`.

use basm_core::forms::event_labels::event_label;
use leptos::prelude::*;

use crate::api::Failure;
use crate::forms::event_composer::{details_summary, london_text};
use crate::messages::page_problem;
use crate::model;
use crate::model::events::{TimelineEvent, journeys, timeline, timeline_path};
use crate::state::use_app;
use crate::url::encode;

/// The move's journeys, as the composer names them: id → "journey 1: X to Y".
type JourneyNames = Vec<(String, String)>;

/// What an event is about, for its description.
fn about(event: &TimelineEvent, journeys: &JourneyNames) -> String {
    match event.eventable_type.as_str() {
        "journeys" => journeys
            .iter()
            .find(|(id, _)| *id == event.eventable_id)
            .map_or_else(
                || "About a journey of this move.".to_owned(),
                |(_, name)| format!("About {name}."),
            ),
        "lodgings" => "About a lodging of this move.".to_owned(),
        "moves" => "About this move.".to_owned(),
        _ => String::new(),
    }
}

/// The journeys of the move with their places, for naming them; none when they cannot be
/// read (the timeline still shows).
async fn journey_names(api: &crate::api::Api, move_id: &str) -> JourneyNames {
    let path = format!(
        "/api/moves/{}/journeys?include=from_location%2Cto_location",
        encode(move_id)
    );
    let Ok(document) = api.get(&path).await else {
        return Vec::new();
    };
    let places = model::locations(&serde_json::json!({
        "data": document.get("included").cloned().unwrap_or_default()
    }));
    journeys(&document, move_id, &basm_core::context::Member::Unknown)
        .into_iter()
        .enumerate()
        .map(|(index, j)| {
            let name = format!(
                "journey {}: {} to {}",
                index + 1,
                model::location_name(&places, &j.from_location_id),
                model::location_name(&places, &j.to_location_id)
            );
            (j.id, name)
        })
        .collect()
}

/// One `moj-timeline__item` (MoJ Frontend 11 `timeline/template.njk`, heading level 3).
fn item(event: TimelineEvent, journeys: &JourneyNames) -> impl IntoView {
    let summary = details_summary(&event.event_type, &event.details);
    let byline = Some(event.created_by.clone()).filter(|b| !b.is_empty());
    let notes = Some(event.notes.clone()).filter(|n| !n.trim().is_empty());
    view! {
        <div class="moj-timeline__item">
            <div class="moj-timeline__header">
                <h3 class="moj-timeline__title">{event_label(&event.event_type)}</h3>
                // The template's whitespace between the title and the byline (both inline).
                " "
                {byline.map(|b| view! { <p class="moj-timeline__byline">"by "{b}</p> })}
            </div>
            <p class="moj-timeline__date">
                <time datetime=event.occurred_at.clone()>{london_text(&event.occurred_at)}</time>
            </p>
            <div class="moj-timeline__description">
                {notes.map(|n| view! { <p class="govuk-body app-pre-line">{n}</p> })}
                {(!summary.is_empty()).then(|| view! { <p class="govuk-body">{summary.clone()}</p> })}
                <p class="govuk-body-s">{about(&event, journeys)}</p>
            </div>
        </div>
    }
}

/// The timeline of move `move_id` (its own events and its journeys').
#[component]
pub fn Timeline(
    /// Move id.
    move_id: String,
) -> impl IntoView {
    let app = use_app();
    // Created with the page, so the timeline is read again each time the page is shown
    // (after recording an event, the new one is there).
    let data = LocalResource::new(move || {
        let move_id = move_id.clone();
        async move {
            let api = app.api().ok_or(Failure::Network)?;
            let document = api.get(&timeline_path(&move_id)).await?;
            let events = timeline(&document);
            let names = if events.iter().any(|e| e.eventable_type == "journeys") {
                journey_names(&api, &move_id).await
            } else {
                Vec::new()
            };
            Ok::<_, Failure>((events, names))
        }
    });
    view! {
        <section class="app-timeline" aria-labelledby="timeline-heading">
            <h2 class="govuk-heading-m" id="timeline-heading">"Timeline"</h2>
            {move || match data.get() {
                None => view! { <p class="govuk-body" role="status">"Loading the timeline…"</p> }.into_any(),
                Some(Err(failure)) => {
                    let problem = page_problem(failure.status(), failure.errors(), "this move's events");
                    view! {
                        <div class="app-timeline-failure">
                            <p class="govuk-body">{format!("The timeline could not be loaded. {}", problem.body)}</p>
                            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" on:click=move |_| data.refetch()>
                                "Try loading the timeline again"
                            </button>
                        </div>
                    }
                    .into_any()
                }
                Some(Ok((events, _))) if events.is_empty() => view! {
                    <p class="govuk-body">"No events have been recorded for this move yet."</p>
                }
                .into_any(),
                Some(Ok((events, names))) => view! {
                    <div class="moj-timeline">
                        {events.into_iter().map(|e| item(e, &names)).collect_view()}
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}
