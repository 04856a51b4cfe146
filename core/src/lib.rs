//! # basm-core
//!
//! Knows every request the Book a Secure Move (BaSM) API accepts and says, for any request,
//! what the API would answer — status and JSON:API error document — and what it would change.
//!
//! ```
//! use basm_core::{Context, Request, validate_request};
//!
//! let body = br#"{"data": {"type": "events",
//!   "attributes": {"event_type": "JourneyCancel",
//!     "occurred_at": "2020-12-03 10:50:31 +0000", "recorded_at": "2020-12-03T10:50:31+00:00"},
//!   "relationships": {"eventable": {"data": {"type": "journeys",
//!     "id": "ed0ec488-2875-45bb-9594-4b4bb7fa8cb3"}}}}}"#;
//! let request = Request::new("POST", "/api/events").with_standard_headers().body(body.to_vec());
//! let verdict = validate_request(&request, &Context::empty());
//!
//! assert!(!verdict.valid);
//! assert_eq!(verdict.status, 422);
//! let error = &verdict.errors[0];
//! assert_eq!(error.code, "invalid_datetime");
//! assert_eq!(error.source.pointer.as_deref(), Some("/data/attributes/occurred_at"));
//! assert_eq!(error.detail, "Occurred at must be formatted as a valid ISO-8601 date-time");
//! ```
//!
//! ## Features
//!
//! - `docs` (default): the event table's prose (what each event type, details field and
//!   relationship means: [`EventTypeInfo::doc`] and the like) and what is made of it,
//!   [`docs`] (`docs/events.md`), [`schema`] (the JSON Schemas) and the event details form
//!   (`forms::event_details`, whose labels are that prose). Without it the table keeps
//!   every rule and name but none of the prose: the npm package's `.wasm` leaves it off and
//!   ships the prose as JSON files written by a native build with it on.
#![warn(missing_docs)]

mod case;
pub mod context;
pub mod context_json;
#[cfg(feature = "docs")]
pub mod docs;
pub mod documents;
pub mod edit;
mod endpoints;
pub mod error;
pub mod events;
pub mod fixes;
pub mod forms;
pub mod json;
pub mod kaminari;
#[cfg(any(test, all(target_arch = "wasm32", target_os = "unknown")))]
mod memcmp;
mod model;
pub mod pointer;
mod rack;
mod rails;
pub mod request;
#[cfg(feature = "docs")]
pub mod schema;
pub mod span;
pub mod state;
pub mod time;
pub mod values;
pub mod verdict;

pub use context::{Caller, Collections, Context, Fact, Facts, Member, Records};
pub use endpoints::about::{BodyUse, EndpointInfo, KeyUse};
pub use endpoints::common::{fingerprint, is_idempotency_key};
pub use error::{
    ApiError, ApiErrorObject, Edit, ErrorKind, ErrorMeta, ErrorSource, Fix, FixCell, ServerLimit,
};
pub use events::{EVENT_TYPES, Event, EventDocument, EventType, EventTypeInfo, Eventable};
pub use request::Request;
pub use state::{Machine, Transition, next_state};
pub use verdict::{BodyForm, Change, Effect, Unchecked, Verdict, Warning};

/// The crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the API would answer to `request`, given what `facts` know. Never panics.
///
/// A refusal's errors carry `meta.fix` where a correction is known ([`fixes`]). The fixes of
/// values in the body are made the first time one is read ([`FixCell`]: they are most of the
/// fixes' cost, and most callers read none); until then the verdict keeps copies of the values
/// they read.
///
/// Each thread keeps a [`Validator`] for this function, as the `regex` crate keeps a cache per
/// thread behind `Regex::is_match`: the next request's headers are compared with the last that
/// passed, and its body is read into the room the last one left. Nothing of a request
/// outlives its verdict but that room (at most [`Validator::KEPT_ARENA_BYTES`]) and the
/// headers' bytes, and the verdict is the one a fresh validator gives.
pub fn validate_request(request: &Request, facts: &dyn Facts) -> Verdict {
    thread_local! {
        static VALIDATOR: std::cell::RefCell<Validator> =
            const { std::cell::RefCell::new(Validator::new()) };
    }
    // A fresh validator when the thread's is in use (`facts` validating a request of its own)
    // or gone (the thread is ending).
    // One `Result` around the verdict, not an `Option` in a `Result`: each wrapper moved the
    // verdict (a `memcpy` of it) on the way out.
    let verdict = VALIDATOR.try_with(|validator| match validator.try_borrow_mut() {
        Ok(mut validator) => validator.validate(request, facts),
        Err(_) => Validator::new().validate(request, facts),
    });
    match verdict {
        Ok(verdict) => verdict,
        Err(_) => Validator::new().validate(request, facts),
    }
}

/// [`validate_request`] without its errors' `meta.fix`, which [`attach_fixes`] adds later:
/// for a caller that reads the errors of only some verdicts (the npm package adds the fixes
/// when JavaScript first reads a verdict's errors; a suggestion among the 92 event types costs
/// more than the rest of the validation). Everything else is the same verdict.
pub fn validate_request_unfixed(request: &Request, facts: &dyn Facts) -> Verdict {
    let arena = json::Arena::for_text(request.body.len());
    endpoints::validate(
        request,
        &endpoints::Body::new(&request.body, &arena),
        facts,
        None,
    )
}

