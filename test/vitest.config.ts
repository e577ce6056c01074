import { defineConfig } from "vitest/config";

// Cross-service scenarios (e2e) and crash/outage tests (faults). Benchmarks in bench/ are run
// by `pnpm bench`, never as tests.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts", "faults/**/*.test.ts"],
    passWithNoTests: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
