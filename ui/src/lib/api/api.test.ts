import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { ApiError, api } from '.';

afterEach(() => clearMocks());

describe('the api wrapper', () => {
  it('answers a command’s data and throws its refusal as an ApiError', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'check_amount') {
        if ((args as { text: string }).text === '12,50') return { value: '12.50', text: '12,50' };
        throw { code: 'invalid_input', message: '"x" is not a number', key: 'amount.not_a_number', args: { text: 'x' }, field: 'amount', problem: null };
      }
      return null;
    });
    expect(await api.checkAmount('12,50')).toEqual({ value: '12.50', text: '12,50' });
    const refused = await api.checkAmount('x').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('invalid_input');
    expect((refused as ApiError).isAbout('amount')).toBe(true);
    expect((refused as ApiError).key).toBe('amount.not_a_number');
  });

  it('passes on what a command that cannot fail answers, and wraps every command', async () => {
    const start = { defaultFile: '/tmp/books.sqlite', opened: null, reopenError: null, lockedFile: null };
    mockIPC((cmd) => (cmd === 'start' ? start : null));
    expect(await api.start()).toEqual(start);
    for (const name of ['settings', 'updateSettings', 'decisions', 'bank', 'openKit'] as const) {
      expect(typeof api[name]).toBe('function');
    }
  });
});
