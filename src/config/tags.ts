import { z } from "zod";

/**
 * AWS's limits on tags (the same for every service this deployment uses; "Tag" in the Amazon ECS API Reference,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html, and "Tagging best practices"):
 * at most 50 tags per resource, keys up to 128 characters, values up to 256, keys not starting with aws: (any case),
 * and letters, numbers, spaces and + - = . _ : / @ as the characters every service accepts.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}+\-=._:/@]*$/u;
const TAG_CHARACTERS_TEXT = "letters, digits, spaces and + - = . _ : / @";

/** Tags the provider adds to every resource (src/stacks/deployment-stack.ts), after the configured ones. */
export const DEFAULT_TAG_KEYS = ["mcp-gateway:deployment", "mcp-gateway:stack", "ManagedBy"] as const;
/** Tags some resources set themselves (src/constructs): a resource may carry these on top of the default tags. */
export const RESOURCE_TAG_KEYS = ["Name", "mcp-gateway:tier"] as const;
/** Every tag key this deployment adds; a resource carries at most all of them next to the configured tags. */
export const OWN_TAG_KEYS: readonly string[] = [...DEFAULT_TAG_KEYS, ...RESOURCE_TAG_KEYS];

const tagKey = z.string().superRefine((key, ctx) => {
  const problem = tagKeyProblem(key);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const tagValue = z.string().superRefine((value, ctx) => {
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `is ${value.length} characters long; AWS allows at most ${MAX_TAG_VALUE_LENGTH} in a tag value: shorten it`,
    });
  } else if (!TAG_CHARACTERS.test(value)) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `holds ${unsupported(value)}, which AWS does not accept in tag values everywhere; use only ${TAG_CHARACTERS_TEXT}`,
    });
  }
});

function tagKeyProblem(key: string): string | undefined {
  if (key.toLowerCase().startsWith("aws:")) return "starts with aws:, a prefix AWS reserves for its own tags";
  if (key.trim() === "") return "is empty; AWS needs a tag key of at least one character";
  if (key.length > MAX_TAG_KEY_LENGTH) return `is ${key.length} characters long; AWS allows at most ${MAX_TAG_KEY_LENGTH} in a tag key`;
  if (!TAG_CHARACTERS.test(key))
    return `holds ${unsupported(key)}, which AWS does not accept in tag keys everywhere; use only ${TAG_CHARACTERS_TEXT}`;
  if ((DEFAULT_TAG_KEYS as readonly string[]).includes(key))
    return "is set by this deployment on every resource, which would overwrite yours";
  if (key.startsWith("mcp-gateway:")) return "uses the prefix mcp-gateway:, which this deployment keeps for its own tags";
  return undefined;
}

function unsupported(text: string): string {
  const characters = [...new Set([...text].filter((character) => !TAG_CHARACTERS.test(character)))];
  return characters.map((character) => JSON.stringify(character)).join(", ");
}

/** `tags`: added to every resource, next to the deployment's own, within AWS's limits. */
export const tagsSchema = z
  .record(tagKey, tagValue)
  .default({})
  .superRefine((tags, ctx) => {
    const keys = new Set([...Object.keys(tags), ...OWN_TAG_KEYS]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
      const own = OWN_TAG_KEYS.filter((key) => !(key in tags)).length;
      ctx.addIssue({
        code: "custom",
        message:
          `lists ${Object.keys(tags).length} tags; with the ${own} this deployment adds (${OWN_TAG_KEYS.join(", ")}) a resource would carry ` +
          `${keys.size}, over AWS's ${MAX_TAGS_PER_RESOURCE} per resource: remove ${keys.size - MAX_TAGS_PER_RESOURCE} of yours (at most ${MAX_TAGS_PER_RESOURCE - own})`,
      });
    }
  });
