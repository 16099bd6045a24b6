import { canonicalContact, contactKey, emailProblem, phoneProblem, readContactCsv } from './contact';

const AGENCIES = new Set(['CAST', 'HA_CAST', 'MOE']);
const HEADER = 'agency,name,roles,email,phone,language';
const read = (csv: string) => readContactCsv(csv, AGENCIES);
const problemsOf = (csv: string) => {
  const r = read(csv);
  if (!('problems' in r)) throw new Error(`expected problems, got ${JSON.stringify(r)}`);
  return r.problems;
};
const contactsOf = (csv: string) => {
  const r = read(csv);
  if (!('contacts' in r)) throw new Error(`expected contacts, got ${JSON.stringify(r)}`);
  return r.contacts;
};

describe('emailProblem', () => {
  it('accepts the addresses offices use', () => {
    for (const s of ['kepuri@cast.org.cn', 'henankepu@163.com', 'Wang.Xiaomeng+kpr@CAST.org.cn', 'a_b-c@mail.xn--fiqs8s', "o'brien@example.org"]) expect(emailProblem(s)).toBeNull();
  });

  it('refuses what is not an address, saying what is wrong', () => {
    for (const s of ['', 'kepuri', 'kepuri@', '@cast.org.cn', 'kepuri@cast', 'kepuri@@cast.org.cn', 'kep uri@cast.org.cn', '.kepuri@cast.org.cn', 'kep..uri@cast.org.cn', 'kepuri@-cast.org.cn', 'kepuri@cast.org.c', '王@cast.org.cn', 'kepuri@科协.cn', '"a b"@cast.org.cn', 'kepuri@cast.org.cn.']) {
      expect({ s, problem: emailProblem(s) }).toEqual({ s, problem: expect.stringMatching(/^must be an e-mail address/) });
    }
    expect(emailProblem(`${'a'.repeat(65)}@cast.org.cn`)).toMatch(/at most 64/);
    expect(emailProblem(`a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(10)}.cn`)).toMatch(/at most 254/);
  });
});

describe('phoneProblem', () => {
  it('accepts numbers as offices write them', () => {
    for (const s of ['010-68512519', '0371-65709215', '(0371) 6570 9215', '010-68512519转8001', '+86 10 6851 2519', '13800138000', '010-68512519, 68512520', '010-68512519 ext. 12']) expect(phoneProblem(s)).toBeNull();
  });

  it('refuses what is not a number', () => {
    for (const s of ['请致电', '---', 'call 010', '010‐6851']) expect(phoneProblem(s)).toMatch(/telephone number/);
    expect(phoneProblem('1'.repeat(65))).toMatch(/at most 64/);
  });
});

