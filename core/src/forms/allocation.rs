//! The allocation forms: create (details, criteria), cancel, change date.

use serde::{Deserialize, Serialize};

use super::ids::{
    CANCELLATION_REASON, CANCELLATION_REASON_COMMENT, COMPLETE_IN_FULL, COMPLEX_CASES, DATE,
    DATE_CHANGED_REASON, ESTATE, ESTATE_COMMENT, FROM_LOCATION, HAS_OTHER_CRITERIA, MOVES_COUNT,
    OTHER_CRITERIA, PRISONER_CATEGORY_ADULT_FEMALE, PRISONER_CATEGORY_ADULT_MALE,
    PRISONER_CATEGORY_YOUNG_OFFENDER_FEMALE, PRISONER_CATEGORY_YOUNG_OFFENDER_MALE,
    SENTENCE_LENGTH, SENTENCE_LENGTH_COMMENT, TO_LOCATION,
};
use super::{DateInput, Direction, FieldError, check_date, optional_text, yes_no};
use crate::documents::{AllocationCancel, AllocationCreate, AllocationUpdate, ComplexCaseAnswer};
use crate::time::Date;
use crate::values::{CancellationReason, Estate, PrisonerCategory, SentenceLength};

/// The most people one allocation may hold in this service (the API has no upper bound).
pub const MAX_MOVES_COUNT: u32 = 99;

/// The reasons the cancel-allocation page offers, in page order (the real frontend's five).
pub const ALLOCATION_CANCELLATION_REASONS: &[CancellationReason] = &[
    CancellationReason::MadeInError,
    CancellationReason::SupplierDeclinedToMove,
    CancellationReason::LackOfSpaceAtReceivingEstablishment,
    CancellationReason::SendingEstablishmentFailedToFillAllocation,
    CancellationReason::Other,
];

/// The reasons the change-date page offers, in page order (`date_changed_reason`).
pub const DATE_CHANGED_REASONS: &[&str] = &[
    "combined_with_another_request",
    "operational_issues_prison",
    "tornado_event",
    "amended_by_pmu",
    "sender_unable_to_fulfil_draft",
    "supplier_no_resource",
];

/// Step 1 of creating an allocation, "Allocation details", as typed.
///
/// Field ids: `moves-count`, `from-location`, `to-location`, `date-day`/`date-month`/`date-year`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct AllocationDetailsInput {
    /// Number of people.
    pub moves_count: String,
    /// Id of the prison they are moving from (the select's value).
    pub from_location: String,
    /// Id of the prison they are moving to.
    pub to_location: String,
    /// Date of the move.
    pub date: DateInput,
}

/// Step 1, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationDetails {
    /// Number of people, 1 to [`MAX_MOVES_COUNT`].
    pub moves_count: u32,
    /// Id of the prison they are moving from.
    pub from_location: String,
    /// Id of the prison they are moving to (not the same).
    pub to_location: String,
    /// Date of the move, `YYYY-MM-DD`, today or later.
    pub date: String,
}

/// Checks step 1 ("Allocation details"); `today` is the user's date (Europe/London).
///
/// Rules, in page order: number of people (required, a whole number, 1 to
/// [`MAX_MOVES_COUNT`]); from prison (required); to prison (required, not the from prison);
/// date (GOV.UK date input, a real date with a 4-digit year, not before `today`).
pub fn allocation_details(
    input: &AllocationDetailsInput,
    today: Date,
) -> Result<AllocationDetails, Vec<FieldError>> {
    let mut errors = Vec::new();

    let moves_count = match check_moves_count(&input.moves_count) {
        Ok(count) => Some(count),
        Err(error) => {
            errors.push(error);
            None
        }
    };

    let from_location = input.from_location.trim();
    if from_location.is_empty() {
        errors.push(FieldError::new(
            FROM_LOCATION,
            "required",
            "Select the prison they are moving from",
        ));
    }
    let to_location = input.to_location.trim();
    if to_location.is_empty() {
        errors.push(FieldError::new(
            TO_LOCATION,
            "required",
            "Select the prison they are moving to",
        ));
    } else if to_location == from_location {
        errors.push(FieldError::new(
            TO_LOCATION,
            "same_as_from_location",
            "The prison they are moving to must be different from the prison they are moving from",
        ));
    }

    let date = check_date(
        &input.date,
        DATE,
        "date of the move",
        today,
        Direction::AfterToday,
    )
    .map_err(|error| errors.push(error))
    .ok();

    match (moves_count, date) {
        (Some(moves_count), Some(date)) if errors.is_empty() => Ok(AllocationDetails {
            moves_count,
            from_location: from_location.to_owned(),
            to_location: to_location.to_owned(),
            date: date.iso(),
        }),
        _ => Err(errors),
    }
}

fn check_moves_count(text: &str) -> Result<u32, FieldError> {
    let text = text.trim();
    let field = MOVES_COUNT;
    if text.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "Enter the number of people",
        ));
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            "not_a_whole_number",
            "Number of people must be a whole number, like 3",
        ));
    }
    let negative = digits.len() != text.len();
    let value = digits.trim_start_matches('0');
    if negative || value.is_empty() {
        return Err(FieldError::new(
            field,
            "too_small",
            "Number of people must be 1 or more",
        ));
    }
    match value.parse::<u32>() {
        Ok(count) if count <= MAX_MOVES_COUNT => Ok(count),
        _ => Err(FieldError::new(
            field,
            "too_large",
            format!(
                "Number of people must be {MAX_MOVES_COUNT} or fewer. To move more people, \
                 create another allocation"
            ),
        )),
    }
}

