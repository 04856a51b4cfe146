
/** The package's version (semver), equal to the `version` of its package.json. */
export const VERSION: string;

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema (draft 2020-12) document. */
export type JsonSchema = { [keyword: string]: JsonValue };

/**
 * A request body: an object (serialised with `JSON.stringify`), a JSON string (used as is),
 * or bytes (`Uint8Array`, any `ArrayBufferView`, `ArrayBuffer`). `null` or `undefined` is an
 * empty body. Anything else (a number, a boolean, a function) throws a `TypeError`.
 */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | object;

/**
 * Request headers: a plain object of names to values (names are case-insensitive; `null` or
 * `undefined` leaves a header out; an array gives the header once per element), or `[name,
 * value]` pairs (an array, a `Headers`, a `Map`).
 */
export type HttpHeaders =
  | { [name: string]: string | number | boolean | readonly string[] | null | undefined }
  | Iterable<readonly [string, string]>;

/** An HTTP request exactly as it would go over the wire. */
export interface HttpRequest {
  /** `GET`, `POST`, `PATCH`, `PUT`, `DELETE` (case-insensitive). */
  method: string;
  /** Path and query, e.g. `/api/moves?include=profile`; a full URL is accepted, its origin ignored. */
  path: string;
  /** The headers sent; none when absent. */
  headers?: HttpHeaders | null;
  /** The body sent; none when absent. */
  body?: RequestBody | null;
}

/** Where in the request an error, warning or skipped check is. */
export interface ErrorSource {
  /** JSON pointer (RFC 6901) into the request body, e.g. `/data/attributes/details/vehicle_reg`. */
  pointer?: string;
  /** The query or path parameter at fault. */
  parameter?: string;
  /** The request header at fault. */
  header?: string;
}

/** An error object exactly as the real API sends it. */
export interface ApiErrorObject {
  /** The API's title. */
  title: string;
  /** The API's detail. */
  detail: string;
  /** The API's `source` (its model-validation errors only). */
  source?: ErrorSource;
  /** The API's `code` (its model-validation errors only). */
  code?: string;
  /** The API's `meta` (duplicate moves only). */
  meta?: JsonValue;
}

/** The real API's error document. */
export interface ApiErrorDocument {
  /** Its error objects, in the API's order. */
  errors: ApiErrorObject[];
}

/**
 * The real API's body on failure: a JSON:API error document, or (a few endpoints) `{ "error": … }`,
 * or Rails' own answer to an exception no controller handles (a request Rails cannot read, an
 * unrouted path, a crash) when the request asks for JSON: `{ "status": 400, "error": "Bad Request" }`.
 */
export type ApiBody = ApiErrorDocument | { error: JsonValue } | RailsErrorBody;

/** Rails' own answer (`ActionDispatch::PublicExceptions`): the status and its text. */
export interface RailsErrorBody {
  status: number;
  error: string;
}

/** What an error carries beyond the JSON:API basics. */
export interface ErrorMeta {
  /** The error object the real API sends for this failure (several errors may share one). */
  api?: ApiErrorObject;
  /** The allowed values, for `inclusion` errors. */
  allowed?: string[];
  /** Present (`true`) when the rule is derived from the API's code, not seen in its tests. */
  unverified?: boolean;
  /** Why: for 500s, why the real API crashes. */
  reason?: string;
  /** For duplicate moves: the id of the existing move. */
  existing_id?: string;
  /** How to correct the request, where a correction is known. */
  fix?: Fix;
}

/**
 * How to correct the request an error is about: in words, and, where one correction is right
 * whatever the caller meant, as an `edit` a tool can apply (`basm check --fix`).
 */
export interface Fix {
  /** What to change, in a sentence a developer can act on. */
  description: string;
  /** The mechanical correction, when there is exactly one. */
  edit?: Edit;
  /** Values to choose from, nearest first, when a person must choose. */
  suggestions?: string[];
}

/** One mechanical correction: set the value at `source` to `value`. */
export interface Edit {
  /**
   * Where: a body pointer (a missing last member is created), a header (replaced, or added)
   * or a query parameter (replaced, or added).
   */
  source: ErrorSource;
  /** The new value: any JSON value in the body; a string for a header or a parameter. */
  value: JsonValue;
}

