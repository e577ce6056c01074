import { createHmac, createSecretKey } from "node:crypto";
import { counterBytes, NODE_HASH, truncate } from "./hmac";
import { rounds2 } from "./sha1-pair";
import type { HotpParams } from "./types";

/**
 * Batch code generation for the diagnosis search (never for acceptance): returns a function
 * counter → code as an integer. SHA-1, by far the most common, uses an HMAC whose inner and outer
 * pad states are computed once per generator (per call of the search, never globally), so each
 * further code costs two SHA-1 compressions in plain JS; SHA-256/512 use node:crypto. Both are
 * checked against node:crypto and otplib in the tests.
 */
export function createCodeGenerator(secret: Uint8Array, params: HotpParams): (counter: number) => number {
  if (params.algorithm === "SHA1" && secret.length <= 64) return sha1Generator(secret, params.digits);
  const key = createSecretKey(secret);
  const hash = NODE_HASH[params.algorithm];
  return (counter) => truncate(createHmac(hash, key).update(counterBytes(counter)).digest(), params.digits);
}

const H0 = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

function compress(state: Int32Array, w: Int32Array): void {
  expand(w);
  rounds(state, w);
}

/** The message schedule: words 16..79 from words 0..15. */
function expand(w: Int32Array): void {
  for (let i = 16; i < 80; i++) {
    const v = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (v << 1) | (v >>> 31);
  }
}

const rotl5 = (x: number) => (x << 5) | (x >>> 27);
const rotl30 = (x: number) => (x << 30) | (x >>> 2);

/**
 * The 80 rounds over an expanded schedule, added into `state`. Unrolled by five with the working
 * variables renamed instead of shifted (each round writes the one that falls out), which halves
 * the work per round of the textbook loop in V8.
 */
