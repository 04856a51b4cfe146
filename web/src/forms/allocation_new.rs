//! The create-allocation journey: the draft kept across reloads, which step each field is
//! on, the check-answers rows, and how a retry finds out whether the first try went
//! through.

use basm_core::documents::AllocationCreate;
use basm_core::forms::{
    AllocationCriteriaInput, AllocationDetailsInput, ComplexCase, Form, category_field, ids,
};
use serde::{Deserialize, Serialize};

use super::errors::FormState;
use super::format;
use crate::model::Allocation;

/// The journey's kind: its drafts are kept per journey id ([`super::journey`]).
pub const JOURNEY_KIND: &str = "allocation-new";

/// Where the one draft was kept before drafts were kept per journey: removed when seen.
pub const LEGACY_DRAFT_KEYS: [&str; 2] = [
    "basm:draft:allocation-new",
    "basm:draft:allocation-new:attempt",
];

/// Everything typed so far in the journey, saved on every change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllocationDraft {
    /// Step 1 as typed.
    pub details: AllocationDetailsInput,
    /// The text typed in the "from" autocomplete.
    pub from_text: String,
    /// The text typed in the "to" autocomplete.
    pub to_text: String,
    /// Step 2 as chosen.
    pub criteria: AllocationCriteriaInput,
    /// Step 1's submit state and API refusals.
    pub details_form: FormState,
    /// Step 2's submit state and API refusals.
    pub criteria_form: FormState,
    /// The estate was chosen from the destination's reference data
    /// (`basm_core::forms::estate_for_destination`), not by the user.
    pub estate_preselected: bool,
}

/// A step of the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Allocation details.
    Details,
    /// Allocation criteria.
    Criteria,
}

/// The step a field id is on (core's table of the form: its first page is step 1).
pub fn step_of(field: &str) -> Step {
    if Form::AllocationCreate.step_of(field) == Some(0) {
        Step::Details
    } else {
        Step::Criteria
    }
}

/// One row of the check-answers page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// The question, short.
    pub key: &'static str,
    /// The answer as text (never markup).
    pub value: String,
    /// Where "Change" goes: the step ...
    pub change_step: Step,
    /// ... and the field to focus there.
    pub change_field: String,
    /// The visually hidden end of the "Change" link (`number of people`).
    pub change_hidden: &'static str,
}

/// How an unfinished journey is named where a new one offers to continue it: what was typed
/// of its first step (`2 people from BSI to IWI`), or `None` for a draft with nothing typed.
pub fn unfinished_summary(draft: &AllocationDraft) -> Option<String> {
    let d = &draft.details;
    let count = d.moves_count.trim().parse::<u32>().ok().map(format::people);
    let mut text = String::new();
    if let Some(count) = count {
        text.push_str(&count);
    }
    for (word, place) in [("from", &draft.from_text), ("to", &draft.to_text)] {
        let place = place.trim();
        if !place.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
            text.push(' ');
            text.push_str(place);
        }
    }
    if !text.is_empty() {
        return Some(text);
    }
    (*draft != AllocationDraft::default()).then(|| "an allocation you started".to_owned())
}

