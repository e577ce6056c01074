/**
 * Readiness with a reason: a part that is not ready says which dependency it waits for, so
 * `/readyz` can name it ("ingest stalled since …", "event store did not answer within 2000 ms").
 */
export type Readiness = { ready: true } | { ready: false; reason: string };
/** What a readiness check may answer: a bare boolean (no reason known) or a Readiness. */
export type ReadyAnswer = boolean | Readiness;
export type ReadyCheck = () => ReadyAnswer | Promise<ReadyAnswer>;

export const READY: Readiness = { ready: true };
export const notReady = (reason: string): Readiness => ({ ready: false, reason });

export const toReadiness = (answer: ReadyAnswer, otherwise = "not ready"): Readiness =>
  answer === true ? READY : answer === false ? notReady(otherwise) : answer;

/**
 * Runs `check` bounded by `timeoutMs`: a check that hangs (a stalled database) or throws is not
 * ready, with `name` in the reason. Never rejects.
 */
export async function checkWithin(name: string, check: ReadyCheck, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve(notReady(`${name} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const run = (async () => toReadiness(await check(), `${name} is not ready`))().catch((e: unknown) =>
    notReady(`${name} failed: ${e instanceof Error ? e.name : typeof e}`),
  );
  try {
    return await Promise.race([run, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ready when every check is; otherwise every reason, in order, joined by "; ". Checks run in parallel. */
export async function allReady(
  checks: readonly { name: string; check: ReadyCheck }[],
  timeoutMs: number,
): Promise<Readiness> {
  const results = await Promise.all(checks.map((c) => checkWithin(c.name, c.check, timeoutMs)));
  const reasons = results.flatMap((r) => (r.ready ? [] : [r.reason]));
  return reasons.length === 0 ? READY : notReady(reasons.join("; "));
}
