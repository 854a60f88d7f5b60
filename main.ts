import { App } from "cdktf";
import { ConfigError, loadConfig } from "./src/config/load";
import { AppStack } from "./src/stacks/app-stack";
import { certificateHandoff } from "./src/stacks/certificate-handoff";
import { CertsStack } from "./src/stacks/certs-stack";

function main(): void {
  try {
    // Configuration is validated before the App exists, and `adopt` addresses while the stacks are built, before
    // app.synth(): bad input never leaves a partial cdktf.out behind.
    const loaded = loadConfig(process.env);
    if (loaded.notice) process.stderr.write(`${loaded.notice}\n`);

    const app = new App();
    const certs = new CertsStack(app, "certs", { config: loaded.config });
    new AppStack(app, "app", {
      config: loaded.config,
      certificates: certificateHandoff(certs, loaded.config.backend),
    });
    app.synth();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration in ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main();
