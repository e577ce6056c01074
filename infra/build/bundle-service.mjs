#!/usr/bin/env node
/**
 * `pnpm build` of a service: bundles `src/main.ts` (and any extra entry given) into `dist/` with
 * esbuild, so the service starts with `node dist/main.js` (no TypeScript at run time).
 *
 * - Workspace packages (`@factorlens/*`) export their `src/*.ts` with extensionless imports: they
 *   are bundled. Everything from node_modules stays external and is imported at run time, so
 *   each one must be resolvable from the service itself (listed in its `dependencies`); the build
 *   fails naming the ones that are not (under pnpm a package sees only what it declares).
 * - `import.meta.url` in a bundled file is replaced by the URL its source file would have, relative
 *   to the bundle. Lookups next to the code (read-model migrations, the console's built assets, the
 *   platform's data dir, `createRequire` for mmdb data and the PostgreSQL binaries) then find the
 *   same files as when run from source, in any checkout or image that keeps the repository layout.
 * - JSON imported from a package (libphonenumber's metadata) is bundled: Node would need an import
 *   attribute for it.
 *
 * Usage (from a service's package.json): `node ../../infra/build/bundle-service.mjs [entry.ts...]`.
 */
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

const serviceDir = process.cwd();
const repoRoot = resolve(import.meta.dirname, "../..");
const entries = process.argv.slice(2);
const entryPoints = ["src/main.ts", ...entries];
const outdir = resolve(serviceDir, "dist");
const fromService = createRequire(resolve(serviceDir, "package.json"));
const isWorkspaceFile = (path) =>
  !path.split(sep).includes("node_modules") && path.startsWith(repoRoot + sep);
const packageName = (spec) =>
  (spec.startsWith("@") ? spec.split("/").slice(0, 2) : spec.split("/").slice(0, 1)).join("/");

/** Bare imports outside the workspace stay imports; remember them to check they resolve. */
const unresolvable = new Map();
const externals = {
  name: "node-modules-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:") || args.path.startsWith("@factorlens/")) return undefined;
      if (args.path.endsWith(".json")) return undefined; // bundled
      if (createRequire(import.meta.url).resolve.paths(args.path) === null) return undefined; // a builtin
      const name = packageName(args.path);
      try {
        fromService.resolve(`${name}/package.json`);
      } catch (e) {
        // Packages whose exports map hides package.json: try the specifier itself.
        if (e?.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return { path: args.path, external: true };
        try {
          fromService.resolve(args.path);
        } catch {
          const from = relative(repoRoot, args.importer);
          if (!unresolvable.has(name)) unresolvable.set(name, from);
        }
      }
      return { path: args.path, external: true };
    });
  },
};

/** Workspace sources keep the `import.meta.url` of their own file (see the header). */
const metaUrl = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (!isWorkspaceFile(args.path)) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const rel = relative(outdir, args.path).split(sep).join("/");
      const loader = args.path.endsWith(".tsx") ? "tsx" : args.path.endsWith(".ts") ? "ts" : "js";
      return {
        contents: source.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        ),
        loader,
        resolveDir: dirname(args.path),
      };
    });
  },
};

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: serviceDir,
  entryPoints,
  outdir,
  outbase: "src",
  bundle: true,
  splitting: entryPoints.length > 1,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: true,
  metafile: true,
  logLevel: "warning",
  plugins: [externals, metaUrl],
});
if (unresolvable.size > 0) {
  for (const [name, from] of unresolvable)
    process.stderr.write(
      `build: ${name} (imported by ${from}) is not a dependency of ${relative(repoRoot, serviceDir)}\n`,
    );
  process.exit(1);
}
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith(".js"))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
process.stdout.write(
  `build: ${relative(repoRoot, outdir)} ${(bytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - started)} ms\n`,
);
