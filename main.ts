import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { ConfigError, formatConfigError, loadConfig } from "./src/config/load";
import { AppStack } from "./src/stacks/app-stack";
import { certificateHandoff } from "./src/stacks/certificate-handoff";
import { dropCdktfIsArrayDeprecation } from "./src/stacks/cdktf-warnings";
import { CertsStack } from "./src/stacks/certs-stack";

/**
 * `--check` builds both stacks and writes nothing: the npm scripts run it before cdktf, so a bad configuration is
 * reported once by this process instead of once live and again in cdktf's failure summary. `--for-deploy` (npm run
 * deploy) refuses what synth only warns about.
 */
function main(): void {
  dropCdktfIsArrayDeprecation();
  const checkOnly = process.argv.includes("--check");
  // `npm run deploy` checks with --for-deploy: what synth only warns about (documentation address ranges) is refused.
  const forDeploy = process.argv.includes("--for-deploy");
  const outdir = checkOnly ? mkdtempSync(join(tmpdir(), "mcp-gateway-check-")) : (process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const outdirExisted = existsSync(outdir);
  let source: string | undefined;
  try {
    // Configuration is validated before the App exists, and `adopt` addresses while the stacks are built, before
    // app.synth(): bad input never leaves a partial cdktf.out behind.
    const loaded = loadConfig(process.env, process.cwd(), { forDeploy });
    source = loaded.source;
    // stdout: cdktf shows the app's stdout as it is, but prefixes every stderr line with [ERROR]. The check before
    // cdktf stays quiet: cdktf runs the app again and shows these once.
    if (!checkOnly) {
      for (const line of [loaded.notice, ...loaded.warnings]) if (line) process.stdout.write(`${line}\n`);
    }

    const app = new App({ outdir });
    const certs = new CertsStack(app, "certs", { config: loaded.config });
    new AppStack(app, "app", {
      config: loaded.config,
      certificates: certificateHandoff(certs, loaded.config.backend),
    });
    if (!checkOnly) app.synth();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The App creates its output directory; one made for this failed run is removed again.
    if (!outdirExisted) rmSync(outdir, { recursive: true, force: true });
    process.stderr.write(formatConfigError(error, source));
    process.exitCode = 1;
  } finally {
    if (checkOnly) rmSync(outdir, { recursive: true, force: true });
  }
}

main();
