/** A risk level as coloured text: the level is always written, never only a colour. */
import { LEVEL_STYLES } from '../map/index.ts';
import type { ZoneLevel } from '../map/index.ts';

export function LevelBadge({ level }: { level: ZoneLevel }) {
  const style = LEVEL_STYLES[level];
  return (
    <span className={`level-badge level-${level}`} style={{ background: style.fill, color: style.ink }}>
      {style.label}
    </span>
  );
}
