import { describe } from "vitest";
import { runEventStoreContract } from "../contract/event-store-contract";
import { createEventStoreDbStore } from "./eventstoredb-event-store";

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  runEventStoreContract("eventstoredb", async () => {
    const store = createEventStoreDbStore({ connectionString, callTimeoutMs: 10_000 });
    return { store, cleanup: () => store.close() };
  });
} else {
  console.warn(
    [
      "",
      "!!! EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set.",
      "!!! No EventStoreDB server can be installed on these machines. To run it (Docker):",
      "!!!   docker compose -f infra/compose.yaml up -d eventstore",
      "!!!   EVENTSTORE_CONNECTION_STRING='esdb://127.0.0.1:2113?tls=false' pnpm --filter @factorlens/event-store test",
      "",
    ].join("\n"),
  );
  describe.skip("EventStore contract: eventstoredb (EVENTSTORE_CONNECTION_STRING not set)", () => {
    runEventStoreContract("eventstoredb", async () => {
      throw new Error("unreachable");
    });
  });
}
