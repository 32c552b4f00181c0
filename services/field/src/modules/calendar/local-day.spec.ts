import { instantOf, isTimeZone, localDayOf, wallClockAt } from './local-day';

describe('local day', () => {
  it('puts 01:30 in Shanghai (17:30 UTC the evening before) in the Shanghai day', () => {
    // 2026-03-10T17:30Z + 8 h = 2026-03-11 01:30 local, so the day is 11 March,
    // from 11 March 00:00 local (= 10 March 16:00Z) to 12 March 00:00 local (= 11 March 16:00Z).
    expect(localDayOf(new Date('2026-03-10T17:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-03-11',
      start: new Date('2026-03-10T16:00:00Z'),
      end: new Date('2026-03-11T16:00:00Z'),
    });
  });

  it('keeps 15:59:59Z in the same Shanghai day and starts the next at 16:00Z', () => {
    expect(localDayOf(new Date('2026-03-11T15:59:59.999Z'), 'Asia/Shanghai').date).toBe('2026-03-11');
    expect(localDayOf(new Date('2026-03-11T16:00:00Z'), 'Asia/Shanghai').date).toBe('2026-03-12');
  });

  it('crosses month and year ends', () => {
    // 31 Dec 2026 20:00 local = 12:00Z; the day ends at 1 Jan 2027 00:00 local = 31 Dec 16:00Z.
    expect(localDayOf(new Date('2026-12-31T12:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-12-31',
      start: new Date('2026-12-30T16:00:00Z'),
      end: new Date('2026-12-31T16:00:00Z'),
    });
  });

  it('gives a 23-hour day when daylight saving starts', () => {
    // New York, 8 March 2026: midnight is EST (-5 h) = 05:00Z; the next midnight is EDT (-4 h) = 9 March 04:00Z.
    expect(localDayOf(new Date('2026-03-08T15:00:00Z'), 'America/New_York')).toEqual({
      date: '2026-03-08',
      start: new Date('2026-03-08T05:00:00Z'),
      end: new Date('2026-03-09T04:00:00Z'),
    });
  });

  it('turns a local wall time into an instant and back', () => {
    const instant = instantOf({ year: 2026, month: 11, day: 20, hour: 9, minute: 45 }, 'Asia/Shanghai');
    expect(instant).toEqual(new Date('2026-11-20T01:45:00Z'));
    expect(wallClockAt(instant, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 20,
      hour: 9,
      minute: 45,
      second: 0,
    });
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
