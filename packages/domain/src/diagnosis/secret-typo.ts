import { BASE32_ALPHABET, decodeBase32, encodeBase32 } from "../otp/base32";
import { createCodeGenerator, Sha1HmacScratch } from "../otp/code-generator";
import type { HotpParams } from "../otp/types";
import type { Probe } from "./probe";
import type { DiagnosisEvidence } from "./schema";

type Edit = Pick<DiagnosisEvidence, "secretEdit" | "secretEditPosition">;

/**
 * Secret entry typo during enrollment confirmation: the user typed the secret into the app with
 * one base32 character changed, dropped or doubled, or two neighbours swapped. For a 20-byte
 * secret that is 32 × 31 changed + ≤ 64 dropped/doubled + ≤ 31 swapped keys, each tried at
 * `counters` (TOTP: the current step and the previous one, as a 30-s boundary often passes
 * between reading the code and the check; HOTP: the expected counter and the next two). Changed
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
  const shifted = textVariants(text, secret);
  let changed = 0;
  for (let i = 0; i < text.length; i++) changed += 2 ** Math.min(5, bits - 5 * i) - 1;
  let table: Table | null = null;
  return {
    pattern: "secret_entry_typo",
    digits: params.digits,
    candidates: (changed + shifted.length) * counters.length,
    match: (_code, value) => {
      if (table === null) table = buildTable(secret, params, counters, text, shifted, changed);
      const index = table.codes.indexOf(value);
      if (index < 0) return null;
      const counter = counters[index % counters.length] ?? 0;
      return { ...editOf(table, Math.floor(index / counters.length), shifted), ...evidenceOf(counter) };
    },
  };
}

/** Variant-major, counter-minor codes; the changed position per variant (-1: a shifted variant). */
interface Table {
  codes: Int32Array;
  changedAt: Int16Array;
}

const editOf = (table: Table, variant: number, shifted: { edit: Edit }[]): Edit => {
  const position = table.changedAt[variant] ?? -1;
  if (position >= 0) return { secretEdit: "changed", secretEditPosition: position };
  return shifted[variant - (table.changedAt.length - shifted.length)]?.edit ?? {};
};

/** All variant codes, computed once per prepared search, into preallocated typed arrays. */
function buildTable(
  secret: Uint8Array,
  params: HotpParams,
  counters: readonly number[],
  text: string,
  shifted: { key: Uint8Array; edit: Edit }[],
  changed: number,
): Table {
  const bits = secret.length * 8;
  const codes = new Int32Array((changed + shifted.length) * counters.length);
  const changedAt = new Int16Array(changed + shifted.length).fill(-1);
  let variant = 0;
  let n = 0;
  const key = new Uint8Array(secret);
  const fast = params.algorithm === "SHA1" && secret.length <= 64 ? new Sha1HmacScratch() : null;
  // SHA-1 keys as the 16 words of the padded block, edited in place (no byte packing per variant)
  const words = fast ? keyWords(secret) : null;
  /** The codes of the key just set on `fast`, or of `k` through the generic generator. */
  const emit = (k: Uint8Array | null) => {
    variant++;
    if (fast && k === null) {
      fast.codesInto(counters, params.digits, codes, n);
      n += counters.length;
      return;
    }
    const generate = createCodeGenerator(k ?? key, params);
    for (const c of counters) codes[n++] = generate(c);
  };
  try {
    for (let i = 0; i < text.length; i++) {
      const inside = Math.min(5, bits - 5 * i);
      const original = (BASE32_ALPHABET.indexOf(text.charAt(i)) >>> (5 - inside)) & ((1 << inside) - 1);
      for (let v = 0; v < 1 << inside; v++) {
        if (v === original) continue;
        changedAt[variant] = i;
        if (fast && words) {
          writeWordBits(words, 5 * i, inside, v);
          fast.setKeyWords(words);
          writeWordBits(words, 5 * i, inside, original);
          emit(null);
        } else {
          writeBits(key, 5 * i, inside, v);
          emit(key);
          writeBits(key, 5 * i, inside, original);
        }
      }
    }
    for (const s of shifted) {
      if (fast) fast.setKey(s.key);
      emit(fast ? null : s.key);
    }
    return { codes, changedAt };
  } finally {
    key.fill(0);
    words?.fill(0);
    fast?.wipe();
  }
}

/** The 16 big-endian words of a key zero-padded to a 64-byte block (keys ≤ 64 bytes). */
function keyWords(key: Uint8Array): Int32Array {
  const words = new Int32Array(16);
  for (let i = 0; i < key.length; i++) words[i >>> 2] = words[i >>> 2]! | (key[i]! << (24 - 8 * (i & 3)));
  return words;
}

/** Writes `count` bits of `value` (MSB first) at bit offset `offset` of big-endian `words`. */
function writeWordBits(words: Int32Array, offset: number, count: number, value: number): void {
  for (let b = 0; b < count; b++) {
    const pos = offset + b;
    const mask = 1 << (31 - (pos & 31));
    const w = pos >>> 5;
    words[w] = (value >>> (count - 1 - b)) & 1 ? words[w]! | mask : words[w]! & ~mask;
  }
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

/**
 * Dropped and doubled characters shift the following bits, and a swap moves two characters:
 * decoded from the edited text, deduplicated (a swap of two equal characters is no typo).
 */
function textVariants(text: string, secret: Uint8Array): { key: Uint8Array; edit: Edit }[] {
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
    if (i + 1 < text.length) {
      const swapped = text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
      add(swapped, { secretEdit: "swapped", secretEditPosition: i });
    }
  }
  return out;
}
