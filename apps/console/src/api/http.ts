/**
 * The one place the console talks HTTP: the access token, problem+json errors, and what a 401 does.
 * Every screen goes through the typed functions in ./endpoints.ts, never through fetch directly.
 */

/** One field at fault, as the API names it (problem+json `errors[]`). */
export interface FieldError {
  field: string;
  message: string;
}

/** An API refusal (RFC 9457 problem+json), with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || code);
  }

  /** The message for one field (`applicant.phone`, `materials.0.pages`), if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

const TOKEN_KEY = 'sw.accessToken';

/** The token is kept per tab (sessionStorage): two tabs may be two different people at one counter. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** Whose session an access token belongs to (its `sub`); only read, never trusted for anything else. */
export function subjectOf(token: string): string | null {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const sub = (JSON.parse(atob(payload)) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

let renewing: Promise<boolean> | null = null;

/**
 * A new access token from the refresh token, which the browser keeps as an HttpOnly cookie (no script
 * reads it). The cookie is the browser's, not the tab's: when another tab has since logged in someone
 * else, the token answered is theirs, and this tab's session is over instead. Concurrent 401s share one
 * renewal (each refresh token works once).
 */
export function renewAccessToken(): Promise<boolean> {
  renewing ??= (async () => {
    const current = tokenStore.get();
    if (!current) return false;
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: '{}',
        credentials: 'same-origin',
      });
      if (!response.ok) return false;
      const { accessToken } = (await response.json()) as { accessToken: string };
      if (subjectOf(accessToken) !== subjectOf(current)) return false;
      tokenStore.set(accessToken);
      return true;
    } catch {
      return false;
    }
  })().finally(() => (renewing = null));
  return renewing;
}

let clockOffsetMs = 0;

/**
 * Now on the server's clock, as far as its last answer's Date header tells (to the second): a counter
 * PC's own clock is often off, and a countdown to a due time set by the server must not be.
 */
export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

function noteServerClock(response: Response): void {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (!Number.isNaN(date)) clockOffsetMs = date - Date.now();
}

let onUnauthorized: () => void = () => undefined;

/** What to do when the API says the session is over (the router sends the user to login and back). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** No token, and a 401 is the caller's to handle (login, public pages). */
  anonymous?: boolean;
}

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function send(method: string, path: string, options: RequestOptions, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.anonymous ? null : tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${queryString(options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  noteServerClock(response);
  if (response.ok) return response;
  // The access token is short-lived: renew it silently once, then ask again.
  if (response.status === 401 && token && !retried) {
    await response.body?.cancel();
    if (await renewAccessToken()) return send(method, path, options, true);
  }
  const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
  if (response.status === 401 && !options.anonymous) {
    tokenStore.clear();
    onUnauthorized();
  }
  throw new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, problem.detail ?? problem.title ?? response.statusText, problem.errors ?? []);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A document (PDF, XLSX, CSV) fetched with the token, as a Blob with its file name. */
export async function requestFile(path: string, query?: Query): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send('GET', path, { query, headers: { accept: '*/*' } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const fileName = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? null);
  return { blob: await response.blob(), fileName };
}
