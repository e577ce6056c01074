/** The support actions the console offers, with their mutations and reason lists. */
export type ActionKind =
  | "unlockUser"
  | "resetDrift"
  | "resyncHotp"
  | "resetFactor"
  | "disableFactor"
  | "addTicketNote";

interface ActionSpec {
  label: string;
  /** The action's name in the support history. */
  auditAction: string;
  mutation: string;
  /** Methods of the factors it applies to; absent: a user-level action. */
  factorMethods?: string[];
  /** Statuses of the factors it applies to (default: any). */
  factorStatuses?: string[];
  reasons: string[];
  needsLead?: boolean;
}

const receipt = `__typename ... on SupportActionReceipt { changed } ... on SupportError { code message }`;
const mutation = (name: string, input: string) =>
  `mutation Console_${name}($input: ${input}!) { ${name}(input: $input) { ${receipt} } }`;

export const ACTIONS: Record<ActionKind, ActionSpec> = {
  unlockUser: {
    auditAction: "unlock",
    label: "Unlock the user",
    mutation: mutation("unlockUser", "UnlockUserInput"),
    reasons: [
      "Identity verified on the call",
      "Cause found and fixed with the user",
      "Locked by a known problem on our side",
    ],
  },
  resetDrift: {
    auditAction: "reset_drift",
    label: "Reset learned clock drift",
    mutation: mutation("resetDrift", "FactorActionInput"),
    factorMethods: ["totp"],
    reasons: ["Phone clock corrected", "User moved to a new phone", "Drift learned from a wrong clock"],
  },
  resyncHotp: {
    auditAction: "resync_hotp",
    label: "Resynchronise a hardware token",
    mutation: mutation("resyncHotp", "ResyncHotpInput"),
    factorMethods: ["hotp"],
    reasons: [],
  },
  resetFactor: {
    auditAction: "reset_factor",
    label: "Reset a factor (user enrolls again)",
    mutation: mutation("resetFactor", "FactorActionInput"),
    factorMethods: ["totp", "hotp", "sms", "recovery"],
    reasons: ["Device lost or replaced", "Authenticator entry lost", "Phone number changed"],
    needsLead: true,
  },
  disableFactor: {
    auditAction: "disable_factor",
    label: "Disable a factor",
    mutation: mutation("disableFactor", "FactorActionInput"),
    factorMethods: ["totp", "hotp", "sms", "recovery"],
    factorStatuses: ["active", "pending"],
    reasons: [
      "User asked to turn 2FA off, identity verified",
      "Factor compromised or device stolen",
      "Account takeover suspected",
    ],
    needsLead: true,
  },
  addTicketNote: {
    auditAction: "note",
    label: "Add a note",
    mutation: mutation("addTicketNote", "AddTicketNoteInput"),
    reasons: [],
  },
};

/** The actions this session may take: what needs a lead is not offered to an agent without that role. */
export const actionsFor = (lead: boolean): ActionKind[] =>
  (Object.keys(ACTIONS) as ActionKind[]).filter((k) => lead || !ACTIONS[k].needsLead);

export function actionVariables(
  kind: ActionKind,
  v: {
    userId: string;
    ticket: string;
    factorId: string | null;
    reason: string;
    note: string;
    code1: string;
    code2: string;
  },
): { input: Record<string, unknown> } {
  const note = v.note.trim() ? { note: v.note.trim() } : {};
  const base = { userId: v.userId, ticket: v.ticket };
  switch (kind) {
    case "unlockUser":
      return { input: { ...base, reason: v.reason, ...note } };
    case "resetDrift":
    case "resetFactor":
    case "disableFactor":
      return { input: { ...base, factorId: v.factorId, reason: v.reason, ...note } };
    case "resyncHotp":
      return { input: { ...base, factorId: v.factorId, code1: v.code1, code2: v.code2, ...note } };
    case "addTicketNote":
      return { input: { ...base, note: v.note.trim() } };
  }
}
