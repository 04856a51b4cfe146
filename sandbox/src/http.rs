//! One request, start to finish: who is calling, core's verdict over the database, then the
//! effect applied and committed in the same transaction, or core's error document.
//!
//! This module knows nothing of the HTTP server: it takes a [`RawRequest`] and gives a
//! [`RawResponse`], so everything here runs on a blocking thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use basm_core::request::api_version;
use basm_core::{BodyForm, Caller, Request, Verdict, validate_request};
use rusqlite::{Connection, TransactionBehavior};
use serde_json::{Value, json};

use crate::apply;
use crate::clock::Clock;
use crate::ctx::{Ctx, Fault, Outcome};
use crate::db::{self, StoredResponse};
use crate::facts::{DbFacts, RESERVED_SECS};
use crate::oauth::{self, Described};
use crate::read;

/// The media type of every body the sandbox sends.
pub const JSON_API: &str = "application/vnd.api+json";

/// A request as it came over the wire.
#[derive(Debug, Clone, Default)]
pub struct RawRequest {
    /// The method.
    pub method: String,
    /// Path and query, exactly as sent.
    pub path: String,
    /// Headers in order (values lossily decoded).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// An answer.
#[derive(Debug, Clone, Default)]
pub struct RawResponse {
    /// The status.
    pub status: u16,
    /// Extra headers (`Content-Type` included when there is a body).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RawResponse {
    fn json(status: u16, body: &Value) -> Self {
        RawResponse {
            status,
            headers: vec![("content-type", JSON_API.to_owned())],
            body: body.to_string().into_bytes(),
        }
    }
}

/// How the sandbox answers a request core refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorStyle {
    /// As the API: its status and its body (`verdict.api_body`), every member it sends
    /// unchanged; core's extras ride along in `errors[].meta.basm` (core's errors that API
    /// object carries, with their exact pointers and stable codes) and top-level
    /// `meta.basm` (warnings, unchecked). Where the API crashes: 500, a body in its error
    /// shape and `X-Basm-Api-Crash: true`.
    #[default]
    Api,
    /// Core's own documents (`--basm-errors`): `{"errors": verdict.errors}`, and 422 with
    /// `X-Basm-Real-Status: 500` where the API would crash.
    Basm,
}

/// Core's error as `meta.basm` carries it: everything but `meta.api` (the object it rides in).
fn basm_error(e: &basm_core::ApiError) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    let emptied = v
        .get_mut("meta")
        .and_then(Value::as_object_mut)
        .map(|meta| {
            meta.remove("api");
            meta.is_empty()
        });
    if emptied == Some(true)
        && let Some(o) = v.as_object_mut()
    {
        o.remove("meta");
    }
    v
}

