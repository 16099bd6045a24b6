/**
 * An account's refusals (apps/api/src/accounts) next to the fields they concern, in the console's
 * language: a taken login (409 LOGIN_TAKEN), the login's own rule, roles, and the 403s of a
 * secretariat that reaches beyond its body or grants administration.
 */
import { ApiFailure } from '../../api';
import { fieldErrors } from '../../errors';
import { t } from '../../i18n';

export function userFieldErrors(err: unknown): Record<string, string> {
  const out = fieldErrors(err);
  if (!(err instanceof ApiFailure)) return out;
  if (err.code === 'LOGIN_TAKEN') out.login = t('users.loginTaken');
  for (const f of err.fields) {
    if (f.field === 'login' && /must be 3 to 64 characters/.test(f.message)) out.login = t('users.loginRule');
    if (f.field === 'roles' && /at least one/.test(f.message)) out.roles = t('users.rolesRequired');
  }
  if (err.code === 'FORBIDDEN') {
    if (/cannot manage the accounts of/.test(err.message)) out.agency = t('users.ownBody');
    if (/grant the role admin/.test(err.message)) out.roles = t('users.adminOnly');
  }
  return out;
}
