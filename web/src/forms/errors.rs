//! Which errors a form shows, and when.
//!
//! GOV.UK pattern: nothing is shown until the first submit; from then on core's rules run on
//! every keystroke, so a fixed field loses its message at once. Refusals from the API
//! ("server" errors) stay on their field until that field changes or the form is sent again.

use basm_core::forms::{DateInput, FieldError};
use serde::{Deserialize, Serialize};

/// One message on one field: shown in the error summary (linking to `#<field>`) and above
/// the field (`<group>-error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    /// The HTML id of the field the summary links to (`moves-count`, `date-day`).
    pub field: String,
    /// The rule that failed (core's form code, or the API's error code).
    pub code: String,
    /// The GOV.UK message.
    pub message: String,
}

impl FieldMessage {
    /// A message on `field`.
    pub fn new(field: &str, code: &str, message: &str) -> Self {
        FieldMessage {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl From<&FieldError> for FieldMessage {
    fn from(error: &FieldError) -> Self {
        FieldMessage::new(&error.field, error.code, &error.message)
    }
}

/// Puts `value` in the `part` box (`day`, `month`, else `year`) of a GOV.UK date input, as
/// [`crate::components::govuk::DateFields`] reports it.
pub fn set_date_part(date: &mut DateInput, part: &str, value: String) {
    match part {
        "day" => date.day = value,
        "month" => date.month = value,
        _ => date.year = value,
    }
}

/// Converts core's errors.
pub fn from_core(errors: &[FieldError]) -> Vec<FieldMessage> {
    errors.iter().map(FieldMessage::from).collect()
}

/// The submit state of one form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    /// The user has pressed the submit button at least once.
    pub submitted: bool,
    /// Errors the API gave, already put on fields.
    pub server: Vec<FieldMessage>,
}

impl FormState {
    /// The form was submitted: from now on the client rules are shown live, and the API's
    /// earlier refusals are dropped (the request is about to be checked and sent again).
    pub fn submit(&mut self) {
        self.submitted = true;
        self.server.clear();
    }

    /// The user changed `field` (or a box of the group `field-…`): the API's message on it
    /// no longer applies.
    pub fn changed(&mut self, field: &str) {
        self.server
            .retain(|m| m.field != field && group_of(&m.field) != group_of(field));
    }

    /// The messages to show, in page order: core's rules once submitted, then the API's
    /// messages on fields core found nothing wrong with. `order` lists the page's field
    /// groups top to bottom (a form's [`basm_core::forms::Form::order`]).
    pub fn visible(&self, client: &[FieldMessage], order: &[impl AsRef<str>]) -> Vec<FieldMessage> {
        let mut shown: Vec<FieldMessage> = if self.submitted {
            client.to_vec()
        } else {
            Vec::new()
        };
        for message in &self.server {
            let group = group_of(&message.field);
            if !shown.iter().any(|m| group_of(&m.field) == group) {
                shown.push(message.clone());
            }
        }
        let rank = |m: &FieldMessage| {
            let group = group_of(&m.field);
            order
                .iter()
                .position(|g| g.as_ref() == group)
                .unwrap_or(order.len())
        };
        shown.sort_by_key(rank);
        shown
    }
}

/// The group a field id belongs to: `date-day` → `date`, `new-date-year` → `new-date`;
/// any other id is its own group.
pub fn group_of(field: &str) -> &str {
    for suffix in ["-day", "-month", "-year"] {
        if let Some(group) = field.strip_suffix(suffix) {
            return group;
        }
    }
    field
}

/// The first message on the field group `group` (`moves-count`, `date`).
pub fn message_for<'a>(shown: &'a [FieldMessage], group: &str) -> Option<&'a FieldMessage> {
    shown.iter().find(|m| group_of(&m.field) == group)
}

/// Which boxes of a date input get `govuk-input--error` for `error`: the box named by the
/// error, every empty box for a date that is incomplete, and all three when the whole date
/// is at fault (missing, in the past, the API's refusal).
pub fn date_boxes_in_error(error: Option<&FieldMessage>, input: &DateInput) -> [bool; 3] {
    let Some(error) = error else {
        return [false; 3];
    };
    let named = |suffix: &str| error.field.ends_with(suffix);
    match error.code.as_str() {
        "date_incomplete" => [
            input.day.trim().is_empty(),
            input.month.trim().is_empty(),
            input.year.trim().is_empty(),
        ],
        "date_not_real" | "year_not_four_digits" => {
            [named("-day"), named("-month"), named("-year")]
        }
        _ => [true; 3],
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use basm_core::forms::Form;

    use super::*;

    fn m(field: &str, code: &str) -> FieldMessage {
        FieldMessage::new(field, code, &format!("{field} {code}"))
    }

    /// The create-allocation form's groups: `moves-count`, `from-location`, `to-location`,
    /// `date`, then step 2's.
    fn order() -> Vec<Cow<'static, str>> {
        Form::AllocationCreate.order("")
    }

    #[test]
    fn nothing_shown_before_the_first_submit() {
        let state = FormState::default();
        assert!(
            state
                .visible(&[m("moves-count", "required")], &order())
                .is_empty()
        );
    }

    #[test]
    fn client_errors_live_after_submit_and_server_errors_merge_in_page_order() {
        let mut state = FormState::default();
        state.submit();
        state.server = vec![m("date-day", "blank"), m("moves-count", "greater_than")];
        let client = vec![m("moves-count", "required")];
        let shown = state.visible(&client, &order());
        assert_eq!(
            shown,
            vec![m("moves-count", "required"), m("date-day", "blank")]
        );
    }

    #[test]
    fn server_errors_show_without_submit_and_go_when_the_field_changes() {
        let mut state = FormState {
            submitted: false,
            server: vec![
                m("to-location", "same_as_from_location"),
                m("date-day", "blank"),
            ],
        };
        assert_eq!(state.visible(&[], &order()).len(), 2);
        state.changed("date-month");
        assert_eq!(
            state.visible(&[], &order()),
            vec![m("to-location", "same_as_from_location")]
        );
        state.submit();
        assert!(state.server.is_empty());
    }

    #[test]
    fn groups() {
        assert_eq!(group_of("date-day"), "date");
        assert_eq!(group_of("date-year"), "date");
        assert_eq!(group_of("moves-count"), "moves-count");
        let shown = vec![m("date-month", "date_incomplete")];
        assert_eq!(message_for(&shown, "date").unwrap().field, "date-month");
        assert!(message_for(&shown, "moves-count").is_none());
    }

    #[test]
    fn date_boxes() {
        let input = DateInput::new("4", "", "");
        assert_eq!(
            date_boxes_in_error(Some(&m("date-month", "date_incomplete")), &input),
            [false, true, true]
        );
        assert_eq!(
            date_boxes_in_error(Some(&m("date-year", "year_not_four_digits")), &input),
            [false, false, true]
        );
        assert_eq!(
            date_boxes_in_error(Some(&m("date-day", "date_in_past")), &input),
            [true, true, true]
        );
        assert_eq!(date_boxes_in_error(None, &input), [false; 3]);
    }
}
