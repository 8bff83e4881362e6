/**
 * One JSON request to the crowdflow server. Errors come back as
 * `{ "error": { "code", "message" } }`; every failure becomes an ApiError with that code
 * (or CF_ERR_NETWORK / CF_ERR_RESPONSE when the server could not be reached or made no sense).
 */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  token?: string;
  body?: unknown;
}

export async function requestJson(fetchFn: FetchFn, path: string, opts: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const init: RequestInit = { method: opts.method ?? 'GET', headers };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetchFn(path, init);
  } catch (err) {
    throw new ApiError(0, 'CF_ERR_NETWORK', `${init.method} ${path} did not reach the server (${String(err)})`);
  }
  const text = await res.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'CF_ERR_RESPONSE', `${init.method} ${path}: expected JSON, got ${text.slice(0, 60)}`);
    }
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`;
    const message = typeof err?.message === 'string' ? err.message : `${init.method} ${path} failed with ${res.status}`;
    throw new ApiError(res.status, code, message);
  }
  return body;
}

/** Reads `body[key]` and checks its shape, so a wrong server reply fails loudly here and not deep in a component. */
export function field<T>(body: unknown, key: string, isValid: (v: unknown) => boolean, what: string): T {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (!isValid(value)) throw new ApiError(200, 'CF_ERR_RESPONSE', `expected \`${key}\` to be ${what}`);
  return value as T;
}

export const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isArrayOfObjects = (v: unknown): boolean => Array.isArray(v) && v.every(isObject);
