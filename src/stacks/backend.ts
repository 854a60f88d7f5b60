import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { BackendSettings } from "../config/deployment-config";

/** What tells one deployment's state apart from another's: two configurations differ in at least one of these. */
export interface DeploymentIdentity {
  readonly namePrefix: string;
  readonly region: string;
}

/** A stack's state name, unique per deployment: `<namePrefix>.<region>.<stack>`. */
export function deploymentStateName(deployment: DeploymentIdentity, stackName: string): string {
  return `${deployment.namePrefix}.${deployment.region}.${stackName}`;
}

/**
 * Where the local backend keeps state named `stateName`, relative to the stack's working directory
 * `cdktf.out/stacks/<stack>`: `terraform.<stateName>.tfstate` in the project directory.
 */
export function localStatePath(stateName: string): string {
  return `../../../terraform.${stateName}.tfstate`;
}

/** The S3 key of a stack's state: `<keyPrefix>/<namePrefix>/<region>/<stack>.tfstate`. */
export function s3StateKey(keyPrefix: string, deployment: DeploymentIdentity, stackName: string): string {
  return `${keyPrefix}/${deployment.namePrefix}/${deployment.region}/${stackName}.tfstate`;
}

/** The Terraform Cloud workspace that holds a stack's state: `[<workspacePrefix>-]<namePrefix>-<region>-<stack>`. */
export function cloudWorkspaceName(workspacePrefix: string | undefined, deployment: DeploymentIdentity, stackName: string): string {
  return [workspacePrefix, deployment.namePrefix, deployment.region, stackName].filter(Boolean).join("-");
}

/**
 * Declares the stack's backend explicitly. Every default location carries the name prefix and the region, so two
 * configurations (another prefix, or the same prefix in another region) can never share, and overwrite, one state.
 * Every path is relative and machine-independent, so synthesized output is identical on every machine and the
 * cross-stack remote-state reference resolves from the consumer's directory.
 */
export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  deployment: DeploymentIdentity & { readonly backend: BackendSettings },
): void {
  const settings = deployment.backend;
  switch (settings.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(deploymentStateName(deployment, stackName)) });
      return;
    case "s3": {
      new S3Backend(stack, {
        bucket: settings.bucket,
        key: s3StateKey(settings.keyPrefix, deployment, stackName),
        region: settings.region,
        encrypt: true,
        kmsKeyId: settings.kmsKeyId,
        dynamodbTable: settings.locking === "dynamodb" ? settings.dynamodbTable : undefined,
      });
      if (settings.locking === "lockfile") {
        // cdktf 0.21's S3Backend has no useLockfile option; Terraform >= 1.10 reads it from the backend block.
        stack.addOverride("terraform.backend.s3.use_lockfile", true);
      }
      return;
    }
    case "cloud":
      // No token here: it would be written in plain text into cdk.tf.json. Terraform reads TF_TOKEN_<host>.
      new CloudBackend(stack, {
        organization: settings.organization,
        hostname: settings.hostname,
        workspaces: new NamedCloudWorkspace(cloudWorkspaceName(settings.workspacePrefix, deployment, stackName), settings.project),
      });
      return;
  }
}
