import { ServiceError } from '@salesflow/platform';
import { createSigningKey, jwksJson, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import { AuthError } from './auth.errors';
import { createTokenVerifier, principalFromClaims } from './token-verifier';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('createTokenVerifier', () => {
  let key: SigningKey;
  let fetches: number;
  let published: string;

  const verifier = (refreshCooldownMs = 0) =>
    createTokenVerifier({
      fetchJwks: async () => {
        fetches += 1;
        return published;
      },
      refreshCooldownMs,
    });

  beforeAll(async () => {
    key = await createSigningKey('key-1');
  });

  beforeEach(() => {
    fetches = 0;
    published = jwksJson(key);
  });

  it('turns a good token into the principal it names', async () => {
    const principal = await verifier().verify(await signAccessToken(key));

    expect(principal).toEqual({
      tenantId: 't-1',
      employeeId: 'emp-1',
      roles: ['sales_rep'],
      permissions: ['crm.lead.read', 'crm.lead.write'],
      dataScope: 'DATA_SCOPE_SELF',
      departmentId: 'd-7',
      departmentPath: '/d-1/d-7/',
    });
  });

  it('maps every scope claim to its DataScope', () => {
    const base = { sub: 'e', tid: 't' };
    expect(principalFromClaims({ ...base, scope: 'DEPARTMENT' }).dataScope).toBe('DATA_SCOPE_DEPARTMENT');
    expect(principalFromClaims({ ...base, scope: 'DEPARTMENT_TREE' }).dataScope).toBe('DATA_SCOPE_DEPARTMENT_TREE');
    expect(principalFromClaims({ ...base, scope: 'TENANT' }).dataScope).toBe('DATA_SCOPE_TENANT');
    // No scope claim: the narrowest scope, never a wider one.
    expect(principalFromClaims(base)).toEqual({
      tenantId: 't',
      employeeId: 'e',
      roles: [],
      permissions: [],
      dataScope: 'DATA_SCOPE_SELF',
      departmentId: '',
      departmentPath: '',
    });
  });

  it('rejects an expired token as TOKEN_EXPIRED', async () => {
    const token = await signAccessToken(key, { issuedAt: nowSeconds() - 7200, expiresAt: nowSeconds() - 3600 });

    await expect(verifier().verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('rejects a token for another audience', async () => {
    const token = await signAccessToken(key, { audience: 'someone-else' });

    await expect(verifier().verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('rejects a token from another issuer', async () => {
    const token = await signAccessToken(key, { issuer: 'not-identity' });

    await expect(verifier().verify(token)).rejects.toBeInstanceOf(AuthError);
  });

  it('rejects a token signed by a key that is not in the JWKS under the same kid', async () => {
    const impostor = await createSigningKey('key-1');

    await expect(verifier().verify(await signAccessToken(impostor))).rejects.toMatchObject({ reason: 'TOKEN_INVALID' });
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await signAccessToken(key)).split('.');
    const payload = Buffer.from(JSON.stringify({ ...REP_CLAIMS, tid: 't-2' })).toString('base64url');

    await expect(verifier().verify(`${header}.${payload}.${signature}`)).rejects.toMatchObject({
      reason: 'TOKEN_INVALID',
    });
  });

  it('rejects text that is not a JWT', async () => {
    await expect(verifier().verify('not-a-token')).rejects.toMatchObject({ reason: 'TOKEN_INVALID' });
  });

  it('rejects a token without the tenant claim', async () => {
    const { tid: _omitted, ...claims } = REP_CLAIMS;

    await expect(verifier().verify(await signAccessToken(key, { claims }))).rejects.toMatchObject({
      reason: 'TOKEN_INVALID',
    });
  });

  it('fetches the JWKS once and reuses it', async () => {
    const v = verifier();
    await v.verify(await signAccessToken(key));
    await v.verify(await signAccessToken(key));

    expect(fetches).toBe(1);
  });

  it('fetches the JWKS again when a token names a key it does not know (rotation)', async () => {
    const v = verifier();
    await v.verify(await signAccessToken(key));
    const next = await createSigningKey('key-2');
    published = jwksJson(key, next);

    await expect(v.verify(await signAccessToken(next))).resolves.toMatchObject({ employeeId: 'emp-1' });
    expect(fetches).toBe(2);
  });

  it('does not refetch for unknown key ids within the cooldown', async () => {
    const v = verifier(60_000);
    await v.verify(await signAccessToken(key));
    const stranger = await createSigningKey('key-9');

    await expect(v.verify(await signAccessToken(stranger))).rejects.toMatchObject({ reason: 'TOKEN_INVALID' });
    expect(fetches).toBe(1);
  });

  it('passes on the failure when identity cannot be reached, so the caller gets 503 not 401', async () => {
    const v = createTokenVerifier({
      fetchJwks: async () => {
        throw new ServiceError('UNAVAILABLE', 'connect ECONNREFUSED');
      },
    });

    await expect(v.verify(await signAccessToken(key))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
