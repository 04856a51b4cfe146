//! An event model's validations: the [`Rule`]s its event type declares, run in order
//! (`events.md` §3).

// Raises are rare (one per refused request) and carry a whole error object; boxing them
// would buy nothing on the accepted path.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;

use crate::context::{Caller, Fact, Facts, lookup_id};
use crate::error::{
    ApiError, ErrorKind, ErrorSource, Failure, codes, humanize_lowercase, messages,
};
use crate::events::rules::{Guard, Rule, is_uk_postcode};
use crate::events::{EventTypeInfo, Eventable};
use crate::json::Json;
use crate::pointer;
use crate::time::{parse_iso_date, parse_lenient_datetime};
use crate::values::{
    AuthorisedBy, BOOLEANS, FaultClassification, MoveType, PRISON_LIKE_LOCATION_TYPES,
};
use crate::verdict::{Unchecked, UncheckedKind, Warning, WarningKind};

use super::errors::{ModelError, Raise, RelId, crash, inclusion, model_error, not_found};

/// The state a model validation runs against.
pub(crate) struct ModelCheck<'r, 'a> {
    pub info: &'static EventTypeInfo,
    /// Details after filtering to the declared keys (the relationship ids are separate).
    pub details: Vec<(&'r str, &'r Json<'a>)>,
    /// Relationships other than `eventable`, by name.
    pub relationships: Vec<(&'r str, RelId<'r, 'a>)>,
    pub eventable_type: &'r str,
    pub eventable_id: Option<&'r str>,
    pub occurred_at: Option<i64>,
    pub facts: &'r dyn Facts,
    pub errors: Vec<ModelError>,
    pub warnings: Vec<Warning>,
    pub unchecked: Vec<Unchecked>,
}

/// Whether an `IsoDateTime`/`IsoDate` value crashes the API's parser (`TypeError`).
fn crashes_parser(value: &Json<'_>) -> bool {
    !matches!(value, Json::Null | Json::String(_))
}

impl<'r, 'a> ModelCheck<'r, 'a> {
    fn detail(&self, key: &str) -> Option<&'r Json<'a>> {
        self.details
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    }

    fn blank(&self, key: &str) -> bool {
        self.detail(key).is_none_or(Json::is_blank)
    }

    fn rel(&self, name: &str) -> RelId<'r, 'a> {
        self.relationships
            .iter()
            .rev()
            .find(|(k, _)| *k == name)
            .map_or(RelId::Absent, |(_, v)| *v)
    }

    fn push(&mut self, e: ModelError) {
        self.errors.push(e);
    }

    fn detail_error(
        &mut self,
        field: &'static str,
        message: impl Into<Cow<'static, str>>,
        api_code: impl Into<Cow<'static, str>>,
        code: Failure,
    ) {
        let e = model_error(field, message, api_code, code, pointer::detail(field));
        self.push(e);
    }

    /// Runs the `before_validation` rules (only MoveCrossSupplierPickUp has one).
    pub fn before_validation(&mut self) -> Result<(), Raise> {
        if self.info.rules.contains(&Rule::PreviousMove) {
            self.previous_move()?;
        }
        Ok(())
    }

    /// The model's own rules, in order.
    pub fn run(&mut self) -> Result<(), Raise> {
        for rule in self.info.rules {
            match *rule {
                Rule::Presence(field) => {
                    if self.blank(field) {
                        self.detail_error(field, messages::BLANK, codes::BLANK, Failure::Blank);
                    }
                }
                Rule::IsoDateTime { field, allow_nil } => self.iso_date_time(field, allow_nil)?,
                Rule::IsoDate(field) => self.iso_date(field)?,
                Rule::Inclusion {
                    field,
                    values,
                    guard,
                } => self.inclusion(field, values, guard),
                Rule::BooleanInclusion(field) => self.boolean_inclusion(field),
                Rule::Location(key) => self.location(key)?,
                Rule::Authoriser => self.authoriser()?,
                Rule::Personnel { plural, police } => self.personnel(plural, police),
                Rule::Postcode => self.postcode()?,
                Rule::RequiredUnless { field, unless } => {
                    let other_truthy = self.detail(unless).is_some_and(Json::is_truthy);
                    if !other_truthy && self.blank(field) {
                        self.detail_error(field, messages::BLANK, codes::BLANK, Failure::Blank);
                    }
                }
                Rule::FaultClassificationRule => self.fault_classification(),
                Rule::PreviousMove => {} // ran in before_validation
                Rule::MoveTypeRules => self.move_type_rules()?,
                Rule::OrderWarning { after, before } => self.order_warning(after, before)?,
                Rule::LodgingUpdateChanges => self.lodging_update()?,
                Rule::RespondedByCrash => {} // runs in before_create
            }
        }
        Ok(())
    }

    /// `before_create` callbacks, run only when validation passed.
    pub fn before_create(&mut self) -> Result<(), Raise> {
        if self.info.rules.contains(&Rule::RespondedByCrash) {
            let value = self.detail("completed_at");
            let readable = match value {
                Some(Json::String(s)) => ruby_to_datetime_parses(s),
                Some(Json::Null) | None => true,
                Some(_) => false,
            };
            if !readable {
                return Err(Raise::Crash(crash(
                    "PerCompletion builds `Time.zone.at(0)..completed_at` in before_create; \
                     `completed_at` must be a date Ruby's `to_datetime` can read",
                    pointer::detail("completed_at"),
                )));
            }
        }
        Ok(())
    }

    fn iso_date_time(&mut self, field: &'static str, allow_nil: bool) -> Result<(), Raise> {
        match self.detail(field) {
            None | Some(Json::Null) if allow_nil => Ok(()),
            None | Some(Json::Null) => {
                self.detail_error(
                    field,
                    messages::DATETIME,
                    messages::DATETIME,
                    Failure::InvalidDatetime,
                );
                Ok(())
            }
            Some(Json::String(s)) => {
                if parse_lenient_datetime(s).is_none() {
                    self.detail_error(
                        field,
                        messages::DATETIME,
                        messages::DATETIME,
                        Failure::InvalidDatetime,
                    );
                }
                Ok(())
            }
            Some(other) => Err(Raise::Crash(crash(
                format!(
                    "`{field}` is a JSON {}: the date-time parser raises TypeError",
                    other.type_name()
                ),
                pointer::detail(field),
            ))),
        }
    }

    fn iso_date(&mut self, field: &'static str) -> Result<(), Raise> {
        match self.detail(field) {
            None | Some(Json::Null) => {
                self.detail_error(field, messages::DATE, messages::DATE, Failure::InvalidDate);
                Ok(())
            }
            Some(Json::String(s)) => {
                if parse_iso_date(s).is_none() {
                    self.detail_error(field, messages::DATE, messages::DATE, Failure::InvalidDate);
                }
                Ok(())
            }
            Some(other) if crashes_parser(other) => Err(Raise::Crash(crash(
                format!(
                    "`{field}` is a JSON {}: Date.iso8601 raises TypeError",
                    other.type_name()
                ),
                pointer::detail(field),
            ))),
            Some(_) => Ok(()),
        }
    }

    fn inclusion(&mut self, field: &'static str, values: &'static [&'static str], guard: Guard) {
        let value = self.detail(field);
        let skip = match guard {
            Guard::Always => false,
            Guard::IfPresent => value.is_none_or(Json::is_blank),
            Guard::IfTruthy => !value.is_some_and(Json::is_truthy),
        };
        if skip || value.is_some_and(|v| included(v, values)) {
            return;
        }
        let e = inclusion(field, pointer::detail(field), values);
        self.push(e);
    }

    fn boolean_inclusion(&mut self, field: &'static str) {
        let ok = match self.detail(field) {
            Some(Json::Bool(_)) => true,
            Some(Json::Array(items)) => items.iter().all(|i| matches!(i, Json::Bool(_))),
            _ => false,
        };
        if !ok {
            let e = inclusion(field, pointer::detail(field), BOOLEANS);
            self.push(e);
        }
    }

    fn location(&mut self, key: &str) -> Result<(), Raise> {
        self.find_records("Location", key, |facts, id| match facts.location(id) {
            Fact::Unknown => Fact::Unknown,
            Fact::Missing => Fact::Missing,
            Fact::Known(_) => Fact::Known(()),
        })
    }

    /// `<Class>.find(<key>_id)`, where the id came from the relationship `key`.
    fn find_records(
        &mut self,
        class: &'static str,
        key: &str,
        fetch: impl Fn(&dyn Facts, &str) -> Fact<()>,
    ) -> Result<(), Raise> {
        let rel_pointer = || pointer::relationship(key);
        match self.rel(key) {
            RelId::Absent => Err(Raise::NotFound(not_found(class, None, rel_pointer()))),
            RelId::Nil { at } => Err(Raise::NotFound(not_found(
                class,
                None,
                format!("{}{at}", rel_pointer()),
            ))),
            RelId::Id(id) => {
                let id_pointer = || pointer::relationship_id(key);
                match id {
                    Json::String(s) => match lookup_id(s, |id| fetch(self.facts, id)) {
                        Fact::Missing => {
                            Err(Raise::NotFound(not_found(class, Some(id), id_pointer())))
                        }
                        Fact::Unknown => {
                            self.unchecked.push(Unchecked::new(
                                UncheckedKind::Exists {
                                    class,
                                    id: s.to_string(),
                                },
                                ErrorSource::pointer(id_pointer()),
                            ));
                            Ok(())
                        }
                        Fact::Known(()) => Ok(()),
                    },
                    // `find([])` returns an empty list: passes. `find([a, b])` needs each.
                    Json::Array(items) => {
                        let mut missing = 0;
                        for (i, item) in items.iter().enumerate() {
                            let at = pointer::push(&id_pointer(), &i.to_string());
                            match item {
                                Json::Null => {
                                    return Err(Raise::NotFound(not_found(class, None, at)));
                                }
                                Json::String(s) => match lookup_id(s, |id| fetch(self.facts, id)) {
                                    Fact::Missing => missing += 1,
                                    Fact::Unknown => self.unchecked.push(Unchecked::new(
                                        UncheckedKind::Exists {
                                            class,
                                            id: s.to_string(),
                                        },
                                        ErrorSource::pointer(at),
                                    )),
                                    Fact::Known(()) => {}
                                },
                                _ => missing += 1,
                            }
                        }
                        if missing > 0 {
                            let kind = ErrorKind::NotAllFound {
                                class,
                                ids: items.iter().map(Json::ruby_to_s).collect(),
                                found: items.len() - missing,
                            };
                            return Err(Raise::NotFound(
                                ApiError::not_found(&kind, ErrorSource::pointer(id_pointer()))
                                    .unverified(),
                            ));
                        }
                        Ok(())
                    }
                    other => Err(Raise::NotFound(not_found(class, Some(other), id_pointer()))),
                }
            }
        }
    }

    fn authoriser(&mut self) -> Result<(), Raise> {
        if !self.blank("authorised_by") {
            self.inclusion("authorised_by", AuthorisedBy::VALUES, Guard::Always);
        }
        // A blank `authorised_at` is not read; any other is a date-time, as `iso_date_time` reads it.
        if self.detail("authorised_at").is_some_and(|v| !v.is_blank()) {
            self.iso_date_time("authorised_at", true)?;
        }
        Ok(())
    }

    fn personnel(&mut self, plural: bool, police: bool) {
        let (supplier, police_key) = if plural {
            ("supplier_personnel_numbers", "police_personnel_numbers")
        } else {
            ("supplier_personnel_number", "police_personnel_number")
        };
        let supplier_blank = self.blank(supplier);
        if !police {
            if supplier_blank {
                self.detail_error(supplier, messages::BLANK, messages::BLANK, Failure::Blank);
            }
            return;
        }
        let police_blank = self.blank(police_key);
        if supplier_blank && police_blank {
            self.detail_error(supplier, messages::BLANK, messages::BLANK, Failure::Blank);
        } else if !supplier_blank && !police_blank {
            self.detail_error(
                police_key,
                "should be blank",
                "should be blank",
                Failure::Present,
            );
        }
    }

    fn postcode(&mut self) -> Result<(), Raise> {
        match self.detail("postcode") {
            Some(v) if !v.is_blank() => match v {
                Json::String(s) => {
                    if !is_uk_postcode(s) {
                        self.detail_error(
                            "postcode",
                            "not recognised as a UK postcode",
                            "not recognised as a UK postcode",
                            Failure::InvalidPostcode,
                        );
                    }
                    Ok(())
                }
                other => Err(Raise::Crash(crash(
                    format!(
                        "`postcode` is a JSON {}: the postcode gem calls `strip` on it",
                        other.type_name()
                    ),
                    pointer::detail("postcode"),
                ))),
            },
            _ => Ok(()),
        }
    }

    fn fault_classification(&mut self) {
        match self.facts.caller() {
            Caller::Supplier => {
                if self.blank("fault_classification") {
                    self.detail_error(
                        "fault_classification",
                        messages::BLANK,
                        codes::BLANK,
                        Failure::Blank,
                    );
                }
                self.inclusion(
                    "fault_classification",
                    FaultClassification::VALUES,
                    Guard::Always,
                );
            }
            Caller::Authority => {}
            Caller::Unknown => self.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "fault_classification is required of supplier tokens: the caller is not known",
                ),
                ErrorSource::pointer(pointer::detail("fault_classification")),
            )),
        }
    }

