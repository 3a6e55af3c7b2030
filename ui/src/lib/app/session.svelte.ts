// What the window shows: the open association, the current screen, the last error.
import { api, ApiError, type AssociationDto } from '../api';
import { bookText, language, t } from '../i18n/i18n.svelte';

export const screens = ['overview', 'collection', 'projects', 'members', 'decisions', 'participation', 'ledger', 'bank', 'laptops', 'settings'] as const;
export type Screen = (typeof screens)[number];

export class Session {
  association = $state<AssociationDto | null>(null);
  screen = $state<Screen>('overview');
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  starting = $state(true);
  /** A file protected by a passphrase that the window is asking for. */
  locked = $state<string | null>(null);
  /** Whether `locked` is a volunteer kit (else an association file). */
  lockedKit = $state(false);
  /** Bumped after every change to the books, so screens reload what they show. */
  revision = $state(0);

  async start() {
    try {
      const start = await api.start();
      if (start.opened) this.opened(start.opened);
      if (start.lockedFile) this.locked = start.lockedFile;
      if (start.reopenError) this.error = t('firstRun.reopenFailed', { message: bookText(start.reopenError) });
    } catch (e) {
      this.fail(e);
    } finally {
      this.starting = false;
    }
  }

  opened(association: AssociationDto) {
    this.association = association;
    this.locked = null;
    language.follow(association.language ?? association.locale);
    this.screen = 'overview';
    this.error = null;
    this.changed();
  }

  /** Switches screens; messages about the previous screen go with it. */
  show(screen: Screen) {
    this.screen = screen;
    this.notice = null;
    this.error = null;
  }

  close() {
    this.association = null;
  }

  changed() {
    this.revision += 1;
  }

  /** Shows an error: the message of a refused command, or what went wrong otherwise. */
  fail(e: unknown) {
    this.error = e instanceof ApiError ? bookText(e) : e instanceof Error ? e.message : String(e);
  }

  /** Runs `work`, showing its error if it fails; returns whether it succeeded. */
  async attempt(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      this.error = null;
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }
}
