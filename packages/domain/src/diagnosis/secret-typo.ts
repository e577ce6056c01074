import { BASE32_ALPHABET, decodeBase32, encodeBase32 } from "../otp/base32";
import { createCodeGenerator, Sha1HmacScratch } from "../otp/code-generator";
import type { HotpParams } from "../otp/types";
import type { Probe } from "./probe";
import type { DiagnosisEvidence } from "./schema";

type Edit = Pick<DiagnosisEvidence, "secretEdit" | "secretEditPosition">;

/**
 * Secret entry typo during enrollment confirmation: the user typed the secret into the app with
 * one base32 character changed, dropped or doubled. For a 20-byte secret that is 32 × 31 changed
 * + ≤ 64 dropped/doubled keys, each tried at `counters` (the confirmation steps). Changed
 * characters are applied in place on one scratch key (no allocation per variant).
 */
export function secretTypoProbe(
  secret: Uint8Array,
  params: HotpParams,
  counters: readonly number[],
  evidenceOf: (counter: number) => DiagnosisEvidence,
): Probe {
  const text = encodeBase32(secret);
  const bits = secret.length * 8;
  const shifted = shiftedVariants(text, secret);
  let changed = 0;
  for (let i = 0; i < text.length; i++) changed += 2 ** Math.min(5, bits - 5 * i) - 1;
  return {
    pattern: "secret_entry_typo",
    digits: params.digits,
    candidates: (changed + shifted.length) * counters.length,
    match: (_code, value) => {
      const key = new Uint8Array(secret);
      const fast = params.algorithm === "SHA1" && secret.length <= 64 ? new Sha1HmacScratch() : null;
      const tryKey = (k: Uint8Array): number => {
        if (fast) {
          fast.setKey(k);
          for (const c of counters) if (fast.code(c, params.digits) === value) return c;
          return -1;
        }
        const generate = createCodeGenerator(k, params);
        for (const c of counters) if (generate(c) === value) return c;
        return -1;
      };
      try {
        for (let i = 0; i < text.length; i++) {
          const inside = Math.min(5, bits - 5 * i);
          const original = (BASE32_ALPHABET.indexOf(text.charAt(i)) >>> (5 - inside)) & ((1 << inside) - 1);
          for (let v = 0; v < 1 << inside; v++) {
            if (v === original) continue;
            writeBits(key, 5 * i, inside, v);
            const c = tryKey(key);
            writeBits(key, 5 * i, inside, original);
            if (c >= 0) return { secretEdit: "changed", secretEditPosition: i, ...evidenceOf(c) };
          }
        }
        for (const variant of shifted) {
          const c = tryKey(variant.key);
          if (c >= 0) return { ...variant.edit, ...evidenceOf(c) };
        }
        return null;
      } finally {
        key.fill(0);
        fast?.wipe();
      }
    },
  };
}

/** Writes `count` bits of `value` (MSB first) at bit offset `offset` of `bytes`. */
function writeBits(bytes: Uint8Array, offset: number, count: number, value: number): void {
  for (let b = 0; b < count; b++) {
    const bit = (value >>> (count - 1 - b)) & 1;
    const pos = offset + b;
    const byte = pos >>> 3;
    const mask = 0x80 >>> (pos & 7);
    bytes[byte] = bit ? (bytes[byte] ?? 0) | mask : (bytes[byte] ?? 0) & ~mask;
  }
}

/** Dropped and doubled characters shift the following bits: decoded from text, deduplicated. */
function shiftedVariants(text: string, secret: Uint8Array): { key: Uint8Array; edit: Edit }[] {
  const seen = new Set<string>([Buffer.from(secret).toString("hex")]);
  const out: { key: Uint8Array; edit: Edit }[] = [];
  const add = (variant: string, edit: Edit) => {
    if (variant.length < 2) return;
    const key = decodeBase32(variant);
    const id = Buffer.from(key).toString("hex");
    if (key.length === 0 || seen.has(id)) return;
    seen.add(id);
    out.push({ key, edit });
  };
  for (let i = 0; i < text.length; i++) {
    add(text.slice(0, i) + text.slice(i + 1), { secretEdit: "dropped", secretEditPosition: i });
    add(text.slice(0, i + 1) + text.slice(i), { secretEdit: "doubled", secretEditPosition: i });
  }
  return out;
}
