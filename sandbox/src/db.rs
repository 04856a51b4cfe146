//! The SQLite schema, the records as Rust structs, and the small indexed queries everything
//! else is built from.
//!
//! Ids are canonical lower-case UUID text. Dates are `YYYY-MM-DD` text (so they sort), instants
//! are Unix seconds (plus nanoseconds for events, which keep the precision they were sent
//! with). Every table has SQLite's implicit `rowid`, which records insertion order: it breaks
//! ties wherever the API's order is by a value that can repeat.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::{Map, Value};

use crate::clock::Stamp;

/// Errors from the database layer.
pub type DbResult<T> = rusqlite::Result<T>;

const SCHEMA: &str = r"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suppliers (id TEXT PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS locations (
  id TEXT PRIMARY KEY, key TEXT NOT NULL, title TEXT NOT NULL, location_type TEXT NOT NULL,
  nomis_agency_id TEXT, can_upload_documents INTEGER NOT NULL DEFAULT 0, disabled_at TEXT,
  extradition_capable INTEGER NOT NULL DEFAULT 0,
  young_offender_institution INTEGER NOT NULL DEFAULT 0, region_id TEXT,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS supplier_locations (
  supplier_id TEXT NOT NULL, location_id TEXT NOT NULL, PRIMARY KEY (supplier_id, location_id));
CREATE INDEX IF NOT EXISTS supplier_locations_location ON supplier_locations(location_id);
CREATE TABLE IF NOT EXISTS people (
  id TEXT PRIMARY KEY, first_names TEXT, last_name TEXT, date_of_birth TEXT,
  gender_additional_information TEXT, prison_number TEXT, criminal_records_office TEXT,
  police_national_computer TEXT, gender_id TEXT, ethnicity_id TEXT, category TEXT,
  move_supported INTEGER, nomis_alerts TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL,
  csra TEXT);
CREATE INDEX IF NOT EXISTS people_prison_number ON people(prison_number);
CREATE TABLE IF NOT EXISTS profiles (
  id TEXT PRIMARY KEY, person_id TEXT NOT NULL, assessment_answers TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, category TEXT, csra TEXT,
  requires_youth_risk_assessment INTEGER);
