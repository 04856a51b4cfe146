//! Prison numbers: one typed into the search box (or a PNC number), or many pasted to fill
//! an allocation.
//!
//! Only the format is checked here (letter, 4 digits, 2 letters, like `A1234BC`): whether a
//! number exists in NOMIS is the server's job. The API itself has no format rule.

use serde::Serialize;

use super::FieldError;
use super::ids::{PRISON_NUMBER, PRISON_NUMBERS};

const FORMAT_HINT: &str = "like A1234BC";

/// The number trimmed, without inner spaces, in upper case.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether `number` (normalised) matches `^[A-Z][0-9]{4}[A-Z]{2}$`.
fn well_formed(number: &str) -> bool {
    let b = number.as_bytes();
    b.len() == 7
        && b[0].is_ascii_uppercase()
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_uppercase)
}

/// What the add-a-person search box holds: a prison number or a PNC number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonSearch {
    /// A prison number, normalised (`G8133UA`).
    PrisonNumber(String),
    /// A Police National Computer number as typed, in upper case (`14/120018R`): the API
    /// matches it exactly (upstream `People::Finder`).
    Pnc(String),
}

impl PersonSearch {
    /// The `GET /api/people` filter that finds it, and its value.
    pub fn filter(&self) -> (&'static str, &str) {
        match self {
            PersonSearch::PrisonNumber(number) => ("prison_number", number),
            PersonSearch::Pnc(pnc) => ("police_national_computer", pnc),
        }
    }
}

/// Whether `pnc` (normalised) is a PNC number: a 2- or 4-digit year, `/`, up to 7 digits
/// and a check letter (`14/120018R`, `2014/120018R`).
fn pnc_shaped(pnc: &str) -> bool {
    let Some((year, rest)) = pnc.split_once('/') else {
        return false;
    };
    let (digits, letter) = rest.split_at(rest.len().saturating_sub(1));
    matches!(year.len(), 2 | 4)
        && year.bytes().all(|b| b.is_ascii_digit())
        && (1..=7).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && letter.len() == 1
        && letter.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks the add-a-person search box (field id `prison-number`): a prison number
/// (normalised: trimmed, inner spaces removed, upper case, then `^[A-Z][0-9]{4}[A-Z]{2}$`)
/// or a PNC number (upper case: `14/120018R`).
///
/// ```
/// use basm_core::forms::{PersonSearch, person_search};
///
/// assert_eq!(person_search(" g8133ua ").unwrap(), PersonSearch::PrisonNumber("G8133UA".into()));
/// assert_eq!(person_search("14/120018r").unwrap().filter(),
///     ("police_national_computer", "14/120018R"));
/// assert_eq!(person_search("G813").unwrap_err()[0].code, "person_search_format");
/// ```
pub fn person_search(input: &str) -> Result<PersonSearch, Vec<FieldError>> {
    let text = normalise(input);
    if text.is_empty() {
        return Err(vec![FieldError::new(
            PRISON_NUMBER,
            "required",
            "Enter a prison number or a PNC number",
        )]);
    }
    if well_formed(&text) {
        return Ok(PersonSearch::PrisonNumber(text));
    }
    if pnc_shaped(&text) {
        return Ok(PersonSearch::Pnc(text));
    }
    Err(vec![FieldError::new(
        PRISON_NUMBER,
        "person_search_format",
        format!("Enter a prison number, {FORMAT_HINT}, or a PNC number, like 14/120018R"),
    )])
}

/// What [`bulk_prison_numbers`] found for one item of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrisonNumberStatus {
    /// A well-formed number that fits in a free place.
    Ok,
    /// Not a prison number.
    BadFormat,
    /// The same number came earlier in the list.
    DuplicateInList,
    /// The person is already in the allocation.
    AlreadyInAllocation,
    /// More people than places left (counted in list order).
    OverCapacity,
}

impl PrisonNumberStatus {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            PrisonNumberStatus::Ok => "ok",
            PrisonNumberStatus::BadFormat => "bad_format",
            PrisonNumberStatus::DuplicateInList => "duplicate_in_list",
            PrisonNumberStatus::AlreadyInAllocation => "already_in_allocation",
            PrisonNumberStatus::OverCapacity => "over_capacity",
        }
    }
}

/// One item of a pasted list of prison numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrisonNumberLine {
    /// The item as typed.
    pub input: String,
    /// The item normalised, when it is a well-formed prison number.
    pub normalised: Option<String>,
    /// What was found.
    pub status: PrisonNumberStatus,
    /// What to do about it (GOV.UK wording); `None` when the status is `ok`.
    pub message: Option<String>,
}

