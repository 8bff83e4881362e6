/**
 * The processor's checkpoint as a compact, versioned binary snapshot: what the runtime stores
 * every few seconds on the event loop, so it must cost little (the JSON form it replaces took
 * 6–25 ms for the pilot arena). One pass over the state writes numbers into two typed arrays and
 * strings (reading ids, track ids) into one UTF-8 run; nothing per pane is allocated.
 *
 * Layout (little-endian, as the typed arrays of every platform Node runs on):
 *   bytes 0–3   magic "CFSS"           bytes 4–7   format version (u32)
 *   bytes 8–11  header length H        bytes 12–15 wide numbers W     bytes 16–19 narrow numbers N
 *   bytes 20–23 string bytes S         (all u32)
 *   H bytes of JSON header (venue, window, hop, watermark state, counters, layout fingerprint),
 *   zero padding to a multiple of 8, W float64 ("wide"), N float32 ("narrow"), S bytes of UTF-8.
 * Narrow numbers are those a float32 holds exactly (counts, lengths, flags, masks, and the pane
 * fields that fit: most are small integers); every other number is wide. Nothing is rounded, so
 * a restore continues bit for bit.
 * Per source in venue order: lastTs, lastValue, lastEventTs, lastReceivedAt, its counter span
 * (fromTs, toTs, startIn, startOut, endIn, endOut; version 6), its oldest held pane
 * (wide), the number of held panes (narrow); per held pane its index after the oldest (narrow),
 * then per word of 24 fields two masks (narrow): the non-zero fields, and of those the wide ones;
 * then the fields, each in its stream (a narrow `lastTs` is ms after the pane start).
 * Then the previous camera frame: flag (narrow), ts (wide), tracks (count; per track the UTF-16
 * length of its id, narrow; x, y, wide), pressure cells (count; key and 5 averages, wide). Then net,
 * offset, negativeSinceTs (wide; version 6), anchored (narrow) of every zone and every counted region; then per zone its
 * occupancy filter: initialised (narrow), and when it is, time, level, rate, p00, p01, p11 (wide)
 * (version 5; version 4 had no filter); then the id buckets
 * (count; per bucket its pane, wide, its size and each id's UTF-16 length, narrow). The strings
 * are the ids, in that order.
 */
import { Buffer } from 'node:buffer';
import { CrowdflowError } from '../contracts/index.ts';
import { COUNTER_SPAN_FIELDS } from './counter-totals.ts';
import { SeenIds } from './dedupe.ts';
import { F } from './panes.ts';
import type { ZoneFilter } from './occupancy-filter.ts';
import type { Integrator, SourceState } from './source-state.ts';
import type { Topology } from './topology.ts';
import type { CellMemory, TrackMemory } from './tracks-metrics.ts';

/** Bumped whenever the layout or the meaning of a stored number changes: an older snapshot is refused. */
export const SNAPSHOT_VERSION = 6;
const MAGIC = [0x43, 0x46, 0x53, 0x53]; // "CFSS"
const PREFIX_BYTES = 24;
/** Fields per mask word: a float32 holds integers up to 2²⁴ exactly. */
const MASK_BITS = 24;

/** The small scalar part of the state, kept as JSON inside the snapshot. */
export interface SnapshotHeader {
  readonly venueId: string;
  /** Fingerprint of the sources, zones and regions the numbers are laid out for. */
  readonly layout: string;
  readonly windowMs: number;
  readonly hopMs: number;
  readonly maxEventTs: number;
  readonly headEndMs: number;
  readonly lastTickMs: number;
  readonly stats: Record<string, number>;
}

/** The mutable state a snapshot writes and a restore fills. */
export interface SnapshotState {
  readonly sources: readonly SourceState[];
  readonly integrators: readonly Integrator[];
  readonly regionIntegrators: readonly Integrator[];
  /** Per zone, in venue order. */
  readonly filters: readonly ZoneFilter[];
  seen: SeenIds;
}

