import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import DecisionPage from './DecisionPage.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const amount = (value: string) => ({ value, text: value });
const voters = [
  { member: 'R1', name: 'Ana Costa', weight: '2', voted: false },
  { member: 'R2', name: 'Ben Okafor', weight: '1', voted: false },
];
const decision = {
  id: 'd1',
  title: 'What do we buy?',
  method: 'greedy',
  state: 'voting',
  rule: 'sqrt cap=3',
  options: [
    { code: 'SEW', title: 'Sewing machine', cost: amount('900.00') },
    { code: 'SOLDER', title: 'Soldering station', cost: amount('600.00') },
  ],
  voters,
};
const tally = {
  decision: 'd1',
  title: 'What do we buy?',
  method: 'greedy',
  provisional: true,
  ballots: 1,
  counting: 'options by weighted approval, most first',
  ruleExplained: '1 + min(2, √points)',
  passed: null, yes: null, no: null, abstain: null, turnoutPercent: null, quorumPercent: null, quorumMet: null, threshold: null,
  budget: amount('1000.00'),
  spent: amount('900.00'),
  options: [
    { code: 'SEW', title: 'Sewing machine', cost: amount('900.00'), support: '2', supportPercent: 100, costPercent: 90, funded: true, step: 'greedy' },
    { code: 'SOLDER', title: 'Soldering station', cost: amount('600.00'), support: '0', supportPercent: 0, costPercent: 60, funded: false, step: null },
  ],
  pool: null,
  unallocated: null,
  matches: [],
  weights: [
    { member: 'R1', name: 'Ana Costa', meetings: 1, shifts: 0, givingMonths: 0, points: 1, weight: '2' },
    { member: 'R2', name: 'Ben Okafor', meetings: 0, shifts: 0, givingMonths: 0, points: 0, weight: '1' },
  ],
};

describe('a budget decision', () => {
  it('records a ballot chosen by keyboard and shows support against the budget', async () => {
    language.follow('en');
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'decision' || cmd === 'cast_ballot') return decision;
      if (cmd === 'tally') return tally;
      if (cmd === 'paper_differences') return [];
      return null;
    });
    const session = new Session();
    render(DecisionPage, { session, id: 'd1', onback: () => {} });
    await screen.findByText('Sewing machine', { selector: 'th' });
    expect(screen.getByTestId('tally-spent').textContent).toBe('900.00 of the budget of 1000.00 spent');
    expect(screen.getByTestId('funded-SEW').textContent).toBe('funded');
    expect(screen.getByTestId('funded-SOLDER').textContent).toBe('not funded');
    // The bars are as long as Rust computed: the UI does no arithmetic on money.
    const bars = document.querySelectorAll<HTMLElement>('.bar.cost');
    expect([...bars].map((b) => b.style.width)).toEqual(['90%', '60%']);

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Member'), 'ana{Enter}');
    await user.click(screen.getByTestId('approve-SEW'));
    await user.click(screen.getByTestId('ballot-record'));
    await expect.poll(() => calls.some((c) => c.cmd === 'cast_ballot')).toBe(true);
    expect(calls.find((c) => c.cmd === 'cast_ballot')?.args).toEqual({
      ballot: { decision: 'd1', member: 'R1', paper: false, choice: null, approve: ['SEW'] },
    });
    await expect.poll(() => session.notice).toBe('Ballot of Ana Costa recorded.');
  });
});
