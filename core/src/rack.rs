//! The Rack middleware of the API's stack that answer a request themselves, before or after
//! Rails' own: `Rack::Cors` (CORS preflights) and `Rack::ConditionalGet` (304s).
//!
//! The app puts `Rack::Cors` before every other middleware (upstream
//! `config/initializers/cors.rb`: `insert_before 0`), and rack-cors 3.0.0 (upstream
//! `Gemfile.lock`) answers a preflight itself (`lib/rack/cors.rb`, `Rack::Cors#call`): a
//! request whose method is `OPTIONS`, with an `Origin` (or `X-Origin`) and an
//! `Access-Control-Request-Method`, gets `[200, headers, []]`, whatever its path, and whether
//! or not the origin is allowed; only a path `Rack::Utils.valid_path?` refuses once unescaped
//! gets `[400, {}, []]`. Which CORS headers the 200 carries depends on the origins the
//! deployment allows (`CORS_ALLOWED_ORIGINS`), which basm does not know. No route of the API
//! takes `OPTIONS`, so without this a preflight would be judged a 404.
//!
//! Rails' stack for an API app ends in `Rack::Head`, `Rack::ConditionalGet` and `Rack::ETag`
//! (Rails 8.0.5 `railties/lib/rails/application/default_middleware_stack.rb`). `Rack::ETag`
//! (Rack 3.2.6 `lib/rack/etag.rb`) gives a 200's body the weak ETag `W/"…"` of its SHA-256's
//! first 32 hex digits, and `Rack::ConditionalGet` (`lib/rack/conditional_get.rb`) answers a
//! `GET` or `HEAD` 304, with no body, when `If-None-Match` is that ETag, byte for byte
//! (`If-Modified-Since` needs a `Last-Modified`, which no controller of the API sets).
//!
//! The app adds `Rack::Deflater` last (upstream `config/application.rb` L47,
//! `config.middleware.use`), so it sits inside `Rack::ETag` and the exception middleware and
//! sees the app's answer first (Rack 3.2.6 `lib/rack/deflater.rb`). It encodes an answer that
//! has a body in the encoding `Accept-Encoding` prefers of gzip and identity
//! (`Rack::Utils.select_best_encoding`). A gzip body is a stream, which `Rack::ETag` does not
//! digest (it needs `to_ary`, `lib/rack/etag.rb` L31): a client that takes gzip never gets an
//! ETag, so never a 304. When the header refuses both, Deflater answers 406 in plain text in
//! place of the app's answer, which has run by then: what the request changes, it changes.

use crate::error::{ApiError, ErrorKind, ErrorSource};
use crate::request::Request;
use crate::verdict::{Effect, Unchecked, UncheckedKind, Verdict, WarningKind};

/// `Rack::Cors`' answer to `req` when it is a CORS preflight (`method` is its method, upper
/// case); `None` for any other request, which goes on to Rails.
pub(crate) fn preflight(req: &Request, method: &str) -> Option<Verdict> {
    if method != "OPTIONS"
        || !(req.header_str("Origin").is_some() || req.header_str("X-Origin").is_some())
        || req.header_str("Access-Control-Request-Method").is_none()
    {
        return None;
    }
    // `valid_path?` of `Rack::Utils.unescape_path(PATH_INFO)`: Puma's `PATH_INFO` is binary, so
    // its encoding is always valid, and only a NUL byte makes it invalid (`%00`: Puma's parser
    // refuses a raw one).
    let path = req.path.split(['?', '#']).next().unwrap_or("");
    if path.contains("%00") {
        let e = ApiError::from_kind(&ErrorKind::InvalidPath, ErrorSource::default()).unverified();
        let mut verdict = Verdict::refused(400, vec![e]);
        verdict.set_empty_body();
        return Some(verdict);
    }
    let mut verdict = Verdict::accepted(
        200,
        Effect {
            summary: "A CORS preflight, answered by Rack::Cors before the API: changes nothing"
                .into(),
            changes: Vec::new(),
        },
    );
    verdict.set_empty_body();
    verdict.unchecked.push(Unchecked::new(
        UncheckedKind::Static(
            "Which CORS headers the preflight's answer has: they depend on the origins the API's deployment allows (CORS_ALLOWED_ORIGINS)",
        ),
        ErrorSource::default(),
    ));
    Some(verdict)
}

