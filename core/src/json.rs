//! A borrowed JSON document, read exactly as the API's JSON parser reads it.
//!
//! The validator reads every request body into [`Json`] rather than `serde_json::Value`:
//! strings without escapes borrow from the body, objects keep member order and duplicate
//! keys (the API's parser keeps the *last* duplicate, and so does [`Json::get`]), and numbers
//! keep enough of their form to render them the way Ruby would in an error message.
//!
//! A document's arrays, objects and unescaped strings live in an [`Arena`] the caller holds:
//! reading a typical body makes one allocation, and the tree (plain references, no drop) goes
//! with the arena in one free.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value borrowing its strings from the request body where it can, and its arrays,
/// objects and unescaped strings from an [`Arena`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(&'a str),
    /// An array.
    Array(&'a [Json<'a>]),
    /// An object, members in document order, duplicates kept.
    Object(&'a [(&'a str, Json<'a>)]),
}

/// Where the arrays, objects and unescaped strings of [`Json`] documents live (a bump
/// arena): made before a document is read and dropped after its last use, which frees the
/// whole tree at once. It allocates on its first use, so an arena made for a body that is
/// never read costs nothing.
#[derive(Default)]
pub struct Arena {
    bump: std::cell::OnceCell<bumpalo::Bump>,
    /// The room of its first chunk (0: bumpalo's default).
    capacity: usize,
}

impl Arena {
    /// An empty arena.
    pub const fn new() -> Self {
        Arena {
            bump: std::cell::OnceCell::new(),
            capacity: 0,
        }
    }

    /// Empties the arena for the next document. Its memory is kept when it holds at most
    /// `keep` bytes (its last chunk: bumpalo gives the others back), and given back otherwise,
    /// so that one large body does not stay in memory; the next first chunk is then made for
    /// a text of `len` bytes, as by [`Arena::for_text`].
    pub fn reset(&mut self, keep: usize, len: usize) {
        match self.bump.get_mut() {
            Some(bump) if bump.allocated_bytes() <= keep => bump.reset(),
            _ => *self = Arena::for_text(len),
        }
    }

    /// Gives the arena's memory back when it holds more than `keep` bytes, so that one large
    /// body does not stay in memory until the next; keeps it as it is otherwise.
    pub fn trim(&mut self, keep: usize) {
        if self
            .bump
            .get_mut()
            .is_some_and(|bump| bump.allocated_bytes() > keep)
        {
            *self = Arena::new();
        }
    }

    /// An arena with room for the tree of a typical JSON:API text of `len` bytes and the
    /// reader's scratch stacks, so that reading it takes one allocation. A larger tree grows
    /// it (bumpalo doubles its chunks). Capped at the body limit: a larger text is not read.
    pub fn for_text(len: usize) -> Self {
        Arena {
            bump: std::cell::OnceCell::new(),
            capacity: len.min(MAX_BODY_BYTES) * 2 + 1024,
        }
    }

    fn bump(&self) -> &bumpalo::Bump {
        self.bump.get_or_init(|| match self.capacity {
            0 => bumpalo::Bump::new(),
            capacity => bumpalo::Bump::with_capacity(capacity),
        })
    }

    /// `text`, copied into the arena.
    pub fn str(&self, text: &str) -> &str {
        self.bump().alloc_str(text)
    }

    /// A copy of `items` in the arena (one `memcpy`; a single item, the commonest object of a
    /// JSON:API body — `{"data": …}`, `{"eventable": …}` — stored as a value, because in the
    /// `.wasm` a `memcpy` is a `memory.copy`, which V8 runs as a call, and a value of up to 32
    /// bytes is stored by a few plain stores).
    pub fn copy<T: Copy>(&self, items: &[T]) -> &[T] {
        match items {
            [one] => std::slice::from_ref(self.bump().alloc(*one)),
            _ => self.bump().alloc_slice_copy(items),
        }
    }

    /// `len` copies of `value` in the arena, to be written over: scratch space that is given
    /// back with the arena, without a free of its own.
    pub fn filled<T: Copy>(&self, len: usize, value: T) -> &mut [T] {
        self.bump().alloc_slice_fill_copy(len, value)
    }

