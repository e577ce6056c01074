/**
 * VerifierClient over the verifier's HTTP API: `POST /v1/users/{userId}/factors/{factorId}/resync`
 * with `{ code1, code2 }` and an API key with the admin scope. The codes go in the body only; no
 * error message, log line or result ever carries them. A timeout, a 5xx or a refused key is
 * UNAVAILABLE (thrown); the verifier's verdicts come back as results.
 */
import { z } from "zod";
import { SupportApiError } from "../errors";
import type { VerifierClient, VerifierResyncResult } from "../ports";

export interface HttpVerifierClientOptions {
  /** e.g. http://127.0.0.1:4000 (no trailing path). */
  baseUrl: string;
  /** A verifier API key with the admin (or enroll) scope. */
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const ResyncResponse = z.object({ factorId: z.string(), resynced: z.boolean() });

const refusal = (status: number): VerifierResyncResult | null => {
  if (status === 404) return { ok: false, code: "NOT_FOUND", message: "No such HOTP factor for this user." };
  if (status === 400 || status === 422)
    return { ok: false, code: "INVALID_INPUT", message: "The verifier refused the request." };
  if (status === 409)
    return { ok: false, code: "CONFLICT", message: "The factor cannot be resynchronised now." };
  if (status === 429)
    return { ok: false, code: "CONFLICT", message: "Too many attempts for this user; try again later." };
  return null;
};

export function createHttpVerifierClient(options: HttpVerifierClientOptions): VerifierClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async resyncHotp(input) {
      const url = `${base}/v1/users/${encodeURIComponent(input.userId)}/factors/${encodeURIComponent(input.factorId)}/resync`;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ code1: input.code1, code2: input.code2 }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (e) {
        const what = e instanceof Error && e.name === "TimeoutError" ? "timed out" : "is unreachable";
        throw new SupportApiError("UNAVAILABLE", `The verifier ${what}.`);
      }
      if (res.ok) {
        const body = ResyncResponse.safeParse(await res.json().catch(() => null));
        if (!body.success) throw new SupportApiError("UNAVAILABLE", "The verifier answered unexpectedly.");
        return body.data.resynced
          ? { ok: true }
          : { ok: false, code: "INVALID_INPUT", message: "The two codes were not accepted as consecutive." };
      }
      await res.body?.cancel();
      const refused = refusal(res.status);
      if (refused) return refused;
      throw new SupportApiError("UNAVAILABLE", `The verifier answered HTTP ${res.status}.`);
    },
  };
}
