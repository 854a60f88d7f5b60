import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError } from "../src/config/load";
import { configSchema } from "../src/config/schema";
import { SERVICE_NAMES } from "../src/config/service-names";
import { localStatePath } from "../src/stacks/backend";
import { configFrom, exampleRawConfig, fullRawConfig, synthStacks } from "./support";

const ROOT = join(__dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const packageScripts = Object.keys(JSON.parse(read("package.json")).scripts);

/** Everything a user reads for commands: README, help, docs, example comments, workflows, the CI entry point. */
const DOCUMENTS = [
  "README.md",
  "help",
  ...readdirSync(join(ROOT, "docs")).map((name) => `docs/${name}`),
  "config/example.yaml",
  ...readdirSync(join(ROOT, "config", "examples"))
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => `config/examples/${name}`),
  ...readdirSync(join(ROOT, ".github", "workflows")).map((name) => `.github/workflows/${name}`),
  ".ci/run",
];

/** cdktf 0.21's subcommands (`cdktf --help`). */
const CDKTF_COMMANDS = [
  "init",
  "get",
  "convert",
  "deploy",
  "destroy",
  "diff",
  "list",
  "login",
  "synth",
  "watch",
  "output",
  "debug",
  "provider",
  "force-unlock",
];
const STACKS = ["certs", "app"];

/** The built-in example, synthesized once for the tests that read it. */
let example: ReturnType<typeof synthStacks> | undefined;
const exampleStacks = () => (example ??= synthStacks());

function occurrences(pattern: RegExp): { document: string; match: RegExpExecArray }[] {
  return DOCUMENTS.flatMap((document) => [...read(document).matchAll(pattern)].map((match) => ({ document, match })));
}

