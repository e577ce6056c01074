/**
 * Every check on every response (schemathesis' set, for this API): no server error, a documented
 * status, a documented content type, a body valid against the documented schema, problem+json for
 * errors (its `status` the response's), Retry-After with a 429 or 503, and the case's own
 * expectation (valid input accepted, invalid input refused naming the field, auth and raw-body
 * refusals with their status).
 */
import type { FuzzCase } from "./cases";
import { type Operation, responseFor } from "./contract";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface Failure {
  check: string;
  message: string;
}

type Problem = { status?: unknown; errors?: { field: string }[] };

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

export function checkAnswer(c: FuzzCase, op: Operation | undefined, a: Answer): Failure[] {
  const out: Failure[] = [];
  const fail = (check: string, message: string) => out.push({ check, message });
  const ct = String(a.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim();
  let json: unknown;
  try {
    json = a.body.length > 0 && ct.endsWith("json") ? JSON.parse(a.body) : undefined;
  } catch {
    fail("content_type_conformance", `${ct} body is not JSON`);
  }
  if (a.status >= 500) fail("not_a_server_error", `${a.status} ${a.body.slice(0, 200)}`);

  if (op) {
    const documented = responseFor(op, a.status);
    if (!documented)
      fail(
        "status_code_conformance",
        `${a.status} is not documented (${[...op.responses.keys()].join(", ")})`,
      );
    else if (a.body.length > 0) {
      if (!documented.has(ct))
        fail(
          "content_type_conformance",
          `${a.status} sent ${ct || "no content type"}, documented: ${[...documented.keys()].join(", ") || "no body"}`,
        );
      const validate = documented.get(ct);
      if (validate && json !== undefined && !validate(json)) {
        fail(
          "response_schema_conformance",
          `${a.status} ${ct}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
        );
      }
    }
  } else if (c.expect?.kind !== "status") fail("status_code_conformance", "no operation");

  const problem = ct === "application/problem+json" ? (json as Problem) : undefined;
  if (a.status >= 400) {
    const others = op
      ? [...(responseFor(op, a.status)?.keys() ?? [])].filter((t) => t !== "application/problem+json")
      : [];
    if (!problem && !others.includes(ct))
      fail("problem_details", `${a.status} sent as ${ct || "no content type"}`);
    if (problem && problem.status !== a.status)
      fail("problem_details", `problem.status ${String(problem.status)} on a ${a.status}`);
  }
  if ((a.status === 429 || a.status === 503) && a.headers["retry-after"] === undefined)
    fail("response_headers_conformance", `${a.status} without Retry-After`);

  const e = c.expect;
  if (e.kind === "accept") {
    const freeText = new Set(op?.query.filter((p) => p.freeText).map((p) => `query.${p.name}`));
    if (a.status === 400 && problem?.errors?.some((x) => !freeText.has(x.field)))
      fail(
        "positive_data_acceptance",
        `valid input refused: ${problem.errors.map((x) => x.field).join(", ")}`,
      );
    if ([401, 414, 415].includes(a.status))
      fail("positive_data_acceptance", `valid request answered ${a.status}`);
  } else if (e.kind === "reject") {
    if (a.status < 400) fail("negative_data_rejection", `invalid ${e.field || "input"} answered ${a.status}`);
    if (a.status === 400 && !problem?.errors?.some((x) => overlaps(x.field, e.field)))
      fail(
        "field_named",
        `400 for ${e.field} names ${problem?.errors?.map((x) => x.field).join(", ") ?? "no field"}`,
      );
  } else if (!e.statuses.includes(a.status)) {
    fail("expected_status", `expected ${e.statuses.join("/")}, got ${a.status}`);
  }
  return out;
}