CREATE INDEX IF NOT EXISTS profiles_person_created ON profiles(person_id, created_at);
CREATE TABLE IF NOT EXISTS complex_cases (id TEXT PRIMARY KEY, key TEXT NOT NULL, title TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS allocations (
  id TEXT PRIMARY KEY, date TEXT, moves_count INTEGER NOT NULL, status TEXT NOT NULL,
  estate TEXT, estate_comment TEXT, prisoner_category TEXT, sentence_length TEXT,
  sentence_length_comment TEXT, complete_in_full INTEGER NOT NULL DEFAULT 0,
  other_criteria TEXT, requested_by TEXT, complex_cases TEXT NOT NULL DEFAULT '[]',
  cancellation_reason TEXT, cancellation_reason_comment TEXT,
  from_location_id TEXT, to_location_id TEXT, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS allocations_date ON allocations(date);
CREATE TABLE IF NOT EXISTS moves (
  id TEXT PRIMARY KEY, reference TEXT NOT NULL UNIQUE, status TEXT NOT NULL, move_type TEXT,
  from_location_id TEXT, to_location_id TEXT, profile_id TEXT, allocation_id TEXT,
  supplier_id TEXT, date TEXT, date_from TEXT, date_to TEXT, time_due TEXT,
  additional_information TEXT, cancellation_reason TEXT, cancellation_reason_comment TEXT,
  rejection_reason TEXT, move_agreed INTEGER, move_agreed_by TEXT, reason_comment TEXT,
  recall_date TEXT, date_changed_reason TEXT, section_forty_six INTEGER, original_move_id TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS moves_date ON moves(date);
CREATE INDEX IF NOT EXISTS moves_allocation ON moves(allocation_id);
CREATE INDEX IF NOT EXISTS moves_profile ON moves(profile_id);
CREATE TABLE IF NOT EXISTS journeys (
  id TEXT PRIMARY KEY, move_id TEXT NOT NULL, supplier_id TEXT, from_location_id TEXT NOT NULL,
  to_location_id TEXT NOT NULL, state TEXT NOT NULL, billable INTEGER NOT NULL,
  vehicle TEXT, date TEXT, client_timestamp INTEGER NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS journeys_move ON journeys(move_id);
CREATE TABLE IF NOT EXISTS lodgings (
  id TEXT PRIMARY KEY, move_id TEXT NOT NULL, location_id TEXT NOT NULL, start_date TEXT NOT NULL,
  end_date TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS lodgings_move ON lodgings(move_id);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, eventable_type TEXT NOT NULL, eventable_id TEXT NOT NULL,
  event_type TEXT NOT NULL, classification TEXT NOT NULL, occurred_secs INTEGER NOT NULL,
  occurred_nanos INTEGER NOT NULL, recorded_secs INTEGER NOT NULL,
  recorded_nanos INTEGER NOT NULL, notes TEXT, created_by TEXT, details TEXT NOT NULL,
  supplier_id TEXT, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_eventable
  ON events(eventable_id, occurred_secs, occurred_nanos);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, method TEXT NOT NULL, path TEXT NOT NULL, fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS oauth_applications (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, uid TEXT NOT NULL UNIQUE, secret TEXT NOT NULL,
  scopes TEXT NOT NULL, owner_id TEXT);
CREATE TABLE IF NOT EXISTS oauth_access_tokens (
  token TEXT PRIMARY KEY, application_id TEXT NOT NULL, scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_in INTEGER NOT NULL);
";

/// Opens (and creates) the database: a file in WAL mode, or a private in-memory database.
pub fn open(path: Option<&Path>) -> DbResult<Connection> {
    let conn = match path {
        Some(p) => Connection::open(p)?,
        None => Connection::open_in_memory()?,
    };
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    if path.is_some() {
        // WAL + NORMAL: a commit survives the process being killed (SIGKILL); only a power
        // loss could drop the last transactions, which a local sandbox can accept.
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    }
    conn.execute_batch(SCHEMA)?;
    migrate(&conn)?;
    Ok(conn)
}

/// Columns added after a database file may have been created: added when missing.
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("people", "csra", "TEXT"),
    ("profiles", "category", "TEXT"),
    ("profiles", "csra", "TEXT"),
    ("profiles", "requires_youth_risk_assessment", "INTEGER"),
    // Upstream `people.latest_nomis_booking_id` (set when a person comes from NOMIS) and
    // `moves.nomis_event_id` (set by `Allocations::CreateInNomis`; `db/schema.rb` L383).
    ("people", "latest_nomis_booking_id", "INTEGER"),
    ("moves", "nomis_event_id", "INTEGER"),
];

fn migrate(conn: &Connection) -> DbResult<()> {
    for (table, column, kind) in ADDED_COLUMNS {
        let present: bool = conn.query_row(
            &format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = ?1"),
            [column],
            |r| r.get::<_, i64>(0).map(|n| n > 0),
        )?;
        if !present {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {kind};"))?;
        }
    }
    Ok(())
}

/// Opens a read-only connection to a database file that [`open`] has set up.
pub fn open_reader(path: &Path) -> DbResult<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA query_only=1;")?;
    Ok(conn)
}

/// Whether the database has been seeded.
pub fn is_seeded(conn: &Connection) -> DbResult<bool> {
    conn.query_row("SELECT 1 FROM meta WHERE key = 'seeded'", [], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// Records that seeding is done.
pub fn mark_seeded(conn: &Connection) -> DbResult<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', '1')",
        [],
    )?;
    Ok(())
}

fn json_text(v: &Value) -> String {
    v.to_string()
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn opt_bool(v: Option<i64>) -> Option<bool> {
    v.map(|n| n != 0)
}

// ---------------------------------------------------------------------------------------------
// Suppliers and locations
// ---------------------------------------------------------------------------------------------

/// A supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Supplier {
    /// Its id.
    pub id: String,
    /// Short key (`geoamey`).
    pub key: String,
    /// Its name.
    pub name: String,
}

/// A supplier by id.
pub fn supplier(conn: &Connection, id: &str) -> DbResult<Option<Supplier>> {
    conn.prepare_cached("SELECT id, key, name FROM suppliers WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Supplier {
                id: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
            })
        })
        .optional()
}

/// A location.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    /// Its id.
    pub id: String,
    /// Lower-case key (`bsi`).
    pub key: String,
    /// Title (`BRINSFORD (HMP)`).
    pub title: String,
    /// `prison`, `court`, `police`, `hospital`, …
    pub location_type: String,
    /// NOMIS agency id (`BSI`).
    pub nomis_agency_id: Option<String>,
    /// Whether documents can be uploaded there.
    pub can_upload_documents: bool,
    /// When it was discarded (inactive).
    pub disabled_at: Option<String>,
    /// Whether extradition moves may go there.
    pub extradition_capable: bool,
    /// Young offender institution flag.
    pub young_offender_institution: bool,
    /// Region id, if any.
    pub region_id: Option<String>,
    /// Creation instant.
    pub created_at: i64,
}

/// The columns [`location_row`] reads, in order.
pub const LOCATION_COLUMNS: &str = "id, key, title, location_type, nomis_agency_id, \
    can_upload_documents, disabled_at, extradition_capable, young_offender_institution, \
    region_id, created_at";

/// Reads a location from a row selected with [`LOCATION_COLUMNS`].
pub fn location_row(r: &Row<'_>) -> DbResult<Location> {
    Ok(Location {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        location_type: r.get(3)?,
        nomis_agency_id: r.get(4)?,
        can_upload_documents: r.get::<_, i64>(5)? != 0,
        disabled_at: r.get(6)?,
        extradition_capable: r.get::<_, i64>(7)? != 0,
        young_offender_institution: r.get::<_, i64>(8)? != 0,
        region_id: r.get(9)?,
        created_at: r.get(10)?,
    })
}

/// A location by id.
pub fn location(conn: &Connection, id: &str) -> DbResult<Option<Location>> {
    conn.prepare_cached(&format!(
        "SELECT {LOCATION_COLUMNS} FROM locations WHERE id = ?1"
    ))?
    .query_row([id], location_row)
    .optional()
}

