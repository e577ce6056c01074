import { useEffect, useState } from "react";
import { type ConsoleConfig, devLogin, loadConsoleConfig } from "./console-config";
import { completeOidcLogin, startOidcLogin } from "./oidc";
import { type Session, sessionFromToken } from "./session";

const DEV_ROLE_WORDS: Record<string, string> = {
  agent: "Support agent",
  lead: "Support lead",
  analyst: "Fraud analyst",
  admin: "Administrator",
};

export function LoginPage({ onLogin }: { onLogin: (s: Session) => void }) {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadConsoleConfig()
      .then(async (c) => {
        setConfig(c);
        if (!c.oidc) return;
        const token = await completeOidcLogin(c.oidc);
        if (token) onLogin(sessionFromToken(token, "oidc", c.oidc.roleClaim));
      })
      .catch((e: Error) => setError(e.message));
  }, [onLogin]);

  const run = (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    f()
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };

  return (
    <main className="login">
      <h1>factorlens support console</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!config && !error && <p>Loading…</p>}
      {config?.oidc && (
        <section aria-labelledby="sso-h">
          <h2 id="sso-h">Company login</h2>
          <button type="button" disabled={busy} onClick={() => run(() => startOidcLogin(config.oidc!))}>
            Log in with your identity provider
          </button>
          <p className="hint">{new URL(config.oidc.issuer).host}</p>
        </section>
      )}
      {config?.devLogin && (
        <section aria-labelledby="dev-h" className="dev-login">
          <h2 id="dev-h">Development login</h2>
          <p className="hint">
            The platform runs on its generated development credentials: pick a role to get a short-lived
            token.
          </p>
          <div className="role-buttons">
            {config.devLogin.roles.map((role) => (
              <button
                type="button"
                key={role}
                disabled={busy}
                onClick={() => run(async () => onLogin(sessionFromToken(await devLogin(role), "dev")))}
              >
                {DEV_ROLE_WORDS[role] ?? role}
              </button>
            ))}
          </div>
        </section>
      )}
      {config && !config.oidc && !config.devLogin && (
        <p>No login is configured: set the console's OIDC settings on the support API.</p>
      )}
    </main>
  );
}