/** FNV-1a of every source's id, kind and pane stride, and every zone and region id. */
export function layoutFingerprint(topo: Topology): string {
  const text = [
    ...topo.sources.map((s) => `${s.id}:${s.kind}:${s.stride}`),
    ...topo.zones.map((z) => z.zone.id),
    ...topo.regions.map((r) => `region:${r.id}`),
  ].join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

class Float64Writer {
  buf = new Float64Array(1 << 13);
  n = 0;
  push(x: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = x;
  }
}

class Float32Writer {
  buf = new Float32Array(1 << 14);
  n = 0;
  push(x: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = x;
  }
}

export function encodeSnapshot(header: SnapshotHeader, st: SnapshotState): Uint8Array {
  const w = new Float64Writer();
  const nw = new Float32Writer();
  const strings: string[] = [];
  for (const s of st.sources) {
    w.push(s.lastTs);
    w.push(s.lastValue);
    w.push(s.lastEventTs);
    w.push(s.lastReceivedAt);
    for (const f of COUNTER_SPAN_FIELDS) w.push(s.counter[f]);
    const { data, paneOf, size, stride } = s.ring;
    let firstPane = Infinity;
    for (let slot = 0; slot < size; slot++) if (paneOf[slot]! >= 0) firstPane = Math.min(firstPane, paneOf[slot]!);
    w.push(firstPane === Infinity ? 0 : firstPane);
    const countAt = nw.n;
    nw.push(0);
    let held = 0;
    const words = Math.ceil(stride / MASK_BITS);
    for (let slot = 0; slot < size; slot++) {
      const k = paneOf[slot]!;
      if (k < 0) continue;
      held++;
      nw.push(k - firstPane);
      const base = slot * stride;
      const paneStart = k * header.hopMs;
      for (let word = 0; word < words; word++) {
        const maskAt = nw.n;
        nw.push(0);
        nw.push(0);
        let nonZero = 0;
        let wide = 0;
        const end = Math.min(stride, (word + 1) * MASK_BITS);
        for (let f = word * MASK_BITS; f < end; f++) {
          const v = data[base + f]!;
          if (v === 0) continue;
          const bit = 1 << (f - word * MASK_BITS);
          nonZero |= bit;
          // The newest reading's time in the pane, as ms after the pane start when that is exact.
          const d = f === F.lastTs ? v - paneStart : v;
          if (Math.fround(d) === d && (f !== F.lastTs || Number.isInteger(v))) nw.push(d);
          else {
            wide |= bit;
            w.push(v);
          }
        }
        nw.buf[maskAt] = nonZero;
        nw.buf[maskAt + 1] = wide;
      }
    }
    nw.buf[countAt] = held;
    const prev = s.prevFrame;
    if (prev === null) {
      nw.push(0);
      continue;
    }
    nw.push(1);
    w.push(prev.ts);
    nw.push(prev.tracks.size);
    for (const [id, p] of prev.tracks) {
      strings.push(id);
      nw.push(id.length);
      w.push(p[0]);
      w.push(p[1]);
    }
    nw.push(prev.cells.size);
    for (const [key, c] of prev.cells) {
      w.push(key);
      for (let j = 0; j < 5; j++) w.push(c[j]!);
    }
  }
  for (const list of [st.integrators, st.regionIntegrators]) {
    for (const it of list) {
      w.push(it.net);
      w.push(it.offset);
      w.push(it.negativeSinceTs);
      nw.push(it.anchored ? 1 : 0);
    }
  }
  for (const f of st.filters) {
    nw.push(f.init ? 1 : 0);
    if (!f.init) continue;
    w.push(f.tMs);
    w.push(f.level);
    w.push(f.rate);
    w.push(f.p00);
    w.push(f.p01);
    w.push(f.p11);
  }
  const bucketsAt = nw.n;
  nw.push(0);
  let buckets = 0;
  for (const [pane, ids] of st.seen.entries()) {
    buckets++;
    w.push(pane);
    nw.push(ids.length);
    for (const id of ids) {
      strings.push(id);
      nw.push(id.length);
    }
  }
  nw.buf[bucketsAt] = buckets;

  const enc = new TextEncoder();
  const head = enc.encode(JSON.stringify(header));
  const text = enc.encode(strings.join(''));
  const wideAt = Math.ceil((PREFIX_BYTES + head.length) / 8) * 8;
  const narrowAt = wideAt + w.n * 8;
  const textAt = narrowAt + nw.n * 4;
  const out = new Uint8Array(textAt + text.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, SNAPSHOT_VERSION, true);
  view.setUint32(8, head.length, true);
  view.setUint32(12, w.n, true);
  view.setUint32(16, nw.n, true);
  view.setUint32(20, text.length, true);
  out.set(head, PREFIX_BYTES);
  new Float64Array(out.buffer, wideAt, w.n).set(w.buf.subarray(0, w.n));
  new Float32Array(out.buffer, narrowAt, nw.n).set(nw.buf.subarray(0, nw.n));
  out.set(text, textAt);
  return out;
}

/** Reads the format version and header of a snapshot, refusing anything that is not one of this version. */
export function readSnapshotHeader(bytes: Uint8Array): SnapshotHeader {
  if (bytes.length < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new CrowdflowError('CF_ERR_CONFIG', 'stream checkpoint is not a crowdflow stream snapshot (expected magic "CFSS")');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== SNAPSHOT_VERSION) {
    throw new CrowdflowError('CF_ERR_CONFIG', `stream snapshot version ${version} not ${SNAPSHOT_VERSION}; start without it and replay the log`);
  }
  const headLen = view.getUint32(8, true);
  if (PREFIX_BYTES + headLen > bytes.length) throw truncated();
  return JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headLen))) as SnapshotHeader;
}