    /// The items, moved into the arena.
    pub fn slice<T, I>(&self, items: I) -> &[T]
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        self.bump().alloc_slice_fill_iter(items)
    }
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
    ///
    /// Floats are written from their shortest round-trip digits (`shortest_digits`) by hand
    /// rather than with `{:.1}`/`{:e}`/`{}`, whose exact and shortest algorithms (Grisu and
    /// Dragon4, about 20 KB of the npm package's .wasm) would be there for this alone. The text
    /// is what those formats gave (the test `floats_render_as_before` compares them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(x) => {
                let x = *x;
                if !x.is_finite() {
                    return f.write_str(if x.is_nan() {
                        "NaN"
                    } else if x > 0.0 {
                        "inf"
                    } else {
                        "-inf"
                    });
                }
                if x.is_sign_negative() {
                    f.write_str("-")?;
                }
                let abs = x.abs();
                if abs.fract() == 0.0 && abs < 1e16 {
                    // An integer below 2^54: exact as a u64.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let n = abs as u64;
                    return write!(f, "{n}.0");
                }
                let (digits, len, exp) = shortest_digits(abs);
                let digits = &digits[..len];
                let text = |d: &[u8]| std::str::from_utf8(d).unwrap_or_default().to_owned();
                if abs >= 1e16 {
                    // Ruby: `1.0e+20`, `1.25e+300`: one digit, the rest or `0`, a signed
                    // exponent of at least two digits.
                    let (first, rest) = digits.split_at(1);
                    let rest = if rest.is_empty() {
                        "0".to_owned()
                    } else {
                        text(rest)
                    };
                    let e = exp - 1;
                    let sign = if e < 0 { '-' } else { '+' };
                    return write!(f, "{}.{rest}e{sign}{:02}", text(first), e.unsigned_abs());
                }
                // Plain decimal notation, as `{}` writes it (`0.0000001`, `12.5`).
                let Ok(point) = usize::try_from(exp) else {
                    let zeros = "0".repeat(exp.unsigned_abs() as usize);
                    return write!(f, "0.{zeros}{}", text(digits));
                };
                if point == 0 {
                    write!(f, "0.{}", text(digits))
                } else if point >= digits.len() {
                    let zeros = "0".repeat(point - digits.len());
                    write!(f, "{}{zeros}", text(digits))
                } else {
                    let (int, frac) = digits.split_at(point);
                    write!(f, "{}.{}", text(int), text(frac))
                }
            }
        }
    }
}

