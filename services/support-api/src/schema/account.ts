import { builder } from "./builder";

/** A reference to a user as one caller may see it. */
export interface AccountView {
  userId: string;
  /** True when read by an agent on a ticket (lookup audited): the real id may be shown. */
  revealed: boolean;
}

export const AccountRef = builder.objectRef<AccountView>("AccountRef").implement({
  description:
    "A user reference. `pseudonym` is a keyed HMAC of the user id (stable, not reversible); `userId` is only readable by a support agent on a ticket.",
  fields: (t) => ({
    pseudonym: t.string({ resolve: (a, _args, ctx) => ctx.deps.pseudonymize(a.userId) }),
    userId: t.id({
      nullable: true,
      authScopes: (a) => a.revealed,
      resolve: (a) => a.userId,
    }),
  }),
});
