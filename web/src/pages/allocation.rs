//! One allocation: criteria, fill progress, places, and PMU's actions.

use leptos::prelude::*;

use crate::api::{Api, Failure};
use crate::components::govuk::{
    BackLink, ErrorSummary, NotificationBanner, SubmitButton, SummaryList, SummaryRow, Tag,
    WarningText,
};
use crate::components::page::{failed_view, loading_view, use_title};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::allocation_list::ListQuery;
use crate::forms::format;
use crate::forms::people::{
    is_removable_person, nomis_already_asked, nomis_asked_with, nomis_requested_key,
    nomis_transfer_moves, nomis_transfer_request, places_left,
};
use crate::forms::submission::Attempt;
use crate::messages::page_problem;
use crate::model::{self, Allocation, Location, Move};
use crate::routes::{Href, Page};
use crate::state::{Flash, use_app};
use crate::submit::{Refusal, Submit};
use crate::url::encode;

/// The id of the page's banner (focused when the NOMIS transfers were asked for).
const BANNER_ID: &str = "allocation-banner";

/// Asks NOMIS for the transfer of each move in `moves` (`PATCH …?create_in_nomis=true`, core
/// judging each request first), one after the other, each with its own `Idempotency-Key`
/// kept until it is answered (a retry after a lost answer is the same request). How many
/// were asked.
async fn request_nomis_transfers(
    api: Api,
    allocation_id: String,
    moves: Vec<String>,
) -> Result<usize, Failure> {
    for move_id in &moves {
        let (path, body) = nomis_transfer_request(move_id);
        let key = format!("basm:attempt:nomis:{allocation_id}:{move_id}");
        let previous = dom::load::<Attempt>(false, &key);
        let attempt =
            Attempt::for_body(previous.as_ref(), &body, &dom::now_iso(), dom::random_uuid);
        dom::save(false, &key, &attempt);
        api.send("PATCH", &path, Some(body.into_bytes()), Some(&attempt.key))
            .await?;
        dom::storage_remove(false, &key);
    }
    Ok(moves.len())
}

/// "Create the transfer in NOMIS": once every place has a person, OCA can have the API ask
/// NOMIS for each move's prison-to-prison transfer instead of keying it into NOMIS again.
fn nomis_offer(
    id: String,
    moves: Vec<String>,
    sending: Submit,
    banner: RwSignal<Option<Flash>>,
    requested: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let count = moves.len();
    // What this browser asked for before (the API does not say): an answered offer stays
    // answered after a reload.
    let key = nomis_requested_key(&id);
    let asked: Vec<String> = dom::load(false, &key).unwrap_or_default();
    let answered = nomis_already_asked(&moves, &asked);
    let on_submit = move |ev: web_sys::SubmitEvent| {
        if !sending.accept(&ev) {
            return;
        }
        let Some(api) = app.api() else { return };
        let (key, offered) = (key.clone(), moves.clone());
        sending.run(
            request_nomis_transfers(api, id.clone(), moves.clone()),
            Refusal::worded(|failure| {
                page_problem(failure.status(), failure.errors(), "the transfer in NOMIS")
            }),
            move |asked_now| {
                let asked: Vec<String> = dom::load(false, &key).unwrap_or_default();
                dom::save(false, &key, &nomis_asked_with(asked, &offered));
                requested.set(true);
                banner.set(Some(Flash {
                    heading: format!("Transfer requested in NOMIS for {}", format::people(asked_now as u32)),
                    body: Some(
                        "NOMIS creates a prison-to-prison transfer for each person with a NOMIS booking, once for each move. You do not need to key them into NOMIS."
                            .to_owned(),
                    ),
                }));
                dom::focus_later(BANNER_ID);
                Ok(())
            },
        );
    };
    let busy = sending.busy();
    view! {
        <h2 class="govuk-heading-m">"Create the transfer in NOMIS"</h2>
        {move || if answered || requested.get() {
            view! {
                <p class="govuk-body">"You asked NOMIS for the transfers of this allocation."</p>
            }
            .into_any()
        } else {
            let submit = on_submit.clone();
            view! {
                <p class="govuk-body">
                    {format!(
                        "Every place has a person. The service can ask NOMIS to create the prison-to-prison transfer for {} now, so nobody has to key it into NOMIS again.",
                        if count == 1 { "them".to_owned() } else { format!("all {count} of them") }
                    )}
                </p>
                <form novalidate on:submit=submit>
                    <SubmitButton text="Create the transfer in NOMIS" busy_text="Asking NOMIS…" busy=busy/>
                </form>
            }
            .into_any()
        }}
    }
}

