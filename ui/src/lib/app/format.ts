// Dates as the association writes them. (Amounts come formatted from Rust; the UI never
// formats or computes money.)

/**
 * "2026-03-14" or "2026-03-14T10:30:00Z" in the association's locale: 14.03.2026 (de),
 * 14/03/2026 (en-GB). A date is shown as written; a moment (stored in UTC) with hours and
 * minutes in `timeZone`, by default this computer's, which is where the association meets.
 */
export function formatDate(stored: string, locale = 'en', timeZone?: string): string {
  const hasTime = stored.includes('T');
  const date = new Date(hasTime ? stored : `${stored}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return stored;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: hasTime ? timeZone : 'UTC',
  };
  if (hasTime) Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(date);
  }
}

/** Today on this computer, as YYYY-MM-DD (the default of date fields). */
export function localDay(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
