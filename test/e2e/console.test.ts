/**
 * The support console in a real headless Chromium against `pnpm start -- --demo` (15 s): an agent
 * logs in, opens a clock-skew user (why card and steps), watches a new failed attempt arrive live,
 * unlocks a locked user with ticket and reason (history entry); an analyst sees the stuffing IPs
 * and the pumped prefix, and an admin lifts that prefix's SMS block; an analyst drills down from a stuffing IP to its (pseudonymised)
 * accounts, a lead finds users by id prefix and by network, opens one and disables a factor (an
 * agent is not offered that). No request leaves the console's origin (nor GraphiQL's); axe finds
 * no serious violation.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { launchChromium, openPage, seriousA11yViolations, type WatchedPage } from "./console-browser";
import { demoSummary, type PlatformProcess, scratchPlatform } from "./platform-process";
import { verifierCall } from "./support-client";

const platforms = scratchPlatform("console");
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close().catch(() => undefined);
});

interface Summary {
  causes: Record<string, { examples: string[] }>;
}
let demo: { origin: string; banner: Awaited<ReturnType<PlatformProcess["waitForReady"]>>; summary: Summary };

async function expectAccessible(page: Page, what: string) {
  const serious = await seriousA11yViolations(page);
  expect(
    serious.map((v) => `${what}: ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`),
  ).toEqual([]);
}

async function login(w: WatchedPage, origin: string, role: string) {
  await w.page.goto(`${origin}/console/`);
  await w.page.getByRole("button", { name: role }).click();
  await w.page.getByRole("button", { name: "Log out" }).waitFor();
}

/** The ticket the console records every lookup and action under (asked before any user). */
async function useTicket(page: Page, ticket: string) {
  await page.getByLabel("Ticket reference").fill(ticket);
  await page.getByRole("button", { name: "Use this ticket" }).click();
}

async function openUser(page: Page, userId: string) {
  await page.getByRole("textbox", { name: "User id" }).fill(userId);
  await page.getByRole("button", { name: "Open" }).click();
}

/** A reload is a new page: the token was in memory only, so the login is asked again. */
async function reloadAsAgent(page: Page, origin: string) {
  await page.goto(`${origin}/console/#/find`);
  await page.reload();
  await page.getByRole("button", { name: "Support agent" }).click();
}

