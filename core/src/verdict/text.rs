//! A verdict's JSON text, written by hand: the one writer of [`Verdict::to_json`].
//!
//! Byte for byte what serde_json writes for the verdict's `Serialize` form (members in
//! declaration order, `skip_serializing_if` members left out, `api_body`'s members sorted as in
//! a `serde_json::Map`, the same string escapes), without serde's per-byte escaping loop and
//! `io::Write` calls: the npm package writes this text whenever JavaScript reads a verdict's
//! members, and in WebAssembly serde's writer cost more than judging the request. The
//! `Serialize` impls stay for Rust callers and are this writer's oracle in the tests.

use std::fmt::Write as _;

use super::{ApiBody, Change, Effect, Unchecked, Verdict, Warning, api_objects};
use crate::error::{ApiError, ApiErrorObject, ErrorMeta, ErrorSource, Fix};
use crate::json::{write_string as string, write_value as value};

fn optional(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// `"key":` after a `{` or a member (`first` says which).
fn key(out: &mut String, first: &mut bool, name: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

fn list<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(out, item);
    }
    out.push(']');
}

/// `ErrorSource` as derived: `pointer`, `parameter`, `header`, each only when set.
fn source(out: &mut String, s: &ErrorSource) {
    members(
        out,
        [
            ("pointer", &s.pointer),
            ("parameter", &s.parameter),
            ("header", &s.header),
        ],
    );
}

/// `ErrorSource` in a `serde_json::Map`: its members sorted.
fn sorted_source(out: &mut String, s: &ErrorSource) {
    members(
        out,
        [
            ("header", &s.header),
            ("parameter", &s.parameter),
            ("pointer", &s.pointer),
        ],
    );
}

