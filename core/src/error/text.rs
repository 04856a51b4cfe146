//! An error's texts, kept typed until read (issue 13).
//!
//! A refusal carries up to three texts an error: its `detail`, and the `title` and `detail`
//! of the object the real API sends. Most callers read none of them: a supplier portal asks
//! `valid` and `status` first, and the npm package writes a verdict's JSON only when one of its
//! members is read. So an [`ErrorText`] holds what the text is made of (a constant, a failure's
//! attribute and message, or a params step's failures) and writes the text the first time it
//! is read, once. It reads as a `&str` ([`Deref`]), and compares, prints and serialises as its
//! text: a caller sees a string.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ErrorKind, human_message, humanize_parts};

/// An error's text: written when first read (see the module's documentation).
#[derive(Clone)]
pub struct ErrorText {
    /// The text, once written (or as given).
    written: OnceCell<String>,
    /// What it is written from.
    parts: Parts,
    /// Writes `parts`: [`Parts::write`] for a text made to be written later. A pointer set
    /// where such a text is made rather than a call in [`ErrorText::as_str`], so that the
    /// writer (every kind's wording) is linked with the code that makes those texts, not
    /// with every reader: the web app reads errors in its main module and judges requests
    /// in a .wasm chunk of its own, which alone carries the writer.
    write: fn(&Parts) -> String,
}

impl Default for ErrorText {
    fn default() -> Self {
        ErrorText {
            written: OnceCell::new(),
            parts: Parts::Given,
            write: nothing,
        }
    }
}

/// The writer of a text that has no parts to write.
fn nothing(_: &Parts) -> String {
    String::new()
}

/// What an [`ErrorText`] is written from.
#[derive(Clone, Default)]
enum Parts {
    /// The text was given: it is in `written`.
    #[default]
    Given,
    /// A constant.
    Constant(&'static str),
    /// A params validator's failure: `<Human attribute> <message>` ([`ErrorKind::Param`]).
    Param {
        attribute: Cow<'static, str>,
        message: Cow<'static, str>,
    },
    /// A model validation: `humanize("<attribute> <message>")` ([`ErrorKind::Model`]).
    Model {
        attribute: Cow<'static, str>,
        message: Cow<'static, str>,
    },
    /// A text of a params step's failures (the API's "shape A"), shared by the step's errors.
    Step(Arc<[ErrorKind]>, StepText),
}

/// Which text of a params step.
#[derive(Clone, Copy)]
enum StepText {
    /// The API object's title: `Invalid <attribute>, <attribute>`, each attribute once, in
    /// the order first seen.
    Title,
    /// The API object's detail: `Validation failed: <detail>, <detail>`.
    Detail,
    /// The detail of the failure at this index.
    Failure(usize),
}

impl ErrorText {
    /// The detail of a failure: written when read for a params or model failure, now for the
    /// other kinds (rare, and some hold values that would have to be copied).
    pub fn of_kind(kind: &ErrorKind) -> Self {
        let parts = match kind {
            ErrorKind::Param {
                attribute, message, ..
            } => Parts::Param {
                attribute: attribute.clone(),
                message: message.clone(),
            },
            ErrorKind::Model {
                attribute, message, ..
            } => Parts::Model {
                attribute: attribute.clone(),
                message: message.clone(),
            },
            other => return other.detail().into(),
        };
        ErrorText::lazy(parts)
    }

    /// The texts of a params step's failures (`kinds`, each an [`ErrorKind::Param`]): the API
    /// object's title and detail, and each failure's detail.
    pub(crate) fn step(kinds: Arc<[ErrorKind]>) -> StepTexts {
        StepTexts(kinds)
    }

    /// The text, written now if it was not yet.
    pub fn as_str(&self) -> &str {
        match &self.parts {
            Parts::Given => self.written.get().map_or("", String::as_str),
            Parts::Constant(text) => text,
            parts => self.written.get_or_init(|| (self.write)(parts)),
        }
    }

    fn lazy(parts: Parts) -> Self {
        ErrorText {
            written: OnceCell::new(),
            parts,
            write: Parts::write,
        }
    }
}

/// The texts of one params step, each written when read ([`ErrorText::step`]).
pub(crate) struct StepTexts(Arc<[ErrorKind]>);

impl StepTexts {
    /// Failure `i`'s kind (a unit kind past the last).
    pub fn kind(&self, i: usize) -> &ErrorKind {
        self.0.get(i).unwrap_or(&ErrorKind::DuplicateJourney)
    }

    /// The API object's title.
    pub fn title(&self) -> ErrorText {
        ErrorText::lazy(Parts::Step(Arc::clone(&self.0), StepText::Title))
    }

    /// The API object's detail.
    pub fn detail(&self) -> ErrorText {
        ErrorText::lazy(Parts::Step(Arc::clone(&self.0), StepText::Detail))
    }

