/**
 * Peer bench: factorlens's verifier next to privacyIDEA 3.14 (from PyPI, in a throwaway virtualenv
 * under the system's temp folder, served by gunicorn with 2 workers), on the same PostgreSQL
 * server, driven by the same client (bench/load.ts, one closed-loop lane per token, each lane
 * sending its token's next HOTP codes in order), same token mix (HOTP SHA-1, 6 digits). Prints
 * both figures, the ratio and the machine's load; checks how many codes each one accepted.
 * Skipped with a notice when python3 is missing. No privacyIDEA code is kept in this repository.
 * Usage: pnpm --filter @factorlens/verifier bench:privacyidea
 */
import { execFile, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { encodeBase32, hotpCode } from "@factorlens/domain";
import { createTestDatabase } from "@factorlens/testkit";
import { loadConfig } from "../src/config";
import { wireVerifier } from "../src/wire";
import { runLanes } from "./history";
import { benchSettings, KEY } from "./settings";

const run = promisify(execFile);
const LANES = 8;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const PER_LANE = 6_000;
const P = { algorithm: "SHA1", digits: 6 } as const;
const VENV = join(tmpdir(), "factorlens-privacyidea-venv");

/** Tables and tokens, inside privacyIDEA's app context (stdin: "serial hexkey" lines). */
const SETUP_PY = `import sys
from privacyidea.app import create_app
from privacyidea.models import db
from privacyidea.lib.token import init_token
app = create_app(config_name="production", config_file=sys.argv[1], silent=True)
with app.app_context():
    db.create_all()
    for line in sys.stdin:
        serial, hexkey = line.split()
        init_token({"type": "hotp", "otpkey": hexkey, "serial": serial, "genkey": 0, "otplen": 6, "hashlib": "sha1"})
`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function python(): Promise<string | null> {
  try {
    await run("python3", ["--version"]);
    return "python3";
  } catch {
    return null;
  }
}

async function main() {
  const py = await python();
  if (!py) {
    console.log("privacyIDEA peer bench skipped: python3 not found");
    return;
  }
  if (!existsSync(join(VENV, "bin", "gunicorn"))) {
    console.log(`installing privacyIDEA 3.14 into ${VENV} (once)…`);
    await run(py, ["-m", "venv", VENV]);
    await run(
      join(VENV, "bin", "pip"),
      ["install", "-q", "privacyidea==3.14", "gunicorn", "psycopg2-binary"],
      {
        maxBuffer: 1 << 24,
      },
    );
  }
  const db = await createTestDatabase("peer_bench");
  const dir = join(tmpdir(), `factorlens-privacyidea-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(join(dir, "private.pem"), privateKey.export({ type: "pkcs1", format: "pem" }));
  writeFileSync(join(dir, "public.pem"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "enckey"), randomBytes(96));
  const cfg = join(dir, "pi.cfg");
  writeFileSync(
    cfg,
    [
      `SQLALCHEMY_DATABASE_URI = '${db.url.replace(/^postgres(ql)?:/, "postgresql+psycopg2:")}'`,
      `SECRET_KEY = '${randomBytes(16).toString("hex")}'`,
      `PI_PEPPER = '${randomBytes(16).toString("hex")}'`,
      `PI_ENCFILE = '${join(dir, "enckey")}'`,
      `PI_AUDIT_KEY_PRIVATE = '${join(dir, "private.pem")}'`,
      `PI_AUDIT_KEY_PUBLIC = '${join(dir, "public.pem")}'`,
      `PI_LOGFILE = '${join(dir, "pi.log")}'`,
      "PI_LOGLEVEL = 40",
    ].join("\n"),
  );
  const secrets = Array.from({ length: LANES }, () => randomBytes(20));
  writeFileSync(join(dir, "setup.py"), SETUP_PY);
  await new Promise<void>((resolve, reject) => {
    const p = spawn(join(VENV, "bin", "python"), [join(dir, "setup.py"), cfg], {
      stdio: ["pipe", "ignore", "inherit"],
    });
    p.stdin.end(secrets.map((s, i) => `PEER${i} ${s.toString("hex")}`).join("\n"));
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`privacyIDEA setup exited ${code}`))));
  });
  const piPort = await freePort();
  const gunicorn = spawn(
    join(VENV, "bin", "gunicorn"),
    [
      "-w",
      "2",
      "-b",
      `127.0.0.1:${piPort}`,
      `privacyidea.app:create_app(config_name='production', config_file='${cfg}', silent=True)`,
    ],
    { stdio: "ignore" },
  );
  const verifier = await wireVerifier(loadConfig(benchSettings(db.url)));
  try {
    await verifier.app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(verifier.app.server.address() as { port: number }).port}`;
    const headers = { authorization: `Bearer ${KEY}` };
    for (const [i, secret] of secrets.entries()) {
      const res = await verifier.app.inject({
        method: "POST",
        url: `/v1/users/peer-${i}/factors`,
        headers,
        payload: { method: "hotp", secret: encodeBase32(secret) },
      });
      await verifier.app.inject({
        method: "POST",
        url: `/v1/users/peer-${i}/factors/${res.json().factorId}/confirm`,
        headers,
        payload: { code: hotpCode(secret, P, 0) },
      });
    }
    const piUrl = `http://127.0.0.1:${piPort}/validate/check`;
    for (let i = 0; ; i++) {
      const up = await fetch(piUrl, { method: "POST" }).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (i > 300) throw new Error("privacyIDEA did not start in 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    // codes 1.. on both (factorlens consumed 0 to confirm; privacyIDEA starts at 0 and looks ahead)
    const lanes = (body: (i: number, code: string) => object) =>
      secrets.map((s, i) =>
        Array.from({ length: PER_LANE }, (_, k) => JSON.stringify(body(i, hotpCode(s, P, k + 1)))),
      );
    const load0 = loadavg()[0]!;
    const ours = await runLanes(
      `${base}/v1/verify`,
      lanes((i, code) => ({ userId: `peer-${i}`, code })),
      headers,
      DURATION_S,
    );
    const theirs = await runLanes(
      piUrl,
      lanes((i, code) => ({ serial: `PEER${i}`, pass: code })),
      {},
      DURATION_S,
    );
    const load1 = loadavg()[0]!;
    const accepted = await db.pool.query<{ ours: string; theirs: string }>(
      `SELECT (SELECT count(*) FROM eventstore.events WHERE type = 'ChallengePassed') AS ours,
              (SELECT COALESCE(sum(count), 0) - $1 FROM token) AS theirs`,
      [LANES], // a token's count is its next counter: codes 1..n accepted leave n + 1
    );
    const row = (name: string, r: { rps: number; p50: number; p99: number; ok: number }, acc: string) =>
      `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.ok).padStart(8)} ${acc.padStart(9)}`;
    console.log(
      `\npeer bench: HOTP successes, ${LANES} closed-loop lanes (one token each), ${DURATION_S}s each, same PostgreSQL server`,
    );
    console.log("                           verify/s   p50 ms   p99 ms      2xx  accepted");
    console.log(row("factorlens verifier", ours, accepted.rows[0]!.ours));
    console.log(row("privacyIDEA 3.14 gunicorn", theirs, accepted.rows[0]!.theirs));
    console.log(
      `ratio (factorlens / privacyIDEA): ${(ours.rps / theirs.rps).toFixed(1)}× verifications/s, p50 ${(theirs.p50 / ours.p50).toFixed(1)}× lower; load average ${load0.toFixed(2)} → ${load1.toFixed(2)}`,
    );
  } finally {
    gunicorn.kill("SIGTERM");
    await verifier.close();
    await db.drop();
  }
}

await main();
