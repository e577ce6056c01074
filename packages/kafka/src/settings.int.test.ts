import { useTestKafka } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { ensureNamedTopics, kafkaBrokersSetting } from "./settings";
import { TOPICS } from "./topics";

describe("ensureNamedTopics", () => {
  const k = useTestKafka("settings");

  it("creates only the named bus topics, in their default layout, and is idempotent", async () => {
    await ensureNamedTopics(k.kafka, [TOPICS.inboundDlq]);
    const admin = k.kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [TOPICS.inboundDlq] });
      expect(meta.topics[0]?.partitions).toHaveLength(1); // the DLQ layout: one partition
      expect(await ensureNamedTopics(k.kafka, [TOPICS.inboundDlq])).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

describe("kafkaBrokersSetting", () => {
  it("splits a host:port list and names the variable when it is wrong", () => {
    expect(kafkaBrokersSetting.parse(" a:9092, b:9093 ,")).toEqual(["a:9092", "b:9093"]);
    const bad = kafkaBrokersSetting.safeParse("no-port");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/KAFKA_BROKERS/);
  });
});
