import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeWithin, truncate } from './text-fit.ts';
import { escapeSlack } from './channels/slack.ts';

test('escaped text fits its limit and is never cut inside an entity', () => {
  const text = 'a & b < c > d & '.repeat(50);
  for (let max = 1; max <= 120; max++) {
    const out = escapeWithin(text, max, escapeSlack);
    assert.ok(out.length <= max, `${out.length} > ${max}`);
    // Whatever precedes the ellipsis is the escape of a prefix of the raw text.
    const kept = out.slice(0, -1);
    assert.ok(!/&[a-z]*$/.test(kept), `cut inside an entity: "${kept.slice(-6)}"`);
  }
  assert.equal(escapeWithin('a&b', 10, escapeSlack), 'a&amp;b');
});

test('truncate keeps short text and marks cut text', () => {
  assert.equal(truncate('short', 10), 'short');
  assert.equal(truncate('0123456789abc', 10), '012345678…');
});
