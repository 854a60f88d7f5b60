import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { ITerraformDependable, TerraformIterator } from "cdktf";
import { Construct } from "constructs";

/** The key algorithm of every certificate this deployment issues: ECDSA P-256, faster TLS handshakes than RSA 2048. */
export const CERTIFICATE_KEY_ALGORITHM = "EC_prime256v1";

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** The public hosted zone that receives the validation records. */
  readonly hostedZoneId: string;
  /** What must exist before the certificate and its validation record (the name's ownership record). */
  readonly after?: readonly ITerraformDependable[];
}

/** An ACM certificate validated through Route53, exposing only the ARN of the validated certificate. */
export class DnsValidatedCertificate extends Construct {
  readonly domainName: string;
  /** ARN from aws_acm_certificate_validation: known only once ACM has issued the certificate. */
  readonly validatedCertificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.domainName = props.domainName;
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: CERTIFICATE_KEY_ALGORITHM,
      tags: { Name: props.domainName },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: props.after ? [...props.after] : undefined,
    });
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 60,
      // ACM gives every certificate for a name in an account the same validation record, so a replacement certificate
      // (create_before_destroy) meets its predecessor's record. Another deployment's record is kept out by NameOwnership.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validated", {
      certificateArn: certificate.arn,
      validationRecordFqdns: TerraformIterator.fromResources(records).pluckProperty("fqdn") as unknown as string[],
      timeouts: { create: "30m" },
    });
    this.validatedCertificateArn = validation.certificateArn;
  }
}
