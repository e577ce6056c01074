/**
 * Defence in depth for everything that leaves factorlens on Kafka: secrets never enter events,
 * and this check makes sure that none slipped in anyway. Two rules:
 * - field names: a key made of words such as secret/seed/otp/code/phone/password/pin is refused,
 *   unless one of its words says it is a harmless derivative (fingerprint, last4, count, id, …);
 * - values: any string holding a full E.164 phone number (`+` and 8–15 digits) is refused.
 * Findings name the path and the rule, never the value.
 */
import { KafkaIntegrationError } from "./errors";

export type RedactionRule = "denied_field" | "full_phone_number";

export interface RedactionFinding {
  /** JSON path such as `data.secret` or `metadata.notes[2]`. */
  path: string;
  rule: RedactionRule;
}

const DENIED_WORDS = new Set([
  "secret",
  "secrets",
  "seed",
  "otp",
  "code",
  "codes",
  "passcode",
  "phone",
  "msisdn",
  "password",
  "pin",
  "privatekey",
]);

/** Words that turn a denied word into a harmless derivative: `secretFingerprint`, `phoneLast4`. */
const SAFE_QUALIFIERS = new Set([
  "fingerprint",
  "hash",
  "hashed",
  "last4",
  "masked",
  "redacted",
  "count",
  "length",
  "id",
  "ids",
  "remaining",
  "country",
  "prefix",
  "digits",
  "algorithm",
  "period",
  "type",
  "kind",
  "status",
  "reason",
  "error",
  "version",
  "method",
  "edit", // secretEdit: the kind of typo (changed/dropped/doubled), never the secret
  "position", // secretEditPosition: an index
]);

/**
 * Denied-looking fields that are harmless only with these exact values (diagnosis evidence:
 * `matchedSecret: "retired"` says which secret matched, not what it is). Any other value is refused.
 */
const ENUM_ONLY_FIELDS: Record<string, readonly string[]> = {
  matchedSecret: ["current", "retired"],
};

/** `otpCode` → [otp, code]; `phone_last4` → [phone, last4]; `privateKey` → [private, key, privatekey]. */
export function fieldWords(key: string): string[] {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return [...words, words.join("")];
}

/** Field names repeat across events: verdicts are cached (bounded, so hostile keys cannot grow it). */
const verdicts = new Map<string, boolean>();
const MAX_CACHED = 10_000;

export function isDeniedField(key: string): boolean {
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  const words = fieldWords(key);
  const denied = words.some((w) => DENIED_WORDS.has(w)) && !words.some((w) => SAFE_QUALIFIERS.has(w));
  if (verdicts.size < MAX_CACHED) verdicts.set(key, denied);
  return denied;
}

/** A full international number: `+`, country code, 8–15 digits in all, optional separators. */
const E164 = /(?<![A-Za-z0-9/+=])\+[1-9](?:[\s.-]?\d){7,14}(?!\d)/;

export function containsFullPhoneNumber(value: string): boolean {
  return E164.test(value);
}

export function findSecretMaterial(value: unknown, path = ""): RedactionFinding[] {
  const findings: RedactionFinding[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === "string") {
      if (containsFullPhoneNumber(v)) findings.push({ path: p, rule: "full_phone_number" });
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, `${p}[${i}]`);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const childPath = p ? `${p}.${k}` : k;
        const allowedValue = typeof child === "string" && ENUM_ONLY_FIELDS[k]?.includes(child) === true;
        if (isDeniedField(k) && !allowedValue) findings.push({ path: childPath, rule: "denied_field" });
        walk(child, childPath);
      }
    }
  };
  walk(value, path);
  return findings;
}

/** Throws `secret_material` (naming paths and rules only) when `value` fails the check. */
export function assertRedacted(value: unknown, what = "event"): void {
  const findings = findSecretMaterial(value);
  if (findings.length === 0) return;
  const list = findings.map((f) => `${f.path} (${f.rule})`).join(", ");
  throw new KafkaIntegrationError("secret_material", `${what} refused: possible secret material at ${list}`);
}

/** What `redactSecretMaterial` replaces a string holding a full phone number with. */
export const REDACTED = "[redacted]";

/**
 * A copy of `value` that passes the check: denied fields are left out, strings holding a full
 * phone number replaced by `[redacted]`. For an event already stored that must still leave (the
 * relay never stops on it); `findings` say what was replaced (paths and rules, never values).
 */
export function redactSecretMaterial<T>(value: T): { value: T; findings: RedactionFinding[] } {
  const findings: RedactionFinding[] = [];
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === "string") {
      if (!containsFullPhoneNumber(v)) return v;
      findings.push({ path: p, rule: "full_phone_number" });
      return REDACTED;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${p}[${i}]`));
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const childPath = p ? `${p}.${k}` : k;
      const allowedValue = typeof child === "string" && ENUM_ONLY_FIELDS[k]?.includes(child) === true;
      if (isDeniedField(k) && !allowedValue) findings.push({ path: childPath, rule: "denied_field" });
      else out[k] = walk(child, childPath);
    }
    return out;
  };
  const redacted = walk(value, "") as T;
  return { value: findings.length === 0 ? value : redacted, findings };
}
