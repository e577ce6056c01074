import { createHmac, createSecretKey } from "node:crypto";
import { counterBytes, NODE_HASH, truncate } from "./hmac";
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

/** The 80 rounds over an expanded schedule, added into `state`. */
function rounds(state: Int32Array, w: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let t = 0;
  for (let i = 0; i < 20; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
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
  /**
   * The inner message block depends on the counter only: the schedules of the last few counters
   * are reused across keys (the secret-typo search runs the same 1–3 counters under ~1,000 keys).
   */
  private readonly schedules: { counter: number; w: Int32Array }[] = [];
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly s = new Int32Array(5);
  private readonly digest = new Uint8Array(20);

  setKey(key: Uint8Array): void {
    this.padState(key, 0x36, this.inner);
    this.padState(key, 0x5c, this.outer);
  }

  code(counter: number, digits: 6 | 8): number {
    const { w, s, digest } = this;
    const cw = this.counterSchedule(counter);
    s.set(this.inner);
    rounds(s, cw);
    w.fill(0, 0, 16);
    w.set(s);
    w[5] = 0x80000000 | 0;
    w[15] = (64 + 20) * 8;
    s.set(this.outer);
    compress(s, w);
    for (let i = 0; i < 5; i++) {
      const v = s[i]!;
      digest[i * 4] = v >>> 24;
      digest[i * 4 + 1] = (v >>> 16) & 0xff;
      digest[i * 4 + 2] = (v >>> 8) & 0xff;
      digest[i * 4 + 3] = v & 0xff;
    }
    return truncate(digest, digits);
  }

  wipe(): void {
    this.w.fill(0);
    this.schedules.length = 0;
    this.inner.fill(0);
    this.outer.fill(0);
    this.s.fill(0);
    this.digest.fill(0);
  }

  private counterSchedule(counter: number): Int32Array {
    for (const c of this.schedules) if (c.counter === counter) return c.w;
    const w =
      this.schedules.length < 4 ? new Int32Array(80) : (this.schedules.shift()?.w ?? new Int32Array(80));
    w.fill(0, 0, 16);
    w[0] = Math.floor(counter / 0x1_0000_0000) | 0;
    w[1] = counter | 0;
    w[2] = 0x80000000 | 0;
    w[15] = (64 + 8) * 8;
    expand(w);
    this.schedules.push({ counter, w });
    return w;
  }

  private padState(key: Uint8Array, pad: number, state: Int32Array): void {
    const w = this.w;
    const padWord = Math.imul(pad, 0x01010101);
    for (let i = 0; i < 16; i++) {
      if (i * 4 >= key.length) {
        w[i] = padWord;
        continue;
      }
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | ((key[i * 4 + j] ?? 0) ^ pad);
      w[i] = word;
    }
    state.set(H0);
    compress(state, w);
  }
}

function sha1Generator(secret: Uint8Array, digits: 6 | 8): (counter: number) => number {
  const scratch = new Sha1HmacScratch();
  scratch.setKey(secret);
  return (counter) => scratch.code(counter, digits);
}
