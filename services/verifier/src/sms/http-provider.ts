/**
 * Generic HTTP SMS provider: POSTs `{ to, body, reference }` as JSON to a configured URL with a
 * configured Authorization header and expects `{ id }` (or `{ messageId }`) back. Bounded by a
 * timeout; failures become VerifierError("sms_failed") without the number or the body.
 */
import { StorableString } from "@factorlens/domain";
import { z } from "zod";
import type { SmsProvider } from "../app/ports";
import { VerifierError } from "../errors";

/** The id is recorded in SmsDispatched: a string the store cannot hold is a provider failure. */
const Answer = z.union([
  z.object({ id: StorableString.min(1).max(128) }),
  z.object({ messageId: StorableString.min(1).max(128) }),
]);

export function createHttpSmsProvider(opts: {
  url: string;
  authorization?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): SmsProvider {
  const doFetch = opts.fetch ?? fetch;
  return {
    name: "http",
    async send(message) {
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(opts.authorization ? { authorization: opts.authorization } : {}),
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
        });
      } catch (cause) {
        throw new VerifierError("sms_failed", "the SMS provider could not be reached", { cause });
      }
      if (!res.ok) throw new VerifierError("sms_failed", `the SMS provider answered ${res.status}`);
      const parsed = Answer.safeParse(await res.json().catch(() => null));
      if (!parsed.success)
        throw new VerifierError("sms_failed", "the SMS provider answered without a message id");
      return { providerMessageId: "id" in parsed.data ? parsed.data.id : parsed.data.messageId };
    },
  };
}
