/**
 * SMS codes: the number is kept encrypted in the vault (erased when the factor goes), each code
 * only as an HMAC; the check compares against the factor's latest challenge only (an earlier one
 * is "stale", diagnosed later).
 */
import { diagnoseMismatch, maskPhone, phoneCountry, type SmsCheck } from "@factorlens/domain";
import type { AppContext } from "../context";
import type { SmsChallengeRow } from "../ports";
import { sendSmsChallenge } from "../sms";
import { countSmsPass } from "../sms-guard";
import type { FactorMethodModule } from "./types";

function smsCheckFor(
  app: AppContext,
  factorId: string,
  code: string,
  rows: readonly SmsChallengeRow[],
): SmsCheck {
  const latest = rows.find((r) => r.factorId === factorId);
  if (!/^[0-9]{6}$/.test(code))
    return { ok: false, reason: "malformed", ...(latest ? { challengeId: latest.challengeId } : {}) };
  if (!latest) return { ok: false, reason: "mismatch" };
  return app.smsMac.matches(latest.challengeId, code, latest.codeMac)
    ? { ok: true, challengeId: latest.challengeId }
    : { ok: false, reason: "mismatch", challengeId: latest.challengeId };
}

export const smsMethod: FactorMethodModule<"sms"> = {
  method: "sms",
  material: "sms-challenges",
  verification: (app, factor, code, _nowMs, { smsRows }) => ({
    method: "sms",
    check: smsCheckFor(app, factor.factorId, code, smsRows),
  }),
  async diagnose(app, job) {
    const rows = job.smsRows.filter((r) => r.factorId === job.factor.factorId);
    return diagnoseMismatch({
      method: "sms",
      code: job.code,
      nowMs: job.nowMs,
      challenges: rows.map((r) => {
        const state = job.smsState.find((c) => c.challengeId === r.challengeId);
        return {
          challengeId: r.challengeId,
          sentAtMs: r.issuedAt.getTime(),
          expiresAtMs: r.expiresAt.getTime(),
          deliveryState: state?.delivery ?? "unknown",
          // the receipt time tells a late delivery (the carrier) from a late entry (the user)
          ...(state?.deliveredAt === undefined ? {} : { deliveredAtMs: Date.parse(state.deliveredAt) }),
          matches: (c: string) => app.smsMac.matches(r.challengeId, c, r.codeMac),
        };
      }),
    });
  },
  start(_app, { factorId, request }) {
    const material = new Uint8Array(Buffer.from(request.phone, "utf8"));
    const data = {
      factorId,
      method: "sms" as const,
      maskedPhone: maskPhone(request.phone),
      country: phoneCountry(request.phone),
    };
    return { material, data };
  },
  async started(app, { userId, factorId, ctx }) {
    const sent = await sendSmsChallenge(app, userId, factorId, app.newId(), ctx);
    const { challengeId, maskedPhone } = sent;
    return { factorId, method: "sms", status: "pending", challengeId, maskedPhone };
  },
  passed(app, verification) {
    if (app.smsGuard && verification.method === "sms" && verification.check.ok)
      countSmsPass(app, app.smsGuard, verification.check.challengeId);
  },
  /** A phone number is personal data with no diagnostic use once the factor is gone. */
  release: (app, userId, factorId) => app.vault.erase(userId, factorId),
};
