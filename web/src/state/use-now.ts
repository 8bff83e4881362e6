/** The wall clock for the view, re-read every `periodMs`: ages and "stale" are computed from it. */
import { useEffect, useState } from 'react';

export function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = window.setInterval(() => setNow(Date.now()), periodMs);
    return () => window.clearInterval(handle);
  }, [periodMs]);
  return now;
}
