//! Shared test helpers: a raw HTTP/1.1 client over `TcpStream` (so every header and byte of
//! a request is exactly what the test says), and a `basm_core::Context` built from the
//! sandbox's database as plain data, to ask core what it predicts for the same request.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use basm_core::context::{
    AllocationFacts, Collection, IdempotencyRecord, JourneyFacts, LocationFacts, LodgingFacts,
    MoveFacts, PersonFacts, ProfileFacts, StoredEvent, SupplierFacts,
};
use basm_core::time::{london_date_of, london_rfc3339};
use basm_core::{Caller, Context, Request, Verdict, validate_request};
use basm_sandbox::http::api_document;
use basm_sandbox::{App, clock};
use serde_json::Value;

/// The headers a v2 client sends (walkthrough 6.2's curl commands).
pub const ACCEPT: (&str, &str) = ("Accept", "application/vnd.api+json; version=2");
/// A bearer token.
pub const AUTH: (&str, &str) = ("Authorization", "Bearer XXX");
/// JSON content type, as the walkthrough sends it.
pub const JSON: (&str, &str) = ("Content-Type", "application/json");

/// A relationship to a location, as a request body names one.
pub fn location(id: &str) -> Value {
    serde_json::json!({ "data": { "type": "locations", "id": id } })
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as JSON (`null` when empty).
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request on a new connection and reads the whole answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    try_send(addr, method, path, headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// Like [`send`], but reports connection errors.
pub fn try_send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_write_timeout(Some(Duration::from_secs(60)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PATCH" | "PUT") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<Resp> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_owned());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or_else(|| bad("bad chunk"))?;
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16)
                .map_err(|_| bad("bad chunk size"))?;
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

/// A request described once, sent over HTTP and given to core.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    /// A request with the walkthrough's headers (and a JSON body when given).
    pub fn new(method: &str, path: &str) -> Self {
        let mut headers = vec![
            (ACCEPT.0.into(), ACCEPT.1.into()),
            (AUTH.0.into(), AUTH.1.into()),
        ];
        if matches!(method, "POST" | "PATCH" | "PUT") {
            headers.push((JSON.0.into(), JSON.1.into()));
        }
        Req {
            method: method.into(),
            path: path.into(),
            headers,
            body: Vec::new(),
        }
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets the body to a JSON value.
    pub fn json(self, body: &Value) -> Self {
        self.body(body.to_string())
    }

    /// Adds an `Idempotency-Key`.
    pub fn key(self, key: &str) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Adds a fresh `Idempotency-Key`.
    pub fn fresh_key(self) -> Self {
        let key = uuid_like();
        self.header("Idempotency-Key", &key)
    }

    /// Adds (or replaces) a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Removes a header.
    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Sends it.
    pub fn send(&self, addr: SocketAddr) -> Resp {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        send(addr, &self.method, &self.path, &headers, &self.body)
    }

    /// The same request as core sees it.
    pub fn core(&self) -> Request {
        Request {
            method: self.method.clone(),
            path: self.path.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }
}

/// A random idempotency key.
pub fn uuid_like() -> String {
    // Tests may not use SystemTime; a counter and the address of a local make keys unique.
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let salt = std::process::id() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        salt & 0xffff_ffff,
        n & 0xffff,
        (n >> 16) & 0xfff,
        n & 0xfff,
        n.wrapping_mul(0x9e37_79b9_7f4a_7c15) & 0xffff_ffff_ffff
    )
}

/// What core predicts for `req`, given the sandbox's data as a plain context.
pub fn predict(app: &App, req: &Req, caller: Caller, supplier: Option<&str>) -> Verdict {
    let ctx = context(app, caller, supplier);
    validate_request(&req.core(), &ctx)
}

/// Sends a request core refuses and checks the answer is the API's, built from core's
/// verdict (the default mode): the same status (500 with `X-Basm-Api-Crash: true` where the
/// API would crash), every member of the API's body, and core's errors in `meta.basm`.
pub fn assert_refusal(app: &App, addr: SocketAddr, req: &Req) -> Verdict {
    assert_refusal_as(app, addr, req, Caller::Authority, None)
}

/// [`assert_refusal`] for a given caller.
pub fn assert_refusal_as(
    app: &App,
    addr: SocketAddr,
    req: &Req,
    caller: Caller,
    supplier: Option<&str>,
) -> Verdict {
    let expected = predict(app, req, caller, supplier);
    assert!(
        !expected.valid,
        "core accepts {} {}: {:?}",
        req.method, req.path, expected.effect
    );
    let resp = req.send(addr);
    assert_api_refusal(&expected, &resp, &format!("{} {}", req.method, req.path));
    expected
}

/// Checks an answer is the default mode's rendering of a refused verdict.
pub fn assert_api_refusal(expected: &Verdict, resp: &Resp, what: &str) {
    assert_eq!(
        resp.status,
        expected.status,
        "{what}: {}",
        String::from_utf8_lossy(&resp.body)
    );
    let crash = (expected.status == 500).then_some("true");
    assert_eq!(resp.header("x-basm-api-crash"), crash, "{what}");
    assert_eq!(resp.header("x-basm-real-status"), None, "{what}");
    assert_eq!(
        resp.header("content-type"),
        Some("application/vnd.api+json")
    );
    let doc = resp.json();
    assert_eq!(doc, api_document(expected), "{what}");
    if expected.api_body().is_some() {
        assert_eq!(Some(api_members(&doc)), expected.api_body(), "{what}");
    }
    // Core's errors ride along in `errors[].meta.basm` (or the top-level `meta.basm.errors`
    // when the API's body has no `errors` list).
    let mut carried: Vec<Value> = doc["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["meta"]["basm"].as_array().cloned().unwrap_or_default())
        .map(|e| e["code"].clone())
        .collect();
    carried.extend(
        doc["meta"]["basm"]["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["code"].clone()),
    );
    // Each of core's errors rides in exactly one of the API's objects.
    let mut carried: Vec<String> = carried.iter().map(Value::to_string).collect();
    let mut codes: Vec<String> = expected
        .errors
        .iter()
        .map(|e| format!("{:?}", e.code))
        .collect();
    carried.sort();
    codes.sort();
    assert_eq!(carried, codes, "{what}");
}

/// A default-mode refusal less the sandbox's `meta.basm` members: what the API sends.
pub fn api_members(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let strip = |v: &mut Value| {
        if let Some(meta) = v.get_mut("meta").and_then(Value::as_object_mut) {
            meta.remove("basm");
            if meta.is_empty() {
                v.as_object_mut().map(|o| o.remove("meta"));
            }
        }
    };
    if let Some(errors) = doc.get_mut("errors").and_then(Value::as_array_mut) {
        errors.iter_mut().for_each(strip);
    }
    strip(&mut doc);
    doc
}

/// Sends a request core refuses to a sandbox started with `--basm-errors` and checks the
/// answer is core's document (422 with `X-Basm-Real-Status: 500` where the API crashes).
pub fn assert_basm_refusal(app: &App, addr: SocketAddr, req: &Req) -> Verdict {
    let expected = predict(app, req, Caller::Authority, None);
    assert!(!expected.valid, "core accepts {} {}", req.method, req.path);
    let resp = req.send(addr);
    let (status, real) = if expected.status == 500 {
        (422, Some("500"))
    } else {
        (expected.status, None)
    };
    assert_eq!(resp.status, status, "{} {}", req.method, req.path);
    assert_eq!(resp.header("x-basm-real-status"), real);
    assert_eq!(resp.json(), expected.error_document());
    expected
}

/// Sends a request core accepts, checks the status is core's, and returns the answer.
pub fn assert_accepted(app: &App, addr: SocketAddr, req: &Req) -> Resp {
    let expected = predict(app, req, Caller::Authority, None);
    assert!(
        expected.valid,
        "core refuses {} {}: {}",
        req.method,
        req.path,
        expected.error_document()
    );
    let resp = req.send(addr);
    assert_eq!(
        resp.status,
        expected.status,
        "{} {}: {}",
        req.method,
        req.path,
        String::from_utf8_lossy(&resp.body)
    );
    resp
}

/// The sandbox's database as a `basm_core::Context` given in full.
pub fn context(app: &App, caller: Caller, supplier: Option<&str>) -> Context {
    let now = app.clock.now();
    app.with_db(|conn| build_context(conn, now, caller, supplier))
        .expect("database lock")
}

fn build_context(
    conn: &rusqlite::Connection,
    now: clock::Stamp,
    caller: Caller,
    supplier: Option<&str>,
) -> Context {
    let mut ctx = Context {
        caller,
        supplier_id: supplier.map(str::to_owned),
        ..Context::default()
    };
    let rows = |sql: &str| -> Vec<Vec<Option<String>>> {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| {
                    let v: rusqlite::types::Value = r.get(i)?;
                    Ok(match v {
                        rusqlite::types::Value::Null => None,
                        rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                        rusqlite::types::Value::Text(t) => Some(t),
                        rusqlite::types::Value::Real(f) => Some(f.to_string()),
                        rusqlite::types::Value::Blob(_) => Some(String::new()),
                    })
                })
                .collect()
        })
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    for r in rows("SELECT id, location_type, disabled_at, extradition_capable FROM locations") {
        let suppliers = rows(&format!(
            "SELECT supplier_id FROM supplier_locations WHERE location_id = '{}' ORDER BY supplier_id",
            s(&r[0])
        ));
        ctx.locations.insert(
            s(&r[0]),
            Some(LocationFacts {
                location_type: r[1].clone().into(),
                disabled: r[2].is_some().into(),
                extradition_capable: (r[3].as_deref() == Some("1")).into(),
                supplier_ids: suppliers
                    .into_iter()
                    .map(|x| s(&x[0]))
                    .collect::<Vec<_>>()
                    .into(),
            }),
        );
    }
    for r in rows("SELECT id, name FROM suppliers") {
        ctx.suppliers.insert(
            s(&r[0]),
            Some(SupplierFacts {
                name: r[1].clone().into(),
            }),
        );
    }
    for r in rows("SELECT id, prison_number, category, move_supported FROM people") {
        ctx.people.insert(
            s(&r[0]),
            Some(PersonFacts {
                prison_number: r[1].clone().into(),
                category: r[2].clone().into(),
                move_supported: r[3].as_deref().map(|v| v == "1").into(),
            }),
        );
    }
    for r in rows("SELECT id, person_id FROM profiles") {
        ctx.profiles.insert(
            s(&r[0]),
            Some(ProfileFacts {
                person_id: r[1].clone().into(),
            }),
        );
    }
    for r in rows(
        "SELECT m.id, m.status, m.reference, m.move_type, m.from_location_id, m.to_location_id, m.profile_id, \
         p.person_id, m.allocation_id, m.date, m.date_from, m.date_to, m.supplier_id, \
         EXISTS (SELECT 1 FROM events e WHERE e.eventable_id = m.id AND e.event_type = 'MoveLockout'), \
         m.cancellation_reason, m.rejection_reason FROM moves m LEFT JOIN profiles p ON p.id = m.profile_id",
    ) {
        ctx.moves.insert(
            s(&r[0]),
            Some(MoveFacts {
                status: r[1].clone().into(),
                reference: r[2].clone().into(),
                move_type: r[3].clone().into(),
                from_location_id: r[4].clone().into(),
                to_location_id: r[5].clone().into(),
                profile_id: r[6].clone().into(),
                person_id: r[7].clone().into(),
                allocation_id: r[8].clone().into(),
                date: r[9].clone().into(),
                date_from: r[10].clone().into(),
                date_to: r[11].clone().into(),
                supplier_id: r[12].clone().into(),
                has_lockout: (r[13].as_deref() == Some("1")).into(),
                cancellation_reason: r[14].clone().into(),
                rejection_reason: r[15].clone().into(),
            }),
        );
    }
    for r in rows("SELECT id, status, date FROM allocations") {
        let moves = rows(&format!(
            "SELECT id FROM moves WHERE allocation_id = '{}' ORDER BY rowid",
            s(&r[0])
        ));
        ctx.allocations.insert(
            s(&r[0]),
            Some(AllocationFacts {
                status: r[1].clone().into(),
                date: r[2].clone().into(),
                move_ids: moves
                    .into_iter()
                    .map(|m| s(&m[0]))
                    .collect::<Vec<_>>()
                    .into(),
            }),
        );
    }
    for r in rows(
        "SELECT id, move_id, state, from_location_id, to_location_id, supplier_id FROM journeys",
    ) {
        ctx.journeys.insert(
            s(&r[0]),
            Some(JourneyFacts {
                move_id: r[1].clone().into(),
                state: r[2].clone().into(),
                from_location_id: r[3].clone().into(),
                to_location_id: r[4].clone().into(),
                supplier_id: r[5].clone().into(),
            }),
        );
    }
    for r in rows("SELECT id, move_id, status, start_date, end_date, location_id FROM lodgings") {
        ctx.lodgings.insert(
            s(&r[0]),
            Some(LodgingFacts {
                move_id: r[1].clone().into(),
                status: r[2].clone().into(),
                start_date: r[3].clone().into(),
                end_date: r[4].clone().into(),
                location_id: r[5].clone().into(),
            }),
        );
    }
    // Grouped by eventable first: a context's records are set whole.
    let mut events: std::collections::BTreeMap<String, Vec<StoredEvent>> = Default::default();
    for r in rows(
        "SELECT eventable_id, event_type, occurred_secs, occurred_nanos FROM events ORDER BY occurred_secs, occurred_nanos, rowid",
    ) {
        let at = clock::Stamp {
            secs: s(&r[2]).parse().unwrap_or(0),
            nanos: s(&r[3]).parse().unwrap_or(0),
        };
        events.entry(s(&r[0])).or_default().push(StoredEvent {
            event_type: s(&r[1]),
            occurred_at: london_rfc3339(at.secs, at.nanos),
        });
    }
    for (id, list) in events {
        ctx.events.insert(id, list);
    }
    for r in rows("SELECT key, method, path, fingerprint, status, created_at FROM idempotency") {
        let age = now.secs - s(&r[5]).parse::<i64>().unwrap_or(0);
        if age < 12 * 3600 {
            ctx.idempotency_keys.insert(
                s(&r[0]),
                IdempotencyRecord {
                    method: s(&r[1]),
                    path: s(&r[2]),
                    fingerprint: s(&r[3]),
                    replayable: age < 600,
                    status: s(&r[4]).parse().ok(),
                },
            );
        }
    }
    ctx.complete = Collection::ALL.into_iter().collect();
    ctx.today = Some(london_date_of(now.secs).to_string());
    ctx
}

/// A new profile of `person` (`POST /api/people/:id/profiles`): its id.
pub fn new_profile(app: &App, addr: SocketAddr, person: &str) -> String {
    let req = Req::new("POST", &format!("/api/people/{person}/profiles"))
        .body(r#"{"data":{"type":"profiles"}}"#);
    id_of(&assert_accepted(app, addr, &req).json())
}

/// `data.id` of a document.
pub fn id_of(doc: &Value) -> String {
    doc["data"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no data.id in {doc}"))
        .to_owned()
}
