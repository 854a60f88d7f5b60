import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DnsValidatedCertificate } from "../constructs/edge/certificate";
import { NameOwnership } from "../constructs/edge/name-ownership";
import { DeploymentStack, DeploymentStackProps } from "./deployment-stack";

/** ACM certificates for the registry and Keycloak names, validated through the Route53 zone. */
export class CertsStack extends DeploymentStack {
  readonly registryCertificate: DnsValidatedCertificate;
  readonly keycloakCertificate: DnsValidatedCertificate;
  readonly registryCertificateArn: string;
  readonly keycloakCertificateArn: string;

  constructor(scope: Construct, id: string, props: DeploymentStackProps) {
    super(scope, id, props);
    const { domains } = props.config;
    const zone = new DataAwsRoute53Zone(this, "zone", { name: domains.hostedZone, privateZone: false });
    // Who this deployment is, for the names' ownership records: its name prefix and region are unique among the
    // deployments of an account (every resource name is built from them).
    const owner = `mcp-gateway-cdktf deployment ${props.config.namePrefix} in ${props.config.region}`;
    const certificate = (id: "registry" | "keycloak", domainName: string) => {
      const ownership = new NameOwnership(this, `${id}-owner`, { hostedZoneId: zone.zoneId, name: domainName, owner });
      return new DnsValidatedCertificate(this, id, { domainName, hostedZoneId: zone.zoneId, after: [ownership.record] });
    };
    const registry = certificate("registry", domains.registry);
    const keycloak = certificate("keycloak", domains.keycloak);
    this.registryCertificate = registry;
    this.keycloakCertificate = keycloak;
    this.registryCertificateArn = registry.validatedCertificateArn;
    this.keycloakCertificateArn = keycloak.validatedCertificateArn;
    new TerraformOutput(this, "registry_certificate_arn", {
      value: this.registryCertificateArn,
      description: "ARN of the validated certificate for the registry name",
    });
    new TerraformOutput(this, "keycloak_certificate_arn", {
      value: this.keycloakCertificateArn,
      description: "ARN of the validated certificate for the Keycloak name",
    });
  }
}
