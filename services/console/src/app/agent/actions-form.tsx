import { Fragment, useState } from "react";
import { isLead, type Session } from "../auth/session";
import { ConfirmForm, type Outcome } from "../lib/confirm-form";
import type { GraphqlClient } from "../lib/graphql";
import { ACTIONS, type ActionKind, actionsFor, actionVariables } from "./actions";
import type { HistoryEntry, UserView } from "./user-query";

type Receipt =
  | { __typename: "SupportActionReceipt"; changed: boolean }
  | { __typename: "SupportError"; code: string; message: string };

/** The two consecutive codes a HOTP resync asks for, in the order the token shows them. */
const HOTP_CODE_FIELDS = [
  ["code1", "First code"],
  ["code2", "Next code"],
] as const;

/** An action is: pick it, pick a reason (plus free text), confirm; the result and history show at once. */
export function ActionsForm(props: {
  client: GraphqlClient;
  session: Session;
  user: UserView;
  onDone: (entry: HistoryEntry) => void;
}) {
  const { user } = props;
  const [kind, setKind] = useState<ActionKind>("unlockUser");
  const spec = ACTIONS[kind];
  const lead = isLead(props.session);
  const offered = actionsFor(lead);
  const factors = user.factors.filter(
    (f) =>
      (spec.factorMethods?.includes(f.method) ?? false) && (spec.factorStatuses?.includes(f.status) ?? true),
  );
  const [factorId, setFactorId] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [codes, setCodes] = useState({ code1: "", code2: "" });
  const chosenFactor = spec.factorMethods
    ? (factors.find((f) => f.id === factorId) ?? factors[0])
    : undefined;

  const reset = (k: ActionKind) => {
    setKind(k);
    setReason("");
    setFactorId("");
  };

  const run = async (): Promise<Outcome> => {
    const vars = actionVariables(kind, {
      userId: user.id,
      ticket: user.ticket,
      factorId: chosenFactor?.id ?? null,
      reason,
      note,
      ...codes,
    });
    const data = await props.client.query<Record<string, Receipt>>(spec.mutation, vars);
    const r = data[kind]!;
    setCodes({ code1: "", code2: "" });
    if (r.__typename === "SupportError") return { ok: false, text: r.message };
    setNote("");
    props.onDone({
      id: `pending-${Date.now()}`,
      kind: "action",
      action: spec.auditAction,
      actor: props.session.subject,
      at: new Date(Date.now() - 2000).toISOString(),
      ticket: user.ticket,
      note: vars.input.note ? String(vars.input.note) : null,
    });
    return { ok: true, text: r.changed ? `${spec.label}: done.` : `${spec.label}: nothing to change.` };
  };

  return (
    <section className="card" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      <ConfirmForm
        target={kind}
        confirmLabel="Confirm the action"
        question={
          <>
            <p>
              {spec.label} for <strong>{user.id}</strong>
              {chosenFactor ? ` (${chosenFactor.method} factor)` : ""} under ticket{" "}
              <strong>{user.ticket}</strong>?
            </p>
            {kind === "disableFactor" && (
              <p className="bad-text">
                The user will no longer be asked for this factor at login. This is recorded with your name.
              </p>
            )}
          </>
        }
        submitText={`${spec.label}…`}
        submitDisabled={spec.factorMethods !== undefined && !chosenFactor}
        resultTestId="action-result"
        action={run}
      >
        <div className="row">
          <label htmlFor="action-kind">Action</label>
          <select id="action-kind" value={kind} onChange={(e) => reset(e.target.value as ActionKind)}>
            {offered.map((k) => (
              <option key={k} value={k}>
                {ACTIONS[k].label}
              </option>
            ))}
          </select>
          <span className="hint" data-testid="lead-note">
            {lead
              ? spec.needsLead
                ? "Needs a lead's role: you have it."
                : ""
              : "Resetting or disabling a factor needs a lead's role: ask a lead on this ticket."}
          </span>
        </div>
        {spec.factorMethods && (
          <div className="row">
            <label htmlFor="action-factor">Factor</label>
            <select
              id="action-factor"
              value={chosenFactor?.id ?? ""}
              onChange={(e) => setFactorId(e.target.value)}
            >
              {factors.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.method} ({f.status})
                </option>
              ))}
            </select>
            {factors.length === 0 && <span className="hint">No factor this action applies to.</span>}
          </div>
        )}
        {spec.reasons.length > 0 && (
          <div className="row">
            <label htmlFor="action-reason">Reason</label>
            <select id="action-reason" value={reason} onChange={(e) => setReason(e.target.value)} required>
              <option value="">Choose a reason…</option>
              {spec.reasons.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
        )}
        {kind === "resyncHotp" && (
          <div className="row">
            {HOTP_CODE_FIELDS.map(([field, label]) => (
              <Fragment key={field}>
                <label htmlFor={field}>{label}</label>
                <input
                  id={field}
                  inputMode="numeric"
                  autoComplete="off"
                  value={codes[field]}
                  pattern="\d{6,8}"
                  required
                  onChange={(e) => setCodes({ ...codes, [field]: e.target.value })}
                />
              </Fragment>
            ))}
          </div>
        )}
        <div className="row">
          <label htmlFor="action-note">{kind === "addTicketNote" ? "Note" : "Details (optional)"}</label>
          <textarea
            id="action-note"
            value={note}
            maxLength={1000}
            required={kind === "addTicketNote"}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </ConfirmForm>
    </section>
  );
}
