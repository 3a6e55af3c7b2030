import { describe, expect, it } from 'vitest';
import { de, en } from './messages';
import { language, t } from './i18n.svelte';

function keys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('message catalogue', () => {
  it('has every English text in German too, and nothing else', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('has no empty texts', () => {
    for (const catalogue of [en, de]) {
      for (const key of keys(catalogue)) {
        const text = key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], catalogue);
        expect(text, key).not.toBe('');
      }
    }
  });

  it('follows the association locale and fills placeholders', () => {
    language.follow('de-DE');
    expect(t('overview.progress', { percent: 42 })).toBe('42 % des Ziels');
    expect(document.documentElement.lang).toBe('de');
    language.follow('fr-FR');
    expect(t('overview.progress', { percent: 42 })).toBe('42 % of the goal');
    language.follow('en-GB');
    expect(t('members.noMatch', { query: 'x' })).toBe('No member matches “x”.');
  });
});