describe('readContactCsv', () => {
  it('reads rows with defaults: zh-CN, the email channel, blank cells null, roles split on | (each once, in a fixed order)', () => {
    const contacts = contactsOf(`${HEADER}\nHA_CAST,李二静,signer|secretariat,henankepu@163.com,0371-65709215,\nMOE, 张三 ,recipient| reporting-unit |recipient,,,en\n`);
    expect(contacts).toEqual([
      { agency: 'HA_CAST', name: '李二静', roles: ['secretariat', 'signer'], email: 'henankepu@163.com', phone: '0371-65709215', language: 'zh-CN', channels: ['email'] },
      { agency: 'MOE', name: '张三', roles: ['recipient', 'reporting-unit'], email: null, phone: null, language: 'en', channels: ['email'] },
    ]);
  });

  it('takes the columns in any order, case-insensitively, with channels optional', () => {
    expect(contactsOf('Name,AGENCY,roles,channels\n王晓萌,CAST,secretariat,email\n')).toEqual([
      { agency: 'CAST', name: '王晓萌', roles: ['secretariat'], email: null, phone: null, language: 'zh-CN', channels: ['email'] },
    ]);
  });

  it('names every bad field of every row, with its line: a malformed e-mail, an unknown role, an unknown agency or language, an empty name', () => {
    const problems = problemsOf(
      [
        HEADER,
        'CAST,王晓萌,secretariat,kepuri@,010-68512519,zh-CN',
        'NOSUCH,,boss|signer,,,fr',
        '"CAST",赵婷婷,,,电话,',
        'HA_CAST,李二静,secretariat,henankepu@163.com,,',
      ].join('\n'),
    );
    expect(problems.map((p) => p.field)).toEqual(['rows.0.email', 'rows.1.agency', 'rows.1.name', 'rows.1.roles', 'rows.1.language', 'rows.2.roles', 'rows.2.phone']);
    expect(problems[0].message).toBe('line 2: email must be an e-mail address such as kepuri@cast.org.cn');
    expect(problems[1].message).toBe('line 3: agency NOSUCH is not in the directory');
    expect(problems[3].message).toContain('unknown role “boss”');
    expect(problems[5].message).toMatch(/^line 4: roles is required/);
  });

  it('refuses control characters, names that hide and cells that spreadsheets run', () => {
    const problems = problemsOf(`${HEADER}\nCAST,"科普\u202e日",secretariat,,+86 10 6851 2519,\nCAST,王\u0000,=cmd|x,,,\n`);
    expect(problems.map((p) => p.field)).toEqual(['rows.0.name', 'rows.0.phone', 'rows.1.name', 'rows.1.roles']);
    expect(problems[1].message).toMatch(/formula/);
  });

  it('refuses the same person twice (same agency, name and e-mail, whatever its case)', () => {
    const problems = problemsOf(`${HEADER}\nCAST,王晓萌,secretariat,kepuri@cast.org.cn,,\nCAST,刘天扬,secretariat,kepuri@cast.org.cn,,\nCAST,王晓萌,signer,KEPURI@cast.org.cn,,\nCAST,蒙昌乐,secretariat,,,\nCAST,蒙昌乐,signer,,,\n`);
    expect(problems).toEqual([
      { field: 'rows.2.email', message: expect.stringContaining('the same person as line 2') },
      { field: 'rows.4.name', message: expect.stringContaining('the same person as line 5') },
    ]);
  });

  it('refuses an unreadable upload as a whole: empty, bad header, no rows, a ragged row, broken CSV', () => {
    expect(problemsOf('')).toEqual([{ field: 'body', message: expect.any(String) }]);
    expect(problemsOf('agency,name,roles,zz\nCAST,a,signer,x\n').map((p) => p.field)).toEqual(['header.3']);
    expect(problemsOf('agency,name\nCAST,a\n').map((p) => p.field)).toEqual(['header']);
    expect(problemsOf('agency,name,roles,name\nCAST,a,signer,b\n').map((p) => p.field)).toEqual(['header.3']);
    expect(problemsOf(`${HEADER}\n`).map((p) => p.field)).toEqual(['rows']);
    expect(problemsOf(`${HEADER}\nCAST,a,signer\n`)).toEqual([{ field: 'rows.0', message: 'line 2 has 3 fields; the header has 6' }]);
    expect(problemsOf(`${HEADER}\nCAST,"a,signer\n`).map((p) => p.field)).toEqual(['body']);
    expect(readContactCsv(undefined, AGENCIES)).toEqual({ problems: [{ field: 'body', message: expect.any(String) }] });
  });

  it('keys a person by agency, e-mail (any case) and name', () => {
    expect(contactKey({ agency: 'CAST', name: '王晓萌', email: 'KEPURI@cast.org.cn' })).toBe(contactKey({ agency: 'CAST', name: '王晓萌', email: 'kepuri@cast.org.cn' }));
    expect(contactKey({ agency: 'CAST', name: '王晓萌', email: null })).not.toBe(contactKey({ agency: 'CAST', name: '王晓萌', email: 'kepuri@cast.org.cn' }));
  });
});

describe('canonicalContact', () => {
  it('trims, orders roles and channels, fills in the defaults; an empty channel list is the inbox only', () => {
    expect(canonicalContact({ name: ' 张三 ', roles: ['signer', 'secretariat', 'signer'], email: ' a@b.cn ', phone: '' })).toEqual({
      name: '张三',
      roles: ['secretariat', 'signer'],
      email: 'a@b.cn',
      phone: null,
      language: 'zh-CN',
      channels: ['email'],
    });
    expect(canonicalContact({ name: '张三', roles: ['recipient'], email: null, language: 'en', channels: [] })).toMatchObject({ email: null, language: 'en', channels: [] });
  });
});
