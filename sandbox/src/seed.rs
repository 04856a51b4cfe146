//! Seed data: the walkthrough's prisons and person, about twenty locations with the suppliers
//! serving them, about fifty people with NOMIS alerts, and the allocation complex cases.
//!
//! Everything is deterministic (ids are hashes of names), so a fresh database always holds
//! the same records and tests can name them. People's names are synthetic; institutions are
//! public reference data, as in the API's own reference endpoints.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::clock::Stamp;
use crate::db::{self, DbResult, Location, Move, Person, Profile};

/// BRINSFORD (HMP), as in walkthrough 6.2.
pub const BSI_ID: &str = "067c2855-fa41-493d-9c80-1311a4f7ba45";
/// ISLE OF WIGHT (HMP), as in walkthrough 6.2.
pub const IWI_ID: &str = "056eed18-772b-45b3-b64a-4d7d563641f7";
/// The walkthrough's person, prison number `G8133UA`.
pub const WALKTHROUGH_PERSON_ID: &str = "747f3914-620a-441a-847f-472c79def26c";
/// The walkthrough's second person record: the seed page's `GET /api/moves` response has
/// two `people` with prison number `G8133UA`, the same name, date of birth, CRO and PNC
/// numbers (the API does not keep prison numbers unique), and so does the sandbox.
pub const SECOND_PERSON_ID: &str = "fee70079-08c0-4d1c-a125-bfac8caf24c1";
/// A third person, `G5142UX`, for adding several people at once.
pub const G5142UX_PERSON_ID: &str = "b3d5a0c2-7f1e-4c8a-9e62-5142a0c2e1f7";
/// The walkthrough's `hold_separately` complex case.
pub const HOLD_SEPARATELY_ID: &str = "8952537a-ecf7-4e25-93d1-2ad67651ad99";
/// The walkthrough's ethnicity.
pub const ETHNICITY_ID: &str = "a4f988ba-5ebc-4b24-9dfe-b7fa0c23c30e";
/// The walkthrough's gender.
pub const GENDER_ID: &str = "ffac6763-26d6-4425-8005-6e5d052aed88";

/// When the seed records were "created": 2020-01-01T00:00:00Z.
pub const SEED_TIME: i64 = 1_577_836_800;

