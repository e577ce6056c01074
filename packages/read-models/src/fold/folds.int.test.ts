import { evolve, initialState, LOCKOUT_STEP, toStoredEvent } from "@factorlens/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { nullGeoResolver } from "../geo/geo-resolver";
import { getUserPatterns } from "../queries/patterns";
import { getUserFactors, getUserStatus } from "../queries/user";
import { useReadModelsDatabase } from "../testing/read-models-database";
import { scriptEvents } from "../testing/script";

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const MIN = 60_000;
const script = scriptEvents({ userId: "", t0: T0, stepMs: 1000, seed: 2 });
const ev = (userId: string, type: string, fields: Record<string, unknown>, data: Record<string, unknown>) =>
  script(type, { userId, ...fields }, data);
const TOTP = {
  method: "totp",
  params: { algorithm: "SHA1", digits: 6, period: 30 },
  secretFingerprint: "sha256:0011223344556677",
};
/** A TOTP factor enrolled and confirmed. */
const enrolled = (userId: string, factorId: string) => [
  ev(userId, "FactorEnrollmentStarted", { factorId }, TOTP),
  ev(userId, "FactorEnrollmentConfirmed", { factorId }, { method: "totp", acceptedStep: 5, offset: 0 }),
];
const failed = (userId: string, attemptId: string, reason: string, consecutiveFailures: number) =>
  ev(
    userId,
    "ChallengeFailed",
    { factorId: "f1" },
    { method: "totp", attemptId, reason, consecutiveFailures },
  );

const lockedUser = [
  ...enrolled("lock", "f1"),
  ...[1, 2, 3, 4, 5].map((i) => failed("lock", `a${i}`, "code_mismatch", i)),
  ev(
    "lock",
    "LockedOut",
    {},
    { until: new Date(T0 + 15 * MIN).toISOString(), failures: 5, lockoutNumber: 1 },
  ),
  failed("lock", "a6", "locked_out", 5),
];
const lifecycle = [
  ev("life", "FactorEnrollmentStarted", { factorId: "abandoned" }, TOTP),
  ev("life", "FactorEnrollmentAbandoned", { factorId: "abandoned" }, { method: "totp", reason: "cancelled" }),
  ...enrolled("life", "disabled"),
  ev(
    "life",
    "FactorDisabled",
    { factorId: "disabled" },
    { method: "totp", by: "user", reason: "lost phone" },
  ),
  ...enrolled("life", "reset"),
  ev("life", "FactorReset", { factorId: "reset" }, { method: "totp", by: "support", reason: "new phone" }),
];

describe("the read models fold by the domain's rules", () => {
  const { db, project } = useReadModelsDatabase("rm_fold", "rm_fold");
  beforeAll(async () => {
    const all = [...lockedUser, ...lifecycle];
    const stored = all.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    await project(stored, { geo: nullGeoResolver });
  });

  it("a timed lockout is over once its end has passed (no event ends it)", async () => {
    const during = await getUserStatus(db(), "lock", { now: new Date(T0 + 10 * MIN) });
    const after = await getUserStatus(db(), "lock", { now: new Date(T0 + 16 * MIN) });
    expect(during?.locked).toBe(true);
    expect(after?.locked).toBe(false);
    expect(Date.parse(after?.lockedUntil ?? "")).toBe(T0 + 15 * MIN);
  });

  it("a challenge refused during the lockout reads as locked out in the pattern summary", async () => {
    const [totp] = await getUserPatterns(db(), "lock", 86_400_000, { nowMs: T0 + 5 * MIN });
    expect(totp?.summary.lockedOut).toBe(true);
    expect(totp?.summary.suggestedSteps).toContain(LOCKOUT_STEP);
  });

  it("each factor's status is the one the domain's fold gives it", async () => {
    const domain = lifecycle.reduce(evolve, initialState());
    const rows = await getUserFactors(db(), "life");
    expect(Object.fromEntries(rows.map((f) => [f.factorId, f.state]))).toEqual(
      Object.fromEntries(Object.values(domain.factors).map((f) => [f.factorId, f.status])),
    );
    expect(rows.find((f) => f.factorId === "abandoned")?.state).toBe("abandoned");
  });
});
