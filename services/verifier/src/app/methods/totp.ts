/** TOTP (RFC 6238): a secret generated here and shown once (otpauth URI and QR code). */
import {
  checkTotp,
  diagnoseMismatch,
  encodeBase32,
  generateSecret,
  otpauthUri,
  totpPolicyFor,
} from "@factorlens/domain";
import QRCode from "qrcode";
import { fingerprintFor, otpDiagnosisBase, retireSecret } from "./otp-shared";
import type { FactorMethodModule } from "./types";

const ISSUER = "factorlens";

export const totpMethod: FactorMethodModule<"totp"> = {
  method: "totp",
  material: "secret",
  verification(_app, factor, code, nowMs, { secret }) {
    if (!secret || !factor.totpParams) return null;
    return {
      method: "totp",
      check: checkTotp(secret, factor.totpParams, totpPolicyFor(factor), code, nowMs),
    };
  },
  async diagnose(app, job) {
    const { factor, secret } = job;
    if (!secret || !factor.totpParams) return null;
    const base = await otpDiagnosisBase(app, job, secret);
    return diagnoseMismatch({
      ...base,
      method: "totp",
      params: factor.totpParams,
      policy: totpPolicyFor(factor),
    });
  },
  start(_app, { factorId, request }) {
    const material = generateSecret();
    const params = { algorithm: request.algorithm, digits: request.digits, period: request.period };
    return {
      material,
      data: { factorId, method: "totp", params, secretFingerprint: fingerprintFor(material) },
    };
  },
  async started(_app, { userId, factorId, request }, secret) {
    const uri = otpauthUri({
      issuer: ISSUER,
      accountName: request.accountName ?? userId,
      secret,
      method: "totp",
      params: { algorithm: request.algorithm, digits: request.digits, period: request.period },
    });
    const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return {
      factorId,
      method: "totp",
      status: "pending",
      secret: encodeBase32(secret),
      otpauthUri: uri,
      qrSvg,
    };
  },
  release: retireSecret,
};
