#!/usr/bin/env node
// Browser tests against the real `market` binary.
//
//   MARKET_BIN     the binary (default ../bin/market, relative to frontend/)
//   CHROMIUM_PATH  the browser (default /usr/bin/chromium); never downloaded
//   E2E_OUT_DIR    where screenshots, axe reports and the server log go
//                  (default test-output/)
//   E2E_ONLY       comma-separated journey names to run (default: all)
//   MEILI_URL, MEILI_API_KEY
//                  a Meilisearch server: the search journeys (MEILI_JOURNEYS)
//                  run a second time against it, at the same time as the
//                  others; without MEILI_URL they are reported as skipped,
//                  naming it
//
// Each suite (the embedded engine's journeys, its long journey, and
// Meilisearch's) seeds a fresh temporary DATA_DIR, starts `market serve` on
// a free port and runs its journeys from e2e/journeys/ one after another;
// the suites run side by side in one browser. Ends with "N passed, M failed,
// K skipped". Screenshots and axe reports go to test-output/
// (test-output/long/ and test-output/meili/ for the other suites).
import { accessSync, constants } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import healthNotFound from './journeys/health-notfound.mjs'
import homeLocale from './journeys/home-locale.mjs'
import publicSearch from './journeys/public-search.mjs'
import opportunityLife, { TIMEOUT_MS as OPPORTUNITY_LIFE_TIMEOUT_MS } from './journeys/opportunity-life.mjs'
import operatorVerify from './journeys/operator-verify.mjs'
import smeHelp from './journeys/sme-help.mjs'
import alerts from './journeys/alerts.mjs'
import documents from './journeys/documents.mjs'
import seededMarket from './journeys/seeded-market.mjs'
import { deleteMeiliIndexes, randomPrefix } from './lib/meili.mjs'
import { runSeed, startServer, waitReady } from './lib/server.mjs'

const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = path.resolve(FRONTEND_DIR, process.env.E2E_OUT_DIR || 'test-output')
const GLOBAL_TIMEOUT_MS = 15 * 60_000
const JOURNEY_TIMEOUT_MS = 90_000
const CLEANUP_STEP_TIMEOUT_MS = 15_000

const ALL_JOURNEYS = [
  { name: 'home-locale', run: homeLocale },
  { name: 'health-notfound', run: healthNotFound },
  { name: 'public-search', run: publicSearch },
  { name: 'operator-verify', run: operatorVerify },
  { name: 'sme-help', run: smeHelp },
  { name: 'alerts', run: alerts },
  { name: 'documents', run: documents },
  { name: 'seeded-market', run: seededMarket },
  // Waits for a real bid deadline to pass: minutes, not seconds.
  { name: 'opportunity-life', run: opportunityLife, timeoutMs: OPPORTUNITY_LIFE_TIMEOUT_MS },
]

// The journeys that search, run again on Meilisearch when MEILI_URL is set.
const MEILI_JOURNEYS = ['public-search', 'opportunity-life']

const only = (process.env.E2E_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean)
const JOURNEYS = only.length ? ALL_JOURNEYS.filter((j) => only.includes(j.name)) : ALL_JOURNEYS
if (only.length && JOURNEYS.length !== only.length) {
  console.error(`E2E_ONLY names unknown journeys: ${only.filter((n) => !ALL_JOURNEYS.some((j) => j.name === n)).join(', ')}`)
  process.exit(2)
}

const meiliURL = (process.env.MEILI_URL || '').trim()
const meiliPrefix = randomPrefix()
const SUITES = [
  // The long journey waits minutes for a deadline: on a server of its own,
  // it runs beside the others rather than after them.
  { label: '', outDir: OUT_DIR, env: {}, journeys: JOURNEYS.filter((j) => !j.timeoutMs) },
  { label: '', outDir: path.join(OUT_DIR, 'long'), env: {}, journeys: JOURNEYS.filter((j) => j.timeoutMs) },
  {
    label: 'meili/',
    outDir: path.join(OUT_DIR, 'meili'),
    env: { MEILI_URL: meiliURL, MEILI_API_KEY: process.env.MEILI_API_KEY || '', MEILI_INDEX_PREFIX: meiliPrefix },
    journeys: JOURNEYS.filter((j) => MEILI_JOURNEYS.includes(j.name)),
    skip: meiliURL ? null : 'MEILI_URL not set (no Meilisearch server to run them against)',
  },
].filter((suite) => suite.journeys.length > 0)

