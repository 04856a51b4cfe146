//! The event composer: any postable event about a move or one of its journeys, its form generated from core's event table.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use basm_core::events::{EventTypeInfo, Eventable, FieldInfo, RelationshipInfo};
use basm_core::forms::Form;
use basm_core::forms::event_details::{field_id, order as page_order, relationship_id};
use basm_core::forms::event_labels::{
    Control, control, datetime_rest, doc_line, event_label, family_heading, question, rel_label,
};
use basm_core::forms::ids::{
    EVENT_TYPE as EVENT_TYPE_FIELD, EVENTABLE as EVENTABLE_FIELD, NOTES as NOTES_FIELD,
    OCCURRED_AT as OCCURRED_AT_FIELD, OCCURRED_AT_TIME as OCCURRED_AT_TIME_FIELD,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{Api, Failure};
use crate::components::govuk::fields::ErrorMessage;
use crate::components::govuk::{
    Autocomplete, BackLink, DateFields, ErrorSummary, RadioOption, Radios, SubmitButton, TextInput,
    Textarea, WarningText, field_described_by,
};
use crate::components::page::{failed_view, loading_view, sent, use_saved_draft, use_title};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::errors::{message_for, set_date_part};
use crate::forms::event_composer::{
    ComposerDraft, check, compose, context_for, is_same_event, now_input, offered,
};
use crate::model::events::{
    EventJourney, EventMove, THIS_MOVE, event_move, journeys, state_text, timeline, timeline_path,
};
use crate::model::{self, Location};
use crate::routes::Page;
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Request, Submit};
use crate::url::encode;

/// What the composer loads: the move, its journeys and every location.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    the_move: EventMove,
    journeys: Vec<EventJourney>,
    locations: Vec<Location>,
}

impl Loaded {
    fn place(&self, id: &str) -> String {
        model::location_name(&self.locations, id)
    }
}

async fn load(api: Api, id: String) -> Result<Arc<Loaded>, Failure> {
    let path = encode(&id);
    let document = api
        .get(&format!("/api/moves/{path}?include=supplier"))
        .await?;
    let the_move = event_move(&document).ok_or(Failure::Refused {
        status: 404,
        errors: Vec::new(),
        local: false,
    })?;
    let journeys = journeys(
        &api.get(&format!("/api/moves/{path}/journeys")).await?,
        &the_move.id,
        &the_move.facts.supplier_id,
    );
    // The autocomplete's source: every location, page after page (`links.next`).
    let locations = api
        .get_every_page("/api/reference/locations?per_page=2000")
        .await?
        .iter()
        .flat_map(model::locations)
        .collect();
    Ok(Arc::new(Loaded {
        the_move,
        journeys,
        locations,
    }))
}

thread_local! {
    static IDS: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// A field id as `&'static str` (what the GOV.UK components take). Ids come from the event
/// table's field names, a small fixed set, so each is allocated once.
fn intern(id: String) -> &'static str {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(found) = ids.get(id.as_str()) {
            return *found;
        }
        let leaked: &'static str = Box::leak(id.into_boxed_str());
        ids.insert(leaked);
        leaked
    })
}

fn optional(label: String, required: bool) -> String {
    if required {
        label
    } else {
        format!("{label} (optional)")
    }
}

