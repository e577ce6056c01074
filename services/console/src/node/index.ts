/** Node side of the console package: where the built assets are, for the support API to serve. */
import { fileURLToPath } from "node:url";

/** The login options the support API serves at /console/config.json (the console's contract). */
export type { ConsoleConfig, ConsoleOidc } from "../app/auth/console-config";

/** `vite build` output: index.html and assets/ (hashed file names). */
export const consoleAssetsDir: string = fileURLToPath(new URL("../../dist", import.meta.url));
