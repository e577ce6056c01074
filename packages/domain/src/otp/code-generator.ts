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
  for (let i = 16; i < 80; i++) {
    const v = (w[i - 3] ?? 0) ^ (w[i - 8] ?? 0) ^ (w[i - 14] ?? 0) ^ (w[i - 16] ?? 0);
    w[i] = (v << 1) | (v >>> 31);
  }
  let a = state[0] ?? 0;
  let b = state[1] ?? 0;
  let c = state[2] ?? 0;
  let d = state[3] ?? 0;
  let e = state[4] ?? 0;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + (w[i] ?? 0)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = ((state[0] ?? 0) + a) | 0;
  state[1] = ((state[1] ?? 0) + b) | 0;
  state[2] = ((state[2] ?? 0) + c) | 0;
  state[3] = ((state[3] ?? 0) + d) | 0;
  state[4] = ((state[4] ?? 0) + e) | 0;
}

function padState(key: Uint8Array, pad: number, w: Int32Array): Int32Array {
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 4; j++) word = (word << 8) | ((key[i * 4 + j] ?? 0) ^ pad);
    w[i] = word;
  }
  const state = Int32Array.from(H0);
  compress(state, w);
  return state;
}

function sha1Generator(secret: Uint8Array, digits: 6 | 8): (counter: number) => number {
  const w = new Int32Array(80);
  const inner = padState(secret, 0x36, w);
  const outer = padState(secret, 0x5c, w);
  const s = new Int32Array(5);
  const digest = new Uint8Array(20);
  return (counter) => {
    s.set(inner);
    w.fill(0);
    w[0] = Math.floor(counter / 0x1_0000_0000) | 0;
    w[1] = counter | 0;
    w[2] = 0x80000000 | 0;
    w[15] = (64 + 8) * 8;
    compress(s, w);
    w.fill(0);
    w.set(s);
    w[5] = 0x80000000 | 0;
    w[15] = (64 + 20) * 8;
    s.set(outer);
    compress(s, w);
    for (let i = 0; i < 5; i++) {
      const v = s[i] ?? 0;
      digest[i * 4] = v >>> 24;
      digest[i * 4 + 1] = (v >>> 16) & 0xff;
      digest[i * 4 + 2] = (v >>> 8) & 0xff;
      digest[i * 4 + 3] = v & 0xff;
    }
    return truncate(digest, digits);
  };
}