/// Record an event.
#[component]
pub fn EventNewPage(
    /// Move id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move {
                let api = app.api().ok_or(Failure::Network)?;
                load(api, id).await
            }
        })
    };
    let key = format!("basm:draft:event:{id}");
    let now = (js_sys::Date::now() / 1000.0).floor() as i64;
    let draft = use_saved_draft(key.clone(), || ComposerDraft {
        occurred_at: now_input(now),
        ..ComposerDraft::default()
    });
    let sending = Submit::new(format!("{key}:attempt"));
    let loaded = Memo::new(move |_| data.get().and_then(Result::ok));
    let event_type = Memo::new(move |_| draft.with(|d| d.info().map(|i| i.name)));
    let client = {
        let id = id.clone();
        Memo::new(move |_| draft.with(|d| compose(d, &id)))
    };
    // Core's verdict on the whole request, with the facts the page has read: the one
    // validation of a submit (the request is then sent as judged). `None`: not judged yet.
    let core = Memo::new(move |_| {
        let (Ok(document), Some(loaded), Some(name)) =
            (client.get(), loaded.get(), event_type.get())
        else {
            return None;
        };
        let api = app.api()?;
        let start = dom::now_ms();
        let mut known: Vec<String> = vec![
            loaded.the_move.from_location_id.clone(),
            loaded.the_move.to_location_id.clone(),
        ];
        draft.with(|d| known.extend(d.relationships.values().map(|r| r.id.clone())));
        for journey in &loaded.journeys {
            known.push(journey.from_location_id.clone());
            known.push(journey.to_location_id.clone());
        }
        let locations: Vec<(String, String)> = loaded
            .locations
            .iter()
            .filter(|l| known.contains(&l.id))
            .map(|l| (l.id.clone(), l.location_type.clone()))
            .collect();
        let context = context_for(&loaded.the_move, &loaded.journeys, &locations);
        let sent = document.with_recorded_at(&dom::now_iso());
        let request = api.request(sent.method(), &sent.path(), Some(sent.to_body()), None);
        let checked = check(&request, &context, name);
        dom::measure("basm:validate", start);
        Some(checked)
    });
    let errors = Memo::new(move |_| match client.get() {
        Err(errors) => errors,
        Ok(_) => core.with(|c| c.as_ref().map(|c| c.errors.clone()).unwrap_or_default()),
    });
    let shown = Memo::new(move |_| {
        let order = page_order(draft.with(ComposerDraft::info));
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        draft.with(|d| d.form.visible(&errors.get(), &order))
    });
    use_title(
        || "Record an event".to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let move_href = Page::Move { id: id.clone() }.path();

    let on_submit = {
        let id = id.clone();
        let key = key.clone();
        let move_href = move_href.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            draft.update(|d| d.form.submit());
            let Ok(document) = client.get_untracked() else {
                return sending.invalid();
            };
            let valid = core.with_untracked(|c| c.as_ref().map(|c| c.valid));
            if valid == Some(false) {
                return sending.invalid();
            }
            let Some(api) = app.api() else { return };
            let name = event_type.get_untracked().unwrap_or_default();
            // `POST /api/events` ignores `Idempotency-Key`: after a lost answer the move's
            // timeline (as the move page reads it) says whether the event was stored.
            let request =
                Request::new(document.method(), document.path(), Some(document.to_body()))
                    .wire({
                        let document = document.clone();
                        move |attempt| document.with_recorded_at(&attempt.started_at).to_body()
                    })
                    .look({
                        let id = id.clone();
                        Box::new(move |api, attempt| {
                            Box::pin(async move {
                                let events = api.get(&timeline_path(&id)).await?;
                                Ok(timeline(&events)
                                    .iter()
                                    .any(|e| is_same_event(e, &document, &attempt.started_at))
                                    .then_some(serde_json::Value::Null))
                            })
                        })
                    });
            // Judged by the page with the facts it read (`core`), so not judged again; the
            // verdict holds for the request as sent, which differs only in `recorded_at`
            // (never compared with anything) and the key header (`check` drops its warning).
            let request = if valid == Some(true) {
                request.judged()
            } else {
                request
            };
            let refusal = Refusal::form(Form::Event, name, "this move")
                .onto(move |server| draft.update(|d| d.form.server = server));
            let (key, move_href, navigate) = (key.clone(), move_href.clone(), navigate.clone());
            sending.send(api, request, refusal, move |_| {
                let flash = Flash {
                    heading: "Event recorded".to_owned(),
                    body: Some(format!("{} is on the move's timeline.", event_label(name))),
                };
                sent(app, &key, flash, &navigate, &move_href);
                Ok(())
            });
        }
    };
    let busy = sending.busy();
    let failed = sending.unanswered();

    move || {
        match data.get() {
            None => loading_view("Loading the move"),
            Some(Err(failure)) => failed_view(failure, data, "this move", Some(move_href.clone())),
            Some(Ok(loaded)) => {
                let submit = on_submit.clone();
                let reference = loaded.the_move.reference.clone();
                view! {
                <BackLink href=move_href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{format!("Move {reference}")}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">"Record an event"</h1>
                        <form novalidate on:submit=submit>
                            {eventable_radios(&loaded, draft, shown)}
                            <EventTypeSelect draft=draft shown=shown/>
                            {
                                let loaded = loaded.clone();
                                move || event_type.get().and_then(basm_core::EventType::from_wire).map(|t| {
                                    let info = t.info();
                                    details_fields(info, &loaded, draft, shown)
                                })
                            }
                            {occurred_at_fields(draft, shown)}
                            <Textarea
                                id=NOTES_FIELD
                                label="Notes (optional)"
                                hint="Anything else the people managing this move should know."
                                rows=3
                                value=Signal::derive(move || draft.with(|d| d.notes.clone()))
                                on_input=Callback::new(move |v| draft.update(|d| {
                                    d.notes = v;
                                    d.form.changed(NOTES_FIELD);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, NOTES_FIELD).map(|m| m.message.clone())))
                            />
                            <div class="app-event-warnings" aria-live="polite">
                                {move || {
                                    let warnings = if client.with(Result::is_ok) { core.with(|c| c.as_ref().map(|c| c.warnings.clone()).unwrap_or_default()) } else { Vec::new() };
                                    warnings.into_iter().map(|w| view! { <WarningText text=format!("{w}. You can still record it.")/> }).collect_view()
                                }}
                            </div>
                            <div class="govuk-button-group">
                                {move || {
                                    // After a try without an answer, the same button sends again.
                                    let text = if failed.get() { "Try again" } else { "Record event" };
                                    view! { <SubmitButton text=text busy_text="Recording event…" busy=busy/> }
                                }}
                                <a class="govuk-link" href=move_href.clone()>"Cancel"</a>
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

fn error_text(shown: Memo<Vec<FieldMessage>>, group: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || shown.with(|s| message_for(s, group).map(|m| m.message.clone())))
}

fn eventable_radios(
    loaded: &Loaded,
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> impl IntoView {
    let mut options = vec![
        RadioOption::new(
            THIS_MOVE,
            &format!("This move ({})", loaded.the_move.reference),
        )
        .hint(&format!(
            "From {} to {}",
            loaded.place(&loaded.the_move.from_location_id),
            loaded.place(&loaded.the_move.to_location_id)
        )),
    ];
    for (index, journey) in loaded.journeys.iter().enumerate() {
        let mut hint = format!("State: {}", state_text(&journey.state));
        if let Some(reg) = &journey.vehicle_registration {
            hint.push_str(&format!(". Vehicle {reg}"));
        }
        options.push(
            RadioOption::new(
                &journey.value(),
                &format!(
                    "Journey {}: {} to {}",
                    index + 1,
                    loaded.place(&journey.from_location_id),
                    loaded.place(&journey.to_location_id)
                ),
            )
            .hint(&hint),
        );
    }
    view! {
        <Radios
            name=EVENTABLE_FIELD
            legend="What is the event about?"
            legend_class="govuk-fieldset__legend--m"
            hint="The move itself, or one of its journeys (one leg of the move, in one vehicle)."
            options=options
            value=Signal::derive(move || draft.with(|d| d.eventable.clone()))
            on_change=Callback::new(move |v: String| draft.update(|d| {
                d.eventable = v;
                if d.info().is_none() {
                    d.event_type.clear();
                }
                d.form.changed(EVENTABLE_FIELD);
            }))
            error=error_text(shown, EVENTABLE_FIELD)
        />
    }
}

/// The event type: a `govuk-select` with one `<optgroup>` per family.
#[component]
fn EventTypeSelect(
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> impl IntoView {
    let kind = Memo::new(move |_| {
        draft.with(|d| match d.eventable.as_str() {
            THIS_MOVE => Some(Eventable::Move),
            e if e.starts_with("journey-") => Some(Eventable::Journey),
            _ => None,
        })
    });
    let error = error_text(shown, EVENT_TYPE_FIELD);
    let hint_id = format!("{EVENT_TYPE_FIELD}-hint");
    let error_id = format!("{EVENT_TYPE_FIELD}-error");
    let describedby = field_described_by(Some(hint_id.clone()), error_id.clone(), error);
    let groups = move || {
        let Some(kind) = kind.get() else {
            return Vec::new().into_iter().collect_view();
        };
        offered(kind)
            .into_iter()
            .map(|(family, types)| {
                let options = types
                    .into_iter()
                    .map(|info| {
                        let name = info.name;
                        view! {
                            <option
                                value=name
                                prop:selected=move || draft.with(|d| d.event_type == name)
                            >
                                {format!("{}: {}", event_label(name), doc_line(info.doc))}
                            </option>
                        }
                    })
                    .collect_view();
                view! { <optgroup label=family_heading(family)>{options}</optgroup> }
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect_view()
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label govuk-label--m" for=EVENT_TYPE_FIELD>"What happened?"</label>
            <div id=hint_id class="govuk-hint">
                {move || if kind.with(Option::is_some) {
                    "The types of event this move or journey can record. Person escort record (PER) events are not listed: this service does not keep person escort records."
                } else {
                    "First choose what the event is about. Person escort record (PER) events are not listed: this service does not keep person escort records."
                }}
            </div>
            {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
            <select
                class=move || if error.with(Option::is_some) { "govuk-select govuk-select--error" } else { "govuk-select" }
                id=EVENT_TYPE_FIELD
                name=EVENT_TYPE_FIELD
                aria-describedby=describedby
                on:change:target=move |ev| {
                    let value = ev.target().value();
                    draft.update(|d| {
                        d.event_type = value;
                        d.form.changed(EVENT_TYPE_FIELD);
                    });
                }
            >
                <option value="" prop:selected=move || draft.with(|d| d.info().is_none())>"Choose the type of event"</option>
                {groups}
            </select>
        </div>
    }
}

fn details_fields(
    info: &'static EventTypeInfo,
    loaded: &Loaded,
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> AnyView {
    let fields = info
        .fields
        .iter()
        .map(|field| detail_field(field, draft, shown))
        .collect_view();
    let choices = loaded
        .locations
        .iter()
        .map(crate::forms::autocomplete::Choice::from)
        .collect::<Vec<_>>();
    let relationships = info
        .relationships
        .iter()
        .map(|rel| relationship_field(rel, choices.clone(), draft, shown))
        .collect_view();
    let empty = info.fields.is_empty() && info.relationships.is_empty();
    view! {
        <h2 class="govuk-heading-m">{event_label(info.name)}</h2>
        <p class="govuk-body">{doc_line(info.doc)}"."</p>
        {empty.then(|| view! { <p class="govuk-body">"This event has no details to give."</p> })}
        {fields}
        {relationships}
    }
    .into_any()
}

fn relationship_field(
    rel: &'static RelationshipInfo,
    choices: Vec<crate::forms::autocomplete::Choice>,
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> AnyView {
    let id = intern(relationship_id(rel.name));
    let name = rel.name;
    view! {
        <Autocomplete
            id=id
            label=optional(rel_label(rel.doc), rel.required)
            label_class="govuk-label--s"
            hint="Start typing the location's name or code, like Brinsford or BSI"
            choices=Signal::derive(move || choices.clone())
            exclude=Signal::derive(|| None::<String>)
            no_match="No locations match"
            text=Signal::derive(move || draft.with(|d| d.relationships.get(name).map(|r| r.text.clone()).unwrap_or_default()))
            on_change=Callback::new(move |(text, chosen): (String, Option<String>)| draft.update(|d| {
                let entry = d.relationships.entry(name.to_owned()).or_default();
                entry.text = text;
                entry.id = chosen.unwrap_or_default();
                d.form.changed(id);
            }))
            error=error_text(shown, id)
        />
    }
    .into_any()
}

fn set_value(draft: RwSignal<ComposerDraft>, name: &'static str, id: &'static str, value: String) {
    draft.update(|d| {
        d.values.insert(name.to_owned(), value);
        d.form.changed(id);
    });
}

fn detail_field(
    field: &'static FieldInfo,
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> AnyView {
    let id = intern(field_id(field.name));
    let name = field.name;
    let label = optional(question(field), field.required);
    let hint = doc_line(field.doc);
    let value =
        Signal::derive(move || draft.with(|d| d.values.get(name).cloned().unwrap_or_default()));
    match control(field) {
        Control::Text => view! {
            <TextInput
                id=id
                label=label
                label_class="govuk-label--s"
                hint=hint
                value=value
                on_input=Callback::new(move |v| set_value(draft, name, id, v))
                error=error_text(shown, id)
            />
        }
        .into_any(),
        Control::Textarea => view! {
            <Textarea
                id=id
                label=label
                hint=hint
                rows=3
                value=value
                on_input=Callback::new(move |v| set_value(draft, name, id, v))
                error=error_text(shown, id)
            />
        }
        .into_any(),
        Control::Lines => view! {
            <Textarea
                id=id
                label=label
                hint=format!("{hint}. Enter one on each line.")
                rows=3
                value=value
                on_input=Callback::new(move |v| set_value(draft, name, id, v))
                error=error_text(shown, id)
            />
        }
        .into_any(),
        Control::Radios(options) => view! {
            <Radios
                name=id
                legend=label
                legend_class="govuk-fieldset__legend--s"
                hint=hint
                options=options.iter().map(|(v, l)| RadioOption::new(v, l)).collect()
                value=value
                on_change=Callback::new(move |v| set_value(draft, name, id, v))
                error=error_text(shown, id)
            />
        }
        .into_any(),
        Control::YesNo => view! {
            <Radios
                name=id
                legend=label
                legend_class="govuk-fieldset__legend--s"
                hint=hint
                inline=true
                options=vec![RadioOption::new("true", "Yes"), RadioOption::new("false", "No")]
                value=value
                on_change=Callback::new(move |v| set_value(draft, name, id, v))
                error=error_text(shown, id)
            />
        }
        .into_any(),
        Control::Select(options) => {
            let error = error_text(shown, id);
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let describedby = field_described_by(Some(hint_id.clone()), error_id.clone(), error);
            let options = options
                .into_iter()
                .map(|(v, l)| {
                    let selected = v.clone();
                    view! { <option value=v prop:selected=move || value.with(|c| *c == selected)>{l}</option> }
                })
                .collect_view();
            view! {
                <div class=move || if error.with(Option::is_some) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label govuk-label--s" for=id>{label}</label>
                    <div id=hint_id class="govuk-hint">{hint}</div>
                    {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
                    <select
                        class=move || if error.with(Option::is_some) { "govuk-select govuk-select--error" } else { "govuk-select" }
                        id=id
                        name=id
                        aria-describedby=describedby
                        on:change:target=move |ev| set_value(draft, name, id, ev.target().value())
                    >
                        <option value="" prop:selected=move || value.with(String::is_empty)>"Choose"</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        Control::Date => date_time(id, name, label, hint, None, draft, shown),
        Control::DateTime => {
            let time_label = format!("Time {}", datetime_rest(field));
            date_time(id, name, label, hint, Some(time_label), draft, shown)
        }
    }
}

fn date_time(
    id: &'static str,
    name: &'static str,
    label: String,
    hint: String,
    time_label: Option<String>,
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> AnyView {
    let time_id = intern(format!("{id}-time"));
    view! {
        <DateFields
            id=id
            legend=label
            legend_class="govuk-fieldset__legend--s"
            hint=format!("{hint}. For example, 20 7 2020")
            value=Signal::derive(move || draft.with(|d| d.dates.get(name).map(|t| t.date.clone()).unwrap_or_default()))
            on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| {
                let entry = d.dates.entry(name.to_owned()).or_default();
                set_date_part(&mut entry.date, part, v);
                d.form.changed(id);
            }))
            error=Signal::derive(move || shown.with(|s| message_for(s, id).cloned()))
        />
        {time_label.map(|time_label| view! {
            <TextInput
                id=time_id
                label=time_label
                label_class="govuk-label--s"
                hint="Use the 24-hour clock, like 14:30"
                width="govuk-input--width-5"
                value=Signal::derive(move || draft.with(|d| d.dates.get(name).map(|t| t.time.clone()).unwrap_or_default()))
                on_input=Callback::new(move |v| draft.update(|d| {
                    d.dates.entry(name.to_owned()).or_default().time = v;
                    d.form.changed(time_id);
                }))
                error=error_text(shown, time_id)
            />
        })}
    }
    .into_any()
}

fn occurred_at_fields(
    draft: RwSignal<ComposerDraft>,
    shown: Memo<Vec<FieldMessage>>,
) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"When it happened"</h2>
        <DateFields
            id=OCCURRED_AT_FIELD
            legend="Date it happened"
            legend_class="govuk-fieldset__legend--s"
            hint="Filled in with today's date. For example, 20 7 2020"
            value=Signal::derive(move || draft.with(|d| d.occurred_at.date.clone()))
            on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| {
                set_date_part(&mut d.occurred_at.date, part, v);
                d.form.changed(OCCURRED_AT_FIELD);
            }))
            error=Signal::derive(move || shown.with(|s| message_for(s, OCCURRED_AT_FIELD).cloned()))
        />
        <TextInput
            id=OCCURRED_AT_TIME_FIELD
            label="Time it happened"
            label_class="govuk-label--s"
            hint="Filled in with the time now. Use the 24-hour clock, like 14:30"
            width="govuk-input--width-5"
            value=Signal::derive(move || draft.with(|d| d.occurred_at.time.clone()))
            on_input=Callback::new(move |v| draft.update(|d| {
                d.occurred_at.time = v;
                d.form.changed(OCCURRED_AT_TIME_FIELD);
            }))
            error=error_text(shown, OCCURRED_AT_TIME_FIELD)
        />
    }
}
