//! A supplier's moves for a date.

use basm_core::forms::DateInput;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::Failure;
use crate::components::govuk::content::SubNavItem;
use crate::components::govuk::{DateFields, ErrorSummary, Pagination, SubNavigation, Tag};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::errors::set_date_part;
use crate::forms::format;
use crate::forms::moves::{MovesQuery, STATUSES, actions_for, jump_date, status_colour, words};
use crate::model::moves::{self, SupplierMove};
use crate::routes::{Href, Page, action_segment};
use crate::state::use_app;

/// The moves of `query` and the number of pages, with the query they answer.
async fn load(
    app: crate::state::AppState,
    query: MovesQuery,
) -> Result<(MovesQuery, Vec<SupplierMove>, u32), Failure> {
    let api = app.api().ok_or(Failure::Network)?;
    let document = api.get(&query.api_path()).await?;
    let (list, total_pages) = moves::move_list(&document);
    Ok((query, list, total_pages))
}

/// Moves.
#[component]
pub fn MovesPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query_map = use_query_map();
    let today = dom::today();
    let query = Memo::new(move |_| {
        query_map.with(|q| {
            let pairs: Vec<(String, String)> = ["date", "status", "page"]
                .iter()
                .filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v)))
                .collect();
            MovesQuery::from_pairs(&pairs, today)
        })
    });
    let data = LocalResource::new(move || load(app, query.get()));
    let supplier = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.role.moves_people()));
    // The "go to a date" form: its own small state, never lost while on the page.
    let jump = RwSignal::new(DateInput::default());
    let jump_error = RwSignal::new(None::<FieldMessage>);
    use_title(
        move || format!("Moves, {}", query.get().date_text()),
        move || jump_error.with(Option::is_some),
    );

    let date_nav = move || {
        let q = query.get();
        let current = q.on(today);
        view! {
            <nav class="app-date-navigation" aria-label="Dates">
                <ul class="govuk-list app-inline-list">
                    <li><a class="govuk-link" href=q.previous().href()>"Previous day"</a></li>
                    <li><a class="govuk-link" href=current.href()>"Today"</a></li>
                    <li><a class="govuk-link" href=q.next().href()>"Next day"</a></li>
                </ul>
            </nav>
        }
    };

    let tabs = Signal::derive(move || {
        let q = query.get();
        std::iter::once(None)
            .chain(STATUSES.into_iter().map(Some))
            .map(|status| SubNavItem {
                text: status.map_or("All", format::move_status).to_owned(),
                href: q.with_status(status).href(),
                current: q.status == status,
            })
            .collect::<Vec<_>>()
    });

    let on_jump = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        match jump.with_untracked(jump_date) {
            Ok(date) => {
                jump_error.set(None);
                navigate(&query.get_untracked().on(date).href(), Default::default());
            }
            Err(message) => {
                let code = if message == "Enter a date" {
                    "required"
                } else {
                    "invalid"
                };
                jump_error.set(Some(FieldMessage::new("date-day", code, message)));
                dom::focus_later("error-summary");
            }
        }
    };

    let table = move || match data.get() {
        None => loading_view("Loading moves"),
        Some(Err(failure)) => failed_view(failure, data, "these moves", None),
        // The previous query's moves, while this one's load: its rows under this query's
        // caption would say what they are not.
        Some(Ok((loaded, _, _))) if loaded != query.get() => loading_view("Loading moves"),
        Some(Ok((q, list, total_pages))) => {
            if list.is_empty() {
                return view! {
                    <p class="govuk-body app-empty">{match q.status {
                        None => format!("There are no moves on {}.", q.date_text()),
                        Some(status) => format!("There are no {} moves on {}.", format::move_status(status).to_lowercase(), q.date_text()),
                    }}</p>
                }
                .into_any();
            }
            let rows = list
                .iter()
                .map(|m| {
                    let reference = m.reference_text();
                    // What core would accept, given what this list knows of the move.
                    let (offered, refused) = if supplier {
                        actions_for(&m.id, &m.facts, dom::now_seconds())
                    } else {
                        (Vec::new(), Vec::new())
                    };
                    let links = offered
                        .into_iter()
                        .map(|action| {
                            let href = Page::MoveAction { id: m.id.clone(), action }.path();
                            view! {
                                <li>
                                    <a class="govuk-link" href=href>
                                        {words(action).verb}
                                        <span class="govuk-visually-hidden">{format!(" move {reference}")}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view();
                    let unavailable = refused
                        .into_iter()
                        .map(|(action, why)| {
                            view! {
                                <li class="app-unavailable" data-unavailable=action_segment(action)>
                                    <span class="govuk-body-s">{format!("{}: not available. {why}.", words(action).verb)}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr class="govuk-table__row" data-move=m.id.clone()>
                            <th scope="row" class="govuk-table__header">
                                <a class="govuk-link" href=Page::Move { id: m.id.clone() }.path()>
                                    <span class="govuk-visually-hidden">"Move "</span>
                                    {reference.clone()}
                                </a>
                            </th>
                            <td class="govuk-table__cell">{m.person()}</td>
                            <td class="govuk-table__cell">{if m.from.is_empty() { "Not given".to_owned() } else { m.from.clone() }}</td>
                            <td class="govuk-table__cell">{if m.to.is_empty() { "Not given".to_owned() } else { m.to.clone() }}</td>
                            <td class="govuk-table__cell"><Tag text=format::move_status(&m.status).to_owned() colour=status_colour(&m.status)/></td>
                            <td class="govuk-table__cell">
                                <ul class="govuk-list app-inline-list">{links}{unavailable}</ul>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">
                        {match q.status {
                            None => format!("Moves on {}", q.date_text()),
                            Some(status) => format!("{} moves on {}", format::move_status(status), q.date_text()),
                        }}
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Move reference"</th>
                            <th scope="col" class="govuk-table__header">"Person"</th>
                            <th scope="col" class="govuk-table__header">"From"</th>
                            <th scope="col" class="govuk-table__header">"To"</th>
                            <th scope="col" class="govuk-table__header">"Status"</th>
                            <th scope="col" class="govuk-table__header">"Actions"</th>
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

    let example = today;
    view! {
        <ErrorSummary errors=Signal::derive(move || jump_error.get().into_iter().collect::<Vec<_>>())/>
        <h1 class="govuk-heading-l" tabindex="-1">"Moves"</h1>
        <p class="govuk-body-l">{move || query.get().date_text()}</p>
        {date_nav}
        <form class="app-filter" novalidate on:submit=on_jump>
            <DateFields
                id="date"
                legend="Go to a date"
                legend_class="govuk-fieldset__legend--s"
                hint=format!("For example, {} {} {}", example.day, example.month, example.year)
                value=Signal::derive(move || jump.get())
                on_input=Callback::new(move |(part, v): (&'static str, String)| {
                    jump.update(|d| set_date_part(d, part, v));
                    jump_error.set(None);
                })
                error=Signal::derive(move || jump_error.get())
            />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Show moves"</button>
        </form>
        <SubNavigation label="Move status" items=tabs/>
        {table}
    }
}