/// The shortest decimal digits that read back as `x` (finite, positive), without leading or
/// trailing zeros, their count, and the exponent `e` with `x = 0.d₁d₂… × 10^e`. The digits
/// are zmij's (serde_json's float writer, already in the module): the shortest, nearest
/// representation, the digits Rust's own `{}` and `{:e}` write.
fn shortest_digits(x: f64) -> ([u8; 24], usize, i32) {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x).as_bytes();
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e' || b == b'E') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, &[][..]),
    };
    let mut exp: i32 = 0;
    let mut negative_exp = false;
    for &b in exponent {
        match b {
            b'-' => negative_exp = true,
            b'0'..=b'9' => exp = exp * 10 + i32::from(b - b'0'),
            _ => {}
        }
    }
    if negative_exp {
        exp = -exp;
    }
    let mut digits = [0u8; 24];
    let mut len = 0;
    let mut before_point = 0i32;
    let mut seen_point = false;
    for &b in mantissa {
        match b {
            b'.' => seen_point = true,
            b'0'..=b'9' => {
                if !seen_point {
                    before_point += 1;
                }
                if len == 0 && b == b'0' {
                    // A leading zero moves the point, not the digits.
                    before_point -= 1;
                } else if len < digits.len() {
                    digits[len] = b;
                    len += 1;
                }
            }
            _ => {}
        }
    }
    while len > 1 && digits[len - 1] == b'0' {
        len -= 1;
    }
    let mut exp = exp + before_point;
    // zmij breaks an exact tie between two shortest candidates to even (`…562.25` →
    // `…562.2`); std's `{}` and `{:e}`, which this replaces, round it up (`…562.3`).
    if is_tie_above(x, &digits[..len], exp) {
        let mut i = len;
        loop {
            if i == 0 {
                // 99…9 + 1: one digit more, then trimmed below.
                digits.copy_within(0..len, 1);
                digits[0] = b'1';
                len += 1;
                exp += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
        while len > 1 && digits[len - 1] == b'0' {
            len -= 1;
        }
    }
    (digits, len, exp)
}

/// Whether `x` (finite, positive) is exactly halfway between the digits `d` (x = 0.d × 10^e)
/// and the next `len(d)`-digit number above: `x = (10·d + 5) × 10^k` with `k = e − len − 1`.
/// Exact, in integers: `x = m·2^p` with `m` odd, and the midpoint's odd part is
/// `(10·d + 5)·5^k` (`k ≥ 0`) or `(10·d + 5) / 5^−k`, its power of two `2^k`.
fn is_tie_above(x: f64, d: &[u8], e: i32) -> bool {
    let bits = x.to_bits();
    let fraction = bits & ((1 << 52) - 1);
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let biased = (bits >> 52) as i32 & 0x7ff;
    let (mantissa, exp2) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if mantissa == 0 {
        return false;
    }
    #[allow(clippy::cast_possible_wrap)]
    let zeros = mantissa.trailing_zeros() as i32;
    let (odd, p) = (u128::from(mantissa >> zeros), exp2 + zeros);
    let Ok(len) = i32::try_from(d.len()) else {
        return false;
    };
    let k = e - len - 1;
    if p != k {
        return false;
    }
    let mut t: u128 = 0;
    for &b in d {
        t = t * 10 + u128::from(b - b'0');
    }
    let t = t * 10 + 5;
    let five = |n: i32| 5u128.checked_pow(n.unsigned_abs());
    if k >= 0 {
        five(k).and_then(|f| t.checked_mul(f)) == Some(odd)
    } else {
        five(k).and_then(|f| odd.checked_mul(f)) == Some(t)
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
    /// Parses a request body into `arena`. Never panics, whatever the bytes.
    pub fn parse(body: &'a [u8], arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        if body.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: body.len() });
        }
        let text = std::str::from_utf8(body).map_err(|e| ParseError::NotUtf8 {
            at: e.valid_up_to(),
        })?;
        Json::parse_str(text, arena)
    }

    /// Parses JSON text.
    ///
    /// A single pass of the crate's own reader builds the tree; when it meets anything it does
    /// not accept (every syntax error, but also a number serde_json would refuse as out of
    /// range), the text is read again by [`Json::parse_serde`], the reference, so errors keep
    /// serde_json's exact message, line and column.
    pub fn parse_str(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        if text.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: text.len() });
        }
        match Json::parse_reader_only(text, arena) {
            Some(value) => Ok(value),
            None => Json::parse_serde_str(text, arena),
        }
    }

    /// The hand-written reader alone: `None` wherever it gives up (then [`Json::parse_str`]
    /// asks serde_json). Public for the differential tests, which check that it accepts exactly
    /// what serde_json accepts and builds the same tree.
    #[doc(hidden)]
    pub fn parse_reader_only(text: &'a str, arena: &'a Arena) -> Option<Json<'a>> {
        Reader::new(text, arena).document().ok()
    }

    /// The reference reader: [`Json::parse`] through serde_json's deserializer. It is what
    /// [`Json::parse`] answers on every error, and the oracle of the differential tests.
    pub fn parse_serde(body: &'a [u8], arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        if body.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: body.len() });
        }
        let text = std::str::from_utf8(body).map_err(|e| ParseError::NotUtf8 {
            at: e.valid_up_to(),
        })?;
        Json::parse_serde_str(text, arena)
    }

    fn parse_serde_str(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        if text.len() > MAX_BODY_BYTES {
            return Err(ParseError::TooLarge { len: text.len() });
        }
        Json::parse_serde_unbounded(text, arena)
    }

    /// [`Json::parse_str`] without the size limit (for contexts, which are not bodies).
    pub fn parse_str_unbounded(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        match Json::parse_reader_only(text, arena) {
            Some(value) => Ok(value),
            None => Json::parse_serde_unbounded(text, arena),
        }
    }

    fn parse_serde_unbounded(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, ParseError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Seed(arena).deserialize(&mut de).map_err(syntax)?;
        de.end().map_err(syntax)?;
        Ok(value)
    }

    /// The member `key` of an object (the last one when the key repeats); `None` otherwise.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a JSON pointer (RFC 6901: `~1` is `/`, `~0` is `~`; an array's tokens are
    /// indices), reading the last of repeated keys as the API does; `""` is the whole document.
    pub fn pointer(&self, pointer: &str) -> Option<&Json<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut rest = pointer.strip_prefix('/')?;
        let mut value = self;
        // Token by token, reading bytes (`/` and `~` are ASCII, so every cut is a boundary).
        loop {
            let end = rest.bytes().position(|b| b == b'/').unwrap_or(rest.len());
            let token = &rest[..end];
            value = match value {
                Json::Object(_) if token.bytes().any(|b| b == b'~') => {
                    value.get(&token.replace("~1", "/").replace("~0", "~"))?
                }
                Json::Object(_) => value.get(token)?,
                Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            if end == rest.len() {
                return Some(value);
            }
            rest = &rest[end + 1..];
        }
    }

    /// Follows a path of object keys.
    pub fn dig(&self, path: &[&str]) -> Option<&Json<'a>> {
        path.iter().try_fold(self, |value, key| value.get(key))
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&'a [(&'a str, Json<'a>)]> {
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
            Json::String(s) => ruby_quote(s),
            Json::Array(items) => {
                let inner: Vec<String> = items.iter().map(Json::ruby_inspect).collect();
                format!("[{}]", inner.join(", "))
            }
            Json::Object(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("{} => {}", ruby_quote(k), v.ruby_inspect()))
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
                for (k, v) in members.iter() {
                    map.insert(k.to_string(), v.to_value());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// The reader gave up: the text is not JSON, or it is JSON this reader leaves to serde_json.
struct Bail;

/// Bytes that end a run of plain string content: `"`, `\` and the control characters JSON
/// forbids inside strings (serde_json refuses them too).
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const SPACES: u64 = ONES * 0x20;

/// The bytes of `w` (little-endian) that are [`STRING_STOP`] bytes, each flagged by its high
/// bit; flags above the lowest may be spurious, the lowest is exact. `x - 0x01…01 & !x &
/// 0x80…80` flags zero bytes (`haszero`, after xor with `"` or `\`), and with `0x20…20` in
/// place of `0x01…01` bytes below `0x20` (`hasless`); in each, a spurious flag needs a borrow
/// from a true one below it.
#[inline(always)]
fn string_stops(w: u64) -> u64 {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let backslash = zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(SPACES) & !w & HIGHS;
    quote | backslash | control
}

/// The end of the run of bytes from `at` that a JSON string holds as they are: the first
/// [`STRING_STOP`] byte at or after `at` (the reader's end of a plain run, the writer's next
/// escape), or the end of `bytes`; eight bytes at a time (the lowest flagged byte of
/// [`string_stops`] is a stop).
#[inline(always)]
fn plain_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let stops = string_stops(u64::from_le_bytes(word));
        if stops != 0 {
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if STRING_STOP[usize::from(b)] {
            break;
        }
        at += 1;
    }
    at
}

