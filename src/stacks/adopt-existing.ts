import { Aspects, IAspect, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { ConfigError } from "../config/load";
import { editDistance } from "../config/closest-key";

/** The address Terraform knows a resource by: `<type>.<name>`. */
export function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * Turns each listed resource into an `import` block target, so Terraform adopts the existing object instead of
 * creating one, and protects it with prevent_destroy: if an immutable attribute differs from the existing object,
 * the plan fails instead of replacing (deleting) what was meant to be kept.
 */
class ImportExistingResources implements IAspect {
  constructor(private readonly importIds: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const importId = this.importIds[resourceAddress(node)];
    if (importId === undefined) return;
    node.importFrom(importId);
    node.lifecycle = { ...node.lifecycle, preventDestroy: true };
  }
}

/**
 * Adopts existing resources (`adopt:` in the configuration) into `stack`. Call it after the stack's constructs exist:
 * every address is checked against them now, so a typo stops synthesis before any file is written instead of
 * silently creating a second copy of the resource that was meant to be adopted.
 */
export function adoptExistingResources(stack: TerraformStack, importIds: Readonly<Record<string, string>>): void {
  const requested = Object.keys(importIds);
  if (requested.length === 0) return;
  const known = stack.node
    .findAll()
    .filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node))
    .map(resourceAddress);
  const problems = requested
    .filter((address) => !known.includes(address))
    .map(
      (address) =>
        `adopt.${address}: no resource has this address in the ${stack.node.id} stack; closest: ${closest(address, known).join(", ")}`,
    );
  if (problems.length > 0) throw new ConfigError("adopt", problems);
  Aspects.of(stack).add(new ImportExistingResources(importIds));
}

function closest(address: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(address, candidate) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
