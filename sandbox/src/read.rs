//! The read endpoints: lists with the API's filters, sort orders and pagination
//! (`api-conventions.md` §5), and single records.

use basm_core::Caller;
use basm_core::context::canonical_uuid;
use basm_core::kaminari::{self, Page};
use basm_core::time::{london_midnight, parse_strptime_ymd};
use rusqlite::types::Value as Sql;
use serde_json::{Value, json};

use crate::ctx::{Ctx, Fault, Outcome, Reply};
use crate::db::{self, DbResult};
use crate::seed;
use crate::serialize::{self, Doc, Fields, Rec, Ser};

/// The page a list request asks for, as Kaminari reads it (core's [`kaminari::page`]).
fn page_of(ctx: &Ctx<'_>) -> Page {
    kaminari::page(&ctx.request)
}

/// Records a page holds, as SQL takes it (never 0: core refuses a request Kaminari reads as
/// `per(0)`).
fn limit(page: &Page) -> i64 {
    i64::try_from(page.per_page.limit().max(1)).unwrap_or(i64::MAX)
}

/// The page's number, as SQL and the links take it.
fn number(page: &Page) -> i64 {
    i64::try_from(page.number).unwrap_or(i64::MAX)
}

/// Records before the page, as SQL takes it.
fn offset(page: &Page) -> i64 {
    i64::try_from(page.offset()).unwrap_or(i64::MAX)
}

/// A list document (upstream `Serializable#paginate`): `data`, `included`, absolute `links`
/// with the query's parameters sorted and escaped as Rails' `to_query` does, and
/// `meta.pagination` with `per_page` as the request gave it (a query's string, a body's
/// value), else 20.
fn list_document(ctx: &Ctx<'_>, doc: Doc<'_>, data: Vec<Value>, total: i64, page: &Page) -> Value {
    let per = limit(page);
    let total_pages = (total + per - 1) / per;
    let current = number(page);
    let path = ctx
        .raw_path
        .split_once('?')
        .map_or(ctx.raw_path.as_str(), |(p, _)| p);
    // `url_for_page` writes `options[:per_page]`, `params[:per_page] || 20`, with `to_query`.
    let per_page_text = page
        .per_page_given
        .as_ref()
        .and_then(|_| ctx.rails_param("per_page"))
        .unwrap_or_else(|| kaminari::DEFAULT_PER_PAGE.to_string());
    // The query as a Rails params hash: the last value of a key wins.
    let mut params: Vec<(String, String)> = Vec::new();
    for (key, value) in ctx.query.iter() {
        if key == "page" || key == "per_page" {
            continue;
        }
        params.retain(|(k, _)| k != key);
        params.push((key.clone(), value.clone()));
    }
    let url = |n: i64| {
        let mut pairs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}={}", cgi_escape(k), cgi_escape(v)))
            .collect();
        pairs.push(format!("page={n}"));
        pairs.push(format!("per_page={}", cgi_escape(&per_page_text)));
        pairs.sort();
        format!("{}{path}?{}", ctx.base_url, pairs.join("&"))
    };
    let no_pages = total_pages == 0;
    let mut doc = doc.finish(Value::Array(data));
    doc["meta"] = json!({
        "pagination": {
            "per_page": page.per_page_given.clone().unwrap_or(json!(kaminari::DEFAULT_PER_PAGE)),
            "total_pages": total_pages,
            "total_objects": total,
        }
    });
    doc["links"] = json!({
        "self": url(current),
        "first": url(1),
        // Kaminari: no `prev` on the first page nor on a page past the last.
        "prev": if no_pages || current <= 1 || current > total_pages { Value::Null } else { Value::String(url(current - 1)) },
        "next": if no_pages || current >= total_pages { Value::Null } else { Value::String(url(current + 1)) },
        "last": url(if no_pages { 1 } else { total_pages }),
    });
    doc
}