/// Inserts a location.
pub fn insert_location(conn: &Connection, l: &Location) -> DbResult<()> {
    conn.execute(
        "INSERT INTO locations (id, key, title, location_type, nomis_agency_id, \
         can_upload_documents, disabled_at, extradition_capable, young_offender_institution, \
         region_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            l.id,
            l.key,
            l.title,
            l.location_type,
            l.nomis_agency_id,
            l.can_upload_documents,
            l.disabled_at,
            l.extradition_capable,
            l.young_offender_institution,
            l.region_id,
            l.created_at
        ],
    )?;
    Ok(())
}

/// The suppliers serving a location, by id.
pub fn location_supplier_ids(conn: &Connection, location_id: &str) -> DbResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT supplier_id FROM supplier_locations WHERE location_id = ?1 ORDER BY supplier_id",
    )?;
    let rows = stmt.query_map([location_id], |r| r.get(0))?;
    rows.collect()
}

/// The locations a supplier serves.
pub fn supplier_location_ids(conn: &Connection, supplier_id: &str) -> DbResult<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT location_id FROM supplier_locations WHERE supplier_id = ?1")?;
    let rows = stmt.query_map([supplier_id], |r| r.get(0))?;
    rows.collect()
}

// ---------------------------------------------------------------------------------------------
// People and profiles
// ---------------------------------------------------------------------------------------------

/// A person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// Its id.
    pub id: String,
    /// Given names (upper case, as NOMIS has them).
    pub first_names: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// Free text.
    pub gender_additional_information: Option<String>,
    /// `A1234BC`.
    pub prison_number: Option<String>,
    /// CRO number.
    pub criminal_records_office: Option<String>,
    /// PNC number.
    pub police_national_computer: Option<String>,
    /// Gender id (see the seed's genders).
    pub gender_id: Option<String>,
    /// Ethnicity id (see the seed's ethnicities).
    pub ethnicity_id: Option<String>,
    /// Prisoner category key (`a`, `b`, `c`, …).
    pub category: Option<String>,
    /// False when the category cannot be moved with this service.
    pub move_supported: Option<bool>,
    /// The alerts NOMIS holds: copied into each new profile's assessment answers.
    pub nomis_alerts: Value,
    /// Creation instant.
    pub created_at: i64,
    /// The cell-sharing risk assessment NOMIS holds (`Standard`, `High`): copied into each
    /// new profile (upstream `app/controllers/api/profiles_controller.rb`).
    pub csra: Option<String>,
}

/// The columns [`person_row`] reads, in order.
pub const PERSON_COLUMNS: &str = "id, first_names, last_name, date_of_birth, \
    gender_additional_information, prison_number, criminal_records_office, \
    police_national_computer, gender_id, ethnicity_id, category, move_supported, nomis_alerts, \
    created_at, csra";

/// Reads a person from a row selected with [`PERSON_COLUMNS`].
pub fn person_row(r: &Row<'_>) -> DbResult<Person> {
    Ok(Person {
        id: r.get(0)?,
        first_names: r.get(1)?,
        last_name: r.get(2)?,
        date_of_birth: r.get(3)?,
        gender_additional_information: r.get(4)?,
        prison_number: r.get(5)?,
        criminal_records_office: r.get(6)?,
        police_national_computer: r.get(7)?,
        gender_id: r.get(8)?,
        ethnicity_id: r.get(9)?,
        category: r.get(10)?,
        move_supported: opt_bool(r.get(11)?),
        nomis_alerts: parse_json(&r.get::<_, String>(12)?),
        created_at: r.get(13)?,
        csra: r.get(14)?,
    })
}

/// A person by id.
pub fn person(conn: &Connection, id: &str) -> DbResult<Option<Person>> {
    conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"
    ))?
    .query_row([id], person_row)
    .optional()
}

/// Inserts a person.
pub fn insert_person(conn: &Connection, p: &Person) -> DbResult<()> {
    conn.execute(
        "INSERT INTO people (id, first_names, last_name, date_of_birth, \
         gender_additional_information, prison_number, criminal_records_office, \
         police_national_computer, gender_id, ethnicity_id, category, move_supported, \
         nomis_alerts, created_at, csra) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            p.id,
            p.first_names,
            p.last_name,
            p.date_of_birth,
            p.gender_additional_information,
            p.prison_number,
            p.criminal_records_office,
            p.police_national_computer,
            p.gender_id,
            p.ethnicity_id,
            p.category,
            p.move_supported,
            json_text(&p.nomis_alerts),
            p.created_at,
            p.csra
        ],
    )?;
    Ok(())
}

/// A profile: a snapshot of a person's assessment answers for one move.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Its id.
    pub id: String,
    /// The person.
    pub person_id: String,
    /// The answers (a JSON array).
    pub assessment_answers: Value,
    /// Creation instant.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
    /// The person's category key when the profile was made (`A`, `C`, …; see
    /// [`crate::seed::CATEGORIES`]).
    pub category: Option<String>,
    /// The person's CSRA when the profile was made.
    pub csra: Option<String>,
    /// As sent (upstream permits it on create).
    pub requires_youth_risk_assessment: Option<bool>,
}

const PROFILE_COLUMNS: &str = "id, person_id, assessment_answers, created_at, updated_at, \
    category, csra, requires_youth_risk_assessment";