    fn previous_move(&mut self) -> Result<(), Raise> {
        // The reference, when present, overrides the relationship (before_validation).
        if let Some(reference) = self
            .detail("previous_move_reference")
            .filter(|v| !v.is_blank())
        {
            let at = pointer::detail("previous_move_reference");
            let missing = || {
                let kind = ErrorKind::NotFoundBy {
                    class: "Move",
                    table: "moves",
                    column: "reference",
                };
                Raise::NotFound(
                    ApiError::not_found(&kind, ErrorSource::pointer(at.clone())).unverified(),
                )
            };
            return match reference {
                Json::String(r) => match self.facts.move_by_reference(r) {
                    Fact::Missing => Err(missing()),
                    Fact::Unknown => {
                        self.unchecked.push(Unchecked::new(
                            UncheckedKind::MoveReference {
                                reference: r.to_string(),
                            },
                            ErrorSource::pointer(at),
                        ));
                        Ok(())
                    }
                    Fact::Known(_) => Ok(()),
                },
                _ => Err(missing()),
            };
        }
        self.find_records("Move", "previous_move", |facts, id| match facts.move_(id) {
            Fact::Unknown => Fact::Unknown,
            Fact::Missing => Fact::Missing,
            Fact::Known(_) => Fact::Known(()),
        })
    }

