import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTransform, pointsAttr, projectionFor } from './projection.ts';
import { gateLabel } from './gate-label.ts';
import { labelLayout } from './zone-label.ts';
import { venueGeometry } from './venue-geometry.ts';
import { SMALL_VENUE } from '../test-support/fixtures.ts';

test('north is up: venue y grows upwards, screen y downwards', () => {
  const p = projectionFor({ minX: 10, minY: 20, maxX: 110, maxY: 70 }, 5);
  assert.equal(p.width, 110);
  assert.equal(p.height, 60);
  assert.equal(p.x(10), 5);
  assert.equal(p.y(70), 5, 'the northern edge is at the top');
  assert.equal(p.y(20), 55, 'the southern edge is at the bottom');
  assert.equal(pointsAttr(p, [[10, 70], [110, 20]]), '5,5 105,55');
});

test('the canvas fit matches SVG meet: uniform scale, centred, inside the box', () => {
  const p = projectionFor({ minX: 0, minY: 0, maxX: 200, maxY: 100 }, 0);
  const wide = fitTransform(p, 1000, 300);
  assert.equal(wide.scale, 3);
  assert.equal(wide.offsetX, 200);
  assert.equal(wide.offsetY, 0);
  const tall = fitTransform(p, 400, 1000);
  assert.equal(tall.scale, 2);
  assert.equal(tall.offsetY, 400);
});

test('gate labels sit outside their zone, along the gate, never upside down', () => {
  // A vertical gate on the west edge of a zone whose inside is to the east (screen x larger).
  const west = gateLabel([0, 40], [0, 10], [25, 25], 2);
  assert.ok(west.x < 0, 'west of the edge');
  assert.equal(west.y, 25);
  // A horizontal gate on the top edge (screen y small), inside below.
  const north = gateLabel([30, 0], [10, 0], [20, 10], 2);
  assert.ok(north.y < 0);
  for (const l of [west, north, gateLabel([0, 0], [-5, -5], [10, 10], 1)]) {
    assert.ok(l.angleDeg > -90 && l.angleDeg <= 90, `angle ${l.angleDeg}`);
  }
});

test('zone labels shrink to what fits and are never wider or taller than the zone', () => {
  const text = { name: 'Main stage front', level: 'WARNING', density: '4.1 p/m²', densityShort: '4.1' };
  const big = labelLayout(60, 40, 3, text);
  assert.deepEqual(big.lines.map((l) => l.kind), ['name', 'level', 'density']);
  const tunnel = labelLayout(6, 5, 3, text);
  assert.deepEqual(tunnel.lines.map((l) => l.text), ['4.1']);
  for (const [w, h] of [[60, 40], [25, 60], [20, 6], [6, 5], [2, 2]] as const) {
    const l = labelLayout(w, h, 3, text);
    const widest = Math.max(0, ...l.lines.map((x) => x.text.length)) * 0.6 * l.fontSize;
    assert.ok(widest <= w && l.lines.length * 1.15 * l.fontSize <= h, `${w}×${h} overflows`);
  }
  assert.equal(labelLayout(1, 1, 3, text).lines.length, 0);
  const unknown = { name: 'Main stage front', level: 'NO DATA', density: '', densityShort: 'n/d' };
  assert.deepEqual(labelLayout(60, 40, 3, unknown).lines.map((l) => l.text), ['Main stage front', 'NO DATA']);
  assert.deepEqual(labelLayout(6, 5, 3, unknown).lines.map((l) => l.text), ['n/d']);
});

test('every zone gets its outline and a label anchor inside the drawing', () => {
  const g = venueGeometry(SMALL_VENUE);
  assert.deepEqual(g.zones.map((z) => z.id), ['z1', 'z2', 'z3']);
  for (const z of g.zones) {
    assert.ok(z.labelX > 0 && z.labelX < g.projection.width && z.labelY > 0 && z.labelY < g.projection.height);
  }
  const tunnel = g.zones[2]!;
  assert.equal(tunnel.boxWidth, 6);
  assert.equal(tunnel.boxHeight, 5);
});
