import type { MemberDto } from '../api';

/** Folds case and accents so that "zoe" finds "Zoë" and "lukasz" finds "Łukasz". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase();
}

/** Members whose name or number contains the query, names starting with it first. */
export function matchMembers(members: MemberDto[], query: string): MemberDto[] {
  const q = fold(query.trim());
  if (!q) return members;
  const hits = members.filter((m) => fold(m.name).includes(q) || (m.number !== null && fold(m.number).includes(q)));
  const starts = (m: MemberDto) => (fold(m.name).startsWith(q) || fold(m.number ?? '') === q ? 0 : 1);
  return hits.sort((a, b) => starts(a) - starts(b));
}
