/** AWS regions with ACM, ECS Fargate, Aurora Serverless v2 and RDS Proxy. */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "sa-east-1",
  "us-gov-east-1",
  "us-gov-west-1",
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

const DIRECTION_CODES: Record<string, string> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
  gov: "g",
};

/**
 * AWS's customary short form of a region (us-east-1 → use1, ap-southeast-2 → apse2, us-gov-west-1 → usgw1): it fits
 * into names with tight length limits, such as IAM role names (64 characters).
 */
export function regionCode(region: AwsRegion): string {
  const [area, ...rest] = region.split("-");
  const number = rest.pop();
  return `${area}${rest.map((word) => DIRECTION_CODES[word] ?? word).join("")}${number}`;
}

/**
 * Prefix of names that are unique per account rather than per region (IAM roles, CloudWatch dashboards): the same
 * namePrefix deployed to two regions must not claim the same name twice.
 */
export function accountWideNamePrefix(namePrefix: string, region: AwsRegion): string {
  return `${namePrefix}-${regionCode(region)}`;
}
