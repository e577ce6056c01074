import { useEffect, useState } from "react";
import { localTime } from "../lib/format";
import type { GraphqlClient } from "../lib/graphql";
import { Table } from "../lib/table";
import { go } from "../lib/use-route";
import { SEARCH_USERS, type SearchBy, type SearchHit, type SearchResult } from "./search-query";

/**
 * The users a search found, page by page: with a ticket (agent) each links to its user page; an
 * analyst without one sees pseudonyms only. Used by the find page and by the analyst's drill-down.
 */
export function SearchResults(props: { client: GraphqlClient; by: SearchBy; ticket: string; title: string }) {
  const { client, by, ticket } = props;
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "done" | { error: string }>("loading");
  const key = JSON.stringify(by);

  const load = async (after: string | null) => {
    setState("loading");
    const { searchUsers: r } = await client.query<{ searchUsers: SearchResult }>(SEARCH_USERS, {
      ...by,
      ticket: ticket || null,
      named: Boolean(ticket),
      after,
    });
    if (r.__typename === "SupportError") return setState({ error: r.message });
    setHits((prev) => [...(after ? prev : []), ...r.edges.map((e) => e.node)]);
    setNext(r.pageInfo.hasNextPage ? r.pageInfo.endCursor : null);
    setState("done");
  };

  useEffect(() => {
    setHits([]);
    load(null).catch((e: Error) => setState({ error: e.message }));
  }, [client, key, ticket]);

  const byIp = "ip" in by;
  return (
    <section className="card" aria-labelledby="search-results-h" data-testid="search-results">
      <h2 id="search-results-h">{props.title}</h2>
      {typeof state === "object" && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <Table
        columns={byIp ? ["Account", "Failures", "Last failure (hour)", "From"] : ["Account"]}
        empty={state === "done" && hits.length === 0 && "No user found."}
      >
        {hits.map((h) => (
          <tr key={h.account.pseudonym} data-user-id={h.account.userId ?? undefined}>
            <td>
              {h.account.userId ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => go({ page: "user", userId: h.account.userId! })}
                >
                  {h.account.userId}
                </button>
              ) : (
                <code title="pseudonymised: use a ticket to see the user">{h.account.pseudonym}</code>
              )}
            </td>
            {byIp && <td>{h.failures}</td>}
            {byIp && <td>{localTime(h.lastFailureAt)}</td>}
            {byIp && <td>{h.ips.join(", ")}</td>}
          </tr>
        ))}
      </Table>
      {state === "loading" && <p>Searching…</p>}
      {next && state === "done" && (
        <button type="button" onClick={() => load(next).catch((e: Error) => setState({ error: e.message }))}>
          More results
        </button>
      )}
    </section>
  );
}