fn profile_row(r: &Row<'_>) -> DbResult<Profile> {
    Ok(Profile {
        id: r.get(0)?,
        person_id: r.get(1)?,
        assessment_answers: parse_json(&r.get::<_, String>(2)?),
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        category: r.get(5)?,
        csra: r.get(6)?,
        requires_youth_risk_assessment: opt_bool(r.get(7)?),
    })
}

/// A profile by id.
pub fn profile(conn: &Connection, id: &str) -> DbResult<Option<Profile>> {
    conn.prepare_cached(&format!(
        "SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = ?1"
    ))?
    .query_row([id], profile_row)
    .optional()
}

/// Inserts a profile.
pub fn insert_profile(conn: &Connection, p: &Profile) -> DbResult<()> {
    conn.execute(
        &format!(
            "INSERT INTO profiles ({PROFILE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            p.id,
            p.person_id,
            json_text(&p.assessment_answers),
            p.created_at,
            p.updated_at,
            p.category,
            p.csra,
            p.requires_youth_risk_assessment
        ],
    )?;
    Ok(())
}

/// A person's latest profile: `Person#latest_profile`, `profiles.max_by(&:updated_at)`
/// (upstream `app/models/person.rb` L62-64); of those updated at the same time, the first
/// made, as Ruby's `max_by` keeps the first maximum.
pub fn latest_profile_of_person(conn: &Connection, person_id: &str) -> DbResult<Option<String>> {
    conn.prepare_cached(
        "SELECT id FROM profiles WHERE person_id = ?1 \
         ORDER BY updated_at DESC, created_at, rowid LIMIT 1",
    )?
    .query_row([person_id], |r| r.get(0))
    .optional()
}

/// The ids of a person's profiles, oldest first.
pub fn profile_ids_of_person(conn: &Connection, person_id: &str) -> DbResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM profiles WHERE person_id = ?1 ORDER BY created_at, rowid",
    )?;
    let rows = stmt.query_map([person_id], |r| r.get(0))?;
    rows.collect()
}

// ---------------------------------------------------------------------------------------------
// Allocations
// ---------------------------------------------------------------------------------------------

/// An allocation: a request for N moves between two prisons on a date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Allocation {
    /// Its id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Number of non-cancelled moves.
    pub moves_count: i64,
    /// `unfilled`, `filled` or `cancelled`.
    pub status: String,
    /// Estate key.
    pub estate: Option<String>,
    /// Free text.
    pub estate_comment: Option<String>,
    /// Category key.
    pub prisoner_category: Option<String>,
    /// Sentence length key.
    pub sentence_length: Option<String>,
    /// Free text.
    pub sentence_length_comment: Option<String>,
    /// Whether all moves must happen together.
    pub complete_in_full: bool,
    /// Free text.
    pub other_criteria: Option<String>,
    /// Who asked.
    pub requested_by: Option<String>,
    /// The complex case answers (a JSON array).
    pub complex_cases: Value,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
    /// Comment on the cancellation.
    pub cancellation_reason_comment: Option<String>,
    /// From location id.
    pub from_location_id: Option<String>,
    /// To location id.
    pub to_location_id: Option<String>,
    /// Creation instant.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// The columns [`allocation_row`] reads, in order.
pub const ALLOCATION_COLUMNS: &str = "id, date, moves_count, status, estate, estate_comment, \
    prisoner_category, sentence_length, sentence_length_comment, complete_in_full, \
    other_criteria, requested_by, complex_cases, cancellation_reason, \
    cancellation_reason_comment, from_location_id, to_location_id, created_at, updated_at";

