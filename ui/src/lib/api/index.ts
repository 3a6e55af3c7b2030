// The only module that talks to the desktop shell. Components and logic call these functions;
// a refused command becomes a thrown ApiError whose `code` the UI branches on.
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import { commands } from './bindings';
import type { ErrorCode, Field, IpcError } from './bindings';

export type * from './bindings';
export { bookTexts } from './bindings';

export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The field the error is about, to show it next to that field. */
  readonly field: Field | null;
  /** The message as a catalogue key with its arguments, for showing it translated. */
  readonly key: string;
  readonly args: IpcError['args'];
  /** The message said inside this one, where its `{problem}` is. */
  readonly problem: IpcError['problem'];
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
    this.key = error.key;
    this.args = error.args;
    this.problem = error.problem;
  }

  /** Whether this refuses the value of `field`. */
  isAbout(field: Field): boolean {
    return this.field === field;
  }
}

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

/** What a command answers once a refusal is thrown: its data. */
type Answer<R> = R extends { status: 'ok'; data: infer T } ? T : R extends { status: 'error' } ? never : R;

type Commands = typeof commands;

/** Every generated command, answering its data and throwing an ApiError when refused. */
type Api = { [K in keyof Commands]: (...args: Parameters<Commands[K]>) => Promise<Answer<Awaited<ReturnType<Commands[K]>>>> };

function isOutcome(answer: unknown): answer is Outcome<unknown> {
  if (typeof answer !== 'object' || answer === null || Object.keys(answer).length !== 2) return false;
  const a = answer as Record<string, unknown>;
  return (a.status === 'ok' && 'data' in a) || (a.status === 'error' && 'error' in a);
}

/** The one wrapper around the generated bindings: no command is written out here. */
export const api = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    async (...args: unknown[]) => {
      const answer: unknown = await (command as (...a: unknown[]) => Promise<unknown>)(...args);
      if (!isOutcome(answer)) return answer;
      if (answer.status === 'error') throw new ApiError(answer.error);
      return answer.data;
    },
  ]),
) as Api;

/** Asks for a folder with the native dialog; null when cancelled. */
export async function chooseFolder(): Promise<string | null> {
  const chosen = await openDialog({ multiple: false, directory: true });
  return typeof chosen === 'string' ? chosen : null;
}

/** Asks for an association file with the native dialog; null when cancelled. */
export async function chooseAssociationFile(title: string, filterName: string): Promise<string | null> {
  const chosen = await openDialog({
    title,
    multiple: false,
    directory: false,
    filters: [{ name: filterName, extensions: ['sqlite', 'commonpot'] }],
  });
  return typeof chosen === 'string' ? chosen : null;
}

/** Asks where to save a PDF with the native dialog; null when cancelled. */
export async function choosePdfPath(defaultName: string, filterName: string): Promise<string | null> {
  const chosen = await saveDialog({ defaultPath: defaultName, filters: [{ name: filterName, extensions: ['pdf'] }] });
  if (typeof chosen !== 'string') return null;
  return chosen.toLowerCase().endsWith('.pdf') ? chosen : `${chosen}.pdf`;
}

/** Asks for one file with the given extensions with the native dialog; null when cancelled. */
export async function chooseFile(title: string, filterName: string, extensions: string[]): Promise<string | null> {
  const chosen = await openDialog({ title, multiple: false, directory: false, filters: [{ name: filterName, extensions }] });
  return typeof chosen === 'string' ? chosen : null;
}

/** Asks for a bundle to import with the native dialog; null when cancelled. */
export async function chooseBundle(title: string, filterName: string): Promise<string | null> {
  return chooseFile(title, filterName, ['cpbundle']);
}

/** Asks where to save a kit or a bundle; null when cancelled. The extension is added when missing. */
export async function chooseSavePath(title: string, defaultName: string, filterName: string, extension: string): Promise<string | null> {
  const chosen = await saveDialog({ title, defaultPath: defaultName, filters: [{ name: filterName, extensions: [extension] }] });
  if (typeof chosen !== 'string') return null;
  return chosen.toLowerCase().endsWith(`.${extension}`) ? chosen : `${chosen}.${extension}`;
}

/** Asks for a volunteer kit with the native dialog; null when cancelled. */
export async function chooseKit(title: string, filterName: string): Promise<string | null> {
  return chooseFile(title, filterName, ['cpkit']);
}

/**
 * Tells `hovering` while files are dragged over the window and `dropped` their paths when they
 * are dropped on it. Returns the function that stops listening.
 */
export async function onFileDrop(hovering: (over: boolean) => void, dropped: (paths: string[]) => void): Promise<() => void> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === 'enter' || p.type === 'over') hovering(true);
    else if (p.type === 'leave') hovering(false);
    else {
      hovering(false);
      dropped(p.paths);
    }
  });
}