    fn move_type_rules(&mut self) -> Result<(), Raise> {
        let eventable = Eventable::from_wire(self.eventable_type);
        if !matches!(eventable, Some(Eventable::Move | Eventable::Journey)) {
            return Err(Raise::Crash(crash(
                format!(
                    "Moves::MoveTypeValidator calls `from_location` on the eventable, which a {} does not have",
                    self.eventable_type
                ),
                pointer::join(&["data", "relationships", "eventable", "data", "type"]),
            )));
        }
        let to_pointer = pointer::relationship_id("to_location");
        let from_pointer = pointer::join(&["data", "relationships", "eventable", "data", "id"]);
        let to_id = match self.rel("to_location") {
            RelId::Id(Json::String(s)) => Some(s.to_string()),
            _ => None,
        };
        // The eventable's from_location and lockout, from the facts: `None` when not given.
        let (from_id, has_lockout) = match (eventable, self.eventable_id) {
            (Some(Eventable::Move), Some(id)) => match lookup_id(id, |id| self.facts.move_(id)) {
                Fact::Known(m) => (
                    m.from_location_id.known().map(|f| f.cloned()),
                    m.has_lockout.flag(),
                ),
                _ => (None, None),
            },
            (Some(Eventable::Journey), Some(id)) => {
                match lookup_id(id, |id| self.facts.journey(id)) {
                    Fact::Known(j) => (j.from_location_id.known().map(|f| f.cloned()), Some(false)),
                    _ => (None, Some(false)),
                }
            }
            _ => (None, Some(false)),
        };
        let to = to_id
            .as_deref()
            .map(|id| lookup_id(id, |id| self.facts.location(id)));
        let from = from_id
            .clone()
            .flatten()
            .map(|id| lookup_id(&id, |id| self.facts.location(id)));
        let known = |f: &Option<Fact<crate::context::LocationFacts>>| match f {
            Some(Fact::Known(l)) => Some(l.clone()),
            _ => None,
        };
        let (to, from) = (known(&to), known(&from));
        let flag_unknown = |l: &Option<crate::context::LocationFacts>| {
            l.as_ref()
                .is_some_and(|l| l.disabled.is_unknown() || l.location_type.is_unknown())
        };
        if to.is_none()
            || from_id.is_none()
            || has_lockout.is_none()
            || flag_unknown(&to)
            || flag_unknown(&from)
        {
            self.unchecked.push(Unchecked::new(UncheckedKind::Static("Move-type rules of the redirect (location types and active locations) need the \
                         new location's and the move's facts"), ErrorSource::pointer(to_pointer.clone())));
        }
        // (1) active locations.
        if to.as_ref().is_some_and(|l| l.disabled.flag() == Some(true)) {
            self.push(model_error(
                "to_location",
                "must be an active location",
                "inactive_location",
                Failure::InactiveLocation,
                to_pointer.clone(),
            ));
        }
        if from
            .as_ref()
            .is_some_and(|l| l.disabled.flag() == Some(true))
        {
            self.push(model_error(
                "from_location",
                "must be an active location",
                "inactive_location",
                Failure::InactiveLocation,
                from_pointer.clone(),
            ));
        }
        // (2) a known move type.
        let move_type = self.detail("move_type").filter(|v| !v.is_blank());
        if let Some(v) = move_type {
            let s = v.ruby_to_s();
            if MoveType::from_wire(&s).is_none() {
                let message = format!("must be a valid move type ({})", humanize_lowercase(&s));
                let mut e = model_error(
                    "move_type",
                    message,
                    "invalid_move_type",
                    Failure::InvalidMoveType,
                    pointer::detail("move_type"),
                );
                e.error.set_allowed(MoveType::VALUES);
                self.push(e);
            }
        }
        // (3) after a lockout only presence is checked; whether there was one is not known:
        // the type rules are skipped (listed above).
        if has_lockout != Some(false) {
            return Ok(());
        }
        // (4) type rules, keyed on the event's move type.
        let Some(move_type) = move_type.and_then(|v| v.as_str()) else {
            return Ok(());
        };
        let ty = |l: &Option<crate::context::LocationFacts>| {
            l.as_ref().and_then(|l| l.location_type.value().cloned())
        };
        let (to_ty, from_ty) = (ty(&to), ty(&from));
        let is =
            |t: &Option<String>, kinds: &[&str]| t.as_deref().is_some_and(|t| kinds.contains(&t));
        let human = humanize_lowercase(move_type);
        let check = |this: &mut Self, attr: &str, ok: Option<bool>, message: String, at: &str| {
            if ok == Some(false) {
                this.push(model_error(
                    attr.to_owned(),
                    message,
                    "invalid_location",
                    Failure::InvalidLocation,
                    at.to_owned(),
                ));
            }
        };
        let known_to = to_ty.is_some();
        let known_from = from_ty.is_some();
        match move_type {
            "court_appearance" => check(
                self,
                "to_location",
                known_to.then(|| is(&to_ty, &["court"])),
                format!("must be a court location for {human} move"),
                &to_pointer,
            ),
            "court_other" => check(
                self,
                "to_location",
                known_to.then(|| !is(&to_ty, PRISON_LIKE_LOCATION_TYPES)),
                format!(
                    "must not be a prison, secure training centre or secure childrens hospital for {human} move"
                ),
                &to_pointer,
            ),
            "hospital" => check(
                self,
                "to_location",
                known_to.then(|| is(&to_ty, &["hospital", "high_security_hospital"])),
                format!("must be a hospital or high security hospital location for {human} move"),
                &to_pointer,
            ),
            "police_transfer" => {
                check(
                    self,
                    "to_location",
                    known_to.then(|| is(&to_ty, &["police"])),
                    format!("must be a police location for {human} move"),
                    &to_pointer,
                );
                check(
                    self,
                    "from_location",
                    known_from.then(|| is(&from_ty, &["police"])),
                    format!("must be a police location for {human} move"),
                    &from_pointer,
                );
            }
            "prison_recall" | "video_remand" => check(
                self,
                "from_location",
                known_from.then(|| is(&from_ty, &["police"])),
                format!("must be a police location for {human} move"),
                &from_pointer,
            ),
            "prison_remand" => check(
                self,
                "to_location",
                known_to.then(|| is(&to_ty, PRISON_LIKE_LOCATION_TYPES)),
                format!(
                    "must be a prison, secure training centre or secure childrens hospital for {human} move"
                ),
                &to_pointer,
            ),
            "prison_transfer" => check(
                self,
                "from_location",
                known_from.then(|| is(&from_ty, PRISON_LIKE_LOCATION_TYPES)),
                format!(
                    "must be a prison, secure training centre or secure childrens hospital for {human} move"
                ),
                &from_pointer,
            ),
            _ => {}
        }
        Ok(())
    }

