import { DataAwsAcmCertificate } from "@cdktf/provider-aws/lib/data-aws-acm-certificate";
import { TerraformStack } from "cdktf";
import { BackendSettings } from "../config/deployment-config";
import { CERTIFICATE_KEY_ALGORITHM, DnsValidatedCertificate } from "../constructs/edge/certificate";
import { CertsStack } from "./certs-stack";

export interface CertificateArns {
  readonly registryArn: string;
  readonly keycloakArn: string;
}

/** How the app stack obtains the certificates the certs stack validated. */
export interface CertificateHandoff {
  /** The validated certificate ARNs, usable inside `consumer`; also makes `consumer` deploy after the certs stack. */
  arnsFor(consumer: TerraformStack): CertificateArns;
}

/**
 * Picks the hand-off that works with the configured backend.
 *
 * Local and S3 state: cdktf's native cross-stack reference, a `terraform_remote_state` read of the certs stack's
 * outputs (and an implicit stack dependency). Terraform Cloud: that read fails under remote execution
 * (hashicorp/terraform-cdk#1534), so the app stack looks each issued certificate up by its domain instead and the
 * dependency is declared explicitly, which keeps `cdktf deploy certs app` ordered.
 */
export function certificateHandoff(certs: CertsStack, backend: BackendSettings): CertificateHandoff {
  if (backend.type !== "cloud") {
    return {
      arnsFor: () => ({ registryArn: certs.registryCertificateArn, keycloakArn: certs.keycloakCertificateArn }),
    };
  }
  return {
    arnsFor: (consumer) => {
      consumer.addDependency(certs);
      return {
        registryArn: lookUpIssuedCertificate(consumer, "registry-certificate", certs.registryCertificate),
        keycloakArn: lookUpIssuedCertificate(consumer, "keycloak-certificate", certs.keycloakCertificate),
      };
    },
  };
}

function lookUpIssuedCertificate(consumer: TerraformStack, id: string, certificate: DnsValidatedCertificate): string {
  // Only ISSUED Amazon-issued certificates with this stack's key type match, so an imported or pending certificate for
  // the same name is never picked; most_recent settles the overlap while create_before_destroy replaces one.
  return new DataAwsAcmCertificate(consumer, id, {
    domain: certificate.domainName,
    statuses: ["ISSUED"],
    types: ["AMAZON_ISSUED"],
    keyTypes: [CERTIFICATE_KEY_ALGORITHM],
    mostRecent: true,
  }).arn;
}
