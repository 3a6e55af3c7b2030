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
});
