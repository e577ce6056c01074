import { describe, expect, it } from "vitest";
import { createFakeActions } from "../testing/fake-actions";
import { createFakeReadModels } from "../testing/fake-read-models";
import { attempt, fixture } from "../testing/fixtures";
import { createManualFeed, makeApi, token } from "../testing/harness";
import { subscribe, timelineEvent } from "../testing/sse";

const SUB = `subscription ($u: ID!, $t: String!) { userTimeline(userId: $u, ticket: $t) { id outcome diagnosis { pattern confidence } } }`;

describe("userTimeline subscription (SSE)", () => {
  it("streams the user's new attempts with their diagnosis, and only that user's", async () => {
    const feed = createManualFeed();
    const { actions, log } = createFakeActions();
    const api = makeApi({ readModels: createFakeReadModels(fixture()), actions, feed });
    const { res, events } = await subscribe(api, await token(["support_agent"], "agent-5"), SUB, {
      u: "u-1",
      t: "ZD-5",
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    await feed.whenListening("u-1");
    feed.publish(attempt({ attemptId: "live-other", userId: "u-2" }));
    feed.publish(attempt({ attemptId: "live-1", pattern: "timezone_offset", confidence: "medium" }));
    expect(await events.next()).toEqual(timelineEvent("live-1", "timezone_offset", "medium"));
    expect(log).toEqual([
      {
        kind: "lookup",
        actor: { agentId: "agent-5", ticket: "ZD-5" },
        userId: "u-1",
        detail: ["diagnosis", "id", "outcome"],
      },
    ]);
    await events.cancel();
  });

  it("refuses analysts and agents without a ticket, and audits both refusals", async () => {
    const { actions, log } = createFakeActions();
    const api = makeApi({ readModels: createFakeReadModels(fixture()), actions, feed: createManualFeed() });
    const analyst = await subscribe(api, await token(["fraud_analyst"]), SUB, { u: "u-1", t: "ZD-5" });
    expect(await analyst.events.next()).toMatchObject({ errors: [{ extensions: { code: "FORBIDDEN" } }] });
    const noTicket = await subscribe(api, await token(["support_agent"]), SUB, { u: "u-1", t: "" });
    expect(await noTicket.events.next()).toMatchObject({
      errors: [{ extensions: { code: "TICKET_REQUIRED" } }],
    });
    expect(log.map((l) => l.failure)).toEqual(["forbidden", "ticket_required"]);
  });
});
