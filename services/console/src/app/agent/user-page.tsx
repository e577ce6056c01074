import { useCallback, useEffect, useState } from "react";
import { canAnalyst, type Session } from "../auth/session";
import type { GraphqlClient } from "../lib/graphql";
import { ActionsForm } from "./actions-form";
import { History } from "./history";
import { StatusCard } from "./status-card";
import { Timeline } from "./timeline";
import {
  ATTACKER_IPS_QUERY,
  type AttemptView,
  type HistoryEntry,
  LIVE_SUBSCRIPTION,
  USER_QUERY,
  type UserResult,
  type UserView,
} from "./user-query";
import { WhyCard } from "./why-card";

export function UserPage(props: { client: GraphqlClient; session: Session; ticket: string; userId: string }) {
  const { client, ticket, userId } = props;
  const [user, setUser] = useState<UserView | null>(null);
  const [live, setLive] = useState<AttemptView[]>([]);
  const [liveState, setLiveState] = useState<"connecting" | "live" | "stopped">("connecting");
  const [attackerIps, setAttackerIps] = useState<Map<string, number>>(new Map());
  const [error, setError] = useState<string | null>(null);
  /** Actions taken here, shown at once until the projected history has them. */
  const [recent, setRecent] = useState<HistoryEntry[]>([]);
  const analyst = canAnalyst(props.session);

  const load = useCallback(async () => {
    if (!ticket) return;
    const { user: u } = await client.query<{ user: UserResult }>(USER_QUERY, { id: userId, ticket });
    if (u.__typename === "SupportError") {
      setUser(null);
      setError(u.message);
      return;
    }
    setError(null);
    setUser(u);
  }, [client, ticket, userId]);

  useEffect(() => {
    setUser(null);
    setLive([]);
    load().catch((e: Error) => setError(e.message));
  }, [load]);

  useEffect(() => {
    if (!ticket) return;
    setLiveState("connecting");
    return client.subscribe<{ userTimeline: AttemptView }>(
      LIVE_SUBSCRIPTION,
      { id: userId, ticket },
      (d) => {
        setLiveState("live");
        setLive((prev) => [d.userTimeline, ...prev.filter((a) => a.id !== d.userTimeline.id)]);
      },
      () => setLiveState("stopped"),
    );
  }, [client, ticket, userId]);

  // Attacker check: IPs in this user's failures that fail for many accounts (analysts' query).
  useEffect(() => {
    if (!analyst) return;
    client
      .query<{
        fraud: { ipsFailingForManyUsers: { edges: { node: { ip: string; distinctUsers: number } }[] } };
      }>(ATTACKER_IPS_QUERY)
      .then((d) =>
        setAttackerIps(
          new Map(d.fraud.ipsFailingForManyUsers.edges.map(({ node: r }) => [r.ip, r.distinctUsers])),
        ),
      )
      .catch(() => setAttackerIps(new Map()));
  }, [client, analyst]);

  if (!ticket) return <p className="card">Enter the ticket reference above to open {userId}.</p>;
  if (error)
    return (
      <p role="alert" className="card error">
        {error}
      </p>
    );
  if (!user) return <p className="card">Opening {userId}…</p>;

  const seen = new Set(live.map((a) => a.id));
  const attempts = [...live, ...user.timeline.edges.map((e) => e.node).filter((a) => !seen.has(a.id))];
  const attackers = [
    ...new Set(attempts.filter((a) => a.outcome === "failed" && a.context.ip).map((a) => a.context.ip!)),
  ]
    .filter((ip) => attackerIps.has(ip))
    .map((ip) => ({ ip, users: attackerIps.get(ip)! }));

  return (
    <div className="user-page">
      <h1>
        User <code data-testid="user-id">{user.id}</code>
      </h1>
      <div className="grid">
        <StatusCard user={user} />
        <WhyCard diagnosis={user.diagnosis} attackers={attackers} />
      </div>
      <ActionsForm
        client={client}
        session={props.session}
        user={user}
        onDone={(entry) => {
          setRecent((r) => [entry, ...r]);
          // the read models follow the event store within moments: re-read a few times
          let tries = 0;
          const again = () => {
            tries++;
            load()
              .catch((e: Error) => setError(e.message))
              .finally(() => tries < 5 && setTimeout(again, 1000));
          };
          again();
        }}
      />
      <Timeline attempts={attempts} sms={user.smsDeliveries} liveState={liveState} liveIds={seen} />
      <History entries={[...pendingOf(recent, user.supportHistory), ...user.supportHistory]} />
    </div>
  );
}

/** Recent actions the projected history does not show yet (same actor and action, not older). */
function pendingOf(recent: HistoryEntry[], projected: HistoryEntry[]): HistoryEntry[] {
  return recent.filter(
    (r) =>
      !projected.some(
        (p) =>
          p.kind === "action" && p.action === r.action && p.actor === r.actor && p.at >= r.at.slice(0, 19),
      ),
  );
}
