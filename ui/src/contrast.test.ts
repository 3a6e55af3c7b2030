/// <reference types="node" />
// WCAG 2.1 AA contrast of the colour pairs the app actually paints, measured from app.css:
// 4.5:1 for text, 3:1 for focus rings, borders of fields and the progress bar's fill.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const css = readFileSync(resolve(__dirname, 'app.css'), 'utf8');

const colours = Object.fromEntries([...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, where]
const text: [string, string, string][] = [
  ['ink', 'paper', 'body text'],
  ['ink', 'panel', 'navigation and cards'],
  ['muted', 'paper', 'hints, column heads, reversed entries'],
  ['muted', 'panel', 'card labels'],
  ['accent', 'paper', 'links, secondary buttons, the association name'],
  ['accent', 'panel', 'the association name in the navigation'],
  ['accent-ink', 'accent', 'buttons, the current screen, the chosen member'],
  ['accent-ink', 'danger', 'buttons that reverse'],
  ['danger', 'paper', 'field errors, a cash difference'],
  ['danger', 'danger-paper', 'the error banner'],
  ['accent', 'accent-paper', 'the notice banner'],
];
const graphics: [string, string, string][] = [
  ['focus', 'paper', 'the focus ring'],
  ['focus', 'panel', 'the focus ring in the navigation'],
  ['muted', 'paper', 'borders of fields'],
  ['accent', 'track', 'the progress bar'],
];

describe('colour contrast (WCAG AA)', () => {
  it('reads every colour it checks from app.css', () => {
    for (const [fg, bg] of [...text, ...graphics]) {
      expect(colours[fg], fg).toMatch(/^#/);
      expect(colours[bg], bg).toMatch(/^#/);
    }
  });

  it('computes the ratio as WCAG defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(text)('text %s on %s (%s) is at least 4.5:1', (fg, bg) => {
    expect(contrast(colours[fg], colours[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each(graphics)('%s against %s (%s) is at least 3:1', (fg, bg) => {
    expect(contrast(colours[fg], colours[bg])).toBeGreaterThanOrEqual(3);
  });
});
