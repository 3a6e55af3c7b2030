// The current language and the one function components use for text.
import { bookTexts } from '../api';
import { deBooks, type BookTextKey } from './books';
import { de, en, type Messages } from './messages';

const catalogues: Record<string, unknown> = { en, de };
const bookCatalogues: Record<string, Record<BookTextKey, string>> = { en: bookTexts, de: deBooks };

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

function fill(text: string, params: Partial<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(lookup(catalogues[language.code], key) ?? lookup(en, key) ?? key, params);
}

/** A message of the books (a refusal or error from Rust) in the current language: looked up
 *  by its key and filled with its arguments; its English text when the key is unknown. */
export function bookText(message: BookMessage): string {
  const text = bookSentence(message);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A message of the books with its arguments; `problem` is a message said inside it. */
export type BookMessage = {
  key: string;
  args: Partial<Record<string, string>>;
  message: string;
  problem?: BookMessage | null;
};

function bookSentence(message: BookMessage): string {
  const catalogue = bookCatalogues[language.code] ?? bookTexts;
  const template = message.key in catalogue ? catalogue[message.key as BookTextKey] : undefined;
  if (template === undefined) return message.message;
  const args = message.problem ? { ...message.args, problem: bookSentence(message.problem) } : message.args;
  return fill(template, args);
}