/// Whether `Rack::ConditionalGet` may turn the 200 of `req` (`method` upper case) into a 304:
/// its `If-None-Match` has the form of the ETag `Rack::ETag` gives (`W/"` and 32 lower-case hex
/// digits and `"`), so it may be the ETag of the body, which basm does not know. Any other
/// value can never match, and the answer stays a 200. A gzip answer has no ETag: `Rack::Deflater`
/// runs first, so `encoding` (the answer's, [`encoding`]) must be identity.
pub(crate) fn may_be_not_modified(req: &Request, method: &str, encoding: Encoding) -> bool {
    if !matches!(method, "GET" | "HEAD") || encoding != Encoding::Identity {
        return false;
    }
    let Some(value) = req.header_str("If-None-Match") else {
        return false;
    };
    value
        .strip_prefix("W/\"")
        .and_then(|v| v.strip_suffix('"'))
        .is_some_and(|hex| {
            hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

/// The encoding `Rack::Deflater` gives an answer that has a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Gzip,
    Identity,
    /// Neither: `Accept-Encoding` refuses both (Deflater's 406).
    Unacceptable,
}

/// What Deflater encodes the answer to `req` in: `Rack::Utils.select_best_encoding(%w(gzip
/// identity), request.accept_encoding)`. Without the header, identity.
pub(crate) fn encoding(req: &Request) -> Encoding {
    match req.header_str("Accept-Encoding") {
        None => Encoding::Identity,
        Some(header) => best_encoding(&header),
    }
}

/// `select_best_encoding` (Rack 3.2.6 `lib/rack/utils.rb` L274-316) of the header as
/// `parse_http_accept_header` reads it (`lib/rack/request.rb` L641-662): the header's first 16
/// non-blank parts, stripped, each `coding;params` with the q of `params` (1 without one).
///
/// Rack lists them with a preference each (a coding's place in `gzip, identity`, 2 for any
/// other; the first `*` stands for each of the two the header does not name, with its q and
/// preference 2), sorts them by q, highest first, then preference; puts identity last when
/// the list lacks it; takes out every coding given a q of 0 anywhere in the list; and answers
/// the first of the two left. Only the two count, so this keeps, for each, whether the list
/// has it at a q of 0 and its best (q, preference): no list, no sort (their code would cost
/// the `.wasm` more than this). Ruby's `sort` is not stable; the two can tie only when both
/// come from `*`, gzip listed first, and a sort of so few items keeps that order (assumed of
/// Ruby's sort, not run in Ruby).
#[cold]
fn best_encoding(header: &str) -> Encoding {
    let (mut gzip, mut identity) = (Listed::NOT, Listed::NOT);
    let mut wildcard = None;
    let parts = header.split(',').map(ruby_strip).filter(|p| !p.is_empty());
    for part in parts.take(16) {
        let (coding, q) = match part.split_once(';') {
            Some((coding, params)) => (ruby_strip(coding), Q::read(ruby_strip(params))),
            None => (part, None),
        };
        let q = q.unwrap_or(Q::ONE);
        match coding {
            "gzip" => gzip.add(q, 0),
            "identity" => identity.add(q, 1),
            "*" if wildcard.is_none() => wildcard = Some(q),
            _ => {}
        }
    }
    if let Some(q) = wildcard {
        for listed in [&mut gzip, &mut identity] {
            if listed.best.is_none() {
                listed.add(q, 2);
            }
        }
    }
    match (gzip.left(), identity.left()) {
        (Some(g), Some(i)) if Listed::before(i, g) => Encoding::Identity,
        (Some(_), _) => Encoding::Gzip,
        (None, Some(_)) => Encoding::Identity,
        // Identity comes last only when the list lacks it.
        (None, None) if identity.best.is_some() => Encoding::Unacceptable,
        (None, None) => Encoding::Identity,
    }
}

/// What [`best_encoding`] keeps of gzip or identity in Rack's list.
#[derive(Clone, Copy)]
struct Listed<'a> {
    /// Listed with a q of 0 somewhere: taken out.
    refused: bool,
    /// Its (q, preference) that sorts first, when listed.
    best: Option<(Q<'a>, u8)>,
}

impl<'a> Listed<'a> {
    const NOT: Listed<'static> = Listed {
        refused: false,
        best: None,
    };

    fn add(&mut self, q: Q<'a>, preference: u8) {
        self.refused |= q.is_zero();
        if self
            .best
            .is_none_or(|best| Listed::before((q, preference), best))
        {
            self.best = Some((q, preference));
        }
    }

    /// Whether `a` sorts before `b`: a higher q, or the same and a lower preference.
    fn before(a: (Q<'_>, u8), b: (Q<'_>, u8)) -> bool {
        a.0.cmp(&b.0).then(b.1.cmp(&a.1)).is_gt()
    }

    /// Its best, unless it was taken out.
    fn left(&self) -> Option<(Q<'a>, u8)> {
        self.best.filter(|_| !self.refused)
    }
}

/// A q value as `/\Aq=([\d.]+)/ =~ parameters` then `$1.to_f` reads it: `String#to_f` reads
/// the digits, then a `.` and the digits after it, and stops there (`q=0.5.1` is 0.5, `q=.5`
/// 0.5, `q=.` 0). Kept as its decimal digits and compared as the number they write, with no
/// float parsing in the `.wasm`: Ruby compares the Floats, which is the same order but for
/// values written with more than 15 significant digits (two a Float cannot tell apart tie in
/// Rack) or past a Float's range (below about 1e-323 Ruby reads 0), which are not modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q<'a> {
    /// The whole part, without leading zeros.
    whole: &'a str,
    /// The fraction's digits, without trailing zeros.
    fraction: &'a str,
}

