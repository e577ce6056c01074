export { decodeBase32, encodeBase32 } from "./base32";
export { checkHotp, DEFAULT_HOTP_LOOK_AHEAD, DEFAULT_RESYNC_SEARCH, hotpCode, resyncHotp } from "./hotp";
export { MAX_HOTP_LOOK_AHEAD, MAX_TOTP_WINDOW } from "./params";
export {
  DEFAULT_SECRET_BYTES,
  generateSecret,
  type OtpauthUriInput,
  otpauthUri,
  secretFingerprint,
} from "./secret";
export { checkTotp, DEFAULT_TOTP_POLICY, totpCode, totpStep } from "./totp";
export * from "./types";
