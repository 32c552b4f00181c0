import { ServiceError } from '@salesflow/platform';
import { parseImportCsv, validateImportRow } from './employee-import';

const HEADER = 'name,email,phone,department,title,roles,password';

function refusal(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseImportCsv', () => {
  it('numbers rows by their line (the header is line 1) and skips blank lines', () => {
    const { rows } = parseImportCsv(`${HEADER}\n张伟,a@b.cn,,上海,,sales_rep,\n\n"Li, Na",c@d.cn,,上海,,,\n`);
    expect(rows).toEqual([
      { line: 2, cells: ['张伟', 'a@b.cn', '', '上海', '', 'sales_rep', ''] },
      { line: 4, cells: ['Li, Na', 'c@d.cn', '', '上海', '', '', ''] },
    ]);
  });

  it('refuses a wrong or missing header and unreadable CSV as a whole', () => {
    expect(refusal(() => parseImportCsv('name,email\nx,y')).details.fieldErrors).toEqual([
      { field: 'csv', message: `needs the header row ${HEADER}` },
    ]);
    expect(refusal(() => parseImportCsv('')).code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => parseImportCsv(`${HEADER}\n"unclosed,a@b.cn`)).details.fieldErrors?.[0]?.field).toBe('csv');
  });

  it('refuses more than 5000 rows', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `n${i},e${i}@x.cn,,d,,,`).join('\n');
    expect(refusal(() => parseImportCsv(`${HEADER}\n${rows}`)).details.fieldErrors?.[0]?.message).toBe(
      'has more than 5000 rows',
    );
  });
});

describe('validateImportRow', () => {
  it('normalizes a good row', () => {
    expect(
      validateImportRow(2, [
        ' 张伟 ',
        'Zhang.Wei@X.CN',
        '+86 138-0013-8000',
        '上海销售一部',
        '销售代表',
        'sales_rep| viewer|',
        'abcd1234',
      ]),
    ).toEqual({
      errors: [],
      row: {
        line: 2,
        name: '张伟',
        email: 'zhang.wei@x.cn',
        phone: '+8613800138000',
        department: '上海销售一部',
        title: '销售代表',
        roleCodes: ['sales_rep', 'viewer'],
        password: 'abcd1234',
      },
    });
  });

  it('reports every bad field of the row with its line', () => {
    expect(validateImportRow(7, ['', 'not-mail', '12', '', '', '', 'short'])).toEqual({
      errors: [
        { line: 7, field: 'name', message: 'is required' },
        { line: 7, field: 'email', message: 'is not an email address' },
        { line: 7, field: 'phone', message: 'is not a phone number' },
        { line: 7, field: 'password', message: 'is shorter than 8 characters' },
        { line: 7, field: 'department', message: 'is required' },
      ],
    });
  });

  it('reports a wrong column count as a row error', () => {
    expect(validateImportRow(3, ['a', 'b'])).toEqual({
      errors: [{ line: 3, field: 'row', message: 'has 2 columns, expected 7' }],
    });
  });
});
