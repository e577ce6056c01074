/**
 * `atMostEvery(ms, fn)`: a function that runs `fn` at most once per `ms` and otherwise returns
 * the last run's promise (e.g. a lag query behind a gauge that Prometheus scrapes every few
 * seconds, possibly from several scrapers). A failed run is not cached: the next call retries.
 */
export function atMostEvery<T>(
  ms: number,
  fn: () => Promise<T>,
  now: () => number = Date.now,
): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    const t = now();
    if (last && t - last.at < ms) return last.result;
    const result = fn();
    const entry = { at: t, result };
    last = entry;
    result.catch(() => {
      if (last === entry) last = undefined;
    });
    return result;
  };
}
