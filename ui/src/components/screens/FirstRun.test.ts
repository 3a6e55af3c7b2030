import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import FirstRun from './FirstRun.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('first run', () => {
  it('creates an association from the form, as a new user would', async () => {
    language.follow('en');
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'create_association') {
        return { name: 'Lindenhof', currency: 'EUR', locale: 'de-DE', maxAmount: { value: '100000.00', text: '100.000,00' }, path: '/tmp/x.sqlite' };
      }
      return null;
    });
    const session = new Session();
    render(FirstRun, { session });
    const user = userEvent.setup();
    // The computer's language is offered first (jsdom says en-US); this association writes German.
    expect((screen.getByLabelText('How you write numbers') as HTMLSelectElement).value).toBe('en-US');
    await user.type(screen.getByLabelText('Name of the association'), 'Lindenhof');
    await user.selectOptions(screen.getByLabelText('How you write numbers'), 'de-DE');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await expect.poll(() => session.association?.name).toBe('Lindenhof');
    expect(calls).toEqual([{ cmd: 'create_association', args: { association: { name: 'Lindenhof', currency: 'EUR', locale: 'de-DE', path: null } } }]);
    expect(document.documentElement.lang).toBe('de');
  });

  it('shows a refusal and keeps the form', async () => {
    language.follow('en');
    mockIPC(() => {
      throw { code: 'refused', message: '/tmp/x.sqlite already holds the association "Old"; choose another file' };
    });
    const session = new Session();
    render(FirstRun, { session });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name of the association'), 'New');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await expect.poll(() => session.error).toContain('already holds the association');
    expect(session.association).toBeNull();
  });

  it('asks for the passphrase of a protected file and opens it with the right one', async () => {
    language.follow('en');
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'start') return { defaultFile: '/tmp/a.sqlite', opened: null, reopenError: null, lockedFile: '/tmp/books.sqlite' };
      if (cmd === 'open_file') {
        if ((args as { passphrase: string }).passphrase !== 'correct horse') {
          throw { code: 'locked', message: 'the passphrase does not open /tmp/books.sqlite', key: 'store.wrong_passphrase', args: { path: '/tmp/books.sqlite' }, field: null };
        }
        return { name: 'Lindenhof', currency: 'EUR', locale: 'de-DE', maxAmount: { value: '100000.00', text: '100.000,00' }, path: '/tmp/books.sqlite' };
      }
      return null;
    });
    const session = new Session();
    await session.start();
    expect(session.locked).toBe('/tmp/books.sqlite');
    render(FirstRun, { session });
    const user = userEvent.setup();
    expect(screen.getByText('Type its passphrase to open /tmp/books.sqlite.')).toBeTruthy();
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    expect(field.type).toBe('password');
    await user.type(field, 'wrong horse');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await expect.poll(() => session.error).toContain('does not open');
    expect(session.association).toBeNull();
    await user.clear(field);
    await user.type(field, 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await expect.poll(() => session.association?.name).toBe('Lindenhof');
    expect(session.locked).toBeNull();
    expect(calls.filter((c) => c.cmd === 'open_file').map((c) => c.args)).toEqual([
      { path: '/tmp/books.sqlite', passphrase: 'wrong horse' },
      { path: '/tmp/books.sqlite', passphrase: 'correct horse' },
    ]);
  });

  it('asks for the passphrase of an encrypted volunteer kit', async () => {
    language.follow('en');
    const opened: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:dialog|open') return '/tmp/stall.cpkit';
      if (cmd === 'open_kit') {
        opened.push(args);
        if ((args as { passphrase: string | null }).passphrase !== 'staple in the drawer') {
          throw { code: 'locked', message: 'the kit /tmp/stall.cpkit is protected by a passphrase', key: 'sync.kit_locked', args: { path: '/tmp/stall.cpkit' }, field: 'COMMONPOT_PASSPHRASE' };
        }
        return { name: 'Lindenhof', currency: 'EUR', locale: 'de-DE', maxAmount: { value: '100000.00', text: '100.000,00' }, path: '/tmp/v.sqlite', volunteer: true, protected: true };
      }
      return null;
    });
    const session = new Session();
    render(FirstRun, { session });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Open a volunteer kit…' }));
    await expect.poll(() => session.locked).toBe('/tmp/stall.cpkit');
    expect(session.lockedKit).toBe(true);
    expect(session.error).toBeNull();
    await expect.poll(() => screen.queryByText('This volunteer kit is encrypted')).toBeTruthy();
    await user.type(screen.getByLabelText('Passphrase'), 'staple in the drawer');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await expect.poll(() => session.association?.name).toBe('Lindenhof');
    expect(session.screen).toBe('laptops');
    expect(opened).toEqual([
      { kit: '/tmp/stall.cpkit', path: null, passphrase: null },
      { kit: '/tmp/stall.cpkit', path: null, passphrase: 'staple in the drawer' },
    ]);
  });
});
