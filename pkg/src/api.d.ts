// The public functions (implemented in src/wrapper.js); appended to the declarations by
// scripts/build.mjs after src/types.d.ts.

/**
 * Metadata of every event type, in table order: name, doc, eventable types, details fields
 * (required, allowed values, kind), relationships, trigger; enough to build forms.
 */
export function eventTypes(): EventTypeInfo[];

/**
 * A JSON Schema (draft 2020-12) per event type, keyed by event type: a shape check only
 * (`validateEvent` is the exact answer).
 */
export function jsonSchemas(): Record<string, JsonSchema>;

/**
 * What an event does to a record's state: `kind` is `move`, `journey`, `allocation` or
 * `lodging`; `event` is a state-machine event (`accept`) or an event type (`MoveAccept`).
 *
 * Unknown states and events come back as results (`unknown_state`, `unknown_event`, with
 * the machine's states or events); an unknown `kind` throws a `TypeError`.
 */
export function nextState(kind: MachineKind, state: string, event: string): NextState;

/**
 * What the API would answer to `POST /api/allocations` with `body`, sent with a v2 client's
 * standard headers.
 */
export function validateAllocation(body: RequestBody, context?: Context | null): Verdict;

/**
 * What the API would answer to `POST /api/events` with `body`, sent with a v2 client's
 * standard headers.
 */
export function validateEvent(body: RequestBody, context?: Context | null): Verdict;

/**
 * What the API would answer to an HTTP request: `{ method, path, headers, body }`.
 *
 * Throws a `TypeError` only for misuse: `request` not an object, `method` or `path` not a
 * string, a header value that is not a string, a body that is neither an object, a string nor
 * bytes, or a malformed `context`.
 */
export function validateRequest(request: HttpRequest, context?: Context | null): Verdict;
