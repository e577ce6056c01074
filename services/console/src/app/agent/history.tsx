import { localTime } from "../lib/format";
import { Table } from "../lib/table";
import type { HistoryEntry } from "./user-query";

/** Who looked at this user, when, under which ticket, and what they did. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Support history</h2>
      <Table
        testId="history"
        columns={["When", "Who", "Ticket", "What", "Note"]}
        empty={entries.length === 0 && "Nobody has looked at this user yet."}
      >
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
      </Table>
    </section>
  );
}
