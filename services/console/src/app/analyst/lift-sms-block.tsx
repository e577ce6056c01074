import { useState } from "react";
import type { GraphqlClient } from "../lib/graphql";

const LIFT_SMS_BLOCK = `mutation ConsoleLiftSmsBlock($input: LiftSmsBlockInput!) {
  liftSmsBlock(input: $input) {
    __typename
    ... on SmsBlockLiftReceipt { numberPrefix streamRevision }
    ... on SupportError { code message }
  }
}`;

type Receipt =
  | { __typename: "SmsBlockLiftReceipt"; numberPrefix: string; streamRevision: number }
  | { __typename: "SupportError"; code: string; message: string };

/**
 * A lead lets SMS go again to a prefix the SMS guard refuses (a range the carrier vouched for):
 * under a ticket, with a reason, after a confirmation. The verifier honours it on its next send.
 */
export function LiftSmsBlock(props: { client: GraphqlClient; prefix: string; ticket: string }) {
  const [ticket, setTicket] = useState(props.ticket);
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    const data = await props.client.query<{ liftSmsBlock: Receipt }>(LIFT_SMS_BLOCK, {
      input: { numberPrefix: props.prefix, ticket, reason },
    });
    const r = data.liftSmsBlock;
    setConfirming(false);
    if (r.__typename === "SupportError") return setResult({ ok: false, text: r.message });
    setResult({ ok: true, text: `SMS to ${r.numberPrefix} may be sent again (recorded under ${ticket}).` });
    setReason("");
  };

  return (
    <form
      className="lift-sms-block"
      aria-label={`Lift the SMS block of ${props.prefix}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!confirming) return setConfirming(true);
        run().catch((err: Error) => setResult({ ok: false, text: err.message }));
      }}
    >
      <div className="row">
        <label htmlFor="lift-ticket">Ticket</label>
        <input id="lift-ticket" value={ticket} required onChange={(e) => setTicket(e.target.value)} />
        <label htmlFor="lift-reason">Reason</label>
        <input
          id="lift-reason"
          value={reason}
          maxLength={500}
          required
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      {confirming ? (
        <fieldset className="confirm" aria-label="Confirm the lift">
          <p>
            Let SMS go to <strong>{props.prefix}</strong> again under ticket <strong>{ticket}</strong>? The
            SMS guard stops refusing the prefix; this is recorded with your name.
          </p>
          <button type="submit">Confirm</button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <button type="submit">Lift the SMS block of {props.prefix}…</button>
      )}
      {result && (
        <p role="status" className={result.ok ? "ok-text" : "error"} data-testid="lift-result">
          {result.text}
        </p>
      )}
    </form>
  );
}
