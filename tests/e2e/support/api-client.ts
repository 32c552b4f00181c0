/** A thin client of the public REST API, as an integrator would write it. */
export class ApiClient {
  private token = '';
  constructor(readonly baseUrl: string) {}

  async login(tenantCode: string, email: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/login', { tenantCode, email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = (res.body as { accessToken: string }).accessToken;
  }

  /** The tenant of the logged-in user, read from the access token's `tid` claim. */
  tenantId(): string {
    return this.claims().tid;
  }

  /** The bearer token of the signed-in user (for requests this client does not make itself). */
  accessToken(): string {
    return this.token;
  }

  /** The logged-in employee, read from the access token's `sub` claim. */
  employeeId(): string {
    return this.claims().sub;
  }

  private claims(): { tid: string; sub: string } {
    const payload = this.token.split('.')[1] ?? '';
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid: string; sub: string };
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; body: unknown }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
}
