import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArguments } from "../src/ops/args";
import { instanceRawConfig, synthStacks } from "./support";

const root = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Outputs other branches add later; the tool handles their absence (tested in ops-status and ops-commands). */
describe("ops: documentation and outputs match the tool", () => {
  test("every `npm run ops -- ...` command in README, help and docs/ parses as written", () => {
    // A command ends at a comment, a closing backtick or the two spaces before a description; `<command>` is the synopsis.
    const pages = readdirSync(path.join(root, "docs"))
      .filter((file) => file.endsWith(".md"))
      .map((file) => read(path.join("docs", file)));
    expect(pages.length).toBeGreaterThan(5);
    const commands = [read("README.md"), read("help"), ...pages]
      .flatMap((text) => [...text.matchAll(/npm run ops -- ([^\n#`]*)/g)].map((match) => match[1].split(/ {2,}/)[0].trim()))
      .filter((command) => !command.includes("<"));
    expect(commands.length).toBeGreaterThanOrEqual(12);
    for (const command of commands) {
      expect(() => parseArguments(command.split(/\s+/).filter(Boolean))).not.toThrow();
    }
    expect(JSON.parse(read("package.json")).scripts.ops).toBe("node --import tsx src/ops/main.ts");
  });

  test("every stack output the tool reads exists in the synthesized stacks, except the listed optional ones", () => {
    const source = readdirSync(path.join(root, "src", "ops"))
      .map((file) => read(path.join("src", "ops", file)))
      .join("\n");
    // Output names are the only snake_case words in the tool's source: quoted, or keys of the credentials table.
    const names = [
      ...new Set(
        [...source.matchAll(/["\s]([a-z]+(?:_[a-z]+)*_(?:arn|arns|endpoint|names|console|url|identifier))[":]/g)].map((match) => match[1]),
      ),
    ];
    expect(names).toEqual(
      expect.arrayContaining([
        "ecs_cluster_arn",
        "ecs_service_names",
        "database_cluster_endpoint",
        "registry_certificate_arn",
        "keycloak_admin_secret_arn",
      ]),
    );
    // Keycloak's database endpoint output is named for its engine: the default's cluster, or an instance.
    const { app, certs } = synthStacks();
    const instanceApp = synthStacks(instanceRawConfig()).app;
    const declared = new Set([...Object.keys(app.output), ...Object.keys(instanceApp.output), ...Object.keys(certs.output)]);
    // Field names of the registry's API (register's form), not outputs.
    const apiFields = ["proxy_pass_url"];
    const missing = names.filter((name) => !declared.has(name) && !apiFields.includes(name));
    expect(missing).toEqual([]);
  });
});