describe("documentation states facts", () => {
  test("no tracked file holds merge-conflict markers", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((file) => file && !file.startsWith(".gen/") && file !== "package-lock.json" && existsSync(join(ROOT, file)));
    expect(files.length).toBeGreaterThan(50);
    const conflicted = files.filter((file) => /^(<{7}|={7}|>{7})( |$)/m.test(read(file)));
    expect(conflicted).toEqual([]);
  });

  test("every `npm run X` in README, help, docs, examples, workflows and CI is a script in package.json", () => {
    const used = occurrences(/npm run(?: -s)? ([a-z][\w:-]*)/g);
    expect(used.length).toBeGreaterThan(20);
    const missing = used.filter(({ match }) => !packageScripts.includes(match[1])).map(({ document, match }) => `${document}: ${match[0]}`);
    expect(missing).toEqual([]);
  });

  test("every documented cdktf command is a cdktf subcommand, on stacks that exist", () => {
    const used = occurrences(/(?:npx |npm run )cdktf ([a-z-]+)((?: [a-z]+)*)/g);
    const viaScripts = occurrences(/npm run (deploy|diff|destroy) --((?: [a-z]+)*)/g);
    expect(used.length + viaScripts.length).toBeGreaterThan(10);
    const wrong = [
      ...used.filter(({ match }) => !CDKTF_COMMANDS.includes(match[1])),
      ...[...used, ...viaScripts].filter(({ match }) => {
        if (!["deploy", "diff", "destroy", "output"].includes(match[1])) return false;
        const stacks = match[2].trim().split(/\s+/).filter(Boolean);
        return stacks.some((stack) => !STACKS.includes(stack) && !/^(first|then|to|shows|with|in|and|on|for|by)$/.test(stack));
      }),
    ].map(({ document, match }) => `${document}: ${match[0]}`);
    expect(wrong).toEqual([]);
  });

  test("every repository path named in README and help exists", () => {
    const named = ["README.md", "help"].flatMap((document) =>
      [
        ...read(document).matchAll(/(?<![\w/.~-])((?:src|scripts|config|docs|security|__tests__|\.github|\.ci|\.gen)\/[\w./{},-]*[\w}])/g),
      ].map((match) => ({
        document,
        path: match[1],
      })),
    );
    expect(named.length).toBeGreaterThan(30);
    const expand = (path: string): string[] => {
      const brace = /\{([^}]*)\}/.exec(path);
      return brace ? brace[1].split(",").flatMap((part) => expand(path.replace(brace[0], part))) : [path];
    };
    const missing = named
      .flatMap(({ document, path }) => expand(path).map((expanded) => ({ document, path: expanded })))
      .filter(({ path }) => !existsSync(join(ROOT, path)))
      .map(({ document, path }) => `${document}: ${path}`);
    expect(missing).toEqual([]);
  });

  test("README's output table is exactly what the stacks declare", () => {
    const stacks = synthStacks(fullRawConfig());
    const declared = STACKS.flatMap((stack) =>
      Object.keys((stacks as unknown as Record<string, { output?: object }>)[stack].output ?? {})
        .filter((name) => !name.startsWith("cross_stack_output_"))
        .map((name) => `${stack} ${name}`),
    ).sort();
    const section = read("README.md").split("### Outputs")[1].split("\n## ")[0];
    const documented = [...section.matchAll(/^\| `(\w+)` \| `(\w+)` \|/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
    expect(declared.length).toBeGreaterThan(20);
    expect(documented).toEqual(declared);
  });

  test("output names in help are outputs of the app stack", () => {
    const app = exampleStacks().app;
    const line = read("help")
      .split("\n")
      .find((text) => text.includes("npx cdktf output app")) as string;
    const names = line.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [];
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.filter((name) => !(name in app.output))).toEqual([]);
  });

  test("README's example of a configuration error is what the loader prints", () => {
    const block = read("README.md").split("## Configuration")[1].split("```")[1];
    const documented = block
      .split("\n")
      .filter((line) => line.startsWith("  - "))
      .map((line) => line.slice(4));
    expect(documented).toHaveLength(2);
    const raw = exampleRawConfig();
    raw.network.azCount = 4;
    raw.services.registry.image = "public.ecr.aws/p3v1o3c6/registry:latest";
    let problems: readonly string[] = [];
    try {
      configFrom(raw);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(documented);
    expect(block).toContain(`Invalid configuration in prod.yaml: ${documented.length} problems`);
  });

  test("the local state layout README describes is the one synthesized", () => {
    const readme = read("README.md");
    const { app, certs } = exampleStacks();
    const config = configFrom(exampleRawConfig());
    const stateName = (stack: string) => `${config.namePrefix}.${config.region}.${stack}`;
    for (const [stack, json] of [
      ["certs", certs],
      ["app", app],
    ] as const) {
      expect(json.terraform.backend.local.path).toBe(localStatePath(stateName(stack)));
      expect(readme).toContain(`\`terraform.<namePrefix>.<region>.${stack}.tfstate\``);
    }
    expect(readme).toContain("`../../../terraform.<namePrefix>.<region>.certs.tfstate`");
    expect(app.data.terraform_remote_state.cross_stack_reference_input_certs.config.path).toBe(localStatePath(stateName("certs")));
  });

  test("config/example.yaml and config/examples/ document every configuration field", () => {
    const fields: string[] = [];
    const walk = (schema: z.core.$ZodType, path: string[]): void => {
      const def = schema._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; options?: z.core.$ZodType[] };
      if (def.innerType) return walk(def.innerType, path);
      if (def.in) return walk(def.in, path);
      if (def.options) return def.options.forEach((option) => walk(option, path));
      const shape = (schema as unknown as { shape?: Record<string, z.core.$ZodType> }).shape;
      if (!shape) return;
      for (const [key, inner] of Object.entries(shape)) {
        fields.push([...path, key].join("."));
        // Every service has the same fields: document them once.
        if (path.length === 1 && path[0] === "services" && key !== SERVICE_NAMES[0]) continue;
        walk(inner, [...path, key]);
      }
    };
    walk(configSchema, []);
    expect(fields.length).toBeGreaterThan(60);
    const examples = ["config/example.yaml", ...DOCUMENTS.filter((document) => document.startsWith("config/examples/"))]
      .map(read)
      .join("\n");
    const undocumented = fields.filter((field) => !new RegExp(`(^|[\\s#{,])${field.split(".").pop()}(:|\\s)`, "m").test(examples));
    expect(undocumented).toEqual([]);
  });

  test("the examples agree with README on Terraform Cloud: no remote state sharing between the workspaces", () => {
    const cloud = read("config/examples/terraform-cloud.yaml");
    expect(cloud).not.toMatch(/share the certs workspace's state/);
    expect(read("README.md")).toMatch(/Remote state sharing\s+between the two workspaces is therefore not needed/);
    const { app } = synthStacks(parseYaml(cloud));
    expect(app.data.terraform_remote_state).toBeUndefined();
  });
});
