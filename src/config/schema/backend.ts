import { z } from "zod";
import { AWS_REGIONS } from "../regions";
import { domainName } from "./fields";

/** `backend`: where Terraform keeps each stack's state: local files, an S3 bucket, or HCP Terraform (Terraform Cloud). */
export const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local") }),
  z
    .strictObject({
      type: z.literal("s3"),
      bucket: z.string().min(3),
      /** Each stack's state is stored at `<keyPrefix>/<namePrefix>/<region>/<stack>.tfstate`. */
      keyPrefix: z.string().min(1).default("mcp-gateway"),
      region: z.enum(AWS_REGIONS).optional(),
      /** KMS key for server-side encryption of the state objects; AES256 when omitted. */
      kmsKeyId: z.string().min(1).optional(),
      /** `dynamodb` locks with a DynamoDB table; `lockfile` uses S3-native locking (Terraform >= 1.10). */
      locking: z.enum(["dynamodb", "lockfile"]).default("lockfile"),
      dynamodbTable: z.string().min(3).optional(),
    })
    .superRefine((s3, ctx) => {
      if (s3.locking === "dynamodb" && !s3.dynamodbTable) {
        ctx.addIssue({
          code: "custom",
          path: ["dynamodbTable"],
          message: "is missing; locking: dynamodb needs the table's name (or use locking: lockfile)",
        });
      }
      if (s3.locking === "lockfile" && s3.dynamodbTable) {
        ctx.addIssue({
          code: "custom",
          path: ["dynamodbTable"],
          message: `(${s3.dynamodbTable}) would be ignored: locking is lockfile; set locking: dynamodb to use the table, or remove dynamodbTable`,
        });
      }
    }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: z.string().min(1),
    hostname: domainName.optional(),
    project: z.string().min(1).optional(),
    /** Workspaces are named `[<workspacePrefix>-]<namePrefix>-<region>-<stack>`, e.g. mcp-gateway-us-east-1-app. */
    workspacePrefix: z.string().min(1).optional(),
    /**
     * The workspaces' execution mode, as set in HCP Terraform: `remote` (HashiCorp's runners, on the internet at
     * unpublished addresses), `agent` (an agent pool you run, e.g. inside the VPC) or `local` (your machine or CI runner).
     */
    executionMode: z.enum(["remote", "agent", "local"]).default("remote"),
  }),
]);
