import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformElement, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { configureBackend } from "./backend";
import { emulatorProviderSettings } from "./emulator";

/** Ephemeral resources (1.10) and write-only arguments (1.11). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";

export interface DeploymentStackProps {
  readonly config: DeploymentConfig;
}

/**
 * Base of both stacks: explicit backend, AWS provider with default tags, and readable resource addresses.
 *
 * Addresses are the construct path below the stack joined with `_` (`network/vpc` becomes `aws_vpc.network_vpc`)
 * instead of cdktf's hash-suffixed IDs, so plans read like hand-written HCL. Stateful resources pin their address
 * with overrideLogicalId, so renaming a construct can never replace them.
 */
export abstract class DeploymentStack extends TerraformStack {
  readonly config: DeploymentConfig;

  protected constructor(scope: Construct, id: string, props: DeploymentStackProps) {
    super(scope, id);
    this.config = props.config;
    configureBackend(this, id, props.config);
    // Ephemeral resources and write-only arguments keep secrets out of plans and state; older Terraform cannot read them.
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    new AwsProvider(this, "aws", {
      region: props.config.region,
      defaultTags: [
        {
          tags: {
            ...props.config.tags,
            "mcp-gateway:deployment": props.config.namePrefix,
            "mcp-gateway:stack": id,
            ManagedBy: "cdktf",
          },
        },
      ],
      ...(props.config.emulator ? emulatorProviderSettings(props.config.emulator.endpoint) : {}),
    });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return readableLogicalId(this, element);
  }
}

/** The construct path below the stack joined with `_`, so `network/vpc` becomes `network_vpc`. */
export function readableLogicalId(stack: TerraformStack, element: TerraformElement | Node): string {
  const node = TerraformElement.isTerraformElement(element) ? element.node : element;
  return logicalIdOf(node.scopes.slice(node.scopes.indexOf(stack) + 1).map((scope) => scope.node.id));
}

/** The logical ID of the resource at a construct path below the stack (its ids, outermost first). */
export function logicalIdOf(constructIds: readonly string[]): string {
  return constructIds
    .join("_")
    .replace(/[^A-Za-z0-9_]/g, "_")
    .replace(/_+/g, "_");
}