/// Reads an allocation from a row selected with [`ALLOCATION_COLUMNS`].
pub fn allocation_row(r: &Row<'_>) -> DbResult<Allocation> {
    Ok(Allocation {
        id: r.get(0)?,
        date: r.get(1)?,
        moves_count: r.get(2)?,
        status: r.get(3)?,
        estate: r.get(4)?,
        estate_comment: r.get(5)?,
        prisoner_category: r.get(6)?,
        sentence_length: r.get(7)?,
        sentence_length_comment: r.get(8)?,
        complete_in_full: r.get::<_, i64>(9)? != 0,
        other_criteria: r.get(10)?,
        requested_by: r.get(11)?,
        complex_cases: parse_json(&r.get::<_, String>(12)?),
        cancellation_reason: r.get(13)?,
        cancellation_reason_comment: r.get(14)?,
        from_location_id: r.get(15)?,
        to_location_id: r.get(16)?,
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

/// An allocation by id.
pub fn allocation(conn: &Connection, id: &str) -> DbResult<Option<Allocation>> {
    conn.prepare_cached(&format!(
        "SELECT {ALLOCATION_COLUMNS} FROM allocations WHERE id = ?1"
    ))?
    .query_row([id], allocation_row)
    .optional()
}

/// Inserts or updates an allocation (keeping its insertion order).
pub fn save_allocation(conn: &Connection, a: &Allocation) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO allocations (id, date, moves_count, status, estate, estate_comment, \
         prisoner_category, sentence_length, sentence_length_comment, complete_in_full, \
         other_criteria, requested_by, complex_cases, cancellation_reason, \
         cancellation_reason_comment, from_location_id, to_location_id, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) \
         ON CONFLICT(id) DO UPDATE SET date = excluded.date, moves_count = excluded.moves_count, \
         status = excluded.status, cancellation_reason = excluded.cancellation_reason, \
         cancellation_reason_comment = excluded.cancellation_reason_comment, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        a.id,
        a.date,
        a.moves_count,
        a.status,
        a.estate,
        a.estate_comment,
        a.prisoner_category,
        a.sentence_length,
        a.sentence_length_comment,
        a.complete_in_full,
        a.other_criteria,
        a.requested_by,
        json_text(&a.complex_cases),
        a.cancellation_reason,
        a.cancellation_reason_comment,
        a.from_location_id,
        a.to_location_id,
        a.created_at,
        a.updated_at
    ])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Moves
// ---------------------------------------------------------------------------------------------

/// A move.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Move {
    /// Its id.
    pub id: String,
    /// `ABC1234D`.
    pub reference: String,
    /// `proposed`, `requested`, `booked`, `in_transit`, `completed` or `cancelled`.
    pub status: String,
    /// One of the ten move types.
    pub move_type: Option<String>,
    /// From location id.
    pub from_location_id: Option<String>,
    /// To location id.
    pub to_location_id: Option<String>,
    /// Profile id.
    pub profile_id: Option<String>,
    /// Allocation id.
    pub allocation_id: Option<String>,
    /// Supplier id.
    pub supplier_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_to: Option<String>,
    /// London date-time text.
    pub time_due: Option<String>,
    /// Free text.
    pub additional_information: Option<String>,
    /// Why it was cancelled.
    pub cancellation_reason: Option<String>,
    /// Comment on the cancellation.
    pub cancellation_reason_comment: Option<String>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// Whether the move was agreed.
    pub move_agreed: Option<bool>,
    /// Who agreed it.
    pub move_agreed_by: Option<String>,
    /// Free text.
    pub reason_comment: Option<String>,
    /// `YYYY-MM-DD`.
    pub recall_date: Option<String>,
    /// Why the date changed.
    pub date_changed_reason: Option<String>,
    /// Section 46 flag.
    pub section_forty_six: Option<bool>,
    /// The move this one rebooks.
    pub original_move_id: Option<String>,
    /// Creation instant.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// The columns [`move_row`] reads, in order (qualified with `m.`).
pub const MOVE_COLUMNS: &str = "m.id, m.reference, m.status, m.move_type, m.from_location_id, \
    m.to_location_id, m.profile_id, m.allocation_id, m.supplier_id, m.date, m.date_from, \
    m.date_to, m.time_due, m.additional_information, m.cancellation_reason, \
    m.cancellation_reason_comment, m.rejection_reason, m.move_agreed, m.move_agreed_by, \
    m.reason_comment, m.recall_date, m.date_changed_reason, m.section_forty_six, \
    m.original_move_id, m.created_at, m.updated_at";

/// Reads a move from a row selected with [`MOVE_COLUMNS`].
pub fn move_row(r: &Row<'_>) -> DbResult<Move> {
    Ok(Move {
        id: r.get(0)?,
        reference: r.get(1)?,
        status: r.get(2)?,
        move_type: r.get(3)?,
        from_location_id: r.get(4)?,
        to_location_id: r.get(5)?,
        profile_id: r.get(6)?,
        allocation_id: r.get(7)?,
        supplier_id: r.get(8)?,
        date: r.get(9)?,
        date_from: r.get(10)?,
        date_to: r.get(11)?,
        time_due: r.get(12)?,
        additional_information: r.get(13)?,
        cancellation_reason: r.get(14)?,
        cancellation_reason_comment: r.get(15)?,
        rejection_reason: r.get(16)?,
        move_agreed: opt_bool(r.get(17)?),
        move_agreed_by: r.get(18)?,
        reason_comment: r.get(19)?,
        recall_date: r.get(20)?,
        date_changed_reason: r.get(21)?,
        section_forty_six: opt_bool(r.get(22)?),
        original_move_id: r.get(23)?,
        created_at: r.get(24)?,
        updated_at: r.get(25)?,
    })
}

/// A move by id.
pub fn get_move(conn: &Connection, id: &str) -> DbResult<Option<Move>> {
    conn.prepare_cached(&format!(
        "SELECT {MOVE_COLUMNS} FROM moves m WHERE m.id = ?1"
    ))?
    .query_row([id], move_row)
    .optional()
}

/// The id of the move with this reference.
pub fn move_id_by_reference(conn: &Connection, reference: &str) -> DbResult<Option<String>> {
    conn.prepare_cached("SELECT id FROM moves WHERE reference = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()
}

/// Inserts or updates a move (keeping its insertion order).
pub fn save_move(conn: &Connection, m: &Move) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO moves (id, reference, status, move_type, from_location_id, to_location_id, \
         profile_id, allocation_id, supplier_id, date, date_from, date_to, time_due, \
         additional_information, cancellation_reason, cancellation_reason_comment, \
         rejection_reason, move_agreed, move_agreed_by, reason_comment, recall_date, \
         date_changed_reason, section_forty_six, original_move_id, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26) \
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, move_type = excluded.move_type, \
         from_location_id = excluded.from_location_id, to_location_id = excluded.to_location_id, \
         profile_id = excluded.profile_id, supplier_id = excluded.supplier_id, \
         date = excluded.date, date_from = excluded.date_from, date_to = excluded.date_to, \
         time_due = excluded.time_due, additional_information = excluded.additional_information, \
         cancellation_reason = excluded.cancellation_reason, \
         cancellation_reason_comment = excluded.cancellation_reason_comment, \
         rejection_reason = excluded.rejection_reason, move_agreed = excluded.move_agreed, \
         move_agreed_by = excluded.move_agreed_by, reason_comment = excluded.reason_comment, \
         recall_date = excluded.recall_date, date_changed_reason = excluded.date_changed_reason, \
         section_forty_six = excluded.section_forty_six, updated_at = excluded.updated_at",
    )?
    .execute(params![
        m.id,
        m.reference,
        m.status,
        m.move_type,
        m.from_location_id,
        m.to_location_id,
        m.profile_id,
        m.allocation_id,
        m.supplier_id,
        m.date,
        m.date_from,
        m.date_to,
        m.time_due,
        m.additional_information,
        m.cancellation_reason,
        m.cancellation_reason_comment,
        m.rejection_reason,
        m.move_agreed,
        m.move_agreed_by,
        m.reason_comment,
        m.recall_date,
        m.date_changed_reason,
        m.section_forty_six,
        m.original_move_id,
        m.created_at,
        m.updated_at
    ])?;
    Ok(())
}