    /// The detail of failure `i`.
    pub fn failure(&self, i: usize) -> ErrorText {
        ErrorText::lazy(Parts::Step(Arc::clone(&self.0), StepText::Failure(i)))
    }
}

impl Parts {
    fn write(&self) -> String {
        match self {
            Parts::Given => String::new(),
            Parts::Constant(text) => (*text).to_owned(),
            Parts::Param { attribute, message } => human_message(attribute, message),
            Parts::Model { attribute, message } => humanize_parts(&[attribute, message]),
            Parts::Step(kinds, StepText::Title) => step_title(kinds),
            Parts::Step(kinds, StepText::Detail) => step_detail(kinds),
            Parts::Step(kinds, StepText::Failure(i)) => {
                kinds.get(*i).map(ErrorKind::detail).unwrap_or_default()
            }
        }
    }
}

/// The attribute a params or model failure names ("" for the other kinds).
fn attribute(kind: &ErrorKind) -> &str {
    match kind {
        ErrorKind::Param { attribute, .. } | ErrorKind::Model { attribute, .. } => attribute,
        _ => "",
    }
}

/// `Invalid <attribute>, <attribute>`: each attribute once, in the order first seen, written
/// into a string of its length.
fn step_title(kinds: &[ErrorKind]) -> String {
    const INVALID: &str = "Invalid ";
    let first_seen = |i: usize| {
        let name = attribute(&kinds[i]);
        !kinds[..i].iter().any(|k| attribute(k) == name)
    };
    let len: usize = (0..kinds.len())
        .filter(|&i| first_seen(i))
        .map(|i| attribute(&kinds[i]).len() + 2)
        .sum();
    let mut title = String::with_capacity(INVALID.len() + len);
    title.push_str(INVALID);
    for i in (0..kinds.len()).filter(|&i| first_seen(i)) {
        if title.len() > INVALID.len() {
            title.push_str(", ");
        }
        title.push_str(attribute(&kinds[i]));
    }
    title
}

/// `Validation failed: <detail>, <detail>`.
fn step_detail(kinds: &[ErrorKind]) -> String {
    const FAILED: &str = "Validation failed: ";
    let details: Vec<String> = kinds.iter().map(ErrorKind::detail).collect();
    let len: usize = details.iter().map(|d| d.len() + 2).sum();
    let mut detail = String::with_capacity(FAILED.len() + len);
    detail.push_str(FAILED);
    for (i, d) in details.iter().enumerate() {
        if i > 0 {
            detail.push_str(", ");
        }
        detail.push_str(d);
    }
    detail
}

impl Deref for ErrorText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ErrorText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ErrorText {
    fn from(text: String) -> Self {
        ErrorText {
            written: OnceCell::from(text),
            ..ErrorText::default()
        }
    }
}

impl From<&'static str> for ErrorText {
    fn from(text: &'static str) -> Self {
        ErrorText {
            parts: Parts::Constant(text),
            ..ErrorText::default()
        }
    }
}

impl From<Cow<'static, str>> for ErrorText {
    fn from(text: Cow<'static, str>) -> Self {
        match text {
            Cow::Borrowed(text) => text.into(),
            Cow::Owned(text) => text.into(),
        }
    }
}

impl From<ErrorText> for String {
    fn from(text: ErrorText) -> Self {
        match text.parts {
            Parts::Given => text.written.into_inner().unwrap_or_default(),
            _ => text.as_str().to_owned(),
        }
    }
}

impl PartialEq for ErrorText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for ErrorText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ErrorText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ErrorText> for str {
    fn eq(&self, other: &ErrorText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ErrorText> for &str {
    fn eq(&self, other: &ErrorText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<ErrorText> for String {
    fn eq(&self, other: &ErrorText) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for ErrorText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ErrorText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ErrorText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Failure;

    fn param(attribute: &'static str, message: &'static str) -> ErrorKind {
        ErrorKind::Param {
            failure: Failure::Invalid,
            attribute: attribute.into(),
            message: message.into(),
        }
    }

    #[test]
    fn a_step_writes_its_texts_as_the_api_does() {
        let step = ErrorText::step(Arc::from(vec![
            param(
                "occurred_at",
                "must be formatted as a valid ISO-8601 date-time",
            ),
            param("event_type", "can't be blank"),
            param("occurred_at", "can't be blank"),
        ]));
        assert_eq!(step.title(), "Invalid occurred_at, event_type");
        assert_eq!(
            step.detail(),
            "Validation failed: Occurred at must be formatted as a valid ISO-8601 date-time, \
             Event type can't be blank, Occurred at can't be blank"
        );
        assert_eq!(step.failure(1), "Event type can't be blank");
        assert_eq!(step.failure(3), "");
    }

    #[test]
    fn a_text_reads_compares_and_serialises_as_its_string() {
        let kind = ErrorKind::Model {
            failure: Failure::Blank,
            attribute: "to_location".into(),
            message: "can't be blank".into(),
        };
        let text = ErrorText::of_kind(&kind);
        assert_eq!(text, kind.detail());
        assert_eq!(&*text, "To location can't be blank");
        assert_eq!(
            format!("{text} / {text:?}"),
            "To location can't be blank / \"To location can't be blank\""
        );
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            "\"To location can't be blank\""
        );
        let back: ErrorText = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(back, ErrorText::from("x"));
        assert_eq!(String::from(back), "x");
        assert_eq!(ErrorText::default(), "");
        let not_found = ErrorKind::NotFound {
            class: "Move".into(),
            id: None,
        };
        assert_eq!(ErrorText::of_kind(&not_found), not_found.detail());
    }
}
