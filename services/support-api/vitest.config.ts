import { defineConfig } from "vitest/config";

export default defineConfig({
  // Node loads graphql's CommonJS build for pothos and yoga; vite would pick index.mjs for our
  // files, giving two graphql realms. Pin ours to the same build.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
