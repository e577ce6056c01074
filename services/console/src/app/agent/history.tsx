import { localTime } from "../lib/format";
import type { HistoryEntry } from "./user-query";

/** Who looked at this user, when, under which ticket, and what they did. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Support history</h2>
      <table data-testid="history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Ticket</th>
            <th scope="col">What</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((h) => (
            <tr key={h.id} data-pending={h.id.startsWith("pending-") ? "true" : undefined}>
              <td>{localTime(h.at)}</td>
              <td>{h.actor}</td>
              <td>{h.ticket ?? "—"}</td>
              <td>
                {h.kind === "lookup" ? "looked up" : (h.action ?? h.kind).replace(/_/g, " ")}
                {h.id.startsWith("pending-") ? " (being recorded)" : ""}
              </td>
              <td>{h.note ?? ""}</td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr>
              <td colSpan={5}>Nobody has looked at this user yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
