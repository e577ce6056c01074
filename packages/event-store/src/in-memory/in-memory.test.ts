import { runEventStoreContract } from "../contract/event-store-contract";
import { createInMemoryEventStore } from "./in-memory-event-store";

runEventStoreContract("in-memory", async () => {
  const store = createInMemoryEventStore();
  return { store, cleanup: () => store.close() };
});
