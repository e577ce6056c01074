/**
 * UUID v7 (RFC 9562): 48-bit Unix milliseconds, version 7, 12-bit rand_a, variant, 62-bit rand_b.
 * Pure: the caller supplies the time and 10 random bytes.
 */
export const uuidV7 = (unixMs: number, random: Uint8Array): string => {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs > 0xffff_ffff_ffff)
    throw new RangeError("unixMs out of range");
  if (random.length < 10) throw new RangeError("uuidV7 needs 10 random bytes");
  const b = new Uint8Array(16);
  let ms = unixMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (random[0]! & 0x0f);
  b[7] = random[1]!;
  b[8] = 0x80 | (random[2]! & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = random[i - 6]!;
  const hex = Buffer.from(b.buffer, b.byteOffset, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * An id generator (`newId`) from an injected clock and random source. Ids from one generator are
 * strictly increasing as strings: within one millisecond (or if the clock steps back) the
 * timestamp is held and the 12-bit rand_a is used as a counter (RFC 9562 method 1).
 */
export const createUuidV7Generator = (deps: {
  now: () => number;
  randomBytes: (n: number) => Uint8Array;
}): (() => string) => {
  let lastMs = -1;
  let counter = 0;
  return () => {
    const random = deps.randomBytes(10);
    let ms = Math.floor(deps.now());
    if (ms <= lastMs) {
      counter++;
      ms = lastMs;
      if (counter > 0xfff) {
        ms = lastMs + 1;
        counter = 0;
      }
    } else {
      counter = ((random[0]! & 0x07) << 8) | random[1]!; // start low in the range to leave room
    }
    lastMs = ms;
    const bytes = random.slice();
    bytes[0] = (counter >> 8) & 0x0f;
    bytes[1] = counter & 0xff;
    return uuidV7(ms, bytes);
  };
};
