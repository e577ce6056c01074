import { CONFIDENCE_WORDS, PATTERN_WORDS, words } from "../lib/format";
import type { UserView } from "./user-query";

/** Why the codes fail, in plain words; an attacker warning comes first. */
export function WhyCard(props: {
  diagnosis: UserView["diagnosis"];
  attackers: { ip: string; users: number }[];
}) {
  const d = props.diagnosis;
  return (
    <section className="card why" aria-labelledby="why-h" data-testid="why-card">
      <h2 id="why-h">Why it fails</h2>
      {props.attackers.length > 0 && (
        <div role="alert" className="warning">
          <strong>This may be an attacker, not the user.</strong>{" "}
          {props.attackers.map((a) => `${a.ip} fails for ${a.users} accounts`).join("; ")}. Do not unlock or
          reset before confirming the user's identity.
        </div>
      )}
      {!d && <p>No pattern explains the recent failures.</p>}
      {d && (
        <>
          <p className="why-title" data-testid="why-pattern">
            {words(PATTERN_WORDS, d.pattern)}
          </p>
          <p data-testid="why-summary">{d.summary}</p>
          <p className="hint">
            {words(CONFIDENCE_WORDS, d.confidence)} — {d.attempts} failed attempt{d.attempts === 1 ? "" : "s"}{" "}
            agree
          </p>
          <h3>Suggested steps</h3>
          <ol data-testid="why-steps">
            {d.suggestedSteps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