/// Checks a pasted list of prison numbers for an allocation with `places_left` free places
/// whose people include `already_in_allocation` (prison numbers).
///
/// The text is split on newlines, commas, semicolons and whitespace; empty items are
/// ignored. Each item gets the first status that applies, in this order: `bad_format`,
/// `already_in_allocation`, `duplicate_in_list` (the same number earlier in the list),
/// `over_capacity` (a well-formed new number after `places_left` of them), else `ok`.
pub fn bulk_prison_numbers(
    text: &str,
    places_left: usize,
    already_in_allocation: &[String],
) -> Vec<PrisonNumberLine> {
    let existing: Vec<String> = already_in_allocation.iter().map(|n| normalise(n)).collect();
    let mut seen: Vec<String> = Vec::new();
    let mut accepted = 0usize;
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|item| !item.is_empty())
        .map(|item| {
            let number = normalise(item);
            if !well_formed(&number) {
                return PrisonNumberLine {
                    input: item.to_owned(),
                    normalised: None,
                    status: PrisonNumberStatus::BadFormat,
                    message: Some(format!(
                        "{item} is not a prison number. Enter prison numbers in the correct \
                         format, {FORMAT_HINT}"
                    )),
                };
            }
            let (status, message) = if existing.contains(&number) {
                (
                    PrisonNumberStatus::AlreadyInAllocation,
                    Some(format!(
                        "{number} is already in this allocation. Remove it from the list"
                    )),
                )
            } else if seen.contains(&number) {
                (
                    PrisonNumberStatus::DuplicateInList,
                    Some(format!(
                        "{number} is in the list more than once. Remove the repeated number"
                    )),
                )
            } else if accepted >= places_left {
                (
                    PrisonNumberStatus::OverCapacity,
                    Some(over_capacity_message(&number, places_left)),
                )
            } else {
                accepted += 1;
                (PrisonNumberStatus::Ok, None)
            };
            seen.push(number.clone());
            PrisonNumberLine {
                input: item.to_owned(),
                normalised: Some(number),
                status,
                message,
            }
        })
        .collect()
}

fn over_capacity_message(number: &str, places_left: usize) -> String {
    let places = match places_left {
        0 => "There are no places left in this allocation".to_owned(),
        1 => "There is only 1 place left in this allocation".to_owned(),
        n => format!("There are only {n} places left in this allocation"),
    };
    format!("{places}. Remove {number} from the list")
}

