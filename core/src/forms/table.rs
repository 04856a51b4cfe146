//! One table per form: its fields in page order, the names the API gives each of them in an
//! error's `source`, and the GOV.UK wording of the API's error codes on each.
//!
//! The form rules ([`allocation_details`](super::allocation_details), …) put their own
//! errors on the same [`ids`](super::ids); a refusal from the API goes through
//! [`Form::field_for`] and [`Form::message`]. The event form has no fixed fields: its
//! table is generated from the event table ([`super::event_details`]).

use std::borrow::Cow;

use super::allocation::category_field;
use super::event_details;
use super::ids::{
    API_ADDRESS, CANCELLATION_REASON, CANCELLATION_REASON_COMMENT, COMPLETE_IN_FULL, COMPLEX_CASES,
    DATE, DATE_CHANGED_REASON, DATE_FROM, DATE_TO, ESTATE, ESTATE_COMMENT, FROM_LOCATION,
    HAS_OTHER_CRITERIA, MOVE_REFERENCE, MOVES_COUNT, NAME, NOTES, OTHER_CRITERIA, PRISON_NUMBER,
    PRISON_NUMBERS, PRISONER_CATEGORY_ADULT_FEMALE, PRISONER_CATEGORY_ADULT_MALE,
    PRISONER_CATEGORY_YOUNG_OFFENDER_FEMALE, PRISONER_CATEGORY_YOUNG_OFFENDER_MALE, ROLE,
    SEARCH_LOCATION, SEARCH_PERSON, SENTENCE_LENGTH, SENTENCE_LENGTH_COMMENT, TIME, TO_LOCATION,
    TOKEN,
};
use crate::error::{ApiError, ErrorSource};

/// The forms whose fields the API can refuse, each with its table.
///
/// ```
/// use basm_core::forms::{Form, ids};
/// use basm_core::{ApiError, ErrorSource};
///
/// let source = ErrorSource::pointer("/data/attributes/moves.to_location_id".to_owned());
/// let field = Form::AllocationCreate.field_for(&source, "adult_male").unwrap();
/// assert_eq!(field, ids::TO_LOCATION);
/// let error = ApiError::new("inactive_location", "Inactive", "is inactive", source);
/// assert_eq!(
///     Form::AllocationCreate.message(&field, &error),
///     "Prison they are moving to is closed. Select another prison"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Create allocation (two steps: details, criteria); the chosen estate decides which
    /// category question is shown.
    AllocationCreate,
    /// Cancel allocation.
    AllocationCancel,
    /// Change the date of an allocation.
    AllocationChangeDate,
    /// Remove an empty place (cancels one move): no fields, every error is the page's.
    RemoveMove,
    /// Sign in (the API address and token, checked through the request headers).
    SignIn,
    /// A supplier's move action (accept, start, complete, cancel).
    MoveAction,
    /// Record an event (`POST /api/events`); the event type decides the fields
    /// ([`event_details::order`], [`event_details::field_for_pointer`]).
    Event,
    /// Add a person: find them by prison number or PNC number (`GET /api/people?filter[…]`).
    AddPerson,
    /// Add several people: their prison numbers, found in one request (the same filter).
    AddPeople,
    /// Find an allocation by a move's reference (`GET /api/moves?filter[reference]=…`).
    FindByMoveReference,
    /// Filter the allocations list (`GET /api/allocations?filter[…]&search[…]`): the date
    /// range is [`allocation_filter`](super::allocation_filter)'s; the API answers a bad
    /// filter with a 400 naming it.
    AllocationFilter,
}

/// The GOV.UK message for some of the API's error codes on a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// The codes it answers; empty: any code.
    pub codes: &'static [&'static str],
    /// The message.
    pub text: &'static str,
}

/// One field of a form's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its HTML id (one of [`ids`](super::ids)); for a date input, the group of its boxes.
    pub id: &'static str,
    /// A GOV.UK date input: drawn as `<id>-day`, `<id>-month`, `<id>-year`, and an API
    /// error goes on `<id>-day`.
    pub date: bool,
    /// The wire names it answers for: attributes (`/data/attributes/<name>/…`, also written
    /// `moves.<name>` for the allocation's moves) and relationships
    /// (`/data/relationships/<name>/…`).
    pub names: &'static [&'static str],
    /// The request headers it answers for (compared without case).
    pub headers: &'static [&'static str],
    /// The query parameters it answers for (`filter[prison_number]`), as an error's
    /// `source.parameter` names them.
    pub parameters: &'static [&'static str],
    /// The category question of one estate: an error about `prisoner_category` goes on the
    /// question the chosen estate reveals ([`category_field`]), whichever entry it matched.
    pub category: bool,
    /// The GOV.UK message per API error code, first match wins; other codes show the API's
    /// detail.
    pub wording: &'static [Wording],
}

