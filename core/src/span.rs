//! Where each value of a JSON text is: a small parser that keeps the byte span of every
//! value and member, so that a JSON pointer of an error can be turned back into a place in
//! the text the user wrote (`basm check`'s `file:line:column`) and an [`Edit`](crate::Edit)
//! can replace a value in place, keeping the rest of the text as it was ([`crate::edit`]).
//!
//! It reads RFC 8259 JSON strictly. Objects keep their members in order, duplicates included;
//! [`Spanned::get`] and [`Spanned::find`] take the *last* duplicate, as the API's parser does.

use std::fmt;
use std::ops::Range;

/// How deep arrays and objects may nest before the text is refused (a guard for the stack,
/// far deeper than any body the API reads: [`crate::json::MAX_DEPTH`]).
pub const MAX_NESTING: usize = 512;

/// One value of a JSON text and the bytes it spans (`start..end`, `end` exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    /// Byte offset of the value's first byte.
    pub start: usize,
    /// Byte offset just past the value's last byte.
    pub end: usize,
    /// What the value is.
    pub kind: SpannedKind,
}

/// The kinds of JSON value, with their contents.
#[derive(Debug, Clone, PartialEq)]
pub enum SpannedKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (its text is the span).
    Number,
    /// A string, decoded.
    String(String),
    /// An array.
    Array(Vec<Spanned>),
    /// An object, members in order, duplicates kept.
    Object(Vec<SpannedMember>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct SpannedMember {
    /// The key, decoded.
    pub key: String,
    /// The span of the key's string literal, quotes included.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Spanned,
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the fault.
    pub at: usize,
    /// What is wrong, in a few words (`expected ',' or '}'`).
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.at)
    }
}

impl std::error::Error for SyntaxError {}

impl Spanned {
    /// The byte span.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The last member named `key`, when this is an object.
    pub fn get(&self, key: &str) -> Option<&Spanned> {
        self.member(key).map(|m| &m.value)
    }

    /// The last member named `key` (with its key's span), when this is an object.
    pub fn member(&self, key: &str) -> Option<&SpannedMember> {
        match &self.kind {
            SpannedKind::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            SpannedKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value a JSON pointer (RFC 6901, `~0`/`~1` unescaped) names; `""` is this value.
    pub fn find(&self, pointer: &str) -> Option<&Spanned> {
        let mut value = self;
        for token in tokens(pointer)? {
            value = value.child(&token)?;
        }
        Some(value)
    }

    /// The deepest value on the way to `pointer` and how many of its tokens were found: the
    /// place to show when the pointer names a member that is missing.
    pub fn find_nearest(&self, pointer: &str) -> (&Spanned, usize) {
        let mut value = self;
        let mut found = 0;
        if let Some(tokens) = tokens(pointer) {
            for token in tokens {
                match value.child(&token) {
                    Some(child) => {
                        value = child;
                        found += 1;
                    }
                    None => break,
                }
            }
        }
        (value, found)
    }

    /// The member or element named by one unescaped reference token.
    pub fn child(&self, token: &str) -> Option<&Spanned> {
        match &self.kind {
            SpannedKind::Object(_) => self.get(token),
            SpannedKind::Array(items) => {
                // RFC 6901: decimal digits without a leading zero.
                if token.is_empty()
                    || (token.len() > 1 && token.starts_with('0'))
                    || !token.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)
            }
            _ => None,
        }
    }
}

/// The unescaped reference tokens of a pointer; `None` when it is not a pointer (no leading
/// `/`, or a `~` not followed by `0` or `1`).
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|raw| {
            let mut out = String::with_capacity(raw.len());
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    }
                } else {
                    out.push(c);
                }
            }
            Some(out)
        })
        .collect()
}

/// Parses a whole text as one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Spanned, SyntaxError> {
    let (value, end) = parse_at(text, 0)?;
    let rest = skip_ws(text.as_bytes(), end);
    if rest < text.len() {
        return Err(SyntaxError {
            at: rest,
            message: "unexpected text after the JSON value".into(),
        });
    }
    Ok(value)
}

