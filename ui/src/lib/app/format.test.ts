import { describe, expect, it } from 'vitest';
import { formatDate } from './format';

describe('dates in the association locale', () => {
  it('writes a date the German and the British way', () => {
    expect(formatDate('2026-03-14', 'de-DE')).toBe('14.03.2026');
    expect(formatDate('2026-03-14', 'en-GB')).toBe('14/03/2026');
  });

  it('shows a moment in the local time zone', () => {
    expect(formatDate('2026-03-14T09:05:00Z', 'de-DE', 'UTC')).toBe('14.03.2026, 09:05');
    expect(formatDate('2026-03-14T09:05:00Z', 'de-DE', 'Europe/Berlin')).toBe('14.03.2026, 10:05');
    expect(formatDate('2026-07-14T23:30:00Z', 'de-DE', 'Europe/Berlin')).toBe('15.07.2026, 01:30');
  });

  it('keeps a date as written in any time zone', () => {
    expect(formatDate('2026-03-14', 'de-DE')).toBe('14.03.2026');
  });

  it('shows what it cannot read as it is', () => {
    expect(formatDate('not a date', 'de-DE')).toBe('not a date');
  });
});