/// The moves of an allocation, in creation order.
pub fn moves_of_allocation(conn: &Connection, allocation_id: &str) -> DbResult<Vec<Move>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MOVE_COLUMNS} FROM moves m WHERE m.allocation_id = ?1 ORDER BY m.rowid"
    ))?;
    let rows = stmt.query_map([allocation_id], move_row)?;
    rows.collect()
}

/// Whether the move has a MoveLockout event (relaxes its location rules).
pub fn has_lockout(conn: &Connection, move_id: &str) -> DbResult<bool> {
    conn.prepare_cached(
        "SELECT 1 FROM events WHERE eventable_id = ?1 AND eventable_type = 'moves' \
         AND event_type = 'MoveLockout' LIMIT 1",
    )?
    .query_row([move_id], |_| Ok(()))
    .optional()
    .map(|r| r.is_some())
}

// ---------------------------------------------------------------------------------------------
// Journeys and lodgings
// ---------------------------------------------------------------------------------------------

/// A journey: one leg of a move.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Journey {
    /// Its id.
    pub id: String,
    /// The move.
    pub move_id: String,
    /// The supplier that owns it.
    pub supplier_id: Option<String>,
    /// From location id.
    pub from_location_id: String,
    /// To location id.
    pub to_location_id: String,
    /// `proposed`, `rejected`, `in_progress`, `completed` or `cancelled`.
    pub state: String,
    /// Whether the supplier may bill it.
    pub billable: bool,
    /// Free JSON object (`id`, `registration`, `depot`).
    pub vehicle: Option<Value>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The client's timestamp (Unix seconds).
    pub client_timestamp: i64,
    /// Creation instant.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

const JOURNEY_COLUMNS: &str = "id, move_id, supplier_id, from_location_id, to_location_id, \
    state, billable, vehicle, date, client_timestamp, created_at, updated_at";

fn journey_row(r: &Row<'_>) -> DbResult<Journey> {
    Ok(Journey {
        id: r.get(0)?,
        move_id: r.get(1)?,
        supplier_id: r.get(2)?,
        from_location_id: r.get(3)?,
        to_location_id: r.get(4)?,
        state: r.get(5)?,
        billable: r.get::<_, i64>(6)? != 0,
        vehicle: r.get::<_, Option<String>>(7)?.map(|t| parse_json(&t)),
        date: r.get(8)?,
        client_timestamp: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

/// A journey by id.
pub fn journey(conn: &Connection, id: &str) -> DbResult<Option<Journey>> {
    conn.prepare_cached(&format!(
        "SELECT {JOURNEY_COLUMNS} FROM journeys WHERE id = ?1"
    ))?
    .query_row([id], journey_row)
    .optional()
}

/// A move's journeys, ordered by the client's timestamp.
pub fn journeys_of_move(conn: &Connection, move_id: &str) -> DbResult<Vec<Journey>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {JOURNEY_COLUMNS} FROM journeys WHERE move_id = ?1 ORDER BY client_timestamp, rowid"
    ))?;
    let rows = stmt.query_map([move_id], journey_row)?;
    rows.collect()
}

/// Inserts or updates a journey.
pub fn save_journey(conn: &Connection, j: &Journey) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO journeys (id, move_id, supplier_id, from_location_id, to_location_id, state, \
         billable, vehicle, date, client_timestamp, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
         ON CONFLICT(id) DO UPDATE SET supplier_id = excluded.supplier_id, state = excluded.state, \
         billable = excluded.billable, vehicle = excluded.vehicle, date = excluded.date, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        j.id,
        j.move_id,
        j.supplier_id,
        j.from_location_id,
        j.to_location_id,
        j.state,
        j.billable,
        j.vehicle.as_ref().map(json_text),
        j.date,
        j.client_timestamp,
        j.created_at,
        j.updated_at
    ])?;
    Ok(())
}

/// A lodging: an overnight stop of a move.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lodging {
    /// Its id.
    pub id: String,
    /// The move.
    pub move_id: String,
    /// Where.
    pub location_id: String,
    /// Exactly as sent.
    pub start_date: String,
    /// Exactly as sent.
    pub end_date: String,
    /// `proposed`, `started`, `completed` or `cancelled`.
    pub status: String,
    /// Creation instant.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

