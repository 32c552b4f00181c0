import { csvLine, headerIndex, parseCsv } from './csv';

describe('csv', () => {
  it('parses quotes, doubled quotes, embedded line breaks, CRLF and a BOM', () => {
    const text = '\ufeffname,notes\r\n"王, 建国","说 ""好""\n下周"\r\n李娜,\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'notes'],
      ['王, 建国', '说 "好"\n下周'],
      ['李娜', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
  });

  it('writes what it reads, and defuses spreadsheet formulas', () => {
    const line = csvLine(['王, 建国', 'say "hi"', 3, null, '=HYPERLINK("x")', '-5']);
    expect(line).toBe('"王, 建国","say ""hi""",3,,"\'=HYPERLINK(""x"")",\'-5\r\n');
    expect(parseCsv(line)).toEqual([['王, 建国', 'say "hi"', '3', '', '\'=HYPERLINK("x")', "'-5"]]);
  });

  it('indexes a header case-insensitively', () => {
    expect(headerIndex([' Name ', 'PHONE'])).toEqual(
      new Map([
        ['name', 0],
        ['phone', 1],
      ]),
    );
  });
});
