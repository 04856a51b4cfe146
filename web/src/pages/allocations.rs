//! The allocations list: any range of days, filtered in place by status, prisons and
//! search, sorted and paged, all in the URL; downloadable as CSV.

use basm_core::forms::{
    AllocationFilterInput, DateInput, Form, allocation_filter, ids, move_reference,
};
use futures::future::join_all;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{Api, Failure};
use crate::components::govuk::{
    CheckboxOption, Checkboxes, DateFields, ErrorSummary, Pagination, SubmitButton, Tag, TextInput,
};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::allocation_list::{
    ListQuery, PAGE_SIZES, PARAMETERS, PER_PAGE, Period, SortBy, Status,
};
use crate::forms::csv::{self, ExportRow};
use crate::forms::errors::{from_core, message_for, set_date_part};
use crate::forms::format;
use crate::forms::{FieldMessage, FormState};
use crate::messages::{PageProblem, page_problem};
use crate::model::moves::move_list;
use crate::model::{self, Allocation, Location};
use crate::pages::allocation::fetch_allocation;
use crate::routes::{Href, Page};
use crate::state::{MyPrison, use_app};
use crate::submit::{Refusal, Submit};

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
struct ListData {
    /// The query this list answers: while a newer one loads, the list is not shown under it.
    query: ListQuery,
    allocations: Vec<Allocation>,
    locations: Vec<Location>,
    total_pages: u32,
    /// Every allocation the filters match, on every page.
    total: u32,
}

/// One request: the page of allocations with every filter in it, whose total is the count
/// the list shows. The API has no count per status (`Api::AllocationsController#index` only
/// paginates; the BaSM frontend asks once per status with `per_page=1`,
/// `common/services/allocation.js` L141-165), so the statuses are a filter, not tabs.
async fn load(app: crate::state::AppState, query: ListQuery) -> Result<ListData, Failure> {
    let api = app.api().ok_or(Failure::Network)?;
    let path = query.api_path(query.page, query.per_page);
    let asked = query.clone();
    // The prisons for the filter (read once a session); the list shows without them.
    let (main, _prisons) = futures::join!(api.get(&path), app.load_reference());
    let main = main?;
    let (allocations, locations) = model::allocation_list(&main);
    Ok(ListData {
        query: asked,
        allocations,
        locations: with_reference(locations, app),
        total_pages: model::total_pages(&main),
        total: model::total_objects(&main),
    })
}

/// `locations` and every prison of the reference data not among them.
fn with_reference(mut locations: Vec<Location>, app: crate::state::AppState) -> Vec<Location> {
    if let Some(all) = app.locations.get_untracked() {
        for location in all {
            if !locations.iter().any(|l| l.id == location.id) {
                locations.push(location);
            }
        }
    }
    locations
}

/// Allocations a request while downloading (the API takes up to 2,000; smaller pages show
/// progress sooner).
const EXPORT_PAGE: u32 = 100;
/// People requests at once while downloading.
const EXPORT_AT_ONCE: usize = 4;

/// Where a CSV download is.
#[derive(Debug, Clone, PartialEq)]
enum Export {
    /// Not started.
    Idle,
    /// Reading: `done` of `total` allocations read (with their people).
    Running { done: u32, total: u32 },
    /// Saved as `name`, `count` allocations.
    Done { name: String, count: u32 },
    /// Stopped by the user.
    Cancelled,
    /// Stopped by a failure.
    Failed(PageProblem),
}

