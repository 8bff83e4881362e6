/**
 * Server-side rendering for component tests under Node. The test runner compiles .tsx with
 * the root tsconfig (no `jsx` setting), i.e. the classic `React.createElement` transform, while
 * Vite and web/tsconfig.json use the automatic runtime; a global `React` bridges the two here,
 * in tests only.
 */
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

(globalThis as { React?: typeof React }).React = React;

export function render(element: React.ReactElement): string {
  return renderToStaticMarkup(element);
}

/** The attributes of every element carrying a `data-testid` that starts with `prefix`, in document order. */
export function testIds(html: string, prefix: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const tag = /<[a-z]+\s([^>]*data-testid="([^"]*)"[^>]*)>/g;
  for (const m of html.matchAll(tag)) {
    if (!m[2]!.startsWith(prefix)) continue;
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push(attrs);
  }
  return out;
}
