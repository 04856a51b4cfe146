//! Create an allocation: details, criteria, check answers. The draft (and the submission's
//! Idempotency-Key) is saved on every change and restored after a reload.

use basm_core::documents::AllocationCreate;
use basm_core::forms::Form;
use basm_core::forms::ids;
use basm_core::forms::{
    ComplexCase, allocation_create, allocation_criteria, allocation_details, category_question,
    estate_for_destination, preselect_estate, preselected_estate_hint,
};
use basm_core::values::{Estate, PrisonerCategory};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::{Api, Failure};
use crate::components::govuk::{
    Autocomplete, BackLink, CheckboxOption, Checkboxes, DateFields, ErrorSummary, InsetText,
    RadioOption, Radios, SubmitButton, SummaryList, SummaryRow, TextInput, Textarea,
};
use crate::components::page::{loading_view, use_core_check, use_saved_draft, use_title};
use crate::dom;
use crate::forms::allocation_new::{
    AllocationDraft, JOURNEY_KIND, LEGACY_DRAFT_KEYS, Step, answer_rows, is_created_by, step_of,
    unfinished_summary,
};
use crate::forms::errors::{from_core, message_for, set_date_part};
use crate::forms::format;
use crate::forms::journey::{self, Created, JOURNEY_PARAM};
use crate::messages::page_problem;
use crate::model::{self, Location};
use crate::routes::{Page, RETURN_TO_CHECK};
use crate::state::{Journeys, RecentPrisons, use_app};
use crate::submit::{Refusal, Request, Submit};
use crate::url::encode;

/// A step of the journey, as a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewStep {
    /// Allocation details.
    Details,
    /// Allocation criteria.
    Criteria,
    /// Check answers.
    Check,
}

impl NewStep {
    fn page(self) -> Page {
        match self {
            NewStep::Details => Page::AllocationNew,
            NewStep::Criteria => Page::AllocationNewCriteria,
            NewStep::Check => Page::AllocationNewCheck,
        }
    }
}

/// The address of `page` in journey `id` (with `extra` query and a `fragment`).
fn in_journey(page: &Page, id: &str, extra: &str, fragment: &str) -> String {
    journey::href(&page.path(), id, extra, fragment)
}

/// A step of "create an allocation" in its journey (`?journey=…`): a bare address gets a
/// new journey (the address is replaced, so Back does not return to the bare one); a
/// finished journey's address opens the allocation it created, never an empty form to send
/// again.
pub fn journey(step: NewStep) -> AnyView {
    let navigate = use_navigate();
    let location = use_location();
    let given = use_query_map()
        .with_untracked(|q| q.get(JOURNEY_PARAM))
        .filter(|id| journey::is_id(id));
    for key in LEGACY_DRAFT_KEYS {
        dom::storage_remove(false, key);
    }
    let replace = || NavigateOptions {
        replace: true,
        ..Default::default()
    };
    let id = match given {
        Some(id) => id,
        None => {
            let id = journey::new_id(&dom::random_uuid());
            // The address names the journey: a reload, and only this tab, come back to it.
            let others = location.query.with_untracked(|q| {
                q.clone()
                    .into_iter()
                    .filter(|(k, _)| k != JOURNEY_PARAM)
                    .map(|(k, v)| format!("{}={}", encode(&k), encode(&v)))
                    .collect::<Vec<_>>()
                    .join("&")
            });
            let hash = location.hash.get_untracked();
            let href = in_journey(&step.page(), &id, &others, hash.trim_start_matches('#'));
            dom::after_render(move || navigate(&href, replace()));
            id
        }
    };
    Journeys::open(JOURNEY_KIND, &id);
    if let Some(created) = Journeys::result::<Created>(JOURNEY_KIND, &id) {
        let href = Page::AllocationConfirmation {
            id: created.allocation,
        }
        .path();
        let navigate = use_navigate();
        dom::after_render(move || navigate(&href, replace()));
        return loading_view("Opening the allocation you created");
    }
    match step {
        NewStep::Details => view! { <DetailsPage journey=id/> }.into_any(),
        NewStep::Criteria => view! { <CriteriaPage journey=id/> }.into_any(),
        NewStep::Check => view! { <CheckPage journey=id/> }.into_any(),
    }
}