/// The body the API sends for a refusal (`verdict.api_body`, every member as the API sends
/// it), with core's extras in `meta.basm` members: each API error object carries core's
/// errors it stands for in `errors[].meta.basm`; the top-level `meta.basm` has the status,
/// warnings and unchecked checks (and core's errors when the API's body has no `errors`
/// list, as the list endpoints' `{"error": {…}}`).
pub fn api_document(verdict: &Verdict) -> Value {
    let carried = |indexes: &[usize]| -> Value {
        Value::Array(
            indexes
                .iter()
                .filter_map(|&i| verdict.errors.get(i))
                .map(basm_error)
                .collect(),
        )
    };
    let all: Vec<usize> = (0..verdict.errors.len()).collect();
    let objects = basm_core::verdict::api_objects(&verdict.errors);
    let mut basm = json!({
        "status": verdict.status,
        "warnings": verdict.warnings,
        "unchecked": verdict.unchecked,
    });
    let api_body = verdict.api_body();
    let mut body = match &api_body {
        Some(body) => body.clone(),
        _ => {
            // A body core does not give as JSON (Rails renders an exception as XML or YAML
            // when asked, or its failsafe text): the API's error shape with the status's own
            // text, and a note saying so.
            let reason = axum::http::StatusCode::from_u16(verdict.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            basm["note"] = Value::String(format!(
                "The real API's body for this {} answer is not JSON{}: title and detail are the status's text",
                verdict.status,
                match verdict.body_form() {
                    BodyForm::NotJson(media) => format!(" ({media})"),
                    _ => String::new(),
                }
            ));
            json!({ "errors": [{ "title": reason, "detail": reason, "meta": { "basm": carried(&all) } }] })
        }
    };
    let from_objects = api_body.is_some()
        && body["errors"]
            .as_array()
            .is_some_and(|list| list.len() == objects.len());
    if from_objects {
        if let Some(list) = body["errors"].as_array_mut() {
            for (v, (_, indexes)) in list.iter_mut().zip(&objects) {
                let extra = carried(indexes);
                match v.get_mut("meta").and_then(Value::as_object_mut) {
                    Some(meta) => {
                        meta.insert("basm".into(), extra);
                    }
                    None => v["meta"] = json!({ "basm": extra }),
                }
            }
        }
    } else if api_body.is_some() {
        basm["errors"] = carried(&all);
    }
    match body.get_mut("meta").and_then(Value::as_object_mut) {
        Some(meta) => {
            meta.insert("basm".into(), basm);
        }
        None => body["meta"] = json!({ "basm": basm }),
    }
    body
}

/// How tokens map to callers.
///
/// A token the sandbox issued (`POST /oauth/token`, [`crate::oauth`]) is judged by its record
/// whatever the settings: valid until it expires, a supplier's when its application is. Any
/// other token is judged by `valid`, `suppliers` and `issued_only`.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// When not empty, only these tokens (and the supplier tokens) are valid.
    pub valid: Vec<String>,
    /// Tokens owned by a supplier: (token, supplier id).
    pub suppliers: Vec<(String, String)>,
    /// Seconds an issued token lives (`--token-ttl`; Doorkeeper's default, 7200).
    pub ttl_secs: i64,
    /// Only issued tokens (and those of `valid` and `suppliers`) are valid
    /// (`--issued-tokens-only`); otherwise any non-empty token is, when `valid` is empty.
    pub issued_only: bool,
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens {
            valid: Vec::new(),
            suppliers: Vec::new(),
            ttl_secs: crate::oauth::DEFAULT_TTL_SECS,
            issued_only: false,
        }
    }
}

/// The sandbox: its database, clock and settings.
pub struct App {
    db: Mutex<Connection>,
    /// Read-only connections for GETs on a database file (WAL lets them read while the
    /// writer writes); empty for an in-memory database, which has one connection only.
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// The clock (tests move it).
    pub clock: Clock,
    tokens: Tokens,
    errors: ErrorStyle,
    /// `http://host:port` when a request has no `Host` header.
    pub default_base: String,
    requests: AtomicU64,
}

/// The endpoints that require and store an `Idempotency-Key` (`api-conventions.md` §4).
const IDEMPOTENT: &[&str] = &[
    "POST /api/moves",
    "PATCH /api/moves/:id",
    "PUT /api/moves/:id",
    "POST /api/moves/:id/:action",
    "POST /api/moves/:move_id/journeys",
    "PATCH /api/moves/:move_id/journeys/:id",
    "PUT /api/moves/:move_id/journeys/:id",
    "POST /api/moves/:move_id/journeys/:id/:action",
    "POST /api/moves/:move_id/lodgings",
    "PATCH /api/moves/:move_id/lodgings/:id",
    "PUT /api/moves/:move_id/lodgings/:id",
    "POST /api/moves/:move_id/lodgings/:id/cancel",
];

/// The bearer token of a request, if any.
fn bearer(headers: &[(String, String)]) -> Option<String> {
    let value = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.trim_start())?;
    value
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))?;
    Some(value.get(7..)?.trim().to_owned()).filter(|t| !t.is_empty())
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A JSON:API error document of the sandbox's own (never a verdict of core).
pub fn sandbox_error(status: u16, code: &str, title: &str, detail: &str) -> RawResponse {
    RawResponse::json(
        status,
        &json!({ "errors": [{ "code": code, "title": title, "detail": detail, "source": {}, "meta": { "sandbox": true } }] }),
    )
}

