/**
 * Random bytes for ids, served from a 4 KiB block of the CSPRNG refilled when used up: one
 * `randomBytes` call per ~400 UUIDs instead of one each (a synchronous call costs microseconds,
 * ~10% of a verification's CPU). A block is never reused: each call gets bytes nobody else got.
 */
import { randomBytes } from "node:crypto";

export function createRandomPool(blockSize = 4096): (n: number) => Uint8Array {
  let block = randomBytes(blockSize);
  let offset = 0;
  return (n) => {
    if (n > blockSize) return randomBytes(n);
    if (offset + n > block.length) {
      block = randomBytes(blockSize);
      offset = 0;
    }
    const out = block.subarray(offset, offset + n);
    offset += n;
    return out;
  };
}
