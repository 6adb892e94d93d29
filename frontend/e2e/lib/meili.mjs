// The Meilisearch side of the browser tests: each run's indexes carry a
// prefix of their own, so runs sharing one server never see each other's
// documents, and are deleted when the run ends.
import { randomBytes } from 'node:crypto'

const CALL_TIMEOUT_MS = 10_000

/** A fresh index prefix, such as `e2e-3f9a1c0b-`. */
export function randomPrefix() {
  return `e2e-${randomBytes(4).toString('hex')}-`
}

async function call(env, method, pathAndQuery) {
  const headers = env.MEILI_API_KEY ? { Authorization: `Bearer ${env.MEILI_API_KEY}` } : {}
  const res = await fetch(new URL(pathAndQuery, env.MEILI_URL), {
    method,
    headers,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  })
  if (!res.ok) throw new Error(`Meilisearch ${method} ${pathAndQuery}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Deletes every index whose name starts with env.MEILI_INDEX_PREFIX. */
export async function deleteMeiliIndexes(env) {
  const prefix = env.MEILI_INDEX_PREFIX
  if (!prefix) throw new Error('no MEILI_INDEX_PREFIX: refusing to delete every index')
  const { results } = await call(env, 'GET', '/indexes?limit=1000')
  for (const { uid } of results) {
    if (uid.startsWith(prefix)) await call(env, 'DELETE', `/indexes/${encodeURIComponent(uid)}`)
  }
}