fn fault_response(fault: &Fault) -> RawResponse {
    match fault {
        Fault::Limit(detail) => sandbox_error(422, "sandbox_limit", "Sandbox limit", detail),
        Fault::NotServed(endpoint) => sandbox_error(
            501,
            "not_served",
            "Not served by the sandbox",
            &format!(
                "The real API has {endpoint}, but basm does not judge it, so the sandbox does not serve it"
            ),
        ),
        Fault::Refused(_) => sandbox_error(
            500,
            "server_fault",
            "Internal server error",
            "A refusal was answered outside its request",
        ),
        Fault::Db(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            eprintln!("basm sandbox: {fault}");
            sandbox_error(
                503,
                "database_busy",
                "Service unavailable",
                "The database is busy; try again",
            )
        }
        other => {
            eprintln!("basm sandbox: {other}");
            sandbox_error(
                500,
                "server_fault",
                "Internal server error",
                "The sandbox failed; the request changed nothing (see the server log)",
            )
        }
    }
}

impl App {
    /// A sandbox over an opened database.
    pub fn new(
        conn: Connection,
        readers: Vec<Connection>,
        tokens: Tokens,
        errors: ErrorStyle,
        default_base: String,
    ) -> Self {
        App {
            db: Mutex::new(conn),
            readers: readers.into_iter().map(Mutex::new).collect(),
            next_reader: AtomicUsize::new(0),
            clock: Clock::new(),
            tokens,
            errors,
            default_base,
            requests: AtomicU64::new(0),
        }
    }

    /// Runs `f` on the database connection (for seeding and tests).
    pub fn with_db<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Option<T> {
        match self.db.lock() {
            Ok(mut conn) => Some(f(&mut conn)),
            Err(_) => None,
        }
    }

