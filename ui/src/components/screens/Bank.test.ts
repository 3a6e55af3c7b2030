import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Bank from './Bank.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const text = (key: string, message: string, args: Record<string, string> = {}) => ({ key, args, message });
const amount = (t: string) => ({ value: t, text: t });
const project = (code: string, title: string, status = 'open') => ({
  id: code, code, title, description: '', status, goal: amount('100'), raised: amount('0'), spent: amount('0'),
  balance: amount('0'), contributors: 0, anonymousGifts: 0, progressPercent: 0, deadline: null,
});
const line = (id: number, counterparty: string, why: ReturnType<typeof text>, extra: Record<string, unknown> = {}) => ({
  id, file: 'november.xml', position: `statement S, entry ${id}`, bookingDate: '2026-11-03', amount: '10,00 €', credit: true,
  counterparty, counterpartyIban: 'DE44500105175407324931', remittance: 'Spende', bankReference: `N${id}`, state: 'queued',
  why, projectCode: null, projectTitle: null, memberId: null, memberName: null, entry: null, ...extra,
});

function bank(queue: unknown[]) {
  return {
    accounts: [{ account: 'DE89370400440532013000', balance: '1.060,00 €', date: '2026-11-30', statementId: 'S' }],
    ledgerBalance: '65,00 €', matchedCount: 3, queuedCount: queue.length, assignedCount: 0, lastImport: null,
    profiles: ['Sparkasse'], queue, matched: [],
  };
}

describe('bank', () => {
  it('imports a chosen statement and shows matched, queued, known and refused lines', async () => {
    language.follow('en');
    mockIPC((cmd, args) => {
      if (cmd === 'bank') return bank([]);
      if (cmd === 'projects') return [project('TREES', 'Street trees')];
      if (cmd === 'members') return [];
      if (cmd === 'plugin:dialog|open') return '/home/treasurer/november.xml';
      if (cmd === 'import_bank_file') {
        expect(args).toEqual({ path: '/home/treasurer/november.xml', profile: null, dryRun: false });
        return {
          file: 'november.xml', matched: 3, queued: 2, known: 4, refused: 1, dryRun: false,
          statements: [{ id: 'S', account: 'DE89370400440532013000', opening: '1.000,00 €', closing: '1.060,00 €', closingDate: '2026-11-30', lines: 10 }],
          refusedLines: [{ position: 'statement S, entry 9', reason: text('bank.refused_currency', 'in USD; the books keep EUR', { currency: 'USD', books: 'EUR' }) }],
        };
      }
      return null;
    });
    render(Bank, { session: new Session() });
    await expect.poll(() => screen.queryByTestId('bank-balance')?.textContent).toBe('1.060,00 €');
    expect(screen.getByText('No bank line waits for review.')).toBeDefined();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Choose statement file…' }));
    await expect.poll(() => screen.queryByTestId('bank-report')).not.toBeNull();
    expect(screen.getByTestId('report-matched').textContent).toBe('3');
    expect(screen.getByTestId('report-known').textContent).toBe('4');
    expect(screen.getByText(/entry 9: In USD; the books keep EUR/)).toBeDefined();
    expect(screen.getByText(/Opening 1.000,00 €, closing 1.060,00 € on 2026-11-30: adds up/)).toBeDefined();
  });

  it('assigns a waiting line with two keystrokes: the project’s number, then Enter', async () => {
    language.follow('en');
    const assigned: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'bank') return bank(assigned.length ? [] : [
        line(4, 'A. Passant', text('bank.why_none', 'no reference, known account or member’s name')),
        line(7, 'NOWAK, JANA', text('bank.why_near_name', '"NOWAK, JANA" is like a member’s name', { detail: 'NOWAK, JANA' }), { memberId: 'm42', memberName: 'Jana Nowak' }),
      ]);
      if (cmd === 'projects') return [project('TREES', 'Street trees'), project('CAFE', 'Repair café', 'cancelled'), project('BENCH', 'Bench')];
      if (cmd === 'members') return [{ id: 'm42', name: 'Jana Nowak', email: null, number: '42', joined: '2026-01-01' }];
      if (cmd === 'assign_bank_line') {
        assigned.push(args);
        return 'entry-1';
      }
      return null;
    });
    render(Bank, { session: new Session() });
    await expect.poll(() => screen.queryAllByTestId('queue-line').length).toBe(2);
    const user = userEvent.setup();
    // The cancelled café has no key: 1 is TREES, 2 is BENCH.
    expect(screen.getByRole('list', { name: 'Project keys' }).textContent).not.toContain('CAFE');
    await user.click(screen.getAllByTestId('queue-line')[1]);
    screen.getByTestId('queue-list').focus();
    await user.keyboard('2');
    expect(screen.getByTestId('assign-project').textContent).toBe('Becomes a transfer to: BENCH – Bench');
    expect(screen.getByText('Suggested: Jana Nowak. Type to choose another.')).toBeDefined();
    await user.keyboard('{Enter}');
    await expect.poll(() => assigned.length).toBe(1);
    expect(assigned[0]).toEqual({ line: 7, project: 'BENCH', member: 'm42', remember: true });
  });

  it('shows a project’s payment code large and closes it with Escape', async () => {
    language.follow('en');
    mockIPC((cmd, args) => {
      if (cmd === 'bank') return bank([]);
      if (cmd === 'projects') return [project('TREES', 'Street trees')];
      if (cmd === 'members') return [];
      if (cmd === 'payment_code') {
        expect(args).toEqual({ reference: 'TREES', member: null, amount: '5' });
        return { reference: 'RF70TREES', grouped: 'RF70 TREE S', projectCode: 'TREES', projectTitle: 'Street trees', member: null,
          iban: 'DE89 3704 0044 0532 0130 00', holder: 'Lindenhof', svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"></svg>' };
      }
      return null;
    });
    render(Bank, { session: new Session() });
    const user = userEvent.setup();
    await expect.poll(() => (screen.queryByTestId('code-project') as HTMLSelectElement | null)?.value).toBe('TREES');
    await user.type(screen.getByLabelText('Amount (optional)'), '5');
    await user.click(screen.getByTestId('show-code'));
    await expect.poll(() => screen.queryByTestId('code-reference')?.textContent).toBe('RF70 TREE S');
    expect(screen.getByTestId('code-image').querySelector('svg')).not.toBeNull();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('code-overlay')).toBeNull();
  });
});
