//! The API client. Every request is first judged by `basm_core::validate_request`: one
//! core refuses never leaves the browser, and its errors come back exactly like the API's
//! own (same codes, same pointers), so pages handle both the same way.

use basm_core::{ApiError, Caller, Context, ErrorSource, Request};
use serde_json::Value;

use crate::session::{Role, Session, TokenLife};

/// `Accept` sent with every request.
pub const ACCEPT: &str = "application/vnd.api+json; version=2";
/// `Content-Type` of every request with a body.
pub const CONTENT_TYPE: &str = "application/vnd.api+json";

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The API (or core, before sending: `local`) refused it.
    Refused {
        /// HTTP status (core's prediction when `local`).
        status: u16,
        /// The errors, each with its `source`.
        errors: Vec<ApiError>,
        /// Core refused it in the browser; nothing was sent.
        local: bool,
    },
    /// No answer: the network failed or the API is not there. The API may or may not have
    /// acted on the request.
    Network,
}

#[cfg(test)]
impl Failure {
    /// What the API answered with `status` and `errors` (for tests).
    pub fn refused(status: u16, errors: Vec<ApiError>) -> Self {
        Failure::Refused {
            status,
            errors,
            local: false,
        }
    }
}

impl Failure {
    /// The HTTP status (0 for a network failure).
    pub fn status(&self) -> u16 {
        match self {
            Failure::Refused { status, .. } => *status,
            Failure::Network => 0,
        }
    }

    /// The errors (none for a network failure).
    pub fn errors(&self) -> &[ApiError] {
        match self {
            Failure::Refused { errors, .. } => errors,
            Failure::Network => &[],
        }
    }
}

/// A client for one signed-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    session: Session,
}

impl Api {
    /// A client for `session`.
    pub fn new(session: Session) -> Self {
        Api { session }
    }

    /// The session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The request as it goes over the wire, for core and for `fetch`.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        idempotency_key: Option<&str>,
    ) -> Request {
        let mut request = Request::new(method, path)
            .header("Authorization", &format!("Bearer {}", self.session.token))
            .header("Accept", ACCEPT)
            .header("X-Current-User", &self.session.name);
        if let Some(body) = body {
            request = request.header("Content-Type", CONTENT_TYPE).body(body);
        }
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        request
    }

    /// Core's judgement of `request`: `Err` when the API would refuse it. Core's engine is
    /// a split point ([`judge`]): a request made before its chunk has arrived waits for it
    /// (the first page's own requests fetch it, or [`preload_engine`] once the page is
    /// rendered).
    pub async fn check(&self, request: &Request) -> Result<(), Failure> {
        let mut context = Context::empty();
        context.caller = match self.session.role {
            Role::Supplier => Caller::Supplier,
            Role::Pmu | Role::Oca => Caller::Authority,
        };
        let verdict = judge(request, &context).await;
        if is_unrouted(&verdict) {
            // Core's route table mirrors the API's (`config/routes.rb`): a request it does
            // not route would be a 404 from the real API, so it is a bug in this app. Said
            // loudly (the console, and a panic in a development build), and never sent.
            let message = format!(
                "basm: refused to send {} {}: the API has no such route",
                request.method, request.path
            );
            report_unrouted(&message);
        }
        if verdict.valid {
            Ok(())
        } else {
            Err(Failure::Refused {
                status: verdict.status,
                errors: verdict.errors,
                local: true,
            })
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Result<Value, Failure> {
        self.send("GET", path, None, None).await
    }

    /// `GET path` and every page after it, following each answer's `links.next` (a list
    /// the API pages however large `per_page` is asked). At most 100 pages; a link that
    /// comes round again ends it.
    pub async fn get_every_page(&self, path: &str) -> Result<Vec<Value>, Failure> {
        let mut pages = Vec::new();
        let mut seen = vec![path.to_owned()];
        let mut next = Some(path.to_owned());
        while let Some(path) = next.take() {
            let document = self.get(&path).await?;
            next = crate::model::next_page_path(&document)
                .filter(|p| !seen.contains(p) && seen.len() < 100);
            if let Some(p) = &next {
                seen.push(p.clone());
            }
            pages.push(document);
        }
        Ok(pages)
    }

    /// Checks the request with core, then sends it; the parsed answer (`null` for 204).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        idempotency_key: Option<&str>,
    ) -> Result<Value, Failure> {
        let request = self.request(method, path, body, idempotency_key);
        self.check(&request).await?;
        self.fetch(&request).await
    }

    /// Sends a request core has already judged, without judging it again: for a page whose
    /// own verdict (with the facts it read, so stricter than [`Api::check`]'s) found nothing
    /// the API would refuse in the request it sends, but for what that verdict does not
    /// depend on (the event composer's `recorded_at`, stamped per try, and the key header).
    /// The request is [`Api::request`]'s.
    pub async fn send_judged(&self, request: &Request) -> Result<Value, Failure> {
        self.fetch(request).await
    }

    async fn fetch(&self, request: &Request) -> Result<Value, Failure> {
        // Plain `fetch`, so the URL sent is exactly the path core checked (gloo-net 0.6
        // appends "&" to a URL that already has a query, which changes the path the API
        // fingerprints for idempotency).
        let url = format!("{}{}", self.session.api, request.path);
        let (status, text) = fetch_text(&url, request)
            .await
            .map_err(|_| Failure::Network)?;
        if (200..300).contains(&status) {
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            return serde_json::from_str(&text).map_err(|_| Failure::Refused {
                status,
                errors: vec![ApiError::new(
                    "invalid_json",
                    "Unreadable answer",
                    "The API's answer is not JSON",
                    ErrorSource::default(),
                )],
                local: false,
            });
        }
        Err(Failure::Refused {
            status,
            errors: parse_errors(&text),
            local: false,
        })
    }
}