/// A single-pass JSON reader over a `&str`, building [`Json`] exactly as serde_json's
/// deserializer does through [`Seed`] (RFC 8259 grammar, whitespace ` \t\n\r`, no trailing
/// commas, serde_json's recursion limit, its number classes). Arrays and objects are
/// collected on two scratch stacks shared by the whole document, then copied into the arena
/// at their exact size (one `memcpy` each, no allocation).
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    arena: &'a Arena,
    pos: usize,
    items: bumpalo::collections::Vec<'a, Json<'a>>,
    members: bumpalo::collections::Vec<'a, (&'a str, Json<'a>)>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, arena: &'a Arena) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            arena,
            pos: 0,
            // In the arena too (no allocation of their own, none freed): room for a typical
            // JSON:API body, so the scratch rarely grows.
            items: bumpalo::collections::Vec::with_capacity_in(8, arena.bump()),
            members: bumpalo::collections::Vec::with_capacity_in(16, arena.bump()),
        }
    }

    /// One value, surrounded by whitespace only.
    fn document(&mut self) -> Result<Json<'a>, Bail> {
        let value = self.value(0)?;
        self.skip_ws();
        if self.pos == self.bytes.len() {
            Ok(value)
        } else {
            Err(Bail)
        }
    }

    // The few helpers called for every token are inlined even where the build optimises for
    // size (the package's wasm): a call each would cost more than their bodies.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Moves past whitespace; compact JSON (the usual body) has none, decided here inline.
    #[inline(always)]
    fn skip_ws(&mut self) {
        if let Some(&b) = self.bytes.get(self.pos)
            && b > b' '
        {
            return;
        }
        self.skip_ws_slow();
    }

    fn skip_ws_slow(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    // Indentation after a line break, eight spaces at a time.
                    while self.word() == Some(SPACES) {
                        self.pos += 8;
                    }
                }
                _ => return,
            }
        }
    }

    /// The next eight bytes as a little-endian word, when there are eight.
    #[inline(always)]
    fn word(&self) -> Option<u64> {
        let chunk = self.bytes.get(self.pos..self.pos + 8)?;
        Some(u64::from_le_bytes(chunk.try_into().ok()?))
    }

    /// A value starting at the next non-whitespace byte; `depth` containers enclose it.
    fn value(&mut self, depth: usize) -> Result<Json<'a>, Bail> {
        self.skip_ws();
        match self.peek().ok_or(Bail)? {
            b'"' => Ok(Json::String(self.string()?)),
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            b'-' | b'0'..=b'9' => self.number().map(Json::Number),
            _ => Err(Bail),
        }
    }

    fn literal(&mut self, word: &[u8], value: Json<'a>) -> Result<Json<'a>, Bail> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(Bail)
        }
    }

    /// serde_json counts down from 128 on entering each array or object and fails when the
    /// count reaches 0, so at most `MAX_DEPTH - 1` containers may nest.
    fn enter(depth: usize) -> Result<usize, Bail> {
        if depth + 1 >= MAX_DEPTH {
            Err(Bail)
        } else {
            Ok(depth + 1)
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, Bail> {
        let depth = Reader::enter(depth)?;
        self.pos += 1; // `[`
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(&[]));
        }
        let mark = self.items.len();
        loop {
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    let items = self.arena.copy(&self.items[mark..]);
                    self.items.truncate(mark);
                    return Ok(Json::Array(items));
                }
                _ => return Err(Bail),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, Bail> {
        let depth = Reader::enter(depth)?;
        self.pos += 1; // `{`
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(&[]));
        }
        let mark = self.members.len();
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(Bail);
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(Bail);
            }
            self.pos += 1;
            let value = self.value(depth)?;
            self.members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    let members = self.arena.copy(&self.members[mark..]);
                    self.members.truncate(mark);
                    return Ok(Json::Object(members));
                }
                _ => return Err(Bail),
            }
        }
    }

    /// Moves past plain string content, to the next `"`, `\` or control character.
    #[inline]
    fn skip_plain(&mut self) {
        self.pos = plain_end(self.bytes, self.pos);
    }

    /// A string at `"`: borrowed from the text unless it has escapes (then from the arena,
    /// by [`Reader::escaped_string`]). Inlined at its two callers: a call would save and
    /// restore the registers the escapes' path needs, for every string.
    #[inline(always)]
    fn string(&mut self) -> Result<&'a str, Bail> {
        self.pos += 1; // `"`
        let start = self.pos;
        self.skip_plain();
        if self.peek() == Some(b'"') {
            let s = self.text.get(start..self.pos).ok_or(Bail)?;
            self.pos += 1;
            return Ok(s);
        }
        self.escaped_string(start)
    }

    /// The rest of a string from `start` whose plain run ends before its closing `"`: at an
    /// escape, or at a control character or the end of the text (refused).
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Result<&'a str, Bail> {
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(self.text.get(start..self.pos).ok_or(Bail)?);
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(self.arena.str(&out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                _ => return Err(Bail),
            }
            let run = self.pos;
            self.skip_plain();
            out.push_str(self.text.get(run..self.pos).ok_or(Bail)?);
        }
    }

    /// The escape after a `\`. A `\u` high surrogate must be followed by a `\u` low one
    /// (serde_json refuses lone surrogates).
    fn escape(&mut self, out: &mut String) -> Result<(), Bail> {
        let c = self.peek().ok_or(Bail)?;
        self.pos += 1;
        let ch = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let n = self.hex4()?;
                let code = match n {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return Err(Bail);
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Bail);
                        }
                        0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(Bail),
                    n => n,
                };
                char::from_u32(code).ok_or(Bail)?
            }
            _ => return Err(Bail),
        };
        out.push(ch);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Bail> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(Bail)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16).ok_or(Bail)?;
        }
        self.pos += 4;
        Ok(n)
    }

    /// A number, classed as serde_json classes it: an integer without fraction or exponent
    /// is `Unsigned` when it fits a `u64`, `Signed` when negative and it fits an `i64`, and
    /// otherwise (`-0`, `-9223372036854775809`) a float; every other number is read by
    /// serde_json itself (its own float algorithm, its out-of-range errors).
    fn number(&mut self) -> Result<Number, Bail> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut significand: u64 = 0;
        let mut exact = true;
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(Bail);
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    match significand
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(u64::from(d - b'0')))
                    {
                        Some(n) => significand = n,
                        None => exact = false,
                    }
                    self.pos += 1;
                }
            }
            _ => return Err(Bail),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
            exact = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
            exact = false;
        }
        if !exact {
            let text = self.text.get(start..self.pos).ok_or(Bail)?;
            // Through `Json`'s own visitor (serde_json's `deserialize_any`, its float algorithm
            // all the same): a typed `from_str::<f64>` would add serde_json's type errors and,
            // with them, std's float printing to the .wasm.
            let mut de = serde_json::Deserializer::from_str(text);
            return match Seed(self.arena).deserialize(&mut de) {
                Ok(Json::Number(Number::Float(x))) => Ok(Number::Float(x)),
                _ => Err(Bail),
            };
        }
        Ok(if !negative {
            Number::Unsigned(significand)
        } else {
            // serde_json: `(significand as i64).wrapping_neg()`, a float when that is not
            // negative (`-0`, or a magnitude beyond `i64::MIN`).
            match 0i64.checked_sub_unsigned(significand) {
                Some(n) if n < 0 => Number::Signed(n),
                #[allow(clippy::cast_precision_loss)] // serde_json's own `as f64`
                _ => Number::Float(-(significand as f64)),
            }
        })
    }

    /// One or more ASCII digits.
    fn digits(&mut self) -> Result<(), Bail> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        if self.pos == start { Err(Bail) } else { Ok(()) }
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

