//! CORS preflights, which the API's first middleware answers before Rails sees them.
//!
//! The app puts `Rack::Cors` before every other middleware (upstream
//! `config/initializers/cors.rb`: `insert_before 0`), and rack-cors 3.0.0 (upstream
//! `Gemfile.lock`) answers a preflight itself (`lib/rack/cors.rb`, `Rack::Cors#call`): a
//! request whose method is `OPTIONS`, with an `Origin` (or `X-Origin`) and an
//! `Access-Control-Request-Method`, gets `[200, headers, []]`, whatever its path, and whether
//! or not the origin is allowed; only a path `Rack::Utils.valid_path?` refuses once unescaped
//! gets `[400, {}, []]`. Which CORS headers the 200 carries depends on the origins the
//! deployment allows (`CORS_ALLOWED_ORIGINS`), which basm does not know.
//!
//! No route of the API takes `OPTIONS`, so without this a preflight would be judged a 404.

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
