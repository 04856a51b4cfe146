//! OCA adds one person to an allocation: prison number → the person found → yes, this is
//! them (the profile is created, importing their NOMIS alerts) → the risk and health answers
//! the profile carries → assigned to the next open place.
//!
//! The work of adding (profile created, assignment sent) is kept in `localStorage` per
//! allocation and prison number, so a retry or a reload carries on where it stopped and
//! never creates a second profile or assigns the person twice (see [`crate::forms::people`]).

use basm_core::forms::ids;
use basm_core::forms::{Form, PersonSearch, person_search};
use basm_core::{ApiError, ErrorSource};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use super::allocation::{AllocationData, allocation_title, fetch_allocation, use_allocation};
use crate::api::{Api, Failure};
use crate::components::govuk::{
    BackLink, ErrorSummary, InsetText, RadioOption, Radios, SubmitButton, SummaryList, SummaryRow,
    TextInput,
};
use crate::components::page::{
    failed_view, loading_view, sent, use_core_check, use_saved_draft, use_title,
};
use crate::dom;
use crate::forms::errors::message_for;
use crate::forms::people::{
    AddWork, SearchOutcome, assign_request, chosen_person, new_profile, next_open_place,
    people_path, place_of, places_left, pnc_path, profile_body, profile_path, search_outcome,
};
use crate::forms::submission::Attempt;
use crate::forms::{FieldMessage, FormState, format};
use crate::messages::{PageProblem, page_problem};
use crate::model::people::{
    CATEGORIES_PATH, Category, Person, Profile, categories, included_profiles, latest_profile,
    people,
};
use crate::routes::Page;
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Submit};

/// Storage key of the work of adding `prison_number` to allocation `id`.
pub fn work_key(id: &str, prison_number: &str) -> String {
    format!(
        "basm:add-person:{id}:{}",
        prison_number.to_ascii_uppercase()
    )
}

fn search_key(id: &str) -> String {
    format!("basm:draft:add-person:{id}")
}

/// Every person record with `prison_number` (the API can hold several: the walkthrough's
/// `G8133UA` has two), and their profiles.
pub async fn find_people(
    api: &Api,
    prison_number: &str,
) -> Result<(Vec<Person>, Vec<Profile>), Failure> {
    let document = api.get(&people_path(&[prison_number.to_owned()])).await?;
    let found = people(&document)
        .into_iter()
        .filter(|p| p.prison_number.eq_ignore_ascii_case(prison_number))
        .collect();
    Ok((found, included_profiles(&document)))
}

fn refused(code: &str, title: &str, detail: String) -> Failure {
    Failure::Refused {
        status: 422,
        errors: vec![ApiError::new(code, title, detail, ErrorSource::default())],
        local: true,
    }
}

/// The profile to put on the move: the one created earlier for this allocation; else the
/// one a request whose answer was lost created; else a new one. `save` keeps `work` after
/// every step.
pub async fn ensure_profile(
    api: &Api,
    prison_number: &str,
    work: &mut AddWork,
    save: &impl Fn(&AddWork),
) -> Result<String, Failure> {
    if let Some(id) = &work.profile_id {
        return Ok(id.clone());
    }
    let (found, _) = find_people(api, prison_number).await?;
    let Some(person) = chosen_person(&found, work.person_id.as_deref()).cloned() else {
        return Err(if found.is_empty() {
            refused(
                "not_found",
                "Person not found",
                format!("No one was found with prison number {prison_number}"),
            )
        } else {
            refused(
                "several_people",
                "Several people found",
                format!(
                    "{} people have prison number {prison_number}. Choose who to add",
                    found.len()
                ),
            )
        });
    };
    if let Some(before) = work.profiles_before.take()
        && let Some(id) = new_profile(&before, &person.profile_ids)
    {
        work.profile_id = Some(id.clone());
        save(work);
        return Ok(id);
    }
    work.profiles_before = Some(person.profile_ids.clone());
    save(work);
    let result = api
        .send(
            "POST",
            &profile_path(&person.id),
            Some(profile_body().into_bytes()),
            None,
        )
        .await;
    match result {
        Ok(document) => {
            let id = crate::model::text(&document, "/data/id");
            work.profile_id = Some(id.clone());
            work.profiles_before = None;
            save(work);
            Ok(id)
        }
        // No answer: the profile may exist. The retry looks before creating another.
        Err(Failure::Network) => Err(Failure::Network),
        Err(failure) => {
            work.profiles_before = None;
            save(work);
            Err(failure)
        }
    }
}

