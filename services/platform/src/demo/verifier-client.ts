/**
 * The demo's HTTP client of the verifier: exactly what a login system or an account app sends.
 * Bounded concurrency so a large population does not flood a 2-core machine.
 */
import { PlatformError } from "../errors";

export interface CallContext {
  ip: string;
  userAgent: string;
  deviceId: string;
}

export interface VerifyAnswer {
  accepted: boolean;
  attemptId: string;
  reason?: "invalid_code" | "locked" | "no_active_factor" | "rate_limited";
  retryAfterSeconds?: number;
}

export interface VerifierClient {
  enrollTotp(userId: string): Promise<{ factorId: string; secret: string }>;
  enrollSms(userId: string, phone: string): Promise<{ factorId: string }>;
  /** Like enrollSms, but a refusal of the verifier's SMS guard (403 sms-refused) is an answer: null. */
  enrollSmsUnlessRefused(userId: string, phone: string): Promise<{ factorId: string } | null>;
  /** Imports a hardware token's key (admin scope). */
  enrollHotp(userId: string, secret: string): Promise<{ factorId: string }>;
  confirm(userId: string, factorId: string, code: string): Promise<boolean>;
  disable(userId: string, factorId: string, reason: string): Promise<void>;
  /** Disables as the user (the account key): false when refused for want of a fresh code. */
  disableAsUser(userId: string, factorId: string): Promise<boolean>;
  smsChallenge(userId: string, factorId: string): Promise<{ challengeId: string }>;
  verify(
    userId: string,
    code: string,
    method: "totp" | "hotp" | "sms",
    ctx: CallContext,
  ): Promise<VerifyAnswer>;
  smsReceipt(receipt: {
    messageId: string;
    status: "delivered" | "failed";
    carrierErrorCode?: string;
  }): Promise<void>;
}

export function createVerifierClient(opts: {
  baseUrl: string;
  apiKey: string;
  /** The account page's key (enroll scope only), for what a user does without an admin. */
  accountApiKey?: string;
  maxInFlight?: number;
}): VerifierClient {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const max = opts.maxInFlight ?? 16;
  const acquire = async () => {
    if (inFlight >= max) await new Promise<void>((r) => waiting.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  async function call<T>(
    method: string,
    path: string,
    body: unknown,
    ok: number[] = [200, 201],
    apiKey = opts.apiKey,
  ): Promise<T> {
    await acquire();
    try {
      const res = await fetch(`${opts.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json().catch(() => null)) as T & { title?: string; detail?: string };
      if (!ok.includes(res.status)) {
        // The path names the user/factor, never a code; problem details never echo input.
        throw new PlatformError(
          "demo_failed",
          `${method} ${path} answered ${res.status} ${json?.title ?? ""} ${json?.detail ?? ""}`.trim(),
        );
      }
      return json;
    } finally {
      release();
    }
  }
  const u = encodeURIComponent;
  return {
    enrollTotp: (userId) => call("POST", `/v1/users/${u(userId)}/factors`, { method: "totp" }),
    enrollSms: (userId, phone) => call("POST", `/v1/users/${u(userId)}/factors`, { method: "sms", phone }),
    async enrollSmsUnlessRefused(userId, phone) {
      const out = await call<{ factorId: string; type?: string }>(
        "POST",
        `/v1/users/${u(userId)}/factors`,
        { method: "sms", phone },
        [201, 403],
      );
      if (out.factorId !== undefined) return { factorId: out.factorId };
      if (out.type?.endsWith("/sms-refused")) return null;
      throw new PlatformError("demo_failed", `POST /v1/users/${u(userId)}/factors answered 403`);
    },
    enrollHotp: (userId, secret) =>
      call("POST", `/v1/users/${u(userId)}/factors`, { method: "hotp", secret }),
    async confirm(userId, factorId, code) {
      const out = await call<{ confirmed: boolean }>(
        "POST",
        `/v1/users/${u(userId)}/factors/${u(factorId)}/confirm`,
        { code },
      );
      return out.confirmed;
    },
    async disable(userId, factorId, reason) {
      await call("DELETE", `/v1/users/${u(userId)}/factors/${u(factorId)}?reason=${u(reason)}`, undefined);
    },
    async disableAsUser(userId, factorId) {
      if (opts.accountApiKey === undefined) throw new PlatformError("demo_failed", "no account key");
      const path = `/v1/users/${u(userId)}/factors/${u(factorId)}`;
      const out = await call<{ disabled?: boolean; type?: string }>(
        "DELETE",
        path,
        undefined,
        [200, 403],
        opts.accountApiKey,
      );
      if (out.disabled === true) return true;
      if (String(out.type).endsWith("fresh-verification-required")) return false;
      throw new PlatformError("demo_failed", `DELETE ${path} was refused for another reason`);
    },
    smsChallenge: (userId, factorId) => call("POST", `/v1/users/${u(userId)}/sms-challenges`, { factorId }),
    verify: (userId, code, method, ctx) =>
      call("POST", "/v1/verify", { userId, code, method, context: ctx }, [200, 429]),
    async smsReceipt(receipt) {
      await call("POST", "/v1/sms/receipts", receipt, [200, 202]);
    },
  };
}
