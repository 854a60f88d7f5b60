// `npm run cost [-- options]`: the estimated monthly cost of both stacks.
//
//   --config FILE   synthesize this configuration (default: MCP_GATEWAY_CONFIG, else config/example.yaml)
//   --from DIR      read an existing `cdktf synth` output directory (e.g. cdktf.out) instead of synthesizing
//   --base DIR      also read this synth output and show the change against it (Markdown only)
//   --format F      text (default) or markdown
//   --title T       what the heading calls the estimate (default: the configuration or directory)
//   --offline       price from the transcribed table (src/cost/prices.ts) only, without asking AWS
//   --online        price from the AWS Price List only: fail when it does not answer
//
// Without --offline or --online the prices come from the AWS Price List (pricing:GetProducts, with the standard AWS
// credentials) when it answers, else from the transcribed table; the report says which.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CONFIG_ENV_VAR } from "../config/load";
import { DEFAULT_USAGE, estimateMonthlyCost, stackRegion, TerraformJson } from "./estimate";
import { PriceMode, ResolvedPrices, resolvePrices, sizesIn } from "./price-list";
import { PricingError } from "./pricing-error";
import { formatMarkdown, formatText } from "./report";

const ROOT = resolve(__dirname, "..", "..");
const OPTIONS = ["--config", "--from", "--base", "--format", "--title"] as const;
const FLAGS = ["--offline", "--online"] as const;
type Options = Partial<Record<(typeof OPTIONS)[number], string>> & Partial<Record<(typeof FLAGS)[number], true>>;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {};
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] as (typeof FLAGS)[number];
    if (FLAGS.includes(flag)) {
      options[flag] = true;
      index -= 1;
      continue;
    }
    const key = argv[index] as (typeof OPTIONS)[number];
    const value = argv[index + 1];
    if (!OPTIONS.includes(key) || value === undefined) {
      throw new UsageError(
        `unknown option or missing value: ${argv.slice(index).join(" ")}; options: ${OPTIONS.join(", ")} (each takes a value), ${FLAGS.join(", ")}`,
      );
    }
    options[key] = value;
  }
  if (options["--offline"] && options["--online"]) throw new UsageError("--offline and --online exclude each other");
  if (options["--config"] && options["--from"])
    throw new UsageError("--config and --from exclude each other: synthesize a configuration, or read a synth output");
  if (options["--format"] && !["text", "markdown"].includes(options["--format"]))
    throw new UsageError(`--format ${options["--format"]}: use text or markdown`);
  return options;
}

/** Stack name → Terraform JSON of a synth output directory, via its manifest. */
export function readSynthesizedStacks(outdir: string): Record<string, TerraformJson> {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath))
    throw new UsageError(`${outdir} holds no cdktf synth output (no manifest.json); run npm run synth, or drop --from`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    stacks: Record<string, { name: string; synthesizedStackPath: string }>;
  };
  return Object.fromEntries(
    Object.values(manifest.stacks).map((stack) => [stack.name, JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"))]),
  );
}

/** Synthesizes the way `cdktf synth` runs the app, into a scratch directory; a configuration error ends the run. */
function synthesize(configFile: string | undefined): Record<string, TerraformJson> {
  const scratch = mkdtempSync(join(tmpdir(), "mcp-gateway-cost-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: join(scratch, "out"), CHECKPOINT_DISABLE: "1" };
    if (configFile) env[CONFIG_ENV_VAR] = resolve(configFile);
    const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: ROOT, env, encoding: "utf8" });
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      process.exit(result.status ?? 1);
    }
    return readSynthesizedStacks(join(scratch, "out"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    const options = parseArgs(argv);
    const from = options["--from"];
    const stacks = from ? readSynthesizedStacks(resolve(from)) : synthesize(options["--config"]);
    const title = options["--title"] ?? from ?? options["--config"] ?? process.env[CONFIG_ENV_VAR] ?? "config/example.yaml";
    const mode: PriceMode = options["--offline"] ? "offline" : options["--online"] ? "online" : "auto";
    const basePath = options["--format"] === "markdown" && options["--base"] ? resolve(options["--base"]) : undefined;
    const baseStacks = basePath && existsSync(join(basePath, "manifest.json")) ? readSynthesizedStacks(basePath) : undefined;
    // One set of prices per region, the same for the base: the change shows what the code changes.
    const sizes = sizesIn(stacks, ...(baseStacks ? [baseStacks] : []));
    const byRegion = new Map<string, Promise<ResolvedPrices>>();
    const pricesFor = (region: string) => {
      if (!byRegion.has(region)) {
        const resolved = resolvePrices(region, mode, { sizes }).then((prices) => {
          if (prices.fallbackReason)
            process.stderr.write(
              `cost: the AWS Price List did not answer (${prices.fallbackReason}); priced ${region} from the transcribed table\n`,
            );
          return prices;
        });
        byRegion.set(region, resolved);
      }
      return byRegion.get(region)!;
    };
    const estimateOf = async (synthesized: Record<string, TerraformJson>) =>
      estimateMonthlyCost(synthesized, DEFAULT_USAGE, (await pricesFor(stackRegion(synthesized))).table);
    const estimate = await estimateOf(stacks);
    if (options["--format"] === "markdown") {
      const base = baseStacks ? await estimateOf(baseStacks) : undefined;
      process.stdout.write(formatMarkdown(estimate, title, base));
      if (basePath && !base)
        process.stdout.write("_The base branch has no synthesized stacks for this configuration; no change shown._\n\n");
    } else {
      process.stdout.write(formatText(estimate, title));
    }
  } catch (error) {
    if (error instanceof PricingError || error instanceof UsageError) {
      process.stderr.write(`cost: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) void main(process.argv.slice(2));
