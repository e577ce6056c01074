/** Node side of the console package: where the built assets are, for the support API to serve. */
import { fileURLToPath } from "node:url";

/** `vite build` output: index.html and assets/ (hashed file names). */
export const consoleAssetsDir: string = fileURLToPath(new URL("../../dist", import.meta.url));