/// The one error to show on the bulk-entry field (id `prison-numbers`) for the result of
/// [`bulk_prison_numbers`]: none entered, or the first item that is not `ok`.
pub fn bulk_prison_numbers_error(lines: &[PrisonNumberLine]) -> Option<FieldError> {
    if lines.is_empty() {
        return Some(FieldError::new(
            PRISON_NUMBERS,
            "required",
            "Enter at least one prison number",
        ));
    }
    lines
        .iter()
        .find(|line| line.status != PrisonNumberStatus::Ok)
        .map(|line| {
            FieldError::new(
                PRISON_NUMBERS,
                line.status.code(),
                line.message.clone().unwrap_or_default(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_box_rules() {
        let format = "Enter a prison number, like A1234BC, or a PNC number, like 14/120018R";
        let number = |n: &str| Ok(PersonSearch::PrisonNumber(n.to_owned()));
        let pnc = |n: &str| Ok(PersonSearch::Pnc(n.to_owned()));
        type Expected = Result<PersonSearch, (&'static str, &'static str)>;
        let cases: Vec<(&str, Expected)> = vec![
            ("A1234BC", number("A1234BC")),
            ("  g8133ua ", number("G8133UA")),
            ("g 8133 ua", number("G8133UA")),
            ("G8133UA\t", number("G8133UA")),
            ("14/120018R", pnc("14/120018R")),
            (" 12/044613t ", pnc("12/044613T")),
            ("2014/1R", pnc("2014/1R")),
            (
                "",
                Err(("required", "Enter a prison number or a PNC number")),
            ),
            (
                "   ",
                Err(("required", "Enter a prison number or a PNC number")),
            ),
            ("A123BC", Err(("person_search_format", format))),
            ("A12345BC", Err(("person_search_format", format))),
            ("11234BC", Err(("person_search_format", format))),
            ("A1234B1", Err(("person_search_format", format))),
            ("A1234BCD", Err(("person_search_format", format))),
            ("A-1234-BC", Err(("person_search_format", format))),
            ("É1234BC", Err(("person_search_format", format))),
            ("14/12345678R", Err(("person_search_format", format))),
            ("141/120018R", Err(("person_search_format", format))),
            ("14/120018", Err(("person_search_format", format))),
            ("14/R", Err(("person_search_format", format))),
            ("/120018R", Err(("person_search_format", format))),
        ];
        for (input, expected) in cases {
            let got = person_search(input).map_err(|errors| {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].field, "prison-number");
                (errors[0].code, errors[0].message.clone())
            });
            let expected = expected.map_err(|(code, message)| (code, message.to_owned()));
            assert_eq!(got, expected, "{input:?}");
        }
    }

    fn summary(lines: &[PrisonNumberLine]) -> Vec<(&str, Option<&str>, &str, Option<&str>)> {
        lines
            .iter()
            .map(|l| {
                (
                    l.input.as_str(),
                    l.normalised.as_deref(),
                    l.status.code(),
                    l.message.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn bulk_statuses() {
        let text = "a1234bc, B2345CD;\n\n  C3456DE\tbad  a1234bc,,G8133UA ; h9999xy\r\nZ0000ZZ";
        let lines = bulk_prison_numbers(text, 2, &["g8133ua".to_owned()]);
        assert_eq!(
            summary(&lines),
            vec![
                ("a1234bc", Some("A1234BC"), "ok", None),
                ("B2345CD", Some("B2345CD"), "ok", None),
                (
                    "C3456DE",
                    Some("C3456DE"),
                    "over_capacity",
                    Some(
                        "There are only 2 places left in this allocation. Remove C3456DE from the list"
                    ),
                ),
                (
                    "bad",
                    None,
                    "bad_format",
                    Some(
                        "bad is not a prison number. Enter prison numbers in the correct format, like A1234BC"
                    ),
                ),
                (
                    "a1234bc",
                    Some("A1234BC"),
                    "duplicate_in_list",
                    Some("A1234BC is in the list more than once. Remove the repeated number"),
                ),
                (
                    "G8133UA",
                    Some("G8133UA"),
                    "already_in_allocation",
                    Some("G8133UA is already in this allocation. Remove it from the list"),
                ),
                (
                    "h9999xy",
                    Some("H9999XY"),
                    "over_capacity",
                    Some(
                        "There are only 2 places left in this allocation. Remove H9999XY from the list"
                    ),
                ),
                (
                    "Z0000ZZ",
                    Some("Z0000ZZ"),
                    "over_capacity",
                    Some(
                        "There are only 2 places left in this allocation. Remove Z0000ZZ from the list"
                    ),
                ),
            ]
        );
        assert_eq!(
            bulk_prison_numbers_error(&lines),
            Some(FieldError::new(
                "prison-numbers",
                "over_capacity",
                "There are only 2 places left in this allocation. Remove C3456DE from the list"
            ))
        );
    }

    #[test]
    fn bulk_capacity_wording_and_repeats() {
        let lines = bulk_prison_numbers("A1234BC B1234BC", 1, &[]);
        assert_eq!(
            lines[1].message.as_deref(),
            Some("There is only 1 place left in this allocation. Remove B1234BC from the list")
        );
        let lines = bulk_prison_numbers("A1234BC", 0, &[]);
        assert_eq!(
            lines[0].message.as_deref(),
            Some("There are no places left in this allocation. Remove A1234BC from the list")
        );
        // A repeat of an over-capacity number is still a repeat.
        let lines = bulk_prison_numbers("A1234BC A1234BC", 0, &[]);
        assert_eq!(lines[1].status, PrisonNumberStatus::DuplicateInList);
        // A repeat of a number already in the allocation says so again.
        let lines = bulk_prison_numbers("A1234BC a1234bc", 5, &["A1234BC".to_owned()]);
        assert_eq!(lines[1].status, PrisonNumberStatus::AlreadyInAllocation);
    }

    #[test]
    fn bulk_empty_and_all_ok() {
        assert!(bulk_prison_numbers(" ,;\n ", 3, &[]).is_empty());
        assert_eq!(
            bulk_prison_numbers_error(&[]),
            Some(FieldError::new(
                "prison-numbers",
                "required",
                "Enter at least one prison number"
            ))
        );
        let lines = bulk_prison_numbers("A1234BC\nB1234BC", 2, &[]);
        assert!(lines.iter().all(|l| l.status == PrisonNumberStatus::Ok));
        assert_eq!(bulk_prison_numbers_error(&lines), None);
        assert_eq!(
            serde_json::to_value(&lines[0]).unwrap(),
            serde_json::json!({"input": "A1234BC", "normalised": "A1234BC", "status": "ok",
                "message": null})
        );
    }
}