/// A deterministic UUID (version-4 shaped) from a name: two FNV-1a hashes.
pub fn seed_id(name: &str) -> String {
    let hash = |basis: u64| {
        name.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let hi = hash(0xcbf2_9ce4_8422_2325);
    let lo = hash(0x8422_2325_cbf2_9ce4);
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// The two suppliers: (id, key, name).
pub fn suppliers() -> Vec<(String, &'static str, &'static str)> {
    vec![
        (seed_id("supplier geoamey"), "geoamey", "GEOAmey"),
        (seed_id("supplier serco"), "serco", "Serco"),
    ]
}

/// The GEOAmey supplier's id.
pub fn geoamey_id() -> String {
    seed_id("supplier geoamey")
}

/// The prisoner categories the sandbox's people have: (key, title, move_supported), as
/// upstream `lib/tasks/data/categories.yml` (NOMIS category codes; `A`, `E` and `H` are the
/// category-A codes this service does not move).
pub const CATEGORIES: &[(&str, &str, bool)] = &[
    ("A", "Category A", false),
    ("B", "Category B", true),
    ("C", "Category C", true),
    ("D", "Category D", true),
    ("E", "Category A Ex", false),
    ("H", "Cat A Hi", false),
    ("I", "YOI Closed", true),
    ("R", "Fem Closed", true),
    ("U", "Unsentenced", true),
];

/// A category by key: (id, key, title, move_supported).
pub fn category(key: &str) -> Option<(String, &'static str, &'static str, bool)> {
    CATEGORIES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(k, title, supported)| (seed_id(&format!("category {k}")), k, title, supported))
}

/// Whether the service moves people of a category (unknown keys: yes, as upstream
/// `Move#validate_prisoner_category` only refuses `move_supported == false`).
pub fn category_supported(key: &str) -> bool {
    category(key).is_none_or(|c| c.3)
}

/// A category by id.
pub fn category_by_id(id: &str) -> Option<(String, &'static str, &'static str, bool)> {
    CATEGORIES
        .iter()
        .filter_map(|(k, _, _)| category(k))
        .find(|c| c.0 == id)
}

/// A new profile of a person: their NOMIS alerts, category and CSRA as they are now.
pub fn profile_of(person: &Person, id: String, at: i64) -> Profile {
    Profile {
        id,
        person_id: person.id.clone(),
        assessment_answers: person.nomis_alerts.clone(),
        created_at: at,
        updated_at: at,
        category: person.category.clone(),
        csra: person.csra.clone(),
        requires_youth_risk_assessment: None,
    }
}

/// The Serco supplier's id.
pub fn serco_id() -> String {
    seed_id("supplier serco")
}

/// One seeded location and the supplier key serving it.
#[derive(Debug, Clone)]
pub struct SeedLocation {
    /// The record.
    pub location: Location,
    /// Supplier keys serving it.
    pub suppliers: Vec<&'static str>,
}

/// The seeded locations.
pub fn locations() -> Vec<SeedLocation> {
    // (key/NOMIS code, title, type, suppliers, fixed id)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
        Option<&'static str>,
    );
    let rows: &[Row] = &[
        (
            "BSI",
            "BRINSFORD (HMP)",
            "prison",
            &["geoamey"],
            Some(BSI_ID),
        ),
        (
            "IWI",
            "ISLE OF WIGHT (HMP)",
            "prison",
            &["serco"],
            Some(IWI_ID),
        ),
        ("WWI", "WANDSWORTH (HMP)", "prison", &["serco"], None),
        ("PVI", "PENTONVILLE (HMP)", "prison", &["serco"], None),
        ("BAI", "BELMARSH (HMP)", "prison", &["serco"], None),
        ("BMI", "BIRMINGHAM (HMP)", "prison", &["geoamey"], None),
        ("LEI", "LEEDS (HMP)", "prison", &["geoamey"], None),
        ("MRI", "MANCHESTER (HMP)", "prison", &["geoamey"], None),
        ("LPI", "LIVERPOOL (HMP)", "prison", &["geoamey"], None),
        ("CFI", "CARDIFF (HMP)", "prison", &["geoamey"], None),
        ("BLI", "BRISTOL (HMP)", "prison", &["serco"], None),
        ("NMI", "NOTTINGHAM (HMP)", "prison", &["geoamey"], None),
        ("DMI", "DURHAM (HMP)", "prison", &["geoamey"], None),
        ("FMI", "FELTHAM (HMP & YOI)", "prison", &["serco"], None),
        ("HLI", "HOLLOWAY (HMP)", "prison", &["serco"], None),
        (
            "WSTMMC",
            "WESTMINSTER MAGISTRATES COURT",
            "court",
            &["serco"],
            None,
        ),
        (
            "BIRMCC",
            "BIRMINGHAM CROWN COURT",
            "court",
            &["geoamey"],
            None,
        ),
        (
            "LEEDMC",
            "LEEDS MAGISTRATES COURT",
            "court",
            &["geoamey"],
            None,
        ),
        ("CARDCC", "CARDIFF CROWN COURT", "court", &["geoamey"], None),
        (
            "MPS013",
            "CHARING CROSS POLICE STATION",
            "police",
            &["serco"],
            None,
        ),
        (
            "WMP004",
            "BIRMINGHAM CENTRAL POLICE STATION",
            "police",
            &["geoamey"],
            None,
        ),
        (
            "MPS099",
            "HEATHROW AIRPORT POLICE STATION",
            "police",
            &["serco"],
            None,
        ),
        (
            "RBHOSP",
            "ROYAL BERKSHIRE HOSPITAL",
            "hospital",
            &["serco"],
            None,
        ),
    ];
    rows.iter()
        .map(|(code, title, kind, suppliers, fixed)| SeedLocation {
            location: Location {
                id: fixed.map_or_else(|| seed_id(&format!("location {code}")), str::to_owned),
                key: code.to_ascii_lowercase(),
                title: (*title).to_owned(),
                location_type: (*kind).to_owned(),
                nomis_agency_id: Some((*code).to_owned()),
                can_upload_documents: false,
                // Holloway closed in 2016: an inactive location, refused by move rules.
                disabled_at: (*code == "HLI").then(|| "2016-07-01T00:00:00+01:00".to_owned()),
                extradition_capable: *code == "MPS099",
                young_offender_institution: *code == "FMI",
                region_id: None,
                created_at: SEED_TIME,
            },
            suppliers: suppliers.to_vec(),
        })
        .collect()
}