/// Adds the person with `prison_number` to allocation `allocation_id`: done already when
/// they are on one of its moves; else their profile (see [`ensure_profile`]) goes on the
/// next open place. The place (1-based) and the move's reference.
pub async fn add_to_allocation(
    api: &Api,
    allocation_id: &str,
    prison_number: &str,
    work: &mut AddWork,
    save: &impl Fn(&AddWork),
) -> Result<(usize, String), Failure> {
    let (_, moves, _) = fetch_allocation(api, allocation_id).await?;
    if let Some((place, m)) = place_of(&moves, prison_number) {
        return Ok((place, m.reference));
    }
    let Some(index) = next_open_place(&moves) else {
        return Err(refused(
            "no_places_left",
            "No places left",
            "There are no places left in this allocation".to_owned(),
        ));
    };
    let profile_id = ensure_profile(api, prison_number, work, save).await?;
    let target = &moves[index];
    let (path, body) = assign_request(&target.id, Some(&profile_id));
    let attempt = Attempt::for_body(
        work.assign.as_ref(),
        &body,
        &dom::now_iso(),
        dom::random_uuid,
    );
    work.assign = Some(attempt.clone());
    save(work);
    api.send("PATCH", &path, Some(body.into_bytes()), Some(&attempt.key))
        .await?;
    Ok((index + 1, target.reference.clone()))
}

/// What went wrong, in a sentence, for a failure of adding a person.
pub fn failure_text(failure: &Failure) -> String {
    match failure {
        Failure::Network => "The API did not answer. Try again: no one is added twice.".to_owned(),
        Failure::Refused { status, errors, .. } => {
            let details: Vec<&str> = errors
                .iter()
                .map(|e| e.detail.as_str())
                .filter(|d| !d.is_empty())
                .collect();
            if details.is_empty() {
                page_problem(*status, errors, "this person").title
            } else {
                details.join("; ")
            }
        }
    }
}

fn problem_for(failure: &Failure) -> PageProblem {
    match failure {
        Failure::Network => page_problem(0, &[], "this person"),
        Failure::Refused { status, errors, .. } if *status == 401 || *status >= 500 => {
            page_problem(*status, errors, "this person")
        }
        _ => PageProblem {
            title: "The person could not be added".to_owned(),
            body: failure_text(failure),
            sign_in_again: false,
            retry: false,
        },
    }
}

/// The rows describing a person.
/// `profile` is the one shown (their latest, or the one made for this allocation), with
/// its category (named by `categories`) and CSRA, where known.
pub fn person_rows(
    person: &Person,
    profile: Option<&Profile>,
    categories: &[Category],
) -> Vec<SummaryRow> {
    let mut rows = vec![
        SummaryRow::new("Name", person.name()),
        SummaryRow::new(
            "Date of birth",
            person
                .date_of_birth
                .as_deref()
                .map_or_else(|| "Not known".to_owned(), format::long_date_text),
        ),
        SummaryRow::new("Prison number", person.prison_number.clone()),
    ];
    if let Some(pnc) = &person.police_national_computer {
        rows.push(SummaryRow::new("PNC number", pnc.clone()));
    }
    if let Some(category) = profile
        .and_then(|p| p.category_id.value())
        .and_then(|id| categories.iter().find(|c| &c.id == id))
    {
        rows.push(SummaryRow::new("Category", category.title.clone()));
    }
    if let Some(csra) = profile.and_then(|p| p.csra.clone()) {
        rows.push(SummaryRow::new("CSRA", csra));
    }
    rows
}

