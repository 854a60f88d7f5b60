export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: PolicyCondition;
}

/**
 * An IAM policy document as a JSON string. References inside it stay Terraform interpolations, so the synthesized
 * policy reads (and is tested) as the JSON AWS receives.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The trust policy letting an AWS service assume a role, limited by `condition` when given. */
export function serviceTrustPolicy(service: string, condition?: PolicyCondition): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) },
    ],
  });
}