const LODGING_COLUMNS: &str =
    "id, move_id, location_id, start_date, end_date, status, created_at, updated_at";

fn lodging_row(r: &Row<'_>) -> DbResult<Lodging> {
    Ok(Lodging {
        id: r.get(0)?,
        move_id: r.get(1)?,
        location_id: r.get(2)?,
        start_date: r.get(3)?,
        end_date: r.get(4)?,
        status: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// A lodging by id.
pub fn lodging(conn: &Connection, id: &str) -> DbResult<Option<Lodging>> {
    conn.prepare_cached(&format!(
        "SELECT {LODGING_COLUMNS} FROM lodgings WHERE id = ?1"
    ))?
    .query_row([id], lodging_row)
    .optional()
}

/// A move's lodgings, ordered by start date.
pub fn lodgings_of_move(conn: &Connection, move_id: &str) -> DbResult<Vec<Lodging>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LODGING_COLUMNS} FROM lodgings WHERE move_id = ?1 ORDER BY start_date, rowid"
    ))?;
    let rows = stmt.query_map([move_id], lodging_row)?;
    rows.collect()
}

/// Inserts or updates a lodging.
pub fn save_lodging(conn: &Connection, l: &Lodging) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO lodgings (id, move_id, location_id, start_date, end_date, status, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT(id) DO UPDATE SET location_id = excluded.location_id, \
         start_date = excluded.start_date, end_date = excluded.end_date, \
         status = excluded.status, updated_at = excluded.updated_at",
    )?
    .execute(params![
        l.id,
        l.move_id,
        l.location_id,
        l.start_date,
        l.end_date,
        l.status,
        l.created_at,
        l.updated_at
    ])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// A stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Its id.
    pub id: String,
    /// `moves`, `journeys`, `lodgings`, `person_escort_records`, …
    pub eventable_type: String,
    /// The record it is about.
    pub eventable_id: String,
    /// The stored event type.
    pub event_type: String,
    /// `default`, `incident`, `medical`, …
    pub classification: String,
    /// When it happened.
    pub occurred_at: Stamp,
    /// When it was recorded.
    pub recorded_at: Stamp,
    /// Free text.
    pub notes: Option<String>,
    /// `X-Current-User`, or the token's owner.
    pub created_by: Option<String>,
    /// The kept details, plus `<relationship>_id` for each other relationship.
    pub details: Map<String, Value>,
    /// The calling supplier.
    pub supplier_id: Option<String>,
    /// When the sandbox stored it.
    pub created_at: i64,
}

const EVENT_COLUMNS: &str = "id, eventable_type, eventable_id, event_type, classification, \
    occurred_secs, occurred_nanos, recorded_secs, recorded_nanos, notes, created_by, details, \
    supplier_id, created_at";

fn event_row(r: &Row<'_>) -> DbResult<Event> {
    let details = match parse_json(&r.get::<_, String>(11)?) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    Ok(Event {
        id: r.get(0)?,
        eventable_type: r.get(1)?,
        eventable_id: r.get(2)?,
        event_type: r.get(3)?,
        classification: r.get(4)?,
        occurred_at: Stamp {
            secs: r.get(5)?,
            nanos: r.get(6)?,
        },
        recorded_at: Stamp {
            secs: r.get(7)?,
            nanos: r.get(8)?,
        },
        notes: r.get(9)?,
        created_by: r.get(10)?,
        details,
        supplier_id: r.get(12)?,
        created_at: r.get(13)?,
    })
}

/// Stores an event.
pub fn insert_event(conn: &Connection, e: &Event) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO events (id, eventable_type, eventable_id, event_type, classification, \
         occurred_secs, occurred_nanos, recorded_secs, recorded_nanos, notes, created_by, details, \
         supplier_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        e.id,
        e.eventable_type,
        e.eventable_id,
        e.event_type,
        e.classification,
        e.occurred_at.secs,
        e.occurred_at.nanos,
        e.recorded_at.secs,
        e.recorded_at.nanos,
        e.notes,
        e.created_by,
        Value::Object(e.details.clone()).to_string(),
        e.supplier_id,
        e.created_at
    ])?;
    Ok(())
}

/// The events of a record in `occurred_at` order (ties in the order they were stored): the
/// order the API replays them in.
pub fn events_of(conn: &Connection, eventable_type: &str, id: &str) -> DbResult<Vec<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE eventable_id = ?1 AND eventable_type = ?2 \
         ORDER BY occurred_secs, occurred_nanos, rowid"
    ))?;
    let rows = stmt.query_map([id, eventable_type], event_row)?;
    rows.collect()
}

/// The type and `occurred_at` of a record's events, in `occurred_at` order (what core asks
/// for; no details to read).
pub fn event_times_of(
    conn: &Connection,
    eventable_type: &str,
    id: &str,
) -> DbResult<Vec<(String, Stamp)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event_type, occurred_secs, occurred_nanos FROM events WHERE eventable_id = ?1 \
         AND eventable_type = ?2 ORDER BY occurred_secs, occurred_nanos, rowid",
    )?;
    let rows = stmt.query_map([id, eventable_type], |r| {
        Ok((
            r.get(0)?,
            Stamp {
                secs: r.get(1)?,
                nanos: r.get(2)?,
            },
        ))
    })?;
    rows.collect()
}

