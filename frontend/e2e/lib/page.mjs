// Shared browser helpers: isolated pages, screenshots and axe-core checks.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
}

const BLOCKING_IMPACTS = new Set(['serious', 'critical'])

/**
 * Opens a page in a fresh context (own localStorage) with the given browser
 * language. Page errors and console errors are collected; call
 * assertNoProblems() before closing. allowConsoleErrors: RegExps of console
 * errors that are expected (an API refusal the journey provokes).
 */
export async function openPage(browser, { baseURL, locale = 'zh-CN', allowConsoleErrors = [] }) {
  const context = await browser.newContext({ baseURL, locale, viewport: VIEWPORTS.desktop })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  page.on('console', (msg) => {
    // allowConsoleErrors: patterns of console errors a journey provokes on purpose (e.g. an expected 422).
    if (msg.type() === 'error' && !allowConsoleErrors.some((re) => re.test(msg.text()))) problems.push(`console error: ${msg.text()}`)
  })
  return {
    context,
    page,
    assertNoProblems() {
      if (problems.length) throw new Error(`browser reported problems:\n  ${problems.join('\n  ')}`)
    },
  }
}

/**
 * Screenshots the page at desktop and phone widths into
 * <outDir>/screenshots/<name>-<viewport>.png and runs axe-core at each;
 * throws on any serious or critical violation. Full axe results go to
 * <outDir>/axe/<name>.json.
 */
export async function inspectPage(page, { outDir, name }) {
  const shotDir = path.join(outDir, 'screenshots')
  const axeDir = path.join(outDir, 'axe')
  await mkdir(shotDir, { recursive: true })
  await mkdir(axeDir, { recursive: true })

  const report = {}
  const blocking = []
  for (const [viewport, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size)
    await page.screenshot({ path: path.join(shotDir, `${name}-${viewport}.png`), fullPage: true })
    const results = await new AxeBuilder({ page }).analyze()
    report[viewport] = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
    for (const v of results.violations) {
      if (!BLOCKING_IMPACTS.has(v.impact)) continue
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')
      blocking.push(`[${viewport}] ${v.impact} ${v.id}: ${v.help} (${targets})`)
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop)
  await writeFile(path.join(axeDir, `${name}.json`), `${JSON.stringify({ url: page.url(), violations: report }, null, 2)}\n`)
  if (blocking.length) {
    throw new Error(`axe: ${blocking.length} serious/critical violation(s) on ${name}:\n  ${blocking.join('\n  ')}`)
  }
}

/** Waits until the page's only <h1> has exactly this text. */
export async function waitForHeading(page, text) {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor()
}

/** Polls fn() until it returns the expected value (deep-equal via JSON), or throws. */
export async function waitForValue(what, fn, expected, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs
  let actual
  for (;;) {
    actual = await fn()
    if (JSON.stringify(actual) === JSON.stringify(expected)) return
    if (Date.now() > deadline) break
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}
