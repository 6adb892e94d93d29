// Journey: server routes answer, and an unknown client route gets index.html
// with the friendly not-found view, from which the home page is one link away.
import assert from 'node:assert/strict'
import { inspectPage, openPage, waitForHeading, waitForValue } from '../lib/page.mjs'
import { TEXT } from '../lib/text.mjs'

const zh = TEXT['zh-CN']

export default async function healthNotFound({ browser, baseURL, outDir }) {
  const health = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(10_000) })
  assert.equal(health.status, 200, 'GET /healthz status')

  // The home page links here; it must not be a dead link.
  const docs = await fetch(`${baseURL}/api/docs`, { signal: AbortSignal.timeout(10_000) })
  assert.equal(docs.status, 200, 'GET /api/docs status')

  const { context, page, assertNoProblems } = await openPage(browser, { baseURL, locale: 'zh-CN' })
  try {
    const response = await page.goto('/no/such/page')
    assert.ok(response, 'navigation response')
    assert.match(response.headers()['content-type'] ?? '', /text\/html/, 'unknown route serves HTML')

    await waitForHeading(page, zh.notFound)
    // Focus stays put on a fresh page load; it only moves on client navigation.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'focus on first load')
    await waitForValue('document.title', () => page.title(), `${zh.notFound} · ${zh.title}`)
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
    await inspectPage(page, { outDir, name: 'not-found-zh' })

    await page.getByRole('link', { name: zh.backHome, exact: true }).click()
    await waitForHeading(page, zh.title)
    assert.equal(new URL(page.url()).pathname, '/', 'back on the home page')
    // Client navigation moves focus to the new content.
    await waitForValue('focused element', () => page.evaluate(() => document.activeElement?.id), 'main')
    assertNoProblems()
  } finally {
    await context.close()
  }
}