impl<'a> Q<'a> {
    /// The q of a coding that gives none.
    const ONE: Q<'static> = Q {
        whole: "1",
        fraction: "",
    };

    fn read(parameters: &'a str) -> Option<Q<'a>> {
        let rest = parameters.strip_prefix("q=")?;
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let matched = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if matched == 0 {
            return None;
        }
        let whole = &rest[..digits(rest)];
        let fraction = rest[whole.len()..matched]
            .strip_prefix('.')
            .map_or("", |f| &f[..digits(f)]);
        Some(Q {
            whole: whole.trim_start_matches('0'),
            fraction: fraction.trim_end_matches('0'),
        })
    }

    fn is_zero(&self) -> bool {
        self.whole.is_empty() && self.fraction.is_empty()
    }
}

impl Ord for Q<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.whole.len(), self.whole, self.fraction).cmp(&(
            other.whole.len(),
            other.whole,
            other.fraction,
        ))
    }
}

impl PartialOrd for Q<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Ruby's `String#strip`: whitespace and NUL off both ends.
fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, '\0' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' '))
}

/// `Rack::Deflater`'s part in the answer of `verdict` to `req`: when `Accept-Encoding` refuses
/// both encodings and the answer has a body, its 406 in plain text in place of the app's
/// answer. `routed`: a route matched, so `PATH_INFO` is the path Rails' router normalised
/// (the routing filter puts its own back); otherwise it is the path the routing filter left,
/// and the router's 404 (`X-Cascade: pass`) meets Deflater before `DebugExceptions` would
/// raise for it: the 406 has no `X-Cascade`, so it stands.
///
/// What the app changed stays in the verdict's `effect`: the request has run. `known`: the
/// encoding, when the header checks have read it ([`crate::request::HeaderFacts`]).
pub(crate) fn deflate(req: &Request, verdict: &mut Verdict, routed: bool, known: Option<Encoding>) {
    // Statuses without a body are not encoded (`should_deflate?`, L136-156).
    if matches!(verdict.status, 100..=199 | 204 | 304)
        || known.unwrap_or_else(|| encoding(req)) != Encoding::Unacceptable
    {
        return;
    }
    unacceptable(req, verdict, routed);
}

