// Helpers for the journeys of signed-in people (buyer, enterprise, SME, operator).
import { inspectPage, openPage } from './page.mjs'

export const DEMO_PASSWORD = 'demo-password-2026'

/** Calls the JSON API directly (for set-up and checks a journey does not walk through). */
export async function apiCall(baseURL, method, path, { token, body } = {}) {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  const json = text ? JSON.parse(text) : undefined
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`)
  return json
}

/** Signs in through the API and returns the tokens' answer. */
export function apiLogin(baseURL, email, password = DEMO_PASSWORD) {
  return apiCall(baseURL, 'POST', '/auth/login', { body: { email, password } })
}

/**
 * Opens a fresh browser context signed in as `email` through the sign-in
 * page (the person's own context: own localStorage, own tokens).
 */
export async function openSignedIn(browser, { baseURL, email, locale = 'zh-CN', outDir, inspectName, allowConsoleErrors }) {
  const opened = await openPage(browser, { baseURL, locale, allowConsoleErrors })
  const { page } = opened
  await page.goto('/signin')
  await page.getByLabel(locale === 'en' ? 'Email' : '邮箱', { exact: true }).fill(email)
  await page.getByLabel(locale === 'en' ? 'Password' : '密码', { exact: true }).fill(DEMO_PASSWORD)
  if (outDir && inspectName) await inspectPage(page, { outDir, name: inspectName })
  await page.getByRole('button', { name: locale === 'en' ? 'Sign in' : '登录', exact: true }).click()
  await page.waitForFunction(() => {
    try {
      return !!JSON.parse(localStorage.getItem('market.session') || '{}').accessToken
    } catch {
      return false
    }
  })
  return opened
}

/** "YYYY-MM-DDTHH:mm" in Shanghai time (how the app's inputs read), `ms` from now. */
export function cityInputIn(ms) {
  return new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 16)
}

/** The instant a city-time input value stands for. */
export function cityInputInstant(value) {
  return new Date(`${value}:00+08:00`)
}

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A valid unified social credit code (GB 32100-2015 check character) from 17 characters. */
export function creditCode(first17) {
  let sum = 0
  let weight = 1
  for (const ch of first17) {
    const v = CREDIT_CODE_CHARS.indexOf(ch)
    if (v < 0) throw new Error(`not a credit-code character: ${ch}`)
    sum += v * weight
    weight = (weight * 3) % 31
  }
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** A fresh, valid credit code for a new enterprise. */
export function freshCreditCode() {
  const digits = String(Date.now()).slice(-8) + String(Math.floor(Math.random() * 10))
  return creditCode(`91310104${digits}`)
}
