import { Construct } from "constructs";
import { DeploymentConfig } from "../config/deployment-config";
import { deploymentLogGroupArnPatterns } from "../constructs/observability/log-groups";
import { EncryptionKey } from "../constructs/security/kms-key";
import { PolicyStatement } from "../constructs/security/policy-document";

/** The key that encrypts the deployment's CloudWatch Logs log groups. */
export function logsEncryptionKey(scope: Construct, config: DeploymentConfig, accountId: string, partition: string): EncryptionKey {
  return new EncryptionKey(scope, "logs-key", {
    alias: `${config.namePrefix}-logs`,
    description: `${config.namePrefix}: CloudWatch Logs encryption`,
    accountId,
    partition,
    serviceStatements: [
      {
        Sid: "CloudWatchLogsEncryptsThisDeploymentsLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${config.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          // This deployment's log groups only, as the Sid says, not every log group of the account and region.
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": deploymentLogGroupArnPatterns({
              namePrefix: config.namePrefix,
              partition,
              region: config.region,
              accountId,
            }),
          },
        },
      },
    ],
    address: "logs",
    previousAddress: "aws_kms_key.logs_key_key",
  });
}

/** The stack's other customer managed keys, one per purpose; some only when their purpose is configured. */
export function encryptionKeys(scope: Construct, config: DeploymentConfig, accountId: string, partition: string) {
  const key = (id: string, address: string, purpose: string, serviceStatements?: PolicyStatement[]) =>
    new EncryptionKey(scope, id, {
      alias: `${config.namePrefix}-${id.replace(/-key$/, "")}`,
      description: `${config.namePrefix}: ${purpose}`,
      accountId,
      partition,
      serviceStatements,
      address,
    });
  return {
    secrets: key("secrets-key", "secrets", "Secrets Manager secrets, including the database credentials"),
    database: key(
      "database-key",
      "database",
      `${config.database.engine === "aurora-serverless" ? "Aurora" : "PostgreSQL instance"} storage, snapshots and Performance Insights`,
    ),
    fileSystem: config.fileSystem.modelsCache
      ? key("file-system-key", "file_system", "EFS file system (embeddings model cache)")
      : undefined,
    // Only when someone may open ECS Exec sessions: a key nobody uses would cost and alarm for nothing.
    ecsExec: config.services.some((service) => service.exec) ? key("ecs-exec-key", "ecs_exec", "ECS Exec sessions") : undefined,
    alarms: key("alarms-key", "alarms", "alarm notifications (SNS)", [
      {
        Sid: "CloudWatchAlarmsEncryptNotifications",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ]),
  };
}
