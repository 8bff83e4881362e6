/** Fitting text into the length limits of chat and incident APIs. */

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Escape, then fit in `max` characters by cutting the raw text, so that the cut never falls
 * inside an entity such as "&amp;" (which the receiver would reject or show broken).
 */
export function escapeWithin(text: string, max: number, escape: (s: string) => string): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  let keep = max - 1;
  while (keep > 0) {
    const cut = `${escape(text.slice(0, keep))}…`;
    if (cut.length <= max) return cut;
    // Each entity grows the text; drop at least as many raw characters as we are over.
    keep -= cut.length - max;
  }
  return '…';
}