/// Parses one JSON value starting at byte `at` (after any whitespace); returns it and the
/// offset just past it. For texts of several values (one JSON value a line).
pub fn parse_at(text: &str, at: usize) -> Result<(Spanned, usize), SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: at,
        depth: 0,
    };
    p.ws();
    let value = p.value()?;
    Ok((value, p.pos))
}

/// The byte offset of the first non-whitespace byte at or after `at` (JSON whitespace).
pub fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// The span of the value `pointer` names in the JSON `text`, if the text is JSON and has it.
pub fn span_of(text: &str, pointer: &str) -> Option<Range<usize>> {
    parse(text).ok()?.find(pointer).map(Spanned::span)
}

/// Decodes the JSON string literal `literal` (quotes included) and says, for each byte of
/// the decoded text, where it starts in the literal: `offsets[i]` is the literal's offset of
/// decoded byte `i`, and `offsets[decoded.len()]` the offset of the closing quote. `None`
/// when `literal` is not one well-formed string literal.
pub fn decode_string_mapped(literal: &str) -> Option<(String, Vec<usize>)> {
    let mut p = Parser {
        text: literal,
        bytes: literal.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut offsets = Vec::with_capacity(literal.len());
    let decoded = p.string(Some(&mut offsets)).ok()?;
    (p.pos == literal.len()).then_some((decoded, offsets))
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            at: self.pos,
            message: message.into(),
        })
    }

    fn ws(&mut self) {
        self.pos = skip_ws(self.bytes, self.pos);
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Spanned, SyntaxError> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return self.error("expected a JSON value, found the end of the text"),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => SpannedKind::String(self.string(None)?),
            Some(b't') => self.literal("true", SpannedKind::Bool(true))?,
            Some(b'f') => self.literal("false", SpannedKind::Bool(false))?,
            Some(b'n') => self.literal("null", SpannedKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or('?');
                return self.error(format!("expected a JSON value, found {c:?}"));
            }
        };
        Ok(Spanned {
            start,
            end: self.pos,
            kind,
        })
    }

    fn literal(&mut self, word: &str, kind: SpannedKind) -> Result<SpannedKind, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            self.error(format!("expected {word}"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<SpannedKind, SyntaxError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.error("expected a digit"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return self.error("expected a digit after the decimal point");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.error("expected a digit in the exponent");
            }
        }
        Ok(SpannedKind::Number)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.error(format!("nested more than {MAX_NESTING} levels deep"));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<SpannedKind, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(SpannedKind::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(SpannedKind::Array(items));
                }
                _ => return self.error("expected ',' or ']'"),
            }
        }
    }

    fn object(&mut self) -> Result<SpannedKind, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(SpannedKind::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return self.error("expected a member name in double quotes");
            }
            let key_start = self.pos;
            let key = self.string(None)?;
            let key_span = key_start..self.pos;
            self.ws();
            if self.peek() != Some(b':') {
                return self.error("expected ':' after the member name");
            }
            self.pos += 1;
            self.ws();
            let value = self.value()?;
            members.push(SpannedMember {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(SpannedKind::Object(members));
                }
                _ => return self.error("expected ',' or '}'"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let Some(hex) = self.text.get(self.pos..self.pos + 4) else {
            return self.error("expected four hex digits after \\u");
        };
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.error("expected four hex digits after \\u");
        }
        self.pos += 4;
        u32::from_str_radix(hex, 16).or_else(|_| self.error("expected four hex digits after \\u"))
    }

    /// A string literal at `pos`; with `offsets`, records where each decoded byte starts.
    fn string(&mut self, mut offsets: Option<&mut Vec<usize>>) -> Result<String, SyntaxError> {
        if self.peek() != Some(b'"') {
            return self.error("expected '\"'");
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            // A run of plain characters.
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            if self.pos > start {
                out.push_str(&self.text[start..self.pos]);
                if let Some(offsets) = offsets.as_deref_mut() {
                    offsets.extend(start..self.pos);
                }
            }
            let escape_at = self.pos;
            match self.peek() {
                None => return self.error("unterminated string"),
                Some(b'"') => {
                    if let Some(offsets) = offsets.as_deref_mut() {
                        offsets.push(self.pos);
                    }
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let first = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&first)
                                && self.bytes[self.pos..].starts_with(b"\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let second = self.hex4()?;
                                if (0xdc00..0xe000).contains(&second) {
                                    0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                                } else {
                                    self.pos = save;
                                    first
                                }
                            } else {
                                first
                            };
                            // A lone surrogate cannot be UTF-8: serde_json refuses it too.
                            let Some(c) = char::from_u32(code) else {
                                self.pos = escape_at;
                                return self.error("a lone surrogate in a \\u escape");
                            };
                            self.pos -= 1;
                            c
                        }
                        _ => return self.error("an invalid escape"),
                    };
                    self.pos += 1;
                    if let Some(offsets) = offsets.as_deref_mut() {
                        offsets.extend(std::iter::repeat_n(escape_at, c.len_utf8()));
                    }
                    out.push(c);
                }
                Some(_) => return self.error("a control character in a string (escape it)"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_pointers() {
        let text = "{\n  \"data\": {\"attributes\": {\"a/b\": 1, \"m~n\": [true, null, \"x\"]}},\n  \"data\": {\"id\": \"last\"}\n}";
        let v = parse(text).unwrap();
        // The last duplicate wins.
        assert_eq!(&text[v.find("/data/id").unwrap().span()], "\"last\"");
        assert!(v.find("/data/attributes").is_none());
        let first = match &v.kind {
            SpannedKind::Object(m) => &m[0].value,
            _ => unreachable!(),
        };
        assert_eq!(&text[first.find("/attributes/a~1b").unwrap().span()], "1");
        assert_eq!(
            &text[first.find("/attributes/m~0n/2").unwrap().span()],
            "\"x\""
        );
        assert!(first.find("/attributes/m~0n/01").is_none());
        assert!(first.find("/attributes/m~0n/3").is_none());
        assert!(v.find("no-slash").is_none());
        assert_eq!(v.find("").unwrap().span(), 0..text.len());
        let (near, found) = first.find_nearest("/attributes/missing/x");
        assert_eq!(found, 1);
        assert!(text[near.span()].starts_with("{\"a/b\""));
    }

    #[test]
    fn syntax_errors_say_where() {
        for (text, at, message) in [
            ("{\"a\" 1}", 5, "expected ':' after the member name"),
            ("[1,]", 3, "expected a JSON value, found ']'"),
            ("{\"a\":1,}", 7, "expected a member name in double quotes"),
            ("[1 2]", 3, "expected ',' or ']'"),
            ("\"abc", 4, "unterminated string"),
            ("01", 1, "unexpected text after the JSON value"),
            ("", 0, "expected a JSON value, found the end of the text"),
            ("\"\\ud800\"", 1, "a lone surrogate in a \\u escape"),
            ("-", 1, "expected a digit"),
            ("1.", 2, "expected a digit after the decimal point"),
            ("tru", 0, "expected true"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!((e.at, e.message.as_str()), (at, message), "{text:?}");
        }
        let deep = "[".repeat(MAX_NESTING + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn strings_decode_with_their_offsets() {
        let literal = r#""a\"é\u00e9\ud83d\ude00b""#;
        let (decoded, offsets) = decode_string_mapped(literal).unwrap();
        assert_eq!(decoded, "a\"éé😀b");
        assert_eq!(offsets.len(), decoded.len() + 1);
        // 'a' at 1, '"' from the escape at 2, 'é' (2 bytes) at 4, the \u00e9 escape at 6,
        // the surrogate pair at 12, 'b' at 24, the closing quote at 25.
        assert_eq!(offsets, vec![1, 2, 4, 5, 6, 6, 12, 12, 12, 12, 24, 25]);
        assert!(decode_string_mapped("\"a\" ").is_none());
        assert!(decode_string_mapped("1").is_none());
    }

    #[test]
    fn several_values_one_after_another() {
        let text = "{\"a\":1}\n[2]\n";
        let (first, end) = parse_at(text, 0).unwrap();
        assert_eq!(first.span(), 0..7);
        let (second, end) = parse_at(text, end).unwrap();
        assert_eq!(&text[second.span()], "[2]");
        assert_eq!(skip_ws(text.as_bytes(), end), text.len());
    }
}
