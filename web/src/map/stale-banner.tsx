/**
 * Says across the top of the map that the picture may be old. It keeps its own clock, so the
 * map under it does not re-render as the age ticks. It precedes the map layers in the DOM so
 * that CSS can grey them (`.stale-banner ~ svg`).
 */
import { staleMessage, useNow } from '../state/index.ts';

export function StaleBanner({ text }: { text: string | null }) {
  return text === null ? null : <div className="stale-banner" role="alert">{text}</div>;
}

export function LiveStaleBanner({ receivedAtMs }: { receivedAtMs: number | null }) {
  const now = useNow(250);
  return <StaleBanner text={staleMessage(receivedAtMs, now)} />;
}
