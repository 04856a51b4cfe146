//! The hand-written JSON reader against serde_json, its reference: for every vector body and
//! for a few hundred thousand generated texts and byte-level mutations of them, `Json::parse`
//! gives exactly what `Json::parse_serde` gives (the same tree, strings borrowed in the same
//! places, numbers of the same class with the same bits; the same error), and the reader alone
//! accepts exactly the texts serde_json accepts. `BASM_JSON_CASES` sets the number of
//! generated texts (default 80,000; each is also mutated four ways).

mod common;

use basm_core::json::{Arena, Json, MAX_DEPTH, Number};

use common::Rng;

/// Strict equality of two trees read from `body`: floats by their bits (`-0.0` is not
/// `0.0`), strings borrowed from the body in the same places (the others are in the arena).
fn same(a: &Json<'_>, b: &Json<'_>, body: &[u8]) -> bool {
    let borrowed = |s: &str| s.is_empty() || body.as_ptr_range().contains(&s.as_ptr());
    let same_str = |x: &str, y: &str| borrowed(x) == borrowed(y) && x == y;
    match (a, b) {
        (Json::Number(Number::Float(x)), Json::Number(Number::Float(y))) => {
            x.to_bits() == y.to_bits()
        }
        (Json::String(x), Json::String(y)) => same_str(x, y),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| same(x, y, body))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((kx, vx), (ky, vy))| same_str(kx, ky) && same(vx, vy, body))
        }
        _ => a == b,
    }
}

/// Checks one body; returns whether serde_json accepted it.
fn check(body: &[u8], what: &str) -> bool {
    let (serde_arena, arena) = (Arena::new(), Arena::new());
    let expected = Json::parse_serde(body, &serde_arena);
    let got = Json::parse(body, &arena);
    match (&expected, &got) {
        (Ok(e), Ok(g)) => assert!(
            same(e, g, body),
            "{what}: trees differ for {:?}\nserde: {e:?}\nreader: {g:?}",
            String::from_utf8_lossy(body)
        ),
        (Err(e), Err(g)) => assert_eq!(e, g, "{what}: {:?}", String::from_utf8_lossy(body)),
        _ => panic!(
            "{what}: {:?}\nserde: {expected:?}\nreader: {got:?}",
            String::from_utf8_lossy(body)
        ),
    }
    // The reader alone: it gives up exactly where serde_json fails (so valid bodies never pay
    // for a second parse).
    if let Ok(text) = std::str::from_utf8(body)
        && body.len() <= basm_core::json::MAX_BODY_BYTES
    {
        let alone = Json::parse_reader_only(text, &arena);
        assert_eq!(
            alone.is_some(),
            expected.is_ok(),
            "{what}: the reader alone disagrees on {text:?}: {expected:?}"
        );
    }
    expected.is_ok()
}

#[test]
fn every_vector_body_reads_as_serde_json_reads_it() {
    let mut bodies = 0;
    let mut accepted = 0;
    common::each_vector(|id, group, test| {
        let request = common::build_request(group, test);
        accepted += usize::from(check(&request.body, id));
        bodies += 1;
        if let Some(data) = test.get("data") {
            let pretty = serde_json::to_vec_pretty(data).unwrap_or_default();
            accepted += usize::from(check(&pretty, id));
            bodies += 1;
        }
    });
    // The vector files themselves are JSON texts too.
    let mut paths = Vec::new();
    common::files(&common::vectors_dir(), &mut paths);
    for path in &paths {
        let text = std::fs::read(path).unwrap_or_default();
        assert!(check(&text, &path.display().to_string()));
    }
    assert!(bodies > 1000, "only {bodies} vector bodies");
    assert!(accepted > bodies / 2, "{accepted} of {bodies} accepted");
}

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "1e2",
    "1E2",
    "1e+2",
    "1e-2",
    "1.0",
    "-1.0",
    "-0.0",
    "0.5",
    "0e0",
    "0.0e-0",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "-18446744073709551615",
    "-18446744073709551616",
    "123456789012345678901234567890",
    "123456789012345678901234567890.5e-3",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "2.2250738585072014e-308",
    "4.9e-324",
    "2.4e-324",
    "0.1",
    "0.30000000000000004",
    "100000000000000000000000e-10",
    "1e99999999999999999999",
    "1e-99999999999999999999",
    "01",
    "-01",
    "00",
    "-",
    "1.",
    ".5",
    "1e",
    "1e+",
    "+1",
    "1.e2",
    "-a",
    "1x",
    "Infinity",
    "NaN",
];