/// serde_json's reading of a value into `Json` (the reference reader), its arrays, objects
/// and unescaped strings in the arena.
#[derive(Clone, Copy)]
struct Seed<'a>(&'a Arena);

impl<'a> DeserializeSeed<'a> for Seed<'a> {
    type Value = Json<'a>;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for Seed<'a> {
    type Value = Json<'a>;

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

    fn visit_borrowed_str<E>(self, v: &'a str) -> Result<Self::Value, E> {
        Ok(Json::String(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(self.0.str(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: start with room for a typical array.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(16));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Json::Array(self.0.copy(&items)))
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint: start with room for a typical JSON:API object.
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8).min(16));
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let value = map.next_value_seed(self)?;
            members.push((key, value));
        }
        Ok(Json::Object(self.0.copy(&members)))
    }
}

/// An object key: borrowed when it has no escapes, else in the arena.
#[derive(Clone, Copy)]
struct KeySeed<'a>(&'a Arena);

impl<'a> DeserializeSeed<'a> for KeySeed<'a> {
    type Value = &'a str;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'a> Visitor<'a> for KeySeed<'a> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'a str) -> Result<Self::Value, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.str(v))
    }
}

/// Writes `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the short forms
/// `\b \f \n \r \t`, other control characters as `\u00xx` (lower-case hex); nothing else.
/// The one string writer of the validator's JSON text (verdicts, a context's paths, Ruby's
/// `inspect`, `nextState`), so the npm package's `.wasm` carries no serde_json writer.
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let end = plain_end(bytes, start);
        // Every STRING_STOP byte is ASCII, so the plain run ends on a character boundary.
        out.push_str(s.get(start..end).unwrap_or_default());
        let Some(&b) = bytes.get(end) else {
            break;
        };
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = end + 1;
    }
    out.push('"');
}

