/** `pnpm --filter @factorlens/verifier start`: validate the environment, wire, listen. */
import { ConfigError, loadConfig } from "./config";
import { wireVerifier } from "./wire";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const verifier = await wireVerifier(config);
  const stop = async () => {
    await verifier.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await verifier.app.listen({ port: config.port, host: config.host });
}

await main();
