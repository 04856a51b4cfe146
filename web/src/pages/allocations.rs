//! The allocations list: week or day, status tabs with counts, location filter, sorting and
//! pagination, all in the URL.

use basm_core::forms::{Form, ids, move_reference};
use futures::future::join_all;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::Failure;
use crate::components::govuk::content::SubNavItem;
use crate::components::govuk::{
    ErrorSummary, Pagination, SubNavigation, SubmitButton, Tag, TextInput,
};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::allocation_list::{ListQuery, PAGE_SIZES, Period, SortBy, Status};
use crate::forms::errors::{from_core, message_for};
use crate::forms::format;
use crate::forms::{FieldMessage, FormState};
use crate::model::moves::move_list;
use crate::model::{self, Allocation, Location};
use crate::routes::{Href, Page};
use crate::state::{MyPrison, use_app};
use crate::submit::{Refusal, Submit};

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
struct ListData {
    allocations: Vec<Allocation>,
    locations: Vec<Location>,
    total_pages: u32,
    counts: Vec<(Status, u32)>,
}

async fn load(app: crate::state::AppState, query: ListQuery) -> Result<ListData, Failure> {
    let api = app.api().ok_or(Failure::Network)?;
    let main_path = query.api_path(query.status, query.page, query.per_page);
    let main = api.get(&main_path);
    // One small request per tab, at the same time as the list itself.
    let count_paths: Vec<String> = Status::ALL
        .iter()
        .map(|s| query.api_path(*s, 1, 1))
        .collect();
    let counts = join_all(count_paths.iter().map(|path| api.get(path)));
    // The prisons for the filter; the list shows without them if they fail.
    let (main, counts, _prisons) = futures::join!(main, counts, app.load_reference());
    let main = main?;
    let (allocations, mut locations) = model::allocation_list(&main);
    if let Some(all) = app.locations.get_untracked() {
        for location in all {
            if !locations.iter().any(|l| l.id == location.id) {
                locations.push(location);
            }
        }
    }
    let counts = Status::ALL
        .iter()
        .zip(counts)
        .map(|(status, answer)| {
            (
                *status,
                answer.map(|doc| model::total_objects(&doc)).unwrap_or(0),
            )
        })
        .collect();
    Ok(ListData {
        allocations,
        locations,
        total_pages: model::total_pages(&main),
        counts,
    })
}

fn progress_tag(allocation: &Allocation) -> (String, &'static str) {
    if allocation.is_cancelled() {
        ("Cancelled".to_owned(), "govuk-tag--grey")
    } else if allocation.total > 0 && allocation.filled >= allocation.total {
        ("Filled".to_owned(), "govuk-tag--green")
    } else if allocation.filled == 0 {
        ("None added".to_owned(), "govuk-tag--red")
    } else {
        (format!("{} added", allocation.filled), "govuk-tag--yellow")
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
            let pairs: Vec<(String, String)> = [
                "view",
                "date",
                "status",
                "location",
                "sort",
                "direction",
                "page",
                "per_page",
            ]
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
            let bare = query_map.with(|q| q.get("view").is_none() && q.get("date").is_none());
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
            format!("{} allocations, {}", q.status.label(), q.period_text())
        },
        move || !shown.with(Vec::is_empty) || finding.has_problem(),
    );

    let period_nav = move || {
        let q = query.get();
        let (previous, current, next, other) = match q.period {
            Period::Week => ("Previous week", "This week", "Next week", "View by day"),
            Period::Day => ("Previous day", "Today", "Next day", "View by week"),
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

    let tabs = Signal::derive(move || {
        let q = query.get();
        let counts = data
            .get()
            .and_then(Result::ok)
            .map(|d| d.counts)
            .unwrap_or_default();
        Status::ALL
            .iter()
            .map(|status| {
                let count = counts
                    .iter()
                    .find(|(s, _)| s == status)
                    .map(|(_, n)| format!(" ({n})"))
                    .unwrap_or_default();
                SubNavItem {
                    text: format!("{}{count}", status.label()),
                    href: q.with_status(*status).href(),
                    current: q.status == *status,
                }
            })
            .collect()
    });

    let location_filter = {
        let navigate = navigate.clone();
        move || {
            let q = query.get();
            let current = q.location.clone().unwrap_or_default();
            let prisons = app.locations.get().unwrap_or_default();
            let prisons_named: Vec<(String, String)> = prisons
                .iter()
                .map(|p| (p.id.clone(), p.display()))
                .collect();
            let navigate = navigate.clone();
            let per_page = q.per_page;
            let on_submit = move |ev: web_sys::SubmitEvent| {
                ev.prevent_default();
                let select = |id: &str| {
                    web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id(id))
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(e).ok()
                        })
                        .map(|s| s.value())
                        .unwrap_or_default()
                };
                let location = Some(select("location")).filter(|v| !v.is_empty());
                let size = select("per-page").parse().unwrap_or(per_page);
                navigate(
                    &query
                        .get_untracked()
                        .with_location(location)
                        .with_per_page(size)
                        .href(),
                    Default::default(),
                );
            };
            view! {
                <form class="app-filter" novalidate on:submit=on_submit>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="location">"Prison (from or to)"</label>
                        <select class="govuk-select" id="location" name="location">
                            <option value="" selected=current.is_empty()>"All prisons"</option>
                            {prisons.into_iter().map(|p| {
                                let selected = p.id == current;
                                view! { <option value=p.id.clone() selected=selected>{p.display()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="per-page">"Allocations per page"</label>
                        <select class="govuk-select" id="per-page" name="per_page">
                            {PAGE_SIZES.iter().map(|n| view! {
                                <option value=n.to_string() selected=*n == per_page>{n.to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Apply filter"</button>
                </form>
                {my_prison_line(&q, &prisons_named, my_prison)}
            }
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
        Some(Ok(list)) => {
            let q = query.get();
            if list.allocations.is_empty() {
                return view! {
                    <p class="govuk-body app-empty">
                        {format!(
                            "There are no {} allocations for {}.",
                            q.status.label().to_lowercase(),
                            match q.period { Period::Week => format!("the week of {}", q.period_text()), Period::Day => q.period_text() }
                        )}
                    </p>
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
                    let (tag, colour) = progress_tag(a);
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
                <table class="govuk-table app-allocations-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {format!("{} allocations, {}", q.status.label(), q.period_text())}
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
        <ErrorSummary errors=shown problem=finding.problem/>
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
        {location_filter}
        <SubNavigation label="Allocation status" items=tabs/>
        {table}
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