function rounds(state: Int32Array, w: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let i = 0;
  for (; i < 20; i += 5) {
    e = (e + rotl5(a) + (d ^ (b & (c ^ d))) + 0x5a827999 + w[i]!) | 0;
    b = rotl30(b);
    d = (d + rotl5(e) + (c ^ (a & (b ^ c))) + 0x5a827999 + w[i + 1]!) | 0;
    a = rotl30(a);
    c = (c + rotl5(d) + (b ^ (e & (a ^ b))) + 0x5a827999 + w[i + 2]!) | 0;
    e = rotl30(e);
    b = (b + rotl5(c) + (a ^ (d & (e ^ a))) + 0x5a827999 + w[i + 3]!) | 0;
    d = rotl30(d);
    a = (a + rotl5(b) + (e ^ (c & (d ^ e))) + 0x5a827999 + w[i + 4]!) | 0;
    c = rotl30(c);
  }
  for (; i < 40; i += 5) {
    e = (e + rotl5(a) + (b ^ c ^ d) + 0x6ed9eba1 + w[i]!) | 0;
    b = rotl30(b);
    d = (d + rotl5(e) + (a ^ b ^ c) + 0x6ed9eba1 + w[i + 1]!) | 0;
    a = rotl30(a);
    c = (c + rotl5(d) + (e ^ a ^ b) + 0x6ed9eba1 + w[i + 2]!) | 0;
    e = rotl30(e);
    b = (b + rotl5(c) + (d ^ e ^ a) + 0x6ed9eba1 + w[i + 3]!) | 0;
    d = rotl30(d);
    a = (a + rotl5(b) + (c ^ d ^ e) + 0x6ed9eba1 + w[i + 4]!) | 0;
    c = rotl30(c);
  }
  for (; i < 60; i += 5) {
    e = (e + rotl5(a) + ((b & c) | (d & (b | c))) - 0x70e44324 + w[i]!) | 0;
    b = rotl30(b);
    d = (d + rotl5(e) + ((a & b) | (c & (a | b))) - 0x70e44324 + w[i + 1]!) | 0;
    a = rotl30(a);
    c = (c + rotl5(d) + ((e & a) | (b & (e | a))) - 0x70e44324 + w[i + 2]!) | 0;
    e = rotl30(e);
    b = (b + rotl5(c) + ((d & e) | (a & (d | e))) - 0x70e44324 + w[i + 3]!) | 0;
    d = rotl30(d);
    a = (a + rotl5(b) + ((c & d) | (e & (c | d))) - 0x70e44324 + w[i + 4]!) | 0;
    c = rotl30(c);
  }
  for (; i < 80; i += 5) {
    e = (e + rotl5(a) + (b ^ c ^ d) - 0x359d3e2a + w[i]!) | 0;
    b = rotl30(b);
    d = (d + rotl5(e) + (a ^ b ^ c) - 0x359d3e2a + w[i + 1]!) | 0;
    a = rotl30(a);
    c = (c + rotl5(d) + (e ^ a ^ b) - 0x359d3e2a + w[i + 2]!) | 0;
    e = rotl30(e);
    b = (b + rotl5(c) + (d ^ e ^ a) - 0x359d3e2a + w[i + 3]!) | 0;
    d = rotl30(d);
    a = (a + rotl5(b) + (c ^ d ^ e) - 0x359d3e2a + w[i + 4]!) | 0;
    c = rotl30(c);
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}

/**
 * Reusable HMAC-SHA1 state for a batch of codes under one key at a time (keys ≤ 64 bytes). One
 * instance per search call; `wipe()` clears every key-derived word when the caller is done.
 */
export class Sha1HmacScratch {
  private readonly w = new Int32Array(80);
  private readonly w2 = new Int32Array(80);
  /**
   * The inner message block depends on the counter only: the schedules of the last few counters
   * are reused across keys (the secret-typo search runs the same 1–3 counters under ~1,000 keys).
   */
  private readonly schedules = Array.from({ length: 4 }, () => new Int32Array(80));
  private readonly scheduled = new Float64Array(4).fill(-1);
  private nextSchedule = 0;
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly s = new Int32Array(5);
  private readonly s2 = new Int32Array(5);

  setKey(key: Uint8Array): void {
    this.padBlock(key);
    this.keyed();
  }

  /**
   * The same as setKey for a key given as the 16 big-endian words of its zero-padded 64-byte
   * block: a caller that edits a few bits of one key many times (the secret-typo search) skips
   * the byte packing.
   */
  setKeyWords(words: Int32Array): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) w[i] = words[i]! ^ 0x36363636;
    this.keyed();
  }

  private keyed(): void {
    // The message schedule is linear (XOR and rotations), so the outer pad block's schedule is the
    // inner one's XOR the schedule of (ipad ⊕ opad): one expansion per key instead of two; the
    // two pad blocks are then compressed together.
    const { w, w2 } = this;
    expand(w);
    for (let i = 0; i < 80; i++) w2[i] = w[i]! ^ PAD_XOR_SCHEDULE[i]!;
    this.inner.set(H0);
    this.outer.set(H0);
    rounds2(this.inner, w, this.outer, w2);
  }

  /** The codes of `counters` into `out` from `at`, two at a time (interleaved compressions). */
  codesInto(counters: readonly number[], digits: 6 | 8, out: Int32Array, at: number): void {
    let i = 0;
    for (; i + 1 < counters.length; i += 2) {
      const { w, w2, s, s2 } = this;
      s.set(this.inner);
      s2.set(this.inner);
      const first = this.scheduleSlot(counters[i]!, -1);
      const second = this.scheduleSlot(counters[i + 1]!, first);
      rounds2(s, this.schedules[first]!, s2, this.schedules[second]!);
      digestBlock(w, s);
      digestBlock(w2, s2);
      s.set(this.outer);
      s2.set(this.outer);
      rounds2(s, w, s2, w2);
      out[at + i] = truncateWords(s, digits);
      out[at + i + 1] = truncateWords(s2, digits);
    }
    if (i < counters.length) out[at + i] = this.code(counters[i]!, digits);
  }

  code(counter: number, digits: 6 | 8): number {
    const { w, s } = this;
    const cw = this.schedules[this.scheduleSlot(counter, -1)]!;
    s.set(this.inner);
    rounds(s, cw);
    w.fill(0, 0, 16);
    w.set(s);
    w[5] = 0x80000000 | 0;
    w[15] = (64 + 20) * 8;
    s.set(this.outer);
    compress(s, w);
    return truncateWords(s, digits);
  }

  wipe(): void {
    this.w.fill(0);
    for (const w of this.schedules) w.fill(0);
    this.scheduled.fill(-1);
    this.inner.fill(0);
    this.outer.fill(0);
    this.s.fill(0);
    this.w2.fill(0);
    this.s2.fill(0);
  }

  /**
   * The slot of a counter's schedule in a ring of the last four (no allocation per code). `keep` is
   * a slot the caller still reads (the other counter of a pair): it is never the one overwritten.
   */
  private scheduleSlot(counter: number, keep: number): number {
    for (let i = 0; i < 4; i++) if (this.scheduled[i] === counter) return i;
    let slot = this.nextSchedule;
    if (slot === keep) slot = (slot + 1) & 3;
    this.nextSchedule = (slot + 1) & 3;
    this.scheduled[slot] = counter;
    const w = this.schedules[slot]!;
    w.fill(0, 0, 16);
    w[0] = Math.floor(counter / 0x1_0000_0000) | 0;
    w[1] = counter | 0;
    w[2] = 0x80000000 | 0;
    w[15] = (64 + 8) * 8;
    expand(w);
    return slot;
  }

  /** The key ⊕ ipad block (keys ≤ 64 bytes, zero-padded) into words 0..15 of the schedule. */
  private padBlock(key: Uint8Array): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | ((key[i * 4 + j] ?? 0) ^ 0x36);
      w[i] = word;
    }
  }
}