    fn order_warning(&mut self, after: &[&str], before: &[&str]) -> Result<(), Raise> {
        if self.eventable_type == "profiles" {
            return Err(Raise::Crash(crash(
                "the ordering check falls back to `eventable.generic_events`, which a Profile does not have",
                pointer::join(&["data", "relationships", "eventable", "data", "type"]),
            )));
        }
        let (Some(id), Some(this)) = (self.eventable_id, self.occurred_at) else {
            return Ok(());
        };
        let Fact::Known(stored) = self.facts.events_of(self.eventable_type, id) else {
            return Ok(());
        };
        for event in &stored {
            let Some(at) = parse_lenient_datetime(&event.occurred_at).map(|t| t.unix_seconds())
            else {
                continue;
            };
            let ty = event.event_type.as_str();
            if after.contains(&ty) && at > this {
                self.warnings.push(Warning::new(
                    WarningKind::OutOfOrder {
                        event_type: self.info.name,
                        before: true,
                        stored_type: ty.to_owned(),
                        stored_at: event.occurred_at.clone(),
                    },
                    ErrorSource::pointer("/data/attributes/occurred_at"),
                ));
            }
            if before.contains(&ty) && at < this {
                self.warnings.push(Warning::new(
                    WarningKind::OutOfOrder {
                        event_type: self.info.name,
                        before: false,
                        stored_type: ty.to_owned(),
                        stored_at: event.occurred_at.clone(),
                    },
                    ErrorSource::pointer("/data/attributes/occurred_at"),
                ));
            }
        }
        Ok(())
    }