/// Every allocation `query` matches, on every page, with its people's prison numbers, as a
/// CSV file; `progress` hears each step and `run` is read between requests (a cancelled
/// download stops there and returns `Ok(None)`).
async fn export(
    api: Api,
    query: ListQuery,
    reference: Vec<Location>,
    progress: impl Fn(u32, u32),
    going: impl Fn() -> bool,
) -> Result<Option<(String, u32)>, Failure> {
    let mut allocations: Vec<Allocation> = Vec::new();
    let mut locations = reference;
    let mut page = 1;
    let mut total;
    loop {
        let document = api.get(&query.api_path(page, EXPORT_PAGE)).await?;
        if !going() {
            return Ok(None);
        }
        let (list, included) = model::allocation_list(&document);
        for location in included {
            if !locations.iter().any(|l| l.id == location.id) {
                locations.push(location);
            }
        }
        allocations.extend(list);
        total = model::total_objects(&document).max(allocations.len() as u32);
        progress(0, total);
        if page >= model::total_pages(&document) {
            break;
        }
        page += 1;
    }
    let mut rows: Vec<ExportRow> = Vec::with_capacity(allocations.len());
    let mut done = 0;
    for chunk in allocations.chunks(EXPORT_AT_ONCE) {
        let people = join_all(chunk.iter().map(|a| {
            let api = api.clone();
            let (id, filled) = (a.id.clone(), a.filled);
            async move {
                // Nobody added: nothing to ask.
                if filled == 0 {
                    return Ok(Vec::new());
                }
                fetch_allocation(&api, &id).await.map(|data| {
                    data.1
                        .into_iter()
                        .filter_map(|m| m.prison_number)
                        .collect::<Vec<String>>()
                })
            }
        }))
        .await;
        if !going() {
            return Ok(None);
        }
        for (allocation, numbers) in chunk.iter().zip(people) {
            rows.push(ExportRow {
                allocation: allocation.clone(),
                prison_numbers: numbers?,
            });
        }
        done += chunk.len() as u32;
        progress(done, total);
    }
    let (from, to) = query.range();
    let name = csv::file_name(&from.to_string(), &to.to_string());
    let text = csv::allocations_csv(&rows, &locations);
    Ok(dom::download(&name, "text/csv;charset=utf-8", &text).then_some((name, rows.len() as u32)))
}

/// The filter form as typed, before it is applied.
#[derive(Debug, Clone, PartialEq)]
struct FilterDraft {
    dates: AllocationFilterInput,
    statuses: Vec<Status>,
    location: String,
    from_locations: Vec<String>,
    to_locations: Vec<String>,
    add_from: String,
    add_to: String,
    search_location: String,
    search_person: String,
    per_page: u32,
}

fn date_input(date: basm_core::time::Date) -> DateInput {
    DateInput::new(
        &date.day.to_string(),
        &date.month.to_string(),
        &date.year.to_string(),
    )
}

impl FilterDraft {
    fn of(q: &ListQuery) -> Self {
        FilterDraft {
            dates: AllocationFilterInput {
                date_from: date_input(q.from),
                date_to: date_input(q.to),
            },
            statuses: q.statuses.clone(),
            location: q.location.clone().unwrap_or_default(),
            from_locations: q.from_locations.clone(),
            to_locations: q.to_locations.clone(),
            add_from: String::new(),
            add_to: String::new(),
            search_location: q.search_location.clone(),
            search_person: q.search_person.clone(),
            per_page: q.per_page,
        }
    }

    /// The list this draft asks for, or the date errors.
    fn apply(&self, q: &ListQuery) -> Result<ListQuery, Vec<basm_core::forms::FieldError>> {
        let (from, to) = allocation_filter(&self.dates)?;
        let mut from_locations = self.from_locations.clone();
        from_locations.extend(Some(self.add_from.clone()).filter(|v| !v.is_empty()));
        let mut to_locations = self.to_locations.clone();
        to_locations.extend(Some(self.add_to.clone()).filter(|v| !v.is_empty()));
        let list = q.with_range(from, to).with_statuses(&self.statuses);
        let list = if from_locations.is_empty() && to_locations.is_empty() {
            list.with_prisons(Vec::new(), Vec::new())
                .with_location(Some(self.location.clone()).filter(|l| !l.is_empty()))
        } else {
            list.with_prisons(from_locations, to_locations)
        };
        Ok(list
            .with_search(&self.search_location, &self.search_person)
            .with_per_page(self.per_page))
    }
}