const ESCAPES: &[&str] = &[
    r#"\""#,
    r"\\",
    r"\/",
    r"\b",
    r"\f",
    r"\n",
    r"\r",
    r"\t",
    r"\u0000",
    r"\u001f",
    r"\u00e9",
    r"\u00E9",
    r"\uABCD",
    r"\uFFFF",
    r"\uD83D\uDE00",
    r"\ud83d\ude00",
    r"\uDBFF\uDFFF",
    r"\uD800\uDC00",
    r"\uD83D",
    r"\uDE00",
    r"\uD83D\u0041",
    r"\uD83D\uD83D",
    r"\uD83Dx",
    r"\uD83D\n",
    r"\u12",
    r"\u12G4",
    r"\x",
    r"\'",
    "\\",
];

const PLAIN: &[&str] = &[
    "",
    "a",
    "move",
    "2020-12-03T10:50:31+00:00",
    "é",
    "😀",
    "\u{7f}",
    "\u{2028}",
    " ",
    "data",
    "attributes",
    "{}[],:",
];

const WHITESPACE: &[&str] = &["", "", "", " ", "\n", "\t", "\r\n", "  ", "\u{a0}", "\u{c}"];

const KEYS: &[&str] = &["a", "type", "id", "data", "a", "é", "", "k\\u0041", "k\\n"];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

fn ws(rng: &mut Rng, out: &mut String) {
    // Mostly valid whitespace; now and then a byte serde_json refuses.
    let w = pick(rng, WHITESPACE);
    if (w.starts_with('\u{a0}') || w.starts_with('\u{c}')) && rng.below(10) != 0 {
        return;
    }
    out.push_str(w);
}

fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(5) {
        match rng.below(10) {
            0..=5 => out.push_str(pick(rng, PLAIN)),
            6 | 7 => out.push_str(pick(rng, ESCAPES)),
            8 => {
                // Any `\uXXXX`, surrogate halves often.
                let n = match rng.below(3) {
                    0 => 0xD800 + rng.below(0x800),
                    _ => rng.below(0x1_0000),
                };
                out.push_str(&format!("\\u{n:04X}"));
            }
            _ => out.push(char::from(u8::try_from(rng.below(0x20)).unwrap_or(0))),
        }
    }
    out.push('"');
}

fn number(rng: &mut Rng, out: &mut String) {
    if rng.below(2) == 0 {
        out.push_str(pick(rng, NUMBERS));
        return;
    }
    let digits = |rng: &mut Rng, out: &mut String, n: usize| {
        for _ in 0..n {
            out.push(char::from(b'0' + u8::try_from(rng.below(10)).unwrap_or(0)));
        }
    };
    if rng.below(3) == 0 {
        out.push('-');
    }
    if rng.below(4) == 0 {
        out.push('0');
    } else {
        out.push(char::from(b'1' + u8::try_from(rng.below(9)).unwrap_or(0)));
        let n = [0, 1, 3, 10, 17, 18, 19, 20, 25][rng.below(9)];
        digits(rng, out, n);
    }
    if rng.below(3) == 0 {
        out.push('.');
        let n = rng.below(20) + 1;
        digits(rng, out, n);
    }
    if rng.below(4) == 0 {
        out.push_str(pick(rng, &["e", "E", "e+", "e-", "E-"]));
        let n = rng.below(4) + 1;
        digits(rng, out, n);
    }
}

fn value(rng: &mut Rng, depth: usize, out: &mut String) {
    ws(rng, out);
    let kinds = if depth > 4 { 6 } else { 10 };
    match rng.below(kinds) {
        0 => out.push_str(pick(rng, &["null", "true", "false"])),
        1 | 2 => number(rng, out),
        3..=5 => string(rng, out),
        6 | 7 => {
            out.push('[');
            let n = rng.below(5);
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                }
                value(rng, depth + 1, out);
            }
            ws(rng, out);
            out.push(']');
        }
        _ => {
            out.push('{');
            let n = rng.below(5);
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                }
                ws(rng, out);
                if rng.below(2) == 0 {
                    out.push('"');
                    out.push_str(pick(rng, KEYS));
                    out.push('"');
                } else {
                    string(rng, out);
                }
                ws(rng, out);
                out.push(':');
                value(rng, depth + 1, out);
            }
            ws(rng, out);
            out.push('}');
        }
    }
    ws(rng, out);
}

