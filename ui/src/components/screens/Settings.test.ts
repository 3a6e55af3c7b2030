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

const text = (key: string, message: string) => ({ key, args: {}, message });

// As the desktop sends it: the registry's settings by group, with their catalogue keys.
const settings = {
  name: 'Lindenhof',
  currency: 'EUR',
  locale: 'en-GB',
  maxAmount: { value: '100000.00', text: '100,000.00' },
  groups: [
    {
      section: 'association',
      heading: null,
      settings: [{ setting: 'language', section: 'association', input: { language: { languages: ['en', 'de'] } }, label: text('setting.language', 'Language'), hint: null, value: '' }],
    },
    {
      section: 'payments',
      heading: text('setting_section.payments', 'Bank account for payment codes'),
      settings: [
        { setting: 'iban', section: 'payments', input: { line: { maxChars: null } }, label: text('setting.iban', 'IBAN'), hint: null, value: '' },
        { setting: 'creditor', section: 'payments', input: { line: { maxChars: 70 } }, label: text('setting.creditor', 'Account holder'), hint: null, value: 'Lindenhof e.V.' },
      ],
    },
    {
      section: 'backups',
      heading: text('setting_section.backups', 'Backups'),
      settings: [
        {
          setting: 'backups-kept',
          section: 'backups',
          input: { count: { min: 1, max: 365 } },
          label: text('setting.backups_kept', 'Automatic backups kept'),
          hint: text('setting.backups_kept_hint', 'Commonpot backs up when you close the window.'),
          value: '10',
        },
      ],
    },
  ],
  path: '/tmp/books.sqlite',
};

describe('settings', () => {
  it('shows each setting under its group in the chosen language and saves what was typed', async () => {
    language.follow('de');
    const saved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return settings;
      if (cmd === 'update_settings') {
        saved.push(args);
        // What the books keep: the IBAN without spaces, the language chosen.
        const values: Record<string, string> = { language: 'de', iban: 'DE02120300000000202051', 'backups-kept': '30' };
        return { ...settings, groups: settings.groups.map((g) => ({ ...g, settings: g.settings.map((v) => ({ ...v, value: values[v.setting] ?? v.value })) })) };
      }
      return null;
    });
    const session = new Session();
    session.association = association(false);
    render(Settings, { session });
    const user = userEvent.setup();
    const kept = (await screen.findByLabelText('Aufbewahrte automatische Sicherungen')) as HTMLInputElement;
    expect(kept.value).toBe('10');
    expect(screen.getByRole('heading', { name: 'Bankkonto für Zahlungscodes' })).toBeTruthy();
    expect(kept.getAttribute('aria-describedby')).toBe('settings-backups-kept-hint');
    expect(document.getElementById('settings-backups-kept-hint')?.textContent).toContain('höchstens einmal am Tag');
    expect((screen.getByLabelText('Kontoinhaber') as HTMLInputElement).maxLength).toBe(70);
    await user.type(screen.getByLabelText('IBAN'), 'DE02 1203 0000 0000 2020 51');
    await user.clear(kept);
    await user.type(kept, '30');
    await user.selectOptions(screen.getByLabelText('Sprache'), 'de');
    await user.click(screen.getByRole('button', { name: 'Einstellungen speichern' }));
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]).toEqual({
      change: {
        name: 'Lindenhof',
        locale: 'en-GB',
        maxAmount: '100,000.00',
        settings: [
          { setting: 'language', value: 'de' },
          { setting: 'iban', value: 'DE02 1203 0000 0000 2020 51' },
          { setting: 'creditor', value: 'Lindenhof e.V.' },
          { setting: 'backups-kept', value: '30' },
        ],
      },
    });
    expect(session.association?.language).toBe('de');
    expect((screen.getByLabelText('IBAN') as HTMLInputElement).value).toBe('DE02120300000000202051');
  });

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