    fn lodging_update(&mut self) -> Result<(), Raise> {
        let location_present = matches!(self.rel("location"), RelId::Id(v) if !v.is_blank());
        let old_location_present =
            matches!(self.rel("old_location"), RelId::Id(v) if !v.is_blank());
        if !location_present && self.blank("start_date") && self.blank("end_date") {
            for (attr, at) in [
                ("location_id", pointer::relationship("location")),
                ("start_date", pointer::detail("start_date")),
                ("end_date", pointer::detail("end_date")),
            ] {
                let mut e = model_error(attr, messages::BLANK, codes::BLANK, Failure::Blank, at);
                e.error = e.error.unverified();
                self.push(e);
            }
        }
        let pairs: [(&str, bool, bool, String); 3] = [
            (
                "location_id",
                location_present,
                old_location_present,
                pointer::relationship("old_location"),
            ),
            (
                "start_date",
                !self.blank("start_date"),
                !self.blank("old_start_date"),
                pointer::detail("old_start_date"),
            ),
            (
                "end_date",
                !self.blank("end_date"),
                !self.blank("old_end_date"),
                pointer::detail("old_end_date"),
            ),
        ];
        for (name, new, old, at) in pairs {
            if new && !old {
                let mut e = model_error(
                    format!("old_{name}"),
                    format!("must be present with {name}"),
                    "blank",
                    Failure::Blank,
                    at,
                );
                e.error = e.error.unverified();
                self.push(e);
            }
        }
        for field in ["start_date", "end_date", "old_start_date", "old_end_date"] {
            if !self.blank(field) {
                self.iso_date(field)?;
            }
        }
        Ok(())
    }
}

