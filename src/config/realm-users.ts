import { z } from "zod";
import { MCP_GATEWAY_ACCESS_MODEL } from "../contract/access-model";
import { closestKey } from "./closest-key";

/**
 * `keycloak.users`: people of the application realm, by configuration. Each gets a generated temporary password in
 * Secrets Manager (`<namePrefix>/keycloak/users/<username>`, set through Keycloak's admin API, never in Terraform's
 * state), changed at first login, and joins the access model's groups listed.
 */

/** Lower case: Keycloak stores usernames in lower case, so another spelling would show as a change on every plan. */
const USERNAME = /^[a-z0-9]([a-z0-9._@-]{0,253}[a-z0-9])?$/;
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** Keycloak names the user of a client's service account `service-account-<client id>`. */
const SERVICE_ACCOUNT_PREFIX = "service-account-";

/** The Terraform name a username becomes, as terraformName (src/constructs/identity/terraform-name.ts; config sits below it). */
const terraformName = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

const groupNames = () => MCP_GATEWAY_ACCESS_MODEL.groups.map((group) => group.name);

const groupName = z.string().superRefine((group, ctx) => {
  const known = groupNames();
  if (known.includes(group)) return;
  const hint = closestKey(group, known);
  ctx.addIssue({
    code: "custom",
    input: group,
    message: `is not a group of the access model${hint ? ` (did you mean "${hint}"?)` : ""}; use one of: ${known.join(", ")}`,
  });
});

const realmUser = z.strictObject({
  username: z.string().superRefine((username, ctx) => {
    if (USERNAME.test(username)) return;
    const lower = username.toLowerCase();
    ctx.addIssue({
      code: "custom",
      input: username,
      message:
        lower !== username && USERNAME.test(lower)
          ? `has upper-case letters; Keycloak stores usernames in lower case: write ${lower}`
          : "is not a username this deployment accepts; use a-z, 0-9 and . _ @ -, starting and ending with a letter or digit, e.g. alice.smith",
    });
  }),
  email: z
    .string()
    .refine((email) => EMAIL.test(email), { message: "is not an e-mail address; give one mailbox, e.g. alice@mycorp.example" }),
  firstName: z.string().min(1).max(255).optional(),
  lastName: z.string().min(1).max(255).optional(),
  groups: z.array(groupName).min(1, {
    message: "must list at least one group; a user in no group can log in but use nothing (the groups: see src/contract/access-model.ts)",
  }),
});

export type RealmUserConfig = z.output<typeof realmUser>;

export const realmUsersSchema = z
  .array(realmUser)
  .default([])
  .superRefine((users, ctx) => {
    const builtIn = MCP_GATEWAY_ACCESS_MODEL.users.map((user) => user.username);
    const seen = new Map<string, { index: number; username: string }>();
    const emails = new Map<string, number>();
    for (const [index, user] of users.entries()) {
      if (builtIn.includes(user.username)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "username"],
          message: `(${user.username}) is a user the deployment creates itself (${builtIn.join(", ")}); choose another username`,
        });
        continue;
      } else if (user.username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
        ctx.addIssue({
          code: "custom",
          path: [index, "username"],
          message: `(${user.username}) starts with ${SERVICE_ACCOUNT_PREFIX}, which Keycloak keeps for clients' service accounts; choose another username`,
        });
      }
      // Terraform addresses derive from the username: keycloak_user.<name>, where every character but a-z, 0-9 and _ is _.
      const address = terraformName(user.username);
      const clash =
        seen.get(address) ??
        builtIn.map((name) => ({ index: -1, username: name })).find((other) => terraformName(other.username) === address);
      if (clash && clash.username !== user.username) {
        ctx.addIssue({
          code: "custom",
          path: [index, "username"],
          message: `(${user.username}) would share the Terraform address keycloak_user.${address} with ${clash.index >= 0 ? `keycloak.users.${clash.index} (${clash.username})` : `the built-in user ${clash.username}`}; usernames must differ in more than . @ - and _`,
        });
      } else if (clash) {
        ctx.addIssue({
          code: "custom",
          path: [index, "username"],
          message: `(${user.username}) is already listed as keycloak.users.${clash.index}; list each user once`,
        });
      }
      seen.set(address, { index, username: user.username });
      const email = user.email.toLowerCase();
      const first = emails.get(email);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index, "email"],
          message: `(${user.email}) is also keycloak.users.${first}'s address; the realm refuses two users with one address (it logs in by e-mail too)`,
        });
      }
      emails.set(email, index);
      for (const [groupIndex, group] of user.groups.entries()) {
        if (user.groups.indexOf(group) !== groupIndex) {
          ctx.addIssue({
            code: "custom",
            path: [index, "groups", groupIndex],
            message: `(${group}) is listed twice; remove the repetition`,
          });
        }
      }
    }
  });

/**
 * The built-in users get `<username>@<hostedZone>`: an address given to a configured user must not be one of theirs.
 * Checked once the hosted zone is known.
 */
export function realmUserEmailProblems(users: readonly RealmUserConfig[], hostedZone: string): { path: string; message: string }[] {
  return users.flatMap((user, index) => {
    const taken = MCP_GATEWAY_ACCESS_MODEL.users.find((builtIn) => `${builtIn.username}@${hostedZone}` === user.email.toLowerCase());
    return taken
      ? [
          {
            path: `keycloak.users.${index}.email`,
            message: `(${user.email}) is the address of the built-in user ${taken.username}; the realm refuses two users with one address: give this user their own`,
          },
        ]
      : [];
  });
}
