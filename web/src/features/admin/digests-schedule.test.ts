import { describe, expect, it } from 'vitest';
import { weekdayName } from './digests-schedule.ts';

describe('a digest’s weekday', () => {
  it('counts 1 as Monday and 7 as Sunday, in English and Indonesian', () => {
    expect([1, 2, 7].map((day) => weekdayName(day, 'en'))).toEqual(['Monday', 'Tuesday', 'Sunday']);
    expect([1, 5, 7].map((day) => weekdayName(day, 'id'))).toEqual(['Senin', 'Jumat', 'Minggu']);
  });
});
