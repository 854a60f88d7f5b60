import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { DnsValidatedCertificate } from "../constructs/edge/certificate";
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
    const registry = new DnsValidatedCertificate(this, "registry", { domainName: domains.registry, hostedZoneId: zone.zoneId });
    const keycloak = new DnsValidatedCertificate(this, "keycloak", { domainName: domains.keycloak, hostedZoneId: zone.zoneId });
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
