/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes parse with. Checked in at
 * schemas/openapi/verifier.json (`pnpm --filter @factorlens/verifier openapi:write`); a test fails
 * when the checked-in copy is stale.
 */
import { FREE_TEXT_RULES, isStorableText } from "@factorlens/domain";
import { z } from "zod";
import * as S from "./schemas";

/** The domain's StorableString rule (no U+0000, no lone surrogate) as a pattern, for any regex flags. */
const STORABLE_PATTERN = "^(?:[^\\u0000\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$";
const isStorableCheck = (c: unknown) =>
  (c as { _zod?: { def?: { fn?: unknown } } })._zod?.def?.fn === isStorableText;

const json = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    // a refinement has no JSON Schema form: the storable-text rule is written out as a pattern
    override: (ctx) => {
      const checks = (ctx.zodSchema as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks ?? [];
      if (!checks.some(isStorableCheck)) return;
      const js = ctx.jsonSchema as Record<string, unknown>;
      if (js.pattern === undefined) js.pattern = STORABLE_PATTERN;
      else js.allOf = [{ pattern: STORABLE_PATTERN }];
    },
  }) as Record<string, unknown>;

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const ok = (schema: z.ZodType, description = "OK", example?: unknown) => ({
  description,
  content: { "application/json": { schema: json(schema, "output"), ...(example ? { example } : {}) } },
});

const body = (schema: z.ZodType, example?: unknown) => ({
  required: true,
  content: { "application/json": { schema: json(schema, "input"), ...(example ? { example } : {}) } },
});

/** The SMS guard's refusal (`type` …/problems/sms-refused), on the routes that send a code. */
const SMS_REFUSED =
  "The key lacks the scope, or (`type` …/problems/sms-refused, Retry-After) the SMS guard refuses to send to this number's prefix for now; `alternatives` lists the user's other ways to verify";

const common = {
  "400": problem("Invalid input; `errors` names each field"),
  "401": problem("Missing or unknown API key"),
  "403": problem("The API key lacks the scope, or the caller may not do this (`detail` says what is needed)"),
  "404": problem("Unknown user, factor or path"),
  "405": problem("The path exists, with other methods (Allow lists them)"),
  "413": problem("Body too large"),
  "415": problem("content-type must be application/json"),
  "429": problem("Rate limited (Retry-After)"),
  "503": problem("Event store unavailable; nothing was accepted (Retry-After)"),
};

/** Alternatives of API-key scopes (OpenAPI 3.1 role names on the bearer scheme): any one will do. */
const scopes = (...names: string[]) => ({ security: names.map((n) => ({ apiKey: [n] })) });

/** fastify refuses an id longer than its maxParamLength (server.ts) before any route runs. */
const uriTooLong = { "414": problem("A path id far longer than the schema allows") };

const pathParam = (name: string) => ({ name, in: "path", required: true, schema: json(S.Id, "input") });
const user = [pathParam("userId")];
const factor = [pathParam("userId"), pathParam("factorId")];

