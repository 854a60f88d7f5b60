import { ContainerImages } from "../constructs/compute/container-images";
import { ContainerImage } from "../constructs/compute/fargate-service";

const PRIVATE_ECR =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/;

/** The image a service runs: as configured, or the digest of what was built and pushed to ECR. */
export function containerImage(service: string, images: ContainerImages): ContainerImage {
  const reference = images.imageFor(service);
  const ecrRepositoryArn = images.repositoryArnFor(service);
  return ecrRepositoryArn ? { reference, ecrRepositoryArn } : referencedImage(reference);
}

/** An image by reference; a private ECR image also names the repository the task's execution role must pull from. */
export function referencedImage(reference: string): ContainerImage {
  const ecr = PRIVATE_ECR.exec(reference);
  if (!ecr) return { reference };
  const [, account, region, china, repository] = ecr;
  const partition = china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return { reference, ecrRepositoryArn: `arn:${partition}:ecr:${region}:${account}:repository/${repository}` };
}
