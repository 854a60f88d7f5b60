import { NAT_INSTANCE_ADDRESSES, PINNED_ADDRESSES, POSTGRES_INSTANCE_ADDRESS_CHANGES } from "./resource-addresses";
import { addresses, fullRawConfig, synthStacks } from "./support";

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
