//! The HTML ids of the forms' fields, each declared once: the form rules put their
//! [`FieldError`](super::FieldError)s on them, the [`Form`](super::Form) tables map the
//! API's errors to them, and the web app draws its fields with them.
//!
//! A date input's id names the group of its three boxes: `date` is drawn as `date-day`,
//! `date-month` and `date-year`, and errors go on one of those.

/// Create allocation, step 1: the number of people.
pub const MOVES_COUNT: &str = "moves-count";
/// Create allocation, step 1: the prison they are moving from.
pub const FROM_LOCATION: &str = "from-location";
/// Create allocation, step 1: the prison they are moving to.
pub const TO_LOCATION: &str = "to-location";
/// The date input of the move (create allocation, change date) or of a move action.
pub const DATE: &str = "date";
/// Create allocation, step 2: the estate radios.
pub const ESTATE: &str = "estate";
/// The category question the adult male estate reveals (B, C or D).
pub const PRISONER_CATEGORY_ADULT_MALE: &str = "prisoner-category-adult-male";
/// The category question the adult female estate reveals (open or closed).
pub const PRISONER_CATEGORY_ADULT_FEMALE: &str = "prisoner-category-adult-female";
/// The category question the young offender male estate reveals (open or closed).
pub const PRISONER_CATEGORY_YOUNG_OFFENDER_MALE: &str = "prisoner-category-young-offender-male";
/// The category question the young offender female estate reveals (open or closed).
pub const PRISONER_CATEGORY_YOUNG_OFFENDER_FEMALE: &str = "prisoner-category-young-offender-female";
/// Create allocation, step 2: details of an `other_estate`.
pub const ESTATE_COMMENT: &str = "estate-comment";
/// Create allocation, step 2: time left to serve.
pub const SENTENCE_LENGTH: &str = "sentence-length";
/// Create allocation, step 2: details of an `other` time left to serve.
pub const SENTENCE_LENGTH_COMMENT: &str = "sentence-length-comment";
/// Create allocation, step 2: the complex cases checkboxes.
pub const COMPLEX_CASES: &str = "complex-cases";
/// Create allocation, step 2: must every place be filled.
pub const COMPLETE_IN_FULL: &str = "complete-in-full";
/// Create allocation, step 2: are there other criteria.
pub const HAS_OTHER_CRITERIA: &str = "has-other-criteria";
/// Create allocation, step 2: the other criteria.
pub const OTHER_CRITERIA: &str = "other-criteria";
/// Cancel allocation, cancel move: the reason radios.
pub const CANCELLATION_REASON: &str = "cancellation-reason";
/// Cancel allocation, cancel move: details of the reason.
pub const CANCELLATION_REASON_COMMENT: &str = "cancellation-reason-comment";
/// Change date: why the date is changing.
pub const DATE_CHANGED_REASON: &str = "date-changed-reason";
/// Move action: the time it happened (`hh:mm`).
pub const TIME: &str = "time";
/// Move action, record an event: the notes.
pub const NOTES: &str = "notes";
/// Sign in: the API address.
pub const API_ADDRESS: &str = "api-address";
/// Sign in: the bearer token.
pub const TOKEN: &str = "token";
/// Sign in: the user's full name.
pub const NAME: &str = "name";
/// Sign in: the role radios.
pub const ROLE: &str = "role";
/// Record an event: what the event is about (the move or one of its journeys).
pub const EVENTABLE: &str = "eventable";
/// Record an event: the event type select.
pub const EVENT_TYPE: &str = "event-type";
/// Record an event: when it happened (a date input and a time, `occurred-at-time`).
pub const OCCURRED_AT: &str = "occurred-at";
/// Record an event: the time box of [`OCCURRED_AT`] (`hh:mm`), named `{OCCURRED_AT}-time` as
/// every date-time field's time box is.
pub const OCCURRED_AT_TIME: &str = "occurred-at-time";
/// Add a person: the prison-number search box.
pub const PRISON_NUMBER: &str = "prison-number";
/// Add people: the bulk prison-numbers box.
pub const PRISON_NUMBERS: &str = "prison-numbers";
/// A move's reference, to find its allocation (allocations list).
pub const MOVE_REFERENCE: &str = "move-reference";
/// Allocations list filter: the first day of the range (a date input).
pub const DATE_FROM: &str = "date-from";
/// Allocations list filter: the last day of the range (a date input).
pub const DATE_TO: &str = "date-to";
/// Allocations list filter: a prison's name, or part of it (`search[location]`).
pub const SEARCH_LOCATION: &str = "search-location";
/// Allocations list filter: a person's last name, or part of it (`search[person]`).
pub const SEARCH_PERSON: &str = "search-person";
