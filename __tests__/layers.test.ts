import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/**
 * The source tree is layered: a module imports only from its own layer or from the layers below it. The contract
 * (what upstream's images and the access model require) is the base everything may read; configuration is validated
 * data; constructs build AWS and Keycloak resources; services are the catalog the Fargate construct runs; stacks wire
 * constructs; the command-line tools sit on top, the app's own command (src/cli) and main.ts above all.
 */
const LAYERS: Record<string, number> = {
  "src/contract": 0,
  "src/config": 1,
  "src/constructs": 2,
  "src/services": 3,
  "src/stacks": 4,
  "src/cost": 5,
  "src/ops": 5,
  "src/cli": 6,
  "main.ts": 7,
};

const root = join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(path: string): string | undefined {
  return Object.keys(LAYERS).find((layer) => path === layer || path.startsWith(`${layer}/`));
}

interface Edge {
  from: string;
  to: string;
}

function internalImports(): Edge[] {
  const files = ["main.ts", ...sourceFiles("src")];
  return files.flatMap((from) =>
    [...readFileSync(join(root, from), "utf8").matchAll(/(?:from |require\()"(\.[^"]+)"/g)]
      .map((match) => relative(root, normalize(join(root, dirname(from), match[1]))))
      .filter((to) => !to.startsWith(".gen"))
      .map((to) => ({ from, to })),
  );
}

describe("source layers", () => {
  const edges = internalImports();

  it("puts every source file in a known layer", () => {
    const files = ["main.ts", ...sourceFiles("src")];
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
  });

  it("never imports from a higher layer", () => {
    expect(edges.length).toBeGreaterThan(100);
    const upward = edges
      .filter(({ from, to }) => LAYERS[layerOf(to) ?? ""] > LAYERS[layerOf(from) ?? ""])
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it("keeps the command-line tools out of the synthesized stacks", () => {
    const intoTools = edges
      .filter(({ from, to }) => ["src/cost", "src/ops"].includes(layerOf(to) ?? "") && layerOf(from) !== layerOf(to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(intoTools).toEqual([]);
  });

  it("lets the contract import nothing of ours", () => {
    const contractImports = edges.filter(({ from, to }) => layerOf(from) === "src/contract" && layerOf(to) !== "src/contract");
    expect(edges.some(({ to }) => layerOf(to) === "src/contract")).toBe(true);
    expect(contractImports).toEqual([]);
  });

  it("groups constructs in folders by concern, none loose at the top", () => {
    const loose = readdirSync(join(root, "src/constructs"), { withFileTypes: true }).filter((entry) => entry.isFile());
    expect(readdirSync(join(root, "src/constructs")).length).toBeGreaterThanOrEqual(7);
    expect(loose.map((entry) => entry.name)).toEqual([]);
  });

  it("reads no environment variable or configuration file in the contract, constructs or services", () => {
    const inside = sourceFiles("src").filter((file) => ["src/contract", "src/constructs", "src/services"].includes(layerOf(file) ?? ""));
    expect(inside.length).toBeGreaterThan(20);
    // Lines that are only a string literal are script text a provisioner runs as its own process (where reading the
    // environment is the point), not code that runs at synth.
    const code = (file: string) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .filter((line) => !/^\s*(["'`]).*\1,?$/.test(line))
        .join("\n");
    const offenders = inside.filter((file) => /process\.env|config\/load"/.test(code(file)));
    expect(offenders).toEqual([]);
  });
});