impl Field {
    const fn new(id: &'static str) -> Self {
        Field {
            id,
            date: false,
            names: &[],
            headers: &[],
            parameters: &[],
            category: false,
            wording: &[],
        }
    }

    const fn date(id: &'static str) -> Self {
        Field {
            date: true,
            ..Field::new(id)
        }
    }

    const fn names(self, names: &'static [&'static str]) -> Self {
        Field { names, ..self }
    }

    const fn headers(self, headers: &'static [&'static str]) -> Self {
        Field { headers, ..self }
    }

    const fn parameters(self, parameters: &'static [&'static str]) -> Self {
        Field { parameters, ..self }
    }

    const fn category(self) -> Self {
        Field {
            category: true,
            ..self
        }
    }

    const fn wording(self, wording: &'static [Wording]) -> Self {
        Field { wording, ..self }
    }

    /// Whether the HTML id `field` is this field (or, for a date input, one of its boxes).
    pub fn owns(&self, field: &str) -> bool {
        field == self.id
            || (self.date
                && field
                    .strip_prefix(self.id)
                    .is_some_and(|rest| ["-day", "-month", "-year"].contains(&rest)))
    }

    /// The id an error on this field is shown on: the field, or a date input's day box.
    pub fn target(&self) -> Cow<'static, str> {
        if self.date {
            Cow::Owned(format!("{}-day", self.id))
        } else {
            Cow::Borrowed(self.id)
        }
    }
}

/// `text` for `codes`.
const fn on(codes: &'static [&'static str], text: &'static str) -> Wording {
    Wording { codes, text }
}

/// `text` for any code.
const fn any(text: &'static str) -> Wording {
    Wording { codes: &[], text }
}

const THE_DATE_OF_THE_MOVE: Wording =
    any("Enter the date of the move as a real date, like 27 3 2026");
const THE_PRISONER_CATEGORY: &[Wording] = &[any("Select the prisoner category")];

/// Create allocation, step 1 ("Allocation details").
const ALLOCATION_DETAILS: &[Field] = &[
    Field::new(MOVES_COUNT).names(&["moves_count"]).wording(&[
        on(&["blank"], "Enter the number of people"),
        on(
            &["not_a_number", "not_an_integer"],
            "Number of people must be a whole number, like 3",
        ),
        on(&["greater_than"], "Number of people must be 1 or more"),
    ]),
    Field::new(FROM_LOCATION)
        .names(&["from_location", "from_location_id", "supplier"])
        .wording(&[
            on(
                &["not_found"],
                "We could not find the prison they are moving from. Select a prison from the list",
            ),
            on(
                &["inactive_location"],
                "Prison they are moving from is closed. Select another prison",
            ),
            on(
                &["invalid_location"],
                "The prison they are moving from must be a prison. Select a prison from the list",
            ),
            on(
                &["blank"],
                "No supplier moves people from this prison. Select another prison",
            ),
        ]),
    Field::new(TO_LOCATION)
        .names(&["to_location", "to_location_id"])
        .wording(&[
            on(
                &["not_found"],
                "We could not find the prison they are moving to. Select a prison from the list",
            ),
            on(
                &["inactive_location"],
                "Prison they are moving to is closed. Select another prison",
            ),
            on(
                &["invalid_location"],
                "The prison they are moving to must be a prison. Select a prison from the list",
            ),
            on(
                &["same_as_from_location"],
                "The prison they are moving to must be different from the prison they are moving from",
            ),
        ]),
    Field::date(DATE)
        .names(&["date"])
        .wording(&[THE_DATE_OF_THE_MOVE]),
];

