//! Where a failed request's errors go: on the fields they concern, or in one page-level
//! message that says what to do next.

use basm_core::forms::Form;

use super::errors::{FieldMessage, FormState};
use crate::api::Failure;
use crate::messages::{PageProblem, page_problem};

/// Puts `failure`'s errors on `form`'s fields (as API messages shown until the field
/// changes), where core's table of the form `kind` places them and in its words, and
/// returns the page-level problem for the rest, if any. `choice` is the chosen estate (for
/// the category question's id) or the event type ([`Form::field_for`]); `thing` names the
/// page's subject.
pub fn apply_failure(
    failure: &Failure,
    kind: Form,
    choice: &str,
    form: &mut FormState,
    thing: &str,
) -> Option<PageProblem> {
    let mut unplaced = Vec::new();
    form.server.clear();
    for error in failure.errors() {
        // 401s and idempotency conflicts concern the request, not a field, except on
        // the sign-in form where the token is a field.
        let placeable = match failure.status() {
            400 | 404 | 422 => true,
            401 | 415 => kind == Form::SignIn,
            _ => false,
        };
        match kind.field_for(&error.source, choice).filter(|_| placeable) {
            Some(field) => {
                if !form.server.iter().any(|m| m.field == field) {
                    form.server.push(FieldMessage::new(
                        &field,
                        &error.code,
                        &kind.message(&field, error),
                    ));
                }
            }
            None => unplaced.push(error.clone()),
        }
    }
    (!unplaced.is_empty() || failure.errors().is_empty())
        .then(|| page_problem(failure.status(), &unplaced, thing))
}

#[cfg(test)]
mod tests {
    use basm_core::{ApiError, ErrorSource};

    use super::*;

    fn at(code: &str, pointer: &str) -> ApiError {
        ApiError::new(
            code,
            "t",
            "detail",
            ErrorSource::pointer(pointer.to_owned()),
        )
    }

    #[test]
    fn field_errors_go_on_fields() {
        let mut form = FormState::default();
        let failure = Failure::refused(
            422,
            vec![
                at("greater_than", "/data/attributes/moves_count"),
                at(
                    "same_as_from_location",
                    "/data/attributes/moves.to_location_id",
                ),
                at(
                    "same_as_from_location",
                    "/data/attributes/moves.to_location_id",
                ),
            ],
        );
        let problem = apply_failure(
            &failure,
            Form::AllocationCreate,
            "adult_male",
            &mut form,
            "x",
        );
        assert_eq!(problem, None);
        let fields: Vec<_> = form.server.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["moves-count", "to-location"]);
    }

    #[test]
    fn the_rest_is_a_page_problem() {
        let mut form = FormState::default();
        let failure = Failure::refused(
            401,
            vec![ApiError::new(
                "not_authorized",
                "t",
                "Token expired or invalid",
                ErrorSource::header("Authorization"),
            )],
        );
        let problem = apply_failure(&failure, Form::AllocationCancel, "", &mut form, "x").unwrap();
        assert!(problem.sign_in_again);
        assert!(form.server.is_empty());
        let problem = apply_failure(
            &Failure::Network,
            Form::AllocationCancel,
            "",
            &mut form,
            "x",
        )
        .unwrap();
        assert!(problem.retry);
        let mut form = FormState::default();
        let on_sign_in = apply_failure(&failure, Form::SignIn, "", &mut form, "x");
        assert_eq!(on_sign_in, None);
        assert_eq!(form.server[0].field, "token");
        let failure = Failure::refused(
            422,
            vec![
                at("invalid_datetime", "/data/attributes/timestamp"),
                at("inclusion", "/data/attributes/cancellation_reason"),
            ],
        );
        let mut form = FormState::default();
        let problem = apply_failure(&failure, Form::AllocationCancel, "", &mut form, "x").unwrap();
        assert!(problem.body.contains("detail"));
        assert_eq!(form.server.len(), 1);
    }
}
