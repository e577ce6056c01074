import { expect } from "vitest";

/**
 * What a store subscriber's gauges (service-kit `subscriptionGauges` under `prefix`, e.g.
 * "factorlens_relay") show once it has caught up with the store's head `head`: its checkpoint and
 * the head at `head`, lag 0. `metric` reads one series from a scrape (service-kit `metricValue`).
 */
export function expectSubscriptionCaughtUp(
  metric: (series: string) => number | undefined,
  prefix: string,
  head: bigint,
): void {
  expect(metric(`${prefix}_lag_events`)).toBe(0);
  expect(metric(`${prefix}_head_position`)).toBe(Number(head));
  expect(metric(`${prefix}_checkpoint_position`)).toBe(Number(head));
}
