// Compiled with tsc --noEmit --strict against the installed package (ES module resolution).
import {
  eventTypes,
  jsonSchemas,
  nextState,
  validateAllocation,
  validateEvent,
  validateRequest,
  VERSION,
  type ApiError,
  type Context,
  type Edit,
  type EventRequest,
  type EventTypeInfo,
  type Fix,
  type JsonSchema,
  type MoveCancelEvent,
  type NextState,
  type Verdict,
  type Warning,
} from "basm-validator";

const cancel: MoveCancelEvent = {
  data: {
    type: "events",
    attributes: {
      event_type: "MoveCancel",
      occurred_at: "2020-12-03T10:51:28+00:00",
      recorded_at: "2020-12-03T10:51:28+00:00",
      details: { cancellation_reason: "made_in_error", cancellation_reason_comment: null },
    },
    relationships: { eventable: { data: { type: "moves", id: "18cf2777-a0e4-4cac-947b-44316580b33d" } } },
  },
};
const anyEvent: EventRequest = cancel;

const context: Context = {
  caller: "supplier",
  moves: { "18cf2777-a0e4-4cac-947b-44316580b33d": { status: "requested" }, gone: null },
  complete: ["moves"],
};

const verdict: Verdict = validateEvent(anyEvent, context);
const fromText: Verdict = validateEvent(JSON.stringify(cancel));
const fromBytes: Verdict = validateEvent(new Uint8Array([123, 125]));
const request: Verdict = validateRequest({
  method: "POST",
  path: "/api/events",
  headers: { Authorization: "Bearer x", "Content-Type": "application/vnd.api+json", Accept: null },
  body: cancel,
});
const pairs: Verdict = validateRequest({ method: "GET", path: "/api/moves", headers: [["Accept", "x"]] });
const allocation: Verdict = validateAllocation({ data: { type: "allocations" } });

const valid: boolean = verdict.valid;
const status: number = verdict.status;
const firstError: ApiError | undefined = verdict.errors[0];
const pointer: string | undefined = firstError?.source.pointer;
const allowed: string[] | undefined = firstError?.meta.allowed;
const fix: Fix | undefined = firstError?.meta.fix;
const fixEdit: Edit | undefined = fix?.edit;
const suggestions: string[] = fix?.suggestions ?? [];
const warnings: Warning[] = verdict.warnings;
const summary: string | undefined = verdict.effect?.summary;
const apiErrors = verdict.api_body && "errors" in verdict.api_body ? verdict.api_body.errors.map((e) => e.detail) : [];

const next: NextState = nextState("move", "requested", "MoveAccept");
if (next.kind === "changed") {
  const to: string = next.to;
  void to;
} else if (next.kind === "unknown_state") {
  const states: string[] = next.states;
  void states;
}

const types: EventTypeInfo[] = eventTypes();
const required: string[] = types.flatMap((t) => t.fields.filter((f) => f.required).map((f) => f.name));
const schemas: Record<string, JsonSchema> = jsonSchemas();
const version: string = VERSION;

// The declarations are real types, not `any`: each line below must be an error.
// @ts-expect-error validateEvent needs a body
validateEvent();
// @ts-expect-error the status is a number
const wrongStatus: string = verdict.status;
// @ts-expect-error not a state machine
nextState("boat", "a", "b");
// @ts-expect-error not a cancellation reason
const badReason: MoveCancelEvent["data"]["attributes"]["details"]["cancellation_reason"] = "bored";
// @ts-expect-error not a member of a Context
const badContext: Context = { mooves: {} };
// @ts-expect-error the method is required
validateRequest({ path: "/api/events" });

export {
  allowed, apiErrors, allocation, fix, fixEdit, suggestions, fromBytes, fromText, pairs, pointer, request, required, schemas, status, summary, valid,
  version, warnings, wrongStatus, badReason, badContext,
};
