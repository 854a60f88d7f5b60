import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError } from "../src/config/load";
import { configSchema } from "../src/config/schema";
import { SERVICE_NAMES } from "../src/config/service-names";
import { localStatePath } from "../src/stacks/backend";
import { anchorOf, docSection, headings } from "./doc-sections";
import { configFrom, exampleRawConfig, fullRawConfig, synthStacks } from "./support";

const ROOT = join(__dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const packageScripts = Object.keys(JSON.parse(read("package.json")).scripts);
/** The pages under docs/, which README links. */
const DOC_PAGES = readdirSync(join(ROOT, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => `docs/${name}`);

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

  test("every repository path named in README, help and docs exists", () => {
    expect(DOC_PAGES.length).toBeGreaterThan(5);
    const named = ["README.md", "help", ...DOC_PAGES].flatMap((document) =>
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

  test("the output table (docs/operations.md, Outputs) is exactly what the stacks declare", () => {
    const stacks = synthStacks(fullRawConfig());
    const declared = STACKS.flatMap((stack) =>
      Object.keys((stacks as unknown as Record<string, { output?: object }>)[stack].output ?? {})
        .filter((name) => !name.startsWith("cross_stack_output_"))
        .map((name) => `${stack} ${name}`),
    ).sort();
    const section = docSection("docs/operations.md", "Outputs");
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

  test("the example of a configuration error (docs/configuration.md) is what the loader prints", () => {
    const block = docSection("docs/configuration.md", "Configuration").split("```")[1];
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

  test("the local state layout docs/deploying.md describes is the one synthesized", () => {
    const readme = docSection("docs/deploying.md", "State");
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

  test("the examples agree with docs/deploying.md on Terraform Cloud: no remote state sharing between the workspaces", () => {
    const cloud = read("config/examples/terraform-cloud.yaml");
    expect(cloud).not.toMatch(/share the certs workspace's state/);
    expect(docSection("docs/deploying.md", "Terraform Cloud / HCP Terraform (`config/examples/terraform-cloud.yaml`)")).toMatch(
      /Remote state sharing\s+between the two workspaces is therefore not needed/,
    );
    const { app } = synthStacks(parseYaml(cloud));
    expect(app.data.terraform_remote_state).toBeUndefined();
  });
});

describe("README is a front page; the details live under docs/", () => {
  const readme = read("README.md");

  test("it is at most 400 lines and links every page under docs/", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(400);
    expect(DOC_PAGES.length).toBeGreaterThan(5);
    expect(DOC_PAGES.filter((page) => !readme.includes(`](${page})`))).toEqual([]);
  });

  test("the quick start is the two commands, and the architecture is a Mermaid picture", () => {
    const quickStart = docSection("README.md", "Quick start");
    expect(quickStart).toMatch(/^npm ci && npm run synth /m);
    expect(quickStart).toMatch(/^npm test /m);
    expect(docSection("README.md", "Architecture")).toContain("```mermaid\nflowchart");
  });

  test("Deploy for real names every prerequisite and takes at most six steps", () => {
    const deploy = docSection("README.md", "Deploy for real");
    const steps = [...deploy.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThanOrEqual(6);
    for (const needed of [
      "public Route53 hosted zone",
      "Terraform ≥ 1.11",
      "`curl`",
      "`node`",
      "AWS credentials",
      "IAM permissions",
      "`keycloak.adminCidrs`",
      "cp config/example.yaml",
      "npm run deploy -- certs app",
    ]) {
      expect(deploy).toContain(needed);
    }
  });

  test("After the deploy covers the smoke test, the first administrator, registering servers, logs and alarms", () => {
    const after = docSection("README.md", "After the deploy");
    for (const command of ["smoke", "credentials", "register", "status", "logs"]) {
      expect(after).toContain(`npm run ops -- ${command}`);
    }
    // Output names it cites are outputs of the app stack.
    const outputs = [...new Set([...after.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((match) => match[1]))];
    expect(outputs).toEqual(expect.arrayContaining(["keycloak_admin_secret_arn", "dashboard_url", "alarm_topic_arn", "mcp_servers"]));
    const app = exampleStacks().app;
    expect(outputs.filter((name) => !(name in app.output))).toEqual([]);
  });

  test("every page under docs/ has its own table of contents naming each of its sections", () => {
    const missing = DOC_PAGES.flatMap((page) => {
      const text = read(page);
      const sections = headings(text).filter((heading) => heading.level === 2);
      if (sections.length === 0) return [`${page}: no sections`];
      const contents = text.split("\n## ")[0];
      return sections
        .filter((heading) => !contents.includes(`](#${anchorOf(heading.title)})`))
        .map((heading) => `${page}: ${heading.title}`);
    });
    expect(missing).toEqual([]);
  });

  test("every relative link in README and docs/ leads to a file that exists, and to a heading of it", () => {
    const links = ["README.md", ...DOC_PAGES].flatMap((document) =>
      [...read(document).matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1])
        .filter((target) => !/^[a-z]+:/.test(target))
        .map((target) => ({ document, target })),
    );
    expect(links.length).toBeGreaterThan(50);
    const broken = links.filter(({ document, target }) => {
      const [path, anchor] = target.split("#");
      const file = path ? join(ROOT, document.includes("/") ? "docs" : "", path) : join(ROOT, document);
      if (!existsSync(file)) return true;
      return anchor !== undefined && !headings(readFileSync(file, "utf8")).some((heading) => anchorOf(heading.title) === anchor);
    });
    expect(broken.map(({ document, target }) => `${document}: ${target}`)).toEqual([]);
  });

  test("the IAM permissions (docs/deploying.md) cover every AWS resource, data source and ephemeral type the stacks use", () => {
    const section = docSection("docs/deploying.md", "IAM permissions");
    const expand = (name: string): string[] => {
      const brace = /\{([^}]*)\}/.exec(name);
      return brace ? brace[1].split(",").flatMap((part) => expand(name.replace(brace[0], part))) : [name];
    };
    const listed = new Set([...section.matchAll(/`(?:data\.|ephemeral )?(aws_[a-z0-9_{},]+)`/g)].flatMap((match) => expand(match[1])));
    const types = new Set<string>();
    for (const stacks of [exampleStacks(), synthStacks(parseYaml(read("config/examples/lean.yaml")))]) {
      for (const json of [stacks.certs, stacks.app] as unknown as Record<string, Record<string, object> | undefined>[]) {
        for (const block of ["resource", "data", "ephemeral"]) Object.keys(json[block] ?? {}).forEach((type) => types.add(type));
      }
    }
    const aws = [...types].filter((type) => type.startsWith("aws_"));
    expect(aws.length).toBeGreaterThan(40);
    expect(aws.filter((type) => !listed.has(type)).sort()).toEqual([]);
  });
});