/// `GET /oauth/token/info` for `token` at the API `base`: how long the token has left.
/// Doorkeeper's endpoint (upstream `config/routes.rb` L4, `use_doorkeeper`), not one of the
/// API's controllers, so core does not judge it; an API without it says nothing
/// ([`TokenLife::Unknown`]).
pub async fn token_life(base: &str, token: &str) -> TokenLife {
    let path = "/oauth/token/info";
    let request = Request::new("GET", path).header("Authorization", &format!("Bearer {token}"));
    match fetch_text(&format!("{base}{path}"), &request).await {
        Ok((status, text)) => crate::session::token_life(status, &text),
        Err(_) => TokenLife::Unknown,
    }
}

/// A cheap request that needs a token (the sign-in page's check): one allocation.
pub const TOKEN_PROBE: &str = "/api/allocations?page=1&per_page=1";

/// Whether the API takes `session`'s token for [`TOKEN_PROBE`], for an API that does not
/// describe its tokens: `Some(false)` on a 401, `None` without an answer. A read the app
/// makes at every sign-in, so sent without asking core again.
pub async fn token_accepted(session: Session) -> Option<bool> {
    let api = Api::new(session);
    let request = api.request("GET", TOKEN_PROBE, None, None);
    let url = format!("{}{}", api.session.api, TOKEN_PROBE);
    let (status, _) = fetch_text(&url, &request).await.ok()?;
    Some(status != 401)
}

/// `basm_core::validate_request`, in a .wasm chunk of its own (`#[lazy]`; cut out by
/// web/build/split.mjs): the whole engine (97 KB gzip, measured with the split build) is
/// fetched for the first request rather than with the app. The pages that judge a request
/// with facts of their own call core directly; they are in split chunks themselves, which
/// share the engine's chunk.
#[leptos::lazy]
fn judge(request: &Request, context: &Context) -> basm_core::Verdict {
    basm_core::validate_request(request, context)
}

/// Fetches core's engine ([`judge`]) without judging anything: called once the first page
/// is rendered, so a later first request (a sign-in, a submit) need not wait for it.
pub async fn preload_engine() {
    __preload_judge().await;
}