/** Fills `st` from a snapshot whose header was checked by the caller (same venue layout). */
export function decodeSnapshot(bytes: Uint8Array, st: SnapshotState, hopMs: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLen = view.getUint32(8, true);
  const wideCount = view.getUint32(12, true);
  const narrowCount = view.getUint32(16, true);
  const textLen = view.getUint32(20, true);
  const wideAt = Math.ceil((PREFIX_BYTES + headLen) / 8) * 8;
  const narrowAt = wideAt + wideCount * 8;
  const textAt = narrowAt + narrowCount * 4;
  if (textAt + textLen !== bytes.length) throw truncated();
  // Copied: the snapshot's bytes need not be aligned in their buffer.
  const wide = new Float64Array(bytes.slice(wideAt, narrowAt).buffer);
  const narrow = new Float32Array(bytes.slice(narrowAt, textAt).buffer);
  const text = new TextDecoder().decode(bytes.subarray(textAt, textAt + textLen));
  let i = 0;
  let j = 0;
  let t = 0;
  const next = (): number => {
    if (i >= wideCount) throw truncated();
    return wide[i++]!;
  };
  const small = (): number => {
    if (j >= narrowCount) throw truncated();
    return narrow[j++]!;
  };
  const str = (): string => {
    const len = small();
    const s = text.slice(t, t + len);
    t += len;
    return s;
  };
  for (const s of st.sources) {
    s.lastTs = next();
    s.lastValue = next();
    s.lastEventTs = next();
    s.lastReceivedAt = next();
    for (const f of COUNTER_SPAN_FIELDS) s.counter[f] = next();
    const { data, stride } = s.ring;
    const words = Math.ceil(stride / MASK_BITS);
    const firstPane = next();
    for (let held = small(); held > 0; held--) {
      const k = firstPane + small();
      const base = s.ring.slotFor(k);
      for (let word = 0; word < words; word++) {
        const nonZero = small();
        const wideMask = small();
        const end = Math.min(stride, (word + 1) * MASK_BITS);
        for (let f = word * MASK_BITS; f < end; f++) {
          const bit = 1 << (f - word * MASK_BITS);
          if ((nonZero & bit) === 0) continue;
          const v = (wideMask & bit) !== 0 ? next() : f === F.lastTs ? small() + k * hopMs : small();
          if (base >= 0) data[base + f] = v;
        }
      }
    }
    if (small() === 0) {
      s.prevFrame = null;
      continue;
    }
    const ts = next();
    const tracks = new Map<string, TrackMemory>();
    for (let n = small(); n > 0; n--) {
      const id = str();
      tracks.set(id, [next(), next()]);
    }
    const cells = new Map<number, CellMemory>();
    for (let n = small(); n > 0; n--) {
      const key = next();
      cells.set(key, [next(), next(), next(), next(), next()]);
    }
    s.prevFrame = { ts, tracks, cells };
  }
  for (const list of [st.integrators, st.regionIntegrators]) {
    for (const it of list) {
      it.net = next();
      it.offset = next();
      it.negativeSinceTs = next();
      it.anchored = small() === 1;
    }
  }
  for (const f of st.filters) {
    f.init = small() === 1;
    if (!f.init) continue;
    f.tMs = next();
    f.level = next();
    f.rate = next();
    f.p00 = next();
    f.p01 = next();
    f.p11 = next();
  }
  const seen = new SeenIds();
  for (let b = small(); b > 0; b--) {
    const pane = next();
    for (let n = small(); n > 0; n--) seen.add(str(), pane);
  }
  if (i !== wideCount || j !== narrowCount || t !== text.length) throw truncated();
  st.seen = seen;
}

/** The snapshot as text (base64): JSON-safe, for stores that keep checkpoints as text. */
export function snapshotToText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function snapshotFromText(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function truncated(): CrowdflowError {
  return new CrowdflowError('CF_ERR_CONFIG', 'stream snapshot is truncated or corrupt (its numbers and strings do not match its layout)');
}
