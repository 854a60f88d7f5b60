import { DEFAULT_TAG_KEYS, MAX_TAGS_PER_RESOURCE, OWN_TAG_KEYS, RESOURCE_TAG_KEYS } from "../src/config/tags";
import { fullRawConfig, Json, synthStacks } from "./support";

/** The tag limit counts the deployment's own tags: this keeps that count true to what the stacks declare. */
describe("the tags this deployment adds, as the tag limit counts them", () => {
  const raw = fullRawConfig();
  const stacks = synthStacks(raw);
  const userKeys = Object.keys(raw.tags);

  test.each(["certs", "app"] as const)("the %s stack's provider adds the configured tags and DEFAULT_TAG_KEYS", (name) => {
    const defaultTags = stacks[name].provider.aws[0].default_tags[0].tags as Record<string, string>;
    expect(Object.keys(defaultTags).sort()).toEqual([...userKeys, ...DEFAULT_TAG_KEYS].sort());
  });

  test("no resource sets a tag outside RESOURCE_TAG_KEYS, so none carries more than the configured ones and OWN_TAG_KEYS", () => {
    const resourceKeys = new Set<string>();
    for (const stack of [stacks.certs, stacks.app]) {
      for (const byName of Object.values((stack.resource ?? {}) as Record<string, Record<string, Json>>)) {
        for (const resource of Object.values(byName)) {
          if (resource.tags && typeof resource.tags === "object") for (const key of Object.keys(resource.tags)) resourceKeys.add(key);
        }
      }
    }
    expect([...resourceKeys].filter((key) => !(RESOURCE_TAG_KEYS as readonly string[]).includes(key))).toEqual([]);
    expect(OWN_TAG_KEYS.length).toBeLessThan(MAX_TAGS_PER_RESOURCE);
  });
});