export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "factorlens verifier",
      version: "1.0.0",
      license: { name: "Proprietary", identifier: "LicenseRef-factorlens" },
      description:
        "Verifies one-time codes and manages 2FA factors. Authenticate with `Authorization: Bearer <api key>`; scopes: verify, enroll, admin.",
    },
    servers: [{ url: "http://127.0.0.1:8080", description: "pnpm start (FACTORLENS_VERIFIER_PORT)" }],
    tags: [
      { name: "verification", description: "The login hot path" },
      { name: "enrollment", description: "Add a factor and confirm it with its first code" },
      { name: "factors", description: "Manage a user's factors and recovery codes" },
      { name: "sms", description: "SMS codes and delivery receipts" },
      { name: "operations", description: "Health, readiness and metrics" },
    ],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: { Problem: json(S.ProblemDetails, "output") },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/v1/verify": {
        post: {
          operationId: "verifyCode",
          ...scopes("verify", "admin"),
          tags: ["verification"],
          summary: "Check a code (scope verify)",
          requestBody: body(S.VerifyRequest, {
            userId: "alice",
            code: "492039",
            attemptId: "login-7f3a",
            context: { ip: "203.0.113.7", userAgent: "Mozilla/5.0" },
          }),
          responses: {
            "200": ok(S.VerifyResponse, "The decision", {
              accepted: false,
              attemptId: "login-7f3a",
              reason: "invalid_code",
            }),
            ...common,
            "429": ok(S.VerifyResponse, "Rate limited for this user"),
          },
        },
      },
      "/v1/users/{userId}/factors": {
        post: {
          operationId: "startEnrollment",
          ...scopes("enroll", "admin"),
          tags: ["enrollment"],
          summary: "Start enrollment (scope enroll; HOTP import needs admin)",
          parameters: user,
          requestBody: body(S.EnrollRequest, { method: "totp", accountName: "alice@example.com" }),
          responses: {
            "201": ok(S.EnrollResponse, "Pending factor"),
            ...common,
            ...uriTooLong,
            "403": problem(SMS_REFUSED),
            "404": problem("Unknown user"),
          },
        },
      },
      "/v1/users/{userId}/factors/{factorId}/confirm": {
        post: {
          operationId: "confirmEnrollment",
          ...scopes("enroll", "admin"),
          tags: ["enrollment"],
          summary: "Confirm enrollment with the first code",
          parameters: factor,
          requestBody: body(S.ConfirmRequest),
          responses: {
            "200": ok(S.ConfirmResponse),
            ...common,
            ...uriTooLong,
            "404": problem("Unknown factor"),
            "409": problem("Not allowed in the factor's state (`type` names why)"),
          },
        },
      },
      "/v1/users/{userId}/factors/{factorId}/resync": {
        post: {
          operationId: "resyncHotpToken",
          ...scopes("enroll", "admin"),
          tags: ["factors"],
          summary: "Resynchronise a HOTP token with two consecutive codes",
          parameters: factor,
          requestBody: body(S.ResyncRequest),
          responses: {
            "200": ok(S.ResyncResponse),
            ...common,
            ...uriTooLong,
            "404": problem("Unknown factor"),
            "409": problem("Not allowed in the factor's state (`type` names why)"),
          },
        },
      },
      "/v1/users/{userId}/factors/{factorId}": {
        delete: {
          operationId: "disableFactor",
          ...scopes("enroll", "admin"),
          tags: ["factors"],
          summary: "Disable a factor (needs a fresh verification, or an admin client)",
          parameters: [
            ...factor,
            {
              name: "reason",
              in: "query",
              required: false,
              description: `Recorded with the event; ${FREE_TEXT_RULES} (400 naming query.reason otherwise)`,
              "x-free-text": true,
              schema: json(S.DisableQuery.shape.reason.unwrap(), "input"),
            },
          ],
          responses: {
            "200": ok(S.DisableResponse),
            ...common,
            ...uriTooLong,
            "404": problem("Unknown factor"),
            "409": problem("Not allowed in the factor's state (fresh verification required)"),
          },
        },
      },
      "/v1/users/{userId}/recovery-codes": {
        post: {
          operationId: "issueRecoveryCodes",
          ...scopes("enroll", "admin"),
          tags: ["factors"],
          summary: "Issue 10 recovery codes (replaces earlier ones); shown once",
          parameters: user,
          responses: {
            "201": ok(S.RecoveryCodesResponse),
            ...common,
            ...uriTooLong,
            "409": problem("Not allowed in the user's state (no active factor)"),
          },
        },
      },
      "/v1/users/{userId}/sms-challenges": {
        post: {
          operationId: "sendSmsChallenge",
          ...scopes("verify", "enroll", "admin"),
          tags: ["sms"],
          summary: "Send a code by SMS to the user's active (or given) SMS factor",
          parameters: user,
          requestBody: body(S.SmsChallengeRequest),
          responses: {
            "201": ok(S.SmsChallengeResponse),
            ...common,
            ...uriTooLong,
            "403": problem(SMS_REFUSED),
            "404": problem("No SMS factor"),
          },
        },
      },
      "/v1/sms/receipts": {
        post: {
          operationId: "recordSmsReceipt",
          ...scopes("admin"),
          tags: ["sms"],
          summary: "Delivery receipt from the SMS provider (scope admin)",
          requestBody: body(S.SmsReceipt),
          responses: {
            "200": ok(S.SmsReceiptResponse),
            "202": ok(S.SmsReceiptResponse, "Unknown message id"),
            ...common,
          },
        },
      },
      "/healthz": {
        get: {
          operationId: "liveness",
          tags: ["operations"],
          summary: "Liveness",
          security: [],
          responses: { "200": ok(S.HealthResponse, "alive") },
        },
      },
      "/readyz": {
        get: {
          operationId: "readiness",
          tags: ["operations"],
          summary: "Readiness: the event store and database answer",
          security: [],
          responses: { "200": ok(S.ReadyResponse, "ready"), "503": problem("Not ready (Retry-After)") },
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          tags: ["operations"],
          summary: "Prometheus metrics",
          security: [],
          responses: {
            "200": {
              description: "Prometheus text exposition format",
              content: { "text/plain": { schema: { type: "string" } } },
            },
          },
        },
      },
    },
  };
}
