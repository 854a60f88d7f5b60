import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError, formatConfigError, loadConfig } from "../config/load";

/** What the app reads of the process it runs in: its environment, working directory and output streams. */
export interface AppProcess {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * How the app was started: by cdktf (no arguments; CDKTF_OUTDIR names the output), with `--check` (build both stacks,
 * write nothing: run before cdktf diff/deploy/destroy, so a bad configuration is reported once by this process
 * instead of once live and again in cdktf's failure summary; `--check --for-deploy`, as npm run deploy runs it, also
 * refuses what synth only warns about), or with `--synth [--output DIR]` by `npm run synth`, which writes what
 * `cdktf synth [--output DIR]` writes without paying for a second process and the CLI's start-up.
 */
type Invocation =
  { readonly mode: "cdktf" | "check" | "synth"; readonly outdir: string; readonly forDeploy: boolean } | { readonly usage: string };

function invocation(args: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  if (args.length === 0) return { mode: "cdktf", outdir: env.CDKTF_OUTDIR ?? "cdktf.out", forDeploy: false };
  if (args[0] === "--check" && (args.length === 1 || (args.length === 2 && args[1] === "--for-deploy"))) {
    return { mode: "check", outdir: mkdtempSync(join(tmpdir(), "mcp-gateway-check-")), forDeploy: args.length === 2 };
  }
  if (args[0] === "--synth") {
    const [flag, outdir, ...rest] = args.slice(1);
    if (flag === undefined) return { mode: "synth", outdir: "cdktf.out", forDeploy: false };
    if ((flag === "--output" || flag === "-o") && outdir && !outdir.startsWith("-") && rest.length === 0)
      return { mode: "synth", outdir, forDeploy: false };
  }
  return {
    usage:
      `main.ts: ${JSON.stringify(args.join(" "))} is not understood; run it with no arguments (as cdktf does), --check [--for-deploy], ` +
      "or --synth [--output DIR] (npm run synth -- --output DIR); for cdktf's other synth options run npx cdktf synth\n",
  };
}

/** Runs the app as main.ts is run (see Invocation); returns the exit code. A bad configuration is one report on stderr. */
export function runApp(args: readonly string[], process: AppProcess): number {
  const started = invocation(args, process.env);
  if ("usage" in started) {
    process.stderr.write(started.usage);
    return 1;
  }
  const { mode, outdir: named, forDeploy } = started;
  // Relative to the app's working directory, as cdktf names it; messages show it as it was given.
  const outdir = resolve(process.cwd, named);
  const outdirExisted = existsSync(outdir);
  let source: string | undefined;
  try {
    // Configuration is validated before the App exists, and `adopt` addresses while the stacks are built, before
    // app.synth(): bad input never leaves a partial cdktf.out behind.
    const loaded = loadConfig(process.env, process.cwd, { forDeploy });
    source = loaded.source;
    // stdout: cdktf shows the app's stdout as it is, but prefixes every stderr line with [ERROR]. The check before
    // cdktf stays quiet: cdktf runs the app again and shows these once.
    if (mode !== "check") {
      for (const line of [loaded.notice, ...loaded.warnings]) if (line) process.stdout.write(`${line}\n`);
    }

    // cdktf, constructs and the provider bindings are most of the app's start-up (about 1 s of 1.3), so they load
    // only once the configuration is valid: a bad one is reported in a third of the time.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { App } = require("cdktf") as typeof import("cdktf");
    const { composeDeployment, DEPLOYMENT_STACKS } = require("../stacks/deployment") as typeof import("../stacks/deployment");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = new App({ outdir });
    composeDeployment(app, loaded.config);
    if (mode === "check") return 0;
    app.synth();
    if (mode === "synth") {
      // cdktf synth removes the directories of stacks the app no longer has; so does npm run synth.
      const stacksDirectory = join(outdir, "stacks");
      for (const entry of readdirSync(stacksDirectory, { withFileTypes: true })) {
        if (entry.isDirectory() && !(DEPLOYMENT_STACKS as readonly string[]).includes(entry.name))
          rmSync(join(stacksDirectory, entry.name), { recursive: true });
      }
      const written = DEPLOYMENT_STACKS.map((stack) => join(named, "stacks", stack, "cdk.tf.json"));
      process.stdout.write(`Terraform JSON: ${written.join(" and ")}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The App creates its output directory; one made for this failed run is removed again.
    if (!outdirExisted) rmSync(outdir, { recursive: true, force: true });
    process.stderr.write(formatConfigError(error, source));
    return 1;
  } finally {
    if (mode === "check") rmSync(outdir, { recursive: true, force: true });
  }
}
