/**
 * IP → country/ASN: the mmdb reader + compact ASN table against the former CSV tables, each in a
 * fresh process (so memory is its own): time to the first answer, heap and RSS growth after a
 * GC, and 100k lookups of distinct addresses. Run: pnpm --filter @factorlens/read-models bench:geo
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createIpLocationDbResolver } from "../src/geo/geo-resolver";
import { createCsvResolver } from "./csv-resolver";

const which = process.argv[2];
if (which === "mmdb" || which === "csv") {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const r = which === "mmdb" ? createIpLocationDbResolver() : createCsvResolver();
  const first = r.lookup("185.220.101.7");
  const firstMs = performance.now() - t0;
  gc();
  const m1 = process.memoryUsage();
  const t1 = performance.now();
  for (let i = 0; i < 100_000; i++) r.lookup(`${(i * 7) % 223}.${(i >>> 8) % 256}.${i % 256}.9`);
  const lookupsMs = performance.now() - t1;
  const mb = (n: number) => (n / 1e6).toFixed(0);
  console.log(
    `${which.padEnd(4)}: first answer ${firstMs.toFixed(0)} ms (${JSON.stringify(first)}), heap +${mb(m1.heapUsed - m0.heapUsed)} MB, rss +${mb(m1.rss - m0.rss)} MB, 100k lookups ${lookupsMs.toFixed(0)} ms`,
  );
} else {
  const self = fileURLToPath(import.meta.url);
  for (const mode of ["csv", "mmdb"])
    process.stdout.write(
      execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", self, mode], { encoding: "utf8" }),
    );
  console.log(
    "csv = the former resolver (baseline, same run); mmdb = country by mmdb reader + typed-array ASN table",
  );
}