/// An allocation with its places and locations.
pub type AllocationData = (Allocation, Vec<Move>, Vec<Location>);

/// Loads allocation `id` with its moves and locations.
pub fn use_allocation(id: String) -> LocalResource<Result<AllocationData, Failure>> {
    let app = use_app();
    LocalResource::new(move || {
        let id = id.clone();
        async move {
            let api = app.api().ok_or(Failure::Network)?;
            fetch_allocation(&api, &id).await
        }
    })
}

/// `GET /api/allocations/:id` with its moves, their people and its locations.
pub async fn fetch_allocation(api: &Api, id: &str) -> Result<AllocationData, Failure> {
    let document = api
        .get(&format!(
            "/api/allocations/{}?include=from_location%2Cto_location%2Cmoves%2Cmoves.profile%2Cmoves.profile.person",
            encode(id)
        ))
        .await?;
    model::allocation_document(&document).ok_or(Failure::Refused {
        status: 404,
        errors: Vec::new(),
        local: false,
    })
}

/// The h1 of an allocation: `2 people from X to Y on Friday 22 May 2026`.
pub fn allocation_title(allocation: &Allocation, locations: &[Location]) -> String {
    format!(
        "{} from {} to {} on {}",
        format::people(allocation.total),
        model::location_name(locations, &allocation.from_location),
        model::location_name(locations, &allocation.to_location),
        format::long_date_text(&allocation.date)
    )
}

/// Whether PMU may still change the allocation (date, cancel): not cancelled, and every
/// place still open.
pub fn is_editable(allocation: &Allocation, moves: &[Move]) -> bool {
    !allocation.is_cancelled()
        && moves
            .iter()
            .all(|m| matches!(m.status.as_str(), "proposed" | "requested" | "booked" | ""))
}

/// What PMU sees instead of a change form (cancel, change the date) when the allocation may no
/// longer be changed ([`is_editable`]): `heading`, why not, and the way back to it (`back`).
pub fn not_editable_view(heading: &'static str, allocation: &Allocation, back: String) -> AnyView {
    let why = if allocation.is_cancelled() {
        "It has already been cancelled."
    } else {
        "One of its moves has already started or finished."
    };
    view! {
        <BackLink href=back.clone()/>
        <h1 class="govuk-heading-l" tabindex="-1">{heading}</h1>
        <p class="govuk-body">{why}</p>
        <p class="govuk-body"><a class="govuk-link" href=back>"Go back to the allocation"</a></p>
    }
    .into_any()
}

/// The list showing the allocation's date.
pub fn list_href(allocation: &Allocation) -> String {
    ListQuery::from_pairs(
        &[
            ("view".to_owned(), "day".to_owned()),
            ("date".to_owned(), allocation.date.clone()),
            ("status".to_owned(), allocation.status.clone()),
        ],
        dom::today(),
    )
    .href()
}

