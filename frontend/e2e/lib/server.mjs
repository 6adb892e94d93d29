// Starts the real `market` binary for browser tests: `seed`, then `serve`,
// and reads the listening address from its JSON (slog) log on stderr.
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import readline from 'node:readline'

const SEED_TIMEOUT_MS = 60_000
const LISTEN_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 5_000

/**
 * Environment shared by `seed` and `serve`: the embedded search engine unless
 * `extra` names a Meilisearch server (MEILI_URL, MEILI_API_KEY, MEILI_INDEX_PREFIX).
 */
export function serverEnv(dataDir, extra = {}) {
  return {
    ...process.env,
    MEILI_URL: '',
    MEILI_API_KEY: '',
    MEILI_INDEX_PREFIX: '',
    ...extra,
    MARKET_ADDR: '127.0.0.1:0',
    DATA_DIR: dataDir,
    MARKET_ENV: 'development',
  }
}

/** Turns a logged listen address (`127.0.0.1:43211`, `:43211`, `[::]:43211`) into a base URL. */
export function baseURLFromAddr(addr) {
  const m = /^(.*):(\d+)$/.exec(String(addr).trim())
  if (!m) throw new Error(`cannot parse listen address ${JSON.stringify(addr)}`)
  let host = m[1]
  if (host === '' || host === '0.0.0.0' || host === '[::]' || host === '::') host = '127.0.0.1'
  return `http://${host}:${m[2]}`
}

function tail(lines) {
  return lines.length ? `\n  last output:\n    ${lines.join('\n    ')}` : ''
}

/** Copies a child's output into the log file, keeping the last lines for error messages. */
function capture(stream, log, recent, onLine) {
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity })
  rl.on('line', (line) => {
    log.write(`${line}\n`)
    recent.push(line)
    if (recent.length > 15) recent.shift()
    onLine?.(line)
  })
}

function waitForExit(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

/** Runs `<bin> seed` and resolves when it exits 0. */
export async function runSeed({ bin, dataDir, logFile, env = {} }) {
  const log = createWriteStream(logFile, { flags: 'a' })
  const recent = []
  try {
    const child = spawn(bin, ['seed'], { env: serverEnv(dataDir, env), stdio: ['ignore', 'pipe', 'pipe'] })
    const spawnError = new Promise((_, reject) => child.once('error', reject))
    capture(child.stdout, log, recent)
    capture(child.stderr, log, recent)
    let timer
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`\`${bin} seed\` did not finish within ${SEED_TIMEOUT_MS / 1000} s${tail(recent)}`))
      }, SEED_TIMEOUT_MS)
    })
    const code = await Promise.race([waitForExit(child), spawnError, timeout]).finally(() => clearTimeout(timer))
    if (code !== 0) throw new Error(`\`${bin} seed\` exited with ${code ?? child.signalCode}${tail(recent)}`)
  } finally {
    log.end()
  }
}

/**
 * Starts `<bin> serve` and resolves with { baseURL, stop } once the server
 * logs {"msg":"listening","addr":"host:port"}. stop() is safe to call twice.
 */
export async function startServer({ bin, dataDir, logFile, env = {} }) {
  const log = createWriteStream(logFile, { flags: 'a' })
  const recent = []
  // Own process group, so stop() also ends anything the server started.
  const child = spawn(bin, ['serve'], {
    env: serverEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const exited = waitForExit(child)
  child.on('error', () => {}) // reported through the promises below; never crash the harness

  async function stop() {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const signal = (sig) => {
        try {
          process.kill(-child.pid, sig)
        } catch {
          child.kill(sig)
        }
      }
      signal('SIGTERM')
      const timer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    }
    log.end()
  }

  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening" log line from \`${bin} serve\` within ${LISTEN_TIMEOUT_MS / 1000} s${tail(recent)}`)),
      LISTEN_TIMEOUT_MS,
    )
    const done = (fn, value) => {
      clearTimeout(timer)
      fn(value)
    }
    child.once('error', (err) => done(reject, new Error(`cannot start \`${bin} serve\`: ${err.message}`)))
    child.once('exit', (code, sig) =>
      done(reject, new Error(`\`${bin} serve\` exited (${code ?? sig}) before listening${tail(recent)}`)),
    )
    const onLine = (line) => {
      let entry
      try {
        entry = JSON.parse(line)
      } catch {
        return
      }
      if (entry?.msg !== 'listening') return
      if (!entry.addr) return done(reject, new Error(`"listening" log line has no "addr": ${line}`))
      try {
        done(resolve, baseURLFromAddr(entry.addr))
      } catch (err) {
        done(reject, err)
      }
    }
    // Keep draining both pipes for the whole run so the server never blocks on a full pipe.
    capture(child.stdout, log, recent, onLine)
    capture(child.stderr, log, recent, onLine)
  })

  try {
    return { baseURL: await listening, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

const READY_TIMEOUT_MS = 60_000

/**
 * Resolves once `GET /readyz` answers 200: the database answers and the
 * search index is filled (Meilisearch may take some seconds for a new index),
 * as a load balancer would wait before sending people to the server.
 */
export async function waitReady(baseURL) {
  const until = Date.now() + READY_TIMEOUT_MS
  let last = 'no answer'
  while (Date.now() < until) {
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(5_000) })
      if (res.ok) return
      last = `${res.status} ${await res.text()}`
    } catch (err) {
      last = err instanceof Error ? err.message : String(err)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${baseURL}/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`)
}