/** One failure, at its exact place, in JSON:API error-object form. */
export interface ApiError {
  /** Stable snake_case code: `blank`, `inclusion`, `invalid_datetime`, `not_found`, … */
  code: string;
  /** Short, constant summary of the kind of failure. */
  title: string;
  /** The API's own text for this failure. */
  detail: string;
  /** The exact place of the failure in the request. */
  source: ErrorSource;
  /** What the API itself sends, allowed values, notes. */
  meta: ErrorMeta;
}

/** Something the API accepts but ignores or treats surprisingly. */
export interface Warning {
  /**
   * Stable snake_case code: `dropped_detail`, `deprecated`, `no_change`, … and
   * `errors_truncated` (or `warnings_truncated`) when a verdict lists only the first 100
   * errors (or warnings) of one code (its `detail` names the code and how many were cut;
   * its `source` is `{}`).
   */
  code: string;
  /** What happens, in plain words. */
  detail: string;
  /** Where in the request (`{}` when the warning is about the whole request). */
  source: ErrorSource;
}

/** A check that needed a fact the context did not have, so it did not run. */
export interface Unchecked {
  /** What was not checked, in plain words. */
  detail: string;
  /** Where in the request. */
  source: ErrorSource;
}

/** One change of state the request causes. */
export interface Change {
  /** JSON:API type of the record: `moves`, `journeys`, `events`, … */
  type: string;
  /** The record's id (`null` for a record the request creates). */
  id: string | null;
  /** The attribute that changes (`status`, `state`, …), `null` when the record is created. */
  attribute: string | null;
  /** The old value, when known. */
  from: string | null;
  /** The new value. */
  to: string | null;
}

/** What the request would do if sent. */
export interface Effect {
  /** One sentence. */
  summary: string;
  /** The changes, in the order the API makes them. */
  changes: Change[];
}

/** The predicted answer of the API to one request. */
export interface Verdict {
  /** True when the API would accept the request (a 2xx status). */
  valid: boolean;
  /** The HTTP status the API would answer. */
  status: number;
  /** The endpoint the request was matched to (`POST /api/events`), or `null`. */
  endpoint: string | null;
  /** Every failure, each at its exact place (empty when valid). */
  errors: ApiError[];
  /** What the API accepts but ignores or treats surprisingly. */
  warnings: Warning[];
  /** Checks skipped for want of a fact in the context. */
  unchecked: Unchecked[];
  /**
   * What the request changes when accepted; `null` when refused, but for a request the API runs
   * and then answers with an error (`unacceptable_encoding`: `Rack::Deflater`'s 406).
   */
  effect: Effect | null;
  /**
   * The body the real API would send on failure, exactly; `null` on success, and when it sends
   * no body or one that is not JSON (Puma's 400; Rails' own answer to a request that asks for
   * no JSON).
   */
  api_body: ApiBody | null;
}

/** Who is calling, as far as the API's rules differ. */
export type Caller = "unknown" | "authority" | "supplier";

/** The collections a context can give in full (`complete`). */
export type Collection =
  | "locations" | "moves" | "journeys" | "lodgings" | "allocations" | "people" | "profiles"
  | "person_escort_records" | "suppliers" | "events" | "idempotency_keys";

/** A location. */
export interface LocationFacts {
  /**
   * `prison`, `court`, `police`, `hospital`, …
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  location_type?: string | null;
  /**
   * Discarded (inactive) location.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known false.
   */
  disabled?: boolean | null;
  /**
   * Whether extradition moves may go there.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known false.
   */
  extradition_capable?: boolean | null;
  /**
   * Suppliers serving the location today.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be none.
   */
  supplier_ids?: string[] | null;
}