/// Whether core answers `route_not_found`: the API has no route for the request.
pub fn is_unrouted(verdict: &basm_core::Verdict) -> bool {
    verdict.endpoint.is_none()
        || verdict
            .errors
            .iter()
            .any(|e| e.code == basm_core::error::codes::ROUTE_NOT_FOUND)
}

#[cfg(target_arch = "wasm32")]
fn report_unrouted(message: &str) {
    web_sys::console::error_1(&message.into());
    debug_assert!(false, "{message}");
}

#[cfg(not(target_arch = "wasm32"))]
fn report_unrouted(_message: &str) {}

async fn fetch_text(url: &str, request: &Request) -> Result<(u16, String), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    let headers = web_sys::Headers::new()?;
    for (name, value) in &request.headers {
        headers.append(name, value)?;
    }
    init.set_headers(&headers);
    if !request.body.is_empty() {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    }
    let sent = web_sys::Request::new_with_str_and_init(url, &init)?;
    let window = web_sys::window().ok_or_else(|| wasm_bindgen::JsValue::from_str("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&sent))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// The errors of an error body: a JSON:API `{"errors": [...]}` document, the list
/// endpoints' `{"error": {...}}`, or anything else as one error with the text as detail.
/// Where the sandbox (answering as the API) carries core's own errors in `meta.basm`, those
/// are read instead: they have the stable codes and exact pointers the pages place.
pub fn parse_errors(text: &str) -> Vec<ApiError> {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        let detail: String = text.trim().chars().take(200).collect();
        return vec![ApiError::new("", "", detail, ErrorSource::default())];
    };
    let field = |value: &Value, key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    // A sandbox answering as the API carries core's own errors (stable codes, exact
    // pointers) in `meta.basm`: read those where they are.
    let carried: Vec<Value> = body
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|e| {
            e.pointer("/meta/basm")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .chain(
            body.pointer("/meta/basm/errors")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        )
        .collect();
    let listed = if carried.is_empty() {
        body.get("errors").and_then(Value::as_array).cloned()
    } else {
        Some(carried)
    };
    if let Some(errors) = listed {
        return errors
            .iter()
            .map(|e| {
                let source = e.get("source").cloned().unwrap_or(Value::Null);
                let text_of = |k: &str| {
                    source
                        .get(k)
                        .and_then(Value::as_str)
                        .map(|s| s.to_owned().into())
                };
                ApiError::new(
                    &field(e, "code"),
                    &field(e, "title"),
                    field(e, "detail"),
                    ErrorSource {
                        pointer: text_of("pointer"),
                        parameter: text_of("parameter"),
                        header: text_of("header"),
                    },
                )
            })
            .collect();
    }
    if let Some(error) = body.get("error") {
        let detail = match error {
            Value::String(s) => s.clone(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| format!("{k} {}", v.to_string().trim_matches(['[', ']', '"'])))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        return vec![ApiError::new("", "", detail, ErrorSource::default())];
    }
    vec![ApiError::new(
        "",
        "",
        body.to_string(),
        ErrorSource::default(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A natively built split point runs at once: nothing to fetch.
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        futures::FutureExt::now_or_never(future).expect("no chunk to wait for natively")
    }

    fn api() -> Api {
        Api::new(Session {
            api: "http://x".into(),
            token: "secret".into(),
            name: "Iama Requestor".into(),
            role: Role::Pmu,
            expires_at: None,
        })
    }

    #[test]
    fn requests_carry_the_standard_headers() {
        let request = api().request("POST", "/api/allocations", Some(b"{}".to_vec()), Some("k"));
        assert_eq!(
            request.header_value("Authorization").as_deref(),
            Some("Bearer secret")
        );
        assert_eq!(request.header_value("Accept").as_deref(), Some(ACCEPT));
        assert_eq!(
            request.header_value("Content-Type").as_deref(),
            Some(CONTENT_TYPE)
        );
        assert_eq!(
            request.header_value("X-Current-User").as_deref(),
            Some("Iama Requestor")
        );
        assert_eq!(
            request.header_value("Idempotency-Key").as_deref(),
            Some("k")
        );
        let get = api().request("GET", "/api/allocations", None, None);
        assert_eq!(get.header_value("Content-Type"), None);
    }

    #[test]
    fn core_refuses_before_sending() {
        let api = api();
        let bad = api.request(
            "POST",
            "/api/allocations",
            Some(br#"{"data": {"type": "allocations", "attributes": {"moves_count": 0, "date": "2026-05-22"},
              "relationships": {"from_location": {"data": {"type": "locations", "id": "8e1c1b5e-4b8a-4f5e-9c1a-1a2b3c4d5e6f"}},
                                "to_location": {"data": {"type": "locations", "id": "9e1c1b5e-4b8a-4f5e-9c1a-1a2b3c4d5e6f"}}}}}"#.to_vec()),
            None,
        );
        match block_on(api.check(&bad)) {
            Err(Failure::Refused {
                status,
                errors,
                local,
            }) => {
                assert_eq!(status, 422);
                assert!(local);
                assert_eq!(errors[0].pointer(), "/data/attributes/moves_count");
            }
            other => panic!("{other:?}"),
        }
        // A route the API does not have is never sent (it used to pass unjudged).
        let unknown = api.request("GET", "/api/unknown-thing", None, None);
        assert_eq!(block_on(api.check(&unknown)).unwrap_err().status(), 404);
        let timeline = api.request("GET", "/api/moves/m-1/events", None, None);
        match block_on(api.check(&timeline)) {
            Err(Failure::Refused { errors, local, .. }) => {
                assert!(local);
                assert_eq!(errors[0].code, "route_not_found");
            }
            other => panic!("{other:?}"),
        }
        let included = api.request("GET", "/api/moves/m-1?include=timeline_events", None, None);
        assert!(!is_unrouted(&basm_core::validate_request(
            &included,
            &Context::empty()
        )));
        let list = api.request("GET", "/api/allocations?sort%5Bby%5D=name", None, None);
        assert_eq!(block_on(api.check(&list)).unwrap_err().status(), 400);
    }

    #[test]
    fn error_bodies() {
        let errors = parse_errors(
            r#"{"errors": [{"code": "blank", "title": "t", "detail": "Date can't be blank",
                "source": {"pointer": "/data/attributes/date"}},
               {"title": "Not authorized", "detail": "Token expired or invalid", "source": {"header": "Authorization"}}]}"#,
        );
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].code, "blank");
        assert_eq!(errors[0].pointer(), "/data/attributes/date");
        assert_eq!(errors[1].source.header.as_deref(), Some("Authorization"));
        // The sandbox's default answers: the API's body, core's errors in `meta.basm`.
        let errors = parse_errors(
            r#"{"errors": [{"title": "Invalid occurred_at", "detail": "Validation failed: Occurred at is bad",
                "meta": {"basm": [{"code": "invalid_datetime", "title": "t", "detail": "Occurred at is bad",
                "source": {"pointer": "/data/attributes/occurred_at"}}]}}], "meta": {"basm": {"status": 422}}}"#,
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "invalid_datetime");
        assert_eq!(errors[0].pointer(), "/data/attributes/occurred_at");
        let errors = parse_errors(
            r#"{"error": {"date_from": ["is not a valid date."]}, "meta": {"basm": {"errors": [
                {"code": "invalid_filter", "title": "t", "detail": "d", "source": {"parameter": "filter[date_from]"}}]}}}"#,
        );
        assert_eq!(errors[0].code, "invalid_filter");
        assert_eq!(
            errors[0].source.parameter.as_deref(),
            Some("filter[date_from]")
        );
        let errors = parse_errors(r#"{"error": {"date_from": ["is not a valid date."]}}"#);
        assert_eq!(errors[0].detail, "date_from is not a valid date.");
        let errors = parse_errors("<html>Bad gateway</html>");
        assert_eq!(errors[0].detail, "<html>Bad gateway</html>");
    }
}