/// Create allocation, step 2 ("Allocation criteria").
const ALLOCATION_CRITERIA: &[Field] = &[
    Field::new(ESTATE)
        .names(&["estate"])
        .wording(&[any("Select the estate")]),
    Field::new(PRISONER_CATEGORY_ADULT_MALE)
        .names(&["prisoner_category"])
        .category()
        .wording(THE_PRISONER_CATEGORY),
    Field::new(PRISONER_CATEGORY_ADULT_FEMALE)
        .names(&["prisoner_category"])
        .category()
        .wording(THE_PRISONER_CATEGORY),
    Field::new(PRISONER_CATEGORY_YOUNG_OFFENDER_MALE)
        .names(&["prisoner_category"])
        .category()
        .wording(THE_PRISONER_CATEGORY),
    Field::new(PRISONER_CATEGORY_YOUNG_OFFENDER_FEMALE)
        .names(&["prisoner_category"])
        .category()
        .wording(THE_PRISONER_CATEGORY),
    Field::new(ESTATE_COMMENT).names(&["estate_comment"]),
    Field::new(SENTENCE_LENGTH)
        .names(&["sentence_length"])
        .wording(&[any("Select how much time they have left to serve")]),
    Field::new(SENTENCE_LENGTH_COMMENT).names(&["sentence_length_comment"]),
    Field::new(COMPLEX_CASES).names(&["complex_cases"]),
    Field::new(COMPLETE_IN_FULL).names(&["complete_in_full"]),
    Field::new(HAS_OTHER_CRITERIA),
    Field::new(OTHER_CRITERIA).names(&["other_criteria"]),
];

const ALLOCATION_CANCEL: &[Field] = &[
    Field::new(CANCELLATION_REASON)
        .names(&["cancellation_reason"])
        .wording(&[any("Select why you are cancelling this allocation")]),
    Field::new(CANCELLATION_REASON_COMMENT).names(&["cancellation_reason_comment"]),
];

const ALLOCATION_CHANGE_DATE: &[Field] = &[
    Field::date(DATE).names(&["date"]).wording(&[
        // The API re-dates each move, and one would duplicate another move of its person
        // between the same places on that date (`Move#validate_move_uniqueness`).
        on(
            &["taken"],
            "Someone in this allocation already has another move between these places on this \
             date. Choose a different date",
        ),
        THE_DATE_OF_THE_MOVE,
    ]),
    Field::new(DATE_CHANGED_REASON)
        .names(&["date_changed_reason"])
        .wording(&[any("Select why the date of the allocation is changing")]),
];

const SIGN_IN: &[Field] = &[
    Field::new(API_ADDRESS)
        .headers(&["Accept", "Content-Type"])
        .wording(&[any(
            "This address does not answer like the Book a Secure Move API. Check the address",
        )]),
    Field::new(TOKEN).headers(&["Authorization"]).wording(&[on(
        &["not_authorized"],
        "The API did not accept this token. Check the token and try again",
    )]),
    Field::new(NAME),
    Field::new(ROLE),
];

const MOVE_ACTION: &[Field] = &[
    // The date and the time make one `timestamp`: its refusal goes on the time.
    Field::date(DATE),
    Field::new(TIME).names(&["timestamp"]),
    Field::new(CANCELLATION_REASON)
        .names(&["cancellation_reason"])
        .wording(&[any("Select why the move was cancelled")]),
    Field::new(CANCELLATION_REASON_COMMENT).names(&["cancellation_reason_comment"]),
    Field::new(NOTES).names(&["notes"]),
];

// The searches: their field's rule is core's (`person_search`, `bulk_prison_numbers`,
// `move_reference`); the API answers a bad filter with a 400 naming the parameter.
const ADD_PERSON: &[Field] = &[Field::new(PRISON_NUMBER).parameters(&["filter[prison_number]"])];

const ADD_PEOPLE: &[Field] = &[Field::new(PRISON_NUMBERS).parameters(&["filter[prison_number]"])];

const FIND_BY_MOVE_REFERENCE: &[Field] =
    &[Field::new(MOVE_REFERENCE).parameters(&["filter[reference]"])];

const ALLOCATION_FILTER: &[Field] = &[
    Field::date(DATE_FROM).parameters(&["filter[date_from]"]),
    Field::date(DATE_TO).parameters(&["filter[date_to]"]),
    Field::new(SEARCH_LOCATION).parameters(&["search[location]"]),
    Field::new(SEARCH_PERSON).parameters(&["search[person]"]),
];