/// Rails' inclusion: a string equal to an allowed value, or an array of such strings.
fn included(value: &Json<'_>, values: &[&str]) -> bool {
    match value {
        Json::String(s) => values.contains(s),
        Json::Array(items) => items
            .iter()
            .all(|i| i.as_str().is_some_and(|s| values.contains(&s))),
        _ => false,
    }
}

/// Whether Ruby's `String#to_datetime` (`DateTime.parse`, i.e. `Date._parse`) reads a date in
/// the text. `Date._parse` is very lenient: any digit run or an English month or day name
/// gives it something to build from, and text with neither raises `invalid date`. When the
/// text holds an ISO `Y-M-D` date, `DateTime.parse` also checks that the day exists (no
/// roll-over: month 13 and February 30 raise).
fn ruby_to_datetime_parses(s: &str) -> bool {
    const NAMES: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon",
        "tue", "wed", "thu", "fri", "sat", "sun",
    ];
    if let Some(valid) = iso_civil_date_valid(s) {
        return valid;
    }
    let lower = s.to_ascii_lowercase();
    s.bytes().any(|b| b.is_ascii_digit()) || NAMES.iter().any(|n| lower.contains(n))
}

/// `Some(valid)` when `s` starts (after spaces) with `YYYY-MM-DD`: whether that day exists.
fn iso_civil_date_valid(s: &str) -> Option<bool> {
    let t = s.trim_start().as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = t.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if t.get(4) != Some(&b'-') || t.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    Some(crate::time::Date::new(i64::from(year), month, day).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_datetime_heuristic() {
        assert!(ruby_to_datetime_parses("2020-01-01"));
        assert!(ruby_to_datetime_parses("3 May"));
        assert!(!ruby_to_datetime_parses("abc"));
        assert!(!ruby_to_datetime_parses("2020-13-45T10:00:00+00:00"));
        assert!(!ruby_to_datetime_parses("2020-02-30T10:00:00+00:00"));
        assert!(ruby_to_datetime_parses("2020-02-29T10:00:00+00:00"));
    }
}
