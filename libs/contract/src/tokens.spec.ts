/**
 * The API's bearer tokens: what verifyToken accepts and refuses. The secret is kept as a key object
 * between calls (a profiled hot spot), so a second secret, and the same secret again, are checked too.
 */
import * as jwt from 'jsonwebtoken';
import { mintToken, verifyToken } from './tokens';

const SECRET = 'a-secret-of-the-tests-only-0123456789';
const OTHER = 'another-secret-of-the-tests-only-9876543210';
const principal = { sub: 'u-1', agency: 'CAST', roles: ['secretariat' as const] };

describe('verifyToken', () => {
  it('accepts a token minted with the secret, again and again, and answers its principal', () => {
    const token = mintToken(principal, SECRET);
    for (let i = 0; i < 3; i++) expect(verifyToken(token, SECRET)).toEqual(principal);
  });

  it('tells two secrets apart: a token of one is refused by the other, in either order', () => {
    const mine = mintToken(principal, SECRET);
    const theirs = mintToken(principal, OTHER);
    expect(verifyToken(theirs, OTHER)).toEqual(principal);
    expect(() => verifyToken(mine, OTHER)).toThrow('invalid signature');
    expect(() => verifyToken(theirs, SECRET)).toThrow('invalid signature');
    expect(verifyToken(mine, SECRET)).toEqual(principal);
  });

  it('refuses an expired token, an unsigned one, and one signed with another algorithm', () => {
    const expired = jwt.sign({ agency: 'CAST', roles: ['secretariat'], exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, { algorithm: 'HS256', subject: 'u-1' });
    expect(() => verifyToken(expired, SECRET)).toThrow('jwt expired');
    const unsigned = jwt.sign({ agency: 'CAST', roles: ['secretariat'] }, '', { algorithm: 'none', subject: 'u-1', expiresIn: 60 });
    expect(() => verifyToken(unsigned, SECRET)).toThrow('jwt signature is required');
    const hs512 = jwt.sign({ agency: 'CAST', roles: ['secretariat'] }, SECRET, { algorithm: 'HS512', subject: 'u-1', expiresIn: 60 });
    expect(() => verifyToken(hs512, SECRET)).toThrow('invalid algorithm');
  });

  it('refuses claims of the wrong shape', () => {
    const noAgency = jwt.sign({ roles: ['secretariat'] }, SECRET, { algorithm: 'HS256', subject: 'u-1', expiresIn: 60 });
    expect(() => verifyToken(noAgency, SECRET)).toThrow('token has no valid agency claim');
    const badRole = jwt.sign({ agency: 'CAST', roles: ['emperor'] }, SECRET, { algorithm: 'HS256', subject: 'u-1', expiresIn: 60 });
    expect(() => verifyToken(badRole, SECRET)).toThrow('token roles must be a subset of');
  });
});
