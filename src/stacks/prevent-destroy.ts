import { Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isRegenerable } from "../constructs/data/regenerable";

/**
 * Resource types whose loss loses data or locks data away: databases, file systems, the keys that encrypt them,
 * secrets, image repositories, the load balancers' access log bucket and the Keycloak realm with its groups, clients, scopes and users.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  "aws_rds_cluster",
  "aws_db_instance",
  "aws_docdb_cluster",
  "aws_efs_file_system",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "aws_ecr_repository",
  "aws_s3_bucket",
  "keycloak_realm",
  "keycloak_group",
  "keycloak_openid_client",
  "keycloak_openid_client_scope",
  "keycloak_user",
];

class PreventDestroy implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    if (!STATEFUL_RESOURCE_TYPES.includes(node.terraformResourceType)) return;
    if (isRegenerable(node)) return;
    node.lifecycle = { ...node.lifecycle, preventDestroy: true };
  }
}

/**
 * Makes Terraform refuse any plan that would destroy or replace a stateful resource of `stack`. AWS-side deletion
 * protection alone does not stop `cdktf destroy`: Terraform deletes everything unprotected (file system, keys, secrets,
 * the realm) before the database refuses. With prevent_destroy the plan fails first and nothing is touched.
 */
export function preventDestroyOfStatefulResources(stack: TerraformStack): void {
  Aspects.of(stack).add(new PreventDestroy());
}