/// The allocation page.
#[component]
pub fn AllocationPage(
    /// Allocation id.
    id: String,
) -> impl IntoView {
    let app = use_app();
    let data = use_allocation(id.clone());
    // One banner at a time: the flash this page was opened with, then what was done here.
    let banner = RwSignal::new(app.flash.get_untracked());
    app.flash.set(None);
    let nomis = Submit::new(format!("basm:attempt:nomis:{id}"));
    let nomis_requested = RwSignal::new(false);
    let no_errors = Signal::derive(Vec::<FieldMessage>::new);
    let pmu = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.role.manages_allocations()));
    let oca = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.role.fills_allocations()));
    let title = Memo::new(move |_| match data.get() {
        Some(Ok((allocation, _, locations))) => allocation_title(&allocation, &locations),
        Some(Err(_)) => "Allocation not available".to_owned(),
        None => "Allocation".to_owned(),
    });
    use_title(move || title.get(), move || nomis.has_problem());
    let page_id = id.clone();
    move || {
        let id = page_id.clone();
        match data.get() {
            None => loading_view("Loading the allocation"),
            Some(Err(failure)) => failed_view(
                failure,
                data,
                "this allocation",
                Some(Page::Allocations.path()),
            ),
            Some(Ok((allocation, moves, locations))) => {
                let editable = pmu && is_editable(&allocation, &moves);
                let (tag_text, tag_colour) = allocation.progress();
                let from = model::location_name(&locations, &allocation.from_location);
                let to = model::location_name(&locations, &allocation.to_location);
                let details = vec![
                    SummaryRow::new("Number of people", allocation.total.to_string()),
                    SummaryRow::new("From", from),
                    SummaryRow::new("To", to),
                    SummaryRow {
                        key: "Date".to_owned(),
                        value: format::long_date_text(&allocation.date),
                        change: editable.then(|| {
                            (
                                Page::AllocationEditDate { id: id.clone() }.path(),
                                "date".to_owned(),
                            )
                        }),
                    },
                    SummaryRow::new(
                        "Requested by",
                        if allocation.requested_by.is_empty() {
                            "Not known".to_owned()
                        } else {
                            allocation.requested_by.clone()
                        },
                    ),
                    SummaryRow::new(
                        "Status",
                        format::allocation_status(&allocation.status).to_owned(),
                    ),
                ];
                let category = if allocation.prisoner_category.is_empty() {
                    "Not applicable".to_owned()
                } else {
                    format::category(&allocation.prisoner_category).to_owned()
                };
                let estate = match allocation.estate.as_str() {
                    "" => "Not given".to_owned(),
                    "other_estate" => format!("Other: {}", allocation.estate_comment),
                    key => format::estate(key).to_owned(),
                };
                let sentence = match allocation.sentence_length.as_str() {
                    "other" => format!("Other: {}", allocation.sentence_length_comment),
                    key => format::sentence_length(key).to_owned(),
                };
                let accepted: Vec<String> = allocation
                    .complex_cases
                    .iter()
                    .filter(|c| c.answer)
                    .map(|c| c.title.clone())
                    .collect();
                let criteria = vec![
                    SummaryRow::new("Estate", estate),
                    SummaryRow::new("Prisoner category", category),
                    SummaryRow::new("Time left to serve", sentence),
                    SummaryRow::new(
                        "Complex cases accepted",
                        if accepted.is_empty() {
                            "None".to_owned()
                        } else {
                            format::sentence(&accepted)
                        },
                    ),
                    SummaryRow::new(
                        "Complete in full",
                        if allocation.complete_in_full {
                            "Yes"
                        } else {
                            "No"
                        },
                    ),
                    SummaryRow::new(
                        "Other criteria",
                        if allocation.other_criteria.is_empty() {
                            "None".to_owned()
                        } else {
                            allocation.other_criteria.clone()
                        },
                    ),
                ];
                let removable_places = moves.len() > 1;
                let can_add = oca && !allocation.is_cancelled() && places_left(&moves) > 0;
                let transfers = if oca && !allocation.is_cancelled() {
                    nomis_transfer_moves(&moves)
                } else {
                    Vec::new()
                };
                let rows = moves
                    .iter()
                    .enumerate()
                    .map(|(index, m)| {
                        let place = index + 1;
                        let person = match (&m.person_name, &m.prison_number) {
                            (Some(name), Some(number)) => format!("{name} ({number})"),
                            (Some(name), None) => name.clone(),
                            (None, _) if m.has_profile => "Person added".to_owned(),
                            (None, _) => "Empty".to_owned(),
                        };
                        let remove = if oca {
                            (!allocation.is_cancelled() && is_removable_person(m)).then(|| {
                                let href = Page::AllocationRemovePerson { id: id.clone(), move_id: m.id.clone() }.path();
                                view! {
                                    <a class="govuk-link" href=href>
                                        "Remove"
                                        <span class="govuk-visually-hidden">{format!(" {} from place {place}", m.person_name.clone().unwrap_or_else(|| "the person".to_owned()))}</span>
                                    </a>
                                }
                                .into_any()
                            })
                        } else {
                            (editable && removable_places && m.is_removable()).then(|| {
                                let href = Page::AllocationRemoveMove { id: id.clone(), move_id: m.id.clone() }.path();
                                view! {
                                    <a class="govuk-link" href=href>
                                        "Remove"
                                        <span class="govuk-visually-hidden">{format!(" place {place} from this allocation")}</span>
                                    </a>
                                }
                                .into_any()
                            })
                        };
                        view! {
                            <tr class="govuk-table__row">
                                <th scope="row" class="govuk-table__header">{format!("Place {place}")}</th>
                                <td class="govuk-table__cell">{if m.reference.is_empty() { "Not known".to_owned() } else { m.reference.clone() }}</td>
                                <td class="govuk-table__cell">{format::move_status(&m.status).to_owned()}</td>
                                <td class="govuk-table__cell">{person}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{remove}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let progress_text = format!(
                    "{} of {} places filled",
                    allocation.filled, allocation.total
                );
                let cancelled = allocation.is_cancelled();
                let cancel_reason =
                    format::cancellation_reason(&allocation.cancellation_reason).to_owned();
                let cancel_comment = allocation.cancellation_reason_comment.clone();
                view! {
                    <BackLink href=list_href(&allocation) text="Back to allocations"/>
                    <ErrorSummary errors=no_errors problem=nomis.problem/>
                    {move || banner.get().map(|f| view! { <NotificationBanner success=true heading=f.heading body=f.body.unwrap_or_default() id=BANNER_ID/> })}
                    {cancelled.then(|| view! {
                        <NotificationBanner
                            heading="This allocation was cancelled"
                            body=if cancel_comment.is_empty() { format!("Reason: {cancel_reason}") } else { format!("Reason: {cancel_reason}. {cancel_comment}") }
                        />
                    })}
                    <span class="govuk-caption-l">"Allocation"</span>
                    <h1 class="govuk-heading-l" tabindex="-1">{title.get()}</h1>
                    {(allocation.complete_in_full && !cancelled).then(|| view! {
                        <WarningText text="Every place must be filled. The sending prison should use the next most suitable people if needed."/>
                    })}
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <SummaryList rows=details/>
                            <h2 class="govuk-heading-m">"Criteria"</h2>
                            <SummaryList rows=criteria/>
                            {(!cancelled).then(|| view! {
                                <h2 class="govuk-heading-m">"People"</h2>
                                <p class="govuk-body">
                                    <Tag text=tag_text.clone() colour=tag_colour/>
                                    " "
                                    {progress_text.clone()}
                                </p>
                                <table class="govuk-table">
                                    <caption class="govuk-table__caption govuk-visually-hidden">"Places in this allocation"</caption>
                                    <thead class="govuk-table__head">
                                        <tr class="govuk-table__row">
                                            <th scope="col" class="govuk-table__header">"Place"</th>
                                            <th scope="col" class="govuk-table__header">"Move reference"</th>
                                            <th scope="col" class="govuk-table__header">"Status"</th>
                                            <th scope="col" class="govuk-table__header">"Person"</th>
                                            <th scope="col" class="govuk-table__header govuk-table__header--numeric"><span class="govuk-visually-hidden">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody class="govuk-table__body">{rows}</tbody>
                                </table>
                            })}
                            {can_add.then(|| view! {
                                <div class="govuk-button-group">
                                    <a href=Page::AllocationAddPerson { id: id.clone() }.path() role="button" draggable="false" class="govuk-button" data-module="govuk-button">
                                        "Add a person"
                                    </a>
                                    <a href=Page::AllocationAddPeople { id: id.clone() }.path() role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                                        "Add several people"
                                    </a>
                                </div>
                            })}
                            {(!transfers.is_empty()).then(|| nomis_offer(id.clone(), transfers.clone(), nomis, banner, nomis_requested))}
                            {editable.then(|| view! {
                                <h2 class="govuk-heading-m">"Change this allocation"</h2>
                                <div class="govuk-button-group">
                                    <a href=Page::AllocationEditDate { id: id.clone() }.path() role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                                        "Change date"
                                    </a>
                                    <a href=Page::AllocationCancel { id: id.clone() }.path() role="button" draggable="false" class="govuk-button govuk-button--warning" data-module="govuk-button">
                                        "Cancel this allocation"
                                    </a>
                                </div>
                            })}
                        </div>
                    </div>
                }
                .into_any()
            }
        }
    }
}
