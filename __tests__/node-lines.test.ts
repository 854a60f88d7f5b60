import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("supported Node.js lines", () => {
  const pinned = [...read("scripts/node-line.sh").matchAll(/\[(\d+)\]=(\d+)\.(\d+)\.(\d+)/g)].map((match) => ({
    line: Number(match[1]),
    version: `${match[2]}.${match[3]}.${match[4]}`,
  }));

  it("pins a release of each current LTS line, 22 and 24", () => {
    expect(pinned.map(({ line }) => line).sort()).toEqual([22, 24]);
    for (const { line, version } of pinned) expect(version.startsWith(`${line}.`)).toBe(true);
  });

  it("are the ones package.json's engines accepts, and no end-of-life line", () => {
    const engines: string = JSON.parse(read("package.json")).engines.node;
    expect(engines).toBe("^22.12.0 || >=24.0.0");
    expect(JSON.parse(read("package-lock.json")).packages[""].engines.node).toBe(engines);
  });

  it("each run the unit tests in CI", () => {
    const ci = read(".ci/run");
    expect(pinned.length).toBeGreaterThan(0);
    for (const { line } of pinned) expect(ci).toContain(`node${line}="$(bash scripts/node-line.sh ${line})"`);
    expect(ci).toMatch(/step "npm test \(Node\.js 22\)" npm test/);
    expect(ci).toMatch(/step "unit tests \(Node\.js 24\)" env PATH="\$node24:\$PATH" npx jest/);
  });
});
