import { describe, expect, it } from 'vitest';
import { formatDate } from './format';

describe('dates in the association locale', () => {
  it('writes a date the German and the British way', () => {
    expect(formatDate('2026-03-14', 'de-DE')).toBe('14.03.2026');
    expect(formatDate('2026-03-14', 'en-GB')).toBe('14/03/2026');
  });

  it('keeps the stored time', () => {
    expect(formatDate('2026-03-14T09:05:00Z', 'de-DE')).toBe('14.03.2026, 09:05');
  });

  it('shows what it cannot read as it is', () => {
    expect(formatDate('not a date', 'de-DE')).toBe('not a date');
  });
});
