// Who is signed in. Kept in localStorage so a reload stays signed in; the
// access token is refreshed with the rotating refresh token when it expires.
import { reactive, readonly } from 'vue'
import type { AuthResult, Organization, Tokens, User } from './api/types'

const STORAGE_KEY = 'market.session'

interface SessionState {
  user: User | null
  organization: Organization | null
  accessToken: string | null
  refreshToken: string | null
}

function load(): SessionState {
  const empty: SessionState = { user: null, organization: null, accessToken: null, refreshToken: null }
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    return raw ? { ...empty, ...JSON.parse(raw) } : empty
  } catch {
    return empty
  }
}

const state = reactive<SessionState>(load())

function persist(): void {
  try {
    if (state.refreshToken) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(state))
    else globalThis.localStorage?.removeItem(STORAGE_KEY)
  } catch {
    // storage unavailable: the session lasts until reload
  }
}

/** The signed-in user, organisation and tokens (read-only; use the functions below to change). */
export const session = readonly(state)

/** True when someone is signed in. */
export function signedIn(): boolean {
  return state.user !== null && state.accessToken !== null
}

/** True for platform operators. */
export function isOperator(): boolean {
  return state.user?.role === 'operator'
}

/** Stores the answer of login or register. */
export function setSession(result: AuthResult): void {
  state.user = result.user
  state.organization = result.organization ?? null
  state.accessToken = result.tokens.accessToken
  state.refreshToken = result.tokens.refreshToken
  persist()
}

/** Replaces the organisation (after a profile edit or a reload of /me). */
export function setOrganization(org: Organization | null): void {
  state.organization = org
  persist()
}

/** Forgets everything (sign-out, or a refresh the server refused). */
export function clearSession(): void {
  state.user = null
  state.organization = null
  state.accessToken = null
  state.refreshToken = null
  persist()
}

let refreshing: Promise<boolean> | null = null

/**
 * Trades the refresh token for new tokens; concurrent callers share one
 * request (the server spends a refresh token once). False when refused.
 */
export function refreshTokens(): Promise<boolean> {
  if (!state.refreshToken) return Promise.resolve(false)
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: state.refreshToken }),
      })
      if (!res.ok) {
        clearSession()
        return false
      }
      const body = (await res.json()) as { tokens: Tokens }
      state.accessToken = body.tokens.accessToken
      state.refreshToken = body.tokens.refreshToken
      persist()
      return true
    } catch {
      return false
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}