    /// The connection for a request: a free reader for reads when there are readers, else
    /// the writer.
    fn connection(&self, reading: bool) -> &Mutex<Connection> {
        if !reading || self.readers.is_empty() {
            return &self.db;
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let n = self.readers.len();
        for i in 0..n {
            let reader = &self.readers[(start + i) % n];
            // A busy (or poisoned) reader is skipped; the caller's `lock` handles either.
            if let Ok(guard) = reader.try_lock() {
                drop(guard);
                return reader;
            }
        }
        &self.readers[start % n]
    }

    /// What the sandbox knows of a bearer token at `now`: issued by it (valid until it
    /// expires), accepted by its settings, or not valid here.
    fn describe(
        &self,
        conn: &Connection,
        token: Option<&str>,
        now: i64,
    ) -> rusqlite::Result<Described> {
        let Some(token) = token else {
            return Ok(Described::Invalid);
        };
        if let Some(issued) = oauth::find_token(conn, token)? {
            return Ok(if issued.accessible(now) {
                Described::Issued(issued)
            } else {
                Described::Invalid
            });
        }
        if let Some((_, supplier)) = self.tokens.suppliers.iter().find(|(t, _)| t == token) {
            return Ok(Described::Accepted {
                owner_id: Some(supplier.clone()),
            });
        }
        let any = self.tokens.valid.is_empty() && !self.tokens.issued_only;
        if any || self.tokens.valid.iter().any(|t| t == token) {
            return Ok(Described::Accepted { owner_id: None });
        }
        Ok(Described::Invalid)
    }

    /// Doorkeeper's endpoints (`/oauth/token`, `/oauth/token/info`); `None` for any other
    /// request (core then answers, `route_not_found` for another method on these paths).
    fn oauth(&self, raw: &RawRequest, token: Option<&str>) -> Option<RawResponse> {
        let route = basm_core::Request::new(&raw.method, &raw.path).route_path();
        let method = raw.method.to_ascii_uppercase();
        let issue = match (method.as_str(), route.as_str()) {
            ("POST", "/oauth/token") => true,
            ("GET", "/oauth/token/info") => false,
            _ => return None,
        };
        let guard = match self.db.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                drop(poisoned);
                self.db.clear_poison();
                return Some(sandbox_error(
                    503,
                    "database_busy",
                    "Service unavailable",
                    "The database was interrupted; try again",
                ));
            }
        };
        let now = self.clock.now().secs;
        let answer = if issue {
            oauth::token(&guard, raw, now, self.tokens.ttl_secs)
        } else {
            self.describe(&guard, token, now)
                .map(|d| oauth::token_info(&d, now))
        };
        drop(guard);
        Some(answer.unwrap_or_else(|e| fault_response(&Fault::Db(e))))
    }

    /// Answers one request. Never panics on request data.
    pub fn handle(&self, raw: RawRequest) -> RawResponse {
        let token = bearer(&raw.headers);
        if let Some(response) = self.oauth(&raw, token.as_deref()) {
            return response;
        }
        let reading = matches!(raw.method.to_ascii_uppercase().as_str(), "GET" | "HEAD");
        let lock = self.connection(reading);
        let mut guard = match lock.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                drop(poisoned);
                lock.clear_poison();
                eprintln!("basm sandbox: a request panicked while holding the database; recovered");
                return sandbox_error(
                    503,
                    "database_busy",
                    "Service unavailable",
                    "The database was interrupted; try again",
                );
            }
        };
        let now = self.clock.now();
        let behavior = if reading {
            TransactionBehavior::Deferred
        } else {
            TransactionBehavior::Immediate
        };
        let tx = match rusqlite::Transaction::new(&mut guard, behavior) {
            Ok(tx) => tx,
            Err(e) => return fault_response(&Fault::Db(e)),
        };
        let described = match self.describe(&tx, token.as_deref(), now.secs) {
            Ok(d) => d,
            Err(e) => return fault_response(&Fault::Db(e)),
        };
        let (caller, supplier_id, headers) = match described {
            Described::Issued(oauth::AccessToken { owner_id, .. })
            | Described::Accepted { owner_id } => (
                if owner_id.is_some() {
                    Caller::Supplier
                } else {
                    Caller::Authority
                },
                owner_id,
                raw.headers.clone(),
            ),
            // An unknown or expired token counts as none: core then answers its own 401
            // (and the endpoints without authentication still work).
            Described::Invalid => (
                Caller::Authority,
                None,
                raw.headers
                    .iter()
                    .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
                    .cloned()
                    .collect(),
            ),
        };
        let request = Request {
            method: raw.method.clone(),
            path: raw.path.clone(),
            headers,
            body: raw.body.clone(),
        };
        // Only the API's own routes: a move's timeline is `GET /api/moves/:id?include=
        // timeline_events`, as upstream (there is no `/api/moves/:id/events`).
        let judged = request.clone();
        let facts = DbFacts::new(&tx, caller, supplier_id.clone(), now);
        let verdict = validate_request(&judged, &facts);
        if let Some(e) = facts.take_error() {
            return fault_response(&Fault::Db(e));
        }
        drop(facts);
        let endpoint = verdict.endpoint.clone().unwrap_or_default();
        let created_by = match header(&raw.headers, "X-Current-User") {
            Some(user) => Some(user.to_owned()),
            None => supplier_id
                .as_deref()
                .and_then(|s| db::supplier(&tx, s).ok().flatten())
                .map(|s| s.name),
        };
        let host = header(&raw.headers, "host").map(|h| format!("http://{h}"));
        let ctx = Ctx {
            conn: &tx,
            now,
            caller,
            supplier_id,
            created_by,
            params: basm_core::path_params(&judged).unwrap_or_default(),
            query: request.query(),
            raw_path: raw.path.clone(),
            base_url: host.unwrap_or_else(|| self.default_base.clone()),
            body: basm_core::json::Json::parse(&raw.body, &basm_core::json::Arena::new())
                .map_or(Value::Null, |j| j.to_value()),
            request: judged,
        };
        let key = header(&raw.headers, "Idempotency-Key").map(str::to_owned);
        // A refusal with an effect is a request the API runs and then answers otherwise
        // (`Rack::Deflater`'s 406 for an `Accept-Encoding` that refuses both its encodings):
        // it is carried out and stored under its key as the app answered it, and the refusal
        // is the answer.
        if !verdict.valid && verdict.effect.is_none() {
            let response = self.refusal(&verdict);
            // The API writes the LodgingCancel event after rendering its 400, and stores that
            // answer for the key like a success.
            if endpoint == "POST /api/moves/:move_id/lodgings/:id/cancel"
                && verdict.status == 400
                && let Some(key) = &key
            {
                let stored = apply::path_lodging(&ctx)
                    .and_then(|l| l.map_or(Ok(()), |l| apply::lodging_cancel_event(&ctx, &l)))
                    .and_then(|()| {
                        self.store(&ctx, key, &request, &response)
                            .map_err(Fault::Db)
                    });
                if let Err(f) = stored {
                    return fault_response(&f);
                }
                drop(ctx);
                if let Err(e) = tx.commit() {
                    return fault_response(&Fault::Db(e));
                }
            }
            return response;
        }
        if verdict.warnings.iter().any(|w| w.code() == "replay") {
            return match key.as_deref().map(|k| db::stored_response(&tx, k)) {
                Some(Ok(Some(_))) if !verdict.valid => self.refusal(&verdict),
                Some(Ok(Some(stored))) => replayed(&verdict, stored),
                Some(Err(e)) => fault_response(&Fault::Db(e)),
                _ => fault_response(&Fault::Internal(
                    "a replayed key has no stored response".into(),
                )),
            };
        }
        let version = if api_version(request.header_value("Accept").as_deref()) == "1" {
            1
        } else {
            2
        };
        let outcome = dispatch(&endpoint, &ctx, version);
        let reply = match outcome {
            Ok(reply) => reply,
            Err(Fault::Refused(refused)) => return self.refusal(&refused),
            Err(fault) => return fault_response(&fault),
        };
        let mut response = RawResponse {
            status: reply.status,
            headers: vec![("x-basm-warnings", verdict.warnings.len().to_string())],
            body: Vec::new(),
        };
        if let Some(mut body) = reply.body {
            // Core's warnings ride along in `meta.basm.warnings`, next to the API's members.
            if !verdict.warnings.is_empty() && body.is_object() {
                let basm = json!({ "warnings": verdict.warnings });
                match body.get_mut("meta").and_then(Value::as_object_mut) {
                    Some(meta) => {
                        meta.insert("basm".into(), basm);
                    }
                    None => body["meta"] = json!({ "basm": basm }),
                }
            }
            response.headers.push(("content-type", JSON_API.to_owned()));
            response.body = body.to_string().into_bytes();
        }
        if IDEMPOTENT.contains(&endpoint.as_ref())
            && let Some(key) = &key
            && let Err(e) = self.store(&ctx, key, &request, &response)
        {
            return fault_response(&Fault::Db(e));
        }
        if !reading
            && self.requests.fetch_add(1, Ordering::Relaxed) % 1000 == 999
            && let Err(e) = db::expire_keys(&tx, now.secs - RESERVED_SECS)
        {
            eprintln!("basm sandbox: could not expire idempotency keys: {e}");
        }
        drop(ctx);
        if let Err(e) = tx.commit() {
            return fault_response(&Fault::Db(e));
        }
        if !verdict.valid {
            return self.refusal(&verdict);
        }
        response
    }

    /// Stores an answer under its idempotency key.
    fn store(
        &self,
        ctx: &Ctx<'_>,
        key: &str,
        request: &Request,
        response: &RawResponse,
    ) -> rusqlite::Result<()> {
        db::store_response(
            ctx.conn,
            key,
            &StoredResponse {
                method: request.method_upper(),
                path: request.path.clone(),
                fingerprint: basm_core::fingerprint(&request.method, &request.path, &request.body),
                status: response.status,
                body: response.body.clone(),
                created_at: ctx.now.secs,
            },
        )
    }

    /// Core's refusal as the answer, in the configured [`ErrorStyle`].
    fn refusal(&self, verdict: &Verdict) -> RawResponse {
        let mut response = match self.errors {
            // An answer with no body (Puma's 400, `basm_core::ServerLimit`; Rails' own answers
            // to a request that asks for no JSON): what core found is in a header.
            ErrorStyle::Api if verdict.body_form() == BodyForm::Empty => RawResponse {
                status: verdict.status,
                headers: verdict
                    .errors
                    .iter()
                    .map(|e| ("x-basm-error", e.detail.to_string()))
                    .collect(),
                body: Vec::new(),
            },
            ErrorStyle::Api => {
                let mut r = RawResponse::json(verdict.status, &api_document(verdict));
                if verdict.status == 500 {
                    r.headers.push(("x-basm-api-crash", "true".into()));
                }
                r
            }
            ErrorStyle::Basm if verdict.status == 500 => {
                let mut r = RawResponse::json(422, &verdict.error_document());
                r.headers.push(("x-basm-real-status", "500".into()));
                r
            }
            ErrorStyle::Basm => RawResponse::json(verdict.status, &verdict.error_document()),
        };
        response
            .headers
            .push(("x-basm-warnings", verdict.warnings.len().to_string()));
        response
    }
}

