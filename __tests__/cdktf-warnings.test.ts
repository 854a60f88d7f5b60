import { spawnSync } from "node:child_process";
import { join } from "node:path";

describe("cdktf's util.isArray deprecation", () => {
  function stderrAfter(script: string): string {
    const module = join(__dirname, "..", "src", "stacks", "cdktf-warnings.ts");
    const program = `require(${JSON.stringify(module)}).dropCdktfIsArrayDeprecation(); ${script}`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "-e", program], { encoding: "utf8" });
    expect(result.status).toBe(0);
    return result.stderr;
  }

  it("is dropped, in both forms Node emits warnings", () => {
    expect(stderrAfter(`process.emitWarning("isArray", "DeprecationWarning", "DEP0044");`)).toBe("");
    expect(stderrAfter(`process.emitWarning("isArray", { type: "DeprecationWarning", code: "DEP0044" });`)).toBe("");
  });

  it("leaves every other warning on stderr", () => {
    expect(stderrAfter(`process.emitWarning("other deprecation", "DeprecationWarning", "DEP0005");`)).toMatch(/DEP0005.*other deprecation/);
    expect(stderrAfter(`process.emitWarning("plain warning");`)).toMatch(/Warning: plain warning/);
  });
});
