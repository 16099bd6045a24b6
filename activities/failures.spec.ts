import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { AuditChainError } from '@db/audit/audit.queries';
import { sqlState } from '@db/sql';
import { classify, scrub } from './failures';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('which activity failures are retried', () => {
  it('a PostgreSQL data exception or integrity violation fails for good, seen directly or through TypeORM', () => {
    for (const err of [pgError('22P05', 'unsupported Unicode escape sequence'), new QueryFailedError('UPDATE …', [], pgError('22P05', 'unsupported Unicode escape sequence'))]) {
      const failure = classify(err) as ApplicationFailure;
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'DATA_EXCEPTION', nonRetryable: true, message: 'unsupported Unicode escape sequence (SQLSTATE 22P05)' });
    }
    expect(classify(pgError('22003', 'integer out of range'))).toMatchObject({ type: 'DATA_EXCEPTION', nonRetryable: true });
    expect(classify(new QueryFailedError('INSERT …', [], pgError('23503', 'violates foreign key constraint')))).toMatchObject({ type: 'INTEGRITY_VIOLATION', nonRetryable: true });
  });

  it('a pure rule refusing impossible input (RangeError) fails for good', () => {
    expect(classify(new RangeError('not a YYYY-MM-DD date: +010000-01'))).toMatchObject({ type: 'IMPOSSIBLE_INPUT', nonRetryable: true });
  });

  it('what a retry can fix is left to retry: connections, serialization, deadlocks, a server shutting down, bugs', () => {
    for (const err of [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('EPIPE', 'write EPIPE'),
      pgError('40001', 'could not serialize access'),
      pgError('40P01', 'deadlock detected'),
      pgError('57P01', 'terminating connection due to administrator command'),
      new QueryFailedError('SELECT …', [], pgError('53300', 'too many connections')),
      new TypeError("Cannot read properties of undefined (reading 'x')"),
    ]) {
      expect(classify(err)).toBe(err);
    }
    expect(sqlState(pgError('ECONNREFUSED', 'x'))).toBeUndefined();
  });

  it('an audit chain that disagrees with its writer (a gap, another entry in the place) fails for good', () => {
    expect(classify(new AuditChainError('audit entry 3 of campaign c is missing'))).toMatchObject({
      type: 'AUDIT_CHAIN',
      nonRetryable: true,
      message: 'audit entry 3 of campaign c is missing',
    });
  });

  it('a failure already decided where it was thrown is kept as it is', () => {
    const decided = ApplicationFailure.create({ type: 'AUDIT_CHAIN', message: 'audit entry 3 is missing', nonRetryable: true });
    expect(classify(decided)).toBe(decided);
  });

  it('messages are scrubbed of what cannot be stored: NUL, lone surrogates, excess length', () => {
    expect(scrub('a\u0000b\ud800c\udc00d😀')).toBe('a\\u0000b\ufffdc\ufffdd😀');
    expect(scrub('x'.repeat(400))).toHaveLength(301);
    expect(classify(pgError('22P02', 'invalid input syntax for type integer: "1\u0000"'))).toMatchObject({ message: 'invalid input syntax for type integer: "1\\u0000" (SQLSTATE 22P02)' });
  });
});
