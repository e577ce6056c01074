import { defineConfig } from "vitest/config";

// Cross-service scenarios (e2e) and crash/outage tests (faults). Benchmarks in bench/ are run
// by `pnpm bench`, never as tests.
export default defineConfig({
  // The ticket scenarios run the support API in-process: pin graphql to the CommonJS build that
  // pothos and yoga load, or vite picks index.mjs for the schema files (two graphql realms).
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    include: ["e2e/**/*.test.ts", "faults/**/*.test.ts"],
    passWithNoTests: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
