import {
  CONNECTIONS_MOVE_VARIANTS,
  CONNECTIONS_MOVES,
  NAT_INSTANCE_ADDRESSES,
  PINNED_ADDRESSES,
  POSTGRES_INSTANCE_ADDRESS_CHANGES,
} from "./resource-addresses";
import { addresses, fullRawConfig, Json, synthStacks } from "./support";

// Terraform keys state by address: a changed address means destroy and re-create. This list is updated by hand, on
// purpose, whenever a change adds, removes or renames a resource.
describe("resource addresses", () => {
  // Every optional part on: all services and the models cache file system.
  const raw = fullRawConfig();
  raw.fileSystem = { ...raw.fileSystem, modelsCache: true };
  const stacks = synthStacks(raw);

  test.each(["certs", "app"] as const)("%s stack addresses are exactly the pinned list", (name) => {
    expect(addresses(stacks[name])).toEqual(PINNED_ADDRESSES[name]);
  });

  test("a NAT instance replaces exactly the NAT gateways' addresses with the pinned ones", () => {
    const withInstance = fullRawConfig();
    withInstance.fileSystem = { ...withInstance.fileSystem, modelsCache: true };
    withInstance.network.natGateways = "instance";
    const instanceAddresses = addresses(synthStacks(withInstance).app);
    const defaultAddresses = addresses(stacks.app);
    expect(defaultAddresses.filter((address) => !instanceAddresses.includes(address))).toEqual(NAT_INSTANCE_ADDRESSES.removed);
    expect(instanceAddresses.filter((address) => !defaultAddresses.includes(address))).toEqual(NAT_INSTANCE_ADDRESSES.added);
  });

  test("with database.engine postgres-instance only the database's own resources and alarms change address", () => {
    const withInstance = fullRawConfig();
    withInstance.fileSystem = { ...withInstance.fileSystem, modelsCache: true };
    for (const auroraOnly of ["minAcu", "maxAcu", "reader"]) delete withInstance.database[auroraOnly];
    withInstance.database.engine = "postgres-instance";
    const { removed, added } = POSTGRES_INSTANCE_ADDRESS_CHANGES;
    const expected = [...PINNED_ADDRESSES.app.filter((address) => !removed.includes(address)), ...added].sort();
    expect(addresses(synthStacks(withInstance).app)).toEqual(expected);
  });

  test("addresses are readable: no hash suffixes", () => {
    for (const name of ["certs", "app"] as const) {
      for (const address of addresses(stacks[name])) {
        expect(address).not.toMatch(/_[0-9A-F]{8}$/);
      }
    }
  });
});

describe("moved blocks", () => {
  type Move = { from: string; to: string };
  const LOGS_KEY_MOVE = { from: "aws_kms_key.logs_key_key", to: "aws_kms_key.logs" };
  const byTarget = (moves: readonly Move[]) => [...moves].sort((a, b) => a.to.localeCompare(b.to));
  /** CONNECTIONS_MOVES with the moves whose new address matches `pattern` replaced by a variant's. */
  const replacing = (pattern: RegExp, variant: readonly Move[]) => [
    ...CONNECTIONS_MOVES.filter((move) => !pattern.test(move.to)),
    ...variant,
  ];
  const everything = (change: (raw: Json) => void = () => undefined) => {
    const raw = fullRawConfig();
    raw.fileSystem = { ...raw.fileSystem, modelsCache: true };
    change(raw);
    return raw;
  };
  const cases: [string, Json, Move[]][] = [
    ["every optional part on", everything(), CONNECTIONS_MOVES],
    [
      "database.proxy false",
      everything((raw) => (raw.database.proxy = false)),
      replacing(/database_keycloak_to_proxy/, CONNECTIONS_MOVE_VARIANTS.withoutProxy),
    ],
    [
      "database.engine postgres-instance without the proxy",
      everything((raw) => {
        for (const auroraOnly of ["minAcu", "maxAcu", "reader"]) delete raw.database[auroraOnly];
        raw.database = { ...raw.database, engine: "postgres-instance", proxy: false };
      }),
      replacing(/database_keycloak_to_proxy/, CONNECTIONS_MOVE_VARIANTS.postgresInstanceWithoutProxy),
    ],
    [
      "loadBalancers.shared",
      everything((raw) => (raw.loadBalancers = { ...raw.loadBalancers, shared: true })),
      replacing(/keycloak_keycloak_load_balancer/, CONNECTIONS_MOVE_VARIANTS.sharedLoadBalancer),
    ],
  ];

  test.each(cases)("%s: every renamed rule's former address is moved to its new one, and nothing else", (_, raw, expected) => {
    const app = synthStacks(raw).app;
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(byTarget(app.moved)).toEqual(byTarget([LOGS_KEY_MOVE, ...expected]));
  });

  test.each(cases)("%s: each moved block leads from an address no longer declared to a declared one of its type", (_, raw) => {
    const app = synthStacks(raw).app;
    const declared = addresses(app);
    expect(app.moved.length).toBeGreaterThan(1);
    for (const { from, to } of app.moved as Move[]) {
      expect({ to, declared: declared.includes(to) }).toEqual({ to, declared: true });
      expect({ from, declared: declared.includes(from) }).toEqual({ from, declared: false });
      expect(from.split(".")[0]).toBe(to.split(".")[0]);
    }
    const targets = app.moved.map((move: Move) => move.to);
    expect(new Set(targets).size).toBe(targets.length);
  });

  test("the pinned moves lead from addresses outside the pinned list to addresses in it", () => {
    for (const { from, to } of CONNECTIONS_MOVES) {
      expect(PINNED_ADDRESSES.app).toContain(to);
      expect(PINNED_ADDRESSES.app).not.toContain(from);
    }
  });
});
