//! User-facing words for the API's refusals that concern a page, not one form's field:
//! status → a page-level message that always says what to do next, and why a person cannot
//! be added. The words for a field's errors live in core's form tables
//! ([`basm_core::forms::Form::message`]).

use basm_core::ApiError;

/// Why a person with `prison_number` cannot be added to a place, from core's refusal of
/// the assignment: a category this service does not move (`unsupported_prisoner_category`,
/// upstream `Move#validate_prisoner_category`) in GOV.UK words; anything else in the API's.
pub fn assignment_refusal(
    prison_number: &str,
    category: Option<&str>,
    errors: &[ApiError],
) -> String {
    if errors
        .iter()
        .any(|e| e.code == basm_core::error::codes::UNSUPPORTED_PRISONER_CATEGORY)
    {
        return match category {
            Some(key) => format!(
                "{prison_number} is a category {key} prisoner and cannot be moved with this service"
            ),
            None => format!(
                "{prison_number} is in a prisoner category that cannot be moved with this service"
            ),
        };
    }
    let details: Vec<&str> = errors
        .iter()
        .map(|e| e.detail.trim_end_matches('.'))
        .filter(|d| !d.is_empty())
        .collect();
    format!(
        "{prison_number} cannot be added: {}",
        if details.is_empty() {
            "the API would refuse it".to_owned()
        } else {
            details.join("; ")
        }
    )
}

/// A message for the whole page: what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageProblem {
    /// Heading.
    pub title: String,
    /// What happened and what to do, as text.
    pub body: String,
    /// Offer a link to sign in again (the token was refused).
    pub sign_in_again: bool,
    /// Offer to try again with the input intact.
    pub retry: bool,
}

/// The page-level message for an answer with `status` whose `errors` could not be put on
/// a field; `thing` names what the page is about (`this allocation`).
pub fn page_problem(status: u16, errors: &[ApiError], thing: &str) -> PageProblem {
    let details: Vec<&str> = errors
        .iter()
        .map(|e| e.detail.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    let detail = if details.is_empty() {
        String::new()
    } else {
        format!(
            " The API said: {}.",
            details.join("; ").trim_end_matches('.')
        )
    };
    let (title, body, sign_in_again, retry) = match status {
        401 => (
            "Sign in again".to_owned(),
            format!(
                "The API did not accept your sign-in.{detail} Sign in again with a valid \
                 token: what you entered here is kept."
            ),
            true,
            false,
        ),
        404 => (
            format!("We could not find {thing}"),
            format!(
                "It may have been removed, or the link may be wrong.{detail} Go back to the \
                 list of allocations to find it."
            ),
            false,
            false,
        ),
        409 => (
            "This request clashed with an earlier one".to_owned(),
            format!(
                "The API had already received a request with the same key but different \
                 details.{detail} Check your answers and send them again: a new key will be used."
            ),
            false,
            true,
        ),
        415 => (
            "The API refused the request format".to_owned(),
            format!(
                "{}Check the API address you signed in with.",
                detail.trim_start()
            ),
            true,
            false,
        ),
        500..=599 => (
            "The API could not handle the request".to_owned(),
            format!(
                "The API answered with an error (status {status}).{detail} Your answers are \
                 kept: try again in a few minutes."
            ),
            false,
            true,
        ),
        0 => (
            "We could not reach the API".to_owned(),
            "The request did not get an answer. Check your connection, then send it again: \
             your answers are kept, and sending again will not do anything twice."
                .to_owned(),
            false,
            true,
        ),
        _ => (
            "The API refused the request".to_owned(),
            format!("It answered with status {status}.{detail} Check your answers and try again."),
            false,
            true,
        ),
    };
    PageProblem {
        title,
        body,
        sign_in_again,
        retry,
    }
}

#[cfg(test)]
mod tests {
    use basm_core::ErrorSource;

    use super::*;

    fn error(code: &str, detail: &str) -> ApiError {
        ApiError::new(code, "t", detail, ErrorSource::default())
    }

    #[test]
    fn page_problems_always_say_what_to_do() {
        let p = page_problem(
            401,
            &[error("not_authorized", "Token expired or invalid")],
            "x",
        );
        assert!(p.sign_in_again);
        assert!(p.body.contains("Token expired or invalid"));
        let p = page_problem(404, &[], "this allocation");
        assert_eq!(p.title, "We could not find this allocation");
        assert!(page_problem(0, &[], "x").retry);
        assert!(page_problem(503, &[], "x").body.contains("503"));
        assert!(page_problem(409, &[], "x").retry);
        assert!(page_problem(415, &[], "x").sign_in_again);
        for status in [0, 400, 401, 404, 409, 415, 422, 500] {
            let p = page_problem(status, &[], "x");
            assert!(!p.title.is_empty() && !p.body.is_empty());
            assert!(!p.body.to_lowercase().contains("helpdesk"));
        }
    }
}
