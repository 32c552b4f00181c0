import { ServiceError } from '@salesflow/platform';
import type { IdentityDatabase } from '../../database';
import { AuthService, type LoginInput, parseLoginInput } from './auth.service';

function rejection(input: LoginInput): ServiceError {
  try {
    parseLoginInput(input);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('input was accepted');
}

describe('parseLoginInput', () => {
  it('normalizes tenant code and email to trimmed lowercase and keeps the password as typed', () => {
    expect(
      parseLoginInput({ tenantCode: ' Demo ', email: ' Admin@Demo.Salesflow.Local ', password: ' Pass word ' }),
    ).toEqual({ tenantCode: 'demo', email: 'admin@demo.salesflow.local', phone: '', password: ' Pass word ' });
  });

  it('takes a phone instead of an email, normalized to + and digits', () => {
    expect(parseLoginInput({ tenantCode: 'demo', email: '', phone: '+86 138-0013-8000', password: 'x' })).toEqual({
      tenantCode: 'demo',
      email: '',
      phone: '+8613800138000',
      password: 'x',
    });
  });

  it('names every empty field, once each, as INVALID_ARGUMENT (email stands for "email or phone")', () => {
    const error = rejection({ tenantCode: '  ', email: '', password: '' });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details.fieldErrors).toEqual([
      { field: 'tenantCode', message: 'is required' },
      { field: 'email', message: 'is required' },
      { field: 'password', message: 'is required' },
    ]);
  });

  it('rejects an email that is not one', () => {
    expect(rejection({ tenantCode: 'demo', email: 'admin', password: 'x' }).details.fieldErrors).toEqual([
      { field: 'email', message: 'is not an email address' },
    ]);
  });

  it('refuses an oversized password before any hashing', () => {
    const error = rejection({ tenantCode: 'demo', email: 'a@b.cn', password: 'x'.repeat(1025) });
    expect(error.details.fieldErrors).toEqual([{ field: 'password', message: 'is longer than 1024 characters' }]);
  });
});

describe('AuthService.login', () => {
  it('rejects bad input without touching the database or issuing a token', async () => {
    const untouchable = new Proxy({} as IdentityDatabase, {
      get: (_target, property) => {
        throw new Error(`database touched: ${String(property)}`);
      },
    });
    const issue = jest.fn();
    const auth = new AuthService(untouchable, { issue });
    await expect(auth.login({ tenantCode: 'demo', email: '', password: 'secret' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldErrors: [{ field: 'email', message: 'is required' }] },
    });
    expect(issue).not.toHaveBeenCalled();
  });
});