/// The id of a seeded location by its NOMIS code.
pub fn location_id(code: &str) -> String {
    match code {
        "BSI" => BSI_ID.to_owned(),
        "IWI" => IWI_ID.to_owned(),
        other => seed_id(&format!("location {other}")),
    }
}

/// The allocation complex cases: (id, key, title).
pub fn complex_cases() -> Vec<(String, &'static str, &'static str)> {
    vec![
        (
            HOLD_SEPARATELY_ID.to_owned(),
            "hold_separately",
            "Segregated prisoners",
        ),
        (
            seed_id("complex self_harm"),
            "self_harm",
            "Self harm / prisoners on ACCT",
        ),
        (
            seed_id("complex mental_health_issue"),
            "mental_health_issue",
            "Mental health issues",
        ),
        (
            seed_id("complex under_drug_treatment"),
            "under_drug_treatment",
            "Integrated Drug Treatment System",
        ),
    ]
}

/// Genders: (id, key, title, NOMIS code).
pub fn genders() -> Vec<(String, &'static str, &'static str, &'static str)> {
    vec![
        (GENDER_ID.to_owned(), "male", "Male", "M"),
        (seed_id("gender female"), "female", "Female", "F"),
    ]
}

/// Ethnicities: (id, key, title, NOMIS code).
pub fn ethnicities() -> Vec<(String, &'static str, &'static str, &'static str)> {
    vec![
        (
            ETHNICITY_ID.to_owned(),
            "w1",
            "White: Eng./Welsh/Scot./N.Irish/British",
            "W1",
        ),
        (
            seed_id("ethnicity a1"),
            "a1",
            "Asian/Asian British: Indian",
            "A1",
        ),
        (
            seed_id("ethnicity b1"),
            "b1",
            "Black/Black British: Caribbean",
            "B1",
        ),
        (
            seed_id("ethnicity m1"),
            "m1",
            "Mixed: White and Black Caribbean",
            "M1",
        ),
        (
            seed_id("ethnicity o9"),
            "o9",
            "Any other ethnic group",
            "O9",
        ),
    ]
}

/// One NOMIS alert as an assessment answer.
#[allow(clippy::too_many_arguments)]
fn answer(
    title: &str,
    comments: Option<&str>,
    created_at: &str,
    expires_at: Option<&str>,
    question: &str,
    category: &str,
    key: &str,
    alert: (&str, &str, &str, &str),
) -> Value {
    json!({
        "title": title,
        "comments": comments,
        "created_at": created_at,
        "expires_at": expires_at,
        "assessment_question_id": question,
        "category": category,
        "key": key,
        "nomis_alert_type": alert.0,
        "nomis_alert_code": alert.1,
        "nomis_alert_type_description": alert.2,
        "nomis_alert_description": alert.3,
        "imported_from_nomis": true
    })
}

const OTHER_RISKS_Q: &str = "4e37ac1a-a461-45a8-bca9-f0e994d3105e";
const VIOLENT_Q: &str = "af8cfc67-757c-4019-9d5e-618017de1617";
const HEALTH_Q: &str = "8872ad2e-b1b6-44c1-a937-b7540e633355";

