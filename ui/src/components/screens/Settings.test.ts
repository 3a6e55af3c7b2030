import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Settings from './Settings.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const association = (isProtected: boolean) => ({
  name: 'Lindenhof',
  currency: 'EUR',
  locale: 'en-GB',
  maxAmount: { value: '100000.00', text: '100,000.00' },
  language: null,
  path: '/tmp/books.sqlite',
  volunteer: false,
  protected: isProtected,
});

const settings = {
  name: 'Lindenhof',
  currency: 'EUR',
  locale: 'en-GB',
  maxAmount: { value: '100000.00', text: '100,000.00' },
  iban: null,
  bic: null,
  creditor: null,
  backupFolder: null,
  language: null,
  disclosureThreshold: 5,
  backupsKept: 10,
  receiptText: null,
  path: '/tmp/books.sqlite',
};

describe('settings', () => {
  it('protects the file with a passphrase typed twice, then changes it with the current one', async () => {
    language.follow('en');
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return settings;
      if (cmd === 'change_passphrase') {
        calls.push(args);
        return association((args as { action: string }).action !== 'remove');
      }
      return null;
    });
    const session = new Session();
    session.association = association(false);
    render(Settings, { session });
    const user = userEvent.setup();
    await expect.poll(() => screen.queryByText(/This file is not protected/)).toBeTruthy();
    const protect = () => screen.getByRole('button', { name: 'Protect with this passphrase' }) as HTMLButtonElement;
    await user.type(screen.getByLabelText('Passphrase'), 'short');
    expect(screen.getByRole('alert').textContent).toContain('at least 8 characters');
    expect(protect().disabled).toBe(true);
    await user.type(screen.getByLabelText('Passphrase'), ' but long now');
    await user.type(screen.getByLabelText('The same again'), 'short but long no');
    expect(screen.getByRole('alert').textContent).toContain('differ');
    expect(protect().disabled).toBe(true);
    await user.type(screen.getByLabelText('The same again'), 'w');
    expect(protect().disabled).toBe(false);
    await user.click(protect());
    await expect.poll(() => session.association?.protected).toBe(true);
    expect(session.notice).toBe('The file is protected by the passphrase now.');
    expect(calls).toEqual([{ action: 'set', current: null, next: 'short but long now' }]);

    // Now protected: changing needs the current passphrase.
    await expect.poll(() => screen.queryByText(/This file is protected by a passphrase/)).toBeTruthy();
    const change = screen.getByRole('button', { name: 'Change the passphrase' }) as HTMLButtonElement;
    await user.type(screen.getByLabelText('New passphrase'), 'a new passphrase');
    await user.type(screen.getByLabelText('The same again'), 'a new passphrase');
    expect(change.disabled).toBe(true);
    await user.type(screen.getByLabelText('Current passphrase'), 'short but long now');
    await user.click(change);
    await expect.poll(() => calls.length).toBe(2);
    expect(calls[1]).toEqual({ action: 'change', current: 'short but long now', next: 'a new passphrase' });
  });

  it('restores a backup only after a confirmation', async () => {
    language.follow('en');
    const restored: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return settings;
      if (cmd === 'plugin:dialog|open') return '/media/usb/lindenhof.sqlite';
      if (cmd === 'restore_backup') {
        restored.push(args);
        return { entries: 42, digest: 'ab', kept: '/tmp/books.before-restore-1.sqlite', association: association(false) };
      }
      return null;
    });
    const session = new Session();
    session.association = association(false);
    render(Settings, { session });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Choose a backup…' }));
    await expect.poll(() => screen.queryByText(/Replace the books of this file by those of \/media\/usb\/lindenhof.sqlite/)).toBeTruthy();
    expect(restored).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Restore this backup' }));
    await expect.poll(() => session.notice).toBe('Restored: 42 entries. The books it replaced are kept in /tmp/books.before-restore-1.sqlite.');
    expect(restored).toEqual([{ backup: '/media/usb/lindenhof.sqlite' }]);
  });
});