/// The list page.
#[component]
pub fn AllocationsPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let today = dom::today();
    // The user's own prison: the list opened without a query (the navigation's link) is
    // filtered to it.
    let my_prison = RwSignal::new(MyPrison::load());
    let query = Memo::new(move |_| {
        query_map.with(|q| {
            let pairs: Vec<(String, String)> = PARAMETERS
                .iter()
                .filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v)))
                .collect();
            let query = ListQuery::from_pairs(&pairs, today);
            match my_prison.get_untracked() {
                Some(mine) if pairs.is_empty() => query.with_location(Some(mine)),
                _ => query,
            }
        })
    });
    // ... and says so in the address (shareable; Back comes back to it).
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            let bare = query_map.with(|q| PARAMETERS.iter().all(|k| q.get(k).is_none()));
            if bare && my_prison.get_untracked().is_some() {
                let options = leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                };
                navigate(&query.get_untracked().href(), options);
            }
        });
    }
    let data = LocalResource::new(move || load(app, query.get()));
    let pmu = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.role.manages_allocations()));

    // The filter form: a draft of the query, applied by its button (the dates are checked
    // by core's `allocation_filter`); it starts again from the address on every change.
    let draft = RwSignal::new(FilterDraft::of(&query.get_untracked()));
    let filter_form = RwSignal::new(FormState::default());
    Effect::new(move |_| {
        let q = query.get();
        draft.set(FilterDraft::of(&q));
        filter_form.set(FormState::default());
    });
    let filter_client = Memo::new(move |_| {
        draft.with(|d| match allocation_filter(&d.dates) {
            Ok(_) => Vec::new(),
            Err(errors) => from_core(&errors),
        })
    });
    let filter_shown = Memo::new(move |_| {
        filter_form.with(|f| f.visible(&filter_client.get(), &Form::AllocationFilter.order("")))
    });
    let on_filter = {
        let navigate = navigate.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            filter_form.update(FormState::submit);
            match draft.with_untracked(|d| d.apply(&query.get_untracked())) {
                Ok(list) => navigate(&list.href(), Default::default()),
                Err(_) => dom::focus_later("error-summary"),
            }
        }
    };

    // Find an allocation by one of its moves' references (the reference people read out on
    // the phone: an allocation has none of its own). A look-up: no attempt is kept.
    let reference = RwSignal::new(String::new());
    let form = RwSignal::new(FormState::default());
    let finding = Submit::new("basm:attempt:find-reference".to_owned());
    let client = Memo::new(move |_| {
        reference.with(|r| match move_reference(r) {
            Ok(_) => Vec::new(),
            Err(errors) => from_core(&errors),
        })
    });
    let shown = Memo::new(move |_| {
        form.with(|f| f.visible(&client.get(), &Form::FindByMoveReference.order("")))
    });
    // One summary for the page: the look-up's field first (it is first on the page).
    let summary = Memo::new(move |_| {
        let mut all = shown.get();
        all.extend(filter_shown.get());
        all
    });
    let on_find = {
        let navigate = navigate.clone();
        move |ev: web_sys::SubmitEvent| {
            if !finding.accept(&ev) {
                return;
            }
            form.update(FormState::submit);
            let Ok(wanted) = reference.with_untracked(|r| move_reference(r)) else {
                return finding.invalid();
            };
            let Some(api) = app.api() else { return };
            let navigate = navigate.clone();
            let path = format!("/api/moves?filter%5Breference%5D={wanted}");
            let lookup = async move { api.get(&path).await };
            finding.run(
                lookup,
                Refusal::form(Form::FindByMoveReference, "", "this reference")
                    .onto(move |server| form.update(|f| f.server = server)),
                move |document| {
                    let (moves, _) = move_list(&document);
                    match moves.into_iter().find(|m| m.reference == wanted) {
                        Some(found) => match found.allocation_id {
                            Some(id) => {
                                navigate(&Page::Allocation { id }.path(), Default::default())
                            }
                            None => {
                                navigate(&Page::Move { id: found.id }.path(), Default::default())
                            }
                        },
                        None => {
                            form.update(|f| {
                                f.server = vec![FieldMessage::new(
                                    ids::MOVE_REFERENCE,
                                    "not_found",
                                    &format!(
                                        "No move has the reference {wanted}. Check the reference"
                                    ),
                                )];
                            });
                            dom::focus_later("error-summary");
                        }
                    }
                    Ok(())
                },
            );
        }
    };
    let finding_busy = finding.busy();
    use_title(
        move || {
            let q = query.get();
            format!("{} allocations, {}", q.status_text(), q.period_text())
        },
        move || !summary.with(Vec::is_empty) || finding.has_problem(),
    );

    let period_nav = move || {
        let q = query.get();
        let days = q.days();
        let (previous, current, next, other) = match q.period() {
            Some(Period::Week) => (
                "Previous week".to_owned(),
                "This week",
                "Next week".to_owned(),
                "View by day",
            ),
            Some(Period::Day) => (
                "Previous day".to_owned(),
                "Today",
                "Next day".to_owned(),
                "View by week",
            ),
            None => (
                format!("Previous {days} days"),
                "This week",
                format!("Next {days} days"),
                "View by week",
            ),
        };
        view! {
            <nav class="app-date-navigation" aria-label="Dates">
                <ul class="govuk-list app-inline-list">
                    <li><a class="govuk-link" href=q.previous().href()>{previous}</a></li>
                    <li><a class="govuk-link" href=q.current(today).href()>{current}</a></li>
                    <li><a class="govuk-link" href=q.next().href()>{next}</a></li>
                    <li><a class="govuk-link" href=q.other_period(today).href()>{other}</a></li>
                </ul>
            </nav>
        }
    };

    let prisons = Signal::derive(move || app.locations.get().unwrap_or_default());
    let name_of = move |id: &str| {
        prisons.with(|all| {
            all.iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), Location::display)
        })
    };
    // A select of every prison, `chosen` selected, with a first option saying `none`.
    let prison_select = move |id: &'static str,
                              none: &'static str,
                              hint: Option<&'static str>,
                              chosen: Signal<String>,
                              set: Callback<String>| {
        view! {
            <select class="govuk-select" id=id name=id aria-describedby=hint on:change:target=move |ev| set.run(ev.target().value())>
                <option value="" selected=move || chosen.with(String::is_empty)>{none}</option>
                {move || prisons.get().into_iter().map(|p| {
                    let value = p.id.clone();
                    let selected = move || chosen.with(|c| *c == value);
                    view! { <option value=p.id.clone() selected=selected>{p.display()}</option> }
                }).collect_view()}
            </select>
        }
    };
    // The prisons already chosen on one side, as ticked boxes (untick to remove).
    let chosen_boxes = move |name: &'static str, legend: &'static str, from: bool| {
        let list = move || {
            draft.with(|d| {
                if from {
                    d.from_locations.clone()
                } else {
                    d.to_locations.clone()
                }
            })
        };
        let options = Signal::derive(move || {
            query
                .get()
                .from_locations
                .iter()
                .filter(|_| from)
                .chain(query.get().to_locations.iter().filter(|_| !from))
                .map(|id| (id.clone(), name_of(id)))
                .collect::<Vec<(String, String)>>()
        });
        let add_id = if from {
            "add-from-location"
        } else {
            "add-to-location"
        };
        view! {
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                    <Show when=move || !options.with(Vec::is_empty)>
                        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                            <For each=move || options.get() key=|o| o.0.clone() let:option>
                                {
                                    let (value, label) = option;
                                    let box_id = format!("{name}-{value}");
                                    let ticked = {
                                        let value = value.clone();
                                        move || list().contains(&value)
                                    };
                                    view! {
                                        <div class="govuk-checkboxes__item">
                                            <input class="govuk-checkboxes__input" id=box_id.clone() name=name type="checkbox" value=value.clone()
                                                prop:checked=ticked
                                                on:change:target=move |ev| {
                                                    let on = ev.target().checked();
                                                    let value = value.clone();
                                                    draft.update(|d| {
                                                        let side = if from { &mut d.from_locations } else { &mut d.to_locations };
                                                        side.retain(|v| *v != value);
                                                        if on {
                                                            side.push(value);
                                                        }
                                                    });
                                                }
                                            />
                                            <label class="govuk-label govuk-checkboxes__label" for=box_id>{label}</label>
                                        </div>
                                    }
                                }
                            </For>
                        </div>
                    </Show>
                    <label class="govuk-label" for=add_id>"Add a prison"</label>
                    {prison_select(
                        add_id,
                        "Choose a prison",
                        None,
                        Signal::derive(move || draft.with(|d| if from { d.add_from.clone() } else { d.add_to.clone() })),
                        Callback::new(move |v: String| draft.update(|d| if from { d.add_from = v } else { d.add_to = v })),
                    )}
                </fieldset>
            </div>
        }
    };

    let filters = move || {
        let q = query.get();
        let status_options = Signal::derive(|| {
            Status::ALL
                .iter()
                .map(|s| CheckboxOption {
                    value: s.as_str().to_owned(),
                    label: s.label().to_owned(),
                })
                .collect::<Vec<_>>()
        });
        view! {
            <form class="app-filter-panel" id="filter" novalidate on:submit=on_filter.clone()>
                <h2 class="govuk-heading-m">"Filter"</h2>
                <DateFields
                    id=ids::DATE_FROM
                    legend="From"
                    legend_class="govuk-fieldset__legend--s"
                    value=Signal::derive(move || draft.with(|d| d.dates.date_from.clone()))
                    on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| set_date_part(&mut d.dates.date_from, part, v)))
                    error=Signal::derive(move || filter_shown.with(|s| message_for(s, ids::DATE_FROM).cloned()))
                />
                <DateFields
                    id=ids::DATE_TO
                    legend="To"
                    legend_class="govuk-fieldset__legend--s"
                    value=Signal::derive(move || draft.with(|d| d.dates.date_to.clone()))
                    on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| set_date_part(&mut d.dates.date_to, part, v)))
                    error=Signal::derive(move || filter_shown.with(|s| message_for(s, ids::DATE_TO).cloned()))
                />
                <ul class="govuk-list app-inline-list" aria-label="Dates">
                    <li><a class="govuk-link" id="this-week" href=q.this_week(today).href()>"This week"</a></li>
                    <li><a class="govuk-link" id="next-week" href=q.next_week(today).href()>"Next week"</a></li>
                </ul>
                <Checkboxes
                    name="status"
                    legend="Status"
                    legend_class="govuk-fieldset__legend--s"
                    small=true
                    hint="Leave all unticked to see every status"
                    options=status_options
                    value=Signal::derive(move || draft.with(|d| d.statuses.iter().map(|s| s.as_str().to_owned()).collect::<Vec<_>>()))
                    on_change=Callback::new(move |(value, on): (String, bool)| draft.update(|d| {
                        d.statuses.retain(|s| s.as_str() != value);
                        if on && let Some(status) = Status::parse(&value) {
                            d.statuses.push(status);
                        }
                    }))
                    error=Signal::derive(|| None::<String>)
                />
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="location">"Prison (from or to)"</label>
                    <div class="govuk-hint" id="location-hint">"Choosing a prison it moves from or to below replaces this"</div>
                    {prison_select(
                        "location",
                        "All prisons",
                        Some("location-hint"),
                        Signal::derive(move || draft.with(|d| d.location.clone())),
                        Callback::new(move |v: String| draft.update(|d| d.location = v)),
                    )}
                </div>
                {chosen_boxes("from-locations", "Moving from", true)}
                {chosen_boxes("to-locations", "Moving to", false)}
                <TextInput
                    id=ids::SEARCH_LOCATION
                    label="Prison name contains"
                    label_class="govuk-label--s"
                    hint="Part of the name of the prison they move from or to, like Wight"
                    value=Signal::derive(move || draft.with(|d| d.search_location.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.search_location = v))
                    error=Signal::derive(|| None::<String>)
                />
                <TextInput
                    id=ids::SEARCH_PERSON
                    label="Person’s last name contains"
                    label_class="govuk-label--s"
                    hint="Part of the last name of someone added to it"
                    autocomplete="off"
                    spellcheck=false
                    value=Signal::derive(move || draft.with(|d| d.search_person.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.search_person = v))
                    error=Signal::derive(|| None::<String>)
                />
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-label--s" for="per-page">"Allocations per page"</label>
                    <select class="govuk-select" id="per-page" name="per_page"
                        on:change:target=move |ev| {
                            let size = ev.target().value().parse().unwrap_or(PER_PAGE);
                            draft.update(|d| d.per_page = size);
                        }>
                        {PAGE_SIZES.iter().map(|n| {
                            let n = *n;
                            view! {
                                <option value=n.to_string() selected=move || draft.with(|d| d.per_page == n)>{n.to_string()}</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Apply filters"</button>
            </form>
        }
    };

    // The filters in force, each a tag whose link removes it.
    let selected = move || {
        let q = query.get();
        let tags = q.selected(name_of);
        (!tags.is_empty()).then(|| {
            view! {
                <div class="app-selected-filters" id="selected-filters">
                    <h2 class="govuk-heading-s govuk-!-margin-bottom-2">"Selected filters"</h2>
                    <ul class="govuk-list app-inline-list">
                        {tags.into_iter().map(|tag| view! {
                            <li>
                                <a class="govuk-link app-filter-tag" href=tag.without.href()>
                                    <span class="govuk-visually-hidden">"Remove filter: "</span>
                                    {format!("{}: {}", tag.heading, tag.value)}
                                    <span aria-hidden="true">" ×"</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="govuk-body"><a class="govuk-link" href=ListQuery::new(today).with_range(q.from, q.to).href()>"Clear filters"</a></p>
                </div>
            }
        })
    };

    // The CSV download: every page, with progress, cancellable.
    let export_state = RwSignal::new(Export::Idle);
    // Each download's number; a cancelled or newer one makes the running one stop.
    let export_run = RwSignal::new(0u32);
    let start_export = move |_| {
        if matches!(export_state.get_untracked(), Export::Running { .. }) {
            return;
        }
        let Some(api) = app.api() else { return };
        // The button pressed gives way to "Cancel download": focus goes with it.
        dom::focus_later("cancel-download");
        let run = export_run.get_untracked() + 1;
        export_run.set(run);
        export_state.set(Export::Running { done: 0, total: 0 });
        let reference = app.locations.get_untracked().unwrap_or_default();
        let q = query.get_untracked();
        leptos::task::spawn_local(async move {
            let going = move || export_run.get_untracked() == run;
            let result = export(
                api,
                q,
                reference,
                move |done, total| {
                    if going() {
                        export_state.set(Export::Running { done, total });
                    }
                },
                going,
            )
            .await;
            if !going() {
                return;
            }
            export_state.set(match result {
                Ok(Some((name, count))) => Export::Done { name, count },
                Ok(None) => Export::Failed(PageProblem {
                    title: "The download did not start".to_owned(),
                    body: "Your browser did not save the file. Try again".to_owned(),
                    sign_in_again: false,
                    retry: true,
                }),
                Err(failure) => Export::Failed(page_problem(
                    failure.status(),
                    failure.errors(),
                    "these allocations",
                )),
            });
        });
    };
    let cancel_export = move |_| {
        export_run.update(|n| *n += 1);
        export_state.set(Export::Cancelled);
        dom::focus_later("download-csv");
    };
    let export_view = move || {
        let status = match export_state.get() {
            Export::Idle => None,
            Export::Running { done, total: 0 } => {
                let _ = done;
                Some("Finding the allocations…".to_owned())
            }
            Export::Running { done, total } => Some(format!(
                "Preparing your download: {done} of {total} allocations read"
            )),
            Export::Done { name, count } => Some(format!(
                "Downloaded {name}: {}",
                if count == 1 {
                    "1 allocation".to_owned()
                } else {
                    format!("{count} allocations")
                }
            )),
            Export::Cancelled => Some("Download cancelled".to_owned()),
            Export::Failed(problem) => Some(format!("{}. {}", problem.title, problem.body)),
        };
        let running = matches!(export_state.get(), Export::Running { .. });
        view! {
            <div class="app-export">
                {if running {
                    view! {
                        <button type="button" class="govuk-button govuk-button--warning" data-module="govuk-button" id="cancel-download" on:click=cancel_export>
                            "Cancel download"
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" id="download-csv" on:click=start_export>
                            "Download as CSV"
                            <span class="govuk-visually-hidden">": every allocation these filters find, on every page"</span>
                        </button>
                    }.into_any()
                }}
                <p class="govuk-body" id="download-status" role="status">{status}</p>
            </div>
        }
    };

    let header = move |column: SortBy| {
        let q = query.get();
        let sort = q.aria_sort(column);
        let href = q.sorted_by(column).href();
        view! {
            <th scope="col" class="govuk-table__header" aria-sort=sort>
                <a class="govuk-link app-sort-link" href=href>{column.label()}</a>
            </th>
        }
    };

    let table = move || match data.get() {
        None => loading_view("Loading allocations"),
        Some(Err(failure)) => failed_view(failure, data, "these allocations", None),
        // The previous query's list, while this one's loads: its rows under this query's
        // heading would say what they are not.
        Some(Ok(list)) if list.query != query.get() => loading_view("Loading allocations"),
        Some(Ok(list)) => {
            let q = list.query.clone();
            let count = if list.total == 1 {
                "1 allocation".to_owned()
            } else {
                format!("{} allocations", list.total)
            };
            if list.allocations.is_empty() {
                return view! {
                    <h2 class="govuk-heading-m" id="result-count">{count}</h2>
                    <p class="govuk-body app-empty">{q.empty_text()}</p>
                }
                .into_any();
            }
            let rows = list
                .allocations
                .iter()
                .map(|a| {
                    let from = model::location_name(&list.locations, &a.from_location);
                    let to = model::location_name(&list.locations, &a.to_location);
                    let date = basm_core::time::parse_iso_date(a.date.get(..10).unwrap_or(""))
                        .map(|d| format::relative_date(d, today))
                        .unwrap_or_else(|| a.date.clone());
                    let (tag, colour) = a.progress();
                    let hidden = format!(" from {from} to {to} on {}", format::long_date_text(&a.date));
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=Page::Allocation { id: a.id.clone() }.path()>
                                    {format::people(a.total)}
                                    <span class="govuk-visually-hidden">{hidden}</span>
                                </a>
                            </td>
                            <td class="govuk-table__cell"><Tag text=tag colour=colour/></td>
                            <td class="govuk-table__cell">{from}</td>
                            <td class="govuk-table__cell">{to}</td>
                            <td class="govuk-table__cell">{date}</td>
                        </tr>
                    }
                })
                .collect_view();
            let total_pages = list.total_pages;
            view! {
                <h2 class="govuk-heading-m" id="result-count">{count}</h2>
                {export_view}
                <table class="govuk-table app-allocations-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{} allocations, {}", q.status_text(), q.period_text())}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            {header(SortBy::MovesCount)}
                            <th scope="col" class="govuk-table__header">"Progress"</th>
                            {header(SortBy::FromLocation)}
                            {header(SortBy::ToLocation)}
                            {header(SortBy::Date)}
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">{rows}</tbody>
                </table>
                <Pagination
                    current=Signal::derive(move || query.get().page)
                    total=Signal::derive(move || total_pages)
                    href=Callback::new(move |page| query.get_untracked().with_page(page).href())
                />
            }
            .into_any()
        }
    };

    view! {
        <ErrorSummary errors=summary problem=finding.problem/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l" tabindex="-1">"Allocations"</h1>
                <p class="govuk-body-l">{move || query.get().period_text()}</p>
            </div>
            <div class="govuk-grid-column-one-third app-align-right">
                {pmu.then(|| view! {
                    <a href=Page::AllocationNew.path() role="button" draggable="false" class="govuk-button" data-module="govuk-button">"Create allocation"</a>
                })}
            </div>
        </div>
        <form class="app-filter" id="find-by-reference" novalidate on:submit=on_find>
            <TextInput
                id=ids::MOVE_REFERENCE
                label="Find an allocation by move reference"
                label_class="govuk-label--s"
                hint="The reference on the confirmation, or of any of its moves, for example EMP4537V"
                width="govuk-input--width-10"
                autocomplete="off"
                spellcheck=false
                value=Signal::derive(move || reference.get())
                on_input=Callback::new(move |v: String| {
                    reference.set(v);
                    form.update(|f| f.changed(ids::MOVE_REFERENCE));
                })
                error=Signal::derive(move || shown.with(|s| message_for(s, ids::MOVE_REFERENCE).map(|m| m.message.clone())))
            />
            <SubmitButton text="Find" busy_text="Finding…" busy=finding_busy secondary=true/>
        </form>
        {period_nav}
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">{filters}</div>
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    let q = query.get();
                    let prisons_named: Vec<(String, String)> = prisons
                        .get()
                        .iter()
                        .map(|p| (p.id.clone(), p.display()))
                        .collect();
                    my_prison_line(&q, &prisons_named, my_prison)
                }}
                {selected}
                {table}
            </div>
        </div>
    }
}