/// The walkthrough person's assessment answers, exactly as the walkthrough shows them.
pub fn walkthrough_answers() -> Value {
    Value::Array(vec![
        answer(
            "Any other risks",
            Some("lAzCdJPxAuYiYJlAzCdJPxAuYiYJ"),
            "2014-10-17",
            Some("2015-11-04"),
            OTHER_RISKS_Q,
            "risk",
            "other_risks",
            ("P", "P0", "MAPPP Case", "MAPPA Nominal"),
        ),
        answer(
            "Violent",
            None,
            "2015-02-22",
            None,
            VIOLENT_Q,
            "risk",
            "violent",
            ("R", "ROM", "Risk", "OASys Serious Harm-Medium"),
        ),
        answer(
            "Violent",
            Some("HRErJMfhUuLHisGPkEhGRpvHSvjfHHRErJMfhUuLHisGPkEhGRpvHSvjfH"),
            "2017-02-03",
            None,
            VIOLENT_Q,
            "risk",
            "violent",
            ("P", "PC2", "MAPPP Case", "MAPPA Cat 2"),
        ),
        answer(
            "Health issue",
            None,
            "2014-07-28",
            None,
            HEALTH_Q,
            "health",
            "health_issue",
            ("DISAB", "ND", "Unknown", "No Disability"),
        ),
        answer(
            "Health issue",
            None,
            "2014-07-31",
            None,
            HEALTH_Q,
            "health",
            "health_issue",
            ("DISAB", "ND", "Unknown", "No Disability"),
        ),
        answer(
            "Health issue",
            None,
            "2014-10-16",
            None,
            HEALTH_Q,
            "health",
            "health_issue",
            ("DISAB", "ND", "Unknown", "No Disability"),
        ),
    ])
}

/// The alert catalogue the generated people draw from: (title, category, key, alert).
type Alert = (
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str, &'static str, &'static str),
);
const ALERTS: &[Alert] = &[
    (
        "Violent",
        "risk",
        "violent",
        ("R", "ROM", "Risk", "OASys Serious Harm-Medium"),
    ),
    (
        "Escape",
        "risk",
        "escape",
        ("X", "XER", "Security", "Escape Risk"),
    ),
    (
        "Self harm",
        "risk",
        "self_harm",
        ("H", "HA", "Self Harm", "ACCT Open (HMPS)"),
    ),
    (
        "Hold separately",
        "risk",
        "hold_separately",
        ("X", "XSA", "Security", "Staff Assaulter"),
    ),
    (
        "Concealed items",
        "risk",
        "concealed_items",
        ("X", "XCI", "Security", "Concealed Items"),
    ),
    (
        "Any other risks",
        "risk",
        "other_risks",
        ("P", "P0", "MAPPP Case", "MAPPA Nominal"),
    ),
    (
        "Health issue",
        "health",
        "health_issue",
        ("DISAB", "ND", "Unknown", "No Disability"),
    ),
    (
        "Medication",
        "health",
        "medication",
        ("M", "MAS", "Medical", "Asthmatic"),
    ),
    (
        "Special diet or allergy",
        "health",
        "special_diet_or_allergy",
        ("M", "MFH", "Medical", "Food Allergy"),
    ),
];

fn question_id(key: &str) -> String {
    match key {
        "violent" => VIOLENT_Q.to_owned(),
        "other_risks" => OTHER_RISKS_Q.to_owned(),
        "health_issue" => HEALTH_Q.to_owned(),
        other => seed_id(&format!("question {other}")),
    }
}