/// The check-answers rows for a draft that passed both steps; `location_name` names a
/// location id.
pub fn answer_rows(
    draft: &AllocationDraft,
    complex_cases: &[ComplexCase],
    location_name: impl Fn(&str) -> String,
    date: &str,
) -> (Vec<AnswerRow>, Vec<AnswerRow>) {
    let d = &draft.details;
    let c = &draft.criteria;
    let count: u32 = d.moves_count.trim().parse().unwrap_or(0);
    let details = vec![
        AnswerRow {
            key: "Number of people",
            value: count.to_string(),
            change_step: Step::Details,
            change_field: ids::MOVES_COUNT.to_owned(),
            change_hidden: "number of people",
        },
        AnswerRow {
            key: "From",
            value: location_name(d.from_location.trim()),
            change_step: Step::Details,
            change_field: ids::FROM_LOCATION.to_owned(),
            change_hidden: "prison they are moving from",
        },
        AnswerRow {
            key: "To",
            value: location_name(d.to_location.trim()),
            change_step: Step::Details,
            change_field: ids::TO_LOCATION.to_owned(),
            change_hidden: "prison they are moving to",
        },
        AnswerRow {
            key: "Date",
            value: format::long_date_text(date),
            change_step: Step::Details,
            change_field: format!("{}-day", ids::DATE),
            change_hidden: "date of the move",
        },
    ];
    let estate = c.estate.trim();
    let mut estate_text = format::estate(estate).to_owned();
    if estate == "other_estate" {
        estate_text = format!("Other: {}", c.estate_comment.trim());
    }
    let category_field = category_field(estate);
    let category = if category_field == ids::ESTATE {
        "Not applicable".to_owned()
    } else {
        format::category(c.prisoner_category.trim()).to_owned()
    };
    let sentence = match c.sentence_length.trim() {
        "other" => format!("Other: {}", c.sentence_length_comment.trim()),
        key => format::sentence_length(key).to_owned(),
    };
    let ticked: Vec<String> = complex_cases
        .iter()
        .filter(|case| c.complex_cases.iter().any(|k| k.trim() == case.key))
        .map(|case| case.title.clone())
        .collect();
    let cases = if ticked.is_empty() {
        "None".to_owned()
    } else {
        format::sentence(&ticked)
    };
    let yes_no = |v: &str| match v.trim() {
        "yes" | "true" => "Yes",
        _ => "No",
    };
    let other = match c.has_other_criteria.trim() {
        "yes" | "true" => c.other_criteria.trim().to_owned(),
        _ => "None".to_owned(),
    };
    let criteria = vec![
        AnswerRow {
            key: "Estate",
            value: estate_text,
            change_step: Step::Criteria,
            change_field: ids::ESTATE.to_owned(),
            change_hidden: "estate",
        },
        AnswerRow {
            key: "Prisoner category",
            value: category,
            change_step: Step::Criteria,
            change_field: category_field.to_owned(),
            change_hidden: "prisoner category",
        },
        AnswerRow {
            key: "Time left to serve",
            value: sentence,
            change_step: Step::Criteria,
            change_field: ids::SENTENCE_LENGTH.to_owned(),
            change_hidden: "time left to serve",
        },
        AnswerRow {
            key: "Complex cases accepted",
            value: cases,
            change_step: Step::Criteria,
            change_field: ids::COMPLEX_CASES.to_owned(),
            change_hidden: "complex cases accepted",
        },
        AnswerRow {
            key: "Complete in full",
            value: yes_no(&c.complete_in_full).to_owned(),
            change_step: Step::Criteria,
            change_field: ids::COMPLETE_IN_FULL.to_owned(),
            change_hidden: "whether every place must be filled",
        },
        AnswerRow {
            key: "Other criteria",
            value: other,
            change_step: Step::Criteria,
            change_field: ids::HAS_OTHER_CRITERIA.to_owned(),
            change_hidden: "other criteria",
        },
    ];
    (details, criteria)
}

