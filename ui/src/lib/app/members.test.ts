import { describe, expect, it } from 'vitest';
import { fold, matchMembers } from './members';
import type { MemberDto } from '../api';

const member = (name: string, number: string | null = null): MemberDto => ({ id: name, name, email: null, number, joined: '2026-01-01' });

describe('member search', () => {
  const members = [member('Zoë Müller', 'M-17'), member('Łukasz Wójcik', 'M-2'), member('김민준'), member('Anna Zoller')];

  it('folds case and accents', () => {
    expect(fold('Zoë Müller')).toBe('zoe muller');
    expect(fold('Łukasz')).toBe('lukasz');
  });

  it('finds by name without accents, by number, and in other scripts', () => {
    expect(matchMembers(members, 'lukasz').map((m) => m.name)).toEqual(['Łukasz Wójcik']);
    expect(matchMembers(members, 'm-17').map((m) => m.name)).toEqual(['Zoë Müller']);
    expect(matchMembers(members, '민준').map((m) => m.name)).toEqual(['김민준']);
  });

  it('puts names that start with the query first', () => {
    expect(matchMembers(members, 'zo').map((m) => m.name)).toEqual(['Zoë Müller', 'Anna Zoller']);
  });

  it('shows everyone for an empty query', () => {
    expect(matchMembers(members, '  ')).toHaveLength(4);
  });
});
