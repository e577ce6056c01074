import type { ReactNode } from "react";

/**
 * A table with one header row of column names and, when there is nothing to list, one line that
 * says so across all the columns (so the span always matches the header).
 */
export function Table(props: {
  columns: readonly string[];
  /** The line shown instead of rows, or false while there are rows (or nothing to say yet). */
  empty: string | false;
  caption?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <table data-testid={props.testId}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.children}
        {props.empty !== false && (
          <tr>
            <td colSpan={props.columns.length}>{props.empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
