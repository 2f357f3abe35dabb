import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../../../../src/core/network/address-policy.js';

const policy = createAddressPolicy();

describe('SSRF address policy', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['10.0.0.5', /private/],
    ['172.16.3.4', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /this-network/],
    ['224.0.0.1', /multicast/],
    ['240.0.0.1', /reserved/],
    ['255.255.255.255', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fd12:3456::1', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback.*IPv4-mapped/],
    ['::ffff:a9fe:a9fe', /link-local.*IPv4-mapped/],
    ['::7f00:1', /loopback.*IPv4-compatible/],
    ['64:ff9b::a9fe:a9fe', /link-local.*NAT64/],
    ['64:ff9b:1::0a00:0005', /private.*NAT64/],
    ['2002:7f00:0001::1', /loopback.*6to4/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
  ])('blocks %s', (address, rule) => {
    const verdict = policy.check(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.rule).toMatch(rule);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows public %s', (address) => {
    expect(policy.check(address)).toEqual({ allowed: true });
  });

  it('opens exactly what the allow-list names', () => {
    const dev = createAddressPolicy({ cidrs: ['127.0.0.0/8', '::1'], hosts: ['crm.internal'] });
    expect(dev.check('127.0.0.1')).toEqual({ allowed: true });
    expect(dev.check('::1')).toEqual({ allowed: true });
    expect(dev.check('::ffff:127.0.0.1')).toEqual({ allowed: true });
    expect(dev.check('10.0.0.1').allowed).toBe(false);
    expect(dev.check('169.254.169.254').allowed).toBe(false);
    expect(dev.isAllowedHost('CRM.internal')).toBe(true);
    expect(dev.isAllowedHost('evil.example')).toBe(false);
  });

  it('treats garbage as blocked, not as a crash', () => {
    expect(policy.check('not-an-ip')).toMatchObject({ allowed: false, rule: 'not an IP address' });
  });
});
