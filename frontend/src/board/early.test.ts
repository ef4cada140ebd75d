import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** Modules a source file imports at run time (`import type` left out), resolved for relative ones. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of source.matchAll(/^import\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
    const spec = match[1];
    if (!spec.startsWith(".")) {
      found.push(spec);
      continue;
    }
    const base = resolve(dirname(file), spec);
    const candidates = [base, `${base}.ts`, `${base}.tsx`, resolve(base, "index.ts")];
    const hit = candidates.find((candidate) => {
      try {
        readFileSync(candidate);
        return true;
      } catch {
        return false;
      }
    });
    found.push(hit ?? base);
  }
  return found;
}

/** Every package reached from `entry` through run-time imports of our own modules. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith("/")) {
        if (/\.(ts|tsx)$/.test(spec)) visit(spec);
      } else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe("early.ts", () => {
  it("loads neither Excalidraw nor React, so the connection opens before the editor has loaded", () => {
    const packages = [...packagesReachedFrom(resolve(__dirname, "early.ts"))];
    expect(packages.filter((p) => p.startsWith("@excalidraw") || p === "react" || p.startsWith("react-dom"))).toEqual([]);
    expect(packages).toContain("y-websocket"); // the scan follows the imports at all
  });
});
