import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { resourceList, synthStacks } from "./support";

const EMULATOR_PROFILE = join(__dirname, "..", "config", "examples", "emulator.yaml");

describe("the emulator profile leaves out only the APIs moto lacks", () => {
  const profile = parseYaml(readFileSync(EMULATOR_PROFILE, "utf8"));
  const emulator = synthStacks(profile).app;
  // The same deployment aimed at AWS: only the emulator setting differs.
  const { emulator: _endpoint, ...onAws } = profile;
  const aws = synthStacks(onAws).app;

  test.each(["aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_efs_backup_policy"])("no %s on the emulator, but on AWS", (type) => {
    expect(resourceList(aws, type).length).toBeGreaterThan(0);
    expect(resourceList(emulator, type)).toEqual([]);
  });

  test("everything else is the same kind of resource on both", () => {
    const gaps = new Set(["aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_efs_backup_policy"]);
    const types = (stack: Record<string, any>) => Object.keys(stack.resource).filter((type) => !gaps.has(type)).sort();
    expect(types(emulator)).toEqual(types(aws));
  });
});
