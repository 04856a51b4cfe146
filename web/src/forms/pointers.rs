//! Where an API refusal belongs on the page: from the error's `source` (JSON pointer, query
//! parameter or header) to the HTML id of the field it concerns.

use basm_core::ErrorSource;
use basm_core::values::Estate;

/// The forms whose fields the API can refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Create allocation (both steps); `estate` decides which category question is shown.
    AllocationCreate,
    /// Cancel allocation.
    AllocationCancel,
    /// Change the date of an allocation.
    AllocationChangeDate,
    /// Remove an empty place (cancels one move).
    RemoveMove,
    /// Sign in (the API address and token).
    SignIn,
    /// A supplier's move action (accept, start, complete, cancel).
    MoveAction,
    /// Record an event (`POST /api/events`); `estate` carries the event type, whose fields
    /// decide the ids ([`crate::forms::event_composer::field_for_pointer`]).
    Event,
}

/// The field id for an error at `source` on `form`; `None` when the error concerns the
/// request as a whole (a page-level message). `estate` is the chosen estate key, for the
/// category question it reveals.
pub fn field_for(source: &ErrorSource, form: FormKind, estate: &str) -> Option<String> {
    if let Some(header) = &source.header {
        return match (form, header.to_ascii_lowercase().as_str()) {
            (FormKind::SignIn, "authorization") => Some("token".to_owned()),
            (FormKind::SignIn, "accept" | "content-type") => Some("api-address".to_owned()),
            _ => None,
        };
    }
    let pointer = source.pointer.as_deref()?;
    if form == FormKind::Event {
        return crate::forms::event_composer::field_for_pointer(pointer, estate);
    }
    let attribute = pointer
        .strip_prefix("/data/attributes/")
        .map(|rest| rest.split('/').next().unwrap_or(rest))
        .map(|name| name.strip_prefix("moves.").unwrap_or(name));
    let relationship = pointer
        .strip_prefix("/data/relationships/")
        .map(|rest| rest.split('/').next().unwrap_or(rest));
    let name = attribute.or(relationship)?;
    let field = match (form, name) {
        (FormKind::AllocationCreate, name) => match name {
            "moves_count" => "moves-count",
            "from_location" | "from_location_id" | "supplier" => "from-location",
            "to_location" | "to_location_id" => "to-location",
            "date" => "date-day",
            "estate" => "estate",
            "estate_comment" => "estate-comment",
            "prisoner_category" => return Some(category_field(estate).to_owned()),
            "sentence_length" => "sentence-length",
            "sentence_length_comment" => "sentence-length-comment",
            "complex_cases" => "complex-cases",
            "complete_in_full" => "complete-in-full",
            "other_criteria" => "other-criteria",
            _ => return None,
        },
        (FormKind::AllocationCancel, "cancellation_reason") => "cancellation-reason",
        (FormKind::AllocationCancel, "cancellation_reason_comment") => {
            "cancellation-reason-comment"
        }
        (FormKind::AllocationChangeDate, "date") => "date-day",
        (FormKind::AllocationChangeDate, "date_changed_reason") => "date-changed-reason",
        (FormKind::MoveAction, "timestamp") => "time",
        (FormKind::MoveAction, "cancellation_reason") => "cancellation-reason",
        (FormKind::MoveAction, "cancellation_reason_comment") => "cancellation-reason-comment",
        (FormKind::MoveAction, "notes") => "notes",
        _ => return None,
    };
    Some(field.to_owned())
}

/// The id of the category question revealed by `estate` (core's
/// [`category_question`](basm_core::forms::category_question)); the estate radios themselves
/// when the estate has none.
pub fn category_field(estate: &str) -> &'static str {
    Estate::from_wire(estate)
        .and_then(basm_core::forms::category_question)
        .map_or("estate", |(field, _)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pointer: &str) -> ErrorSource {
        ErrorSource::pointer(pointer.to_owned())
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
                field_for(&at(pointer), FormKind::AllocationCreate, "adult_male").as_deref(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn other_forms() {
        assert_eq!(
            field_for(
                &at("/data/attributes/cancellation_reason"),
                FormKind::AllocationCancel,
                ""
            )
            .as_deref(),
            Some("cancellation-reason")
        );
        assert_eq!(
            field_for(
                &at("/data/attributes/timestamp"),
                FormKind::AllocationCancel,
                ""
            ),
            None
        );
        assert_eq!(
            field_for(
                &at("/data/attributes/date"),
                FormKind::AllocationChangeDate,
                ""
            )
            .as_deref(),
            Some("date-day")
        );
        assert_eq!(
            field_for(&ErrorSource::header("Authorization"), FormKind::SignIn, "").as_deref(),
            Some("token")
        );
        assert_eq!(
            field_for(
                &ErrorSource::header("Authorization"),
                FormKind::AllocationCreate,
                ""
            ),
            None
        );
        assert_eq!(
            field_for(
                &ErrorSource::header("Idempotency-Key"),
                FormKind::RemoveMove,
                ""
            ),
            None
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
                field_for(&at(pointer), FormKind::MoveAction, "").as_deref(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn category_fields() {
        assert_eq!(
            category_field("young_offender_female"),
            "prisoner-category-young-offender-female"
        );
        assert_eq!(category_field("juvenile_male"), "estate");
    }
}