const results = new Map() // suite label + journey name -> error message, or null when passed
const skipped = new Set() // suite label + journey name
const cleanups = [] // run in reverse order

function withTimeout(promise, ms, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function requireExecutable(file, what, hint) {
  try {
    accessSync(file, constants.X_OK)
  } catch {
    throw new Error(`${what} not found or not executable: ${file} (${hint})`)
  }
}

function oneLine(err) {
  const text = err instanceof Error ? err.message : String(err)
  return text.trim().replace(/\s*\n\s*/g, ' | ')
}

async function cleanup() {
  while (cleanups.length) {
    const step = cleanups.pop()
    try {
      await withTimeout(step.fn(), CLEANUP_STEP_TIMEOUT_MS, `cleanup: ${step.what}`)
    } catch (err) {
      console.error(`warning: ${oneLine(err)}`)
    }
  }
}

async function main() {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  requireExecutable(chromiumPath, 'Chromium executable', 'install chromium or set CHROMIUM_PATH')
  const bin = path.resolve(FRONTEND_DIR, process.env.MARKET_BIN || '../bin/market')
  requireExecutable(bin, 'market binary', 'build it first or set MARKET_BIN')

  await rm(OUT_DIR, { recursive: true, force: true })
  await mkdir(OUT_DIR, { recursive: true })

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Signals are handled below, so that the servers and temp dirs are cleaned up too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  cleanups.push({ what: 'close browser', fn: () => browser.close() })

  await Promise.all(SUITES.map((suite) => runSuite(suite, { bin, browser })))
}

/** Seeds and serves one suite's own store, then runs its journeys in order. */
async function runSuite(suite, { bin, browser }) {
  if (suite.skip) {
    for (const journey of suite.journeys) {
      skipped.add(suite.label + journey.name)
      console.log(`SKIP ${suite.label}${journey.name}: ${suite.skip}`)
    }
    return
  }
  await mkdir(suite.outDir, { recursive: true })
  const logFile = path.join(suite.outDir, 'server.log')
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'market-e2e-'))
  cleanups.push({ what: `remove ${suite.label || 'the'} temp data dir`, fn: () => rm(dataDir, { recursive: true, force: true }) })
  if (suite.env.MEILI_URL) {
    cleanups.push({ what: 'delete the Meilisearch indexes', fn: () => deleteMeiliIndexes(suite.env) })
  }
  await runSeed({ bin, dataDir, logFile, env: suite.env })
  const server = await startServer({ bin, dataDir, logFile, env: suite.env })
  cleanups.push({ what: `stop the ${suite.label || ''}server`, fn: server.stop })
  await waitReady(server.baseURL)

  for (const journey of suite.journeys) {
    if (exiting) return
    const name = suite.label + journey.name
    const started = Date.now()
    try {
      await withTimeout(
        journey.run({ browser, baseURL: server.baseURL, outDir: suite.outDir }),
        journey.timeoutMs ?? JOURNEY_TIMEOUT_MS,
        `journey ${name}`,
      )
      if (exiting) return
      results.set(name, null)
      console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    } catch (err) {
      if (exiting) return // aborted: finish() reports it
      results.set(name, oneLine(err))
      console.log(`FAIL ${name}: ${oneLine(err)}`)
    }
  }
}

let exiting = false
async function finish(fatal) {
  if (exiting) return
  exiting = true
  if (fatal) console.log(`ERROR ${oneLine(fatal)}`)
  for (const suite of SUITES) {
    for (const journey of suite.journeys) {
      const name = suite.label + journey.name
      if (!results.has(name) && !skipped.has(name)) {
        results.set(name, 'not completed')
        console.log(`FAIL ${name}: not completed`)
      }
    }
  }
  await cleanup()
  const failed = [...results.values()].filter((r) => r !== null).length
  console.log(`${results.size - failed} passed, ${failed} failed, ${skipped.size} skipped`)
  process.exit(failed > 0 || fatal ? 1 : 0)
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => void finish(new Error(`interrupted by ${sig}`)))
}

const globalTimer = setTimeout(
  () => void finish(new Error(`global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s reached`)),
  GLOBAL_TIMEOUT_MS,
)
main().then(
  () => {
    clearTimeout(globalTimer)
    return finish(null)
  },
  (err) => {
    clearTimeout(globalTimer)
    return finish(err)
  },
)