const FIRST_A: &[&str] = &[
    "AL", "BRE", "CO", "DA", "ELO", "FEN", "GA", "HAL", "IVO", "JAS", "KEL", "LOR", "MAR", "NIL",
    "ORIN", "PEL", "QUIN", "RAV", "SOL", "TAV",
];
const FIRST_B: &[&str] = &[
    "DRIC", "WEN", "BARIS", "NETH", "MIRO", "STAN", "VELL", "RICK", "DON", "LAS",
];
const LAST_A: &[&str] = &[
    "ASH", "BRAM", "CORN", "DUN", "EVER", "FAR", "GLEN", "HOLL", "KIRK", "MOR", "NORTH", "PEN",
    "RAV", "STON", "THORN", "WEST", "YARD",
];
const LAST_B: &[&str] = &[
    "WICKEY", "FORDAN", "BECKLE", "HALLOW", "DRASE", "MERE", "TONNEY", "SLEY",
];
const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRTUVWXY";

/// One generated person (index 0..=47).
fn generated_person(i: usize) -> (Person, Value) {
    let first = format!(
        "{}{}",
        FIRST_A[i % FIRST_A.len()],
        FIRST_B[(i * 7) % FIRST_B.len()]
    );
    let last = format!(
        "{}{}",
        LAST_A[(i * 5) % LAST_A.len()],
        LAST_B[(i * 3) % LAST_B.len()]
    );
    let letter = |n: usize| char::from(LETTERS[n % LETTERS.len()]);
    let digits = 1000 + (i * 173) % 9000;
    let prison_number = format!(
        "{}{digits:04}{}{}",
        letter(i),
        letter(i * 3 + 1),
        letter(i * 5 + 2)
    );
    let year = 1960 + (i * 11) % 45;
    let month = 1 + (i * 5) % 12;
    let day = 1 + (i * 13) % 28;
    // Two people in category A: the API refuses to move them with this service.
    let category = match i {
        5 | 23 => "A",
        _ if i.is_multiple_of(3) => "B",
        _ if i % 3 == 1 => "C",
        _ => "D",
    };
    let supported = category_supported(category);
    let alert_count = 1 + i % 4;
    let answers: Vec<Value> = (0..alert_count)
        .map(|k| {
            let (title, category, key, alert) = ALERTS[(i * 3 + k * 5) % ALERTS.len()];
            let created = format!(
                "{}-{:02}-{:02}",
                2012 + (i + k) % 10,
                1 + (i + k * 4) % 12,
                1 + (i * 7 + k) % 28
            );
            answer(
                title,
                None,
                &created,
                None,
                &question_id(key),
                category,
                key,
                alert,
            )
        })
        .collect();
    let genders = genders();
    let ethnicities = ethnicities();
    let person = Person {
        id: seed_id(&format!("person {prison_number}")),
        first_names: Some(first),
        last_name: Some(last),
        date_of_birth: Some(format!("{year}-{month:02}-{day:02}")),
        gender_additional_information: None,
        criminal_records_office: Some(format!(
            "{:06}/{:02}{}",
            100_000 + i * 4_111,
            10 + i % 10,
            letter(i + 7)
        )),
        police_national_computer: Some(format!(
            "{:02}/{:06}{}",
            10 + i % 10,
            100_000 + i * 7_919,
            letter(i + 3)
        )),
        prison_number: Some(prison_number),
        gender_id: Some(genders[usize::from(i % 7 == 3)].0.clone()),
        ethnicity_id: Some(ethnicities[i % ethnicities.len()].0.clone()),
        category: Some(category.to_owned()),
        move_supported: Some(supported),
        nomis_alerts: Value::Null,
        created_at: SEED_TIME,
        csra: Some(if i % 4 == 2 { "High" } else { "Standard" }.to_owned()),
    };
    (person, Value::Array(answers))
}