/// Under the filter: the user's own prison as a tag they can remove, or, when another prison
/// is chosen, a button to make it theirs.
fn my_prison_line(
    query: &ListQuery,
    prisons: &[(String, String)],
    my_prison: RwSignal<Option<String>>,
) -> Option<AnyView> {
    let location = query.location.clone()?;
    let name = prisons
        .iter()
        .find(|(id, _)| *id == location)
        .map_or_else(|| location.clone(), |(_, name)| name.clone());
    if my_prison.get().as_deref() == Some(location.as_str()) {
        let all = query.with_location(None).href();
        return Some(
            view! {
                <p class="govuk-body" id="my-prison">
                    "Your prison: " <strong class="govuk-tag govuk-tag--blue">{name}</strong> " "
                    <a class="govuk-link" href=all on:click=move |_| {
                        MyPrison::set(None);
                        my_prison.set(None);
                    }>
                        "Remove your prison"
                    </a>
                </p>
            }
            .into_any(),
        );
    }
    Some(
        view! {
            <p class="govuk-body" id="my-prison">
                <button
                    type="button"
                    class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                    data-module="govuk-button"
                    on:click=move |_| {
                        MyPrison::set(Some(&location));
                        my_prison.set(Some(location.clone()));
                    }
                >
                    {format!("Make {name} your prison")}
                </button>
            </p>
        }
        .into_any(),
    )
}