/// `CGI.escape`: unreserved characters kept, space as `+`, the rest percent-encoded.
fn cgi_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A comma-separated filter's items.
fn items(value: &str) -> Vec<String> {
    value.split(',').map(str::to_owned).collect()
}

/// Ids in a filter: canonical when they are ids (an item that is not can match nothing).
fn id_items(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|v| canonical_uuid(v).unwrap_or_else(|| v.to_owned()))
        .collect()
}

/// A SQL `WHERE` being built, with its arguments.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    args: Vec<Sql>,
}

impl Where {
    fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Sql>) {
        self.clauses.push(clause.to_owned());
        self.args.extend(args);
    }

    fn any_of(&mut self, column: &str, values: Vec<String>) {
        let marks = vec!["?"; values.len()].join(", ");
        self.push(
            &format!("{column} IN ({marks})"),
            values.into_iter().map(Sql::Text),
        );
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn ymd(value: &str) -> Option<String> {
    parse_strptime_ymd(value).map(|d| d.to_string())
}

fn count(ctx: &Ctx<'_>, from: &str, w: &Where) -> DbResult<i64> {
    ctx.conn.query_row(
        &format!("SELECT COUNT(*) {from}{}", w.sql()),
        rusqlite::params_from_iter(w.args.iter()),
        |r| r.get(0),
    )
}

/// What a paged list reads from the database: the columns of its rows, the `FROM …` they come
/// from, their order, and the function that reads a row.
struct ListQuery<'q, T> {
    columns: &'q str,
    from: &'q str,
    order: &'q str,
    row: fn(&rusqlite::Row<'_>) -> DbResult<T>,
}

/// The page the request asks for of the rows `w` selects, each rendered as `ser` (`rec` makes
/// its record) with the request's `include=` and the serializer's `fields`, as a list document.
fn paged_list<T>(
    ctx: &Ctx<'_>,
    query: ListQuery<'_, T>,
    w: &Where,
    (ser, rec, fields): (Ser, fn(T) -> Rec, Fields),
) -> Outcome {
    let page = page_of(ctx);
    let total = count(ctx, query.from, w)?;
    let mut args = w.args.clone();
    args.push(Sql::Integer(limit(&page)));
    args.push(Sql::Integer(offset(&page)));
    let rows: Vec<T> = ctx
        .conn
        .prepare_cached(&format!(
            "SELECT {} {}{} ORDER BY {} LIMIT ? OFFSET ?",
            query.columns,
            query.from,
            w.sql(),
            query.order
        ))?
        .query_map(rusqlite::params_from_iter(args.iter()), query.row)?
        .collect::<DbResult<_>>()?;
    let mut doc = Doc::new(ctx.conn, ctx.rails_param("include").as_deref(), fields);
    let mut data = Vec::with_capacity(rows.len());
    for row in rows {
        data.push(doc.primary(ser, &rec(row))?);
    }
    Ok(Reply::ok(list_document(ctx, doc, data, total, &page)))
}

/// Moves a supplier token may see: its own, or to/from a location it serves.
fn visible_moves(ctx: &Ctx<'_>, w: &mut Where) {
    if ctx.caller == Caller::Supplier
        && let Some(s) = &ctx.supplier_id
    {
        w.push(
            "(m.supplier_id = ? OR m.from_location_id IN (SELECT location_id FROM supplier_locations WHERE supplier_id = ?) \
             OR m.to_location_id IN (SELECT location_id FROM supplier_locations WHERE supplier_id = ?))",
            [Sql::Text(s.clone()), Sql::Text(s.clone()), Sql::Text(s.clone())],
        );
    }
}

/// `GET /api/moves` (v2).
pub fn moves_index(ctx: &Ctx<'_>) -> Outcome {
    let mut w = Where::default();
    visible_moves(ctx, &mut w);
    if let Some(d) = ctx.filter("date_from").as_deref().and_then(ymd) {
        w.push("m.date >= ?", [Sql::Text(d)]);
    }
    if let Some(d) = ctx.filter("date_to").as_deref().and_then(ymd) {
        w.push("m.date <= ?", [Sql::Text(d)]);
    }
    if let Some(d) = ctx
        .filter("created_at_from")
        .as_deref()
        .and_then(parse_strptime_ymd)
    {
        w.push("m.created_at >= ?", [Sql::Integer(london_midnight(d))]);
    }
    if let Some(d) = ctx
        .filter("created_at_to")
        .as_deref()
        .and_then(parse_strptime_ymd)
    {
        w.push(
            "m.created_at < ?",
            [Sql::Integer(london_midnight(d.add_days(1)))],
        );
    }
    if let Some(d) = ctx.filter("date_of_birth_from").as_deref().and_then(ymd) {
        w.push("pe.date_of_birth >= ?", [Sql::Text(d)]);
    }
    if let Some(d) = ctx.filter("date_of_birth_to").as_deref().and_then(ymd) {
        w.push("pe.date_of_birth <= ?", [Sql::Text(d)]);
    }
    for (filter, column) in [
        ("from_location_id", "m.from_location_id"),
        ("to_location_id", "m.to_location_id"),
        ("supplier_id", "m.supplier_id"),
        ("profile_id", "m.profile_id"),
    ] {
        if let Some(v) = ctx.filter(filter).as_deref() {
            w.any_of(column, id_items(v));
        }
    }
    if let Some(v) = ctx.filter("location_id").as_deref() {
        let ids = id_items(v);
        let marks = vec!["?"; ids.len()].join(", ");
        let args: Vec<Sql> = ids
            .iter()
            .chain(ids.iter())
            .cloned()
            .map(Sql::Text)
            .collect();
        w.push(
            &format!("(m.from_location_id IN ({marks}) OR m.to_location_id IN ({marks}))"),
            args,
        );
    }
    for (filter, column) in [
        ("status", "m.status"),
        ("reference", "m.reference"),
        ("cancellation_reason", "m.cancellation_reason"),
        ("rejection_reason", "m.rejection_reason"),
    ] {
        if let Some(v) = ctx.filter(filter).as_deref() {
            w.any_of(column, items(v));
        }
    }
    if let Some(v) = ctx.filter("move_type").as_deref() {
        w.push("m.move_type = ?", [Sql::Text(v.to_owned())]);
    }
    match ctx.filter("has_relationship_to_allocation").as_deref() {
        Some("true") => w.push("m.allocation_id IS NOT NULL", []),
        Some("false") => w.push("m.allocation_id IS NULL", []),
        _ => {}
    }
    // The sandbox keeps no person escort records, so no move is ready for transit.
    if ctx.filter("ready_for_transit").as_deref() == Some("true") {
        w.push("0", []);
    }
    if let Some(v) = ctx.filter("location_type").as_deref() {
        w.push("tl.location_type = ?", [Sql::Text(v.to_owned())]);
    }
    if let Some(v) = ctx.filter("person_id").as_deref() {
        w.push(
            "pr.person_id = ?",
            [Sql::Text(canonical_uuid(v).unwrap_or_else(|| v.to_owned()))],
        );
    }
    let sort_by = ctx.rails_param("sort[by]");
    let sort_by = sort_by.as_deref();
    // Join only what the filters and the sort read: the default list then walks the date
    // index and stops after one page.
    let uses = |alias: &str| w.clauses.iter().any(|c| c.contains(alias));
    let mut from = String::from("FROM moves m");
    if uses("pr.") || uses("pe.") || sort_by == Some("name") {
        from.push_str(" LEFT JOIN profiles pr ON pr.id = m.profile_id LEFT JOIN people pe ON pe.id = pr.person_id");
    }
    if sort_by == Some("from_location") {
        from.push_str(" LEFT JOIN locations fl ON fl.id = m.from_location_id");
    }
    if uses("tl.") || sort_by == Some("to_location") {
        from.push_str(" LEFT JOIN locations tl ON tl.id = m.to_location_id");
    }
    let from = from.as_str();
    let order = match sort_by {
        None => "m.date DESC, m.rowid DESC".to_owned(),
        Some(by) => {
            let column = match by {
                "name" => "pe.last_name",
                "from_location" => "fl.title",
                "to_location" => "tl.title",
                "created_at" => "m.created_at",
                "date_from" => "m.date_from",
                "date" => "m.date",
                _ => "NULL",
            };
            let dir = if ctx.rails_param("sort[direction]").as_deref() == Some("desc") {
                "DESC"
            } else {
                "ASC"
            };
            format!("{column} {dir}, m.rowid {dir}")
        }
    };
    let query = ListQuery {
        columns: db::MOVE_COLUMNS,
        from,
        order: &order,
        row: db::move_row,
    };
    paged_list(
        ctx,
        query,
        &w,
        (Ser::Moves, Rec::Move, serialize::MOVES_FIELDS),
    )
}

/// A move with its `include=` as a document.
///
/// `V2::MoveSerializer` does not show a move's `nomis_event_id` (the v1 `MoveSerializer`
/// does): once NOMIS has made the move's transfer (`create_in_nomis`), the sandbox says so in
/// the document's `meta.sandbox.nomis_event_id`, beside the API's members, never in them.
pub fn move_document(ctx: &Ctx<'_>, m: &db::Move) -> Result<Value, Fault> {
    let mut document = serialize::single(
        ctx.conn,
        Ser::Move,
        &Rec::Move(m.clone()),
        ctx.rails_param("include").as_deref(),
        serialize::MOVE_FIELDS,
    )?;
    if let Some(event) = db::nomis_event_id(ctx.conn, &m.id)? {
        document["meta"] = serde_json::json!({ "sandbox": { "nomis_event_id": event } });
    }
    Ok(document)
}

fn load_move(ctx: &Ctx<'_>, param: &str) -> Result<db::Move, Fault> {
    let id = ctx.id_param(param)?;
    db::get_move(ctx.conn, &id)?.ok_or_else(|| Fault::Internal(format!("move {id} vanished")))
}

/// `GET /api/moves/:id`.
pub fn move_show(ctx: &Ctx<'_>) -> Outcome {
    let m = load_move(ctx, "id")?;
    Ok(Reply::ok(move_document(ctx, &m)?))
}

/// An allocation with its moves and `include=` as a document.
pub fn allocation_document(ctx: &Ctx<'_>, id: &str) -> Result<Value, Fault> {
    let a = db::allocation(ctx.conn, id)?
        .ok_or_else(|| Fault::Internal(format!("allocation {id} vanished")))?;
    Ok(serialize::single(
        ctx.conn,
        Ser::Allocation,
        &Rec::Allocation(a),
        ctx.rails_param("include").as_deref(),
        &[],
    )?)
}

/// `GET /api/allocations/:id`.
pub fn allocation_show(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    Ok(Reply::ok(allocation_document(ctx, &id)?))
}

/// `GET /api/allocations`.
pub fn allocations_index(ctx: &Ctx<'_>) -> Outcome {
    let mut w = Where::default();
    if let Some(d) = ctx.filter("date_from").as_deref().and_then(ymd) {
        w.push("a.date >= ?", [Sql::Text(d)]);
    }
    if let Some(d) = ctx.filter("date_to").as_deref().and_then(ymd) {
        w.push("a.date <= ?", [Sql::Text(d)]);
    }
    if let Some(v) = ctx.filter("locations").as_deref() {
        let ids = id_items(v);
        let marks = vec!["?"; ids.len()].join(", ");
        let args: Vec<Sql> = ids
            .iter()
            .chain(ids.iter())
            .cloned()
            .map(Sql::Text)
            .collect();
        w.push(
            &format!("(a.from_location_id IN ({marks}) OR a.to_location_id IN ({marks}))"),
            args,
        );
    }
    if let Some(v) = ctx.filter("from_locations").as_deref() {
        w.any_of("a.from_location_id", id_items(v));
    }
    if let Some(v) = ctx.filter("to_locations").as_deref() {
        w.any_of("a.to_location_id", id_items(v));
    }
    if let Some(v) = ctx.filter("status").as_deref() {
        w.any_of("a.status", items(v));
    }
    // `search[location]`: the from or the to location's title contains the text
    // (`Location.search_by_title`, `title ILIKE '%text%'`, app/models/location.rb L72);
    // `search[person]`: a person of one of its moves has a last name containing it
    // (`Person.search_by_last_name`, person.rb L34; `Allocations::Finder#apply_person_search`).
    // Only the last name: not the first names, not the prison number. Postgres's ILIKE
    // keeps `%` and `_` as wildcards and `\` as its escape, so the same here.
    if let Some(v) = ctx
        .rails_param("search[location]")
        .filter(|v| !v.is_empty())
    {
        let like = format!("%{v}%");
        w.push(
            "(fl.title LIKE ? ESCAPE '\\' OR tl.title LIKE ? ESCAPE '\\')",
            [Sql::Text(like.clone()), Sql::Text(like)],
        );
    }
    if let Some(v) = ctx
        .rails_param("search[person]")
        .as_deref()
        .filter(|v| !v.is_empty())
    {
        w.push(
            "a.id IN (SELECT m.allocation_id FROM moves m JOIN profiles p ON p.id = m.profile_id \
             JOIN people pe ON pe.id = p.person_id WHERE pe.last_name LIKE ? ESCAPE '\\')",
            [Sql::Text(format!("%{v}%"))],
        );
    }
    let from = "FROM allocations a LEFT JOIN locations fl ON fl.id = a.from_location_id \
                LEFT JOIN locations tl ON tl.id = a.to_location_id";
    let order = match ctx.rails_param("sort[by]").as_deref() {
        None => "a.date DESC, a.rowid DESC".to_owned(),
        Some(by) => {
            let column = match by {
                "from_location" => "fl.title",
                "to_location" => "tl.title",
                "moves_count" => "a.moves_count",
                _ => "a.date",
            };
            let dir = if ctx.rails_param("sort[direction]").as_deref() == Some("desc") {
                "DESC"
            } else {
                "ASC"
            };
            format!("{column} {dir}, a.rowid {dir}")
        }
    };
    let columns: String = db::ALLOCATION_COLUMNS
        .split(", ")
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let query = ListQuery {
        columns: &columns,
        from,
        order: &order,
        row: db::allocation_row,
    };
    paged_list(
        ctx,
        query,
        &w,
        (
            Ser::Allocations,
            Rec::Allocation,
            serialize::ALLOCATIONS_FIELDS,
        ),
    )
}

/// `GET /api/people` (v2): prison numbers are up-cased, then matched exactly.
pub fn people_index(ctx: &Ctx<'_>) -> Outcome {
    let mut w = Where::default();
    if let Some(v) = ctx.filter("prison_number").as_deref() {
        w.any_of("prison_number", items(&v.to_ascii_uppercase()));
    }
    if let Some(v) = ctx.filter("police_national_computer").as_deref() {
        w.any_of("police_national_computer", items(v));
    }
    if let Some(v) = ctx.filter("criminal_records_office").as_deref() {
        w.any_of("criminal_records_office", items(v));
    }
    if let Some(v) = ctx.filter("fuzzy_pnc").as_deref() {
        w.any_of("police_national_computer", items(v));
    }
    let query = ListQuery {
        columns: db::PERSON_COLUMNS,
        from: "FROM people",
        order: "created_at, rowid",
        row: db::person_row,
    };
    // Upstream `Api::V2::PeopleActions#index_and_render`: `V2::PersonSerializer`.
    paged_list(ctx, query, &w, (Ser::Person, Rec::Person, &[]))
}

/// `GET /api/people/:id` (version 2; core answers version 1 with its 406): upstream
/// `Api::V2::PeopleActions#show_and_render`, `V2::PersonWithCategorySerializer`.
pub fn person_show(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let person = db::person(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("person {id} vanished")))?;
    Ok(Reply::ok(person_document(ctx, person)?))
}