/// One complex case of the reference list (`GET /api/reference/allocation_complex_cases`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexCase {
    /// Reference id.
    pub id: String,
    /// Key, e.g. `hold_separately` (the checkbox value).
    pub key: String,
    /// Title, e.g. `Segregated prisoners`.
    pub title: String,
}

/// Step 2 of creating an allocation, "Allocation criteria", as chosen.
///
/// Field ids, in page order: `estate`; the category question revealed by the estate,
/// `prisoner-category-<estate>` (`prisoner-category-adult-male`, `…-adult-female`,
/// `…-young-offender-female`, `…-young-offender-male`); `estate-comment` (revealed by
/// `other_estate`); `sentence-length`; `sentence-length-comment` (revealed by `other`);
/// `complex-cases`; `complete-in-full`; `has-other-criteria`; `other-criteria` (revealed by
/// yes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct AllocationCriteriaInput {
    /// Estate key (`adult_male`, …, `other_estate`).
    pub estate: String,
    /// The answer to the category question revealed for the chosen estate
    /// (`b`/`c`/`d` or `open`/`closed`); ignored for estates without one.
    pub prisoner_category: String,
    /// Details of an `other_estate` (ignored for other estates).
    pub estate_comment: String,
    /// Time left to serve: `any`, `short`, `long` or `other`.
    pub sentence_length: String,
    /// Details of an `other` time left to serve (ignored otherwise).
    pub sentence_length_comment: String,
    /// Keys of the complex cases the user ticked (none are pre-ticked).
    pub complex_cases: Vec<String>,
    /// Must every place be filled: `yes` or `no` (`true`/`false` also accepted).
    pub complete_in_full: String,
    /// Are there other criteria: `yes` or `no` (`true`/`false` also accepted).
    pub has_other_criteria: String,
    /// The other criteria (required when there are some, ignored otherwise).
    pub other_criteria: String,
}

/// Step 2, checked: the criteria as the API takes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationCriteria {
    /// The estate.
    pub estate: Estate,
    /// The category, for estates that have the question.
    pub prisoner_category: Option<PrisonerCategory>,
    /// Details of an `other_estate`.
    pub estate_comment: Option<String>,
    /// Time left to serve; `None` is "any" (sent as JSON `null`).
    pub sentence_length: Option<SentenceLength>,
    /// Details of an `other` time left to serve.
    pub sentence_length_comment: Option<String>,
    /// One answer per reference complex case: `true` when ticked.
    pub complex_cases: Vec<ComplexCaseAnswer>,
    /// Whether every place must be filled.
    pub complete_in_full: bool,
    /// Other criteria, when there are some.
    pub other_criteria: Option<String>,
}

/// The category question an estate reveals: its field id and allowed answers, in page
/// order; None for an estate without one (juvenile and other estates). The one owner of
/// both: the page draws the question from it, and an API error about the category is put
/// on this field.
pub fn category_question(estate: Estate) -> Option<(&'static str, &'static [PrisonerCategory])> {
    const BCD: &[PrisonerCategory] = &[
        PrisonerCategory::B,
        PrisonerCategory::C,
        PrisonerCategory::D,
    ];
    const OPEN_CLOSED: &[PrisonerCategory] = &[PrisonerCategory::Open, PrisonerCategory::Closed];
    match estate {
        Estate::AdultMale => Some((PRISONER_CATEGORY_ADULT_MALE, BCD)),
        Estate::AdultFemale => Some((PRISONER_CATEGORY_ADULT_FEMALE, OPEN_CLOSED)),
        Estate::YoungOffenderFemale => Some((PRISONER_CATEGORY_YOUNG_OFFENDER_FEMALE, OPEN_CLOSED)),
        Estate::YoungOffenderMale => Some((PRISONER_CATEGORY_YOUNG_OFFENDER_MALE, OPEN_CLOSED)),
        Estate::JuvenileFemale | Estate::JuvenileMale | Estate::OtherEstate => None,
    }
}

/// The estate an allocation to a prison is for, where the API's reference data says it:
/// `juvenile_male` for a prison the reference data flags as a young offender institution,
/// `None` otherwise.
///
/// What the flag means, from upstream: the API sets `young_offender_institution` on exactly
/// six NOMIS agencies, `WYI WNI CKI PYI FMI FYI` (`app/services/locations/updater.rb` L5) —
/// Wetherby, Werrington, Cookham Wood, Parc, Feltham and Feltham A, the young offender
/// institutions of the youth custody estate, which hold boys (girls in custody are held in
/// secure training centres and secure children's homes, not YOIs); a youth risk assessment,
/// made for moves out of the youth estate, requires its move to come from a secure training
/// centre, a secure children's home or such a YOI (`app/models/youth_risk_assessment.rb`
/// L20). So the flag says "the juvenile estate, male". The location types
/// `secure_training_centre` and `secure_childrens_home` also say "juvenile", but not male or
/// female, and the prison picker lists only `location_type=prison`: no estate from them.
pub fn estate_for_destination(
    location_type: &str,
    young_offender_institution: bool,
) -> Option<Estate> {
    (location_type == "prison" && young_offender_institution).then_some(Estate::JuvenileMale)
}