impl Form {
    /// The form's fields, page by page (the steps of a multi-page form), each top to
    /// bottom. The event form's fields depend on the event type: see
    /// [`event_details::order`].
    pub fn steps(self) -> &'static [&'static [Field]] {
        match self {
            Form::AllocationCreate => &[ALLOCATION_DETAILS, ALLOCATION_CRITERIA],
            Form::AllocationCancel => &[ALLOCATION_CANCEL],
            Form::AllocationChangeDate => &[ALLOCATION_CHANGE_DATE],
            Form::SignIn => &[SIGN_IN],
            Form::MoveAction => &[MOVE_ACTION],
            Form::AddPerson => &[ADD_PERSON],
            Form::AddPeople => &[ADD_PEOPLE],
            Form::FindByMoveReference => &[FIND_BY_MOVE_REFERENCE],
            Form::AllocationFilter => &[ALLOCATION_FILTER],
            Form::RemoveMove | Form::Event => &[],
        }
    }

    /// Every field of the form, in page order.
    pub fn fields(self) -> impl Iterator<Item = &'static Field> {
        self.steps().iter().flat_map(|step| step.iter())
    }

    /// The field groups of the form top to bottom (a date input is its group, `date`):
    /// the order of its error summary. `choice` is the event type for the event form.
    pub fn order(self, choice: &str) -> Vec<Cow<'static, str>> {
        if self == Form::Event {
            let info = crate::EVENT_TYPES.iter().find(|info| info.name == choice);
            return event_details::order(info)
                .into_iter()
                .map(Cow::Owned)
                .collect();
        }
        self.fields().map(|field| Cow::Borrowed(field.id)).collect()
    }

    /// The field whose HTML id (or date box) is `field`.
    pub fn field(self, field: &str) -> Option<&'static Field> {
        self.fields().find(|f| f.owns(field))
    }

    /// The step (0 for the first page) the HTML id `field` is on.
    pub fn step_of(self, field: &str) -> Option<usize> {
        self.steps()
            .iter()
            .position(|step| step.iter().any(|f| f.owns(field)))
    }

    /// The HTML id of the field an error at `source` concerns; `None` when it concerns the
    /// request as a whole (a page-level message). `choice` is the chosen estate on the
    /// create-allocation form (for the category question it reveals) and the event type on
    /// the event form.
    pub fn field_for(self, source: &ErrorSource, choice: &str) -> Option<Cow<'static, str>> {
        if let Some(header) = &source.header {
            return self
                .fields()
                .find(|f| f.headers.iter().any(|h| h.eq_ignore_ascii_case(header)))
                .map(Field::target);
        }
        if let Some(parameter) = &source.parameter {
            return self
                .fields()
                .find(|f| f.parameters.contains(&parameter.as_ref()))
                .map(Field::target);
        }
        let pointer = source.pointer.as_deref()?;
        if self == Form::Event {
            return event_details::field_for_pointer(pointer, choice).map(Cow::Owned);
        }
        let segment = |prefix: &str| {
            pointer
                .strip_prefix(prefix)
                .map(|rest| rest.split('/').next().unwrap_or(rest))
        };
        let name = segment("/data/attributes/")
            .map(|name| name.strip_prefix("moves.").unwrap_or(name))
            .or_else(|| segment("/data/relationships/"))?;
        let field = self.fields().find(|f| f.names.contains(&name))?;
        if field.category {
            return Some(Cow::Borrowed(category_field(choice)));
        }
        Some(field.target())
    }

    /// The form's GOV.UK wording for an error with `code` on its field `field`; `None`
    /// when it has none (the API's detail is the message).
    pub fn wording(self, field: &str, code: &str) -> Option<Cow<'static, str>> {
        if self == Form::Event {
            return event_details::wording(field, code).map(Cow::Owned);
        }
        self.field(field)?
            .wording
            .iter()
            .find(|w| w.codes.is_empty() || w.codes.contains(&code))
            .map(|w| Cow::Borrowed(w.text))
    }

    /// The message for an API `error` put on `field` (an HTML id): the form's wording for
    /// its code, else the API's detail.
    pub fn message(self, field: &str, error: &ApiError) -> String {
        self.wording(field, &error.code)
            .map_or_else(|| error.detail.to_string(), Cow::into_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pointer: &str) -> ErrorSource {
        ErrorSource::pointer(pointer.to_owned())
    }

    fn error(code: &str, detail: &str) -> ApiError {
        ApiError::new(code, "t", detail, ErrorSource::default())
    }

    #[test]
    fn create_pointers() {
        let cases = [
            ("/data/attributes/moves_count", Some("moves-count")),
            (
                "/data/relationships/from_location/data/id",
                Some("from-location"),
            ),
            ("/data/relationships/to_location", Some("to-location")),
            ("/data/attributes/moves.to_location_id", Some("to-location")),
            ("/data/attributes/moves.supplier", Some("from-location")),
            ("/data/attributes/date", Some("date-day")),
            (
                "/data/attributes/prisoner_category",
                Some("prisoner-category-adult-male"),
            ),
            (
                "/data/attributes/complex_cases/0/key",
                Some("complex-cases"),
            ),
            ("/data/attributes/status", None),
            ("/data", None),
        ];
        for (pointer, expected) in cases {
            assert_eq!(
                Form::AllocationCreate
                    .field_for(&at(pointer), "adult_male")
                    .as_deref(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn other_forms() {
        assert_eq!(
            Form::AllocationCancel
                .field_for(&at("/data/attributes/cancellation_reason"), "")
                .as_deref(),
            Some("cancellation-reason")
        );
        assert_eq!(
            Form::AllocationCancel.field_for(&at("/data/attributes/timestamp"), ""),
            None
        );
        assert_eq!(
            Form::AllocationChangeDate
                .field_for(&at("/data/attributes/date"), "")
                .as_deref(),
            Some("date-day")
        );
        assert_eq!(
            Form::SignIn
                .field_for(&ErrorSource::header("Authorization"), "")
                .as_deref(),
            Some("token")
        );
        assert_eq!(
            Form::AllocationCreate.field_for(&ErrorSource::header("Authorization"), ""),
            None
        );
        assert_eq!(
            Form::RemoveMove.field_for(&ErrorSource::header("Idempotency-Key"), ""),
            None
        );
    }

    #[test]
    fn search_parameters() {
        let filter = |name: &str| ErrorSource::parameter(name.to_owned());
        assert_eq!(
            Form::AddPerson
                .field_for(&filter("filter[prison_number]"), "")
                .as_deref(),
            Some("prison-number")
        );
        assert_eq!(
            Form::AddPeople
                .field_for(&filter("filter[prison_number]"), "")
                .as_deref(),
            Some("prison-numbers")
        );
        assert_eq!(
            Form::FindByMoveReference
                .field_for(&filter("filter[reference]"), "")
                .as_deref(),
            Some("move-reference")
        );
        assert_eq!(
            Form::AllocationFilter
                .field_for(&filter("filter[date_to]"), "")
                .as_deref(),
            Some("date-to-day")
        );
        // Another parameter (`page`, `include`) is the page's.
        assert_eq!(Form::AddPerson.field_for(&filter("include"), ""), None);
        assert_eq!(
            Form::FindByMoveReference.order(""),
            vec![Cow::Borrowed("move-reference")]
        );
    }

    #[test]
    fn move_action_pointers() {
        let cases = [
            ("/data/attributes/timestamp", Some("time")),
            (
                "/data/attributes/cancellation_reason",
                Some("cancellation-reason"),
            ),
            ("/data/attributes/notes", Some("notes")),
            ("/data/attributes/status", None),
        ];
        for (pointer, expected) in cases {
            assert_eq!(
                Form::MoveAction.field_for(&at(pointer), "").as_deref(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn field_messages() {
        let create = Form::AllocationCreate;
        assert_eq!(
            create.message("moves-count", &error("greater_than", "x")),
            "Number of people must be 1 or more"
        );
        assert_eq!(
            create.message("from-location", &error("not_found", "x")),
            "We could not find the prison they are moving from. Select a prison from the list"
        );
        assert_eq!(
            create.message("to-location", &error("inactive_location", "x")),
            "Prison they are moving to is closed. Select another prison"
        );
        assert_eq!(
            create.message("to-location", &error("invalid_location", "x")),
            "The prison they are moving to must be a prison. Select a prison from the list"
        );
        assert_eq!(
            create.message("other-criteria", &error("weird", "Something odd")),
            "Something odd"
        );
        assert_eq!(
            create.message("prisoner-category-adult-male", &error("inclusion", "x")),
            "Select the prisoner category"
        );
        // A new date that would duplicate a move is not a date to enter again.
        let change = Form::AllocationChangeDate;
        assert_eq!(
            change.message("date", &error("taken", "Date has already been taken")),
            "Someone in this allocation already has another move between these places on this \
             date. Choose a different date"
        );
        assert_eq!(
            change.message("date", &error("blank", "x")),
            "Enter the date of the move as a real date, like 27 3 2026"
        );
    }

    #[test]
    fn every_api_error_lands_on_a_field_of_its_form() {
        // What `field_for` returns is a field of the table, so `message` finds its wording
        // and the page its place in `order`.
        let estates = [
            "adult_male",
            "adult_female",
            "juvenile_male",
            "other_estate",
        ];
        for form in [
            Form::AllocationCreate,
            Form::AllocationCancel,
            Form::AllocationChangeDate,
            Form::SignIn,
            Form::MoveAction,
        ] {
            for field in form.fields() {
                let mut sources: Vec<ErrorSource> = field
                    .names
                    .iter()
                    .flat_map(|name| {
                        [
                            at(&format!("/data/attributes/{name}")),
                            at(&format!("/data/relationships/{name}/data/id")),
                        ]
                    })
                    .collect();
                sources.extend(field.headers.iter().map(|h| ErrorSource::header(*h)));
                for source in &sources {
                    for estate in estates {
                        let id = form.field_for(source, estate).expect("a field");
                        assert!(form.field(&id).is_some(), "{form:?} {source:?} → {id}");
                        let order = form.order(estate);
                        let group = form.field(&id).unwrap().id;
                        assert!(order.iter().any(|g| g == group), "{form:?} {group}");
                    }
                }
            }
        }
    }

    #[test]
    fn steps_and_targets() {
        let create = Form::AllocationCreate;
        assert_eq!(create.step_of("date-month"), Some(0));
        assert_eq!(create.step_of("to-location"), Some(0));
        assert_eq!(create.step_of("prisoner-category-adult-male"), Some(1));
        assert_eq!(create.step_of("other-criteria"), Some(1));
        assert_eq!(create.step_of("date-hour"), None);
        assert_eq!(
            Form::MoveAction.order(""),
            [
                "date",
                "time",
                "cancellation-reason",
                "cancellation-reason-comment",
                "notes"
            ]
        );
        assert_eq!(
            Form::SignIn.order(""),
            ["api-address", "token", "name", "role"]
        );
        assert_eq!(
            Form::SignIn.field_for(&ErrorSource::header("content-type"), ""),
            Some(Cow::Borrowed("api-address"))
        );
        assert_eq!(Form::RemoveMove.order(""), Vec::<Cow<str>>::new());
    }

    /// Every field id a form rule emits, over inputs that reach each of its rules.
    mod emitted {
        use std::collections::BTreeMap;

        use super::super::super::{
            AllocationCancelInput, AllocationChangeDateInput, AllocationCriteriaInput,
            AllocationDetailsInput, ComplexCase, DateInput, FieldError, MoveActionInput,
            SupplierAction, allocation_cancel, allocation_change_date, allocation_criteria,
            allocation_details, event_details, move_action,
        };
        use super::*;
        use crate::EVENT_TYPES;
        use crate::time::parse_iso_date;

        fn assert_in_table(form: Form, errors: Vec<FieldError>, input: &dyn std::fmt::Debug) {
            for error in errors {
                assert!(
                    form.field(&error.field).is_some(),
                    "{form:?} has no field {} ({input:?})",
                    error.field
                );
            }
        }

        /// Dates of every kind: empty, partial, not real, 2-digit year, past, future, the
        /// day the clocks go forward.
        fn dates() -> Vec<DateInput> {
            let mut dates = Vec::new();
            for day in ["", "x", "29", "31"] {
                for month in ["", "2", "3", "13"] {
                    for year in ["", "26", "2020", "2026", "2027"] {
                        dates.push(DateInput::new(day, month, year));
                    }
                }
            }
            dates
        }

        #[test]
        fn allocation_rules() {
            let today = parse_iso_date("2026-05-01").unwrap();
            for moves_count in ["", "x", "-", "0", "100", "3"] {
                for (from, to) in [("", ""), ("a", "a"), ("a", ""), ("", "b"), ("a", "b")] {
                    for date in dates() {
                        let input = AllocationDetailsInput {
                            moves_count: moves_count.into(),
                            from_location: from.into(),
                            to_location: to.into(),
                            date,
                        };
                        let errors = allocation_details(&input, today).err().unwrap_or_default();
                        assert_in_table(Form::AllocationCreate, errors, &input);
                    }
                }
            }
            let reference = [ComplexCase {
                id: "c1".into(),
                key: "hold_separately".into(),
                title: "Segregated prisoners".into(),
            }];
            let estates = [
                "",
                "bad",
                "adult_male",
                "adult_female",
                "young_offender_female",
                "young_offender_male",
                "juvenile_female",
                "juvenile_male",
                "other_estate",
            ];
            for estate in estates {
                for category in ["", "b", "open", "bad"] {
                    for sentence in ["", "bad", "any", "other"] {
                        for comment in ["", "x"] {
                            for cases in [vec![], vec!["bad".to_owned()]] {
                                for complete in ["", "bad", "yes"] {
                                    for has_other in ["", "bad", "yes", "no"] {
                                        let input = AllocationCriteriaInput {
                                            estate: estate.into(),
                                            prisoner_category: category.into(),
                                            estate_comment: comment.into(),
                                            sentence_length: sentence.into(),
                                            sentence_length_comment: comment.into(),
                                            complex_cases: cases.clone(),
                                            complete_in_full: complete.into(),
                                            has_other_criteria: has_other.into(),
                                            other_criteria: comment.into(),
                                        };
                                        let errors = allocation_criteria(&input, &reference)
                                            .err()
                                            .unwrap_or_default();
                                        assert_in_table(Form::AllocationCreate, errors, &input);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for reason in ["", "bad", "made_in_error", "other"] {
                for comment in ["", "x"] {
                    let input = AllocationCancelInput {
                        cancellation_reason: reason.into(),
                        cancellation_reason_comment: comment.into(),
                    };
                    let errors = allocation_cancel(&input, "2026-05-01T10:00:00+01:00")
                        .err()
                        .unwrap_or_default();
                    assert_in_table(Form::AllocationCancel, errors, &input);
                }
            }
            for date in dates() {
                for reason in ["", "bad", "amended_by_pmu"] {
                    let input = AllocationChangeDateInput {
                        date: date.clone(),
                        date_changed_reason: reason.into(),
                    };
                    let errors = allocation_change_date("a1", &input, today)
                        .err()
                        .unwrap_or_default();
                    assert_in_table(Form::AllocationChangeDate, errors, &input);
                }
            }
        }

        #[test]
        fn move_action_rules() {
            let today = parse_iso_date("2026-05-01").unwrap();
            let actions = [
                SupplierAction::Accept,
                SupplierAction::Start,
                SupplierAction::Complete,
                SupplierAction::Cancel,
            ];
            for action in actions {
                for date in dates() {
                    for time in ["", "x", "1:5", "25:00", "01:30", "12:00"] {
                        for reason in ["", "bad", "other"] {
                            let input = MoveActionInput {
                                date: date.clone(),
                                time: time.into(),
                                cancellation_reason: reason.into(),
                                cancellation_reason_comment: String::new(),
                                notes: "n".into(),
                            };
                            let errors =
                                move_action(action, &input, today).err().unwrap_or_default();
                            assert_in_table(Form::MoveAction, errors, &input);
                        }
                    }
                }
            }
        }

        #[test]
        fn event_rules() {
            let mut names: Vec<&str> = EVENT_TYPES.iter().map(|info| info.name).collect();
            names.push("NoSuchEvent");
            for name in names {
                let order = Form::Event.order(name);
                for value in ["", "x", "true", "2020-02-30", "2020-06-16T10:20"] {
                    let values: BTreeMap<String, String> = EVENT_TYPES
                        .iter()
                        .flat_map(|info| info.fields)
                        .map(|field| (field.name.to_owned(), value.to_owned()))
                        .collect();
                    for error in event_details(name, &values).err().unwrap_or_default() {
                        assert!(
                            order.iter().any(|group| *group == error.field),
                            "{name}: {} is not on the event form",
                            error.field
                        );
                    }
                }
            }
        }
    }
}