/// A person as the v2 show, create and update render them (`V2::PersonWithCategorySerializer`,
/// with the request's `include=`).
pub fn person_document(ctx: &Ctx<'_>, person: db::Person) -> Result<Value, Fault> {
    Ok(serialize::single(
        ctx.conn,
        Ser::PersonWithCategory,
        &Rec::Person(person),
        ctx.rails_param("include").as_deref(),
        &[],
    )?)
}

/// `GET /api/events/:id`: upstream `GenericEventsController#show`, rendered without the
/// includes (as create). Core cannot know whether the event exists (a context holds events by
/// their eventable), so the API's 404 is the sandbox's to give.
pub fn event_show(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.param("id");
    let Some(event) = basm_core::context::canonical_uuid(id)
        .map(|canonical| db::event(ctx.conn, &canonical))
        .transpose()?
        .flatten()
    else {
        return Err(Fault::Refused(Box::new(basm_core::Verdict::refused(
            404,
            vec![basm_core::ApiError::record_not_found(
                "GenericEvent",
                id,
                basm_core::ErrorSource::parameter("id"),
            )],
        ))));
    };
    Ok(Reply::ok(event_document(ctx, event)?))
}

/// An event as `GenericEventsController` renders it on create and show: without `include:`
/// (a request's `include=` is checked but adds nothing).
pub fn event_document(ctx: &Ctx<'_>, event: db::Event) -> Result<Value, Fault> {
    Ok(serialize::single(
        ctx.conn,
        Ser::Event,
        &Rec::Event(event),
        None,
        &[],
    )?)
}

