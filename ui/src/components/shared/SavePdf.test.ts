import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import SavePdf from './SavePdf.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

function session(locale: string): Session {
  const s = new Session();
  s.association = { name: 'Lindenhof', currency: 'USD', locale, language: null, maxAmount: { value: '1000.00', text: '1,000.00' }, path: '/tmp/x.sqlite' } as never;
  return s;
}

describe('print / save PDF', () => {
  it('asks where, prints on the association’s paper and says where it went', async () => {
    language.follow('en');
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'plugin:dialog|save') return '/home/treasurer/Statement';
      if (cmd === 'save_report') return { path: '/home/treasurer/Statement.pdf', kilobytes: 37 };
      return null;
    });
    const s = session('en-US');
    render(SavePdf, { session: s, report: () => ({ kind: 'meeting', from: '2026-01-01', to: '2026-11-26' }), fileName: 'Statement 2026/11', testid: 'print' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print / save PDF…' }));
    await expect.poll(() => s.notice).toBe('Saved /home/treasurer/Statement.pdf (37 KB).');
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save')?.args as { options: { defaultPath: string } };
    expect(dialog.options.defaultPath).toBe('Statement 2026-11.pdf');
    expect(calls.find((c) => c.cmd === 'save_report')?.args).toEqual({
      print: { report: { kind: 'meeting', from: '2026-01-01', to: '2026-11-26' }, paper: 'letter', path: '/home/treasurer/Statement.pdf' },
    });
  });

  it('does nothing when the dialog is cancelled, and waits for the fields it needs', async () => {
    language.follow('en');
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    const s = session('de-DE');
    render(SavePdf, { session: s, report: () => ({ kind: 'project', project: 'TREES' }), fileName: 'TREES', testid: 'print' });
    expect((screen.getByLabelText('Paper size') as HTMLSelectElement).value).toBe('a4');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print / save PDF…' }));
    await expect.poll(() => calls).toContain('plugin:dialog|save');
    expect(calls).not.toContain('save_report');
    expect(s.notice).toBeNull();
    cleanup();
    render(SavePdf, { session: s, report: () => null, fileName: 'x', testid: 'print' });
    expect((screen.getByRole('button', { name: 'Print / save PDF…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
