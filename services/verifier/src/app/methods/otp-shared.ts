/** What the two OTP methods (TOTP, HOTP) share: the secret's fingerprint, the diagnosis base, disabling. */
import { SecretFingerprint, secretFingerprint } from "@factorlens/domain";
import type { AppContext } from "../context";
import type { DiagnosisJob } from "../diagnose";

/**
 * The OTP engine prints `sha256:<hex>` while the event schema takes bare hex: use whichever
 * form the event schema accepts.
 */
export const fingerprintFor = (secret: Uint8Array): string => {
  const fp = secretFingerprint(secret);
  return SecretFingerprint.safeParse(fp).success ? fp : fp.replace(/^sha256:/, "");
};

/** The part of an OTP diagnosis input both methods share: the code, the secret and the retired ones. */
export async function otpDiagnosisBase(app: AppContext, job: DiagnosisJob, secret: Uint8Array) {
  const retired = (await app.vault.listRetired(job.userId, new Date(job.nowMs))).map((r) => ({
    secret: r.secret,
    retiredAtMs: r.retiredAt.getTime(),
  }));
  return {
    code: job.code,
    nowMs: job.nowMs,
    secret,
    retiredSecrets: retired,
    enrollmentConfirmation: job.enrollmentConfirmation,
  };
}

/** OTP secrets are kept retired, so "the app still has the old entry" can be diagnosed. */
export const retireSecret = (app: AppContext, userId: string, factorId: string) =>
  app.vault.retire(userId, factorId, app.now());
