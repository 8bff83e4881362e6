/**
 * Where a path of a parsed YAML document sits in its file, so that every loader (venue, scenario,
 * playbook, preset) reports "file:line:col path: what was expected" the same way.
 */
import { isNode, type Document, type LineCounter } from 'yaml';

export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number } | null;

export interface YamlIssue {
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
}

export function locator(doc: Document, lc: LineCounter): Locate {
  return (path) => {
    // A missing field is reported at the nearest node that exists above it.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        const { line, col } = lc.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return null;
  };
}

/** `zones[3].polygon` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export function issueAt(path: readonly PropertyKey[], message: string, locate: Locate): YamlIssue {
  const pos = locate(path);
  return { path: formatPath(path), line: pos?.line ?? null, column: pos?.column ?? null, message };
}
