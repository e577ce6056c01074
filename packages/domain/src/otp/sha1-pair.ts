const rotl5 = (x: number) => (x << 5) | (x >>> 27);
const rotl30 = (x: number) => (x << 30) | (x >>> 2);

/**
 * Two SHA-1 compressions at once, their rounds interleaved: each round of one depends on the one
 * before, so a single compression leaves most of the CPU's execution units idle; two independent
 * chains fill them. The same rounds as `rounds` in code-generator.ts (checked against it and
 * node:crypto in the tests), written out twice with the working variables of each renamed.
 */
export function rounds2(s1: Int32Array, w1: Int32Array, s2: Int32Array, w2: Int32Array): void {
  let a1 = s1[0]!;
  let a2 = s2[0]!;
  let b1 = s1[1]!;
  let b2 = s2[1]!;
  let c1 = s1[2]!;
  let c2 = s2[2]!;
  let d1 = s1[3]!;
  let d2 = s2[3]!;
  let e1 = s1[4]!;
  let e2 = s2[4]!;
  let i = 0;
  for (; i < 20; i += 5) {
    e1 = (e1 + rotl5(a1) + (d1 ^ (b1 & (c1 ^ d1))) + 0x5a827999 + w1[i]!) | 0;
    e2 = (e2 + rotl5(a2) + (d2 ^ (b2 & (c2 ^ d2))) + 0x5a827999 + w2[i]!) | 0;
    b1 = rotl30(b1);
    b2 = rotl30(b2);
    d1 = (d1 + rotl5(e1) + (c1 ^ (a1 & (b1 ^ c1))) + 0x5a827999 + w1[i + 1]!) | 0;
    d2 = (d2 + rotl5(e2) + (c2 ^ (a2 & (b2 ^ c2))) + 0x5a827999 + w2[i + 1]!) | 0;
    a1 = rotl30(a1);
    a2 = rotl30(a2);
    c1 = (c1 + rotl5(d1) + (b1 ^ (e1 & (a1 ^ b1))) + 0x5a827999 + w1[i + 2]!) | 0;
    c2 = (c2 + rotl5(d2) + (b2 ^ (e2 & (a2 ^ b2))) + 0x5a827999 + w2[i + 2]!) | 0;
    e1 = rotl30(e1);
    e2 = rotl30(e2);
    b1 = (b1 + rotl5(c1) + (a1 ^ (d1 & (e1 ^ a1))) + 0x5a827999 + w1[i + 3]!) | 0;
    b2 = (b2 + rotl5(c2) + (a2 ^ (d2 & (e2 ^ a2))) + 0x5a827999 + w2[i + 3]!) | 0;
    d1 = rotl30(d1);
    d2 = rotl30(d2);
    a1 = (a1 + rotl5(b1) + (e1 ^ (c1 & (d1 ^ e1))) + 0x5a827999 + w1[i + 4]!) | 0;
    a2 = (a2 + rotl5(b2) + (e2 ^ (c2 & (d2 ^ e2))) + 0x5a827999 + w2[i + 4]!) | 0;
    c1 = rotl30(c1);
    c2 = rotl30(c2);
  }
  for (; i < 40; i += 5) {
    e1 = (e1 + rotl5(a1) + (b1 ^ c1 ^ d1) + 0x6ed9eba1 + w1[i]!) | 0;
    e2 = (e2 + rotl5(a2) + (b2 ^ c2 ^ d2) + 0x6ed9eba1 + w2[i]!) | 0;
    b1 = rotl30(b1);
    b2 = rotl30(b2);
    d1 = (d1 + rotl5(e1) + (a1 ^ b1 ^ c1) + 0x6ed9eba1 + w1[i + 1]!) | 0;
    d2 = (d2 + rotl5(e2) + (a2 ^ b2 ^ c2) + 0x6ed9eba1 + w2[i + 1]!) | 0;
    a1 = rotl30(a1);
    a2 = rotl30(a2);
    c1 = (c1 + rotl5(d1) + (e1 ^ a1 ^ b1) + 0x6ed9eba1 + w1[i + 2]!) | 0;
    c2 = (c2 + rotl5(d2) + (e2 ^ a2 ^ b2) + 0x6ed9eba1 + w2[i + 2]!) | 0;
    e1 = rotl30(e1);
    e2 = rotl30(e2);
    b1 = (b1 + rotl5(c1) + (d1 ^ e1 ^ a1) + 0x6ed9eba1 + w1[i + 3]!) | 0;
    b2 = (b2 + rotl5(c2) + (d2 ^ e2 ^ a2) + 0x6ed9eba1 + w2[i + 3]!) | 0;
    d1 = rotl30(d1);
    d2 = rotl30(d2);
    a1 = (a1 + rotl5(b1) + (c1 ^ d1 ^ e1) + 0x6ed9eba1 + w1[i + 4]!) | 0;
    a2 = (a2 + rotl5(b2) + (c2 ^ d2 ^ e2) + 0x6ed9eba1 + w2[i + 4]!) | 0;
    c1 = rotl30(c1);
    c2 = rotl30(c2);
  }
  for (; i < 60; i += 5) {
    e1 = (e1 + rotl5(a1) + ((b1 & c1) | (d1 & (b1 | c1))) - 0x70e44324 + w1[i]!) | 0;
    e2 = (e2 + rotl5(a2) + ((b2 & c2) | (d2 & (b2 | c2))) - 0x70e44324 + w2[i]!) | 0;
    b1 = rotl30(b1);
    b2 = rotl30(b2);
    d1 = (d1 + rotl5(e1) + ((a1 & b1) | (c1 & (a1 | b1))) - 0x70e44324 + w1[i + 1]!) | 0;
    d2 = (d2 + rotl5(e2) + ((a2 & b2) | (c2 & (a2 | b2))) - 0x70e44324 + w2[i + 1]!) | 0;
    a1 = rotl30(a1);
    a2 = rotl30(a2);
    c1 = (c1 + rotl5(d1) + ((e1 & a1) | (b1 & (e1 | a1))) - 0x70e44324 + w1[i + 2]!) | 0;
    c2 = (c2 + rotl5(d2) + ((e2 & a2) | (b2 & (e2 | a2))) - 0x70e44324 + w2[i + 2]!) | 0;
    e1 = rotl30(e1);
    e2 = rotl30(e2);
    b1 = (b1 + rotl5(c1) + ((d1 & e1) | (a1 & (d1 | e1))) - 0x70e44324 + w1[i + 3]!) | 0;
    b2 = (b2 + rotl5(c2) + ((d2 & e2) | (a2 & (d2 | e2))) - 0x70e44324 + w2[i + 3]!) | 0;
    d1 = rotl30(d1);
    d2 = rotl30(d2);
    a1 = (a1 + rotl5(b1) + ((c1 & d1) | (e1 & (c1 | d1))) - 0x70e44324 + w1[i + 4]!) | 0;
    a2 = (a2 + rotl5(b2) + ((c2 & d2) | (e2 & (c2 | d2))) - 0x70e44324 + w2[i + 4]!) | 0;
    c1 = rotl30(c1);
    c2 = rotl30(c2);
  }
  for (; i < 80; i += 5) {
    e1 = (e1 + rotl5(a1) + (b1 ^ c1 ^ d1) - 0x359d3e2a + w1[i]!) | 0;
    e2 = (e2 + rotl5(a2) + (b2 ^ c2 ^ d2) - 0x359d3e2a + w2[i]!) | 0;
    b1 = rotl30(b1);
    b2 = rotl30(b2);
    d1 = (d1 + rotl5(e1) + (a1 ^ b1 ^ c1) - 0x359d3e2a + w1[i + 1]!) | 0;
    d2 = (d2 + rotl5(e2) + (a2 ^ b2 ^ c2) - 0x359d3e2a + w2[i + 1]!) | 0;
    a1 = rotl30(a1);
    a2 = rotl30(a2);
    c1 = (c1 + rotl5(d1) + (e1 ^ a1 ^ b1) - 0x359d3e2a + w1[i + 2]!) | 0;
    c2 = (c2 + rotl5(d2) + (e2 ^ a2 ^ b2) - 0x359d3e2a + w2[i + 2]!) | 0;
    e1 = rotl30(e1);
    e2 = rotl30(e2);
    b1 = (b1 + rotl5(c1) + (d1 ^ e1 ^ a1) - 0x359d3e2a + w1[i + 3]!) | 0;
    b2 = (b2 + rotl5(c2) + (d2 ^ e2 ^ a2) - 0x359d3e2a + w2[i + 3]!) | 0;
    d1 = rotl30(d1);
    d2 = rotl30(d2);
    a1 = (a1 + rotl5(b1) + (c1 ^ d1 ^ e1) - 0x359d3e2a + w1[i + 4]!) | 0;
    a2 = (a2 + rotl5(b2) + (c2 ^ d2 ^ e2) - 0x359d3e2a + w2[i + 4]!) | 0;
    c1 = rotl30(c1);
    c2 = rotl30(c2);
  }
  s1[0] = (s1[0]! + a1) | 0;
  s2[0] = (s2[0]! + a2) | 0;
  s1[1] = (s1[1]! + b1) | 0;
  s2[1] = (s2[1]! + b2) | 0;
  s1[2] = (s1[2]! + c1) | 0;
  s2[2] = (s2[2]! + c2) | 0;
  s1[3] = (s1[3]! + d1) | 0;
  s2[3] = (s2[3]! + d2) | 0;
  s1[4] = (s1[4]! + e1) | 0;
  s2[4] = (s2[4]! + e2) | 0;
}
