/** The application service behind the HTTP routes: wires the use cases onto one AppContext. */
import { issueRecoveryCodes as issueCodes } from "../recovery/recovery-codes";
import { type AppDeps, createAppContext } from "./context";

export type { AppDeps };

import { confirm, disable, enroll, resyncHotp } from "./enrollment";
import { recordSmsReceipt, sendSmsChallenge } from "./sms";
import type { VerifierApp } from "./types";
import { recordRateLimited, verify } from "./verify";

export function createVerifierApp(deps: AppDeps): VerifierApp {
  const app = createAppContext(deps);
  return {
    verify: (input) => verify(app, input),
    recordRateLimited: (userId, attemptId, ctx) => recordRateLimited(app, userId, attemptId, ctx),
    enroll: (userId, request, ctx) => enroll(app, userId, request, ctx),
    confirm: (userId, factorId, code, attemptId, ctx) => confirm(app, userId, factorId, code, attemptId, ctx),
    resyncHotp: (userId, factorId, code1, code2, ctx) => resyncHotp(app, userId, factorId, code1, code2, ctx),
    disable: (userId, factorId, reason, ctx) => disable(app, userId, factorId, reason, ctx),
    async issueRecoveryCodes(userId, ctx) {
      const batchId = app.newId();
      const { codes, set } = await issueCodes();
      // The hashes are stored first under the new batch id; they are live only once the event is appended.
      await app.repo.saveRecoveryCodes(userId, batchId, set, app.now());
      await app.streams.execute(userId, ({ state }) => ({
        events: app.decide(
          {
            type: "IssueRecoveryCodes",
            userId,
            metadata: app.meta(ctx),
            data: { batchId, count: codes.length },
          },
          state,
        ),
        result: undefined,
      }));
      return { batchId, codes };
    },
    sendSmsChallenge: (userId, factorId, attemptId, ctx) =>
      sendSmsChallenge(app, userId, factorId, attemptId, ctx),
    recordSmsReceipt: (receipt) => recordSmsReceipt(app, receipt),
    async ready() {
      await Promise.all([deps.store.streamRevision("tfa-readiness-probe"), deps.repo.ping()]);
    },
    drain: async () => {
      await app.diagnoses.drain();
      await app.diagnosisAppends.drain();
    },
  };
}
