/**
 * What fits inside a zone on the map. Big zones show name, level and density; small ones
 * (tunnels) only the density; the zone list beside the map always has all three, so nothing
 * is ever only in colour. Text width is estimated at 0.6 em per character (a sans-serif average).
 */
export interface LabelLine {
  text: string;
  kind: 'name' | 'level' | 'density';
}

export interface LabelLayout {
  lines: LabelLine[];
  fontSize: number;
}

const EM_PER_CHAR = 0.6;
const LINE_HEIGHT = 1.15;

export function labelLayout(
  boxWidth: number, boxHeight: number, baseFont: number,
  text: { name: string; level: string; density: string; densityShort: string },
): LabelLayout {
  const { name, level, density, densityShort } = text;
  const candidates: Array<{ lines: LabelLine[]; fontSize: number }> = [
    { fontSize: baseFont, lines: [{ text: name, kind: 'name' }, { text: level, kind: 'level' }, { text: density, kind: 'density' }] },
    { fontSize: baseFont, lines: [{ text: level, kind: 'level' }, { text: density, kind: 'density' }] },
    { fontSize: baseFont * 0.8, lines: [{ text: level, kind: 'level' }, { text: density, kind: 'density' }] },
    { fontSize: baseFont * 0.7, lines: [{ text: density, kind: 'density' }] },
    { fontSize: baseFont * 0.7, lines: [{ text: densityShort, kind: 'density' }] },
    { fontSize: baseFont * 0.5, lines: [{ text: densityShort, kind: 'density' }] },
  ];
  for (const candidate of candidates) {
    // An empty text (e.g. no density line for a zone already labelled NO DATA) takes no line.
    const c = { ...candidate, lines: candidate.lines.filter((l) => l.text !== '') };
    if (c.lines.length === 0) continue;
    const widest = Math.max(...c.lines.map((l) => l.text.length)) * EM_PER_CHAR * c.fontSize;
    const tall = c.lines.length * LINE_HEIGHT * c.fontSize;
    if (widest <= boxWidth * 0.92 && tall <= boxHeight * 0.92) return c;
  }
  return { lines: [], fontSize: baseFont };
}

export const LABEL_LINE_HEIGHT = LINE_HEIGHT;
