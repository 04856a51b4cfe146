//! The model's errors: one per message ("shape B"), and the raises that stop a model run
//! (a 404 from a record look-up, a 500 where the API itself crashes).

use std::borrow::Cow;

use crate::error::{ApiError, ApiErrorObject, ErrorKind, ErrorSource, Failure, messages};
use crate::json::Json;
use crate::pointer;
use crate::verdict::Verdict;

/// The value of a relationship as the mapper stores it in details (`<name>_id`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum RelId<'r, 'a> {
    /// No such relationship.
    Absent,
    /// `{"data": null}`, `{}` or `{"data": {}}` without an id: stored as `null`.
    Nil {
        /// Where the id should be.
        at: &'static str,
    },
    /// An id (any JSON value).
    Id(&'r Json<'a>),
}

/// A failure that stops validation.
#[derive(Debug)]
pub(crate) enum Raise {
    /// 404.
    NotFound(ApiError),
    /// 500.
    Crash(ApiError),
}

/// One model error before grouping: the attribute it is reported under and the error.
#[derive(Debug)]
pub(crate) struct ModelError {
    /// Borrowed when it is a constant, as most are.
    pub attribute: Cow<'static, str>,
    /// The message as the model adds it (`can't be blank`): borrowed when it is a constant.
    pub message: Cow<'static, str>,
    /// The API's `code`.
    pub api_code: Cow<'static, str>,
    /// What failed (our code and title).
    pub code: Failure,
    pub error: ApiError,
}

impl ModelError {
    /// The same failure reported by a parent record under `<prefix>.<attribute>` (Rails'
    /// autosave association errors, e.g. `moves.to_location_id`).
    pub fn nested(&self, prefix: &str) -> ModelError {
        let pointer = self.error.source.pointer.clone().unwrap_or_default();
        let mut e = model_error(
            format!("{prefix}.{}", self.attribute),
            self.message.clone(),
            self.api_code.clone(),
            self.code,
            pointer,
        );
        e.error.meta.allowed.clone_from(&self.error.meta.allowed);
        e
    }
}

/// A model's `inclusion` failure of `attribute` (Rails' message), with the values its check
/// allows (`meta.allowed`).
pub(crate) fn inclusion(
    attribute: impl Into<Cow<'static, str>>,
    pointer: impl Into<Cow<'static, str>>,
    allowed: &[&'static str],
) -> ModelError {
    let mut e = model_error(
        attribute,
        messages::INCLUSION,
        "inclusion",
        Failure::Inclusion,
        pointer,
    );
    e.error.set_allowed(allowed);
    e
}

/// A shape-B model error: `detail` is `humanize("<attribute> <message>")`. A constant
/// attribute or message is borrowed, not copied.
#[inline]
pub(crate) fn model_error(
    attribute: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
    api_code: impl Into<Cow<'static, str>>,
    code: Failure,
    pointer: impl Into<Cow<'static, str>>,
) -> ModelError {
    model_error_at(
        attribute.into(),
        message.into(),
        api_code.into(),
        code,
        pointer.into(),
    )
}

/// [`model_error`], once for every type of its arguments.
#[cold]
fn model_error_at(
    attribute: Cow<'static, str>,
    message: Cow<'static, str>,
    api_code: Cow<'static, str>,
    code: Failure,
    pointer: Cow<'static, str>,
) -> ModelError {
    // A constant's copy is free; a built attribute or message (rare) is copied once.
    let kind = ErrorKind::Model {
        failure: code,
        attribute: attribute.clone(),
        message: message.clone(),
    };
    let mut error = ApiError::from_kind(&kind, ErrorSource::pointer(pointer));
    // Set in place, not by `with_api`, which takes the error and gives it back (a move of
    // the whole error: in the `.wasm`, a `memory.copy`).
    error.meta.api = Some(ApiErrorObject {
        title: "Unprocessable content".into(),
        detail: error.detail.clone(),
        source: Some(ErrorSource::pointer(pointer::attribute(&attribute))),
        code: Some(api_code.clone()),
        meta: None,
    });
    ModelError {
        attribute,
        message,
        api_code,
        code,
        error,
    }
}

/// A 404 for a record look-up.
#[cold]
pub(crate) fn not_found(class: &'static str, id: Option<&Json<'_>>, pointer: String) -> ApiError {
    let kind = ErrorKind::NotFound {
        class: class.into(),
        id: match id {
            None | Some(Json::Null) => None,
            Some(id) => Some(id.ruby_to_s()),
        },
    };
    ApiError::not_found(&kind, ErrorSource::pointer(pointer))
}

/// A 500: the API crashes on this input.
#[inline]
pub(crate) fn crash(reason: impl Into<String>, pointer: impl Into<Cow<'static, str>>) -> ApiError {
    crash_at(reason.into(), pointer.into())
}

/// [`crash`], once for every type of its arguments.
#[cold]
fn crash_at(reason: String, pointer: Cow<'static, str>) -> ApiError {
    let kind = ErrorKind::ServerError { reason };
    let mut e = ApiError::from_kind(&kind, ErrorSource::pointer(pointer)).unverified();
    let ErrorKind::ServerError { reason } = kind else {
        return e;
    };
    e.meta.reason = Some(reason);
    e
}

/// Shape B: one object per message, grouped by attribute in the order each first failed.
#[cold]
pub(crate) fn shape_b(errors: Vec<ModelError>) -> Verdict {
    // Each attribute, where it first failed, takes its later errors along in their order: what
    // a stable sort by that first place gave, without an instance of std's sort for it. No
    // attribute is copied.
    let mut slots: Vec<Option<ModelError>> = errors.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        let Some(ModelError {
            attribute, error, ..
        }) = slots[i].take()
        else {
            continue;
        };
        out.push(error);
        for later in &mut slots[i + 1..] {
            if later.as_ref().is_some_and(|e| e.attribute == attribute)
                && let Some(e) = later.take()
            {
                out.push(e.error);
            }
        }
    }
    Verdict::refused(422, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_b_groups_by_attribute_in_first_failure_order() {
        let errors = ["a", "b", "a", "c", "b", "a"]
            .iter()
            .enumerate()
            .map(|(i, attribute)| {
                model_error(
                    *attribute,
                    format!("m{i}"),
                    "invalid",
                    Failure::Invalid,
                    format!("/{i}"),
                )
            })
            .collect();
        let verdict = shape_b(errors);
        let pointers: Vec<&str> = verdict.errors.iter().map(ApiError::pointer).collect();
        assert_eq!(pointers, ["/0", "/2", "/5", "/1", "/4", "/3"]);
    }
}
