import { ACMClient } from "@aws-sdk/client-acm";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The SDK clients, all in the stack's region (certificates in their ARN's region). Credentials come from the
 * standard chain; AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) redirect them, e.g. to moto, through the SDK's
 * own configured-endpoints support.
 */
export class AwsClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly region: string) {
    // The SDK warns that its releases after January 2027 need Node 22; the exactly pinned versions here run on Node 20.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  }

  get ecs(): ECSClient {
    return this.client("ecs", () => new ECSClient({ region: this.region }));
  }

  get logs(): CloudWatchLogsClient {
    return this.client("logs", () => new CloudWatchLogsClient({ region: this.region }));
  }

  get cloudwatch(): CloudWatchClient {
    return this.client("cloudwatch", () => new CloudWatchClient({ region: this.region }));
  }

  get rds(): RDSClient {
    return this.client("rds", () => new RDSClient({ region: this.region }));
  }

  get elb(): ElasticLoadBalancingV2Client {
    return this.client("elb", () => new ElasticLoadBalancingV2Client({ region: this.region }));
  }

  get secrets(): SecretsManagerClient {
    return this.client("secrets", () => new SecretsManagerClient({ region: this.region }));
  }

  acm(region: string): ACMClient {
    return this.client(`acm:${region}`, () => new ACMClient({ region }));
  }

  private client<T>(key: string, create: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, create());
    return this.cache.get(key) as T;
  }
}
