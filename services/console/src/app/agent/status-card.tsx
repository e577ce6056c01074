import { localTime, lockStatus } from "../lib/format";
import { Table } from "../lib/table";
import { useNow } from "../lib/use-now";
import type { UserView } from "./user-query";

const driftWords = (d: { steps: number; confirmations: number } | null) =>
  !d || d.steps === 0
    ? "none"
    : `${d.steps > 0 ? "+" : ""}${d.steps} step${Math.abs(d.steps) === 1 ? "" : "s"} (${d.steps * 30} s), seen ${d.confirmations}×`;

/** Locked or not, from the clock; each factor with what an agent asks about first. */
export function StatusCard({ user }: { user: UserView }) {
  const now = useNow();
  const lock = lockStatus(user.lockout, now);
  return (
    <section className="card" aria-labelledby="status-h">
      <h2 id="status-h">Status</h2>
      <p className={lock.locked ? "badge bad" : "badge ok"} data-testid="lock-status">
        {lock.text}
      </p>
      <Table
        testId="factors"
        caption="Factors"
        columns={["Method", "Status", "Last success", "Learned drift", "Failures in a row", "Phone"]}
        empty={user.factors.length === 0 && "No factor enrolled."}
      >
        {user.factors.map((f) => (
          <tr key={f.id} data-method={f.method}>
            <td>{f.method}</td>
            <td>{f.status}</td>
            <td>{localTime(f.lastSuccessAt, now)}</td>
            <td>{f.method === "totp" ? driftWords(f.drift) : "—"}</td>
            <td>{f.consecutiveFailures}</td>
            <td>{f.phoneMasked ? `ends ${f.phoneMasked.slice(-4)}` : "—"}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
