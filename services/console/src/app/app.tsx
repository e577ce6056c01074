import { useCallback, useEffect, useMemo, useState } from "react";
import { FindUser } from "./agent/find-user";
import { UserPage } from "./agent/user-page";
import { AnalystPage } from "./analyst/analyst-page";
import { LoginPage } from "./auth/login-page";
import { canAgent, canAnalyst, isLead, type Session } from "./auth/session";
import { createGraphqlClient } from "./lib/graphql";
import { go, useRoute } from "./lib/use-route";
import { SearchResults } from "./search/search-results";
import { TicketBar } from "./ticket-bar";

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [ticket, setTicket] = useState<string>("");
  const route = useRoute();
  const logout = useCallback(() => {
    setSession(null);
    setTicket("");
  }, []);
  const client = useMemo(
    () => (session ? createGraphqlClient("/graphql", session.token, logout) : null),
    [session, logout],
  );
  useEffect(() => {
    if (!session) return;
    const t = setTimeout(logout, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(t);
  }, [session, logout]);

  if (!session || !client) return <LoginPage onLogin={setSession} />;
  const agent = canAgent(session);
  const analyst = canAnalyst(session);
  const page =
    route.page === "accounts"
      ? "accounts"
      : route.page === "analyst" || !agent
        ? analyst
          ? "analyst"
          : "none"
        : route.page;

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">factorlens support console</span>
        <nav aria-label="Main">
          {agent && (
            <a href="#/find" aria-current={page === "find" || page === "user" ? "page" : undefined}>
              Find a user
            </a>
          )}
          {analyst && (
            <a href="#/analyst" aria-current={page === "analyst" ? "page" : undefined}>
              Fraud analysis
            </a>
          )}
        </nav>
        <span className="who">
          {session.subject} ({[...session.roles].join(", ")})
          <button type="button" onClick={logout}>
            Log out
          </button>
        </span>
      </header>
      {agent && page !== "analyst" && <TicketBar ticket={ticket} onTicket={setTicket} />}
      <main>
        {page === "find" && (
          <FindUser client={client} ticket={ticket} onOpen={(userId) => go({ page: "user", userId })} />
        )}
        {page === "user" && route.page === "user" && (
          <UserPage client={client} session={session} ticket={ticket} userId={route.userId} />
        )}
        {page === "accounts" && route.page === "accounts" && (
          <SearchResults
            client={client}
            by={{ ip: route.ip }}
            ticket={agent ? ticket : ""}
            title={`Accounts that failed from ${route.ip} (last 7 days)`}
          />
        )}
        {page === "analyst" && <AnalystPage client={client} ticket={ticket} lead={isLead(session)} />}
        {page === "none" && <p>Your roles give no access to this console.</p>}
      </main>
    </div>
  );
}