/// Nesting around serde_json's limit, arrays and objects mixed.
fn deep(rng: &mut Rng) -> String {
    let n = MAX_DEPTH - 4 + rng.below(9);
    let mut open = String::new();
    let mut close = Vec::new();
    for _ in 0..n {
        if rng.below(2) == 0 {
            open.push('[');
            close.push(']');
        } else {
            open.push_str("{\"k\":");
            close.push('}');
        }
    }
    open.push_str(if rng.below(2) == 0 { "1" } else { "[]" });
    open.extend(close.iter().rev());
    open
}

const INSERTS: &[u8] = &[
    b'"', b'\\', b',', b']', b'}', b'{', b'[', b':', b'0', b'9', b'-', b'+', b'.', b'e', b' ',
    b'\n', 0x00, 0x1f, 0x7f, 0xff, 0xc3, 0xa9, b'u', b'x', b'n', b't',
];

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    let at = rng.below(bytes.len() + 1);
    match rng.below(5) {
        0 => bytes.truncate(at),
        1 => bytes.insert(at, *rng.pick(INSERTS)),
        2 if at < bytes.len() => {
            bytes.remove(at);
        }
        3 if at < bytes.len() => bytes[at] = *rng.pick(INSERTS),
        _ => {
            let piece = pick(
                rng,
                &["\\uD83D", "\\u00", "1e400", "-0", ",", "[", "\"", "}"],
            );
            let at = (0..=bytes.len()).rev().find(|&i| i <= at).unwrap_or(0);
            for (i, b) in piece.bytes().enumerate() {
                bytes.insert(at + i, b);
            }
        }
    }
    bytes
}

#[test]
fn generated_texts_and_their_mutations_read_as_serde_json_reads_them() {
    let cases: usize = std::env::var("BASM_JSON_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(80_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut total, mut accepted) = (0, 0);
    for i in 0..cases {
        let text = if i % 100 == 0 {
            deep(&mut rng)
        } else {
            let mut out = String::new();
            value(&mut rng, 0, &mut out);
            out
        };
        accepted += usize::from(check(text.as_bytes(), "generated"));
        total += 1;
        for _ in 0..4 {
            let mutated = mutate(&mut rng, text.as_bytes());
            accepted += usize::from(check(&mutated, "mutated"));
            total += 1;
        }
    }
    // Both sides of the oracle are exercised.
    assert!(
        accepted > total / 5 && accepted < total * 4 / 5,
        "{accepted} of {total} accepted"
    );
}

#[test]
fn number_edges() {
    for n in NUMBERS {
        for text in [
            n.to_string(),
            format!("[{n}]"),
            format!("{{\"a\":{n} }}"),
            format!(" {n}\n"),
        ] {
            check(text.as_bytes(), "number");
        }
    }
    let arena = Arena::new();
    let read = |t: &'static str| Json::parse_str(t, &arena).unwrap();
    assert_eq!(read("-0"), Json::Number(Number::Float(-0.0)));
    assert!(matches!(read("-0"), Json::Number(Number::Float(x)) if x.is_sign_negative()));
    assert_eq!(read("1e2"), Json::Number(Number::Float(100.0)));
    assert_eq!(read("1.0"), Json::Number(Number::Float(1.0)));
    assert_eq!(
        read("18446744073709551615"),
        Json::Number(Number::Unsigned(u64::MAX))
    );
    assert_eq!(
        read("18446744073709551616"),
        Json::Number(Number::Float(18_446_744_073_709_551_616.0))
    );
    assert_eq!(
        read("-9223372036854775808"),
        Json::Number(Number::Signed(i64::MIN))
    );
    assert_eq!(
        read("-9223372036854775809"),
        Json::Number(Number::Float(-9_223_372_036_854_775_809.0))
    );
    assert_eq!(read(r#""\uD83D\uDE00""#), Json::String("😀"));
    assert!(Json::parse_str(r#""\uD83D""#, &arena).is_err());
    assert!(Json::parse_str("1e309", &arena).is_err());
}
