// The vector runner of core/tests/vectors.rs, in JS: builds each test's request and context
// and checks a verdict. Plain ES module with no Node APIs: Node and Chromium both load it.

const DEFAULT_REQUEST = {
  method: "POST",
  path: "/api/events",
  headers: {
    Authorization: "Bearer test-token",
    "Content-Type": "application/vnd.api+json",
    Accept: "application/vnd.api+json; version=2",
  },
};

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep merge as the Rust runner does: objects merge member by member, anything else replaces. */
export function merge(base, over) {
  if (over === undefined) return base;
  if (isObject(base) && isObject(over)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(k in out ? out[k] : null, v);
    return out;
  }
  return over;
}

/**
 * Objects with their keys sorted, recursively: `serde_json::to_vec` of a `Value` (a BTreeMap)
 * writes them so, and the same bytes give the same verdict (warnings follow document order).
 */
export function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out = {};
    for (const k of Object.keys(value).sort(byCodePoint)) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

// serde_json's BTreeMap<String, _> orders keys by UTF-8 bytes, which is code point order.
function byCodePoint(a, b) {
  const x = [...a].map((c) => c.codePointAt(0));
  const y = [...b].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function hexBytes(hex) {
  const out = new Uint8Array(Math.floor(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function base64Bytes(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The request of one test: `{ method, path, headers, body }` for `validateRequest`. */
export function buildRequest(group, test) {
  const spec = merge(merge(DEFAULT_REQUEST, group.request), test.request);
  const headers = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    if (typeof value === "string") headers[name] = value; // null removes a default header
  }
  let body;
  if (typeof test.body === "string") body = test.body;
  else if (typeof test.body_hex === "string") body = hexBytes(test.body_hex);
  else if (typeof test.body_base64 === "string") body = base64Bytes(test.body_base64);
  else if (test.data !== undefined) body = JSON.stringify(sortKeys(test.data));
  else body = "";
  return {
    method: typeof spec.method === "string" ? spec.method : "POST",
    path: typeof spec.path === "string" ? spec.path : "/api/events",
    headers,
    body,
  };
}

/** The context of one test (a `Context`), or undefined when the vector gives none. */
export function buildContext(group, test) {
  if (group.context === undefined && test.context === undefined) return undefined;
  return merge(merge({}, group.context ?? {}), test.context ?? {});
}

function location(e) {
  return e.source.pointer ?? e.source.parameter ?? e.source.header ?? "";
}

/** What differs between the test's expectations and the verdict (empty when it passes). */
export function check(test, verdict) {
  const problems = [];
  if (typeof test.valid === "boolean" && test.valid !== verdict.valid) {
    problems.push(`valid: expected ${test.valid}, got ${verdict.valid}`);
  }
  if (typeof test.status === "number" && test.status !== verdict.status) {
    problems.push(`status: expected ${test.status}, got ${verdict.status}`);
  }
  if (Array.isArray(test.errors)) {
    const got = verdict.errors.map((e) => `${e.code} @ ${location(e)}`);
    const want = test.errors.map((e) => `${e.code ?? ""} @ ${e.pointer ?? e.parameter ?? e.header ?? ""}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`errors: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    } else {
      test.errors.forEach((e, i) => {
        if (typeof e.detail === "string" && e.detail !== verdict.errors[i].detail) {
          problems.push(`detail: expected ${JSON.stringify(e.detail)}, got ${JSON.stringify(verdict.errors[i].detail)}`);
        }
      });
    }
  }
  if (Array.isArray(test.warnings)) {
    const want = test.warnings.filter((w) => typeof w === "string");
    const got = verdict.warnings.map((w) => w.code);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      problems.push(`warnings: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  if (Array.isArray(test.unchecked)) {
    // Each text names a check the verdict lists as skipped (a part of its detail).
    const got = verdict.unchecked.map((u) => u.detail);
    for (const want of test.unchecked) {
      if (!got.some((d) => d.includes(want))) {
        problems.push(`unchecked: expected one with ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
    }
  }
  if (test.api_body !== undefined) {
    const got = verdict.api_body;
    if (!deepEqual(got, test.api_body)) {
      problems.push(`api_body: expected ${JSON.stringify(test.api_body)}, got ${JSON.stringify(got)}`);
    }
  }
  if (Array.isArray(test.changes)) {
    const got = (verdict.effect?.changes ?? [])
      .filter((c) => c.attribute !== null)
      .map((c) => ({ type: c.type, attribute: c.attribute, from: c.from, to: c.to }));
    if (!deepEqual(got, test.changes)) {
      problems.push(`changes: expected ${JSON.stringify(test.changes)}, got ${JSON.stringify(got)}`);
    }
  }
  return problems;
}

/** JSON equality, key order ignored. */
export function deepEqual(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** Every test of every file: `{ id, group, test }`, ids as `file::group::test`. */
export function cases(files) {
  const out = [];
  for (const { name, groups } of files) {
    for (const group of groups) {
      for (const test of group.tests ?? []) {
        out.push({ id: `${name}::${group.description ?? "?"}::${test.description ?? "?"}`, file: name, group, test });
      }
    }
  }
  return out;
}

/** `file::group::test  # reason` lines of tests/vectors/xfail/*.txt → the ids. */
export function parseXfail(texts) {
  return new Set(
    texts
      .flatMap((t) => t.split("\n"))
      .map((l) => l.split(" #")[0].trim())
      .filter((l) => l !== ""),
  );
}

/**
 * Runs every case through `validateRequest` and sorts the outcomes as the Rust runner does:
 * failures, expected failures, expected failures that now pass.
 */
export function runAll(api, files, xfail) {
  const all = cases(files);
  const failed = [];
  const unexpectedPass = [];
  let xfailed = 0;
  for (const c of all) {
    let problems;
    let verdict;
    try {
      verdict = api.validateRequest(buildRequest(c.group, c.test), buildContext(c.group, c.test));
      problems = check(c.test, verdict);
    } catch (error) {
      problems = [`threw ${error?.name}: ${error?.message}`];
    }
    const expected = xfail.has(c.id);
    if (problems.length === 0 && expected) unexpectedPass.push(c.id);
    else if (problems.length > 0 && expected) xfailed++;
    else if (problems.length > 0) failed.push(`${c.id}\n    ${problems.join("\n    ")}\n    verdict: ${JSON.stringify(verdict)}`);
  }
  return { run: all.length, failed, unexpectedPass, xfailed };
}
