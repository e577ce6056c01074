import { useEffect, useState } from "react";
import type { Cell } from "../lib/csv";
import { localTime, PATTERN_WORDS, words } from "../lib/format";
import type { GraphqlClient } from "../lib/graphql";
import { go } from "../lib/use-route";
import { LiftSmsBlock } from "./lift-sms-block";
import { Panel } from "./panel";

// Three requests, not one: each stays under the API's complexity limit.
const FRAUD_QUERIES = [
  `query ConsoleStuffing($from: DateTime, $minUsers: Int!) { fraud {
    ipsFailingForManyUsers(from: $from, minUsers: $minUsers, first: 30) { edges { node { ip distinctUsers failures } } }
    networks: failuresGrouped(by: prefix, from: $from, first: 20) { edges { node { key failures distinctIps } } } } }`,
  `query ConsoleSmsAndDisabled($from: DateTime, $ticket: String) { fraud {
    smsPumpingCandidates(from: $from, minSends: 10, first: 20) { edges { node { country numberPrefix sends delivered verified refused conversion } } }
    disabledAfterNewCountryLogin(from: $from, first: 30, ticket: $ticket) { edges { node {
      account { pseudonym userId } loginCountry loginAt disabledAt secondsAfterLogin } } } } }`,
  `query ConsoleFailures($from: DateTime) { fraud {
    byReason: failuresGrouped(by: reason, from: $from, first: 20) { edges { node { key failures distinctIps } } }
    overTime: failuresGrouped(by: hour, from: $from, first: 48) { edges { node { key failures distinctIps } } } } }`,
];

const DRILL_QUERY = `query ConsoleDrill($from: DateTime, $reason: String) {
  fraud { failuresGrouped(by: hour, from: $from, reason: $reason, first: 48) { edges { node { key failures distinctIps } } } }
}`;

/** The fraud lists are connections: the page's nodes (the first page is all the console shows). */
const nodesOf = (fraud: Record<string, { edges: { node: unknown }[] }>) =>
  Object.fromEntries(Object.entries(fraud).map(([k, v]) => [k, v.edges.map((e) => e.node)]));

type Group = { key: string; failures: number; distinctIps: number };
interface Fraud {
  ipsFailingForManyUsers: { ip: string; distinctUsers: number; failures: number }[];
  networks: Group[];
  smsPumpingCandidates: {
    country: string;
    numberPrefix: string;
    sends: number;
    delivered: number;
    verified: number;
    refused: number;
    conversion: number;
  }[];
  disabledAfterNewCountryLogin: {
    account: { pseudonym: string; userId: string | null };
    loginCountry: string | null;
    loginAt: string;
    disabledAt: string;
    secondsAfterLogin: number;
  }[];
  byReason: Group[];
  overTime: Group[];
}

/** Choosing an IP or a network opens the accounts failing from it. */
const openAccounts = (ip: Cell) => ip && go({ page: "accounts", ip: String(ip) });

/** Failures grouped by one key (network, reason, hour): the counts charted, a key chosen by a click. */
function GroupPanel(p: {
  id: string;
  title: string;
  keyName: string;
  groups: Group[];
  onKey?: (key: string) => void;
}) {
  const { onKey } = p;
  return (
    <Panel
      id={p.id}
      title={p.title}
      chartColumn={1}
      header={[p.keyName, "failures", "distinct IPs"]}
      onRow={onKey && ((r) => onKey(String(r[0])))}
      rows={p.groups.map((g) => [g.key, g.failures, g.distinctIps])}
    />
  );
}

const WINDOWS = { "1": "last hour", "24": "last day", "168": "last 7 days" } as const;

