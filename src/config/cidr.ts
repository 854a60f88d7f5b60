export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

/** Parses an IPv4 CIDR block whose address is the network address; undefined when malformed. */
export function parseCidr(block: string): Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(block);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const base = address - (address % 2 ** (32 - prefix));
  if (base !== address) return undefined;
  return { base, prefix };
}

function mustParse(block: string): Cidr {
  const parsed = parseCidr(block);
  if (!parsed) throw new Error(`invalid CIDR block ${block}`);
  return parsed;
}

function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = mustParse(outer);
  const b = mustParse(inner);
  return b.prefix >= a.prefix && b.base >= a.base && b.base + size(b) <= a.base + size(a);
}

export function cidrsOverlap(first: string, second: string): boolean {
  const a = mustParse(first);
  const b = mustParse(second);
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** Terraform's cidrsubnet(): the netnum-th block of `newbits` more prefix bits inside `block`. */
export function cidrSubnet(block: string, newbits: number, netnum: number): string {
  const parent = mustParse(block);
  const prefix = parent.prefix + newbits;
  if (prefix > 32 || netnum >= 2 ** newbits) throw new Error(`cannot carve block ${netnum} of /${prefix} from ${block}`);
  return formatCidr({ base: parent.base + netnum * 2 ** (32 - prefix), prefix });
}

/** Why a CIDR block is not one, with the corrected form when only host bits are set. */
export function cidrProblem(value: string): string {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(value);
  if (match && Number(match[2]) <= 32 && match[1].split(".").every((octet) => Number(octet) <= 255)) {
    const prefix = Number(match[2]);
    const address = match[1].split(".").reduce((total, octet) => total * 256 + Number(octet), 0);
    const base = address - (address % 2 ** (32 - prefix));
    const network = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
    if (parseCidr(`${network}/${prefix}`)) return `has host bits set; use the network address ${network}/${prefix}`;
  }
  return "is not a valid IPv4 CIDR block; use the form a.b.c.d/n, e.g. 10.0.0.0/16";
}
