import { DataResource, Fn, Token } from "cdktf";
import { Construct } from "constructs";

/**
 * The name of the final snapshot Terraform has a database take when it destroys it: `<cluster>-final-<creation time>`.
 * The creation time is read once (`plantimestamp()` in a `terraform_data` whose input changes are ignored), so later
 * plans stay clean, and a re-created deployment destroyed again does not collide with the snapshot its predecessor
 * left behind.
 */
export function finalSnapshotIdentifier(scope: Construct, address: string, clusterName: string): string {
  const created = new DataResource(scope, "created", {
    input: { at: "${plantimestamp()}" },
    lifecycle: { ignoreChanges: ["input"] },
  });
  created.overrideLogicalId(address);
  return `${clusterName}-final-${Fn.formatdate("YYYYMMDDhhmmss", Token.asString(created.output.lookup("at")))}`;
}
