import { localTime, OUTCOME_WORDS, PATTERN_WORDS, words } from "../lib/format";
import { Table } from "../lib/table";
import type { AttemptView, UserView } from "./user-query";

/** `AS60729 ZWIEBELFREUNDE`: the number analysts search by, the name agents read. */
const networkName = (asn: number, name: string | null) => (name ? `AS${asn} ${name}` : `AS${asn}`);

const device = (ua: string | null) => {
  if (!ua) return "—";
  const m = /(iPhone|iPad|Android|Windows|Mac OS X|Linux)/.exec(ua);
  return m ? m[1]!.replace("Mac OS X", "macOS") : ua.slice(0, 40);
};

/** The user's attempts, newest first, in the agent's time zone; new ones arrive live. */
export function Timeline(props: {
  attempts: AttemptView[];
  sms: UserView["smsDeliveries"];
  liveState: "connecting" | "live" | "stopped";
  liveIds: ReadonlySet<string>;
}) {
  const sms = new Map(props.sms.map((s) => [s.attemptId, s]));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <p className="hint" data-testid="live-state">
        Times in {zone}.{" "}
        {props.liveState === "stopped"
          ? "Live updates stopped: reload the user."
          : "New attempts appear here live."}
      </p>
      <Table
        testId="timeline"
        columns={["Time", "Method", "Outcome", "Why", "IP", "Network", "Device", "SMS"]}
        empty={props.attempts.length === 0 && "No attempt yet."}
      >
        {props.attempts.map((a) => {
          const s = sms.get(a.id);
          const smsText = s
            ? `${s.state.replace(/_/g, " ")}${s.failureReason ? `: ${s.failureReason}` : ""}`
            : (a.smsState ?? "—");
          return (
            <tr
              key={a.id}
              data-attempt-id={a.id}
              className={props.liveIds.has(a.id) ? "live-row" : undefined}
            >
              <td>{localTime(a.at)}</td>
              <td>{a.method ?? (a.reason?.startsWith("enroll") ? "enrollment" : "—")}</td>
              <td className={a.outcome === "failed" ? "bad-text" : undefined}>
                {words(OUTCOME_WORDS, a.outcome)}
                {a.reason && a.outcome !== "passed" ? ` (${a.reason.replace(/_/g, " ")})` : ""}
              </td>
              <td>{a.diagnosis ? words(PATTERN_WORDS, a.diagnosis.pattern) : "—"}</td>
              <td>{a.context.ip ?? "—"}</td>
              <td>
                {[
                  a.context.country,
                  a.context.asn !== null ? networkName(a.context.asn, a.context.network) : null,
                ]
                  .filter(Boolean)
                  .join(" · ") || "—"}
              </td>
              <td>{device(a.context.userAgent)}</td>
              <td>{smsText}</td>
            </tr>
          );
        })}
      </Table>
    </section>
  );
}
