import { csvCell, csvLine, CsvSyntaxError, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, fields across lines, CRLF, a BOM and blank lines, keeping each record’s line', () => {
    const text = '\ufefftitle,place\r\n"科普, 展","第一行\n第二行"\r\n\r\n"说 ""科学""",\n末行,x';
    expect(parseCsv(text)).toEqual({
      records: [
        ['title', 'place'],
        ['科普, 展', '第一行\n第二行'],
        ['说 "科学"', ''],
        ['末行', 'x'],
      ],
      lines: [1, 2, 5, 6],
    });
  });

  it('says where a file cannot be read', () => {
    expect(() => parseCsv('title\n"open\nstill open')).toThrow(new CsvSyntaxError('a quoted field opened on line 2 is never closed', 2));
    expect(() => parseCsv('title\n"x"y\n')).toThrow(/line 2: a closing quote/);
  });

  it('a BOM is dropped only at the very start; elsewhere it is text', () => {
    expect(parseCsv('\ufeffa,b\n1,2').records).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b\n\ufeff1,2').records).toEqual([['a', 'b'], ['\ufeff1', '2']]);
  });

  it('reads CRLF and LF alike, also mixed in one file, and a last line without an end', () => {
    const lf = parseCsv('a,b\n1,2\n3,4');
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n')).toEqual(lf);
    expect(parseCsv('a,b\r\n1,2\n3,4')).toEqual(lf);
  });

  it('a line break inside a quoted field is a line feed whichever the file used, and lines are still counted', () => {
    expect(parseCsv('a,b\r\n"一\r\n二",x\r\n末,y\r\n')).toEqual({
      records: [
        ['a', 'b'],
        ['一\n二', 'x'],
        ['末', 'y'],
      ],
      lines: [1, 2, 4],
    });
  });

  it('refuses a quote inside an unquoted field (ab"c): it cannot tell what was meant', () => {
    expect(() => parseCsv('title,place\nab"c,x\n')).toThrow(new CsvSyntaxError('line 2: a quote inside an unquoted field; quote the whole field and double the quotes inside it ("ab""c")', 2));
    expect(() => parseCsv('title\n "quoted after a space"\n')).toThrow(/line 2: a quote inside an unquoted field/);
  });

  it('a line that is only "" is a record with one empty field, not a blank line', () => {
    expect(parseCsv('title,place\n""\n末,x')).toEqual({ records: [['title', 'place'], [''], ['末', 'x']], lines: [1, 2, 3] });
    // Blank lines, and lines of spaces only, are skipped.
    expect(parseCsv('title\n\n   \n末').records).toEqual([['title'], ['末']]);
  });

  it('refuses a carriage return that does not end a line, inside a field or between records', () => {
    expect(() => parseCsv('a,b\r1,2\r\n')).toThrow(new CsvSyntaxError('line 1: a carriage return that does not end a line (CR without LF)', 1));
    expect(() => parseCsv('a,b\n"x\ry",2\n')).toThrow(/line 2: a carriage return inside a quoted field/);
  });

  it('keeps empty fields, including at the end of a line and a line of commas', () => {
    expect(parseCsv('a,b,c\n1,,\n,,\n').records).toEqual([['a', 'b', 'c'], ['1', '', ''], ['', '', '']]);
  });
});

describe('csvCell and csvLine (what exports write)', () => {
  it('quotes cells with commas, quotes or line breaks, and reads back as written', () => {
    const values = ['科普, 展', '说 "科学"', '一\n二', '', 42];
    const line = csvLine(values);
    expect(line).toBe('"科普, 展","说 ""科学""","一\n二",,42\r\n');
    expect(parseCsv(line).records).toEqual([['科普, 展', '说 "科学"', '一\n二', '', '42']]);
  });

  it('never writes a cell that a spreadsheet would run as a formula', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '  =1']) {
      expect(csvCell(s).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell(-5)).toBe('-5'); // numbers are numbers
    expect(csvCell('科普展')).toBe('科普展');
    expect(csvCell(null)).toBe('');
  });
});
