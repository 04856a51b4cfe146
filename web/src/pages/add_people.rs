//! OCA bulk mode: paste several prison numbers; each line shows whether it can be added (bad
//! format, not found, already in this allocation, repeated, more people than places) before
//! anything is sent; then add them all, one after another, with progress per line and a
//! retry for any that failed. Re-running never assigns anyone twice: each line is checked
//! against the allocation, as it is then, before it is added.

use basm_core::forms::Form;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::add_person::{add_to_allocation, failure_text};
use super::allocation::{allocation_title, use_allocation};
use crate::api::Failure;
use crate::components::govuk::{
    BackLink, ErrorSummary, NotificationBanner, SubmitButton, Tag, Textarea, WarningText,
};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::errors::message_for;
use crate::forms::people::{
    AddWork, BulkLine, LineState, counts, numbers_to_look_up, people_path, places_left, plan,
};
use crate::forms::{FieldMessage, FormState, format};
use crate::messages::page_problem;
use crate::model::people::{
    CATEGORIES_PATH, Person, categories, included_profiles, people, person_facts,
};
use crate::routes::Page;
use crate::state::use_app;
use crate::submit::{Refusal, Submit};
use basm_core::context::PersonFacts;
use basm_core::forms::ids;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct BulkDraft {
    /// The list as typed.
    text: String,
    form: FormState,
    /// The text the lines were checked for.
    checked: String,
    /// The checked lines, with their progress.
    lines: Vec<BulkLine>,
}

impl BulkDraft {
    fn is_current(&self) -> bool {
        !self.lines.is_empty() && self.checked == self.text
    }

    /// Everything that could be added was: nothing left worth keeping.
    fn is_finished(&self) -> bool {
        self.is_current()
            && !self.lines.iter().any(BulkLine::is_to_add)
            && self
                .lines
                .iter()
                .any(|l| matches!(l.state, LineState::Added { .. }))
    }
}

