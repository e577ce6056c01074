/**
 * The value of one series in Prometheus text (`name` or `name{label="v"}` exactly as printed),
 * or undefined when absent: for tests and smoke checks that scrape `/metrics`.
 */
export function metricValue(text: string, series: string): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
