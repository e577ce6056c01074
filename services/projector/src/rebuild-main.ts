/** `pnpm rebuild`: replays the store into a fresh schema, printing progress, and swaps it in. */
import { loadConfigOrExit } from "@factorlens/service-kit";
import { loadConfig } from "./config";
import { runRebuild } from "./rebuild-command";

const config = loadConfigOrExit(() => loadConfig(process.env));
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
try {
  await runRebuild(config, (line) => process.stdout.write(`${line}\n`), controller.signal);
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`rebuild failed: ${(error as Error).name}: ${(error as Error).message}\n`);
}
