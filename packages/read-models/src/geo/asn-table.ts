import { readFileSync } from "node:fs";
import { findRange } from "./ranges";

/** An AS number and its name, or nulls when no range covers the address. */
export interface AsnAnswer {
  asn: number | null;
  asnName: string | null;
}

/**
 * The `start,end,asn,name` ranges of @ip-location-db/asn (`-num` CSVs, sorted by start) kept as
 * typed arrays: IPv4 bounds in Uint32Array, IPv6 bounds as BigInt, each name once (by ASN). No
 * ASN database in the MaxMind format is published as a package, so this is read once, lazily.
 */
export class AsnTable {
  private readonly v4Start: Uint32Array;
  private readonly v4End: Uint32Array;
  private readonly v4Asn: Uint32Array;
  private readonly v6Start: bigint[] = [];
  private readonly v6End: bigint[] = [];
  private readonly v6Asn: number[] = [];
  private readonly names = new Map<number, string>();

  constructor(v4File: string, v6File: string) {
    const v4Text = readFileSync(v4File, "utf8");
    const v4Count = countLines(v4Text);
    this.v4Start = new Uint32Array(v4Count);
    this.v4End = new Uint32Array(v4Count);
    this.v4Asn = new Uint32Array(v4Count);
    let i = 0;
    eachRange(v4Text, (start, end, asn, name) => {
      this.v4Start[i] = Number(start);
      this.v4End[i] = Number(end);
      this.v4Asn[i++] = asn;
      this.name(asn, name);
    });
    eachRange(readFileSync(v6File, "utf8"), (start, end, asn, name) => {
      this.v6Start.push(BigInt(start));
      this.v6End.push(BigInt(end));
      this.v6Asn.push(asn);
      this.name(asn, name);
    });
  }

  private name(asn: number, name: string): void {
    // a copy: a slice would keep the whole file's text alive
    if (name !== "" && !this.names.has(asn)) this.names.set(asn, Buffer.from(name).toString());
  }

  nameOf(asn: number): string | null {
    return this.names.get(asn) ?? null;
  }

  lookupV4(x: number): AsnAnswer {
    return this.answer(findRange(this.v4Start, this.v4End, x), this.v4Asn);
  }

  lookupV6(x: bigint): AsnAnswer {
    return this.answer(findRange(this.v6Start, this.v6End, x), this.v6Asn);
  }

  private answer(hit: number, asns: ArrayLike<number>): AsnAnswer {
    if (hit < 0) return { asn: null, asnName: null };
    const asn = asns[hit] as number;
    return { asn, asnName: this.nameOf(asn) };
  }
}

const countLines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
};

/** Calls `f` per `start,end,asn,name` line; the name may be quoted (with `""` for a quote). */
const eachRange = (text: string, f: (start: string, end: string, asn: number, name: string) => void) => {
  let at = 0;
  while (at < text.length) {
    let eol = text.indexOf("\n", at);
    if (eol < 0) eol = text.length;
    const a = text.indexOf(",", at);
    const b = text.indexOf(",", a + 1);
    const c = text.indexOf(",", b + 1);
    if (a > at && b > a && c > b && c < eol) {
      let name = text.slice(c + 1, eol).trim();
      if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replaceAll('""', '"');
      f(text.slice(at, a), text.slice(a + 1, b), Number(text.slice(b + 1, c)), name);
    }
    at = eol + 1;
  }
};