/// The draft of journey `id`, saved on every change.
fn use_draft(id: &str) -> (RwSignal<AllocationDraft>, bool) {
    let draft = use_saved_draft(
        journey::draft_key(JOURNEY_KIND, id),
        AllocationDraft::default,
    );
    let restored = draft.with_untracked(|d| *d != AllocationDraft::default());
    (draft, restored)
}

/// Keeps the estate preselected from the destination's reference data (a young offender
/// institution of the youth estate: juvenile male), never over the user's own answer: core's
/// `estate_for_destination` and `preselect_estate`.
fn use_estate_preselection(draft: RwSignal<AllocationDraft>, locations: Signal<Vec<Location>>) {
    Effect::new(move |_| {
        let to = draft.with(|d| d.details.to_location.clone());
        let Some(suggested) = locations.with(|list| {
            (!list.is_empty()).then(|| {
                list.iter().find(|l| l.id == to).and_then(|l| {
                    estate_for_destination(&l.location_type, l.young_offender_institution)
                })
            })
        }) else {
            // The prisons have not arrived: nothing is known of the destination yet.
            return;
        };
        let change =
            draft.with(|d| preselect_estate(&d.criteria.estate, d.estate_preselected, suggested));
        if let Some((estate, preselected)) = change {
            draft.update(|d| {
                d.criteria.estate = estate;
                d.estate_preselected = preselected;
            });
        }
    });
}

/// Loads the reference lists; `None` while loading, then the failure if any.
fn use_reference() -> (LocalResource<Result<(), Failure>>, Signal<Vec<Location>>) {
    let app = use_app();
    let resource = LocalResource::new(move || async move { app.load_reference().await });
    let locations = Signal::derive(move || app.locations.get().unwrap_or_default());
    (resource, locations)
}

