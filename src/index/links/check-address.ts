import { BlockList, isIP } from 'node:net';

/** Addresses a link may not reach unless a setting allows them: private, loopback, link-local and special ranges. */
function blockedRanges(): BlockList {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
    ['224.0.0.0', 4], ['240.0.0.0', 4],
  ];
  for (const [net, bits] of v4) list.addSubnet(net, bits, 'ipv4');
  const v6: [string, number][] = [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]];
  for (const [net, bits] of v6) list.addSubnet(net, bits, 'ipv6');
  return list;
}

/** Built on first use, not at import (about 5 ms with node:net): most processes that import it never check an address. */
let blocked: BlockList | undefined;

/** `::ffff:127.0.0.1` → `127.0.0.1`: an IPv4 address written as IPv6 is judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** The exceptions a setting allows (`FETCH_ALLOW_ADDRESSES`), as a list to check addresses against. */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * Why a link may not connect to `address`, or null when it may: private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * loopback, link-local (169.254/16, fe80::/10, where cloud metadata services live), and other special ranges are
 * refused unless `allowed` lists them. Pure.
 */
export function addressRefusal(address: string, allowed: BlockList): string | null {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return `"${address}" is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allowed.check(plain, type)) return null;
  if ((blocked ??= blockedRanges()).check(plain, type)) {
    return `it leads to ${plain}, a private, loopback or link-local address, which links may not reach (FETCH_ALLOW_ADDRESSES lists exceptions)`;
  }
  return null;
}
