//! What an accepted request's handler needs: the transaction, the time, the caller, the
//! decoded query and path parameters, the parsed body, and how to answer.

use basm_core::Caller;
use basm_core::context::canonical_uuid;
use basm_core::time::{Date, cast_rails_date, london_rfc3339, parse_lenient_datetime};
use rusqlite::Connection;
use serde_json::Value;

use crate::clock::Stamp;

/// One accepted request.
pub struct Ctx<'c> {
    /// The request's transaction.
    pub conn: &'c Connection,
    /// Now.
    pub now: Stamp,
    /// Who is calling.
    pub caller: Caller,
    /// The calling supplier, for supplier tokens.
    pub supplier_id: Option<String>,
    /// `created_by` of the events this request writes: `X-Current-User`, else the supplier.
    pub created_by: Option<String>,
    /// Path parameters (`id`, `move_id`, `action`), percent-decoded.
    pub params: Vec<(&'static str, String)>,
    /// Query parameters, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// The request as core judged it: its parameters are read through core
    /// ([`Ctx::rails_param`]), as the verdict read them.
    pub request: basm_core::Request,
    /// The path and query exactly as sent (for pagination links).
    pub raw_path: String,
    /// `http://host:port`, for absolute links.
    pub base_url: String,
    /// The parsed body (`null` when there is none).
    pub body: Value,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// 200, 201 or 204.
    pub status: u16,
    /// The JSON:API document (none for 204).
    pub body: Option<Value>,
}

impl Reply {
    /// 200 with a document.
    pub fn ok(body: Value) -> Self {
        Reply {
            status: 200,
            body: Some(body),
        }
    }

    /// 201 with a document.
    pub fn created(body: Value) -> Self {
        Reply {
            status: 201,
            body: Some(body),
        }
    }

    /// 204, no body.
    pub fn no_content() -> Self {
        Reply {
            status: 204,
            body: None,
        }
    }
}

/// A fault of the sandbox itself (never a client's mistake): answered 500/503 and logged.
#[derive(Debug)]
pub enum Fault {
    /// The database failed.
    Db(rusqlite::Error),
    /// Something the sandbox did not expect (state core accepted but the data contradicts).
    Internal(String),
    /// A request the real API would accept but the sandbox will not do (answered 422).
    Limit(String),
    /// A route of the API that basm does not judge, so the sandbox has no answer for it
    /// (answered 501): the endpoint.
    NotServed(String),
    /// The API's own refusal, found from a fact only the sandbox holds (core listed the
    /// check as unchecked): answered like any refusal of core's. Nothing is committed.
    Refused(Box<basm_core::Verdict>),
}

impl From<rusqlite::Error> for Fault {
    fn from(e: rusqlite::Error) -> Self {
        Fault::Db(e)
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Db(e) => write!(f, "database error: {e}"),
            Fault::Internal(s) => write!(f, "internal error: {s}"),
            Fault::Limit(s) => write!(f, "sandbox limit: {s}"),
            Fault::NotServed(s) => write!(f, "not served: {s}"),
            Fault::Refused(v) => write!(f, "refused with {}", v.status),
        }
    }
}

/// What handlers return.
pub type Outcome = Result<Reply, Fault>;

impl Ctx<'_> {
    /// A path parameter (`""` when absent).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A path parameter naming a record: its canonical id.
    pub fn id_param(&self, name: &str) -> Result<String, Fault> {
        canonical_uuid(self.param(name))
            .ok_or_else(|| Fault::Internal(format!("path parameter {name} is not an id")))
    }

    /// `params` at `name` (`include`, `sort[by]`) as the API's controllers read it: the query's,
    /// else the JSON body's ([`basm_core::param`]).
    pub fn rails_param(&self, name: &str) -> Option<String> {
        basm_core::param(&self.request, name)
    }

    /// `filter[name]`'s last value, or (for `POST …/filtered`) `data.attributes.filter.<name>`.
    pub fn filter(&self, name: &str) -> Option<String> {
        let key = format!("filter[{name}]");
        self.rails_param(&key).or_else(|| {
            self.body["data"]["attributes"]["filter"][name]
                .as_str()
                .map(str::to_owned)
        })
    }

    /// `data` of the body.
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    /// `data.attributes.<name>` (`null` when absent).
    pub fn attr(&self, name: &str) -> &Value {
        &self.body["data"]["attributes"][name]
    }

    /// Whether `data.attributes` has the member `name`.
    pub fn has_attr(&self, name: &str) -> bool {
        self.body["data"]["attributes"]
            .as_object()
            .is_some_and(|a| a.contains_key(name))
    }

    /// `data.relationships.<name>.data.id` as a canonical id.
    pub fn relationship_id(&self, name: &str) -> Option<String> {
        id_of(&self.body["data"]["relationships"][name]["data"]["id"])
    }

    /// A new id.
    pub fn new_id(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
}

/// A JSON value naming a record, as a canonical id.
pub fn id_of(v: &Value) -> Option<String> {
    v.as_str().and_then(canonical_uuid)
}

/// Ruby's `to_s` of a JSON scalar as Rails stores it in a text column (`null` stays absent).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Rails' date column cast: `YYYY-MM-DD`, or absent when it cannot be read.
pub fn date(v: &Value) -> Option<String> {
    v.as_str().and_then(cast_rails_date).map(|d| d.to_string())
}

/// Rails' date cast, as a [`Date`].
pub fn date_value(v: &Value) -> Option<Date> {
    v.as_str().and_then(cast_rails_date)
}

/// Rails' boolean cast: `""`/`null` are nil; the listed false values are false; anything
/// else is true.
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(!matches!(
            s.as_str(),
            "0" | "f" | "F" | "false" | "FALSE" | "off" | "OFF"
        )),
        Value::Number(n) => Some(n.as_f64() != Some(0.0)),
        _ => Some(true),
    }
}

/// Rails' datetime cast of `time_due`, rendered in London time; absent when unreadable.
pub fn datetime(v: &Value) -> Option<String> {
    v.as_str()
        .and_then(parse_lenient_datetime)
        .map(|t| london_rfc3339(t.unix_seconds(), 0))
}