/// One of the walkthrough's two G8133UA records: the seed page (walkthrough 6.2) has two
/// person records with the same attributes, differing only in their ids.
fn walkthrough_person(id: &str) -> Person {
    Person {
        id: id.to_owned(),
        first_names: Some("DOMSANIGH".into()),
        last_name: Some("CASEDY".into()),
        date_of_birth: Some("1995-11-17".into()),
        gender_additional_information: None,
        prison_number: Some("G8133UA".into()),
        criminal_records_office: Some("351774/14D".into()),
        police_national_computer: Some("14/120018R".into()),
        gender_id: Some(GENDER_ID.into()),
        ethnicity_id: Some(ETHNICITY_ID.into()),
        category: Some("C".into()),
        move_supported: Some(category_supported("C")),
        nomis_alerts: walkthrough_answers(),
        created_at: SEED_TIME,
        csra: Some("Standard".into()),
    }
}

/// The seeded people, walkthrough people first.
pub fn people() -> Vec<Person> {
    let mut out = vec![
        walkthrough_person(WALKTHROUGH_PERSON_ID),
        walkthrough_person(SECOND_PERSON_ID),
        Person {
            id: G5142UX_PERSON_ID.to_owned(),
            first_names: Some("ORLANDRIC".into()),
            last_name: Some("FENWICKEY".into()),
            date_of_birth: Some("1991-04-09".into()),
            gender_additional_information: None,
            prison_number: Some("G5142UX".into()),
            criminal_records_office: Some("288140/12K".into()),
            police_national_computer: Some("12/044613T".into()),
            gender_id: Some(GENDER_ID.into()),
            ethnicity_id: Some(ETHNICITY_ID.into()),
            category: Some("C".into()),
            move_supported: Some(category_supported("C")),
            nomis_alerts: walkthrough_answers(),
            created_at: SEED_TIME,
            csra: Some("Standard".into()),
        },
    ];
    for i in 0..48 {
        let (mut person, answers) = generated_person(i);
        person.nomis_alerts = answers;
        out.push(person);
    }
    out
}

/// Writes the seed into an empty database.
pub fn seed(conn: &Connection) -> DbResult<()> {
    for (id, key, name) in suppliers() {
        conn.execute(
            "INSERT INTO suppliers (id, key, name) VALUES (?1, ?2, ?3)",
            params![id, key, name],
        )?;
    }
    let supplier_ids = suppliers();
    for seed in locations() {
        db::insert_location(conn, &seed.location)?;
        for key in seed.suppliers {
            if let Some((sid, _, _)) = supplier_ids.iter().find(|(_, k, _)| *k == key) {
                conn.execute(
                    "INSERT INTO supplier_locations (supplier_id, location_id) VALUES (?1, ?2)",
                    params![sid, seed.location.id],
                )?;
            }
        }
    }
    for (id, key, title) in complex_cases() {
        conn.execute(
            "INSERT INTO complex_cases (id, key, title) VALUES (?1, ?2, ?3)",
            params![id, key, title],
        )?;
    }
    for person in people() {
        db::insert_person(conn, &person)?;
        // Each person already has one profile, as people in the API usually do.
        db::insert_profile(
            conn,
            &profile_of(
                &person,
                seed_id(&format!("profile {}", person.id)),
                SEED_TIME,
            ),
        )?;
    }
    db::give_booking_ids(conn)?;
    db::mark_seeded(conn)
}

