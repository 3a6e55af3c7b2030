import { describe, expect, it } from 'vitest';
import { bookTexts } from '../api';
import { deBooks, type BookTextKey } from './books';
import { de, en } from './messages';
import { bookText, language, t } from './i18n.svelte';

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

describe('messages of the books', () => {
  const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

  it('uses in German only the placeholders the English text has', () => {
    for (const [key, german] of Object.entries(deBooks)) {
      const english = placeholders(bookTexts[key as BookTextKey]);
      for (const name of placeholders(german)) expect(english.has(name), `${key}: {${name}}`).toBe(true);
    }
  });

  it('shows a refusal from Rust in the current language, with its arguments', () => {
    const refusal = {
      key: 'amount.ambiguous',
      args: { text: '4.500', digits: '4500', padded: '4.500,00', separator: ',', currency: 'EUR', small: '2,50', large: '1.234,50' },
      message: '"4.500" is ambiguous: …',
    };
    language.follow('de-DE');
    expect(bookText(refusal)).toBe(
      '„4.500“ ist mehrdeutig: für Tausender schreiben Sie 4500 oder 4.500,00, für Nachkommastellen „,“; schreiben Sie einen positiven Betrag in EUR, etwa 2,50 oder 1.234,50',
    );
    language.follow('en');
    expect(bookText(refusal)).toBe(
      '"4.500" is ambiguous: for thousands write 4500 or 4.500,00, for a fraction use ","; write a positive amount in EUR like 2,50 or 1.234,50',
    );
  });

  it('says a message inside a message in the same language', () => {
    const refusal = {
      key: 'import.line',
      args: { line: '4', field: 'amount', problem: '"12,50" is not an amount with the decimal mark "."' },
      message: 'line 4, field amount: "12,50" is not an amount with the decimal mark "."; nothing was imported',
      problem: {
        key: 'bank.csv_amount',
        args: { text: '12,50', mark: '.' },
        message: '"12,50" is not an amount with the decimal mark "."',
      },
    };
    language.follow('de');
    expect(bookText(refusal)).toBe('Zeile 4, Feld amount: „12,50“ ist kein Betrag mit dem Dezimalzeichen „.“; nichts wurde eingelesen');
    language.follow('en');
    expect(bookText(refusal)).toBe(
      'Line 4, field amount: "12,50" is not an amount with the decimal mark "."; nothing was imported',
    );
  });

  it('falls back to the English message for a key it does not know', () => {
    language.follow('de');
    expect(bookText({ key: 'no.such_key', args: {}, message: 'something new' })).toBe('Something new');
  });
});
