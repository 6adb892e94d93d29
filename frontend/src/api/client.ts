// The one way the app talks to the server: JSON over /api/v1, the access
// token attached, one refresh-and-retry on a 401, problem+json turned into
// ApiError. Everything else in the app calls api() or the helpers below.
import { session, refreshTokens } from '../session'

/** One field problem from a problem+json `errors` list. */
export interface FieldProblem {
  location?: string
  message?: string
}

/** An error answer from the API (problem+json), or a network failure (status 0, code "network"). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: FieldProblem[]
  /** Seconds to wait before trying again (from Retry-After on 429/503), if the server said. */
  retryAfter?: number

  constructor(status: number, code: string, detail: string, errors: FieldProblem[] = []) {
    super(detail || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
    this.errors = errors
  }

  /** The message for a field such as "body.title", if the server named it. */
  fieldMessage(location: string): string | undefined {
    return this.errors.find((e) => e.location === location)?.message
  }
}

/** A query value: arrays repeat the parameter; undefined, null and '' are left out. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

export interface RequestOptions {
  query?: Record<string, QueryValue>
  headers?: Record<string, string>
  /** Send the access token (default true when signed in). */
  auth?: boolean
  signal?: AbortSignal
}

export const API_BASE = '/api/v1'

/** Builds "/api/v1/path?query" with repeated parameters for arrays. */
export function apiURL(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v))
    else params.append(key, String(value))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

async function send(method: string, url: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const token = session.accessToken
  if (opts.auth !== false && token) headers.Authorization = `Bearer ${token}`
  try {
    return await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
}

/**
 * An ApiError from an error answer's status, body text (problem+json, or
 * anything else) and Retry-After header; for callers that do not use fetch
 * (uploads go through XMLHttpRequest for their progress).
 */
export function problemError(status: number, bodyText: string, retryAfter: string | null): ApiError {
  let problem: { code?: string; detail?: string; title?: string; errors?: FieldProblem[] | null } = {}
  try {
    const parsed: unknown = bodyText ? JSON.parse(bodyText) : {}
    if (parsed && typeof parsed === 'object') problem = parsed
  } catch {
    // not JSON: keep the status only
  }
  const err = new ApiError(status, problem.code ?? `http_${status}`, problem.detail ?? problem.title ?? '', problem.errors ?? [])
  const retry = Number(retryAfter)
  if (Number.isFinite(retry) && retry > 0) err.retryAfter = retry
  return err
}

async function toError(res: Response): Promise<ApiError> {
  let text = ''
  try {
    text = await res.text()
  } catch {
    // no body: keep the status only
  }
  return problemError(res.status, text, res.headers.get('Retry-After'))
}

/**
 * Calls the API and returns the decoded JSON body (undefined for 204).
 * Throws ApiError for any answer other than 2xx.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const url = apiURL(path, opts.query)
  let res = await send(method, url, body, opts)
  if (res.status === 401 && opts.auth !== false && session.refreshToken && !path.startsWith('/auth/')) {
    if (await refreshTokens()) res = await send(method, url, body, opts)
  }
  if (!res.ok) throw await toError(res)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const get = <T>(path: string, opts?: RequestOptions) => api<T>('GET', path, undefined, opts)
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('POST', path, body ?? {}, opts)
export const put = <T>(path: string, body: unknown, opts?: RequestOptions) => api<T>('PUT', path, body, opts)
export const patch = <T>(path: string, body: unknown, opts?: RequestOptions) => api<T>('PATCH', path, body, opts)
export const del = <T>(path: string, opts?: RequestOptions) => api<T>('DELETE', path, undefined, opts)