/** A move. */
export interface MoveFacts {
  /**
   * `proposed`, `requested`, `booked`, `in_transit`, `completed` or `cancelled`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  status?: string | null;
  /**
   * The move's reference (`ABC1234D`).
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  reference?: string | null;
  /**
   * The move type.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  move_type?: string | null;
  /**
   * From location id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  from_location_id?: string | null;
  /**
   * To location id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  to_location_id?: string | null;
  /**
   * Profile id, when assigned.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  profile_id?: string | null;
  /**
   * The person of that profile.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  person_id?: string | null;
  /**
   * Allocation id, when the move belongs to one.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  allocation_id?: string | null;
  /**
   * The move's date (`YYYY-MM-DD`).
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  date?: string | null;
  /**
   * `date_from`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  date_from?: string | null;
  /**
   * `date_to`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  date_to?: string | null;
  /**
   * Supplier id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  supplier_id?: string | null;
  /**
   * The move has a MoveLockout event.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known false.
   */
  has_lockout?: boolean | null;
  /**
   * Its cancellation reason.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  cancellation_reason?: string | null;
  /**
   * Its rejection reason.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  rejection_reason?: string | null;
}

/** A journey. */
export interface JourneyFacts {
  /**
   * The move it belongs to.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  move_id?: string | null;
  /**
   * `proposed`, `rejected`, `in_progress`, `completed` or `cancelled`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  state?: string | null;
  /**
   * From location id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  from_location_id?: string | null;
  /**
   * To location id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  to_location_id?: string | null;
  /**
   * The supplier that owns it.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  supplier_id?: string | null;
}

/** A lodging. */
export interface LodgingFacts {
  /**
   * The move it belongs to.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  move_id?: string | null;
  /**
   * `proposed`, `started`, `completed` or `cancelled`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  status?: string | null;
  /**
   * Start date as stored.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  start_date?: string | null;
  /**
   * End date as stored.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  end_date?: string | null;
  /**
   * Location id.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  location_id?: string | null;
}

/** An allocation. */
export interface AllocationFacts {
  /**
   * `unfilled`, `filled` or `cancelled`.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  status?: string | null;
  /**
   * Its date.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  date?: string | null;
  /**
   * Its moves' ids.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be none.
   */
  move_ids?: string[] | null;
}

/** A person. */
export interface PersonFacts {
  /**
   * Prison number.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  prison_number?: string | null;
  /**
   * Prisoner category key (`a`, `b`, …).
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  category?: string | null;
  /**
   * False when the category cannot be moved with this service.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known false.
   */
  move_supported?: boolean | null;
}

/** A profile. */
export interface ProfileFacts {
  /**
   * The person it belongs to.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  person_id?: string | null;
}

/** A person escort record. */
export interface PerFacts {
  /**
   * Its status.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  status?: string | null;
}

/** A supplier. */
export interface SupplierFacts {
  /**
   * Its name.
   * Absent: unknown (the checks that need it are skipped and listed in `unchecked`); `null`: known to be empty.
   */
  name?: string | null;
}

/** An event already stored for an eventable. */
export interface StoredEvent {
  /** Its event type. */
  event_type?: string;
  /** Its `occurred_at`, RFC 3339. */
  occurred_at?: string;
}

/** A use of an idempotency key the API remembers. */
export interface IdempotencyRecord {
  /** The request's method. */
  method?: string;
  /** The request's path. */
  path?: string;
  /** Fingerprint of method, path and raw body. */
  fingerprint?: string;
  /** Whether the stored response can still be replayed (within 10 minutes). */
  replayable?: boolean;
  /** The stored response's status, for a replay. */
  status?: number | null;
}

/**
 * Facts only a server knows, as plain data. Each collection maps an id to the record, or to
 * `null` for an id known not to exist; a collection listed in `complete` is the whole truth.
 * In a record, a member left out is unknown and `null` is known to be empty (no profile, no
 * date, `false`, no items): knowing less never adds a refusal. Checks that need a fact the
 * context lacks are skipped and listed in `Verdict.unchecked`.
 * Unknown members throw a `TypeError` (a typo would silently drop a fact).
 */
export interface Context {
  /** Who is calling. */
  caller?: Caller;
  /** The calling supplier's id. */
  supplier_id?: string | null;
  /** Locations by id. */
  locations?: { [id: string]: LocationFacts | null };
  /** Moves by id. */
  moves?: { [id: string]: MoveFacts | null };
  /** Journeys by id. */
  journeys?: { [id: string]: JourneyFacts | null };
  /** Lodgings by id. */
  lodgings?: { [id: string]: LodgingFacts | null };
  /** Allocations by id. */
  allocations?: { [id: string]: AllocationFacts | null };
  /** People by id. */
  people?: { [id: string]: PersonFacts | null };
  /** Profiles by id. */
  profiles?: { [id: string]: ProfileFacts | null };
  /** Person escort records by id. */
  person_escort_records?: { [id: string]: PerFacts | null };
  /** Suppliers by id. */
  suppliers?: { [id: string]: SupplierFacts | null };
  /** Stored events by eventable id. */
  events?: { [id: string]: StoredEvent[] };
  /** Idempotency keys the API remembers, by key. */
  idempotency_keys?: { [key: string]: IdempotencyRecord };
  /** Collections given in full. */
  complete?: Collection[];
  /** Today's date in London (`YYYY-MM-DD`). */
  today?: string | null;
}

/** The state machines `nextState` knows. */
export type MachineKind = "move" | "journey" | "allocation" | "lodging";

/** What `nextState` answers. */
export type NextState =
  /** The state changes. */
  | { kind: "changed"; from: string; to: string }
  /** The event is accepted and changes nothing (the API's silent no-op), with the reason. */
  | { kind: "no_change"; reason: string }
  /** `state` is not a state of that machine; `states` lists them. */
  | { kind: "unknown_state"; states: string[] }
  /** `event` is neither an event of that machine nor an event type; `events` lists its events. */
  | { kind: "unknown_event"; events: string[] };

/** The JSON shape of a details field. */
export type FieldKind = "string" | "enum" | "date_time" | "date" | "boolean" | "string_array" | "any";

/** The JSON:API type of an eventable record. */
export type EventableType =
  | "moves" | "journeys" | "people" | "person_escort_records" | "profiles" | "lodgings";

/** One details field of an event type. */
export interface FieldInfo {
  /** The key inside `details`. */
  name: string;
  /** What it means. */
  doc: string;
  /** Its JSON shape. */
  kind: FieldKind;
  /** Whether the API refuses the event without it. */
  required: boolean;
  /** The allowed values (enums only; empty otherwise). */
  allowed: string[];
}

/** One relationship (other than `eventable`) an event type reads. */
export interface RelationshipInfo {
  /** The relationship's name. */
  name: string;
  /** What it means. */
  doc: string;
  /** The JSON:API type of the record it names (`locations`, `moves`). */
  type: string;
  /** Whether the API refuses the event without it. */
  required: boolean;
}

/** Everything known about one event type. */
export interface EventTypeInfo {
  /** The `event_type` string. */
  name: EventTypeName;
  /** What the event records. */
  doc: string;
  /** Its family. */
  family: "move" | "journey" | "lodging" | "person_move" | "per";
  /** The `classification` the API gives it (`default`, `incident`). */
  classification: string;
  /** The eventable types the API accepts for it. */
  eventable: EventableType[];
  /** Details fields the API keeps; every other key is dropped. */
  fields: FieldInfo[];
  /** Relationships it reads. */
  relationships: RelationshipInfo[];
  /** The state-machine event it fires on its eventable, if any. */
  trigger: string | null;
  /** Why it is deprecated, if it is. */
  deprecated: string | null;
  /** The name the API stores it under, when it renames it. */
  stored_as: string | null;
  /** Whether a client may post it (lodging events are written by the server only). */
  postable: boolean;
}

/** A to-one relationship to a record of JSON:API type `T`. */
export interface Relationship<T extends string = string> {
  /** The record. */
  data: { type: T; id: string };
}

/** The attributes every event request has. */
export interface EventAttributesBase<K extends string> {
  /** The event type. */
  event_type: K;
  /** When it happened (ISO-8601 date-time). */
  occurred_at: string;
  /** When it was recorded (ISO-8601 date-time). */
  recorded_at: string;
  /** Free text. */
  notes?: string | null;
}

// @generated-event-types
