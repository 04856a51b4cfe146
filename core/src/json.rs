//! A borrowed JSON document, read exactly as the API's JSON parser reads it.
//!
//! The validator reads every request body into [`Json`] rather than `serde_json::Value`:
//! strings without escapes borrow from the body, objects keep member order and duplicate
//! keys (the API's parser keeps the *last* duplicate, and so does [`Json::get`]), and numbers
//! keep enough of their form to render them the way Ruby would in an error message.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value borrowing its strings from the request body where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object, members in document order, duplicates kept.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A JSON number as the parser produced it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// A number with a fraction or exponent.
    Float(f64),
}

impl fmt::Display for Number {
    /// Ruby's `to_s`: integers as digits, floats always with a fraction (`2.0`, `1.0e+20`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(x) => {
                if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
                    write!(f, "{x:.1}")
                } else if x.is_finite() && x.abs() >= 1e16 {
                    let s = format!("{x:e}");
                    // Rust gives `1e20`; Ruby gives `1.0e+20`.
                    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
                    let mantissa = if mantissa.contains('.') {
                        mantissa.to_owned()
                    } else {
                        format!("{mantissa}.0")
                    };
                    let exp = exp
                        .strip_prefix('-')
                        .map_or_else(|| format!("+{:0>2}", exp), |e| format!("-{e:0>2}"));
                    write!(f, "{mantissa}e{exp}")
                } else {
                    write!(f, "{x}")
                }
            }
        }
    }
}

/// Why a body could not be read as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The body is not UTF-8; `at` is the byte offset of the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        at: usize,
    },
    /// The body is longer than [`MAX_BODY_BYTES`].
    TooLarge {
        /// The body's length in bytes.
        len: usize,
    },
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The body is not JSON; `line` and `column` are 1-based.
    Syntax {
        /// serde_json's description.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

/// The largest body the validator reads: far beyond any real request, small enough that a
/// hostile body cannot make a browser tab or a wasm module run out of memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How deep arrays and objects may nest (serde_json's own recursion limit).
pub const MAX_DEPTH: usize = 128;

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotUtf8 { at } => {
                write!(
                    f,
                    "The request body is not valid UTF-8 (first bad byte at offset {at})"
                )
            }
            ParseError::TooLarge { len } => write!(
                f,
                "The request body is {len} bytes; this validator reads at most {MAX_BODY_BYTES} bytes"
            ),
            ParseError::TooDeep => write!(
                f,
                "The request body nests arrays or objects more than {MAX_DEPTH} levels deep"
            ),
            ParseError::Syntax {
                message,
                line,
                column,
            } => {
                write!(
                    f,
                    "The request body is not valid JSON: {message} at line {line}, column {column}"
                )
            }
        }
    }
}

