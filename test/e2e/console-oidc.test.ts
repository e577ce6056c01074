/**
 * The console's production login end to end in headless Chromium: a real OIDC provider on
 * loopback (oidc-provider), the console's Authorization Code + PKCE flow (oauth4webapi) through
 * its login form, and the support API accepting the ID token it returns by the provider's JWKS
 * (jose): the agent opens a user, and the lookup is audited under the IdP's subject. The dev
 * login is not offered; the console's pages request nothing but the console and the IdP (and
 * nothing leaves loopback at all); axe on each console page.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fromStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore, userStreamId } from "@factorlens/event-store";
import { migrate } from "@factorlens/read-models";
import { loadConfig, type WiredSupportApi, wireSupportApi } from "@factorlens/support-api";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { launchChromium, openPage, seriousA11yViolations } from "./console-browser";
import { type LocalIdp, startLocalIdp } from "./local-idp";

const CLIENT_ID = "factorlens-console";
let db: TestDatabase | undefined;
let store: EventStore | undefined;
let wired: WiredSupportApi | undefined;
let api: Server | undefined;
let idp: LocalIdp | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await idp?.close();
  await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
  await wired?.feed.close();
  await store?.close();
  await db?.drop();
});

describe("console OIDC login (headless Chromium, local IdP)", () => {
  it("logs an agent in with Authorization Code + PKCE, and the API accepts the IdP's token", async () => {
    db = await createTestDatabase("console_oidc");
    await migrate(db.pool);
    store = await createPostgresEventStore({ pool: db.pool, schema: "eventstore", migrate: true });
    // the API's port first: the IdP registers <origin>/console/ as the client's redirect URI
    api = createServer();
    await new Promise<void>((resolve) => api!.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    idp = await startLocalIdp({
      clientId: CLIENT_ID,
      redirectUri: `${origin}/console/`,
      groupsOf: (sub) => (sub.startsWith("agent") ? ["support_agent"] : []),
    });
    const config = loadConfig({
      DATABASE_URL: db.url,
      SUPPORT_PSEUDONYM_KEY: Buffer.alloc(32, 9).toString("base64"),
      SUPPORT_OIDC_ISSUER: idp.issuer,
      SUPPORT_OIDC_AUDIENCE: CLIENT_ID, // the ID token's audience is the console's client id
      SUPPORT_OIDC_JWKS_URL: idp.jwksUrl,
      SUPPORT_OIDC_ROLE_CLAIM: "groups",
      SUPPORT_CONSOLE_OIDC_ISSUER: idp.issuer,
      SUPPORT_CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
      SUPPORT_CONSOLE_OIDC_SCOPE: "openid groups",
      SUPPORT_CONSOLE_OIDC_TOKEN: "id_token",
      SUPPORT_CONSOLE_OIDC_ROLE_CLAIM: "groups",
    });
    wired = await wireSupportApi(config, { pool: db.pool, store });
    api.on("request", wired.api);

    browser = await launchChromium();
    const w = await openPage(browser);
    const { page } = w;
    const bearers: string[] = [];
    /** Requests made by the console's own pages (the IdP's login page is the IdP's business). */
    const fromConsole: string[] = [];
    page.on("request", (r) => {
      const auth = r.headers().authorization;
      if (r.url().startsWith(`${origin}/graphql`) && auth) bearers.push(auth.replace(/^Bearer /, ""));
      if (new URL(r.frame().url()).origin === origin) fromConsole.push(r.url());
    });
    // nothing leaves this machine (the IdP's development login page asks for a web font)
    await page.context().route(
      (u) => u.hostname !== "127.0.0.1",
      (r) => r.abort(),
    );
    await page.goto(`${origin}/console/`);
    const login = page.getByRole("button", { name: /log in with/i });
    await login.waitFor({ timeout: 20_000 });
    expect(await page.getByRole("button", { name: "Support agent" }).count()).toBe(0); // no dev login
    await expectNoSerious(page, "login page");
    await login.click();

    // the IdP's own login form (its development interaction), then its consent
    await page.waitForURL((u) => u.origin === idp!.issuer, { timeout: 20_000 });
    await page.locator('input[name="login"]').fill("agent-okta-1");
    await page.locator('input[name="password"]').fill("any");
    await page.getByRole("button", { name: "Sign-in" }).click();
    const logout = page.getByRole("button", { name: "Log out" });
    for (let step = 0; step < 3 && !(await logout.isVisible()); step++) {
      const consent = page.getByRole("button", { name: "Continue" });
      await Promise.race([consent.waitFor({ timeout: 20_000 }), logout.waitFor({ timeout: 20_000 })]);
      if (await consent.isVisible()) await consent.click();
    }
    await logout.waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`not logged in: ${await page.locator("body").textContent()} ${w.problems.join(" | ")}`);
    });
    expect(new URL(page.url()).search).toBe(""); // the single-use code is out of the address bar
    expect(await page.locator(".who").textContent()).toContain("agent-okta-1 (support_agent)");

    // the API accepts the token: the agent opens a user; the lookup is audited under the IdP subject
    await page.getByLabel("Ticket reference").fill("OIDC-1");
    await page.getByRole("button", { name: "Use this ticket" }).click();
    await page.getByRole("textbox", { name: "User id" }).fill("u-oidc-1");
    await page.getByRole("button", { name: "Open" }).click();
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 20_000 })
      .toContain("No such user.");
    // (the page and its live subscription each open the user: each lookup is one event)
    const audited = (await store.readStream(userStreamId("u-oidc-1"))).map(fromStoredEvent);
    expect(audited.length).toBeGreaterThan(0);
    for (const e of audited)
      expect(e).toMatchObject({
        type: "SupportLookupFailed",
        data: { agentId: "agent-okta-1", ticketRef: "OIDC-1", reason: "no_such_user" },
      });
    const claims = JSON.parse(Buffer.from(bearers.at(-1)!.split(".")[1]!, "base64url").toString("utf8"));
    expect(claims).toMatchObject({ iss: idp.issuer, aud: CLIENT_ID, sub: "agent-okta-1" });
    await expectNoSerious(page, "find page after OIDC login");

    const issuer = idp.issuer;
    const allowed = new Set([origin, issuer]);
    expect(fromConsole.filter((u) => !allowed.has(new URL(u).origin))).toEqual([]);
    expect(fromConsole.some((u) => u.startsWith(`${issuer}/token`))).toBe(true); // the PKCE exchange
    expect(w.problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([]);
  });
});

async function expectNoSerious(page: Parameters<typeof seriousA11yViolations>[0], what: string) {
  const serious = await seriousA11yViolations(page);
  expect(serious.map((v) => `${what}: ${v.id} (${v.help})`)).toEqual([]);
}
