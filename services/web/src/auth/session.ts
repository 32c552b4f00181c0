// The signed-in person's access token, kept in localStorage so a reload stays signed in.
// A 401 from the API ends the session and returns to the login page with the place kept.
const KEY = 'salesflow.session';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

function read(): StoredSession | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : undefined;
  } catch {
    return undefined;
  }
}

export const session = {
  token(): string | undefined {
    return read()?.accessToken;
  },
  refreshToken(): string | undefined {
    return read()?.refreshToken;
  },
  signedIn(): boolean {
    return Boolean(read()?.accessToken);
  },
  start(accessToken: string, refreshToken: string): void {
    localStorage.setItem(KEY, JSON.stringify({ accessToken, refreshToken } satisfies StoredSession));
  },
  end(): void {
    localStorage.removeItem(KEY);
  },
  /** The current place, for the login page to return to. */
  loginPathKeepingPlace(): string {
    const here = `${window.location.pathname}${window.location.search}`;
    return here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
  },
  /** The API refused the token: back to login, remembering where the person was. */
  expired(): void {
    session.end();
    window.location.assign(session.loginPathKeepingPlace());
  },
};