#[component]
fn ReferenceProblem(resource: LocalResource<Result<(), Failure>>) -> impl IntoView {
    move || {
        resource.get().and_then(Result::err).map(|failure| {
            let problem = page_problem(failure.status(), failure.errors(), "the list of prisons");
            view! {
                <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1">
                    <div role="alert">
                        <h2 class="govuk-error-summary__title">"We could not load the list of prisons"</h2>
                        <div class="govuk-error-summary__body">
                            <p>{problem.body}</p>
                            <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" on:click=move |_| resource.refetch()>
                                "Try again"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

fn returns_to_check() -> Memo<bool> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| q.get(RETURN_TO_CHECK.0).as_deref() == Some(RETURN_TO_CHECK.1))
    })
}

/// Step 1: number of people, from, to, date.
#[component]
pub fn DetailsPage(
    /// The journey's id.
    journey: String,
) -> impl IntoView {
    let navigate = use_navigate();
    let (draft, restored) = use_draft(&journey);
    // A new journey offers the unfinished ones of this browser (at most 3, newest first):
    // a draft is never out of reach because a new journey began.
    let unfinished: Vec<(String, String)> = if restored {
        Vec::new()
    } else {
        Journeys::unfinished::<AllocationDraft>(JOURNEY_KIND, &journey)
            .into_iter()
            .filter_map(|(id, d)| {
                unfinished_summary(&d)
                    .map(|text| (in_journey(&Page::AllocationNew, &id, "", ""), text))
            })
            .take(3)
            .collect()
    };
    let (reference, locations) = use_reference();
    use_estate_preselection(draft, locations);
    let back_to_check = returns_to_check();
    let today = dom::today();
    // The prisons chosen last in this browser are offered first.
    let recent = RecentPrisons::load();
    let choices = Signal::derive(move || {
        let all = locations.with(|l| {
            l.iter()
                .map(crate::forms::autocomplete::Choice::from)
                .collect::<Vec<_>>()
        });
        crate::forms::autocomplete::recent_first(all, &recent)
    });
    // Text typed before the prisons arrived names a prison once they have.
    Effect::new(move |_| {
        let list = choices.get();
        if list.is_empty() {
            return;
        }
        draft.update(|d| {
            for (text, id) in [
                (&d.from_text, &mut d.details.from_location),
                (&d.to_text, &mut d.details.to_location),
            ] {
                if id.is_empty()
                    && let Some(i) = crate::forms::autocomplete::exact(&list, text)
                {
                    *id = list[i].id.clone();
                }
            }
        });
    });
    let client = use_core_check(move || draft.with(|d| allocation_details(&d.details, today)));
    let shown = Memo::new(move |_| {
        draft.with(|d| {
            d.details_form
                .visible(&client.get(), &Form::AllocationCreate.order(""))
        })
    });
    let error = move |group: &'static str| {
        Signal::derive(move || shown.with(|s| message_for(s, group).map(|m| m.message.clone())))
    };
    use_title(
        || "Allocation details".to_owned(),
        move || !shown.with(Vec::is_empty),
    );
    dom::after_render(|| dom::mark("basm:create-form-ready"));

    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        draft.update(|d| d.details_form.submit());
        if !client.get_untracked().is_empty() {
            dom::focus_later("error-summary");
            return;
        }
        let next = if back_to_check.get_untracked() {
            Page::AllocationNewCheck
        } else {
            Page::AllocationNewCriteria
        };
        navigate(&in_journey(&next, &journey, "", ""), Default::default());
    };
    let example = today.add_days(14);
    let from_id = Signal::derive(move || {
        draft.with(|d| Some(d.details.from_location.clone()).filter(|s| !s.is_empty()))
    });
    view! {
        <BackLink href=Page::Allocations.path()/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=shown/>
                <ReferenceProblem resource=reference/>
                <span class="govuk-caption-l">"Create an allocation"</span>
                <h1 class="govuk-heading-l" tabindex="-1">"Allocation details"</h1>
                {(!restored && !unfinished.is_empty()).then(|| view! {
                    <InsetText>
                        <p class="govuk-body">"You have not finished these allocations. Continue one, or create a new one below."</p>
                        <ul class="govuk-list govuk-!-margin-bottom-0">
                            {unfinished.iter().map(|(href, text)| view! {
                                <li><a class="govuk-link" href=href.clone()>{format!("Continue: {text}")}</a></li>
                            }).collect_view()}
                        </ul>
                    </InsetText>
                })}
                {restored.then(|| view! {
                    <InsetText>
                        <p class="govuk-body">"We kept the answers you gave earlier. Check them and continue, or start again."</p>
                        <button
                            type="button"
                            class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            data-module="govuk-button"
                            on:click=move |_| {
                                draft.set(AllocationDraft::default());
                                dom::focus_id(ids::MOVES_COUNT);
                            }
                        >
                            "Start again"
                        </button>
                    </InsetText>
                })}
                <form novalidate on:submit=on_submit>
                    <TextInput
                        id=ids::MOVES_COUNT
                        label="Number of people"
                        label_class="govuk-label--s"
                        hint="From 1 to 99"
                        width="govuk-input--width-2"
                        input_mode="numeric"
                        autocomplete="off"
                        spellcheck=false
                        value=Signal::derive(move || draft.with(|d| d.details.moves_count.clone()))
                        on_input=Callback::new(move |v| draft.update(|d| {
                            d.details.moves_count = v;
                            d.details_form.changed(ids::MOVES_COUNT);
                        }))
                        error=error(ids::MOVES_COUNT)
                    />
                    <Autocomplete
                        id=ids::FROM_LOCATION
                        label="Prison they are moving from"
                        label_class="govuk-label--s"
                        hint="Start typing the prison's name or code, like Brinsford or BSI"
                        choices=choices
                        exclude=Signal::derive(|| None::<String>)
                        text=Signal::derive(move || draft.with(|d| d.from_text.clone()))
                        on_change=Callback::new(move |(text, id): (String, Option<String>)| draft.update(|d| {
                            d.from_text = text;
                            d.details.from_location = id.unwrap_or_default();
                            d.details_form.changed(ids::FROM_LOCATION);
                        }))
                        error=error(ids::FROM_LOCATION)
                    />
                    <Autocomplete
                        id=ids::TO_LOCATION
                        label="Prison they are moving to"
                        label_class="govuk-label--s"
                        hint="Start typing the prison's name or code, like Isle of Wight or IWI"
                        choices=choices
                        exclude=from_id
                        text=Signal::derive(move || draft.with(|d| d.to_text.clone()))
                        on_change=Callback::new(move |(text, id): (String, Option<String>)| draft.update(|d| {
                            d.to_text = text;
                            d.details.to_location = id.unwrap_or_default();
                            d.details_form.changed(ids::TO_LOCATION);
                        }))
                        error=error(ids::TO_LOCATION)
                    />
                    <DateFields
                        id=ids::DATE
                        legend="Date of the move"
                        legend_class="govuk-fieldset__legend--s"
                        hint=format!("For example, {} {} {}", example.day, example.month, example.year)
                        value=Signal::derive(move || draft.with(|d| d.details.date.clone()))
                        on_input=Callback::new(move |(part, v): (&'static str, String)| draft.update(|d| {
                            set_date_part(&mut d.details.date, part, v);
                            d.details_form.changed(ids::DATE);
                        }))
                        error=Signal::derive(move || shown.with(|s| message_for(s, ids::DATE).cloned()))
                    />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                        <a class="govuk-link" href=Page::Allocations.path()>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// The category question an estate reveals: its field id (`name`) and answers, as core's
