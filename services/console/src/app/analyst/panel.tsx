import { type Cell, downloadCsv, toCsv } from "../lib/csv";
import { Table } from "../lib/table";
import { BarChart } from "./bar-chart";

export interface PanelProps {
  id: string;
  title: string;
  header: string[];
  rows: Cell[][];
  /** Column whose numbers the bar chart shows, labelled by column 0. */
  chartColumn?: number;
  onRow?: (row: Cell[]) => void;
  children?: React.ReactNode;
}

/** A table of what the API returned, a chart of one column, and a CSV export of exactly that. */
export function Panel(p: PanelProps) {
  return (
    <section className="card" aria-labelledby={`${p.id}-h`} data-testid={p.id}>
      <div className="panel-head">
        <h2 id={`${p.id}-h`}>{p.title}</h2>
        <button type="button" onClick={() => downloadCsv(`${p.id}.csv`, toCsv(p.header, p.rows))}>
          Export CSV
        </button>
      </div>
      {p.children}
      {p.chartColumn !== undefined && p.rows.length > 0 && (
        <BarChart
          label={`${p.title}: ${p.header[p.chartColumn]}`}
          bars={p.rows
            .slice(0, 15)
            .map((r) => ({ label: String(r[0]), value: Number(r[p.chartColumn!]) || 0 }))}
        />
      )}
      <Table columns={p.header} empty={p.rows.length === 0 && "Nothing in this window."}>
        {p.rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>
                {j === 0 && p.onRow ? (
                  <button type="button" className="link" onClick={() => p.onRow!(r)}>
                    {String(c)}
                  </button>
                ) : (
                  String(c ?? "—")
                )}
              </td>
            ))}
          </tr>
        ))}
      </Table>
    </section>
  );
}