fn replayed(verdict: &Verdict, stored: StoredResponse) -> RawResponse {
    let mut headers = vec![
        ("x-basm-warnings", verdict.warnings.len().to_string()),
        ("x-basm-replayed", "true".into()),
    ];
    if !stored.body.is_empty() {
        headers.push(("content-type", JSON_API.to_owned()));
    }
    RawResponse {
        status: stored.status,
        headers,
        body: stored.body,
    }
}

/// The handler of each endpoint core matched.
fn dispatch(endpoint: &str, ctx: &Ctx<'_>, version: u8) -> Outcome {
    match endpoint {
        "GET /api/reference/locations" => read::locations_index(ctx),
        "GET /api/reference/locations/:id" => read::location_show(ctx),
        "GET /api/reference/allocation_complex_cases" => read::complex_cases(ctx),
        "GET /api/reference/categories" => read::categories(ctx),
        // The `filtered` variants carry the same filters in the body (`Ctx::filter`).
        "GET /api/allocations" | "POST /api/allocations/filtered" => read::allocations_index(ctx),
        "POST /api/allocations" => apply::allocation_create(ctx),
        "GET /api/allocations/:id" => read::allocation_show(ctx),
        "PATCH /api/allocations/:id" | "PUT /api/allocations/:id" => apply::allocation_update(ctx),
        "POST /api/allocations/:id/cancel" => apply::allocation_cancel(ctx),
        "GET /api/people" => read::people_index(ctx),
        "POST /api/people" => apply::person_create(ctx, version),
        "GET /api/people/:id" => read::person_show(ctx),
        "POST /api/people/:id/profiles" => apply::profile_create(ctx),
        "GET /api/moves" | "POST /api/moves/filtered" => read::moves_index(ctx),
        "POST /api/moves" => apply::move_create(ctx, version),
        "GET /api/moves/:id" => read::move_show(ctx),
        "PATCH /api/moves/:id" | "PUT /api/moves/:id" => apply::move_update(ctx, version),
        "POST /api/moves/:id/:action" => apply::move_action(ctx),
        "GET /api/moves/:move_id/journeys" => read::journeys_index(ctx),
        "POST /api/moves/:move_id/journeys" => apply::journey_create(ctx),
        "GET /api/moves/:move_id/journeys/:id" => read::journey_show(ctx),
        "PATCH /api/moves/:move_id/journeys/:id" | "PUT /api/moves/:move_id/journeys/:id" => {
            apply::journey_update(ctx)
        }
        "POST /api/moves/:move_id/journeys/:id/:action" => apply::journey_action(ctx),
        "GET /api/moves/:move_id/lodgings" => read::lodgings_index(ctx),
        "POST /api/moves/:move_id/lodgings" => apply::lodging_create(ctx),
        "POST /api/moves/:move_id/lodgings/cancel" => apply::lodgings_cancel_all(ctx),
        "PATCH /api/moves/:move_id/lodgings/:id" | "PUT /api/moves/:move_id/lodgings/:id" => {
            apply::lodging_update(ctx)
        }
        "POST /api/moves/:move_id/lodgings/:id/cancel" => apply::lodging_cancel(ctx),
        "POST /api/events" => apply::event_create(ctx),
        "GET /api/events/:id" => read::event_show(ctx),
        other if basm_core::endpoints_not_judged().iter().any(|e| e == other) => {
            Err(Fault::NotServed(other.to_owned()))
        }
        other => Err(Fault::Internal(format!(
            "core accepted {other:?}, which the sandbox does not serve"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens() {
        let h = |v: &str| vec![("Authorization".to_owned(), v.to_owned())];
        assert_eq!(bearer(&h("Bearer abc")).as_deref(), Some("abc"));
        assert_eq!(bearer(&h("bearer  abc ")).as_deref(), Some("abc"));
        assert_eq!(bearer(&h("Bearer ")), None);
        assert_eq!(bearer(&h("Basic abc")), None);
        assert_eq!(bearer(&h("Bé")), None);
        assert_eq!(bearer(&[]), None);
    }
}
