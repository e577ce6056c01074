import { expect, it } from "vitest";

/**
 * The event-store setting every service reads the same way (service-kit `eventStoreSettings`),
 * asserted against one service's own `loadConfig`: absent means the PostgreSQL store, an esdb://
 * string selects EventStoreDB, anything else is refused with a line naming the variable.
 */
export function itTakesTheEventStoreSetting(
  loadConfig: (env: Record<string, string>) => { eventStoreConnectionString?: string | undefined },
  base: Record<string, string>,
): void {
  it("takes EVENTSTORE_CONNECTION_STRING (EventStoreDB holds the events) and refuses anything but esdb://", () => {
    expect(loadConfig(base).eventStoreConnectionString).toBeUndefined();
    const esdb = "esdb://127.0.0.1:2113?tls=false";
    expect(loadConfig({ ...base, EVENTSTORE_CONNECTION_STRING: esdb }).eventStoreConnectionString).toBe(esdb);
    for (const wrong of ["postgres://h/db", "tcp://h:1113", "http://h:2113"])
      expect(() => loadConfig({ ...base, EVENTSTORE_CONNECTION_STRING: wrong })).toThrow(
        /EVENTSTORE_CONNECTION_STRING must be an esdb:\/\/ connection string/,
      );
  });
}
