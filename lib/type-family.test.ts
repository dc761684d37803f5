import { describe, expect, it } from 'vitest';
import { typeFamily, versionLabel } from './type-family';

describe('the name a type goes by across versions', () => {
  it('takes off a suffix naming the entry’s own version', () => {
    expect(typeFamily('shop.OrderPlaced.v2', '2')).toBe('shop.OrderPlaced');
    expect(typeFamily('shop.OrderPlaced.v1', 'v1')).toBe('shop.OrderPlaced');
    expect(typeFamily('OrderPlacedV3', '3')).toBe('OrderPlaced');
    expect(typeFamily('order-placed_v2', '')).toBe('order-placed');
  });
  it('leaves names whose digits are not the version', () => {
    expect(typeFamily('shop.OrderPlaced.v2', '3')).toBe('shop.OrderPlaced.v2');
    expect(typeFamily('IPv4', '')).toBe('IPv4');
    expect(typeFamily('IPv4', '2')).toBe('IPv4');
    expect(typeFamily('OrderPlaced', '2')).toBe('OrderPlaced');
  });
  it('labels versions', () => {
    expect([versionLabel('2'), versionLabel('v2'), versionLabel(''), versionLabel('2024-01')]).toEqual(['v2', 'v2', '—', '2024-01']);
  });
});
