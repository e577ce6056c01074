import {
  disabledAfterNewCountryLogin,
  failuresGrouped,
  getAttempt,
  getAuditLog,
  getRecentSmsDeliveries,
  getSupportHistory,
  getUserAccount,
  getUserPatterns,
  getUserTimeline,
  ipsFailingForManyUsers,
  isReadModelsError,
  type ReadDb,
  searchUsersByIdPrefix,
  searchUsersByIp,
  sharedFailureSources,
  smsPumpingCandidates,
} from "@factorlens/read-models";
import { SupportApiError } from "../errors";
import type { DateClock, FraudWindow, ReadModels } from "../ports";

const systemClock: DateClock = { now: () => new Date() };

/**
 * The ReadModels port on @factorlens/read-models (PostgreSQL): no SQL of its own; most members
 * are the read models' queries with the database bound. `clock` is "now" for the lockout and the
 * pattern windows (computed on read by the domain's rules).
 */
export function createPgReadModels(db: ReadDb, options: { clock?: DateClock } = {}): ReadModels {
  const nowMs = () => (options.clock ?? systemClock).now().getTime();
  return {
    getUserFactors: (userId) => getUserAccount(db, userId, { now: new Date(nowMs()) }),
    getUserTimeline: (userId, options) => getUserTimeline(db, userId, options),
    getAttempt: (attemptId, userId) => getAttempt(db, attemptId, userId),
    async getUserPatterns(userId, windowMs) {
      const asOfMs = nowMs();
      const factors = await getUserPatterns(db, userId, windowMs, { nowMs: asOfMs });
      return factors.map(({ factorId, summary }) => ({
        factorId,
        windowMs,
        asOf: new Date(asOfMs),
        attempts: summary.attempts,
        failures: summary.failures,
        dominantPattern: summary.dominantPattern,
        confidence: summary.confidence,
        skewMedianSeconds: summary.skew?.medianSeconds ?? null,
        summary: summary.summary,
        suggestedSteps: summary.suggestedSteps,
      }));
    },
    async getSharedFailureSources(userId, windowMs) {
      const to = nowMs();
      return sharedFailureSources(db, {
        userId,
        from: new Date(to - windowMs).toISOString(),
        to: new Date(to + 1).toISOString(),
      });
    },
    getRecentSmsDeliveries: (userId, options) => getRecentSmsDeliveries(db, userId, options),
    getSupportHistory: (userId, options) => getSupportHistory(db, userId, options),
    getAuditLog: (options) => getAuditLog(db, options),
    failuresGrouped: (q) => asInput(() => failuresGrouped(db, { ...range(q), by: q.by, filters: q.filters })),
    ipsFailingForManyUsers: (q) =>
      asInput(() => ipsFailingForManyUsers(db, { ...range(q), minUsers: q.minUsers, filters: q.filters })),
    smsPumpingCandidates: (q) =>
      asInput(() =>
        smsPumpingCandidates(db, { ...range(q), minSends: q.minSends, maxConversion: q.maxConversion }),
      ),
    async disabledAfterNewCountryLogin(q) {
      const page = await asInput(() => disabledAfterNewCountryLogin(db, range(q)));
      return {
        pageInfo: page.pageInfo,
        edges: page.edges.map(({ cursor, node: r }) => ({
          cursor,
          node: {
            userId: r.userId,
            factorId: r.factorId,
            loginAt: new Date(r.loginAt),
            loginCountry: r.loginCountry,
            loginAsn: r.loginAsn,
            disabledAt: new Date(r.disabledAt),
            secondsAfterLogin: r.secondsAfterLogin,
          },
        })),
      };
    },
    searchUsersByIdPrefix: (options) => searchUsersByIdPrefix(db, options),
    searchUsersByIp: (options) => searchUsersByIp(db, options),
  };
}

const range = (q: FraudWindow) => ({
  from: q.from.toISOString(),
  to: q.to.toISOString(),
  first: q.first,
  after: q.after ?? null,
});

/** A fraud argument the read models refuse (page size, cursor, filter value) is the caller's error. */
async function asInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isReadModelsError(e, "invalid_argument") || isReadModelsError(e, "invalid_cursor"))
      throw new SupportApiError("INVALID_INPUT", e.message);
    throw e;
  }
}