/// A record's events of the given types, in `occurred_at` order (the events a replay applies).
pub fn events_of_types(
    conn: &Connection,
    eventable_type: &str,
    id: &str,
    types: &[&str],
) -> DbResult<Vec<Event>> {
    let marks = vec!["?"; types.len()].join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE eventable_id = ? AND eventable_type = ? \
         AND event_type IN ({marks}) ORDER BY occurred_secs, occurred_nanos, rowid"
    ))?;
    let args = [id, eventable_type]
        .into_iter()
        .chain(types.iter().copied());
    let rows = stmt.query_map(rusqlite::params_from_iter(args), event_row)?;
    rows.collect()
}

/// The events of a move and of its journeys, in `occurred_at` order: its timeline.
pub fn timeline_of_move(
    conn: &Connection,
    move_id: &str,
    person_id: Option<&str>,
) -> DbResult<Vec<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE (eventable_type = 'moves' AND eventable_id = ?1) \
         OR (eventable_type = 'people' AND eventable_id = ?2) \
         OR (eventable_type = 'journeys' AND eventable_id IN \
             (SELECT id FROM journeys WHERE move_id = ?1)) \
         OR (eventable_type = 'lodgings' AND eventable_id IN \
             (SELECT id FROM lodgings WHERE move_id = ?1)) \
         ORDER BY occurred_secs, occurred_nanos, rowid"
    ))?;
    let rows = stmt.query_map(params![move_id, person_id], event_row)?;
    rows.collect()
}

/// An event by id.
pub fn event(conn: &Connection, id: &str) -> DbResult<Option<Event>> {
    conn.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"))?
        .query_row([id], event_row)
        .optional()
}

// ---------------------------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------------------------

/// A response stored under an idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    /// The request's method.
    pub method: String,
    /// The request's path and query.
    pub path: String,
    /// `basm_core::fingerprint` of the request.
    pub fingerprint: String,
    /// The status answered.
    pub status: u16,
    /// The body answered.
    pub body: Vec<u8>,
    /// When it was answered.
    pub created_at: i64,
}

/// What is stored under a key.
pub fn stored_response(conn: &Connection, key: &str) -> DbResult<Option<StoredResponse>> {
    conn.prepare_cached(
        "SELECT method, path, fingerprint, status, body, created_at FROM idempotency WHERE key = ?1",
    )?
    .query_row([key], |r| {
        Ok(StoredResponse {
            method: r.get(0)?,
            path: r.get(1)?,
            fingerprint: r.get(2)?,
            status: r.get(3)?,
            body: r.get(4)?,
            created_at: r.get(5)?,
        })
    })
    .optional()
}

/// Stores a response under a key (replacing an expired one).
pub fn store_response(conn: &Connection, key: &str, r: &StoredResponse) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency (key, method, path, fingerprint, status, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        key,
        r.method,
        r.path,
        r.fingerprint,
        r.status,
        r.body,
        r.created_at
    ])?;
    Ok(())
}

/// Forgets keys older than `before` (the API keeps a key reserved for 12 hours).
pub fn expire_keys(conn: &Connection, before: i64) -> DbResult<usize> {
    conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [before])
}

// ---------------------------------------------------------------------------------------------
// NOMIS transfers (`create_in_nomis`)
// ---------------------------------------------------------------------------------------------

/// Gives every person who came from NOMIS (a prison number) a NOMIS booking id, as
/// upstream's import does (`Person#latest_nomis_booking_id`): deterministic, from the
/// insertion order.
pub fn give_booking_ids(conn: &Connection) -> DbResult<()> {
    conn.execute(
        "UPDATE people SET latest_nomis_booking_id = 1200000 + rowid \
         WHERE prison_number IS NOT NULL AND latest_nomis_booking_id IS NULL",
        [],
    )?;
    Ok(())
}

/// The NOMIS booking id of the person on move `id` (through its profile), if any.
pub fn move_booking_id(conn: &Connection, id: &str) -> DbResult<Option<i64>> {
    conn.prepare_cached(
        "SELECT p.latest_nomis_booking_id FROM moves m JOIN profiles pr ON pr.id = m.profile_id \
         JOIN people p ON p.id = pr.person_id WHERE m.id = ?1",
    )?
    .query_row([id], |r| r.get::<_, Option<i64>>(0))
    .optional()
    .map(Option::flatten)
}

/// Move `id`'s `nomis_event_id`, if NOMIS has made its transfer.
pub fn nomis_event_id(conn: &Connection, id: &str) -> DbResult<Option<i64>> {
    conn.prepare_cached("SELECT nomis_event_id FROM moves WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<i64>>(0))
        .optional()
        .map(Option::flatten)
}

/// Records the transfer NOMIS made for move `id`: a new event id (NOMIS's own, here the
/// next of a counter), returned.
pub fn record_nomis_transfer(conn: &Connection, id: &str) -> DbResult<i64> {
    let next: i64 = conn.query_row(
        "SELECT COALESCE(MAX(nomis_event_id), 468000000) + 1 FROM moves",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "UPDATE moves SET nomis_event_id = ?2 WHERE id = ?1",
        params![id, next],
    )?;
    Ok(next)
}
