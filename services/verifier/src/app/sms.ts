/**
 * SMS challenges: a code is generated, kept only as an HMAC, sent through the SmsProvider port,
 * and its dispatch recorded as events; receipts are recorded against the challenge. The check of
 * a code is the SMS method's (methods/sms.ts).
 */

import { activeFactors, describePhone, findFactor, maskPhone, type UserState } from "@factorlens/domain";
import { VerifierError } from "../errors";
import type { AppContext } from "./context";
import { countSmsSend, guardSmsSend } from "./sms-guard";
import type { CallContext, SmsChallengeOutcome } from "./types";

function smsFactor(state: UserState, factorId: string | undefined) {
  if (factorId !== undefined) {
    const f = findFactor(state, factorId);
    if (f?.method !== "sms" || f.status === "disabled")
      throw new VerifierError("not_found", "unknown SMS factor");
    return f;
  }
  const f = activeFactors(state).find((x) => x.method === "sms");
  if (!f) throw new VerifierError("not_found", "the user has no active SMS factor");
  return f;
}

export async function sendSmsChallenge(
  app: AppContext,
  userId: string,
  factorId: string | undefined,
  attemptId: string,
  ctx: CallContext,
): Promise<SmsChallengeOutcome> {
  const { state } = await app.streams.load(userId);
  if (state.userId === null) throw new VerifierError("not_found", "unknown user");
  const factor = smsFactor(state, factorId);
  const phoneBytes = await app.vault.get(userId, factor.factorId);
  if (!phoneBytes) throw new VerifierError("not_found", "the SMS factor has no number on record");
  const phone = Buffer.from(phoneBytes).toString("utf8");
  const info = describePhone(phone, app.config.sms.prefixDigits ?? 2);
  // refused (SmsSendRefused recorded, VerifierError thrown): nothing below happens
  if (app.smsGuard) await guardSmsSend(app, app.smsGuard, { userId, factor, attemptId, phone: info, ctx });
  const challengeId = app.newId();
  const code = app.smsMac.newCode();
  const issuedAt = app.now();
  const expiresAt = new Date(issuedAt.getTime() + app.config.sms.codeTtlSeconds * 1000);
  await app.repo.saveSmsChallenge({
    challengeId,
    userId,
    factorId: factor.factorId,
    codeMac: app.smsMac.mac(challengeId, code),
    issuedAt,
    expiresAt,
    providerMessageId: null,
  });
  const { providerMessageId } = await app.smsProvider.send({
    to: phone,
    body: `Your factorlens code is ${code}. It expires in ${Math.round(app.config.sms.codeTtlSeconds / 60)} minutes.`,
    reference: challengeId,
  });
  // only a send the provider took counts for the guard (an outage must not look like pumping)
  await Promise.all([
    app.repo.setSmsMessageId(challengeId, providerMessageId),
    app.smsGuard ? countSmsSend(app, app.smsGuard, challengeId, info, issuedAt) : undefined,
  ]);
  await app.streams.execute(userId, ({ state: s }) => ({
    events: app.decide(
      {
        type: "RecordSmsDispatch",
        userId,
        metadata: app.meta(ctx),
        data: {
          factorId: factor.factorId,
          attemptId,
          challengeId,
          provider: app.smsProvider.name,
          messageId: providerMessageId,
          expiresAt,
          phone: info,
        },
      },
      s,
    ),
    result: undefined,
  }));
  return {
    challengeId,
    attemptId,
    factorId: factor.factorId,
    maskedPhone: maskPhone(phone),
    expiresAt: expiresAt.toISOString(),
  };
}

export async function recordSmsReceipt(
  app: AppContext,
  receipt: {
    messageId: string;
    status: "delivered" | "failed";
    errorCode?: string;
    carrierErrorCode?: string;
  },
): Promise<boolean> {
  const row = await app.repo.smsChallengeByMessageId(receipt.messageId);
  if (!row) return false;
  const outcome =
    receipt.status === "delivered"
      ? ({ status: "delivered" } as const)
      : {
          status: "failed" as const,
          errorCode: receipt.errorCode ?? "unknown",
          ...(receipt.carrierErrorCode ? { carrierErrorCode: receipt.carrierErrorCode } : {}),
        };
  await app.streams.execute(row.userId, ({ state }) => {
    const events = app.decide(
      {
        type: "RecordSmsReceipt",
        userId: row.userId,
        metadata: {
          now: app.now(),
          actor: { kind: "system", component: `sms-${app.smsProvider.name}` },
          correlationId: app.newId(),
        },
        data: {
          challengeId: row.challengeId,
          provider: app.smsProvider.name,
          messageId: receipt.messageId,
          outcome,
        },
      },
      state,
    );
    return { events, result: undefined };
  });
  return true;
}
