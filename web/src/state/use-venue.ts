/**
 * The venue drawing, fetched once per session and retried with backoff (1 s doubling to 10 s)
 * until it comes: without it there is no map, so giving up is not an option.
 */
import { useEffect, useState } from 'react';
import type { ApiClient, VenueSummary } from '../api/index.ts';

export function useVenue(api: ApiClient): { venue: VenueSummary | null; error: string | null } {
  const [venue, setVenue] = useState<VenueSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let retry: number | undefined;
    const load = async (attempt: number): Promise<void> => {
      try {
        const v = await api.getVenue();
        if (!cancelled) setVenue(v);
      } catch (err) {
        if (cancelled) return;
        setError(err instanceof Error ? err.message : String(err));
        retry = window.setTimeout(() => void load(attempt + 1), Math.min(10_000, 1000 * 2 ** attempt));
      }
    };
    void load(0);
    return () => {
      cancelled = true;
      window.clearTimeout(retry);
    };
  }, [api]);
  return { venue, error };
}