/// The estate answer after the destination changed: `current` is the estate answered so
/// far, `preselected` whether it was [`estate_for_destination`]'s (not the user's), and
/// `suggested` what the new destination says. A user's own answer is never changed; a
/// preselected one follows the destination (withdrawn when it no longer says one). `Some((estate,
/// preselected))` to change the draft, `None` to leave it.
pub fn preselect_estate(
    current: &str,
    preselected: bool,
    suggested: Option<Estate>,
) -> Option<(String, bool)> {
    if !current.is_empty() && !preselected {
        return None;
    }
    match suggested {
        Some(estate) if !(preselected && current == estate.as_str()) => {
            Some((estate.as_str().to_owned(), true))
        }
        Some(_) => None,
        None if preselected => Some((String::new(), false)),
        None => None,
    }
}

/// The hint under the estate question when the estate was preselected for `destination`
/// (its name).
pub fn preselected_estate_hint(destination: &str) -> String {
    format!(
        "We chose juvenile male because {destination} is a young offender institution for boys in the reference data. Choose another estate if that is not right."
    )
}

/// The id of the category question revealed by the estate `estate` (a wire key,
/// `adult_male`), from [`category_question`]; the estate radios themselves ([`ESTATE`]) when
/// the estate has none or is not one. An API error about the category goes on it.
pub fn category_field(estate: &str) -> &'static str {
    Estate::from_wire(estate)
        .and_then(category_question)
        .map_or(ESTATE, |(field, _)| field)
}

/// Checks step 2 ("Allocation criteria") against the reference `complex_cases`.
///
/// Rules, in page order: estate (required); the prisoner category, required only for
/// estates with a category question (adult male: B, C or D; adult female and young
/// offenders: open or closed; juvenile and other estates: none, and a category sent anyway
/// is dropped); estate details (required for `other_estate`); time left to serve (required:
/// any, short, long or other); its details (required for other); complex cases (optional,
/// only keys from the reference list); complete in full (required yes/no); other criteria
/// (required yes/no, and the criteria when yes).
pub fn allocation_criteria(
    input: &AllocationCriteriaInput,
    complex_cases: &[ComplexCase],
) -> Result<AllocationCriteria, Vec<FieldError>> {
    let mut errors = Vec::new();

    let estate_text = input.estate.trim();
    let estate = Estate::from_wire(estate_text);
    if estate.is_none() {
        let code = if estate_text.is_empty() {
            "required"
        } else {
            "invalid_option"
        };
        errors.push(FieldError::new(ESTATE, code, "Select the estate"));
    }

    let mut prisoner_category = None;
    if let Some((field, allowed)) = estate.and_then(category_question) {
        let text = input.prisoner_category.trim();
        match PrisonerCategory::from_wire(text).filter(|c| allowed.contains(c)) {
            Some(category) => prisoner_category = Some(category),
            None => {
                let code = if text.is_empty() {
                    "required"
                } else {
                    "invalid_option"
                };
                errors.push(FieldError::new(field, code, "Select the prisoner category"));
            }
        }
    }

    let mut estate_comment = None;
    if estate == Some(Estate::OtherEstate) {
        estate_comment = optional_text(&input.estate_comment);
        if estate_comment.is_none() {
            errors.push(FieldError::new(
                ESTATE_COMMENT,
                "required",
                "Enter details of the estate",
            ));
        }
    }

    let sentence_text = input.sentence_length.trim();
    let sentence_length = match sentence_text {
        "any" => Some(None),
        other => SentenceLength::from_wire(other).map(Some),
    };
    if sentence_length.is_none() {
        let code = if sentence_text.is_empty() {
            "required"
        } else {
            "invalid_option"
        };
        errors.push(FieldError::new(
            SENTENCE_LENGTH,
            code,
            "Select how much time they have left to serve",
        ));
    }
    let mut sentence_length_comment = None;
    if sentence_length == Some(Some(SentenceLength::Other)) {
        sentence_length_comment = optional_text(&input.sentence_length_comment);
        if sentence_length_comment.is_none() {
            errors.push(FieldError::new(
                SENTENCE_LENGTH_COMMENT,
                "required",
                "Enter details of the time left to serve",
            ));
        }
    }

    let unknown_case = input
        .complex_cases
        .iter()
        .any(|ticked| !complex_cases.iter().any(|case| case.key == ticked.trim()));
    if unknown_case {
        errors.push(FieldError::new(
            COMPLEX_CASES,
            "invalid_option",
            "Select the complex cases this allocation can include, or leave them all unticked",
        ));
    }
    let answers = complex_cases
        .iter()
        .map(|case| ComplexCaseAnswer {
            key: case.key.clone(),
            title: case.title.clone(),
            answer: input
                .complex_cases
                .iter()
                .any(|ticked| ticked.trim() == case.key),
            allocation_complex_case_id: case.id.clone(),
        })
        .collect();

    let complete_in_full = yes_no(&input.complete_in_full);
    if complete_in_full.is_none() {
        let code = if input.complete_in_full.trim().is_empty() {
            "required"
        } else {
            "invalid_option"
        };
        errors.push(FieldError::new(
            COMPLETE_IN_FULL,
            code,
            "Select yes if every place in the allocation must be filled",
        ));
    }

    let has_other_criteria = yes_no(&input.has_other_criteria);
    let mut other_criteria = None;
    match has_other_criteria {
        None => {
            let code = if input.has_other_criteria.trim().is_empty() {
                "required"
            } else {
                "invalid_option"
            };
            errors.push(FieldError::new(
                HAS_OTHER_CRITERIA,
                code,
                "Select yes if there are other criteria",
            ));
        }
        Some(true) => {
            other_criteria = optional_text(&input.other_criteria);
            if other_criteria.is_none() {
                errors.push(FieldError::new(
                    OTHER_CRITERIA,
                    "required",
                    "Enter the other criteria",
                ));
            }
        }
        Some(false) => {}
    }

    match (estate, sentence_length, complete_in_full) {
        (Some(estate), Some(sentence_length), Some(complete_in_full)) if errors.is_empty() => {
            Ok(AllocationCriteria {
                estate,
                prisoner_category,
                estate_comment,
                sentence_length,
                sentence_length_comment,
                complex_cases: answers,
                complete_in_full,
                other_criteria,
            })
        }
        _ => Err(errors),
    }
}