/** The outer hash's second block: the inner digest, padding and length, expanded. */
function digestBlock(w: Int32Array, digest: Int32Array): void {
  w.fill(0, 0, 16);
  w.set(digest);
  w[5] = 0x80000000 | 0;
  w[15] = (64 + 20) * 8;
  expand(w);
}

/** The expanded schedule of a block of (0x36 ⊕ 0x5c) bytes: turns an ipad schedule into the opad one. */
const PAD_XOR_SCHEDULE = (() => {
  const w = new Int32Array(80).fill(Math.imul(0x36 ^ 0x5c, 0x01010101), 0, 16);
  expand(w);
  return w;
})();

/** RFC 4226 dynamic truncation read straight from the five digest words (big-endian bytes). */
function truncateWords(s: Int32Array, digits: 6 | 8): number {
  const offset = s[4]! & 0x0f;
  const word = offset >>> 2;
  const shift = (offset & 3) * 8;
  const hi = s[word]!;
  const binary = shift === 0 ? hi : (hi << shift) | (s[word + 1]! >>> (32 - shift));
  return (binary & 0x7fffffff) % (digits === 6 ? 1_000_000 : 100_000_000);
}

/** The codes of `counters` under one key, as integers (batch form of createCodeGenerator). */
export function generateCodes(
  secret: Uint8Array,
  params: HotpParams,
  counters: readonly number[],
): Int32Array {
  const out = new Int32Array(counters.length);
  if (params.algorithm === "SHA1" && secret.length <= 64) {
    const scratch = new Sha1HmacScratch();
    try {
      scratch.setKey(secret);
      scratch.codesInto(counters, params.digits, out, 0);
    } finally {
      scratch.wipe();
    }
    return out;
  }
  const generate = createCodeGenerator(secret, params);
  for (let i = 0; i < counters.length; i++) out[i] = generate(counters[i]!);
  return out;
}

function sha1Generator(secret: Uint8Array, digits: 6 | 8): (counter: number) => number {
  const scratch = new Sha1HmacScratch();
  scratch.setKey(secret);
  return (counter) => scratch.code(counter, digits);
}