fn members(out: &mut String, fields: [(&str, &Option<std::borrow::Cow<'static, str>>); 3]) {
    out.push('{');
    let mut first = true;
    for (name, v) in fields {
        if let Some(v) = v {
            key(out, &mut first, name);
            string(out, v);
        }
    }
    out.push('}');
}

/// `ApiErrorObject` as derived: `title`, `detail`, then `source`, `code`, `meta` when set.
fn api_object(out: &mut String, o: &ApiErrorObject) {
    out.push_str("{\"title\":");
    string(out, &o.title);
    out.push_str(",\"detail\":");
    string(out, &o.detail);
    if let Some(s) = &o.source {
        out.push_str(",\"source\":");
        source(out, s);
    }
    if let Some(code) = &o.code {
        out.push_str(",\"code\":");
        string(out, code);
    }
    if let Some(meta) = &o.meta {
        out.push_str(",\"meta\":");
        value(out, meta);
    }
    out.push('}');
}

/// An API error object inside `api_body` (a `serde_json::Map`): members sorted.
fn sorted_api_object(out: &mut String, o: &ApiErrorObject) {
    out.push('{');
    if let Some(code) = &o.code {
        out.push_str("\"code\":");
        string(out, code);
        out.push(',');
    }
    out.push_str("\"detail\":");
    string(out, &o.detail);
    if let Some(meta) = &o.meta {
        out.push_str(",\"meta\":");
        value(out, meta);
    }
    if let Some(s) = &o.source {
        out.push_str(",\"source\":");
        sorted_source(out, s);
    }
    out.push_str(",\"title\":");
    string(out, &o.title);
    out.push('}');
}

fn meta(out: &mut String, m: &ErrorMeta) {
    out.push('{');
    let mut first = true;
    if let Some(api) = &m.api {
        key(out, &mut first, "api");
        api_object(out, api);
    }
    if let Some(allowed) = &m.allowed {
        key(out, &mut first, "allowed");
        list(out, allowed, |out, s| string(out, s));
    }
    if m.unverified {
        key(out, &mut first, "unverified");
        out.push_str("true");
    }
    if let Some(reason) = &m.reason {
        key(out, &mut first, "reason");
        string(out, reason);
    }
    if let Some(id) = &m.existing_id {
        key(out, &mut first, "existing_id");
        string(out, id);
    }
    if let Some(f) = &*m.fix {
        key(out, &mut first, "fix");
        fix(out, f);
    }
    out.push('}');
}

/// `Fix` as derived: `description`, then `edit` and `suggestions` when set.
fn fix(out: &mut String, f: &Fix) {
    out.push_str("{\"description\":");
    string(out, &f.description);
    if let Some(edit) = &f.edit {
        out.push_str(",\"edit\":{\"source\":");
        source(out, &edit.source);
        out.push_str(",\"value\":");
        value(out, &edit.value);
        out.push('}');
    }
    if !f.suggestions.is_empty() {
        out.push_str(",\"suggestions\":");
        list(out, &f.suggestions, |out, s| string(out, s));
    }
    out.push('}');
}

fn error(out: &mut String, e: &ApiError) {
    out.push_str("{\"code\":");
    string(out, &e.code);
    out.push_str(",\"title\":");
    string(out, &e.title);
    out.push_str(",\"detail\":");
    string(out, &e.detail);
    out.push_str(",\"source\":");
    source(out, &e.source);
    out.push_str(",\"meta\":");
    meta(out, &e.meta);
    out.push('}');
}

fn warning(out: &mut String, w: &Warning) {
    out.push_str("{\"code\":");
    string(out, w.code());
    out.push_str(",\"detail\":");
    string(out, &w.detail());
    out.push_str(",\"source\":");
    source(out, &w.source);
    out.push('}');
}

fn unchecked(out: &mut String, u: &Unchecked) {
    out.push_str("{\"detail\":");
    string(out, &u.detail());
    out.push_str(",\"source\":");
    source(out, &u.source);
    out.push('}');
}

fn change(out: &mut String, c: &Change) {
    out.push_str("{\"type\":");
    string(out, &c.resource_type);
    out.push_str(",\"id\":");
    optional(out, c.id.as_deref());
    out.push_str(",\"attribute\":");
    optional(out, c.attribute.as_deref());
    out.push_str(",\"from\":");
    optional(out, c.from.as_deref());
    out.push_str(",\"to\":");
    optional(out, c.to.as_deref());
    out.push('}');
}

fn effect(out: &mut String, e: &Effect) {
    out.push_str("{\"summary\":");
    string(out, &e.summary);
    out.push_str(",\"changes\":");
    list(out, &e.changes, change);
    out.push('}');
}

/// The whole verdict.
pub(crate) fn verdict(v: &Verdict) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(if v.valid {
        "{\"valid\":true,\"status\":"
    } else {
        "{\"valid\":false,\"status\":"
    });
    let _ = write!(out, "{}", v.status);
    out.push_str(",\"endpoint\":");
    optional(&mut out, v.endpoint.as_deref());
    for (i, name) in Verdict::MEMBERS.iter().enumerate() {
        out.push_str(",\"");
        out.push_str(name);
        out.push_str("\":");
        member(&mut out, v, i);
    }
    out.push('}');
    out
}

/// The members of [`Verdict::MEMBERS`] that are not empty, as a JSON object in their order.
pub(crate) fn present_members(v: &Verdict) -> String {
    let mut out = String::with_capacity(256);
    out.push('{');
    let mut first = true;
    for (i, (name, present)) in Verdict::MEMBERS.iter().zip(v.present_members()).enumerate() {
        if present {
            key(&mut out, &mut first, name);
            member(&mut out, v, i);
        }
    }
    out.push('}');
    out
}

/// Member `index` of [`Verdict::MEMBERS`].
fn member(out: &mut String, v: &Verdict, index: usize) {
    match index {
        0 => list(out, &v.errors, error),
        1 => list(out, &v.warnings, warning),
        2 => list(out, &v.unchecked, unchecked),
        3 => match &v.effect {
            Some(e) => effect(out, e),
            None => out.push_str("null"),
        },
        _ => match &v.api_body {
            ApiBody::Given(Some(body)) => value(out, body),
            ApiBody::Given(None) | ApiBody::Rails | ApiBody::Empty | ApiBody::NotJson(_) => {
                out.push_str("null")
            }
            ApiBody::FromErrors => {
                let objects = api_objects(&v.errors);
                if objects.is_empty() {
                    out.push_str("null");
                } else {
                    out.push_str("{\"errors\":");
                    list(out, &objects, |out, (o, _)| sorted_api_object(out, o));
                    out.push('}');
                }
            }
        },
    }
}
