/**
 * Ordered start and reverse-order stop of the platform's parts. Each part registers how to stop
 * itself once it has started; `stopAll` stops them last-started-first, waits for each, and reports
 * every failure (it does not stop at the first one).
 */
export interface Part {
  name: string;
  stop(): Promise<void>;
}

export interface Lifecycle {
  add(name: string, stop: () => Promise<void>): void;
  /** Names in start order (for the banner and tests). */
  names(): string[];
  stopAll(log?: (line: string) => void): Promise<{ failed: { name: string; error: unknown }[] }>;
}

export function createLifecycle(): Lifecycle {
  const parts: Part[] = [];
  let stopping: Promise<{ failed: { name: string; error: unknown }[] }> | null = null;
  return {
    add(name, stop) {
      parts.push({ name, stop });
    },
    names: () => parts.map((p) => p.name),
    stopAll(log) {
      stopping ??= (async () => {
        const failed: { name: string; error: unknown }[] = [];
        for (const part of [...parts].reverse()) {
          const started = performance.now();
          try {
            await part.stop();
            const ms = performance.now() - started;
            log?.(`stopped ${part.name}${ms >= 1000 ? ` (${(ms / 1000).toFixed(1)} s)` : ""}`);
          } catch (error) {
            failed.push({ name: part.name, error });
            log?.(`failed to stop ${part.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return { failed };
      })();
      return stopping;
    },
  };
}