fn state_view(state: &LineState) -> AnyView {
    let (text, colour, message) = match state {
        LineState::Ready => ("Can be added".to_owned(), "govuk-tag--blue", None),
        LineState::Problem { message, .. } => (
            "Cannot be added".to_owned(),
            "govuk-tag--red",
            Some(message.clone()),
        ),
        LineState::Adding => ("Adding".to_owned(), "govuk-tag--grey", None),
        LineState::Added { place } => (format!("Added to place {place}"), "govuk-tag--green", None),
        LineState::Failed { message } => (
            "Not added".to_owned(),
            "govuk-tag--red",
            Some(message.clone()),
        ),
    };
    view! {
        <Tag text=text colour=colour/>
        {message.map(|m| view! { <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">{m}</p> })}
    }
    .into_any()
}

/// A line's state after adding it failed: worth trying again when the API did not answer,
/// could not cope, or refused the sign-in; otherwise the API refused this person (a
/// category it does not move, no place left) and a retry would be refused again.
fn after_failure(failure: &Failure) -> LineState {
    let message = failure_text(failure);
    match failure {
        Failure::Refused {
            status: 400 | 404 | 422,
            errors,
            ..
        } => LineState::Problem {
            code: errors
                .first()
                .map_or_else(|| "refused".to_owned(), |e| e.code.to_string()),
            message,
        },
        _ => LineState::Failed { message },
    }
}

/// The people with `numbers`, and what the page knows of each for core: their category
/// (their latest profile's, named by the reference list) and whether this service moves it.
async fn find_with_facts(
    api: &crate::api::Api,
    numbers: &[String],
) -> Result<(Vec<Person>, Vec<(String, PersonFacts)>), Failure> {
    let document = api.get(&people_path(numbers)).await?;
    let found = people(&document);
    let profiles = included_profiles(&document);
    let categories = categories(&api.get(CATEGORIES_PATH).await?);
    let facts = found
        .iter()
        .map(|p| (p.id.clone(), person_facts(p, &profiles, &categories)))
        .collect();
    Ok((found, facts))
}

/// The bulk page.
#[component]
pub fn AddPeoplePage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let data = use_allocation(id.clone());
    let key = format!("basm:draft:add-people:{id}");
    let draft = RwSignal::new(dom::load::<BulkDraft>(false, &key).unwrap_or_default());
    {
        let key = key.clone();
        Effect::new(move |_| {
            draft.with(|d| {
                if d.is_finished() {
                    dom::storage_remove(false, &key);
                } else {
                    dom::save(false, &key, d);
                }
            });
        });
    }
    // A reload in the middle of adding: the lines being added are to be tried again.
    draft.update_untracked(|d| {
        for line in &mut d.lines {
            if line.state == LineState::Adding {
                line.state = LineState::Failed {
                    message: "Adding stopped before it finished. Try again.".to_owned(),
                };
            }
        }
    });
    // Two forms, each a look-up or several requests with their own keys: no attempt kept.
    let check = Submit::new(format!("basm:attempt:check-people:{id}"));
    let add = Submit::new(format!("basm:attempt:add-people:{id}"));
    let problem = Signal::derive(move || check.problem.get().or_else(|| add.problem.get()));
    let status = RwSignal::new(String::new());
    let client = Memo::new(move |_| {
        draft.with(|d| {
            let lines = basm_core::forms::bulk_prison_numbers(&d.text, usize::MAX, &[]);
            basm_core::forms::bulk_prison_numbers_error(&lines)
                .filter(|e| e.code == "required")
                .map(|e| vec![FieldMessage::from(&e)])
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| {
        draft.with(|d| d.form.visible(&client.get(), &Form::AddPeople.order("")))
    });
    use_title(
        || "Add several people to this allocation".to_owned(),
        move || !shown.with(Vec::is_empty) || problem.with(Option::is_some),
    );

    let on_check = move |ev: web_sys::SubmitEvent| {
        if !check.accept(&ev) || add.is_busy() {
            return;
        }
        draft.update(|d| d.form.submit());
        if !client.with_untracked(Vec::is_empty) {
            return check.invalid();
        }
        let Some(Ok((_, moves, _))) = data.get_untracked() else {
            return;
        };
        let Some(api) = app.api() else { return };
        let text = draft.with_untracked(|d| d.text.clone());
        let numbers = numbers_to_look_up(&text, &moves);
        let lookup = async move {
            if numbers.is_empty() {
                Ok((Vec::new(), Vec::new()))
            } else {
                find_with_facts(&api, &numbers).await
            }
        };
        let refusal = Refusal::form(Form::AddPeople, "", "these people")
            .onto(move |server| draft.update(|d| d.form.server = server));
        check.run(lookup, refusal, move |(found, facts)| {
            let lines = plan(&text, &moves, &found, &facts);
            draft.update(|d| {
                d.checked = text.clone();
                d.lines = lines;
            });
            dom::focus_later("check-results");
            Ok(())
        });
    };

    let on_add = {
        let id = id.clone();
        move |ev: web_sys::SubmitEvent| {
            if !add.accept(&ev) || !draft.with_untracked(BulkDraft::is_current) {
                return;
            }
            let Some(api) = app.api() else { return };
            check.problem.set(None);
            let todo: Vec<usize> = draft.with_untracked(|d| {
                d.lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.is_to_add())
                    .map(|(i, _)| i)
                    .collect()
            });
            if todo.is_empty() {
                return;
            }
            let id = id.clone();
            // One line after another, each with its own keys and look-ups (`AddWork`): a
            // line that fails says why on its row, and the others go on.
            let lines = async move {
                let total = todo.len();
                for (n, i) in todo.into_iter().enumerate() {
                    let Some((number, mut work)) = draft.with_untracked(|d| {
                        d.lines
                            .get(i)
                            .and_then(|l| l.number.clone().map(|n| (n, l.work.clone())))
                    }) else {
                        continue;
                    };
                    status.set(format!("Adding {number}: {} of {total}", n + 1));
                    draft.update(|d| d.lines[i].state = LineState::Adding);
                    let save = |w: &AddWork| draft.update(|d| d.lines[i].work = w.clone());
                    let result = add_to_allocation(&api, &id, &number, &mut work, &save).await;
                    draft.update(|d| {
                        let line = &mut d.lines[i];
                        match result {
                            Ok((place, _)) => {
                                line.state = LineState::Added { place };
                                line.work = AddWork::default();
                            }
                            Err(failure) => {
                                line.state = after_failure(&failure);
                                line.work = work;
                            }
                        }
                    });
                }
                Ok(())
            };
            let refusal = Refusal::worded(|f| page_problem(f.status(), f.errors(), "these people"));
            add.run(lines, refusal, move |()| {
                let (_, _, added, failed) = draft.with_untracked(|d| counts(&d.lines));
                status.set(if failed == 0 {
                    format!("Finished: {added} added")
                } else {
                    format!("Finished: {added} added, {failed} not added")
                });
                data.refetch();
                dom::focus_later("add-results");
                Ok(())
            });
        }
    };

    let checking_busy = check.busy();
    let adding_busy = add.busy();
    let href = Page::Allocation { id: id.clone() }.path();
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => failed_view(failure, data, "this allocation", Some(href.clone())),
        Some(Ok((allocation, moves, locations))) => {
            let left = places_left(&moves);
            let cancelled = allocation.is_cancelled();
            let check = on_check;
            let add = on_add.clone();
            let href_for_banner = href.clone();
            let rows = move || {
                draft.with(|d| {
                    d.lines
                        .iter()
                        .map(|line| {
                            let number = line.number.clone().unwrap_or_else(|| line.input.clone());
                            let (name, born) = line.person.as_ref().map_or_else(
                                || (String::new(), String::new()),
                                |p| {
                                    (
                                        p.name.clone(),
                                        p.date_of_birth
                                            .as_deref()
                                            .map(format::long_date_text)
                                            .unwrap_or_default(),
                                    )
                                },
                            );
                            view! {
                                <tr class="govuk-table__row">
                                    <th scope="row" class="govuk-table__header">{number}</th>
                                    <td class="govuk-table__cell">{name}</td>
                                    <td class="govuk-table__cell">{born}</td>
                                    <td class="govuk-table__cell">{state_view(&line.state)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })
            };
            let summary = move || {
                draft.with(|d| {
                    if !d.is_current() {
                        return None;
                    }
                    let (ready, problems, added, failed) = counts(&d.lines);
                    Some((ready, problems, added, failed))
                })
            };
            view! {
                <BackLink href=href.clone()/>
                <ErrorSummary errors=shown problem=problem/>
                <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                <h1 class="govuk-heading-l" tabindex="-1">"Add several people to this allocation"</h1>
                <p class="govuk-body">
                    {if cancelled {
                        "This allocation was cancelled.".to_owned()
                    } else if left == 1 {
                        "1 place left.".to_owned()
                    } else {
                        format!("{left} places left.")
                    }}
                </p>
                <span class="govuk-visually-hidden" role="status" aria-live="polite">{move || status.get()}</span>
                {move || summary().filter(|(_, _, added, failed)| added + failed > 0).filter(|_| !adding_busy.get()).map(|(_, problems, added, failed)| {
                    let href = href_for_banner.clone();
                    let heading = if failed == 0 {
                        format!("{} added", format::people(u32::try_from(added).unwrap_or(0)))
                    } else {
                        format!(
                            "{} added. {} not added",
                            format::people(u32::try_from(added).unwrap_or(0)),
                            failed
                        )
                    };
                    view! {
                        <div id="add-results" tabindex="-1">
                            <NotificationBanner
                                success=failed == 0
                                heading=heading
                                body=match (failed, problems) {
                                    (0, 0) => "Everyone on the list is in the allocation.".to_owned(),
                                    (0, 1) => "1 prison number on the list could not be added: the list says why.".to_owned(),
                                    (0, n) => format!("{n} prison numbers on the list could not be added: the list says why."),
                                    _ => "Try again for the people not added: no one is added twice.".to_owned(),
                                }
                            />
                            <p class="govuk-body"><a class="govuk-link" href=href>"Go to the allocation"</a></p>
                        </div>
                    }
                })}
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <form novalidate on:submit=check>
                            <Textarea
                                id=ids::PRISON_NUMBERS
                                label="Prison numbers"
                                hint="Enter one prison number a line, or separate them with commas or spaces. For example, A1234BC"
                                rows=6
                                value=Signal::derive(move || draft.with(|d| d.text.clone()))
                                on_input=Callback::new(move |v: String| draft.update(|d| {
                                    d.text = v;
                                    d.form.changed(ids::PRISON_NUMBERS);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::PRISON_NUMBERS).map(|m| m.message.clone())))
                            />
                            {move || {
                                let stale = draft.with(|d| !d.lines.is_empty() && d.checked != d.text);
                                stale.then(|| view! {
                                    <p class="govuk-body">"You changed the list. Check it again before adding anyone."</p>
                                })
                            }}
                            <SubmitButton text="Check prison numbers" busy_text="Checking prison numbers…" busy=checking_busy/>
                        </form>
                    </div>
                </div>
                {move || draft.with(BulkDraft::is_current).then(|| {
                    let add = add.clone();
                    let (ready, problems, added, failed) = summary().unwrap_or_default();
                    let to_add = ready + failed;
                    view! {
                        <h2 class="govuk-heading-m" id="check-results" tabindex="-1">"Prison numbers checked"</h2>
                        {(problems > 0).then(|| view! {
                            <WarningText text=if problems == 1 {
                                "1 prison number cannot be added. You can add the others, or change the list and check it again.".to_owned()
                            } else {
                                format!("{problems} prison numbers cannot be added. You can add the others, or change the list and check it again.")
                            }/>
                        })}
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-visually-hidden">"Prison numbers checked, and whether each can be added"</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Prison number"</th>
                                    <th scope="col" class="govuk-table__header">"Name"</th>
                                    <th scope="col" class="govuk-table__header">"Date of birth"</th>
                                    <th scope="col" class="govuk-table__header">"Status"</th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">{rows}</tbody>
                        </table>
                        {(to_add > 0).then(|| {
                            let text = if failed > 0 && ready == 0 {
                                format!("Try again for {}", format::people(u32::try_from(failed).unwrap_or(0)))
                            } else {
                                format!("Add {}", format::people(u32::try_from(to_add).unwrap_or(0)))
                            };
                            view! {
                                <form id="add-people" novalidate on:submit=add>
                                    <SubmitButton text=text busy_text="Adding people…" busy=adding_busy/>
                                </form>
                            }
                        })}
                        {(to_add == 0 && added == 0).then(|| view! {
                            <p class="govuk-body">"No one on this list can be added. Change the list and check it again."</p>
                        })}
                    }
                })}
            }
            .into_any()
        }
    }
}
