/**
 * Ticket "I can't enable 2FA, I typed the key": the user typed the setup key into the app by hand
 * with two neighbouring characters swapped, and read the code just before it changed. The answer
 * names the edit and where it is, and says the code was the app's previous one.
 */
import { decodeBase32, encodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_secret_typed");

interface View {
  diagnosis: Diagnosed | null;
}

describe("ticket: setup key typed by hand", () => {
  it("names two swapped characters of the key and a code of the previous step", async () => {
    const f = await w.startTotp("typist");
    const key = encodeBase32(f.secret);
    const i = [...key].findIndex((c, k) => k > 3 && c !== key.charAt(k + 1));
    const typed = decodeBase32(key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2));
    const code = totpCode(
      typed,
      { algorithm: "SHA1", digits: 6, period: 30 },
      totpStep(w.clock.now(), 30) - 1,
    );
    const r = await w.call("enroll", "POST", `/v1/users/typist/factors/${f.factorId}/confirm`, { code });
    expect(r.json.confirmed).toBe(false);
    await w.settle("typist");
    const v = await w.user<View>("typist", "diagnosis { pattern summary suggestedSteps }");
    expect(v.diagnosis?.pattern).toBe("secret_entry_typo");
    expect(v.diagnosis?.summary).toMatch(
      new RegExp(
        `^The first code after scanning failed once: the setup key was typed into the app by hand with two neighbouring characters swapped \\(characters ${i + 1} and ${i + 2} of the key\\)\\. The code entered was the app's previous one`,
      ),
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(
      /^The key was typed into the app with a mistake: remove the entry and scan the QR code/,
    );
  });
});