/// Checks both steps and builds the `POST /api/allocations` request; `requested_by` is the
/// signed-in user's full name, `complex_case_reference_list` the reference complex cases
/// (each is sent, answered `true` when ticked). Errors: step 1's, then step 2's.
pub fn allocation_create(
    details: &AllocationDetailsInput,
    criteria: &AllocationCriteriaInput,
    requested_by: &str,
    complex_case_reference_list: &[ComplexCase],
    today: Date,
) -> Result<AllocationCreate, Vec<FieldError>> {
    let details = allocation_details(details, today);
    let criteria = allocation_criteria(criteria, complex_case_reference_list);
    let (details, criteria) = match (details, criteria) {
        (Ok(details), Ok(criteria)) => (details, criteria),
        (details, criteria) => {
            let mut errors = details.err().unwrap_or_default();
            errors.extend(criteria.err().unwrap_or_default());
            return Err(errors);
        }
    };
    let mut document = AllocationCreate::new(
        &details.from_location,
        &details.to_location,
        &details.date,
        details.moves_count,
    );
    let attributes = &mut document.data.attributes;
    attributes.estate = Some(criteria.estate);
    attributes.estate_comment = criteria.estate_comment;
    attributes.prisoner_category = criteria.prisoner_category;
    attributes.sentence_length = Some(criteria.sentence_length);
    attributes.sentence_length_comment = criteria.sentence_length_comment;
    attributes.complete_in_full = Some(criteria.complete_in_full);
    attributes.other_criteria = criteria.other_criteria;
    attributes.requested_by = optional_text(requested_by);
    attributes.complex_cases =
        (!criteria.complex_cases.is_empty()).then_some(criteria.complex_cases);
    Ok(document)
}

/// The cancel-allocation page, as chosen. Field ids: `cancellation-reason`,
/// `cancellation-reason-comment` (revealed by `other`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct AllocationCancelInput {
    /// One of [`ALLOCATION_CANCELLATION_REASONS`].
    pub cancellation_reason: String,
    /// Details, for `other` (ignored otherwise).
    pub cancellation_reason_comment: String,
}

/// Checks the cancel-allocation page and builds the request stamped `timestamp` (an
/// XML-schema date-time, e.g. the current time). Rules: a reason from
/// [`ALLOCATION_CANCELLATION_REASONS`]; details required for `other`.
pub fn allocation_cancel(
    input: &AllocationCancelInput,
    timestamp: &str,
) -> Result<AllocationCancel, Vec<FieldError>> {
    let text = input.cancellation_reason.trim();
    let reason = CancellationReason::from_wire(text)
        .filter(|reason| ALLOCATION_CANCELLATION_REASONS.contains(reason));
    let Some(reason) = reason else {
        let code = if text.is_empty() {
            "required"
        } else {
            "invalid_option"
        };
        return Err(vec![FieldError::new(
            CANCELLATION_REASON,
            code,
            "Select why you are cancelling this allocation",
        )]);
    };
    let mut document = AllocationCancel::new(timestamp, reason);
    if reason == CancellationReason::Other {
        match optional_text(&input.cancellation_reason_comment) {
            Some(comment) => document = document.with_comment(&comment),
            None => {
                return Err(vec![FieldError::new(
                    CANCELLATION_REASON_COMMENT,
                    "required",
                    "Enter why you are cancelling this allocation",
                )]);
            }
        }
    }
    Ok(document)
}

/// The change-date page, as typed. Field ids: `date-day`/`date-month`/`date-year`,
/// `date-changed-reason`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct AllocationChangeDateInput {
    /// The new date.
    pub date: DateInput,
    /// One of [`DATE_CHANGED_REASONS`].
    pub date_changed_reason: String,
}

