import { relative, resolve, sep } from "node:path";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Image } from "@cdktf/provider-docker/lib/image";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RegistryImage } from "@cdktf/provider-docker/lib/registry-image";
import { App, Manifest, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ImageSource } from "../../config/deployment-config";
import { hashBuildContext } from "./build-context-hash";

export interface ContainerImagesProps {
  readonly namePrefix: string;
  /** The image source of every enabled service. */
  readonly services: readonly { readonly name: string; readonly image: ImageSource }[];
  /** Images kept per ECR repository; older ones expire. */
  readonly keepImages: number;
  /** Platform images are built for; must match the task definitions' runtime platform. */
  readonly platform: string;
  /** Delete a repository together with its images on destroy (otherwise destroy fails while images remain). */
  readonly deleteImagesWithRepository: boolean;
}

/** Address of the ephemeral ECR token: an ephemeral resource keeps the 12-hour registry password out of state. */
const REGISTRY_TOKEN = "ephemeral.aws_ecr_authorization_token.images_registry_token";

/**
 * The image every service runs. References from configuration pass through unchanged. Services built from source get
 * an ECR repository, a local `docker build` and a push through the Docker provider; their task definitions reference
 * `repository@sha256:<digest>` of exactly what was pushed, so a deploy rolls that image and nothing else.
 *
 * A build happens only when the build inputs change: the image tag and the resources' triggers are a hash of the
 * context computed at synth time. The Docker provider exists only when some service builds, so stacks that only use
 * references never need a Docker daemon.
 */
export class ContainerImages extends Construct {
  private readonly images = new Map<string, { readonly reference: string; readonly repositoryArn?: string }>();

  constructor(scope: Construct, id: string, props: ContainerImagesProps) {
    super(scope, id);
    const builds = props.services.flatMap((service) =>
      service.image.kind === "build" ? [{ name: service.name, build: service.image }] : [],
    );
    for (const service of props.services) {
      if (service.image.kind === "reference") this.images.set(service.name, { reference: service.image.reference });
    }
    if (builds.length === 0) return;

    const stack = TerraformStack.of(this);
    stack.addOverride(REGISTRY_TOKEN, {});
    const provider = new DockerProvider(this, "docker", {
      registryAuth: [
        {
          address: `\${${REGISTRY_TOKEN}.proxy_endpoint}`,
          username: `\${${REGISTRY_TOKEN}.user_name}`,
          password: `\${${REGISTRY_TOKEN}.password}`,
        },
      ],
    });
    // Terraform runs in the stack's directory under the output directory; a context path relative to it stays the
    // same on every machine that has the same checkout layout.
    const workingDirectory = resolve(App.of(this).outdir, Manifest.stacksFolder, stack.node.id);

    for (const { name, build } of builds) {
      const repository = new EcrRepository(this, `${name}-repository`, {
        name: `${props.namePrefix}/${name}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS" }],
        forceDelete: props.deleteImagesWithRepository,
      });
      // The repository holds the images running tasks pull: its address must survive construct refactors.
      repository.overrideLogicalId(`images_${name.replace(/-/g, "_")}_repository`);
      new EcrLifecyclePolicy(this, `${name}-lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `Keep the ${props.keepImages} most recent images`,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImages },
              action: { type: "expire" },
            },
          ],
        }),
      });

      const contentHash = hashBuildContext({ ...build, platform: props.platform });
      const triggers = { build_context_sha256: contentHash };
      const image = new Image(this, `${name}-image`, {
        provider,
        name: `${repository.repositoryUrl}:src-${contentHash.slice(0, 20)}`,
        buildAttribute: {
          context: relative(workingDirectory, build.context).split(sep).join("/") || ".",
          dockerfile: build.dockerfile,
          buildArgs: Object.keys(build.args).length > 0 ? { ...build.args } : undefined,
          platform: props.platform,
        },
        triggers,
        keepLocally: false,
      });
      // Keyed on the content hash, not the local image ID: a rebuild of unchanged sources on another machine must not
      // push the same immutable tag again.
      const pushed = new RegistryImage(this, `${name}-push`, {
        provider,
        name: image.name,
        triggers,
        keepRemotely: true,
      });
      this.images.set(name, { reference: `${repository.repositoryUrl}@${pushed.sha256Digest}`, repositoryArn: repository.arn });
    }
  }

  /** The image reference a service's task definition uses. */
  imageFor(service: string): string {
    return this.entry(service).reference;
  }

  /** The ECR repository this deployment built the service's image into, for the execution role's pull grant; undefined for references. */
  repositoryArnFor(service: string): string | undefined {
    return this.entry(service).repositoryArn;
  }

  private entry(service: string): { readonly reference: string; readonly repositoryArn?: string } {
    const image = this.images.get(service);
    if (image === undefined) {
      throw new Error(`ContainerImages has no image for service "${service}"; known: ${[...this.images.keys()].join(", ")}`);
    }
    return image;
  }
}