#[cold]
fn unacceptable(req: &Request, verdict: &mut Verdict, routed: bool) {
    let path_info = match routed {
        true => crate::request::rails_path(&req.path),
        false => req.route(),
    };
    let fullpath = match req.query_str() {
        Some(query) if !query.is_empty() => format!("{path_info}?{query}"),
        _ => path_info.into_owned(),
    };
    let kind = ErrorKind::UnacceptableEncoding { fullpath };
    let e = ApiError::from_kind(&kind, ErrorSource::header("Accept-Encoding")).unverified();
    // The app's errors are not sent, nor the warning that some of them were cut; what it
    // changed, it changed.
    verdict.errors = vec![e];
    verdict
        .warnings
        .retain(|w| !matches!(w.kind(), WarningKind::ErrorsTruncated { .. }));
    if !verdict.valid {
        verdict.effect = None;
    }
    verdict.valid = false;
    verdict.status = 406;
    verdict.set_not_json_body("text/plain");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_etag_shaped_if_none_match_may_make_a_304() {
        let etag = r#"W/"0123456789abcdef0123456789abcdef""#;
        let with = |method: &str, value: &str| {
            let req = Request::new(method, "/api/moves").header("If-None-Match", value);
            may_be_not_modified(&req, method, encoding(&req))
        };
        assert!(with("GET", etag));
        assert!(with("HEAD", etag));
        assert!(!with("POST", etag));
        for never in [
            "*",
            r#""0123456789abcdef0123456789abcdef""#,
            r#"W/"0123456789ABCDEF0123456789ABCDEF""#,
            r#"W/"0123456789abcdef0123456789abcde""#,
            &format!("{etag}, {etag}"),
            "",
        ] {
            assert!(!with("GET", never), "{never}");
        }
        let bare = Request::new("GET", "/api/moves");
        assert!(!may_be_not_modified(&bare, "GET", encoding(&bare)));
    }

    #[test]
    fn a_preflight_needs_options_an_origin_and_a_method_asked_for() {
        let req = |method: &str, headers: &[(&str, &str)]| {
            let mut req = Request::new(method, "/api/events");
            for (name, value) in headers {
                req = req.header(name, value);
            }
            preflight(&req, method).map(|v| (v.valid, v.status))
        };
        let asked = ("Access-Control-Request-Method", "POST");
        assert_eq!(req("OPTIONS", &[("Origin", "x"), asked]), Some((true, 200)));
        assert_eq!(
            req("OPTIONS", &[("X-Origin", ""), asked]),
            Some((true, 200))
        );
        assert_eq!(req("OPTIONS", &[asked]), None);
        assert_eq!(req("OPTIONS", &[("Origin", "x")]), None);
        assert_eq!(req("POST", &[("Origin", "x"), asked]), None);
    }

    #[test]
    fn accept_encoding_is_read_as_rack_reads_it() {
        use Encoding::{Gzip, Identity, Unacceptable};
        let others: Vec<String> = (0..15).map(|i| format!("x{i}")).collect();
        let fifteen = others.join(", ");
        let sixteen = format!("{fifteen}, x15");
        for (header, expected) in [
            ("", Identity),
            ("gzip", Gzip),
            ("gzip, deflate, br, zstd", Gzip),
            ("br", Identity),
            ("identity;q=0", Unacceptable),
            ("*;q=0", Unacceptable),
            ("br, *;q=0", Unacceptable),
            // `*` stands for gzip then identity, tied at the same q and preference.
            ("*", Gzip),
            // A named coding's preference is its place; `*`'s is after both.
            ("identity, *", Identity),
            ("gzip;q=0.5, identity", Identity),
            ("gzip;q=0.5, identity;q=0.4", Gzip),
            ("gzip;q=0, identity;q=0", Unacceptable),
            // A q of 0 anywhere takes the coding out.
            ("gzip;q=1, gzip;q=0", Identity),
            ("GZIP", Identity),
            ("GZIP, identity;q=0", Unacceptable),
            ("gzip;q=0.0.1", Identity),
            ("gzip ; q=0 ", Identity),
            ("gzip;Q=0", Gzip),
            ("gzip;level=1;q=0", Gzip),
            (" , ,gzip", Gzip),
            ("*;q=0, gzip", Gzip),
            ("*, identity;q=0", Gzip),
            ("identity;q=.5", Identity),
        ] {
            assert_eq!(best_encoding(header), expected, "{header:?}");
        }
        // Only the first 16 codings count.
        assert_eq!(
            best_encoding(&format!("{fifteen}, identity;q=0")),
            Unacceptable
        );
        assert_eq!(best_encoding(&format!("{sixteen}, identity;q=0")), Identity);
        let req = Request::new("GET", "/api/moves");
        assert_eq!(encoding(&req), Identity);
        // Two headers are one, joined with ", " (Puma).
        let req = req
            .header("Accept-Encoding", "identity;q=0")
            .header("Accept-Encoding", "gzip");
        assert_eq!(encoding(&req), Gzip);
    }

    /// Rack's `select_best_encoding` written as Ruby writes it (lists, a stable sort), against
    /// [`best_encoding`] over generated headers.
    #[test]
    fn the_choice_is_racks_written_plainly() {
        fn rack(header: &str) -> Encoding {
            let available = ["gzip", "identity"];
            let accept: Vec<(&str, Q<'_>)> = header
                .split(',')
                .map(ruby_strip)
                .filter(|p| !p.is_empty())
                .map(|part| match part.split_once(';') {
                    Some((c, p)) => (ruby_strip(c), Q::read(ruby_strip(p)).unwrap_or(Q::ONE)),
                    None => (part, Q::ONE),
                })
                .take(16)
                .collect();
            let mut expanded = Vec::new();
            let mut wildcard_seen = false;
            for &(m, q) in &accept {
                let preference = available.iter().position(|&a| a == m).unwrap_or(2);
                if m == "*" {
                    if !wildcard_seen {
                        for m2 in available {
                            if !accept.iter().any(|&(n, _)| n == m2) {
                                expanded.push((m2, q, preference));
                            }
                        }
                        wildcard_seen = true;
                    }
                } else {
                    expanded.push((m, q, preference));
                }
            }
            let mut sorted = expanded.clone();
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            let mut candidates: Vec<&str> = sorted.iter().map(|e| e.0).collect();
            if !candidates.contains(&"identity") {
                candidates.push("identity");
            }
            for &(m, q, _) in &expanded {
                if q.is_zero() {
                    candidates.retain(|&c| c != m);
                }
            }
            match candidates.into_iter().find(|c| available.contains(c)) {
                Some("gzip") => Encoding::Gzip,
                Some(_) => Encoding::Identity,
                None => Encoding::Unacceptable,
            }
        }
        let codings = ["gzip", "identity", "*", "br", "GZIP", ""];
        let qs = [
            "", ";q=0", ";q=0.5", ";q=1", ";q=0.0", ";q=.5", "; q=0.25", ";level=1",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut seen = [0; 3];
        for _ in 0..20_000 {
            let parts: Vec<String> = (0..next(20))
                .map(|_| format!(" {}{}", codings[next(codings.len())], qs[next(qs.len())]))
                .collect();
            let header = parts.join(",");
            let expected = rack(&header);
            assert_eq!(best_encoding(&header), expected, "{header:?}");
            seen[expected as usize] += 1;
        }
        // Every answer was met.
        assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
    }

    #[test]
    fn q_is_read_as_string_to_f_reads_it() {
        let q = Q::read;
        let of = |whole, fraction| Some(Q { whole, fraction });
        for (parameters, expected) in [
            ("q=0.5.1", of("", "5")),
            ("q=.5", of("", "5")),
            ("q=.", of("", "")),
            ("q=5.", of("5", "")),
            ("q=007", of("7", "")),
            ("q=0.000", of("", "")),
            ("q=", None),
            ("q=x", None),
            ("level=1;q=0", None),
        ] {
            assert_eq!(q(parameters), expected, "{parameters}");
        }
        // Ordered as the numbers they write.
        let mut ordered = [
            "q=0", "q=0.001", "q=0.01", "q=0.1", "q=0.5", "q=0.50", "q=1", "q=2", "q=10",
        ]
        .map(|p| Q::read(p).unwrap_or(Q::ONE));
        ordered.reverse();
        let mut sorted = ordered;
        sorted.sort();
        sorted.reverse();
        assert_eq!(sorted, ordered);
        assert_eq!(Q::read("q=0.50"), Q::read("q=0.5"));
        assert!(Q::read("q=00.000").is_some_and(|q| q.is_zero()));
        assert!(Q::read("q=1").is_some_and(|q| q == Q::ONE));
    }

    #[test]
    fn a_gzip_answer_has_no_etag_so_no_304() {
        let etag = r#"W/"0123456789abcdef0123456789abcdef""#;
        let with = |accept_encoding: &str| {
            let req = Request::new("GET", "/api/moves")
                .header("If-None-Match", etag)
                .header("Accept-Encoding", accept_encoding);
            may_be_not_modified(&req, "GET", encoding(&req))
        };
        assert!(with("br"));
        assert!(with("gzip;q=0"));
        assert!(!with("gzip, deflate, br"));
        assert!(!with("identity;q=0"));
    }
}
