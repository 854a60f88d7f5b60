import { fullRawConfig, synthStacks } from "./support";

// A regression net over the whole synthesized output; intent is asserted by the property tests.
describe("synthesized stacks", () => {
  const stacks = synthStacks(fullRawConfig());

  test("certs stack", () => {
    expect(stacks.certs).toMatchSnapshot();
  });

  test("app stack", () => {
    expect(stacks.app).toMatchSnapshot();
  });
});