/// `GET /api/reference/locations`: ordered by title.
pub fn locations_index(ctx: &Ctx<'_>) -> Outcome {
    let mut w = Where::default();
    for (filter, column) in [
        ("location_type", "location_type"),
        ("nomis_agency_id", "nomis_agency_id"),
        ("region_id", "region_id"),
    ] {
        if let Some(v) = ctx.filter(filter).as_deref() {
            w.any_of(column, items(v));
        }
    }
    if let Some(v) = ctx.filter("location_id").as_deref() {
        w.any_of("id", id_items(v));
    }
    if let Some(v) = ctx.filter("supplier_id").as_deref() {
        let ids = id_items(v);
        let marks = vec!["?"; ids.len()].join(", ");
        w.push(
            &format!(
                "id IN (SELECT location_id FROM supplier_locations WHERE supplier_id IN ({marks}))"
            ),
            ids.into_iter().map(Sql::Text),
        );
    }
    match ctx.filter("young_offender_institution").as_deref() {
        Some("true") => w.push("young_offender_institution = 1", []),
        Some("false") => w.push("young_offender_institution = 0", []),
        _ => {}
    }
    // Any value, even `false`, keeps only extradition-capable locations (as the API does).
    if ctx.filter("extradition_capable").as_deref().is_some() {
        w.push("extradition_capable = 1", []);
    }
    if let Some(d) = ctx
        .filter("created_at")
        .as_deref()
        .and_then(parse_strptime_ymd)
    {
        w.push(
            "created_at >= ? AND created_at < ?",
            [
                Sql::Integer(london_midnight(d)),
                Sql::Integer(london_midnight(d.add_days(1))),
            ],
        );
    }
    let query = ListQuery {
        columns: db::LOCATION_COLUMNS,
        from: "FROM locations",
        order: "title, rowid",
        row: db::location_row,
    };
    paged_list(ctx, query, &w, (Ser::Location, Rec::Location, &[]))
}