/// Writes Ruby's `String#inspect` of `s` (a UTF-8 string, as Rails' params and parsed JSON
/// strings are), as CRuby's `rb_str_inspect` writes it (`string.c`): `"` and `\` escaped; `#`
/// escaped before `{`, `$` or `@` (it would start an interpolation); `\n`, `\r`, `\t`, `\f`,
/// `\v`, `\b`, `\a` and `\e` by their letters; the other characters Ruby does not print as
/// `\uXXXX` (`\u{XXXXX}` past U+FFFF), upper-case hex; the rest as they are.
///
/// Ruby prints what Onigmo's `[[:print:]]` holds: every character but white space, controls,
/// surrogates and unassigned code points, plus the space separators (`tool/enc-unicode.rb`:
/// `Graph = Any - Space - Cntrl - Surrogate - Unassigned`, `Print = Graph + Space_Separator`),
/// and never U+0085. So it escapes U+0000–U+001F, U+007F–U+009F, U+2028 and U+2029, and the
/// noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF: unassigned in every Unicode version). A
/// code point that is unassigned only in Ruby's Unicode version is printed as it is: which
/// ones those are depends on the Ruby the API runs.
pub fn write_ruby_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = match c {
            '"' | '\\' => c,
            '#' if matches!(chars.peek(), Some('{' | '$' | '@')) => '#',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\u{c}' => 'f',
            '\u{b}' => 'v',
            '\u{8}' => 'b',
            '\u{7}' => 'a',
            '\u{1b}' => 'e',
            c if ruby_prints(c) => {
                out.push(c);
                continue;
            }
            c => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                let code = u32::from(c);
                let wide = code > 0xFFFF;
                out.push_str(if wide { "\\u{" } else { "\\u" });
                let digits = if wide {
                    (32 - code.leading_zeros()).div_ceil(4)
                } else {
                    4
                };
                for i in (0..digits).rev() {
                    out.push(char::from(HEX[((code >> (4 * i)) & 0xF) as usize]));
                }
                if wide {
                    out.push('}');
                }
                continue;
            }
        };
        out.push('\\');
        out.push(letter);
    }
    out.push('"');
}

/// Whether Ruby's `String#inspect` prints `c` as it is ([`write_ruby_string`]).
fn ruby_prints(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => false,
        '\u{fdd0}'..='\u{fdef}' => false,
        c => u32::from(c) & 0xFFFE != 0xFFFE,
    }
}

/// `s` as Ruby's `String#inspect` writes it ([`write_ruby_string`]).
pub fn ruby_quote(s: &str) -> String {
    let mut out = String::new();
    write_ruby_string(&mut out, s);
    out
}

