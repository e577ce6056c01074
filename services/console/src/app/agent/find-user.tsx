import { useState } from "react";
import type { GraphqlClient } from "../lib/graphql";

const ATTEMPT_OWNER = `query ConsoleAttemptOwner($id: ID!, $ticket: String) {
  attempt(id: $id, ticket: $ticket) {
    __typename
    ... on Attempt { account { userId } }
    ... on SupportError { code message }
  }
}`;

type Owner =
  | { __typename: "Attempt"; account: { userId: string | null } }
  | { __typename: "SupportError"; code: string; message: string };

/** Find the user: by user id, or by an attempt id (the owner is read on the ticket, audited). */
export function FindUser(props: { client: GraphqlClient; ticket: string; onOpen: (userId: string) => void }) {
  const [by, setBy] = useState<"user" | "attempt">("user");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const noTicket = !props.ticket;

  const submit = async () => {
    setError(null);
    const v = value.trim();
    if (!v) return;
    if (by === "user") return props.onOpen(v);
    const { attempt } = await props.client.query<{ attempt: Owner }>(ATTEMPT_OWNER, {
      id: v,
      ticket: props.ticket,
    });
    if (attempt.__typename === "SupportError") return setError(attempt.message);
    if (!attempt.account.userId) return setError("This attempt's user is not visible on this ticket.");
    props.onOpen(attempt.account.userId);
  };

  return (
    <section aria-labelledby="find-h" className="card">
      <h1 id="find-h">Find the user</h1>
      {noTicket && (
        <p className="hint">Enter the ticket reference above first: every lookup is recorded with it.</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit().catch((err: Error) => setError(err.message));
        }}
      >
        <fieldset disabled={noTicket}>
          <legend>Search by</legend>
          <label>
            <input type="radio" name="by" checked={by === "user"} onChange={() => setBy("user")} /> User id
          </label>
          <label>
            <input type="radio" name="by" checked={by === "attempt"} onChange={() => setBy("attempt")} />{" "}
            Attempt id
          </label>
          <div className="row">
            <label htmlFor="find-value">{by === "user" ? "User id" : "Attempt id"}</label>
            <input id="find-value" value={value} onChange={(e) => setValue(e.target.value)} required />
            <button type="submit">Open</button>
          </div>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
