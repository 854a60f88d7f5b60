import { z } from "zod";
import { SERVICE_NAMES, ServiceName } from "../service-names";
import { keycloakImageProblem } from "../keycloak-image";
import {
  CONTRACTED_SERVICES,
  ContractedService,
  isOlderThanSupported,
  supportedRangeText,
  upstreamTagFix,
  upstreamTagProblem,
} from "../../contract/app-contract";
import { backendSchema } from "./backend";

/** Fargate task sizes: CPU units and the memory (MiB) each allows. */
export const FARGATE_MEMORY_BY_CPU: Record<number, { min: number; max: number; step: number }> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
};

const imageBuild = z.strictObject({
  /** Directory with the Docker build context, relative to the configuration file. */
  context: z.string().min(1),
  dockerfile: z.string().min(1).default("Dockerfile"),
  args: z.record(z.string(), z.string()).default({}),
});

const scaling = {
  cpu: z.union(Object.keys(FARGATE_MEMORY_BY_CPU).map((cpu) => z.literal(Number(cpu)))).optional(),
  memory: z.number().int().positive().optional(),
  minCapacity: z.number().int().min(0).max(100).optional(),
  maxCapacity: z.number().int().min(1).max(100).optional(),
  desiredCount: z.number().int().min(0).max(100).optional(),
  /** Run on FARGATE_SPOT capacity (interruptible, about 70 % cheaper). */
  spot: z.boolean().optional(),
};

const service = z.strictObject({
  enabled: z.boolean().optional(),
  /** An image reference: a digest (repo@sha256:...) or a pinned tag (repo:1.2.3). */
  image: z.string().min(1).optional(),
  build: imageBuild.optional(),
  /** Allow ECS Exec (an interactive shell) into the service's tasks; sessions are KMS-encrypted and logged. */
  exec: z.boolean().optional(),
  ...scaling,
});

const servicesShape = Object.fromEntries(SERVICE_NAMES.map((name) => [name, service.optional()])) as Record<
  ServiceName,
  z.ZodOptional<typeof service>
>;

/** `services`: image (or build), size, capacity and ECS Exec of each service; a service not listed keeps its defaults. */
export const servicesSchema = z.strictObject(servicesShape).default({});

/** The parts of the parsed configuration the services' images are checked against. */
type ServicesContext = {
  services: z.output<typeof servicesSchema>;
  backend: z.output<typeof backendSchema>;
  allowMutableImageTags: boolean;
};

export function validateServices(config: ServicesContext, ctx: z.RefinementCtx): void {
  for (const name of SERVICE_NAMES) {
    const settings = config.services[name];
    if (!settings) continue;
    const path = ["services", name];
    if (settings.image && settings.build) {
      ctx.addIssue({ code: "custom", path, message: "sets both image and build; choose one" });
    }
    if (settings.build && config.backend.type === "cloud" && config.backend.executionMode !== "local") {
      ctx.addIssue({
        code: "custom",
        path: [...path, "build"],
        message:
          `cannot be used with Terraform Cloud's ${config.backend.executionMode} execution (its runners have no Docker daemon); pre-build the image and set services.` +
          `${name}.image to its digest, or use backend.executionMode: local`,
      });
    }
    const malformed = settings.image === undefined ? undefined : imageReferenceProblem(settings.image);
    const contracted = CONTRACTED_SERVICES.includes(name as ContractedService);
    const notPublished = settings.image && contracted ? upstreamTagProblem(settings.image, name as ContractedService) : undefined;
    if (malformed) {
      ctx.addIssue({ code: "custom", path: [...path, "image"], message: `(${settings.image}) ${malformed}` });
    } else if (notPublished) {
      // Before the mutable-tag check: allowMutableImageTags can't make upstream publish a tag it never does.
      ctx.addIssue({
        code: "custom",
        path: [...path, "image"],
        message: `(${settings.image}) ${notPublished}; ${upstreamTagFix(name as ContractedService)}`,
      });
    } else if (settings.image && !config.allowMutableImageTags) {
      const problem = mutableImageProblem(settings.image);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "image"],
          message: `(${settings.image}) ${problem}; pin a version tag or a digest (repo@sha256:...), or set allowMutableImageTags: true`,
        });
      }
    }
    // A malformed reference gets its own problem; judging its version too would report it twice.
    const image = settings.image && !imageReferenceProblem(settings.image) && !notPublished ? settings.image : undefined;
    if (image && contracted && isOlderThanSupported(image)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "image"],
        message:
          `(${settings.image}) is older than the supported application versions ${supportedRangeText()}; ` +
          "use a supported release tag, or a custom image with a non-version tag or a digest",
      });
    }
    const tooOldKeycloak = image && name === "keycloak" ? keycloakImageProblem(image) : undefined;
    if (tooOldKeycloak) ctx.addIssue({ code: "custom", path: [...path, "image"], message: `(${settings.image}) ${tooOldKeycloak}` });
    if (settings.minCapacity !== undefined && settings.maxCapacity !== undefined && settings.minCapacity > settings.maxCapacity) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "minCapacity"],
        message: `(${settings.minCapacity}) is greater than maxCapacity (${settings.maxCapacity}); minCapacity must be <= maxCapacity`,
      });
    }
  }
}

/** Why an image reference is malformed (Docker would refuse it), or undefined when it is well-formed. */
export function imageReferenceProblem(image: string): string | undefined {
  if (/\s/.test(image)) return "contains white space; give the reference alone, e.g. registry.example.com/team/app:1.2.3";
  const [name, digest] = image.split("@", 2);
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return "has a malformed digest; a digest is @sha256: followed by 64 lower-case hex digits";
  }
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  const tagIndex = lastSegment.lastIndexOf(":");
  const repository = tagIndex < 0 ? name : name.slice(0, name.length - (lastSegment.length - tagIndex));
  if (tagIndex >= 0 && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(lastSegment.slice(tagIndex + 1))) {
    return lastSegment.slice(tagIndex + 1) === ""
      ? "has an empty tag after ':'; give the version, e.g. repo:1.2.3, or a digest"
      : "has a tag Docker does not accept; tags are up to 128 of A-Z, a-z, 0-9, '_', '.', '-'";
  }
  const path =
    repository.includes("/") && /[.:]|^localhost$/.test(repository.split("/")[0])
      ? repository.slice(repository.indexOf("/") + 1)
      : repository;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    return "has a repository name Docker does not accept; use lower-case letters, digits and . _ - separated by /";
  }
  return undefined;
}

/** Why an image reference would not pin what gets deployed, or undefined when it does. */
export function mutableImageProblem(image: string): string | undefined {
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tagIndex = lastSegment.lastIndexOf(":");
  if (tagIndex < 0) return "has no tag (it means :latest)";
  if (lastSegment.slice(tagIndex + 1) === "latest") return "uses the mutable :latest tag";
  return undefined;
}