fn allocation_href(id: &str) -> String {
    Page::Allocation { id: id.to_owned() }.path()
}

/// Shown instead of a form when the allocation cannot take anyone.
fn no_places_view(data: &AllocationData, id: &str) -> Option<AnyView> {
    let (allocation, moves, _) = data;
    let why = if allocation.is_cancelled() {
        "This allocation was cancelled."
    } else if places_left(moves) == 0 {
        "Every place in this allocation has a person. Remove someone first to add another person."
    } else {
        return None;
    };
    let href = allocation_href(id);
    Some(
        view! {
            <BackLink href=href.clone()/>
            <h1 class="govuk-heading-l" tabindex="-1">"You cannot add anyone to this allocation"</h1>
            <p class="govuk-body">{why}</p>
            <p class="govuk-body"><a class="govuk-link" href=href>"Go back to the allocation"</a></p>
        }
        .into_any(),
    )
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct SearchDraft {
    prison_number: String,
    form: FormState,
}

/// Step 1: the prison number.
#[component]
pub fn SearchPage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let data = use_allocation(id.clone());
    let key = search_key(&id);
    let draft = use_saved_draft(key.clone(), SearchDraft::default);
    // A look-up, not a write: no attempt is kept.
    let sending = Submit::new(format!("basm:attempt:find-person:{id}"));
    let client = use_core_check(move || draft.with(|d| person_search(&d.prison_number)));
    let shown = Memo::new(move |_| {
        draft.with(|d| d.form.visible(&client.get(), &Form::AddPerson.order("")))
    });
    use_title(
        || "Add a person to this allocation".to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let on_submit = {
        let id = id.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            draft.update(|d| d.form.submit());
            let Ok(search) = draft.with_untracked(|d| person_search(&d.prison_number)) else {
                return sending.invalid();
            };
            let moves = move || match data.get_untracked() {
                Some(Ok((_, moves, _))) => moves,
                _ => Vec::new(),
            };
            let on_field = move |code: &str, message: &str| {
                draft.update(|d| {
                    d.form.server = vec![FieldMessage::new(ids::PRISON_NUMBER, code, message)];
                });
            };
            // Already in this allocation: said before anything is sent.
            if let PersonSearch::PrisonNumber(number) = &search
                && let Some((place, _)) = place_of(&moves(), number)
            {
                on_field(
                    "already_in_allocation",
                    &format!("{number} is already in this allocation, in place {place}"),
                );
                return sending.invalid();
            }
            let Some(api) = app.api() else { return };
            let navigate = navigate.clone();
            let id = id.clone();
            let lookup = {
                let search = search.clone();
                async move {
                    match &search {
                        PersonSearch::PrisonNumber(number) => {
                            find_people(&api, number).await.map(|(found, _)| found)
                        }
                        PersonSearch::Pnc(pnc) => Ok(people(&api.get(&pnc_path(pnc)).await?)),
                    }
                }
            };
            let refusal = Refusal::form(Form::AddPerson, "", "this person")
                .onto(move |server| draft.update(|d| d.form.server = server));
            sending.run(lookup, refusal, move |found| {
                match search_outcome(&search, &found, &moves()) {
                    SearchOutcome::Found(prison_number) => {
                        let page = Page::AllocationAddPersonFound { id, prison_number };
                        navigate(&page.path(), Default::default());
                    }
                    SearchOutcome::Problem(code, message) => {
                        on_field(code, &message);
                        dom::focus_later("error-summary");
                    }
                }
                Ok(())
            });
        }
    };
    let busy = sending.busy();
    let href = allocation_href(&id);
    let bulk_href = Page::AllocationAddPeople { id: id.clone() }.path();
    move || match data.get() {
        None => loading_view("Loading the allocation"),
        Some(Err(failure)) => failed_view(failure, data, "this allocation", Some(href.clone())),
        Some(Ok(loaded)) => {
            if let Some(view) = no_places_view(&loaded, &id) {
                return view;
            }
            let (allocation, moves, locations) = loaded;
            let left = places_left(&moves);
            let submit = on_submit.clone();
            view! {
                <BackLink href=href.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">"Add a person to this allocation"</h1>
                        <p class="govuk-body">
                            {format!("{} of {} places filled. ", allocation.total as usize - left.min(allocation.total as usize), allocation.total)}
                            {if left == 1 { "1 place left.".to_owned() } else { format!("{left} places left.") }}
                        </p>
                        <form novalidate on:submit=submit>
                            <TextInput
                                id=ids::PRISON_NUMBER
                                label="Prison number or PNC number"
                                label_class="govuk-label--m"
                                hint="For example, A1234BC or 14/120018R"
                                width="govuk-input--width-10"
                                autocomplete="off"
                                spellcheck=false
                                value=Signal::derive(move || draft.with(|d| d.prison_number.clone()))
                                on_input=Callback::new(move |v: String| draft.update(|d| {
                                    d.prison_number = v;
                                    d.form.changed(ids::PRISON_NUMBER);
                                }))
                                error=Signal::derive(move || shown.with(|s| message_for(s, ids::PRISON_NUMBER).map(|m| m.message.clone())))
                            />
                            <SubmitButton text="Find person" busy_text="Finding person…" busy=busy/>
                        </form>
                        <p class="govuk-body">
                            <a class="govuk-link" href=bulk_href.clone()>"Add several people at once"</a>
                        </p>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// The allocation, every person record with the prison number, and their profiles.
type PersonData = (AllocationData, Vec<Person>, Vec<Profile>, Vec<Category>);

fn use_person(id: String, prison_number: String) -> LocalResource<Result<PersonData, Failure>> {
    let app = use_app();
    LocalResource::new(move || {
        let id = id.clone();
        let prison_number = prison_number.clone();
        async move {
            let api = app.api().ok_or(Failure::Network)?;
            let allocation = fetch_allocation(&api, &id).await?;
            let (found, profiles) = find_people(&api, &prison_number).await?;
            let categories = categories(&api.get(CATEGORIES_PATH).await?);
            Ok((allocation, found, profiles, categories))
        }
    })
}

/// The page for a prison number nobody has, or a person already in the allocation.
fn person_unavailable(data: &PersonData, id: &str, prison_number: &str) -> Option<AnyView> {
    let ((_, moves, _), found, _, _) = data;
    let search = Page::AllocationAddPerson { id: id.to_owned() }.path();
    let href = allocation_href(id);
    if found.is_empty() {
        return Some(
            view! {
                <BackLink href=search.clone()/>
                <h1 class="govuk-heading-l" tabindex="-1">{format!("No one was found with prison number {prison_number}")}</h1>
                <p class="govuk-body"><a class="govuk-link" href=search>"Search again"</a></p>
            }
            .into_any(),
        );
    }
    place_of(moves, prison_number).map(|(place, _)| {
        view! {
            <BackLink href=href.clone()/>
            <h1 class="govuk-heading-l" tabindex="-1">{format!("{prison_number} is already in this allocation")}</h1>
            <p class="govuk-body">{format!("They are in place {place}.")}</p>
            <p class="govuk-body"><a class="govuk-link" href=href>"Go back to the allocation"</a></p>
        }
        .into_any()
    })
}

/// The radio options for several records with one prison number: each with what tells
/// them apart (date of birth, PNC number, the record's id), then "none of these".
fn match_options(found: &[Person]) -> Vec<RadioOption> {
    found
        .iter()
        .map(|p| {
            let born = p
                .date_of_birth
                .as_deref()
                .map_or_else(|| "not known".to_owned(), format::long_date_text);
            let pnc = p.police_national_computer.as_deref().unwrap_or("not known");
            RadioOption::new(&p.id, &p.name()).hint(&format!(
                "Date of birth: {born}. PNC number: {pnc}. Record {}",
                p.id
            ))
        })
        .chain(std::iter::once(RadioOption::new(
            "none",
            "None of these, search again",
        )))
        .collect()
}

/// Step 2: the person found; is it them? "Yes" creates their profile. When several
/// records have the prison number, every one is listed and OCA chooses.
#[component]
pub fn FoundPage(
    /// Allocation id.
    id: String,
    /// Prison number.
    prison_number: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let prison_number = prison_number.to_ascii_uppercase();
    let data = use_person(id.clone(), prison_number.clone());
    // "yes"/"no" for one record; a record's id or "none" for several.
    let answer = RwSignal::new(String::new());
    let form = RwSignal::new(FormState::default());
    // Several requests, each with its own key and look-ups (`AddWork`): no attempt here.
    let sending = Submit::new(format!("basm:attempt:confirm-person:{id}"));
    let several = Memo::new(move |_| {
        data.with(|d| matches!(d, Some(Ok((_, found, _, _))) if found.len() > 1))
    });
    let client = Memo::new(move |_| {
        if !answer.with(String::is_empty) {
            Vec::new()
        } else if several.get() {
            vec![FieldMessage::new(
                "person",
                "required",
                "Select the person you want to add, or none of these",
            )]
        } else {
            vec![FieldMessage::new(
                "confirm",
                "required",
                "Select yes if this is the person you want to add",
            )]
        }
    });
    let shown = Memo::new(move |_| form.with(|f| f.visible(&client.get(), &["confirm", "person"])));
    use_title(
        move || {
            if several.get() {
                "Which person do you want to add?".to_owned()
            } else {
                "Is this the person you want to add?".to_owned()
            }
        },
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let on_submit = {
        let id = id.clone();
        let prison_number = prison_number.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            form.update(FormState::submit);
            let search = Page::AllocationAddPerson { id: id.clone() }.path();
            let chosen = match answer.get_untracked().as_str() {
                "" => return sending.invalid(),
                "no" | "none" => {
                    navigate(&search, Default::default());
                    return;
                }
                "yes" => data.with_untracked(|d| match d {
                    Some(Ok((_, found, _, _))) => found.first().map(|p| p.id.clone()),
                    _ => None,
                }),
                other => Some(other.to_owned()),
            };
            let Some(api) = app.api() else { return };
            let navigate = navigate.clone();
            let (id, prison_number) = (id.clone(), prison_number.clone());
            let key = work_key(&id, &prison_number);
            let work = {
                let prison_number = prison_number.clone();
                async move {
                    let mut work = dom::load::<AddWork>(false, &key).unwrap_or_default();
                    if work.person_id != chosen {
                        // Another record than before: what was done for that one stays its own.
                        work = AddWork {
                            person_id: chosen,
                            ..AddWork::default()
                        };
                    }
                    let save = |w: &AddWork| dom::save(false, &key, w);
                    save(&work);
                    ensure_profile(&api, &prison_number, &mut work, &save).await
                }
            };
            sending.run(work, Refusal::worded(problem_for), move |_| {
                let page = Page::AllocationAddPersonCheck { id, prison_number };
                navigate(&page.path(), Default::default());
                Ok(())
            });
        }
    };
    let busy = sending.busy();
    let search = Page::AllocationAddPerson { id: id.clone() }.path();
    move || match data.get() {
        None => loading_view("Finding the person"),
        Some(Err(failure)) => failed_view(failure, data, "this person", Some(search.clone())),
        Some(Ok(loaded)) => {
            if let Some(view) = person_unavailable(&loaded, &id, &prison_number) {
                return view;
            }
            if let Some(view) = no_places_view(&loaded.0, &id) {
                return view;
            }
            let ((allocation, _, locations), found, profiles, categories) = loaded;
            let submit = on_submit.clone();
            let caption = allocation_title(&allocation, &locations);
            let on_change = Callback::new(move |v| {
                answer.set(v);
                form.update(|f| f.changed("confirm"));
                form.update(|f| f.changed("person"));
            });
            let error = move |field: &'static str| {
                Signal::derive(move || {
                    shown.with(|s| message_for(s, field).map(|m| m.message.clone()))
                })
            };
            if found.len() > 1 {
                let count = found.len();
                return view! {
                    <BackLink href=search.clone()/>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <ErrorSummary errors=shown problem=sending.problem/>
                            <span class="govuk-caption-l">{caption}</span>
                            <h1 class="govuk-heading-l" tabindex="-1">"Which person do you want to add?"</h1>
                            <p class="govuk-body">{format!("{count} people have prison number {prison_number}. Check their details and choose the one to add.")}</p>
                            <form novalidate on:submit=submit>
                                <Radios
                                    name="person"
                                    legend=format!("People with prison number {prison_number}")
                                    legend_class="govuk-fieldset__legend--m"
                                    hint="Choosing one creates their profile for this move, with their alerts from NOMIS. You can check it before they are added."
                                    options=match_options(&found)
                                    value=Signal::derive(move || answer.get())
                                    on_change=on_change
                                    error=error("person")
                                />
                                <SubmitButton text="Continue" busy_text="Creating their profile…" busy=busy/>
                            </form>
                        </div>
                    </div>
                }
                .into_any();
            }
            let Some(person) = found.into_iter().next() else {
                return ().into_any();
            };
            let options = vec![
                RadioOption::new("yes", "Yes"),
                RadioOption::new("no", "No, search again"),
            ];
            view! {
                <BackLink href=search.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=shown problem=sending.problem/>
                        <span class="govuk-caption-l">{caption}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{person.name()}</h1>
                        <SummaryList rows=person_rows(&person, latest_profile(&person, &profiles), &categories)/>
                        <form novalidate on:submit=submit>
                            <Radios
                                name="confirm"
                                legend="Is this the person you want to add?"
                                legend_class="govuk-fieldset__legend--m"
                                hint="Saying yes creates their profile for this move, with their alerts from NOMIS. You can check it before they are added."
                                inline=true
                                options=options
                                value=Signal::derive(move || answer.get())
                                on_change=on_change
                                error=error("confirm")
                            />
                            <SubmitButton text="Continue" busy_text="Creating their profile…" busy=busy/>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// One category of answers as a summary list, or "None".
fn answers_view(profile: &Profile, category: &'static str, heading: &'static str) -> AnyView {
    let rows: Vec<SummaryRow> = profile
        .answers_of(category)
        .map(|a| {
            let mut parts = Vec::new();
            if let Some(alert) = &a.alert {
                parts.push(alert.clone());
            }
            if let Some(comments) = &a.comments {
                parts.push(comments.clone());
            }
            if let Some(created) = &a.created_at {
                parts.push(format!("Since {}", format::long_date_text(created)));
            }
            if let Some(expires) = &a.expires_at {
                parts.push(format!("Until {}", format::long_date_text(expires)));
            }
            SummaryRow::new(&a.title, parts.join("\n"))
        })
        .collect();
    view! {
        <h2 class="govuk-heading-m">{heading}</h2>
        {if rows.is_empty() {
            view! { <p class="govuk-body">"None recorded."</p> }.into_any()
        } else {
            view! { <SummaryList rows=rows/> }.into_any()
        }}
    }
    .into_any()
}

/// Step 3: the risk and health answers the profile carries; add the person.
#[component]
pub fn CheckPage(
    /// Allocation id.
    id: String,
    /// Prison number.
    prison_number: String,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let prison_number = prison_number.to_ascii_uppercase();
    let key = work_key(&id, &prison_number);
    let data = use_person(id.clone(), prison_number.clone());
    // Several requests, each with its own key and look-ups (`AddWork`): no attempt here.
    let sending = Submit::new(format!("basm:attempt:add-person:{id}"));
    let no_errors = Signal::derive(Vec::<FieldMessage>::new);
    use_title(
        || "Check their risk and health information".to_owned(),
        move || sending.has_problem(),
    );
    let on_submit = {
        let id = id.clone();
        let prison_number = prison_number.clone();
        let key = key.clone();
        move |ev: web_sys::SubmitEvent| {
            if !sending.accept(&ev) {
                return;
            }
            let Some(api) = app.api() else { return };
            let navigate = navigate.clone();
            let (id, prison_number, key) = (id.clone(), prison_number.clone(), key.clone());
            let work = {
                let (id, prison_number, key) = (id.clone(), prison_number.clone(), key.clone());
                async move {
                    let mut work = dom::load::<AddWork>(false, &key).unwrap_or_default();
                    let save = |w: &AddWork| dom::save(false, &key, w);
                    let (place, _) =
                        add_to_allocation(&api, &id, &prison_number, &mut work, &save).await?;
                    Ok((place, work.person_id))
                }
            };
            sending.run(
                work,
                Refusal::worded(problem_for),
                move |(place, person_id)| {
                    dom::storage_remove(false, &search_key(&id));
                    let name = data
                        .get_untracked()
                        .and_then(Result::ok)
                        .and_then(|(_, found, _, _)| {
                            chosen_person(&found, person_id.as_deref()).map(Person::name)
                        })
                        .unwrap_or_else(|| prison_number.clone());
                    let flash = Flash {
                        heading: format!("{name} added to place {place}"),
                        body: Some(
                            "Their profile is on the move, and the supplier can see it.".to_owned(),
                        ),
                    };
                    sent(app, &key, flash, &navigate, &allocation_href(&id));
                    Ok(())
                },
            );
        }
    };
    let busy = sending.busy();
    let found = Page::AllocationAddPersonFound {
        id: id.clone(),
        prison_number: prison_number.clone(),
    }
    .path();
    move || match data.get() {
        None => loading_view("Loading their profile"),
        Some(Err(failure)) => failed_view(failure, data, "this person", Some(found.clone())),
        Some(Ok(loaded)) => {
            if let Some(view) = person_unavailable(&loaded, &id, &prison_number) {
                return view;
            }
            if let Some(view) = no_places_view(&loaded.0, &id) {
                return view;
            }
            let ((allocation, moves, locations), records, profiles, categories) = loaded;
            let work = dom::load::<AddWork>(false, &key).unwrap_or_default();
            let Some(person) = chosen_person(&records, work.person_id.as_deref())
                .or_else(|| records.first())
                .cloned()
            else {
                return ().into_any();
            };
            let profile = work
                .profile_id
                .as_ref()
                .and_then(|pid| profiles.iter().find(|p| &p.id == pid).cloned());
            let Some(profile) = profile else {
                return view! {
                    <BackLink href=found.clone()/>
                    <h1 class="govuk-heading-l" tabindex="-1">"Confirm the person first"</h1>
                    <p class="govuk-body">{format!("{} has no profile for this allocation yet.", person.name())}</p>
                    <p class="govuk-body"><a class="govuk-link" href=found.clone()>"Confirm the person"</a></p>
                }
                .into_any();
            };
            let place = next_open_place(&moves).map(|i| (i + 1, moves[i].reference.clone()));
            let place_text = match &place {
                Some((n, reference)) if !reference.is_empty() => {
                    format!(
                        "{} will be added to place {n} (move {reference}).",
                        person.name()
                    )
                }
                Some((n, _)) => format!("{} will be added to place {n}.", person.name()),
                None => String::new(),
            };
            let submit = on_submit.clone();
            view! {
                <BackLink href=found.clone()/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <ErrorSummary errors=no_errors problem=sending.problem/>
                        <span class="govuk-caption-l">{allocation_title(&allocation, &locations)}</span>
                        <h1 class="govuk-heading-l" tabindex="-1">{format!("Check the risk and health information for {}", person.name())}</h1>
                        <InsetText>
                            "This was imported from NOMIS when their profile was created. It goes with them on this move, and the supplier sees it."
                        </InsetText>
                        <SummaryList rows=person_rows(&person, Some(&profile), &categories)/>
                        {answers_view(&profile, "risk", "Risk")}
                        {answers_view(&profile, "health", "Health")}
                        {answers_view(&profile, "court", "Court")}
                        <p class="govuk-body">{place_text}</p>
                        <form novalidate on:submit=submit>
                            <SubmitButton text="Add to allocation" busy_text="Adding to allocation…" busy=busy/>
                        </form>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
