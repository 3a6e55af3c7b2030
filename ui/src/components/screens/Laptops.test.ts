import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Laptops from './Laptops.svelte';
import { Session } from '../../lib/app/session.svelte';
import { language } from '../../lib/i18n/i18n.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const text = (key: string, message: string, args: Record<string, string> = {}) => ({ key, args, message });
const gap = { device: 'Stall laptop', from: 6, to: 10, text: text('sync.gap', 'entries 6–10 from the laptop "Stall laptop" are missing', { from: '6', to: '10', device: 'Stall laptop' }) };

function laptops(role: string, notHandedOver = 0) {
  return {
    role,
    devices: [
      { id: 'a', name: 'Treasurer', thisLaptop: true, lastSeq: 12, notHandedOver, gaps: [] },
      { id: 'b', name: 'Stall laptop', thisLaptop: false, lastSeq: 15, notHandedOver: 0, gaps: role === 'organiser' ? [gap] : [] },
    ],
    imports: [],
  };
}

describe('volunteers and laptops', () => {
  it('imports a chosen bundle and shows what was added, skipped and refused', async () => {
    language.follow('en');
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === 'laptops') return laptops('organiser');
      if (cmd === 'plugin:dialog|open') return '/media/stick/stall.cpbundle';
      if (cmd === 'import_bundle') {
        expect(args).toEqual({ path: '/media/stick/stall.cpbundle', dryRun: false });
        return {
          file: 'stall.cpbundle', device: 'Stall laptop', added: 14, skipped: 3, membersAdded: 1, conflicts: [],
          refused: [{ kind: 'contribution', id: 'x', device: 'Stall laptop', seq: 7,
            text: text('sync.refused_cancelled', 'a gift of 9,00 € received 2026-11-20T10:00:00Z for CAFE, which was cancelled on 2026-11-01T00:00:00Z', {
              amount: '9,00 €', received: '2026-11-20T10:00:00Z', project: 'CAFE', since: '2026-11-01T00:00:00Z' }) }],
          gaps: [gap], dryRun: false, entryCount: 40, digest: 'abc',
        };
      }
      return null;
    });
    const session = new Session();
    render(Laptops, { session });
    // The laptop with a missing range says so before anything is imported.
    await expect.poll(() => screen.queryByText(/Entries 6–10 from the laptop/)).not.toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Import bundle…' }));
    await expect.poll(() => screen.queryByTestId('import-report')).not.toBeNull();
    expect(screen.getByTestId('report-added').textContent).toBe('14');
    expect(screen.getByTestId('report-skipped').textContent).toBe('3');
    expect(screen.getByTestId('report-refusal').textContent).toContain('A gift of 9,00 € received 2026-11-20T10:00:00Z for CAFE');
    expect(calls).toContain('import_bundle');
  });

  it('hands over a volunteer laptop’s collections to a file', async () => {
    language.follow('de');
    mockIPC((cmd, args) => {
      if (cmd === 'laptops') return laptops('volunteer', 9);
      if (cmd === 'plugin:dialog|save') return '/media/stick/handover';
      if (cmd === 'hand_over') return { path: (args as { path: string }).path, entries: 9, members: 2, from: 4, to: 12 };
      return null;
    });
    const session = new Session();
    render(Laptops, { session });
    await expect.poll(() => screen.queryByText('Noch nicht übergebene Einträge: 9.')).not.toBeNull();
    // Only hand-over on a volunteer laptop: no kits, no imports.
    expect(screen.queryByRole('button', { name: 'Paket einlesen…' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Meine Sammlungen übergeben…' }));
    await expect.poll(() => session.notice).toBe(
      'In /media/stick/handover.cpbundle gespeichert (Einträge: 9, Mitglieder: 2). Geben Sie die Datei dem Vorstand.',
    );
  });
});
