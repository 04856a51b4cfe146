//! Renders `docs/events.md` from the event table.

use std::fmt::Write;

use crate::events::{EVENT_TYPES, Family, Rule};
use crate::values::FieldKind;

/// The whole `docs/events.md`.
pub fn events_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Event types\n\n");
    out.push_str("<!-- Generated from core/src/events.rs by `cargo test -p basm-core --test docs`; do not edit. -->\n\n");
    let _ = writeln!(
        out,
        "{} event types are accepted by name on `POST /api/events`; lodging events are written by the server only.\n",
        EVENT_TYPES.len()
    );
    for (family, heading) in [
        (Family::Move, "Move events"),
        (Family::Journey, "Journey events"),
        (Family::Lodging, "Lodging events (server-written)"),
        (Family::PersonMove, "Person-move events"),
        (Family::Per, "Person escort record events"),
    ] {
        let _ = writeln!(out, "## {heading}\n");
        for info in EVENT_TYPES.iter().filter(|i| i.family == family) {
            let _ = writeln!(out, "### {}\n\n{}\n", info.name, info.doc.trim());
            let eventables: Vec<&str> = info.eventable.iter().map(|e| e.wire()).collect();
            let _ = writeln!(out, "- Eventable: `{}`", eventables.join("`, `"));
            let _ = writeln!(out, "- Classification: `{}`", info.classification);
            if let Some(t) = info.trigger {
                let _ = writeln!(out, "- Trigger: `{t}`");
            }
            if let Some(d) = info.deprecated {
                let _ = writeln!(out, "- Deprecated: {d}");
            }
            if !info.postable() {
                out.push_str(
                    "- Not accepted from clients (`lodgings` is not a postable eventable type)\n",
                );
            }
            out.push('\n');
            if !info.fields.is_empty() {
                out.push_str("| details field | type | required | allowed values | meaning |\n| --- | --- | --- | --- | --- |\n");
                for f in info.fields {
                    let kind = match f.kind {
                        FieldKind::String => "string",
                        FieldKind::Enum => "enum",
                        FieldKind::DateTime => "date-time",
                        FieldKind::Date => "date",
                        FieldKind::Boolean => "boolean",
                        FieldKind::StringArray => "array of strings",
                        FieldKind::Any => "any JSON",
                    };
                    let allowed = if f.allowed.is_empty() {
                        String::new()
                    } else {
                        format!("`{}`", f.allowed.join("`, `"))
                    };
                    let _ = writeln!(
                        out,
                        "| `{}` | {kind} | {} | {allowed} | {} |",
                        f.name,
                        if f.required { "yes" } else { "no" },
                        f.doc.trim()
                    );
                }
                out.push('\n');
            }
            if !info.relationships.is_empty() {
                out.push_str(
                    "| relationship | type | required | meaning |\n| --- | --- | --- | --- |\n",
                );
                for r in info.relationships {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | {} | {} |",
                        r.name,
                        r.resource_type,
                        if r.required {
                            "yes (404 otherwise)"
                        } else {
                            "no"
                        },
                        r.doc.trim()
                    );
                }
                out.push('\n');
            }
            if !info.rules.is_empty() {
                out.push_str("Validations, in the API's order:\n\n");
                for rule in info.rules {
                    let _ = writeln!(out, "1. {}", describe(rule));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn describe(rule: &Rule) -> String {
    match rule {
        Rule::Presence(f) => format!("`{f}` present (`blank`)"),
        Rule::IsoDateTime { field, allow_nil: false } => format!("`{field}` an ISO-8601 date-time (`null` fails; a non-string crashes the API)"),
        Rule::IsoDateTime { field, allow_nil: true } => format!("`{field}` an ISO-8601 date-time when not `null` (`\"\"` fails)"),
        Rule::IsoDate(f) => format!("`{f}` an ISO-8601 date (`null` fails)"),
        Rule::Inclusion { field, guard, .. } => match guard {
            crate::events::Guard::Always => format!("`{field}` one of the allowed values (`inclusion`)"),
            crate::events::Guard::IfPresent => format!("`{field}`, when present, one of the allowed values"),
            crate::events::Guard::IfTruthy => format!("`{field}`, unless `null`/`false`, one of the allowed values (`\"\"` fails)"),
        },
        Rule::BooleanInclusion(f) => format!("`{f}` a JSON boolean"),
        Rule::Location(k) => format!("relationship `{k}` names an existing location (404 otherwise)"),
        Rule::Authoriser => "`authorised_by`, when present, one of `PMU`, `CDM`, `Other`; `authorised_at`, when present, an ISO-8601 date-time".into(),
        Rule::Personnel { plural, police } => {
            let s = if *plural { "s" } else { "" };
            if *police {
                format!("exactly one of `supplier_personnel_number{s}` and `police_personnel_number{s}`")
            } else {
                format!("`supplier_personnel_number{s}` present")
            }
        }
        Rule::Postcode => "`postcode`, when present, a UK postcode".into(),
        Rule::RequiredUnless { field, unless } => format!("`{field}` present unless `{unless}` is given"),
        Rule::FaultClassificationRule => "`fault_classification` present and allowed, for supplier tokens".into(),
        Rule::PreviousMove => "`previous_move_reference` (when present) or relationship `previous_move` names an existing move (404 otherwise); checked first".into(),
        Rule::MoveTypeRules => "move-type rules on the new `to_location` and the move's `from_location`".into(),
        Rule::OrderWarning { .. } => "timestamp order against stored events (a warning only)".into(),
        Rule::LodgingUpdateChanges => "something changes; each new value comes with its `old_` value; dates ISO-8601".into(),
        Rule::RespondedByCrash => "`completed_at` readable as a date (the API crashes otherwise)".into(),
    }
}
