import { App } from "cdktf";
import { DeploymentConfig } from "../config/deployment-config";
import { AppStack } from "./app-stack";
import { certificateHandoff } from "./certificate-handoff";
import { CertsStack } from "./certs-stack";

/** The stacks `cdktf deploy` takes, in the order it takes them: `certs` first, then `app`, which depends on it. */
export const DEPLOYMENT_STACKS = ["certs", "app"] as const;

/** Builds the deployment's two stacks in `app`: the certificates, and the application that uses them. */
export function composeDeployment(app: App, config: DeploymentConfig): void {
  const [certsId, appId] = DEPLOYMENT_STACKS;
  const certs = new CertsStack(app, certsId, { config });
  new AppStack(app, appId, { config, certificates: certificateHandoff(certs, config.backend) });
}
