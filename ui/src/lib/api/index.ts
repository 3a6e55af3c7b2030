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

async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === 'error') throw new ApiError(outcome.error);
  return outcome.data;
}

export const api = {
  start: () => commands.start(),
  createAssociation: (...a: Parameters<typeof commands.createAssociation>) => unwrap(commands.createAssociation(...a)),
  openDemo: () => unwrap(commands.openDemo()),
  openFile: (path: string, passphrase: string | null = null) => unwrap(commands.openFile(path, passphrase)),
  overview: () => unwrap(commands.overview()),
  projects: () => unwrap(commands.projects()),
  addProject: (...a: Parameters<typeof commands.addProject>) => unwrap(commands.addProject(...a)),
  setProjectStatus: (project: string, status: string) => unwrap(commands.setProjectStatus(project, status)),
  members: () => unwrap(commands.members()),
  addMember: (...a: Parameters<typeof commands.addMember>) => unwrap(commands.addMember(...a)),
  checkAmount: (text: string) => unwrap(commands.checkAmount(text)),
  recordContribution: (...a: Parameters<typeof commands.recordContribution>) =>
    unwrap(commands.recordContribution(...a)),
  reverseEntry: (id: string, reason: string) => unwrap(commands.reverseEntry(id, reason)),
  ledger: (...a: Parameters<typeof commands.ledger>) => unwrap(commands.ledger(...a)),
  denominations: () => unwrap(commands.denominations()),
  openCollections: () => unwrap(commands.openCollections()),
  openCollection: (...a: Parameters<typeof commands.openCollection>) => unwrap(commands.openCollection(...a)),
  collection: (id: string) => unwrap(commands.collection(id)),
  undoLast: (collection: string) => unwrap(commands.undoLast(collection)),
  countCash: (...a: Parameters<typeof commands.countCash>) => unwrap(commands.countCash(...a)),
  closeCollection: (...a: Parameters<typeof commands.closeCollection>) => unwrap(commands.closeCollection(...a)),
  settings: () => unwrap(commands.settings()),
  updateSettings: (...a: Parameters<typeof commands.updateSettings>) => unwrap(commands.updateSettings(...a)),
  backupNow: () => unwrap(commands.backupNow()),
  exportMember: (member: string, path: string) => unwrap(commands.exportMember(member, path)),
  eraseMember: (member: string) => unwrap(commands.eraseMember(member, true)),
  restoreBackup: (backup: string) => unwrap(commands.restoreBackup(backup)),
  changePassphrase: (action: 'set' | 'change' | 'remove', current: string | null, next: string | null) =>
    unwrap(commands.changePassphrase(action, current, next)),
  updateMember: (...a: Parameters<typeof commands.updateMember>) => unwrap(commands.updateMember(...a)),
  updateProject: (...a: Parameters<typeof commands.updateProject>) => unwrap(commands.updateProject(...a)),
  meetings: () => unwrap(commands.meetings()),
  addMeeting: (...a: Parameters<typeof commands.addMeeting>) => unwrap(commands.addMeeting(...a)),
  addShift: (...a: Parameters<typeof commands.addShift>) => unwrap(commands.addShift(...a)),
  decisions: () => unwrap(commands.decisions()),
  decision: (id: string) => unwrap(commands.decision(id)),
  createDecision: (...a: Parameters<typeof commands.createDecision>) => unwrap(commands.createDecision(...a)),
  openDecision: (id: string) => unwrap(commands.openDecision(id)),
  castBallot: (...a: Parameters<typeof commands.castBallot>) => unwrap(commands.castBallot(...a)),
  enterPaper: (...a: Parameters<typeof commands.enterPaper>) => unwrap(commands.enterPaper(...a)),
  paperDifferences: (id: string) => unwrap(commands.paperDifferences(id)),
  settlePaper: (...a: Parameters<typeof commands.settlePaper>) => unwrap(commands.settlePaper(...a)),
  tally: (id: string) => unwrap(commands.tally(id)),
  closeDecision: (id: string) => unwrap(commands.closeDecision(id)),
  saveReport: (...a: Parameters<typeof commands.saveReport>) => unwrap(commands.saveReport(...a)),
  laptops: () => unwrap(commands.laptops()),
  makeKit: (volunteer: string, path: string, passphrase: string | null = null) =>
    unwrap(commands.makeKit(volunteer, path, passphrase)),
  importBundle: (path: string, dryRun: boolean) => unwrap(commands.importBundle(path, dryRun)),
  handOver: (path: string, all: boolean) => unwrap(commands.handOver(path, all)),
  openKit: (kit: string, path: string | null, passphrase: string | null = null) =>
    unwrap(commands.openKit(kit, path, passphrase)),
  bank: () => unwrap(commands.bank()),
  importBankFile: (path: string, profile: string | null, dryRun: boolean) => unwrap(commands.importBankFile(path, profile, dryRun)),
  addBankProfile: (...a: Parameters<typeof commands.addBankProfile>) => unwrap(commands.addBankProfile(...a)),
  assignBankLine: (line: number, project: string, member: string | null, remember: boolean) =>
    unwrap(commands.assignBankLine(line, project, member, remember)),
  paymentCode: (reference: string, member: string | null, amount: string | null) => unwrap(commands.paymentCode(reference, member, amount)),
};

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
