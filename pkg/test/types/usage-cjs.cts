// The same package through require (CommonJS resolution, index.d.cts).
import basm = require("basm-validator");

const verdict: basm.Verdict = basm.validateEvent("{}");
const status: number = verdict.status;
// @ts-expect-error the status is a number
const wrong: string = verdict.status;

export { status, wrong };
