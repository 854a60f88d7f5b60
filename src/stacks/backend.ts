import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { BackendSettings } from "../config/deployment-config";

/** Where the local backend keeps a stack's state, relative to the stack's working directory `cdktf.out/stacks/<stack>`. */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/** The Terraform Cloud workspace that holds a stack's state. */
export function cloudWorkspaceName(workspacePrefix: string, stackName: string): string {
  return `${workspacePrefix}-${stackName}`;
}

/**
 * Declares the stack's backend explicitly. Every path is relative and machine-independent, so synthesized output is
 * identical on every machine and the cross-stack remote-state reference resolves from the consumer's directory.
 */
export function configureBackend(stack: TerraformStack, stackName: string, settings: BackendSettings): void {
  switch (settings.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(stackName) });
      return;
    case "s3": {
      new S3Backend(stack, {
        bucket: settings.bucket,
        key: `${settings.keyPrefix}/${stackName}.tfstate`,
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
        workspaces: new NamedCloudWorkspace(cloudWorkspaceName(settings.workspacePrefix, stackName), settings.project),
      });
      return;
  }
}
