import { SUPPORT_NOTE_MAX_LENGTH, SUPPORT_NOTE_RULES, supportNoteProblem } from "@factorlens/domain";
import type { InputObjectRef, ObjectRef } from "@pothos/core";
import { z } from "zod";
import { parseTicket, userIdRule } from "../access/ticket";
import type { SupportContext } from "../context";
import { SupportApiError } from "../errors";
import type { SupportActionResult, SupportActor } from "../ports";
import { builder } from "./builder";

/*
 * What every support mutation shares: the receipt it returns, how it runs (the role, then the
 * ticket, then the input's rules, then the action; a refusal as a typed SupportError) and the rules
 * of its inputs. Each mutation sits next to the type it changes (factor.ts, lockout.ts,
 * support-record.ts, sms-guard.ts), its input type and rules next to it.
 */

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

interface Receipt {
  eventIds: string[];
  revision: number;
}

export const SupportActionReceipt = builder.objectRef<Receipt>("SupportActionReceipt").implement({
  description: "The support action was decided and appended to the user's stream as an event.",
  fields: (t) => ({
    eventIds: t.exposeIDList("eventIds", {
      description:
        "The events appended (SupportActionTaken among them); empty when there was nothing to change.",
    }),
    changed: t.boolean({ resolve: (r) => r.eventIds.length > 0 }),
    streamRevision: t.exposeInt("revision"),
  }),
});

/**
 * Notes and reasons are free text that ends up on Kafka: capped, and refused when they look like a
 * code, a long number, a phone number or a seed (the domain applies the same rule). Never echoed.
 */
const freeText = (what: "Note" | "Reason", max: number) => {
  const emptyOrLong = `${what} is empty or too long.`;
  return z
    .string()
    .trim()
    .min(1, emptyOrLong)
    .max(max, emptyOrLong)
    .refine((text) => supportNoteProblem(text) === null, `${what} refused: ${SUPPORT_NOTE_RULES}.`);
};

/** The rules of the support inputs' fields; a broken one is INVALID_INPUT with its message. */
export const rule = {
  userId: z.coerce.string().pipe(userIdRule),
  id: z.coerce.string(),
  note: freeText("Note", SUPPORT_NOTE_MAX_LENGTH),
  /** Reasons travel in Unlocked/FactorReset/SmsBlockLifted events to Kafka too: the same screen applies. */
  reason: freeText("Reason", 500),
  otpCode: z.string().regex(/^\d{6,8}$/, "Codes must be 6 to 8 digits."),
};

/** An optional note as the write side takes it: absent, or there. */
export const noteOf = (note: string | null | undefined) => (note == null ? {} : { note });

function checked<T>(rules: z.ZodType<T>, input: unknown): T {
  const parsed = rules.safeParse(input);
  if (!parsed.success)
    throw new SupportApiError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Input is invalid.");
  return parsed.data;
}

interface ActionSpec<In extends { ticket: string }, Parsed, Out> {
  type: ObjectRef<Types, Out>;
  description: string;
  /** Who may; checked first: a caller without the role is FORBIDDEN whatever the input. */
  scope: "agent" | "lead";
  input: InputObjectRef<Types, In>;
  /** Checked after the role and the ticket, before anything changes. */
  rules: z.ZodType<Parsed>;
  run: (ctx: SupportContext, actor: SupportActor, input: Parsed) => Promise<SupportActionResult>;
  receipt: (result: Receipt, input: Parsed) => Out;
}

/** A support mutation: role, ticket, input rules, then the write side; a refusal is a SupportError. */
export function actionField<In extends { ticket: string }, Parsed, Out>(
  name: string,
  spec: ActionSpec<In, Parsed, Out>,
) {
  builder.mutationField(name, (t) =>
    t.field({
      // the field's own types are the spec's; pothos sees the shared shape
      type: spec.type as ObjectRef<Types, unknown>,
      description: spec.description,
      authScopes: spec.scope === "lead" ? { lead: true } : { agent: true },
      errors: {},
      args: {
        input: t.arg({ type: spec.input as InputObjectRef<Types, { ticket: string }>, required: true }),
      },
      resolve: async (_r, { input }, ctx) => {
        const actor = { agentId: ctx.principal!.subject, ticket: parseTicket(input.ticket) };
        const parsed = checked(spec.rules, input);
        const result = await spec.run(ctx, actor, parsed);
        if (!result.ok) throw new SupportApiError(result.code, result.message);
        return spec.receipt({ eventIds: result.eventIds, revision: result.revision }, parsed);
      },
    }),
  );
}

/** A support action on one user's stream, returning a SupportActionReceipt. */
export function supportActionField<In extends { ticket: string }, Parsed>(
  name: string,
  spec: Omit<ActionSpec<In, Parsed, Receipt>, "type" | "receipt">,
) {
  actionField(name, { ...spec, type: SupportActionReceipt, receipt: (receipt) => receipt });
}