/// Adds `count` requested prison-transfer moves between seeded prisons, each with a profile,
/// spread over 30 days from `first_date` (for demos and benchmarks).
pub fn demo_moves(
    conn: &Connection,
    count: usize,
    first_date: basm_core::time::Date,
    now: Stamp,
) -> DbResult<()> {
    let prisons: Vec<(String, String)> = locations()
        .into_iter()
        .filter(|l| l.location.location_type == "prison" && l.location.disabled_at.is_none())
        .map(|l| {
            let supplier = match l.suppliers.first() {
                Some(&"serco") => serco_id(),
                _ => geoamey_id(),
            };
            (l.location.id, supplier)
        })
        .collect();
    // Only people the service can move (no category A): these moves must be ones the API
    // would have accepted.
    let people: Vec<Person> = people()
        .into_iter()
        .filter(|p| p.move_supported != Some(false))
        .collect();
    if prisons.len() < 2 || people.is_empty() {
        return Ok(());
    }
    for i in 0..count {
        let from = &prisons[i % prisons.len()];
        let to = &prisons[(i / prisons.len() + i + 1) % prisons.len()];
        let to = if to.0 == from.0 {
            &prisons[(i + 2) % prisons.len()]
        } else {
            to
        };
        let person = &people[i % people.len()];
        let profile_id = seed_id(&format!("demo profile {i}"));
        db::insert_profile(conn, &profile_of(person, profile_id.clone(), now.secs))?;
        let m = Move {
            id: seed_id(&format!("demo move {i}")),
            reference: demo_reference(i),
            status: "requested".into(),
            move_type: Some("prison_transfer".into()),
            from_location_id: Some(from.0.clone()),
            to_location_id: Some(to.0.clone()),
            profile_id: Some(profile_id),
            supplier_id: Some(from.1.clone()),
            date: Some(
                first_date
                    .add_days(i64::try_from(i % 30).unwrap_or(0))
                    .to_string(),
            ),
            created_at: now.secs,
            updated_at: now.secs,
            ..Move::default()
        };
        db::save_move(conn, &m)?;
        db::insert_event(
            conn,
            &db::Event {
                id: seed_id(&format!("demo event {i}")),
                eventable_type: "moves".into(),
                eventable_id: m.id.clone(),
                event_type: "MoveRequested".into(),
                classification: "default".into(),
                occurred_at: now,
                recorded_at: now,
                notes: Some("Seeded demo move".into()),
                created_by: None,
                details: serde_json::Map::new(),
                supplier_id: None,
                created_at: now.secs,
            },
        )?;
    }
    Ok(())
}

/// A unique reference of the API's shape for demo move `i` (3 distinct letters, 4 distinct
/// non-zero digits, 1 letter).
fn demo_reference(i: usize) -> String {
    const L: &[u8] = b"ACEFHJKMNPRTUVWXY";
    const D: &[u8] = b"123456789";
    let pick = |set: &[u8], mut n: usize, k: usize| -> String {
        let mut pool: Vec<u8> = set.to_vec();
        let mut out = String::new();
        for _ in 0..k {
            let idx = n % pool.len();
            n /= pool.len();
            out.push(char::from(pool.remove(idx)));
        }
        out
    };
    // Digits first from the low part of i so that each i gives a distinct reference.
    let digits = pick(D, i, 4);
    let letters = pick(L, i / 3024, 3);
    let last = char::from(L[(i / 7) % L.len()]);
    format!("{letters}{digits}{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_uuids() {
        let id = seed_id("x");
        assert_eq!(id, seed_id("x"));
        assert!(basm_core::context::is_uuid(&id));
        assert_ne!(seed_id("x"), seed_id("y"));
    }

    #[test]
    fn people_have_unique_prison_numbers_but_the_walkthroughs() {
        let people = people();
        assert_eq!(people.len(), 51);
        let mut numbers: Vec<String> = people
            .iter()
            .filter_map(|p| p.prison_number.clone())
            .collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 50);
        let walkthrough: Vec<&Person> = people
            .iter()
            .filter(|p| p.prison_number.as_deref() == Some("G8133UA"))
            .collect();
        assert_eq!(walkthrough.len(), 2);
        assert_eq!(walkthrough[0].id, WALKTHROUGH_PERSON_ID);
        assert_eq!(walkthrough[1].id, SECOND_PERSON_ID);
        assert_eq!(
            walkthrough[0].police_national_computer,
            walkthrough[1].police_national_computer
        );
        assert!(
            people
                .iter()
                .filter(|p| p.move_supported == Some(false))
                .count()
                >= 2
        );
    }

    #[test]
    fn demo_references_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..5000 {
            let r = demo_reference(i);
            assert_eq!(r.len(), 8);
            assert!(seen.insert(r));
        }
    }
}
