//! Routing a request to its endpoint, and the body checks every endpoint shares.

use crate::context::Facts;
use crate::error::{ApiError, ApiErrorObject, ErrorSource, codes};
use crate::events::rules::title;
use crate::json::{Json, ParseError};
use crate::request::{HeaderRules, Request, check_headers};
use crate::verdict::{Unchecked, Verdict, Warning, warning_codes};

pub(crate) mod events;

/// Warnings and unchecked facts gathered along the way.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub warnings: Vec<Warning>,
    pub unchecked: Vec<Unchecked>,
}

/// Validates any request: routes it, runs the shared header checks, then the endpoint's.
pub(crate) fn validate(req: &Request, facts: &dyn Facts) -> Verdict {
    let method = req.method_upper();
    let path = req.route_path();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut out = Outcome::default();
    let (endpoint, mut verdict) = match (method.as_str(), segments.as_slice()) {
        ("POST", ["api", "events"]) => {
            let endpoint = "POST /api/events";
            match check_headers(req, HeaderRules::default()) {
                Err(v) => (endpoint, *v),
                Ok(_) => {
                    if req.header_value("Idempotency-Key").is_some() {
                        out.warnings.push(Warning {
                            code: warning_codes::IGNORED_HEADER.into(),
                            detail: "POST /api/events ignores Idempotency-Key: a retry stores a second event".into(),
                            source: ErrorSource::header("Idempotency-Key"),
                        });
                    }
                    (endpoint, events::validate(&req.body, facts, &mut out))
                }
            }
        }
        _ => {
            let detail = format!("No route matches [{method}] \"{path}\"");
            let e = ApiError::new(
                codes::ROUTE_NOT_FOUND,
                title(codes::ROUTE_NOT_FOUND),
                detail.clone(),
                ErrorSource::default(),
            )
            .with_api(ApiErrorObject {
                title: "Not found".into(),
                detail,
                ..Default::default()
            })
            .unverified();
            return Verdict::refused(404, vec![e]);
        }
    };
    verdict.endpoint = Some(endpoint.to_owned());
    verdict.warnings.append(&mut out.warnings);
    verdict.unchecked.append(&mut out.unchecked);
    verdict
}

/// Parses a body, or refuses it with a 400 that says why.
pub(crate) fn parse_body(body: &[u8]) -> Result<Json<'_>, Box<Verdict>> {
    Json::parse(body).map_err(|e| {
        let code = match e {
            ParseError::NotUtf8 { .. } => codes::INVALID_UTF8,
            ParseError::TooLarge { .. } => codes::BODY_TOO_LARGE,
            ParseError::TooDeep => codes::TOO_DEEP,
            ParseError::Syntax { .. } => codes::INVALID_JSON,
        };
        let detail = e.to_string();
        let mut error = ApiError::new(code, title(code), detail.clone(), ErrorSource::pointer(""))
            .with_api(ApiErrorObject {
                title: "Bad request".into(),
                detail,
                ..Default::default()
            })
            .unverified();
        error.meta.reason =
            Some("Rails answers 400 when it cannot parse the body; its exact text differs".into());
        Box::new(Verdict::refused(400, vec![error]))
    })
}

/// `params.require(:data)`: missing or blank (but not `false`) → 400.
pub(crate) fn require_data<'d, 'a>(doc: &'d Json<'a>) -> Result<&'d Json<'a>, Box<Verdict>> {
    require(doc, "data", "/data")
}

/// `params.require(key)` on `parent`.
pub(crate) fn require<'d, 'a>(
    parent: &'d Json<'a>,
    key: &str,
    pointer: &str,
) -> Result<&'d Json<'a>, Box<Verdict>> {
    match parent.get(key) {
        Some(v) if !v.is_blank() || matches!(v, Json::Bool(false)) => Ok(v),
        _ => {
            let detail = format!("param is missing or the value is empty or invalid: {key}");
            let e = ApiError::new(
                codes::PARAMETER_MISSING,
                title(codes::PARAMETER_MISSING),
                detail.clone(),
                ErrorSource::pointer(pointer),
            )
            .with_api(ApiErrorObject {
                title: "Bad request".into(),
                detail,
                ..Default::default()
            });
            Err(Box::new(Verdict::refused(400, vec![e])))
        }
    }
}