/// Checks the change-date page and builds the `PATCH /api/allocations/:id` request. Rules:
/// the date rules of [`allocation_details`]; a reason from [`DATE_CHANGED_REASONS`].
pub fn allocation_change_date(
    allocation_id: &str,
    input: &AllocationChangeDateInput,
    today: Date,
) -> Result<AllocationUpdate, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = check_date(
        &input.date,
        DATE,
        "new date of the move",
        today,
        Direction::AfterToday,
    )
    .map_err(|error| errors.push(error))
    .ok();
    let text = input.date_changed_reason.trim();
    let reason = DATE_CHANGED_REASONS.iter().find(|reason| **reason == text);
    if reason.is_none() {
        let code = if text.is_empty() {
            "required"
        } else {
            "invalid_option"
        };
        errors.push(FieldError::new(
            DATE_CHANGED_REASON,
            code,
            "Select why the date of the allocation is changing",
        ));
    }
    match (date, reason) {
        (Some(date), Some(reason)) => Ok(AllocationUpdate::change_date(
            allocation_id,
            &date.iso(),
            reason,
        )),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_young_offender_institution_says_juvenile_male() {
        assert_eq!(
            estate_for_destination("prison", true),
            Some(Estate::JuvenileMale)
        );
        assert_eq!(estate_for_destination("prison", false), None);
        // Juvenile, but neither male nor female: no estate.
        assert_eq!(
            estate_for_destination("secure_training_centre", false),
            None
        );
        assert_eq!(estate_for_destination("court", true), None);
    }

    #[test]
    fn the_estate_is_preselected_but_a_users_choice_is_never_overwritten() {
        let jm = Some(Estate::JuvenileMale);
        // Nothing answered: preselected.
        assert_eq!(
            preselect_estate("", false, jm),
            Some(("juvenile_male".to_owned(), true))
        );
        // Already preselected: nothing to do.
        assert_eq!(preselect_estate("juvenile_male", true, jm), None);
        // The user's own answer stays, whatever the destination says.
        assert_eq!(preselect_estate("adult_male", false, jm), None);
        assert_eq!(preselect_estate("juvenile_male", false, None), None);
        // A preselected answer follows the destination, and goes when it says nothing.
        assert_eq!(
            preselect_estate("juvenile_male", true, None),
            Some((String::new(), false))
        );
        assert_eq!(preselect_estate("", false, None), None);
    }

    use serde_json::json;

    use super::*;
    use crate::time::parse_iso_date;

    fn today() -> Date {
        parse_iso_date("2026-05-01").unwrap()
    }

    fn details() -> AllocationDetailsInput {
        AllocationDetailsInput {
            moves_count: "2".to_owned(),
            from_location: "from-id".to_owned(),
            to_location: "to-id".to_owned(),
            date: DateInput::new("22", "7", "2026"),
        }
    }

    fn criteria() -> AllocationCriteriaInput {
        AllocationCriteriaInput {
            estate: "adult_male".to_owned(),
            prisoner_category: "b".to_owned(),
            estate_comment: String::new(),
            sentence_length: "short".to_owned(),
            sentence_length_comment: String::new(),
            complex_cases: vec!["hold_separately".to_owned()],
            complete_in_full: "yes".to_owned(),
            has_other_criteria: "yes".to_owned(),
            other_criteria: "curly hair".to_owned(),
        }
    }

    fn reference() -> Vec<ComplexCase> {
        vec![
            ComplexCase {
                id: "8952537a-ecf7-4e25-93d1-2ad67651ad99".to_owned(),
                key: "hold_separately".to_owned(),
                title: "Segregated prisoners".to_owned(),
            },
            ComplexCase {
                id: "c2".to_owned(),
                key: "self_harm".to_owned(),
                title: "Self harm / prisoners on ACCT".to_owned(),
            },
        ]
    }

    fn triples(errors: &[FieldError]) -> Vec<(&str, &str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code, e.message.as_str()))
            .collect()
    }

    type Case<T> = (fn(&mut T), Vec<(&'static str, &'static str, &'static str)>);

    #[test]
    fn category_fields() {
        assert_eq!(
            category_field("young_offender_female"),
            "prisoner-category-young-offender-female"
        );
        assert_eq!(category_field("juvenile_male"), "estate");
    }

    #[test]
    fn details_rules() {
        let cases: Vec<Case<AllocationDetailsInput>> = vec![
            (|_| {}, vec![]),
            (|i| i.moves_count = " 99 ".into(), vec![]),
            (|i| i.moves_count = "007".into(), vec![]),
            (
                |i| i.moves_count = "  ".into(),
                vec![("moves-count", "required", "Enter the number of people")],
            ),
            (
                |i| i.moves_count = "2.5".into(),
                vec![(
                    "moves-count",
                    "not_a_whole_number",
                    "Number of people must be a whole number, like 3",
                )],
            ),
            (
                |i| i.moves_count = "two".into(),
                vec![(
                    "moves-count",
                    "not_a_whole_number",
                    "Number of people must be a whole number, like 3",
                )],
            ),
            (
                |i| i.moves_count = "-".into(),
                vec![(
                    "moves-count",
                    "not_a_whole_number",
                    "Number of people must be a whole number, like 3",
                )],
            ),
            (
                |i| i.moves_count = "0".into(),
                vec![(
                    "moves-count",
                    "too_small",
                    "Number of people must be 1 or more",
                )],
            ),
            (
                |i| i.moves_count = "-3".into(),
                vec![(
                    "moves-count",
                    "too_small",
                    "Number of people must be 1 or more",
                )],
            ),
            (
                |i| i.moves_count = "100".into(),
                vec![(
                    "moves-count",
                    "too_large",
                    "Number of people must be 99 or fewer. To move more people, create another allocation",
                )],
            ),
            (
                |i| i.moves_count = "99999999999999999999999".into(),
                vec![(
                    "moves-count",
                    "too_large",
                    "Number of people must be 99 or fewer. To move more people, create another allocation",
                )],
            ),
            (
                |i| i.from_location = " ".into(),
                vec![(
                    "from-location",
                    "required",
                    "Select the prison they are moving from",
                )],
            ),
            (
                |i| i.to_location = "".into(),
                vec![(
                    "to-location",
                    "required",
                    "Select the prison they are moving to",
                )],
            ),
            (
                |i| i.to_location = " from-id ".into(),
                vec![(
                    "to-location",
                    "same_as_from_location",
                    "The prison they are moving to must be different from the prison they are moving from",
                )],
            ),
            (
                |i| i.date = DateInput::default(),
                vec![("date-day", "required", "Enter the date of the move")],
            ),
            (
                |i| i.date.month = "".into(),
                vec![(
                    "date-month",
                    "date_incomplete",
                    "Date of the move must include a month",
                )],
            ),
            (|i| i.date.day = "31".into(), vec![]),
            (
                |i| i.date = DateInput::new("31", "6", "2026"),
                vec![(
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )],
            ),
            (
                |i| i.date.year = "26".into(),
                vec![(
                    "date-year",
                    "year_not_four_digits",
                    "Year must include 4 numbers",
                )],
            ),
            (
                |i| i.date = DateInput::new("30", "4", "2026"),
                vec![(
                    "date-day",
                    "date_in_past",
                    "Date of the move must be from tomorrow onwards: 30 April 2026 has passed",
                )],
            ),
            (
                |i| i.date = DateInput::new("1", "5", "2026"),
                vec![(
                    "date-day",
                    "date_is_today",
                    "Date of the move must be from tomorrow onwards: a move cannot be allocated for today",
                )],
            ),
            (|i| i.date = DateInput::new("2", "5", "2026"), vec![]),
            (
                |i| *i = AllocationDetailsInput::default(),
                vec![
                    ("moves-count", "required", "Enter the number of people"),
                    (
                        "from-location",
                        "required",
                        "Select the prison they are moving from",
                    ),
                    (
                        "to-location",
                        "required",
                        "Select the prison they are moving to",
                    ),
                    ("date-day", "required", "Enter the date of the move"),
                ],
            ),
        ];
        for (change, expected) in cases {
            let mut input = details();
            change(&mut input);
            let got = allocation_details(&input, today());
            match got {
                Ok(_) => assert!(expected.is_empty(), "{input:?}: expected {expected:?}"),
                Err(errors) => assert_eq!(triples(&errors), expected, "{input:?}"),
            }
        }
    }

    #[test]
    fn details_normalised() {
        let mut input = details();
        input.moves_count = " 03 ".into();
        input.from_location = " from-id ".into();
        input.date = DateInput::new(" 2 ", "08", "2026");
        assert_eq!(
            allocation_details(&input, today()),
            Ok(AllocationDetails {
                moves_count: 3,
                from_location: "from-id".into(),
                to_location: "to-id".into(),
                date: "2026-08-02".into(),
            })
        );
    }

    #[test]
    fn criteria_rules() {
        let cases: Vec<Case<AllocationCriteriaInput>> = vec![
            (|_| {}, vec![]),
            (
                |i| i.estate = "".into(),
                vec![("estate", "required", "Select the estate")],
            ),
            (
                |i| i.estate = "Adult Male".into(),
                vec![("estate", "invalid_option", "Select the estate")],
            ),
            (
                |i| i.prisoner_category = "".into(),
                vec![(
                    "prisoner-category-adult-male",
                    "required",
                    "Select the prisoner category",
                )],
            ),
            (
                |i| i.prisoner_category = "open".into(),
                vec![(
                    "prisoner-category-adult-male",
                    "invalid_option",
                    "Select the prisoner category",
                )],
            ),
            (
                |i| i.estate = "adult_female".into(),
                vec![(
                    "prisoner-category-adult-female",
                    "invalid_option",
                    "Select the prisoner category",
                )],
            ),
            (
                |i| {
                    i.estate = "young_offender_female".into();
                    i.prisoner_category = "".into();
                },
                vec![(
                    "prisoner-category-young-offender-female",
                    "required",
                    "Select the prisoner category",
                )],
            ),
            (
                |i| {
                    i.estate = "young_offender_male".into();
                    i.prisoner_category = "closed".into();
                },
                vec![],
            ),
            (
                |i| {
                    i.estate = "juvenile_male".into();
                    i.prisoner_category = "".into();
                },
                vec![],
            ),
            (
                |i| i.estate = "other_estate".into(),
                vec![("estate-comment", "required", "Enter details of the estate")],
            ),
            (
                |i| {
                    i.estate = "other_estate".into();
                    i.estate_comment = "  ".into();
                },
                vec![("estate-comment", "required", "Enter details of the estate")],
            ),
            (
                |i| i.sentence_length = "".into(),
                vec![(
                    "sentence-length",
                    "required",
                    "Select how much time they have left to serve",
                )],
            ),
            (
                |i| i.sentence_length = "null".into(),
                vec![(
                    "sentence-length",
                    "invalid_option",
                    "Select how much time they have left to serve",
                )],
            ),
            (|i| i.sentence_length = "any".into(), vec![]),
            (
                |i| i.sentence_length = "other".into(),
                vec![(
                    "sentence-length-comment",
                    "required",
                    "Enter details of the time left to serve",
                )],
            ),
            (
                |i| i.complex_cases = vec!["hold_separately".into(), "teleporting".into()],
                vec![(
                    "complex-cases",
                    "invalid_option",
                    "Select the complex cases this allocation can include, or leave them all unticked",
                )],
            ),
            (|i| i.complex_cases = vec![], vec![]),
            (
                |i| i.complete_in_full = "".into(),
                vec![(
                    "complete-in-full",
                    "required",
                    "Select yes if every place in the allocation must be filled",
                )],
            ),
            (
                |i| i.complete_in_full = "maybe".into(),
                vec![(
                    "complete-in-full",
                    "invalid_option",
                    "Select yes if every place in the allocation must be filled",
                )],
            ),
            (|i| i.complete_in_full = "false".into(), vec![]),
            (
                |i| i.has_other_criteria = "".into(),
                vec![(
                    "has-other-criteria",
                    "required",
                    "Select yes if there are other criteria",
                )],
            ),
            (
                |i| i.has_other_criteria = "y".into(),
                vec![(
                    "has-other-criteria",
                    "invalid_option",
                    "Select yes if there are other criteria",
                )],
            ),
            (
                |i| i.other_criteria = "\n".into(),
                vec![("other-criteria", "required", "Enter the other criteria")],
            ),
            (
                |i| {
                    i.has_other_criteria = "no".into();
                    i.other_criteria = "".into();
                },
                vec![],
            ),
            (
                |i| *i = AllocationCriteriaInput::default(),
                vec![
                    ("estate", "required", "Select the estate"),
                    (
                        "sentence-length",
                        "required",
                        "Select how much time they have left to serve",
                    ),
                    (
                        "complete-in-full",
                        "required",
                        "Select yes if every place in the allocation must be filled",
                    ),
                    (
                        "has-other-criteria",
                        "required",
                        "Select yes if there are other criteria",
                    ),
                ],
            ),
            (
                |i| {
                    i.estate = "other_estate".into();
                    i.sentence_length = "other".into();
                    i.complex_cases = vec!["x".into()];
                    i.complete_in_full = "".into();
                    i.other_criteria = "".into();
                },
                vec![
                    ("estate-comment", "required", "Enter details of the estate"),
                    (
                        "sentence-length-comment",
                        "required",
                        "Enter details of the time left to serve",
                    ),
                    (
                        "complex-cases",
                        "invalid_option",
                        "Select the complex cases this allocation can include, or leave them all unticked",
                    ),
                    (
                        "complete-in-full",
                        "required",
                        "Select yes if every place in the allocation must be filled",
                    ),
                    ("other-criteria", "required", "Enter the other criteria"),
                ],
            ),
        ];
        for (change, expected) in cases {
            let mut input = criteria();
            change(&mut input);
            match allocation_criteria(&input, &reference()) {
                Ok(_) => assert!(expected.is_empty(), "{input:?}: expected {expected:?}"),
                Err(errors) => assert_eq!(triples(&errors), expected, "{input:?}"),
            }
        }
    }

    #[test]
    fn criteria_drops_what_the_page_hides() {
        let mut input = criteria();
        input.estate = "juvenile_female".into();
        input.prisoner_category = "b".into();
        input.estate_comment = "ignored".into();
        input.sentence_length = "any".into();
        input.sentence_length_comment = "ignored".into();
        input.has_other_criteria = "no".into();
        input.complex_cases = vec![];
        let criteria = allocation_criteria(&input, &reference()).unwrap();
        assert_eq!(criteria.prisoner_category, None);
        assert_eq!(criteria.estate_comment, None);
        assert_eq!(criteria.sentence_length, None);
        assert_eq!(criteria.sentence_length_comment, None);
        assert_eq!(criteria.other_criteria, None);
        assert!(criteria.complex_cases.iter().all(|case| !case.answer));
        assert_eq!(criteria.complex_cases.len(), 2);
    }

    #[test]
    fn create_builds_the_walkthrough_request() {
        let mut criteria_input = criteria();
        criteria_input.estate_comment = "dropped: not other_estate".into();
        let document = allocation_create(
            &details(),
            &criteria_input,
            " Iama Requestor ",
            &reference(),
            today(),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&document).unwrap(),
            json!({"data": {"type": "allocations", "attributes": {
                "date": "2026-07-22", "moves_count": 2, "estate": "adult_male",
                "prisoner_category": "b", "sentence_length": "short",
                "complete_in_full": true, "other_criteria": "curly hair",
                "requested_by": "Iama Requestor",
                "complex_cases": [
                    {"key": "hold_separately", "title": "Segregated prisoners", "answer": true,
                     "allocation_complex_case_id": "8952537a-ecf7-4e25-93d1-2ad67651ad99"},
                    {"key": "self_harm", "title": "Self harm / prisoners on ACCT", "answer": false,
                     "allocation_complex_case_id": "c2"}]},
              "relationships": {
                "from_location": {"data": {"type": "locations", "id": "from-id"}},
                "to_location": {"data": {"type": "locations", "id": "to-id"}}}}})
        );
    }

    #[test]
    fn create_any_sentence_is_null_and_no_reference_list_sends_no_cases() {
        let mut criteria_input = criteria();
        criteria_input.sentence_length = "any".into();
        criteria_input.complex_cases = vec![];
        criteria_input.estate = "other_estate".into();
        criteria_input.estate_comment = " Mixed ".into();
        let document = allocation_create(&details(), &criteria_input, "", &[], today()).unwrap();
        let value = serde_json::to_value(&document).unwrap();
        let attributes = &value["data"]["attributes"];
        assert_eq!(attributes["sentence_length"], json!(null));
        assert!(
            attributes
                .as_object()
                .unwrap()
                .contains_key("sentence_length")
        );
        assert!(attributes.get("complex_cases").is_none());
        assert!(attributes.get("requested_by").is_none());
        assert!(attributes.get("prisoner_category").is_none());
        assert_eq!(attributes["estate_comment"], json!("Mixed"));
    }

    #[test]
    fn create_reports_both_steps_in_order() {
        let mut details_input = details();
        details_input.moves_count = "".into();
        let mut criteria_input = criteria();
        criteria_input.estate = "".into();
        let errors = allocation_create(&details_input, &criteria_input, "x", &reference(), today())
            .unwrap_err();
        assert_eq!(
            triples(&errors),
            vec![
                ("moves-count", "required", "Enter the number of people"),
                ("estate", "required", "Select the estate"),
            ]
        );
    }

    #[test]
    fn cancel_rules() {
        let t = "2026-05-01T10:00:00+01:00";
        type CancelCase = (
            &'static str,
            &'static str,
            Result<serde_json::Value, (&'static str, &'static str, &'static str)>,
        );
        let cases: Vec<CancelCase> = vec![
            (
                "made_in_error",
                "ignored",
                Ok(
                    json!({"data": {"type": "cancels", "attributes": {"timestamp": t,
                    "cancellation_reason": "made_in_error"}}}),
                ),
            ),
            (
                " other ",
                " Cancelled by PMU ",
                Ok(
                    json!({"data": {"type": "cancels", "attributes": {"timestamp": t,
                    "cancellation_reason": "other",
                    "cancellation_reason_comment": "Cancelled by PMU"}}}),
                ),
            ),
            (
                "",
                "",
                Err((
                    "cancellation-reason",
                    "required",
                    "Select why you are cancelling this allocation",
                )),
            ),
            (
                "tornado_event",
                "",
                Err((
                    "cancellation-reason",
                    "invalid_option",
                    "Select why you are cancelling this allocation",
                )),
            ),
            (
                "other",
                "  ",
                Err((
                    "cancellation-reason-comment",
                    "required",
                    "Enter why you are cancelling this allocation",
                )),
            ),
        ];
        for (reason, comment, expected) in cases {
            let input = AllocationCancelInput {
                cancellation_reason: reason.into(),
                cancellation_reason_comment: comment.into(),
            };
            let got = allocation_cancel(&input, t)
                .map(|doc| serde_json::to_value(doc).unwrap())
                .map_err(|errors| {
                    assert_eq!(errors.len(), 1);
                    let e = &errors[0];
                    (e.field.clone(), e.code, e.message.clone())
                });
            let expected = expected.map_err(|(f, c, m)| (f.to_owned(), c, m.to_owned()));
            assert_eq!(got, expected, "{reason:?}");
        }
        for reason in ALLOCATION_CANCELLATION_REASONS {
            let input = AllocationCancelInput {
                cancellation_reason: reason.as_str().into(),
                cancellation_reason_comment: "c".into(),
            };
            assert!(allocation_cancel(&input, t).is_ok());
        }
    }

    #[test]
    fn change_date_rules() {
        let ok = allocation_change_date(
            "al",
            &AllocationChangeDateInput {
                date: DateInput::new("3", "5", "2026"),
                date_changed_reason: "amended_by_pmu".into(),
            },
            today(),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&ok).unwrap(),
            json!({"data": {"id": "al", "type": "allocations",
                "attributes": {"date": "2026-05-03", "date_changed_reason": "amended_by_pmu"}}})
        );
        for reason in DATE_CHANGED_REASONS {
            let input = AllocationChangeDateInput {
                date: DateInput::new("2", "5", "2026"),
                date_changed_reason: (*reason).into(),
            };
            assert!(allocation_change_date("al", &input, today()).is_ok());
        }
        type Expected = Vec<(&'static str, &'static str, &'static str)>;
        let cases: Vec<(DateInput, &str, Expected)> = vec![
            (
                DateInput::default(),
                "",
                vec![
                    ("date-day", "required", "Enter the new date of the move"),
                    (
                        "date-changed-reason",
                        "required",
                        "Select why the date of the allocation is changing",
                    ),
                ],
            ),
            (
                DateInput::new("1", "", ""),
                "made_in_error",
                vec![
                    (
                        "date-month",
                        "date_incomplete",
                        "New date of the move must include a month and year",
                    ),
                    (
                        "date-changed-reason",
                        "invalid_option",
                        "Select why the date of the allocation is changing",
                    ),
                ],
            ),
            (
                DateInput::new("30", "4", "2026"),
                "tornado_event",
                vec![(
                    "date-day",
                    "date_in_past",
                    "New date of the move must be from tomorrow onwards: 30 April 2026 has passed",
                )],
            ),
            (
                DateInput::new("30", "2", "2026"),
                "tornado_event",
                vec![(
                    "date-day",
                    "date_not_real",
                    "New date of the move must be a real date",
                )],
            ),
        ];
        for (date, reason, expected) in cases {
            let input = AllocationChangeDateInput {
                date,
                date_changed_reason: reason.into(),
            };
            let errors = allocation_change_date("al", &input, today()).unwrap_err();
            assert_eq!(triples(&errors), expected, "{input:?}");
        }
    }
}