/// `category_question` gives them.
fn category_radios(
    draft: RwSignal<AllocationDraft>,
    shown: Memo<Vec<crate::forms::FieldMessage>>,
    name: &'static str,
    answers: &'static [PrisonerCategory],
) -> AnyView {
    let radios = answers
        .iter()
        .map(|answer| RadioOption::new(answer.as_str(), format::category(answer.as_str())))
        .collect::<Vec<_>>();
    view! {
        <Radios
            name=name
            legend="Prisoner category"
            small=true
            options=radios
            value=Signal::derive(move || draft.with(|d| d.criteria.prisoner_category.clone()))
            on_change=Callback::new(move |v| draft.update(|d| {
                d.criteria.prisoner_category = v;
                d.criteria_form.changed(name);
            }))
            error=Signal::derive(move || shown.with(|s| message_for(s, name).map(|m| m.message.clone())))
        />
    }
    .into_any()
}

/// Step 2: the criteria the people must meet.
#[component]
pub fn CriteriaPage(
    /// The journey's id.
    journey: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let (draft, _) = use_draft(&journey);
    let (reference, locations) = use_reference();
    use_estate_preselection(draft, locations);
    // Why the estate is already answered, when it was preselected.
    let estate_hint = Memo::new(move |_| {
        draft.with(|d| {
            d.estate_preselected.then(|| {
                preselected_estate_hint(
                    &locations.with(|l| model::location_name(l, &d.details.to_location)),
                )
            })
        })
    });
    let cases = Signal::derive(move || app.complex_cases.get().unwrap_or_default());
    let client = use_core_check(move || {
        cases.with(|cases| draft.with(|d| allocation_criteria(&d.criteria, cases)))
    });
    let shown = Memo::new(move |_| {
        draft.with(|d| {
            d.criteria_form
                .visible(&client.get(), &Form::AllocationCreate.order(""))
        })
    });
    let error = move |group: &'static str| {
        Signal::derive(move || shown.with(|s| message_for(s, group).map(|m| m.message.clone())))
    };
    use_title(
        || "Allocation criteria".to_owned(),
        move || !shown.with(Vec::is_empty),
    );
    let details_done =
        draft.with_untracked(|d| allocation_details(&d.details, dom::today()).is_ok());

    let on_submit = {
        let journey = journey.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            draft.update(|d| d.criteria_form.submit());
            if !client.get_untracked().is_empty() {
                dom::focus_later("error-summary");
                return;
            }
            navigate(
                &in_journey(&Page::AllocationNewCheck, &journey, "", ""),
                Default::default(),
            );
        }
    };
    let text_field = move |id: &'static str,
                           label: &'static str,
                           get: fn(&AllocationDraft) -> String,
                           set: fn(&mut AllocationDraft, String)| {
        view! {
            <Textarea
                id=id
                label=label
                rows=3
                value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v| draft.update(|d| {
                    set(d, v);
                    d.criteria_form.changed(id);
                }))
                error=Signal::derive(move || shown.with(|s| message_for(s, id).map(|m| m.message.clone())))
            />
        }
        .into_any()
    };
    let estates = move || {
        format::ESTATES
            .iter()
            .map(|&estate| {
                let option = RadioOption::new(estate, format::estate(estate));
                if let Some((name, answers)) = Estate::from_wire(estate).and_then(category_question)
                {
                    return option.reveal(move || category_radios(draft, shown, name, answers));
                }
                match estate {
                    "other_estate" => option.reveal(move || {
                        text_field(
                            ids::ESTATE_COMMENT,
                            "Describe the estate",
                            |d| d.criteria.estate_comment.clone(),
                            |d, v| d.criteria.estate_comment = v,
                        )
                    }),
                    _ => option,
                }
            })
            .collect::<Vec<_>>()
    };
    let sentences = format::SENTENCE_LENGTHS
        .iter()
        .map(|&key| {
            let option = RadioOption::new(key, format::sentence_length(key));
            if key == "other" {
                option.reveal(move || {
                    text_field(
                        ids::SENTENCE_LENGTH_COMMENT,
                        "Give details of the time left to serve",
                        |d| d.criteria.sentence_length_comment.clone(),
                        |d, v| d.criteria.sentence_length_comment = v,
                    )
                })
            } else {
                option
            }
        })
        .collect::<Vec<_>>();
    let yes_no = || vec![RadioOption::new("yes", "Yes"), RadioOption::new("no", "No")];
    let other_options = vec![
        RadioOption::new("yes", "Yes").reveal(move || {
            text_field(
                ids::OTHER_CRITERIA,
                "Other criteria",
                |d| d.criteria.other_criteria.clone(),
                |d, v| d.criteria.other_criteria = v,
            )
        }),
        RadioOption::new("no", "No"),
    ];
    let radio = move |name: &'static str,
                      get: fn(&AllocationDraft) -> String,
                      set: fn(&mut AllocationDraft, String)| {
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v| {
                draft.update(|d| {
                    set(d, v);
                    d.criteria_form.changed(name);
                })
            }),
        )
    };
    let (estate_value, estate_change) = radio(
        ids::ESTATE,
        |d| d.criteria.estate.clone(),
        |d, v| {
            // The user's own answer from now on: never preselected over.
            d.criteria.estate = v;
            d.estate_preselected = false;
        },
    );
    let (sentence_value, sentence_change) = radio(
        ids::SENTENCE_LENGTH,
        |d| d.criteria.sentence_length.clone(),
        |d, v| d.criteria.sentence_length = v,
    );
    let (full_value, full_change) = radio(
        ids::COMPLETE_IN_FULL,
        |d| d.criteria.complete_in_full.clone(),
        |d, v| d.criteria.complete_in_full = v,
    );
    let (other_value, other_change) = radio(
        ids::HAS_OTHER_CRITERIA,
        |d| d.criteria.has_other_criteria.clone(),
        |d, v| d.criteria.has_other_criteria = v,
    );
    let details_href = in_journey(&Page::AllocationNew, &journey, "", "");
    let back = {
        let journey = journey.clone();
        let details_href = details_href.clone();
        move || {
            if returns_to_check().get() {
                in_journey(&Page::AllocationNewCheck, &journey, "", "")
            } else {
                details_href.clone()
            }
        }
    };
    view! {
        <BackLink href=back()/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=shown/>
                <ReferenceProblem resource=reference/>
                <span class="govuk-caption-l">"Create an allocation"</span>
                <h1 class="govuk-heading-l" tabindex="-1">"Allocation criteria"</h1>
                {(!details_done).then(|| view! {
                    <InsetText>
                        "You have not finished the allocation details yet. "
                        <a class="govuk-link" href=details_href.clone()>"Go to the allocation details"</a>
                    </InsetText>
                })}
                <form novalidate on:submit=on_submit>
                    <Radios
                        name=ids::ESTATE
                        legend="Estate"
                        legend_class="govuk-fieldset__legend--m"
                        live_hint=estate_hint
                        options=estates()
                        value=estate_value
                        on_change=estate_change
                        error=error(ids::ESTATE)
                    />
                    <Radios
                        name=ids::SENTENCE_LENGTH
                        legend="Time left to serve"
                        legend_class="govuk-fieldset__legend--m"
                        options=sentences
                        value=sentence_value
                        on_change=sentence_change
                        error=error(ids::SENTENCE_LENGTH)
                    />
                    <Checkboxes
                        name=ids::COMPLEX_CASES
                        legend="Complex cases the receiving prison has agreed to take"
                        legend_class="govuk-fieldset__legend--m"
                        hint="Select all that apply. Leave them all unticked if it has agreed to none."
                        options=Signal::derive(move || cases.with(|c: &Vec<ComplexCase>| c.iter().map(|c| CheckboxOption { value: c.key.clone(), label: c.title.clone() }).collect::<Vec<_>>()))
                        value=Signal::derive(move || draft.with(|d| d.criteria.complex_cases.clone()))
                        on_change=Callback::new(move |(key, ticked): (String, bool)| draft.update(|d| {
                            d.criteria.complex_cases.retain(|k| *k != key);
                            if ticked {
                                d.criteria.complex_cases.push(key);
                            }
                            d.criteria_form.changed(ids::COMPLEX_CASES);
                        }))
                        error=error(ids::COMPLEX_CASES)
                    />
                    <Radios
                        name=ids::COMPLETE_IN_FULL
                        legend="Must every place be filled?"
                        legend_class="govuk-fieldset__legend--m"
                        hint="If yes, the sending prison must fill every place, using the next most suitable people if needed."
                        inline=true
                        options=yes_no()
                        value=full_value
                        on_change=full_change
                        error=error(ids::COMPLETE_IN_FULL)
                    />
                    <Radios
                        name=ids::HAS_OTHER_CRITERIA
                        legend="Are there other criteria?"
                        legend_class="govuk-fieldset__legend--m"
                        options=other_options
                        value=other_value
                        on_change=other_change
                        error=error(ids::HAS_OTHER_CRITERIA)
                    />
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                        <a class="govuk-link" href=Page::Allocations.path()>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// Check answers, then create.
#[component]
pub fn CheckPage(
    /// The journey's id.
    journey: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let (draft, _) = use_draft(&journey);
    let (reference, locations) = use_reference();
    let today = dom::today();
    let sending = Submit::new(journey::attempt_key(JOURNEY_KIND, &journey));
    // The link of an error on another step's field.
    let step_link = {
        let journey = journey.clone();
        move |field: String| Page::change_answer(step_of(&field), &field, &journey)
    };
    let name = app
        .session
        .get_untracked()
        .map(|s| s.name)
        .unwrap_or_default();
    let request = Memo::new({
        let name = name.clone();
        move |_| {
            let cases = app.complex_cases.get().unwrap_or_default();
            draft.with(|d| {
                allocation_create(&d.details, &d.criteria, &name, &cases, today)
                    .map_err(|e| from_core(&e))
            })
        }
    });
    let missing = Memo::new(move |_| {
        if reference.get().is_none() {
            return Vec::new();
        }
        request.with(|r| r.clone().err().unwrap_or_default())
    });
    use_title(
        || "Check your answers".to_owned(),
        move || !missing.with(Vec::is_empty) || sending.has_problem(),
    );

    let submit_journey = journey.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        if !sending.accept(&ev) {
            return;
        }
        let Some(api) = app.api() else { return };
        let Ok(document) = request.get_untracked() else {
            return sending.invalid();
        };
        // After a try that got no answer, look for the allocation that try may have
        // created (the API ignores `Idempotency-Key` here), so a retry never makes two.
        let request = Request::new("POST", document.path(), Some(document.to_body())).look({
            let document = document.clone();
            Box::new(move |api, attempt| {
                Box::pin(async move {
                    let found = find_created(&api, &document, &attempt.started_at).await?;
                    Ok(found.map(|id| serde_json::json!({"data": {"id": id}})))
                })
            })
        });
        let estate = draft.with_untracked(|d| d.criteria.estate.clone());
        let routed = navigate.clone();
        let journey = submit_journey.clone();
        let at = journey.clone();
        let refusal = Refusal::form(Form::AllocationCreate, &estate, "a prison").routed(
            move |server, page| {
                // Each message goes on the step its field is on; with nothing for the page,
                // the first step with a message is shown.
                let mut steps = (Vec::new(), Vec::new());
                for message in server {
                    match step_of(&message.field) {
                        Step::Details => steps.0.push(message),
                        Step::Criteria => steps.1.push(message),
                    }
                }
                let first = if !steps.0.is_empty() {
                    Some(Page::change_answer(Step::Details, "error-summary", &at))
                } else if !steps.1.is_empty() {
                    Some(Page::change_answer(Step::Criteria, "error-summary", &at))
                } else {
                    None
                };
                draft.update(|d| {
                    d.details_form.server = steps.0;
                    d.criteria_form.server = steps.1;
                });
                match (page, first) {
                    (None, Some(step)) => {
                        routed(&step, Default::default());
                        None
                    }
                    (page, _) => page,
                }
            },
        );
        let navigate = navigate.clone();
        sending.send(api, request, refusal, move |answer| {
            let id = crate::model::text(&answer, "/data/id");
            if id.is_empty() {
                return Err(Failure::Refused {
                    status: 502,
                    errors: Vec::new(),
                    local: false,
                });
            }
            let chosen = draft.with_untracked(|d| {
                [
                    d.details.from_location.clone(),
                    d.details.to_location.clone(),
                ]
            });
            RecentPrisons::remember(&chosen);
            // The journey is over: its address now opens what it made.
            Journeys::finish(
                JOURNEY_KIND,
                &journey,
                &Created {
                    allocation: id.clone(),
                },
            );
            navigate(
                &Page::AllocationConfirmation { id }.path(),
                Default::default(),
            );
            Ok(())
        });
    };
    let summary_journey = journey.clone();
    let summary = move || {
        let journey = summary_journey.clone();
        let cases = app.complex_cases.get().unwrap_or_default();
        let names = locations.get();
        let rows = draft.with(|d| {
            let date = request.with(|r| {
                r.as_ref()
                    .map(|doc| doc.data.attributes.date.0.clone())
                    .unwrap_or_default()
            });
            answer_rows(d, &cases, |id| model::location_name(&names, id), &date)
        });
        let convert = |rows: Vec<crate::forms::allocation_new::AnswerRow>| {
            rows.into_iter()
                .map(|r| SummaryRow {
                    key: r.key.to_owned(),
                    value: r.value,
                    change: Some((
                        Page::change_answer(r.change_step, &r.change_field, &journey),
                        r.change_hidden.to_owned(),
                    )),
                })
                .collect::<Vec<_>>()
        };
        let count = request.with(|r| {
            r.as_ref()
                .map(|doc| doc.data.attributes.moves_count)
                .unwrap_or(0)
        });
        view! {
            <h2 class="govuk-heading-m">"Allocation details"</h2>
            <SummaryList rows=convert(rows.0)/>
            <h2 class="govuk-heading-m">"Criteria"</h2>
            <SummaryList rows=convert(rows.1)/>
            <h2 class="govuk-heading-m">"Now create the allocation"</h2>
            <p class="govuk-body">
                {format!(
                    "This creates {} for the supplier to move: one for each person. The sending prison then adds the people.",
                    if count == 1 { "1 move request".to_owned() } else { format!("{count} move requests") }
                )}
            </p>
        }
    };
    let busy = sending.busy();
    view! {
        <BackLink href=in_journey(&Page::AllocationNewCriteria, &journey, "", "")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=missing problem=sending.problem link=Callback::new(step_link)/>
                <ReferenceProblem resource=reference/>
                <span class="govuk-caption-l">"Create an allocation"</span>
                <h1 class="govuk-heading-l" tabindex="-1">"Check your answers before creating the allocation"</h1>
                {summary}
                <form novalidate on:submit=on_submit>
                    <div class="govuk-button-group">
                        <SubmitButton text="Create allocation" busy_text="Creating allocation…" busy=busy/>
                        <a class="govuk-link" href=Page::Allocations.path()>"Cancel"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

async fn find_created(
    api: &Api,
    document: &AllocationCreate,
    started_at: &str,
) -> Result<Option<String>, Failure> {
    let data = &document.data;
    let from = data
        .relationships
        .from_location
        .data
        .as_ref()
        .map(|r| r.id.clone())
        .unwrap_or_default();
    let to = data
        .relationships
        .to_location
        .data
        .as_ref()
        .map(|r| r.id.clone())
        .unwrap_or_default();
    let date = &data.attributes.date.0;
    let path = format!(
        "/api/allocations?filter%5Bdate_from%5D={date}&filter%5Bdate_to%5D={date}\
         &filter%5Bfrom_locations%5D={}&filter%5Bto_locations%5D={}&per_page=100",
        encode(&from),
        encode(&to)
    );
    let list = api.get(&path).await?;
    let (allocations, _) = model::allocation_list(&list);
    Ok(allocations
        .into_iter()
        .find(|a| is_created_by(a, document, started_at))
        .map(|a| a.id))
}