impl<'a> Json<'a> {
    /// Parses a request body. Never panics, whatever the bytes.
    pub fn parse(body: &'a [u8]) -> Result<Json<'a>, ParseError> {
        if body.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: body.len() });
        }
        let text = std::str::from_utf8(body).map_err(|e| ParseError::NotUtf8 {
            at: e.valid_up_to(),
        })?;
        Json::parse_str(text)
    }

    /// Parses JSON text.
    pub fn parse_str(text: &'a str) -> Result<Json<'a>, ParseError> {
        if text.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: text.len() });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Json::deserialize(&mut de).map_err(syntax)?;
        de.end().map_err(syntax)?;
        Ok(value)
    }

    /// The member `key` of an object (the last one when the key repeats); `None` otherwise.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a path of object keys.
    pub fn dig(&self, path: &[&str]) -> Option<&Json<'a>> {
        path.iter().try_fold(self, |value, key| value.get(key))
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Ruby's `blank?` on the parsed value: `null`, `false`, whitespace-only strings, `[]`
    /// and `{}` are blank; numbers and `true` are not.
    pub fn is_blank(&self) -> bool {
        match self {
            Json::Null | Json::Bool(false) => true,
            Json::Bool(true) | Json::Number(_) => false,
            Json::String(s) => s.chars().all(char::is_whitespace),
            Json::Array(items) => items.is_empty(),
            Json::Object(members) => members.is_empty(),
        }
    }

    /// Ruby truthiness: everything but `null` and `false`.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Json::Null | Json::Bool(false))
    }

    /// The JSON type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// Ruby's `to_s` of the value as Rails would have it after parsing, used where the API
    /// interpolates a value into a message (`'<value>' is not a valid event_type`).
    pub fn ruby_to_s(&self) -> String {
        match self {
            Json::Null => String::new(),
            Json::String(s) => s.to_string(),
            other => other.ruby_inspect(),
        }
    }

    /// Ruby's `inspect` of the value (`["a", 1]`, `{"a" => 1}`, `nil`).
    pub fn ruby_inspect(&self) -> String {
        match self {
            Json::Null => "nil".to_owned(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.to_string(),
            Json::String(s) => serde_json::to_string(s.as_ref()).unwrap_or_default(),
            Json::Array(items) => {
                let inner: Vec<String> = items.iter().map(Json::ruby_inspect).collect();
                format!("[{}]", inner.join(", "))
            }
            Json::Object(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{} => {}",
                            serde_json::to_string(k.as_ref()).unwrap_or_default(),
                            v.ruby_inspect()
                        )
                    })
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }

    /// Converts to an owned `serde_json::Value` (duplicate keys: the last wins).
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(*b),
            Json::Number(Number::Unsigned(n)) => serde_json::Value::from(*n),
            Json::Number(Number::Signed(n)) => serde_json::Value::from(*n),
            Json::Number(Number::Float(x)) => serde_json::Number::from_f64(*x)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Json::String(s) => serde_json::Value::String(s.to_string()),
            Json::Array(items) => {
                serde_json::Value::Array(items.iter().map(Json::to_value).collect())
            }
            Json::Object(members) => {
                let mut map = serde_json::Map::new();
                for (k, v) in members {
                    map.insert(k.to_string(), v.to_value());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

fn syntax(e: serde_json::Error) -> ParseError {
    let message = e.to_string();
    if message.starts_with("recursion limit exceeded") {
        return ParseError::TooDeep;
    }
    // serde_json appends " at line L column C"; keep the description only.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    ParseError::Syntax {
        message,
        line: e.line(),
        column: e.column(),
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(if v >= 0 {
            Json::Number(Number::Unsigned(v.unsigned_abs()))
        } else {
            Json::Number(Number::Signed(v))
        })
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(Number::Unsigned(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Json::Number(Number::Float(v)))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: start with room for a typical array.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(16));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: start with room for a typical JSON:API object.
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8).min(16));
        while let Some(key) = map.next_key::<JsonKey<'de>>()? {
            let value = map.next_value()?;
            members.push((key.0, value));
        }
        Ok(Json::Object(members))
    }
}

/// An object key, borrowed when it has no escapes.
struct JsonKey<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for JsonKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = JsonKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(JsonKey(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonKey(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonKey(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_and_owns_escaped_ones() {
        let body = br#"{"a":"plain","b":"esc\"aped"}"#;
        let json = Json::parse(body).unwrap();
        assert!(matches!(
            json.get("a"),
            Some(Json::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(json.get("b"), Some(Json::String(Cow::Owned(_)))));
    }

    #[test]
    fn last_duplicate_key_wins() {
        let json = Json::parse(br#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(json.get("a"), Some(&Json::Number(Number::Unsigned(2))));
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(matches!(Json::parse(b"{"), Err(ParseError::Syntax { .. })));
        assert!(matches!(
            Json::parse(b"{} x"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            Json::parse(b"\xff"),
            Err(ParseError::NotUtf8 { at: 0 })
        ));
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(Json::parse(deep.as_bytes()), Err(ParseError::TooDeep));
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            Json::parse(&big),
            Err(ParseError::TooLarge { .. })
        ));
    }

    #[test]
    fn blank_follows_rails() {
        for (text, blank) in [
            ("null", true),
            ("false", true),
            ("\"  \"", true),
            ("[]", true),
            ("{}", true),
            ("0", false),
            ("true", false),
            ("\"x\"", false),
            ("[null]", false),
        ] {
            assert_eq!(Json::parse_str(text).unwrap().is_blank(), blank, "{text}");
        }
    }

    #[test]
    fn ruby_rendering() {
        let json = Json::parse_str(r#"["a", 1, null, {"k": 2.5}]"#).unwrap();
        assert_eq!(json.ruby_inspect(), r#"["a", 1, nil, {"k" => 2.5}]"#);
        assert_eq!(Json::parse_str("2.0").unwrap().ruby_to_s(), "2.0");
        assert_eq!(Json::parse_str("1e20").unwrap().ruby_to_s(), "1.0e+20");
        assert_eq!(Json::Null.ruby_to_s(), "");
    }
}
