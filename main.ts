import { App } from "cdktf";
import { ConfigError, loadConfig } from "./src/config/load";
import { AppStack } from "./src/stacks/app-stack";
import { CertsStack } from "./src/stacks/certs-stack";

function main(): void {
  // Configuration is validated before the App exists, so bad input never leaves a partial cdktf.out behind.
  let loaded;
  try {
    loaded = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration in ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (loaded.notice) process.stderr.write(`${loaded.notice}\n`);

  const app = new App();
  const certs = new CertsStack(app, "certs", { config: loaded.config });
  new AppStack(app, "app", {
    config: loaded.config,
    certificates: { registryArn: certs.registryCertificateArn, keycloakArn: certs.keycloakCertificateArn },
  });
  app.synth();
}

main();