/// Validates requests one after another, reusing what one leaves for the next: the headers
/// that last passed the shared checks (a portal sends the same ones with every request; the
/// next request's are compared, byte for byte, instead of checked again) and the arena its
/// body was read into. Each verdict is [`validate_request_unfixed`]'s.
#[derive(Default)]
pub struct Validator {
    headers: request::HeaderMemo,
    arena: json::Arena,
}

impl Validator {
    /// An arena larger than this after a request is given back rather than kept for the next
    /// (a large body's tree does not stay in memory).
    pub const KEPT_ARENA_BYTES: usize = 1 << 16;

    /// A validator that has seen no request.
    pub const fn new() -> Self {
        Validator {
            headers: request::HeaderMemo::new(),
            arena: json::Arena::new(),
        }
    }

    /// [`validate_request`] of `request`: its body read once, for the validation and for the
    /// values a refusal's fixes will read.
    pub fn validate(&mut self, request: &Request, facts: &dyn Facts) -> Verdict {
        self.arena.reset(Self::KEPT_ARENA_BYTES, request.body.len());
        let body = endpoints::Body::new(&request.body, &self.arena);
        let mut verdict = endpoints::validate(request, &body, facts, Some(&mut self.headers));
        if !verdict.errors.is_empty() {
            fixes::attach_deferred(&mut verdict.errors, request, &body);
        }
        // A large body's tree is given back now, not when the next request comes.
        self.arena.trim(Self::KEPT_ARENA_BYTES);
        verdict
    }

    /// [`validate_request_unfixed`] of `request`.
    pub fn validate_unfixed(&mut self, request: &Request, facts: &dyn Facts) -> Verdict {
        self.arena.reset(Self::KEPT_ARENA_BYTES, request.body.len());
        endpoints::validate(
            request,
            &endpoints::Body::new(&request.body, &self.arena),
            facts,
            Some(&mut self.headers),
        )
    }

    /// [`attach_fixes`] of a verdict of [`Validator::validate_unfixed`] of `request`, its body
    /// read again into this validator's arena (the validation's tree is gone by then; its room
    /// is not).
    pub fn attach_fixes(&mut self, verdict: &mut Verdict, request: &Request) {
        if !verdict.errors.is_empty() {
            self.arena.reset(Self::KEPT_ARENA_BYTES, request.body.len());
            fixes::attach(
                &mut verdict.errors,
                request,
                &endpoints::Body::new(&request.body, &self.arena),
            );
        }
    }
}

/// Sets `meta.fix` on the errors of a verdict of [`validate_request_unfixed`], which then is
/// the verdict of [`validate_request`]. `request` is the request judged.
pub fn attach_fixes(verdict: &mut Verdict, request: &Request) {
    if !verdict.errors.is_empty() {
        let arena = json::Arena::for_text(request.body.len());
        fixes::attach(
            &mut verdict.errors,
            request,
            &endpoints::Body::new(&request.body, &arena),
        );
    }
}

/// Every endpoint basm validates, as `METHOD /pattern`.
pub fn endpoints() -> Vec<String> {
    endpoints::endpoints()
}

/// The API's other endpoints (upstream `config/routes.rb`), which basm does not judge past the
/// shared header checks: a request to one is valid as far as those go, with everything else
/// in `unchecked` (never a 404 for a route the API has).
pub fn endpoints_not_judged() -> Vec<String> {
    endpoints::endpoints_not_judged()
}

/// The path parameters of `request`'s route (`id`, `move_id`, … and `format`, from the path's
/// extension), decoded as Rails' router decodes them; `None` when no route matches or the
/// router cannot read one. A stand-in for the API reads its parameters here, as the
/// verdict's checks did.
pub fn path_params(request: &Request) -> Option<Vec<(&'static str, String)>> {
    endpoints::path_params(request)
}

/// `params` of `request` at `name`, in Rails' bracket notation (`include`, `sort[by]`), as
/// the API's controllers read it: the query's when the query gives the name (Rails merges the
/// JSON body's parameters with the query's, which win), else the JSON body's member, as Ruby's
/// `to_s` writes a scalar; `None` when neither gives a scalar. A stand-in for the API reads its
/// parameters here, as the verdict's checks did.
pub fn param(request: &Request, name: &str) -> Option<String> {
    rails::param_text(request, name)
}

/// Every endpoint of [`endpoints`], described: parameters, body, statuses.
pub fn endpoint_infos() -> Vec<EndpointInfo> {
    endpoints::endpoint_infos()
}

/// Shortcut: validates `body` as `POST /api/events` with a v2 client's standard headers.
pub fn validate_event(body: &[u8], facts: &dyn Facts) -> Verdict {
    let request = Request::new("POST", "/api/events")
        .with_standard_headers()
        .body(body.to_vec());
    validate_request(&request, facts)
}
