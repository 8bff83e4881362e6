import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centroid, isSimplePolygon, pointInPolygon, polygonArea, polygonsOverlap, segmentOnBoundary } from './geometry.ts';

const square = [[0, 0], [4, 0], [4, 4], [0, 4]] as const;

test('area and centroid of a square and an L shape', () => {
  assert.equal(polygonArea(square), 16);
  assert.deepEqual(centroid(square), [2, 2]);
  const l = [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]] as const;
  assert.equal(polygonArea(l), 7);
  assert.equal(polygonArea([...l].reverse()), 7, 'orientation does not matter');
});

test('point in polygon, boundary segments and simplicity', () => {
  assert.ok(pointInPolygon(1, 1, square));
  assert.ok(!pointInPolygon(5, 1, square));
  assert.ok(segmentOnBoundary([[4, 1], [4, 3]], square));
  assert.ok(!segmentOnBoundary([[3, 1], [3, 3]], square));
  assert.ok(!isSimplePolygon([[0, 0], [4, 4], [4, 0], [0, 4]]));
});

test('adjacent polygons do not overlap, intersecting ones do', () => {
  assert.ok(!polygonsOverlap(square, [[4, 0], [8, 0], [8, 4], [4, 4]]));
  assert.ok(polygonsOverlap(square, [[3, 0], [8, 0], [8, 4], [3, 4]]));
  assert.ok(polygonsOverlap(square, [[1, 1], [2, 1], [2, 2], [1, 2]]), 'contained');
});