/// `GET /api/reference/locations/:id`.
pub fn location_show(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let l = db::location(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("location {id} vanished")))?;
    Ok(Reply::ok(serialize::single(
        ctx.conn,
        Ser::Location,
        &Rec::Location(l),
        ctx.rails_param("include").as_deref(),
        &[],
    )?))
}

/// `GET /api/reference/categories`: the seeded categories by key (`CategorySerializer`).
pub fn categories(ctx: &Ctx<'_>) -> Outcome {
    let mut keys: Vec<&str> = seed::CATEGORIES.iter().map(|c| c.0).collect();
    keys.sort_unstable();
    let mut doc = Doc::new(ctx.conn, None, &[]);
    let mut data = Vec::with_capacity(keys.len());
    for key in keys {
        data.push(doc.primary(Ser::Category, &Rec::Category(key.to_owned()))?);
    }
    Ok(Reply::ok(doc.finish(Value::Array(data))))
}

/// `GET /api/reference/allocation_complex_cases`.
pub fn complex_cases(ctx: &Ctx<'_>) -> Outcome {
    let data: Vec<Value> = ctx
        .conn
        .prepare_cached("SELECT id, key, title FROM complex_cases ORDER BY rowid")?
        .query_map([], |r| {
            Ok(json!({
                "id": r.get::<_, String>(0)?,
                "type": "allocation_complex_cases",
                "attributes": { "key": r.get::<_, String>(1)?, "title": r.get::<_, String>(2)? }
            }))
        })?
        .collect::<DbResult<_>>()?;
    Ok(Reply::ok(json!({ "data": data })))
}