export function AnalystPage({
  client,
  ticket,
  lead,
}: {
  client: GraphqlClient;
  ticket: string;
  lead: boolean;
}) {
  const [hours, setHours] = useState<keyof typeof WINDOWS>("24");
  const [minUsers, setMinUsers] = useState("2");
  const [fraud, setFraud] = useState<Fraud | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [drill, setDrill] = useState<Group[]>([]);
  const [prefix, setPrefix] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const from = new Date(Date.now() - Number(hours) * 3600_000).toISOString();

  useEffect(() => {
    Promise.all(
      FRAUD_QUERIES.map((q, i) =>
        client.query<{ fraud: Record<string, { edges: { node: unknown }[] }> }>(
          q,
          i === 1
            ? { from, ticket: ticket || null }
            : i === 0
              ? { from, minUsers: Number(minUsers) }
              : { from },
        ),
      ),
    )
      .then((parts) => setFraud(Object.assign({}, ...parts.map((p) => nodesOf(p.fraud))) as Fraud))
      .catch((e: Error) => setError(e.message));
  }, [client, hours, ticket, minUsers]);

  useEffect(() => {
    if (!reason) return setDrill([]);
    client
      .query<{ fraud: { failuresGrouped: { edges: { node: Group }[] } } }>(DRILL_QUERY, { from, reason })
      .then((d) => setDrill(d.fraud.failuresGrouped.edges.map((e) => e.node)))
      .catch((e: Error) => setError(e.message));
  }, [client, hours, reason]);

  const hour = (k: string) => localTime(k);
  return (
    <div className="analyst">
      <h1>Fraud analysis</h1>
      <div className="row">
        <label htmlFor="window">Window</label>
        <select id="window" value={hours} onChange={(e) => setHours(e.target.value as keyof typeof WINDOWS)}>
          {Object.entries(WINDOWS).map(([h, w]) => (
            <option key={h} value={h}>
              {w}
            </option>
          ))}
        </select>
        <label htmlFor="min-users">IPs failing for at least</label>
        <select id="min-users" value={minUsers} onChange={(e) => setMinUsers(e.target.value)}>
          {["2", "5", "10", "50"].map((n) => (
            <option key={n} value={n}>
              {n} users
            </option>
          ))}
        </select>
        <span className="hint">Accounts are pseudonymised unless a ticket is in use.</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!fraud && !error && <p>Loading…</p>}
      {fraud && (
        <>
          <Panel
            id="stuffing-ips"
            title="Credential stuffing: IPs failing for many users (choose one for its accounts)"
            chartColumn={1}
            header={["IP", "distinct users", "failures"]}
            onRow={(r) => openAccounts(r[0])}
            rows={fraud.ipsFailingForManyUsers.map((r) => [r.ip, r.distinctUsers, r.failures])}
          />
          <GroupPanel
            id="stuffing-networks"
            title="Failing networks (/24, /48; choose one for its accounts)"
            keyName="network"
            groups={fraud.networks}
            onKey={openAccounts}
          />
          <Panel
            id="sms-pumping"
            title="SMS pumping: prefixes by sends and conversion"
            chartColumn={2}
            header={[
              "prefix",
              "country",
              "sends",
              "delivered",
              "verified",
              "refused by the guard",
              "conversion",
            ]}
            onRow={lead ? (r) => setPrefix(String(r[0])) : undefined}
            rows={fraud.smsPumpingCandidates.map((r) => [
              r.numberPrefix,
              r.country,
              r.sends,
              r.delivered,
              r.verified,
              r.refused,
              `${Math.round(r.conversion * 100)} %`,
            ])}
          >
            {lead ? (
              prefix ? (
                <LiftSmsBlock key={prefix} client={client} prefix={prefix} ticket={ticket} />
              ) : (
                <p className="hint">Choose a prefix to lift its SMS block.</p>
              )
            ) : (
              <p className="hint">A support lead (or an admin) can lift a prefix's SMS block.</p>
            )}
          </Panel>
          <Panel
            id="disabled-after-new-country"
            title="2FA disabled soon after a login from a new country"
            header={["account", "login country", "login", "disabled", "seconds after"]}
            rows={fraud.disabledAfterNewCountryLogin.map((r) => [
              r.account.userId ?? r.account.pseudonym,
              r.loginCountry,
              localTime(r.loginAt),
              localTime(r.disabledAt),
              r.secondsAfterLogin,
            ])}
          />
          <GroupPanel
            id="failures-by-reason"
            title="Failures by reason (choose one for its hours)"
            keyName="reason"
            groups={fraud.byReason}
            onKey={setReason}
          />
          {reason && (
            <GroupPanel
              id="failures-drill"
              title={`Failures over time: ${words(PATTERN_WORDS, reason)}`}
              keyName="hour"
              groups={drill.map((g) => ({ ...g, key: hour(g.key) }))}
            />
          )}
          <GroupPanel
            id="failures-over-time"
            title="Failures over time (by hour)"
            keyName="hour"
            groups={fraud.overTime.map((g) => ({ ...g, key: hour(g.key) }))}
          />
        </>
      )}
    </div>
  );
}
