/**
 * Memory of the reading ids seen within the acceptance horizon, to drop retries and edge
 * replays. Bounded: ids are kept in buckets by event-time pane and a bucket is forgotten once
 * its pane is older than the horizon; a copy of a reading that old would be dropped as late
 * anyway, so forgetting it can never let a reading count twice.
 */
export class SeenIds {
  private readonly ids = new Set<string>();
  private readonly buckets = new Map<number, string[]>();

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string, pane: number): void {
    this.ids.add(id);
    const b = this.buckets.get(pane);
    if (b === undefined) this.buckets.set(pane, [id]);
    else b.push(id);
  }

  /** Forgets every id of a pane below `oldestPane`. */
  forgetBefore(oldestPane: number): void {
    for (const [pane, ids] of this.buckets) {
      if (pane >= oldestPane) continue;
      for (const id of ids) this.ids.delete(id);
      this.buckets.delete(pane);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  /** Buckets as (pane, ids), for snapshots; the arrays are the live ones: read, do not keep. */
  entries(): IterableIterator<[number, string[]]> {
    return this.buckets.entries();
  }
}