/// Whether `allocation` is the one `request` created, for a retry after a try that got no
/// answer: same prisons, date, size, requester and criteria, and (when the API gives
/// `created_at`) created no earlier than a minute before the first try. `started_at` and
/// `created_at` are ISO 8601 texts.
pub fn is_created_by(
    allocation: &Allocation,
    request: &AllocationCreate,
    started_at: &str,
) -> bool {
    let data = &request.data;
    let a = &data.attributes;
    let from = data
        .relationships
        .from_location
        .data
        .as_ref()
        .map(|r| r.id.as_str());
    let to = data
        .relationships
        .to_location
        .data
        .as_ref()
        .map(|r| r.id.as_str());
    let same = Some(allocation.from_location.as_str()) == from
        && Some(allocation.to_location.as_str()) == to
        && allocation.date == a.date.0
        && allocation.moves_count == a.moves_count
        && allocation.requested_by == a.requested_by.clone().unwrap_or_default()
        && allocation.estate == a.estate.map(|e| e.as_str().to_owned()).unwrap_or_default()
        && allocation.complete_in_full == a.complete_in_full.unwrap_or(false)
        && allocation.other_criteria == a.other_criteria.clone().unwrap_or_default()
        && allocation.status != "cancelled";
    if !same {
        return false;
    }
    match (
        basm_core::time::parse_lenient_datetime(&allocation.created_at),
        basm_core::time::parse_lenient_datetime(started_at),
    ) {
        (Some(created), Some(started)) => created.unix_seconds() >= started.unix_seconds() - 60,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use basm_core::forms::{DateInput, allocation_create};
    use basm_core::time::parse_iso_date;

    use super::*;

    fn draft() -> AllocationDraft {
        AllocationDraft {
            details: AllocationDetailsInput {
                moves_count: "2".into(),
                from_location: "from-id".into(),
                to_location: "to-id".into(),
                date: DateInput::new("22", "5", "2026"),
            },
            criteria: AllocationCriteriaInput {
                estate: "adult_male".into(),
                prisoner_category: "c".into(),
                sentence_length: "other".into(),
                sentence_length_comment: "Remand".into(),
                complex_cases: vec!["self_harm".into()],
                complete_in_full: "no".into(),
                has_other_criteria: "no".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn cases() -> Vec<ComplexCase> {
        vec![
            ComplexCase {
                id: "c1".into(),
                key: "hold_separately".into(),
                title: "Segregated prisoners".into(),
            },
            ComplexCase {
                id: "c2".into(),
                key: "self_harm".into(),
                title: "Self harm".into(),
            },
        ]
    }

    #[test]
    fn steps() {
        assert_eq!(step_of("date-month"), Step::Details);
        assert_eq!(step_of("to-location"), Step::Details);
        assert_eq!(step_of("prisoner-category-adult-male"), Step::Criteria);
        assert_eq!(step_of("other-criteria"), Step::Criteria);
    }

    #[test]
    fn rows() {
        let (details, criteria) = answer_rows(
            &draft(),
            &cases(),
            |id| format!("name of {id}"),
            "2026-05-22",
        );
        let text: Vec<_> = details.iter().map(|r| (r.key, r.value.as_str())).collect();
        assert_eq!(
            text,
            [
                ("Number of people", "2"),
                ("From", "name of from-id"),
                ("To", "name of to-id"),
                ("Date", "Friday 22 May 2026")
            ]
        );
        assert_eq!(
            (details[3].change_step, details[3].change_field.as_str()),
            (Step::Details, "date-day")
        );
        let text: Vec<_> = criteria.iter().map(|r| (r.key, r.value.as_str())).collect();
        assert_eq!(
            text,
            [
                ("Estate", "Adult male"),
                ("Prisoner category", "Category C"),
                ("Time left to serve", "Other: Remand"),
                ("Complex cases accepted", "Self harm"),
                ("Complete in full", "No"),
                ("Other criteria", "None")
            ]
        );
        assert_eq!(
            (criteria[1].change_step, criteria[1].change_field.as_str()),
            (Step::Criteria, "prisoner-category-adult-male")
        );
    }

    #[test]
    fn finds_the_allocation_a_lost_answer_created() {
        let today = parse_iso_date("2026-05-01").unwrap();
        let d = draft();
        let request =
            allocation_create(&d.details, &d.criteria, "Iama Requestor", &cases(), today).unwrap();
        let mut created = Allocation {
            id: "al".into(),
            date: "2026-05-22".into(),
            moves_count: 2,
            status: "unfilled".into(),
            estate: "adult_male".into(),
            requested_by: "Iama Requestor".into(),
            from_location: "from-id".into(),
            to_location: "to-id".into(),
            created_at: "2026-05-01T10:00:05Z".into(),
            ..Allocation::default()
        };
        assert!(is_created_by(&created, &request, "2026-05-01T10:00:00Z"));
        assert!(!is_created_by(&created, &request, "2026-05-01T10:05:00Z"));
        created.created_at = String::new();
        assert!(is_created_by(&created, &request, "2026-05-01T10:05:00Z"));
        created.moves_count = 3;
        assert!(!is_created_by(&created, &request, "2026-05-01T10:00:00Z"));
    }

    #[test]
    fn an_unfinished_journey_is_named_by_what_was_typed() {
        assert_eq!(unfinished_summary(&AllocationDraft::default()), None);
        let mut d = AllocationDraft::default();
        d.details.moves_count = "2".into();
        d.from_text = "BRINSFORD (HMP) (BSI)".into();
        d.to_text = "IWI".into();
        assert_eq!(
            unfinished_summary(&d).as_deref(),
            Some("2 people from BRINSFORD (HMP) (BSI) to IWI")
        );
        let mut later = AllocationDraft::default();
        later.criteria.estate = "adult_male".into();
        assert_eq!(
            unfinished_summary(&later).as_deref(),
            Some("an allocation you started")
        );
    }

    #[test]
    fn draft_round_trips_through_json() {
        let mut d = draft();
        d.details_form.submit();
        let json = serde_json::to_string(&d).unwrap();
        let back: AllocationDraft = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        let partial: AllocationDraft = serde_json::from_str(r#"{"from_text": "BSI"}"#).unwrap();
        assert_eq!(partial.from_text, "BSI");
    }
}
