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

use crate::error::{ApiError, ErrorKind, ErrorSource};
use crate::request::Request;
use crate::verdict::{Effect, Unchecked, UncheckedKind, Verdict};

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
/// value can never match, and the answer stays a 200.
pub(crate) fn may_be_not_modified(req: &Request, method: &str) -> bool {
    if !matches!(method, "GET" | "HEAD") {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_etag_shaped_if_none_match_may_make_a_304() {
        let etag = r#"W/"0123456789abcdef0123456789abcdef""#;
        let with = |method: &str, value: &str| {
            let req = Request::new(method, "/api/moves").header("If-None-Match", value);
            may_be_not_modified(&req, method)
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
        assert!(!may_be_not_modified(
            &Request::new("GET", "/api/moves"),
            "GET"
        ));
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
}
