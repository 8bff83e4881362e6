/**
 * mulberry32 (Tommy Ettinger, 2017): a small, fast seeded generator, uniform in [0, 1). Every
 * random source of tests, benchmarks, fuzzing and feeds is seeded with it, so every run is the
 * same run. (The simulator's `Rng` is the same generator with normal and range helpers.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
