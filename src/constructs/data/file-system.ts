import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { Connectable, Connections } from "../network/connections";
import { AccessPointReference } from "../compute/fargate-service";
import { policyDocument } from "../security/policy-document";

export const NFS_PORT = 2049;

/**
 * The shared directories: each is an access point whose root is created for, and entered as, uid/gid 1000. Since
 * 1.25 the application keeps its data in the database; the embeddings model cache is all that still lives on EFS.
 */
export const ACCESS_POINTS = {
  models: "/models",
} as const;

export type AccessPointName = keyof typeof ACCESS_POINTS;

const APP_USER_ID = 1000;

export interface SharedFileSystemProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly throughputMode: "bursting" | "elastic";
  readonly kmsKeyArn: string;
  /** AWS Backup's daily backups; off only on an AWS emulator that lacks the API. */
  readonly backupPolicy: boolean;
}

/**
 * The EFS file system for the registry's embeddings model cache: encrypted with a customer key, one mount target per private subnet,
 * automatic backups, and a file-system policy that admits only TLS connections through an access point. With a
 * policy in place, clients must mount with IAM, so each task role's own grant decides which access points it mounts.
 */
export class SharedFileSystem extends Construct implements Connectable {
  readonly fileSystemId: string;
  private readonly fileSystemArn: string;
  readonly port = NFS_PORT;
  /** The mount targets' security group. */
  readonly connections: Connections;
  private readonly accessPoints: Record<AccessPointName, EfsAccessPoint>;

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const name = `${props.namePrefix}-data`;
    const fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: name,
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: "generalPurpose",
      throughputMode: props.throughputMode,
      lifecyclePolicy: [{ transitionToIa: "AFTER_30_DAYS" }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }],
      tags: { Name: name },
    });
    fileSystem.overrideLogicalId("shared");
    this.fileSystemId = fileSystem.id;
    this.fileSystemArn = fileSystem.arn;

    if (props.backupPolicy) {
      new EfsBackupPolicy(this, "backup-policy", { fileSystemId: fileSystem.id, backupPolicy: { status: "ENABLED" } });
    }
    new EfsFileSystemPolicy(this, "policy", {
      fileSystemId: fileSystem.id,
      policy: policyDocument([
        {
          Sid: "DenyUnencryptedTransport",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "*",
          Resource: fileSystem.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyMountsOutsideAccessPoints",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
          Resource: fileSystem.arn,
          Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
        },
      ]),
    });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: "EFS mount targets: NFS from admitted services",
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    this.connections = new Connections(this, securityGroup.id, "mount-targets");
    props.subnetIds.forEach((subnetId, index) => {
      new EfsMountTarget(this, `mount-target-${index + 1}`, {
        fileSystemId: fileSystem.id,
        subnetId,
        securityGroups: [securityGroup.id],
      });
    });

    const accessPoints = {} as Record<AccessPointName, EfsAccessPoint>;
    for (const [key, path] of Object.entries(ACCESS_POINTS) as [AccessPointName, string][]) {
      const accessPoint = new EfsAccessPoint(this, `${key}-access-point`, {
        fileSystemId: fileSystem.id,
        posixUser: { uid: APP_USER_ID, gid: APP_USER_ID },
        rootDirectory: { path, creationInfo: { ownerUid: APP_USER_ID, ownerGid: APP_USER_ID, permissions: "755" } },
        tags: { Name: `${name}-${key.replace("_", "-")}` },
      });
      accessPoint.overrideLogicalId(key);
      accessPoints[key] = accessPoint;
    }
    this.accessPoints = accessPoints;
  }

  /** An access point for a task to mount. */
  accessPoint(name: AccessPointName): AccessPointReference {
    const accessPoint = this.accessPoints[name];
    return {
      name,
      accessPointId: accessPoint.id,
      accessPointArn: accessPoint.arn,
      fileSystemId: this.fileSystemId,
      fileSystemArn: this.fileSystemArn,
    };
  }

  /** Every access point's id, by name. */
  get accessPointIds(): Record<AccessPointName, string> {
    return Object.fromEntries(Object.entries(this.accessPoints).map(([key, accessPoint]) => [key, accessPoint.id])) as Record<
      AccessPointName,
      string
    >;
  }
}
