import { useState } from "react";
import { ConfirmForm, type Outcome } from "../lib/confirm-form";
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

  const lift = async (): Promise<Outcome> => {
    const data = await props.client.query<{ liftSmsBlock: Receipt }>(LIFT_SMS_BLOCK, {
      input: { numberPrefix: props.prefix, ticket, reason },
    });
    const r = data.liftSmsBlock;
    if (r.__typename === "SupportError") return { ok: false, text: r.message };
    setReason("");
    return { ok: true, text: `SMS to ${r.numberPrefix} may be sent again (recorded under ${ticket}).` };
  };

  return (
    <ConfirmForm
      label={`Lift the SMS block of ${props.prefix}`}
      confirmLabel="Confirm the lift"
      question={
        <p>
          Let SMS go to <strong>{props.prefix}</strong> again under ticket <strong>{ticket}</strong>? The SMS
          guard stops refusing the prefix; this is recorded with your name.
        </p>
      }
      submitText={`Lift the SMS block of ${props.prefix}…`}
      resultTestId="lift-result"
      action={lift}
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
    </ConfirmForm>
  );
}
