import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadVenueFile, parseVenue, VenueError } from './index.ts';

const pilot = 'venues/pilot-arena.yaml';

test('the pilot arena loads with the scope the seeds ask for', () => {
  const v = loadVenueFile(pilot);
  assert.equal(v.capacity, 20000);
  assert.ok(v.zones.length >= 20, `${v.zones.length} zones`);
  assert.ok(v.gates.filter((g) => g.direction !== 'out').length >= 6);
  assert.equal(v.stages.length, 2);
  assert.ok(v.facilities.some((f) => f.kind === 'bar') && v.facilities.some((f) => f.kind === 'toilet'));
  assert.ok(v.zones.some((z) => z.type === 'concourse'));
  const kinds = new Set(v.sensors.map((s) => s.kind));
  for (const k of ['line_count', 'zone_count', 'tracks', 'ticket_scan', 'wifi_count']) assert.ok(kinds.has(k as never), `sensor kind ${k}`);
});

test('zone areas come from the polygon unless overridden', () => {
  const v = loadVenueFile(pilot);
  assert.equal(v.zoneById.get('main-pit' as never)?.areaSqm, 25 * 60);
  const text = readFileSync(pilot, 'utf8').replace('id: main-pit, name: Main stage front,', 'id: main-pit, name: Main stage front, areaSqm: 1200,');
  assert.equal(parseVenue(text).zoneById.get('main-pit' as never)?.areaSqm, 1200);
});

test('passages resolve both ends and a line sensor informs both zones', () => {
  const v = loadVenueFile(pilot);
  const s = v.sensorById.get('lc-n1-inner' as never)!;
  assert.deepEqual([...s.zoneIds].sort(), ['main-pit', 'tunnel-n1']);
  assert.equal(v.passageById.get('p-n1-inner' as never)?.widthM, 6);
});

function errorOf(text: string): VenueError {
  try {
    parseVenue(text, 'bad.yaml');
  } catch (e) {
    assert.ok(e instanceof VenueError, String(e));
    return e;
  }
  assert.fail('expected a VenueError');
}

const minimal = `schema: crowdflow.venue/v1
id: v1
name: Tiny
capacity: 100
zones:
  - id: a
    type: standing
    capacity: 50
    polygon: [[0, 0], [10, 0], [10, 10], [0, 10]]
  - id: b
    type: standing
    capacity: 50
    polygon: [[10, 0], [20, 0], [20, 10], [10, 10]]
passages:
  - { id: ab, from: a, to: b, opening: [[10, 2], [10, 8]] }
`;

test('a minimal venue loads', () => {
  const v = parseVenue(minimal);
  assert.equal(v.zones.length, 2);
  assert.equal(v.passages[0]!.widthM, 6);
});

test('schema errors name file, path, line and what was expected', () => {
  const e = errorOf(minimal.replace('capacity: 50\n    polygon: [[10, 0]', 'capacity: -5\n    polygon: [[10, 0]'));
  assert.match(e.message, /bad\.yaml:12:\d+ zones\[1\]\.capacity: .*>0/);
});

test('unknown references and misplaced openings are reported with their path', () => {
  const e = errorOf(minimal.replace('to: b, opening: [[10, 2], [10, 8]]', 'to: c, opening: [[11, 2], [11, 8]]'));
  assert.match(e.message, /passages\[0\]\.to: unknown zone "c"/);
  assert.match(e.message, /passages\[0\]\.opening: opening must lie on one edge of zone "a"/);
});

test('overlapping zones and duplicate ids are rejected', () => {
  const e = errorOf(minimal.replace('[[10, 0], [20, 0], [20, 10], [10, 10]]', '[[5, 0], [20, 0], [20, 10], [5, 10]]').replace('id: b', 'id: a'));
  assert.match(e.message, /overlaps zone "a"/);
  assert.match(e.message, /duplicate zone id "a"/);
});

test('YAML syntax errors carry a line', () => {
  const e = errorOf('schema: crowdflow.venue/v1\nzones: [\n');
  assert.match(e.message, /bad\.yaml:\d+:\d+ \(root\): YAML:/);
});