/// `GET /api/moves/:move_id/journeys`.
pub fn journeys_index(ctx: &Ctx<'_>) -> Outcome {
    let move_id = ctx.id_param("move_id")?;
    let journeys = db::journeys_of_move(ctx.conn, &move_id)?;
    let page = page_of(ctx);
    let total = i64::try_from(journeys.len()).unwrap_or(i64::MAX);
    let mut doc = Doc::new(ctx.conn, ctx.rails_param("include").as_deref(), &[]);
    let mut data = Vec::new();
    for j in paged(&journeys, &page) {
        data.push(doc.primary(Ser::Journeys, &Rec::Journey(j.clone()))?);
    }
    Ok(Reply::ok(list_document(ctx, doc, data, total, &page)))
}

/// `GET /api/moves/:move_id/journeys/:id`: upstream `Api::JourneysController#show`,
/// `JourneySerializer` (core has checked the journey is the move's and the caller's).
pub fn journey_show(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let journey = db::journey(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("journey {id} vanished")))?;
    crate::apply::journey_reply(ctx, &journey, 200)
}

/// `GET /api/moves/:move_id/lodgings`: the move's non-cancelled lodgings by start date.
pub fn lodgings_index(ctx: &Ctx<'_>) -> Outcome {
    let move_id = ctx.id_param("move_id")?;
    let lodgings: Vec<db::Lodging> = db::lodgings_of_move(ctx.conn, &move_id)?
        .into_iter()
        .filter(|l| l.status != "cancelled")
        .collect();
    let page = page_of(ctx);
    let total = i64::try_from(lodgings.len()).unwrap_or(i64::MAX);
    let mut doc = Doc::new(ctx.conn, ctx.rails_param("include").as_deref(), &[]);
    let mut data = Vec::new();
    for l in paged(&lodgings, &page) {
        data.push(doc.primary(Ser::Lodging, &Rec::Lodging(l.clone()))?);
    }
    Ok(Reply::ok(list_document(ctx, doc, data, total, &page)))
}

fn paged<'a, T>(all: &'a [T], page: &Page) -> &'a [T] {
    let start = usize::try_from(page.offset())
        .unwrap_or(usize::MAX)
        .min(all.len());
    let end = start
        .saturating_add(usize::try_from(page.per_page.limit()).unwrap_or(usize::MAX))
        .min(all.len());
    &all[start..end]
}
