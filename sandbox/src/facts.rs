//! `basm_core::Facts` over the database: every question core may ask is one small indexed
//! query, answered inside the request's transaction. The database is the whole truth, so a
//! missing row is `Fact::Missing` (never `Unknown`), and every member of a record it returns
//! is known (`Member::Value`, or `Member::Null` for an empty column, never `Member::Unknown`):
//! every check of core runs.
//!
//! A database error while answering cannot be returned through the trait; it is remembered
//! and the request is answered 503 instead of trusting a verdict built on a wrong fact.

use std::cell::RefCell;

use basm_core::context::{
    AllocationFacts, IdempotencyRecord, JourneyFacts, LocationFacts, LodgingFacts, MoveFacts,
    PerFacts, PersonFacts, ProfileFacts, StoredEvent, SupplierFacts,
};
use basm_core::time::{london_date_of, london_rfc3339};
use basm_core::{Caller, Fact, Facts, Member};
use rusqlite::{Connection, OptionalExtension};

use crate::clock::Stamp;
use crate::db::{self, DbResult};

/// How long a stored response is replayed (`api-conventions.md` §4).
pub const REPLAY_SECS: i64 = 10 * 60;
/// How long a used key stays reserved.
pub const RESERVED_SECS: i64 = 12 * 60 * 60;

/// Facts read from the database within one transaction.
pub struct DbFacts<'c> {
    /// The transaction's connection.
    pub conn: &'c Connection,
    /// Who is calling.
    pub caller: Caller,
    /// The calling supplier, for supplier tokens.
    pub supplier_id: Option<String>,
    /// Now.
    pub now: Stamp,
    /// The first database error met, if any.
    pub error: RefCell<Option<rusqlite::Error>>,
}

impl<'c> DbFacts<'c> {
    /// Facts for one request.
    pub fn new(
        conn: &'c Connection,
        caller: Caller,
        supplier_id: Option<String>,
        now: Stamp,
    ) -> Self {
        DbFacts {
            conn,
            caller,
            supplier_id,
            now,
            error: RefCell::new(None),
        }
    }

    /// A query's answer as a fact: a row is `Known`, no row `Missing`; an error is remembered
    /// and reported as `Missing` (the verdict is then discarded).
    fn fact<T>(&self, result: DbResult<Option<T>>) -> Fact<T> {
        match result {
            Ok(Some(t)) => Fact::Known(t),
            Ok(None) => Fact::Missing,
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                Fact::Missing
            }
        }
    }

    /// Takes the database error met while answering, if any.
    pub fn take_error(&self) -> Option<rusqlite::Error> {
        self.error.borrow_mut().take()
    }

    fn location_facts(&self, id: &str) -> DbResult<Option<LocationFacts>> {
        let Some(l) = db::location(self.conn, id)? else {
            return Ok(None);
        };
        Ok(Some(LocationFacts {
            location_type: l.location_type.into(),
            disabled: l.disabled_at.is_some().into(),
            extradition_capable: l.extradition_capable.into(),
            supplier_ids: db::location_supplier_ids(self.conn, id)?.into(),
        }))
    }

    fn move_facts(&self, id: &str) -> DbResult<Option<MoveFacts>> {
        let Some(m) = db::get_move(self.conn, id)? else {
            return Ok(None);
        };
        let person_id = match &m.profile_id {
            Some(p) => db::profile(self.conn, p)?.map(|p| p.person_id),
            None => None,
        };
        Ok(Some(MoveFacts {
            status: m.status.into(),
            reference: m.reference.into(),
            move_type: m.move_type.into(),
            from_location_id: m.from_location_id.into(),
            to_location_id: m.to_location_id.into(),
            profile_id: m.profile_id.into(),
            person_id: person_id.into(),
            allocation_id: m.allocation_id.into(),
            date: m.date.into(),
            date_from: m.date_from.into(),
            date_to: m.date_to.into(),
            supplier_id: m.supplier_id.into(),
            has_lockout: db::has_lockout(self.conn, id)?.into(),
            cancellation_reason: m.cancellation_reason.into(),
            rejection_reason: m.rejection_reason.into(),
        }))
    }

    fn allocation_facts(&self, id: &str) -> DbResult<Option<AllocationFacts>> {
        let Some(a) = db::allocation(self.conn, id)? else {
            return Ok(None);
        };
        let move_ids = db::moves_of_allocation(self.conn, id)?
            .into_iter()
            .map(|m| m.id)
            .collect();
        Ok(Some(AllocationFacts {
            status: a.status.into(),
            date: a.date.into(),
            move_ids: Member::Value(move_ids),
        }))
    }

    fn duplicate(
        &self,
        person: &str,
        from: &str,
        to: Option<&str>,
        date: &str,
        except: &str,
    ) -> DbResult<Option<String>> {
        // `IS`: a move with no to-location matches the others with none, as the API's
        // `where(to_location_id: nil)` does.
        self.conn
            .prepare_cached(
                "SELECT m.id FROM moves m JOIN profiles p ON p.id = m.profile_id \
                 WHERE p.person_id = ?1 AND m.from_location_id = ?2 AND m.to_location_id IS ?3 \
                 AND m.date = ?4 AND m.id != ?5 AND m.status NOT IN ('proposed', 'cancelled') \
                 ORDER BY m.rowid LIMIT 1",
            )?
            .query_row(rusqlite::params![person, from, to, date, except], |r| {
                r.get(0)
            })
            .optional()
    }

    fn idempotency(&self, key: &str) -> DbResult<Option<IdempotencyRecord>> {
        let Some(stored) = db::stored_response(self.conn, key)? else {
            return Ok(None);
        };
        let age = self.now.secs - stored.created_at;
        if age >= RESERVED_SECS {
            return Ok(None);
        }
        Ok(Some(IdempotencyRecord {
            method: stored.method,
            path: stored.path,
            fingerprint: stored.fingerprint,
            replayable: age < REPLAY_SECS,
            status: Some(stored.status),
        }))
    }
}

