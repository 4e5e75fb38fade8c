import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/translate.ts';
import { weekdayName } from './digests-schedule.ts';

describe('a digest’s weekday', () => {
  it('counts 1 as Monday and 7 as Sunday, in English and Indonesian', () => {
    expect([1, 2, 7].map((day) => weekdayName(day, 'en'))).toEqual(['Monday', 'Tuesday', 'Sunday']);
    expect([1, 5, 7].map((day) => weekdayName(day, 'id'))).toEqual(['Senin', 'Jumat', 'Minggu']);
  });
});

describe('a digest’s recipients in words', () => {
  it('counts each kind in the plural the language uses', () => {
    const values = { members: 1, teams: 0, emails: 2 };
    expect(translator('en').t('digests.recipients', values)).toBe('1 member, 0 teams, 2 addresses');
    expect(translator('id').t('digests.recipients', values)).toBe('1 anggota, 0 tim, 2 alamat');
  });
});
