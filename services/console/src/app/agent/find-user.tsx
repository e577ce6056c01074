import { useState } from "react";
import type { GraphqlClient } from "../lib/graphql";
import { looksLikeIp, type SearchBy } from "../search/search-query";
import { SearchResults } from "../search/search-results";

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

const MODES = {
  user: { label: "User id", field: "User id", submit: "Open" },
  prefix: { label: "User id prefix", field: "User id prefix", submit: "Search" },
  ip: { label: "IP the user failed from", field: "IP or network", submit: "Search" },
  attempt: { label: "Attempt id", field: "Attempt id", submit: "Open" },
} as const;
type Mode = keyof typeof MODES;

/**
 * Find the user: by user id, by the start of one, by an IP (or /24) the user failed from, or by an
 * attempt id (the owner is read on the ticket). Every user a search shows is audited on the ticket.
 */
export function FindUser(props: { client: GraphqlClient; ticket: string; onOpen: (userId: string) => void }) {
  const [by, setBy] = useState<Mode>("user");
  const [value, setValue] = useState("");
  const [search, setSearch] = useState<SearchBy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const noTicket = !props.ticket;

  const submit = async () => {
    setError(null);
    setSearch(null);
    const v = value.trim();
    if (!v) return;
    if (by === "user") return props.onOpen(v);
    if (by === "prefix") return setSearch({ idPrefix: v });
    if (by === "ip") {
      if (!looksLikeIp(v))
        return setError("Enter an IP address (203.0.113.9) or a network (203.0.113.0/24).");
      return setSearch({ ip: v });
    }
    const { attempt } = await props.client.query<{ attempt: Owner }>(ATTEMPT_OWNER, {
      id: v,
      ticket: props.ticket,
    });
    if (attempt.__typename === "SupportError") return setError(attempt.message);
    if (!attempt.account.userId) return setError("This attempt's user is not visible on this ticket.");
    props.onOpen(attempt.account.userId);
  };

  return (
    <>
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
            {(Object.keys(MODES) as Mode[]).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="by"
                  checked={by === m}
                  onChange={() => {
                    setBy(m);
                    setSearch(null);
                  }}
                />{" "}
                {MODES[m].label}
              </label>
            ))}
            <div className="row">
              <label htmlFor="find-value">{MODES[by].field}</label>
              <input id="find-value" value={value} onChange={(e) => setValue(e.target.value)} required />
              <button type="submit">{MODES[by].submit}</button>
            </div>
          </fieldset>
        </form>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>
      {search && (
        <SearchResults
          client={props.client}
          by={search}
          ticket={props.ticket}
          title={
            "idPrefix" in search
              ? `Users whose id starts with ${search.idPrefix}`
              : `Users that failed from ${search.ip} (last 7 days)`
          }
        />
      )}
    </>
  );
}
