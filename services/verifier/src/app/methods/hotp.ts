/** HOTP (RFC 4226) hardware tokens: the secret is imported by an admin; the counter moves on a pass. */
import { checkHotp, DEFAULT_HOTP_PARAMS, decodeBase32, hotpPolicyFor } from "@factorlens/domain";
import { fingerprintFor, otpDiagnosisBase, retireSecret } from "./otp-shared";
import type { FactorMethodModule } from "./types";

export const hotpMethod: FactorMethodModule<"hotp"> = {
  method: "hotp",
  material: "secret",
  verification(_app, factor, code, _nowMs, { secret }) {
    if (!secret || !factor.hotpParams) return null;
    const check = checkHotp(secret, factor.hotpParams, hotpPolicyFor(factor), code);
    // The engine looks ahead of the counter only: the code just accepted is checked too, so that
    // the decider can answer a retry of it (or refuse a resubmission without counting it).
    const last = factor.hotpCounter - 1;
    if (!check.ok && check.reason === "mismatch" && factor.lastPass?.counter === last) {
      const again = checkHotp(secret, factor.hotpParams, { counter: last, lookAhead: 0 }, code);
      if (again.ok) return { method: "hotp", check: again };
    }
    return { method: "hotp", check };
  },
  /** Searches are reused while the counter stands still (diagnosis-searches.ts). */
  async diagnose(app, job) {
    const { factor, secret } = job;
    if (!secret || !factor.hotpParams) return null;
    const base = await otpDiagnosisBase(app, job, secret);
    const input = {
      ...base,
      method: "hotp" as const,
      params: factor.hotpParams,
      policy: hotpPolicyFor(factor),
    };
    return app.diagnosisSearches.hotp(job.userId, factor.factorId, input).diagnose(input.code);
  },
  start(_app, { factorId, request }) {
    const material = decodeBase32(request.secret);
    const params = { ...DEFAULT_HOTP_PARAMS, algorithm: request.algorithm, digits: request.digits };
    const data = {
      factorId,
      method: "hotp" as const,
      params,
      secretFingerprint: fingerprintFor(material),
      ...(request.counter > 0 ? { initialCounter: request.counter } : {}),
    };
    return { material, data };
  },
  started: async (_app, { factorId }) => ({ factorId, method: "hotp", status: "pending" }),
  release: retireSecret,
};
