/**
 * cdktf 0.21's TerraformOutput calls `util.isArray`, which Node.js 22 and later report as deprecated (DEP0044) on
 * stderr at every synth; cdktf shows every stderr line of the app as `[ERROR]`. Only that warning is dropped: any
 * other warning, deprecations of our own code included, still prints.
 */
export function dropCdktfIsArrayDeprecation(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (...args: unknown[]) => {
    const [, typeOrOptions, code] = args;
    const warningCode = typeof typeOrOptions === "object" && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
    if (warningCode === "DEP0044") return;
    emitWarning(...args);
  };
}
