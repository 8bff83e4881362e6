import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDensity, LEVEL_STYLES, zoneDensity, zoneLevel } from './levels.ts';
import { snapshotZone } from '../test-support/fixtures.ts';

test('a zone without data is unknown, never SAFE', () => {
  assert.equal(zoneLevel(undefined), 'unknown');
  assert.equal(zoneLevel(snapshotZone('z', null, null, 'unknown')), 'unknown');
  assert.equal(zoneLevel(snapshotZone('z', 0, null)), 'unknown', 'no risk level');
  assert.equal(zoneLevel(snapshotZone('z', 0, 'SAFE', 'unknown')), 'unknown', 'status unknown wins over a level');
  assert.equal(zoneDensity(snapshotZone('z', 0, 'SAFE', 'unknown')), null);
  assert.equal(formatDensity(null), 'no data');
});

test('a known zone shows its level, degraded or not', () => {
  assert.equal(zoneLevel(snapshotZone('z', 5, 'CRITICAL')), 'CRITICAL');
  assert.equal(zoneLevel(snapshotZone('z', 2, 'CAUTION', 'degraded')), 'CAUTION');
  assert.equal(zoneDensity(snapshotZone('z', 2.345, 'CAUTION')), 2.345);
});

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

test('text on every level colour has at least 4.5:1 contrast (WCAG AA)', () => {
  for (const [level, s] of Object.entries(LEVEL_STYLES)) {
    assert.ok(contrast(s.fill, s.ink) >= 4.5, `${level}: ${contrast(s.fill, s.ink).toFixed(2)}`);
  }
});

test('levels differ in lightness, not only in hue (red and green apart for colour-blind readers)', () => {
  const l = (k: keyof typeof LEVEL_STYLES): number => luminance(LEVEL_STYLES[k].fill);
  assert.ok(Math.abs(l('SAFE') - l('CRITICAL')) > 0.05);
  assert.ok(l('CAUTION') > l('WARNING') && l('WARNING') > l('CRITICAL'));
});