/// Writes `v` as `serde_json::to_string` does: compact, members in the map's order, numbers
/// as serde_json's `Display` writes them (its serialiser's digits).
pub fn write_value(out: &mut String, v: &serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            let _ = fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, value);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.extend(char::from_u32(c));
        }
        // Each escape at every place of plain runs longer than a word, one or two of them.
        let mut placed = Vec::new();
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "é", "😀"] {
            for at in 0..20 {
                placed.push(format!(
                    "{}{special}{}",
                    "x".repeat(at),
                    "y".repeat(19 - at)
                ));
                placed.push(format!(
                    "{}{special}{special}{}",
                    "x".repeat(at),
                    "y".repeat(at % 9)
                ));
            }
        }
        let fixed = ["", "plain", "a\"b\\c/d", "\u{7f}", "é€😀", all.as_str()];
        for s in fixed.into_iter().chain(placed.iter().map(String::as_str)) {
            let mut out = String::new();
            write_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap_or_default(), "{s:?}");
        }
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let values = [
            serde_json::json!(null),
            serde_json::json!([
                true,
                false,
                0,
                1,
                -1,
                u64::MAX,
                i64::MIN,
                0.5,
                -0.0,
                1e300,
                1.5e-7
            ]),
            serde_json::json!({"b": {"c\n": [], "a": {}}, "a": "x\"y", "": [null, "é\u{1}"]}),
            serde_json::json!({"error": {"sort_direction": ["is not included in the list"]}}),
        ];
        for v in values {
            let mut out = String::new();
            write_value(&mut out, &v);
            assert_eq!(out, serde_json::to_string(&v).unwrap_or_default());
        }
    }

    #[test]
    fn pointers_unescape_index_and_read_the_last_duplicate() {
        let arena = Arena::new();
        let json = Json::parse(
            br#"{"a/b": {"m~n": [10, {"k": 1, "k": 2}]}, "": 3}"#,
            &arena,
        )
        .unwrap();
        let at = |p: &str| json.pointer(p).map(Json::to_value);
        assert_eq!(at("/a~1b/m~0n/0"), Some(serde_json::json!(10)));
        assert_eq!(at("/a~1b/m~0n/1/k"), Some(serde_json::json!(2)));
        assert_eq!(at("/"), Some(serde_json::json!(3)));
        assert_eq!(at(""), Some(json.to_value()));
        for missing in [
            "/a/b",
            "/a~1b/m~0n/2",
            "/a~1b/m~0n/x",
            "/a~1b/m~0n/0/z",
            "a",
        ] {
            assert_eq!(at(missing), None, "{missing}");
        }
    }

    #[test]
    fn borrows_plain_strings_and_owns_escaped_ones() {
        let arena = Arena::new();
        let body = br#"{"a":"plain","b":"esc\"aped"}"#;
        let json = Json::parse(body, &arena).unwrap();
        assert!(matches!(
            json.get("a"),
            Some(Json::String(s)) if body.as_ptr_range().contains(&s.as_ptr())
        ));
        assert!(matches!(
            json.get("b"),
            Some(Json::String(s)) if !body.as_ptr_range().contains(&s.as_ptr()) && *s == "esc\"aped"
        ));
    }

    #[test]
    fn string_stops_finds_the_first_stop_byte_exactly() {
        // Every byte value at every position of a word, behind plain bytes and in front of
        // bytes of every kind: the lowest flag is the first stop byte, if any.
        for fill in [b'a', 0x80, 0xff, b'"', 0x00] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [b'a'; 8];
                    bytes[pos] = b;
                    for later in bytes.iter_mut().skip(pos + 1) {
                        *later = fill;
                    }
                    let first = bytes.iter().position(|&c| STRING_STOP[usize::from(c)]);
                    let stops = string_stops(u64::from_le_bytes(bytes));
                    let found = (stops != 0).then(|| (stops.trailing_zeros() / 8) as usize);
                    assert_eq!(found, first, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn last_duplicate_key_wins() {
        let arena = Arena::new();
        let json = Json::parse(br#"{"a":1,"a":2}"#, &arena).unwrap();
        assert_eq!(json.get("a"), Some(&Json::Number(Number::Unsigned(2))));
    }

    #[test]
    fn rejects_what_is_not_json() {
        let arena = Arena::new();
        assert!(matches!(
            Json::parse(b"{", &arena),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            Json::parse(b"{} x", &arena),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            Json::parse(b"\xff", &arena),
            Err(ParseError::NotUtf8 { at: 0 })
        ));
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(
            Json::parse(deep.as_bytes(), &arena),
            Err(ParseError::TooDeep)
        );
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            Json::parse(&big, &arena),
            Err(ParseError::TooLarge { .. })
        ));
    }

    #[test]
    fn blank_follows_rails() {
        let arena = Arena::new();
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
            assert_eq!(
                Json::parse_str(text, &arena).unwrap().is_blank(),
                blank,
                "{text}"
            );
        }
    }

    /// The renderer before [`shortest_digits`]: std's `{:.1}`, `{:e}` and `{}`.
    fn old_float(x: f64) -> String {
        if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
            format!("{x:.1}")
        } else if x.is_finite() && x.abs() >= 1e16 {
            let s = format!("{x:e}");
            let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
            let mantissa = if mantissa.contains('.') {
                mantissa.to_owned()
            } else {
                format!("{mantissa}.0")
            };
            let exp = exp
                .strip_prefix('-')
                .map_or_else(|| format!("+{:0>2}", exp), |e| format!("-{e:0>2}"));
            format!("{mantissa}e{exp}")
        } else {
            format!("{x}")
        }
    }

    #[test]
    fn floats_render_as_before() {
        let mut specials = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            2.5,
            0.1,
            0.3,
            1e-7,
            1.5e-300,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            1e15 + 0.5,
            9007199254740993.0,
            9999999999999998.0,
            1e16,
            1e16 + 2.0,
            1.7976931348623157e308,
            123456789.125,
            1e20,
            1e21,
            1e22,
            1e23,
            2.0f64.powi(60),
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for e in -330..310 {
            let p = format!("1e{e}").parse::<f64>().unwrap_or(0.0);
            specials.extend([p, -p, p * 1.5, p * 7.0 / 3.0, p + 0.1]);
        }
        // A fixed pseudo-random walk over bit patterns (xorshift), every magnitude.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            specials.push(f64::from_bits(state));
        }
        // Exact ties between two shortest candidates: few fraction bits, or big integers.
        let mut state2: u64 = 12345;
        for _ in 0..200_000 {
            state2 ^= state2 << 13;
            state2 ^= state2 >> 7;
            state2 ^= state2 << 17;
            let m = (state2 >> 11) as f64;
            let shift = (state2 & 63) as i32 - 20;
            specials.push(m * 2f64.powi(shift));
            let small = ((state2 >> 11) >> (state2 % 53)) as f64;
            specials.push(small / 2f64.powi(((state2 >> 6) % 40) as i32));
        }
        for x in specials {
            assert_eq!(
                Number::Float(x).to_string(),
                old_float(x),
                "{:#x}",
                x.to_bits()
            );
        }
    }

    #[test]
    fn strings_are_inspected_as_ruby_inspects_them() {
        // CRuby's `rb_str_inspect` of a UTF-8 string, case by case.
        for (text, inspected) in [
            ("plain", r#""plain""#),
            (r#"say "hi" \ bye"#, r#""say \"hi\" \\ bye""#),
            ("#{x} #$y #@z #x #", r##""\#{x} \#$y \#@z #x #""##),
            ("\n\r\t\u{c}\u{b}\u{8}\u{7}\u{1b}", r#""\n\r\t\f\v\b\a\e""#),
            ("\0\u{1}\u{1f}\u{7f}", r#""\u0000\u0001\u001F\u007F""#),
            // C1 controls and the line and paragraph separators are not printed; a space
            // separator and a format character are.
            (
                "\u{85}\u{9f}\u{2028}\u{2029}",
                r#""\u0085\u009F\u2028\u2029""#,
            ),
            ("\u{a0}\u{ad}\u{200b}é😀", "\"\u{a0}\u{ad}\u{200b}é😀\""),
            // Noncharacters, unassigned in every Unicode version.
            (
                "\u{fdd0}\u{fffe}\u{ffff}\u{1fffe}\u{10ffff}",
                r#""\uFDD0\uFFFE\uFFFF\u{1FFFE}\u{10FFFF}""#,
            ),
        ] {
            assert_eq!(ruby_quote(text), inspected, "{text:?}");
        }
    }

    #[test]
    fn ruby_rendering() {
        let arena = Arena::new();
        let json = Json::parse_str(r#"["a", 1, null, {"k": 2.5}]"#, &arena).unwrap();
        assert_eq!(json.ruby_inspect(), r#"["a", 1, nil, {"k" => 2.5}]"#);
        let json = Json::parse_str(r##"["#{a}", {"\u001b": "\u0000"}]"##, &arena).unwrap();
        assert_eq!(json.ruby_inspect(), r##"["\#{a}", {"\e" => "\u0000"}]"##);
        assert_eq!(Json::parse_str("2.0", &arena).unwrap().ruby_to_s(), "2.0");
        assert_eq!(
            Json::parse_str("1e20", &arena).unwrap().ruby_to_s(),
            "1.0e+20"
        );
        assert_eq!(Json::Null.ruby_to_s(), "");
    }
}
