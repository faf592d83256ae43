import { toCsv } from '../utils/csv';
import { parseReportQuery, previousRange } from '../validation/report-query';

const NOW = Date.UTC(2026, 11, 2, 15, 30);
const DAY = 86_400_000;

describe('the report query', () => {
  test('presets end today, whole UTC days', () => {
    const { range } = parseReportQuery({ days: '7' }, { now: NOW });
    expect(range).toEqual({ from: Date.UTC(2026, 10, 26), to: Date.UTC(2026, 11, 3), days: 7 });
    expect(previousRange(range)).toEqual({ from: Date.UTC(2026, 10, 19), to: Date.UTC(2026, 10, 26), days: 7 });
    expect(parseReportQuery({}, { now: NOW }).range.days).toBe(28);
    expect(parseReportQuery({}, { now: NOW, defaultDays: 90 }).range.days).toBe(90);
  });

  test('a custom period includes its last day', () => {
    const { range } = parseReportQuery({ from: '2026-11-01', to: '2026-11-30' }, { now: NOW });
    expect(range).toEqual({ from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 30) + DAY, days: 30 });
  });

  test.each([
    [{ days: '30' }, /days must be one of/],
    [{ days: ['7', '28'] }, /days must be given once/],
    [{ from: '2026-11-01' }, /needs both from and to/],
    [{ from: '2026-11-31x', to: '2026-12-01' }, /from must be a date/],
    [{ from: '2026-11-10', to: '2026-11-01' }, /to must not be before from/],
    [{ from: '2020-01-01', to: '2026-01-01' }, /at most/],
    [{ from: '2027-01-01', to: '2027-01-02' }, /future/],
    [{ days: '7', from: '2026-11-01', to: '2026-11-02' }, /not both/],
    [{ channel: '../x' }, /channel must be a channel id/],
    [{ format: 'pdf' }, /format must be json or csv/],
  ])('refuses %j', (query, message) => {
    expect(() => parseReportQuery(query, { now: NOW })).toThrow(message);
  });
});

describe('CSV', () => {
  test('quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv(
      [
        { header: 'Title', value: (row: { title: string; n: number }) => row.title },
        { header: 'N', value: (row) => row.n },
      ],
      [
        { title: 'Plain', n: 3 },
        { title: 'A "quoted", title', n: 0.5 },
        { title: '=1+1', n: -2 },
        { title: '@SUM(A1)\nline', n: 1 },
      ],
    );
    expect(csv).toBe('Title,N\r\nPlain,3\r\n"A ""quoted"", title",0.5000\r\n\'=1+1,-2\r\n"\'@SUM(A1)\nline",1\r\n');
  });
});
