import { defineConfig } from "vitest/config";

// The console is served by the support API under /console, from its own origin: every asset is
// bundled here (no CDN), and the HTML has no inline script so a strict CSP holds.
export default defineConfig({
  base: "/console/",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0, // no data: URLs: the CSP allows only 'self'
    modulePreload: { polyfill: false }, // the polyfill is an inline script
    sourcemap: false,
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