describe("support console (headless Chromium)", () => {
  it("serves agents and analysts from its own origin only, accessibly", async () => {
    const platform = await platforms.start({ args: ["--demo", "--demo-seconds", "15", "--demo-seed", "7"] });
    const banner = await platform.waitForReady();
    const origin = new URL(banner.graphqlUrl).origin;
    const summary = await demoSummary<Summary>(platform, 90_000);
    demo = { origin, banner, summary };
    const skewed = summary.causes.clock_drift?.examples[0];
    const locked = summary.causes.lockout?.examples[0];
    expect(skewed && locked).toBeTruthy();

    browser = await launchChromium();
    const agent = await openPage(browser);
    const { page } = agent;
    await login(agent, origin, "Support agent");
    await useTicket(page, "DEMO-15");
    await expect.poll(() => page.getByTestId("ticket").textContent()).toBe("DEMO-15");
    await expectAccessible(page, "find user");

    // a clock-skew user: the why card names it and says what to do
    await openUser(page, skewed!);
    const why = page.getByTestId("why-card");
    await why.waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(
        `no why card: ${await page.locator("body").textContent()} ${agent.problems.join(" | ")}`,
      );
    });
    await expect
      .poll(() => page.getByTestId("why-pattern").textContent(), { timeout: 20_000 })
      .toBe("phone clock is off");
    expect(await page.getByTestId("why-steps").locator("li").count()).toBeGreaterThan(0);
    expect(await why.textContent()).toMatch(/failed attempts? agree/);
    // a stored attempt names its network, not only its number (demo home IPs are real ISPs' ranges)
    expect(await page.getByTestId("timeline").textContent()).toMatch(/AS\d+ [A-Za-z]/);
    await expectAccessible(page, "user page");

    // a new failed attempt appears live (the subscription), without reloading
    const rows = page.getByTestId("timeline").locator("tbody tr[data-attempt-id]");
    const before = await rows.count();
    await page.getByTestId("live-state").waitFor();
    let seen = false;
    for (let attempt = 0; attempt < 5 && !seen; attempt++) {
      const res = await verifierCall(banner.verifierUrl, banner.apiKey, "POST", "/v1/verify", {
        userId: skewed,
        code: "000000",
        method: "totp",
        context: { ip: "198.51.100.77", userAgent: "console-e2e" },
      });
      expect([200, 429]).toContain(res.status);
      seen = await page
        .locator("tr.live-row")
        .first()
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false); // the stream may not have been open yet: try once more
    }
    expect(seen).toBe(true);
    expect(await rows.count()).toBeGreaterThan(before);
    // the row appears with the attempt's first event (waiting for the code) and is folded on as the
    // failure arrives
    await expect
      .poll(() => page.locator("tr.live-row").first().textContent(), { timeout: 10_000 })
      .toContain("code rejected");
    const liveRow = await page.locator("tr.live-row").first().textContent();
    // the live row is folded like a stored one: the request's IP is there as on a reloaded page
    expect(liveRow).toContain("198.51.100.77");

    // a locked user: unlock with the ticket, a reason and a confirmation; the history shows it
    await reloadAsAgent(page, origin);
    await useTicket(page, "DEMO-15");
    await openUser(page, locked!);
    await expect
      .poll(() => page.getByTestId("lock-status").textContent(), { timeout: 20_000 })
      .toMatch(/^Locked/);
    await page.getByLabel("Action", { exact: true }).selectOption("unlockUser");
    await page.getByLabel("Reason", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Details (optional)").fill("caller verified by callback");
    await page.getByRole("button", { name: "Unlock the user…" }).click();
    await page.getByRole("group", { name: "Confirm the action" }).waitFor();
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => page.getByTestId("action-result").textContent()).toBe("Unlock the user: done.");
    // shown at once from the receipt, then as the audit trail recorded it
    await expect
      .poll(() => page.getByTestId("history").textContent())
      .toMatch(/dev-agent\s*DEMO-15\s*unlock/);
    await page
      .getByTestId("history")
      .locator("tbody tr:not([data-pending])", { hasText: /dev-agent\s*DEMO-15\s*unlock/ })
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId("lock-status").textContent(), { timeout: 20_000 })
      .toBe("Not locked");
    await expectAccessible(page, "user page after unlock");

    // an analyst: the stuffing IPs and the pumped prefix
    const analyst = await openPage(browser);
    await login(analyst, origin, "Fraud analyst");
    await analyst.page
      .getByTestId("stuffing-ips")
      .waitFor({ timeout: 20_000 })
      .catch(async () => {
        throw new Error(`no analyst page: ${await analyst.page.locator("body").textContent()}`);
      });
    expect(await analyst.page.getByTestId("stuffing-ips").locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await analyst.page.getByTestId("stuffing-ips").textContent()).not.toContain(
      "Nothing in this window",
    );
    expect(await analyst.page.getByTestId("sms-pumping").textContent()).toContain("+232");
    await expectAccessible(analyst.page, "analyst page");
    // an analyst is not offered the lift of a prefix's SMS block; an admin (a lead) lifts it
    expect(await analyst.page.getByTestId("sms-pumping").locator("tbody button").count()).toBe(0);
    const admin = await openPage(browser);
    await login(admin, origin, "Administrator");
    await admin.page.getByRole("link", { name: "Fraud analysis" }).click();
    const pumped = admin.page.getByTestId("sms-pumping").locator("tbody button").first();
    await pumped.waitFor({ timeout: 20_000 });
    const prefix = (await pumped.textContent())!;
    expect(prefix).toMatch(/^\+232/);
    await pumped.click();
    await admin.page.getByLabel("Ticket", { exact: true }).fill("DEMO-17");
    await admin.page.getByLabel("Reason", { exact: true }).fill("the carrier vouched for the range");
    await admin.page.getByRole("button", { name: `Lift the SMS block of ${prefix}…` }).click();
    await admin.page.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => admin.page.getByTestId("lift-result").textContent(), { timeout: 20_000 })
      .toBe(`SMS to ${prefix} may be sent again (recorded under DEMO-17).`);
    await expectAccessible(admin.page, "an SMS block lifted (admin)");

    // GraphiQL (development) renders from the API's own origin too: it works offline
    const graphiql = await openPage(browser);
    await graphiql.page.goto(banner.graphqlUrl);
    await graphiql.page.locator(".graphiql-container").first().waitFor({ timeout: 20_000 });

    for (const w of [agent, analyst, admin, graphiql]) {
      expect(w.requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
      expect(w.problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([]);
    }
    const screenshot = process.env.FACTORLENS_CONSOLE_SCREENSHOT;
    if (screenshot) {
      await reloadAsAgent(page, origin);
      await useTicket(page, "DEMO-15");
      await openUser(page, skewed!);
      await page.getByTestId("why-steps").waitFor();
      await page.setViewportSize({ width: 1280, height: 1100 });
      await page.screenshot({ path: screenshot, fullPage: true });
    }
  });

  it("drills down from a stuffing IP to its accounts, finds users by prefix and network, and lets only a lead disable a factor", async () => {
    expect(demo && browser).toBeTruthy(); // the first test started the demo platform
    const { origin, summary } = demo;

    // an analyst: from an IP failing for many users to the accounts it hit, pseudonymised
    const analyst = await openPage(browser!);
    await login(analyst, origin, "Fraud analyst");
    const ipButton = analyst.page.getByTestId("stuffing-ips").locator("tbody tr button").first();
    await ipButton.waitFor({ timeout: 20_000 });
    const ip = (await ipButton.textContent())!;
    await ipButton.click();
    const found = analyst.page.getByTestId("search-results");
    await expect
      .poll(() => found.locator("tbody tr code").count(), { timeout: 20_000 })
      .toBeGreaterThan(1)
      .catch(async (e: Error) => {
        throw new Error(
          `${e.message}: ${await analyst.page.locator("main").textContent()} ${analyst.problems}`,
        );
      });
    expect(await found.locator("h2").textContent()).toContain(ip);
    expect(await found.locator("tbody tr[data-user-id]").count()).toBe(0);
    expect(await found.textContent()).not.toContain("demo-r");
    await expectAccessible(analyst.page, "accounts of a stuffing IP (analyst)");

    // a lead: the same drill-down on a ticket names the users; one opens the user page
    const lead = await openPage(browser!);
    const { page } = lead;
    await login(lead, origin, "Support lead");
    await useTicket(page, "DEMO-16");
    await page.goto(`${origin}/console/#/accounts/${encodeURIComponent(ip)}`);
    const named = page.getByTestId("search-results").locator("tbody tr[data-user-id]");
    await expect.poll(() => named.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await expectAccessible(page, "accounts of a stuffing IP (lead on a ticket)");

    // find by user-id prefix and by network from the find page
    const victim = summary.causes.stuffing_victim?.examples[0];
    expect(victim).toBeTruthy();
    await page.goto(`${origin}/console/#/find`);
    await page.getByRole("radio", { name: "User id prefix" }).check();
    await page.getByRole("textbox", { name: "User id prefix" }).fill(victim!.slice(0, -1));
    await page.getByRole("button", { name: "Search" }).click();
    await page
      .getByTestId("search-results")
      .locator(`tr[data-user-id="${victim}"]`)
      .waitFor({ timeout: 20_000 });
    await page.getByRole("radio", { name: "IP the user failed from" }).check();
    const network = ip.replace(/\.\d+$/, ".0/24");
    await page.getByRole("textbox", { name: "IP or network" }).fill(network);
    await page.getByRole("button", { name: "Search" }).click();
    await expect
      .poll(() => page.getByTestId("search-results").locator("h2").textContent())
      .toContain(network);
    const hit = page.getByTestId("search-results").locator("tbody tr[data-user-id]").first();
    await hit.waitFor({ timeout: 20_000 });
    const userId = (await hit.getAttribute("data-user-id"))!;
    await expectAccessible(page, "find page with results");
    await hit.getByRole("button").click();
    await expect.poll(() => page.getByTestId("user-id").textContent(), { timeout: 20_000 }).toBe(userId);

    // the lead disables the user's TOTP factor: reason, confirmation, result, audit entry
    await page.getByLabel("Action", { exact: true }).selectOption("disableFactor");
    await page.getByLabel("Factor", { exact: true }).selectOption({ index: 0 });
    await page.getByLabel("Reason", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Details (optional)").fill("device stolen, confirmed by callback");
    await page.getByRole("button", { name: "Disable a factor…" }).click();
    await page.getByRole("group", { name: "Confirm the action" }).waitFor();
    await expectAccessible(page, "disable confirmation");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => page.getByTestId("action-result").textContent()).toBe("Disable a factor: done.");
    await page
      .getByTestId("history")
      .locator("tbody tr:not([data-pending])", { hasText: /dev-lead\s*DEMO-16\s*disable factor/ })
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId("factors").textContent(), { timeout: 20_000 })
      .toContain("disabled");

    // an agent without the lead's role is not offered it, and is told who can
    const agent = await openPage(browser!);
    await login(agent, origin, "Support agent");
    await useTicket(agent.page, "DEMO-16");
    await openUser(agent.page, userId);
    const actions = agent.page.getByLabel("Action", { exact: true });
    await actions.waitFor({ timeout: 20_000 });
    const offered = await actions.locator("option").allTextContents();
    expect(offered).toContain("Unlock the user");
    expect(offered).not.toContain("Disable a factor");
    expect(offered).not.toContain("Reset a factor (user enrolls again)");
    expect(await agent.page.getByTestId("lead-note").textContent()).toMatch(/needs a lead's role/);

    for (const w of [analyst, lead, agent]) {
      expect(w.requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
      expect(w.problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([]);
    }
  });
});
