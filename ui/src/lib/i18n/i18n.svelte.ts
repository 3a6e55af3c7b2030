// The current language and the one function components use for text.
import { de, en, type Messages } from './messages';

const catalogues: Record<string, unknown> = { en, de };

class Language {
  code = $state('en');

  /** Follows the association's locale ("de-DE" → German); English otherwise. */
  follow(locale: string) {
    const language = locale.split('-')[0].toLowerCase();
    this.code = language in catalogues ? language : 'en';
    document.documentElement.lang = this.code;
  }
}

export const language = new Language();

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;

function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = lookup(catalogues[language.code], key) ?? lookup(en, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