fn journey_facts(j: db::Journey) -> JourneyFacts {
    JourneyFacts {
        move_id: j.move_id.into(),
        state: j.state.into(),
        from_location_id: j.from_location_id.into(),
        to_location_id: j.to_location_id.into(),
        supplier_id: j.supplier_id.into(),
    }
}

fn lodging_facts(l: db::Lodging) -> LodgingFacts {
    LodgingFacts {
        move_id: l.move_id.into(),
        status: l.status.into(),
        start_date: l.start_date.into(),
        end_date: l.end_date.into(),
        location_id: l.location_id.into(),
    }
}

impl Facts for DbFacts<'_> {
    fn caller(&self) -> Caller {
        self.caller
    }

    fn caller_supplier_id(&self) -> Option<String> {
        self.supplier_id.clone()
    }

    fn location(&self, id: &str) -> Fact<LocationFacts> {
        self.fact(self.location_facts(id))
    }

    fn move_(&self, id: &str) -> Fact<MoveFacts> {
        self.fact(self.move_facts(id))
    }

    fn move_by_reference(&self, reference: &str) -> Fact<String> {
        self.fact(db::move_id_by_reference(self.conn, reference))
    }

    fn journey(&self, id: &str) -> Fact<JourneyFacts> {
        self.fact(db::journey(self.conn, id).map(|j| j.map(journey_facts)))
    }

    fn lodging(&self, id: &str) -> Fact<LodgingFacts> {
        self.fact(db::lodging(self.conn, id).map(|l| l.map(lodging_facts)))
    }

    fn allocation(&self, id: &str) -> Fact<AllocationFacts> {
        self.fact(self.allocation_facts(id))
    }

    fn person(&self, id: &str) -> Fact<PersonFacts> {
        self.fact(db::person(self.conn, id).map(|p| {
            p.map(|p| PersonFacts {
                prison_number: p.prison_number.into(),
                category: p.category.into(),
                move_supported: p.move_supported.into(),
            })
        }))
    }

    fn profile(&self, id: &str) -> Fact<ProfileFacts> {
        self.fact(db::profile(self.conn, id).map(|p| {
            p.map(|p| ProfileFacts {
                person_id: p.person_id.into(),
            })
        }))
    }

    fn person_escort_record(&self, _id: &str) -> Fact<PerFacts> {
        // The sandbox keeps no person escort records.
        Fact::Missing
    }

    fn supplier(&self, id: &str) -> Fact<SupplierFacts> {
        self.fact(db::supplier(self.conn, id).map(|s| {
            s.map(|s| SupplierFacts {
                name: s.name.into(),
            })
        }))
    }

    fn duplicate_move(
        &self,
        person_id: &str,
        from: &str,
        to: Option<&str>,
        date: &str,
        except: Option<&str>,
    ) -> Fact<String> {
        self.fact(self.duplicate(person_id, from, to, date, except.unwrap_or("")))
    }

    fn journeys_of_move(&self, move_id: &str) -> Fact<Vec<(String, JourneyFacts)>> {
        let list = db::journeys_of_move(self.conn, move_id).map(|js| {
            Some(
                js.into_iter()
                    .map(|j| (j.id.clone(), journey_facts(j)))
                    .collect(),
            )
        });
        self.fact(list)
    }

    fn lodgings_of_move(&self, move_id: &str) -> Fact<Vec<(String, LodgingFacts)>> {
        let list = db::lodgings_of_move(self.conn, move_id).map(|ls| {
            Some(
                ls.into_iter()
                    .map(|l| (l.id.clone(), lodging_facts(l)))
                    .collect(),
            )
        });
        self.fact(list)
    }

    fn profiles_of_person(&self, person_id: &str) -> Fact<Vec<String>> {
        self.fact(db::profile_ids_of_person(self.conn, person_id).map(Some))
    }

    fn events_of(&self, eventable_type: &str, id: &str) -> Fact<Vec<StoredEvent>> {
        let list = db::event_times_of(self.conn, eventable_type, id).map(|events| {
            Some(
                events
                    .into_iter()
                    .map(|(event_type, at)| StoredEvent {
                        event_type,
                        occurred_at: london_rfc3339(at.secs, at.nanos),
                    })
                    .collect(),
            )
        });
        self.fact(list)
    }

    fn idempotency_key(&self, key: &str) -> Fact<IdempotencyRecord> {
        self.fact(self.idempotency(key))
    }

    fn today(&self) -> Option<String> {
        Some(london_date_of(self.now.secs).to_string())
    }
}
