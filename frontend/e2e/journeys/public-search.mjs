// Journey: an anonymous visitor searches the list with a Chinese query and a
// misspelt English word, narrows by a facet (the URL follows, a reload keeps
// the results), opens the listing (details, countdown, timeline), goes back,
// filters the provider directory, registers a new organisation (the server's
// field error shows next to the field), signs out, fails and then succeeds
// to sign in with `?next=`, and signs out again.
import assert from 'node:assert/strict'
import { inspectPage, openPage, waitForHeading, waitForValue } from '../lib/page.mjs'
import { PUBLIC, TEXT } from '../lib/text.mjs'

const zh = { ...TEXT['zh-CN'], ...PUBLIC['zh-CN'] }
const ELDERLY = 'Smart elderly-care service platform for Xuhui communities'

/** GB 32100-2015 check character for the first 17 characters of a credit code. */
function creditCode(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let sum = 0
  let weight = 1
  for (const c of first17) {
    sum += chars.indexOf(c) * weight
    weight = (weight * 3) % 31
  }
  return first17 + chars[(31 - (sum % 31)) % 31]
}

async function resultTitles(page) {
  return page.locator('[data-testid="result"] h2').allInnerTexts()
}

async function search(page, text) {
  const box = page.getByLabel(zh.searchLabel, { exact: true })
  await box.fill(text)
  await box.press('Enter')
  await page.waitForURL((url) => url.searchParams.get('q') === text)
}

async function waitForResult(page, fragment) {
  await page.locator('[data-testid="result"] h2', { hasText: fragment }).first().waitFor()
}

export default async function publicSearch({ browser, baseURL, outDir }) {
  const { context, page, assertNoProblems } = await openPage(browser, { baseURL, locale: 'zh-CN' })
  try {
    // Home lists the published opportunities.
    await page.goto('/')
    await waitForHeading(page, zh.title)
    await page.locator('[data-testid="result"]').first().waitFor()
    assert.ok((await resultTitles(page)).length >= 3, 'home lists the seeded listings')
    // (home-locale already screenshots and checks the bare home page.)

    // A Chinese query finds the digital-twin listing, with the match marked.
    await search(page, '数字孪生')
    await waitForValue('results for 数字孪生', () => resultTitles(page), ['徐汇区城市运行“一网统管”数字孪生底座建设'])
    assert.equal(await page.locator('[data-testid="result"] h2 mark').first().innerText(), '数字孪生', 'highlighted match')

    // A misspelt English word still finds the elderly-care listing (among
    // the seeded market's other elderly-care listings).
    await search(page, 'eldrly')
    await waitForValue('results for eldrly include the listing', async () => (await resultTitles(page)).includes(ELDERLY), true)

    // A facet narrows the search and goes into the URL.
    await page.getByRole('checkbox', { name: new RegExp(`^${zh.xuhui}`) }).check()
    await page.waitForURL((url) => url.searchParams.getAll('district').join() === 'xuhui' && url.searchParams.get('q') === 'eldrly')
    await waitForResult(page, 'Smart elderly-care')

    // A reload keeps the search.
    await page.reload()
    await waitForResult(page, 'Smart elderly-care')
    assert.equal(await page.getByLabel(zh.searchLabel, { exact: true }).inputValue(), 'eldrly', 'query box after reload')
    assert.ok(await page.getByRole('checkbox', { name: new RegExp(`^${zh.xuhui}`) }).isChecked(), 'facet after reload')
    await inspectPage(page, { outDir, name: 'search-results' })

    // The listing page: details, budget in yuan, countdown, timeline.
    const searchURL = page.url()
    await page.getByRole('link', { name: /Smart elderly-care/ }).click()
    await waitForHeading(page, ELDERLY)
    await waitForValue('focus on <main>', () => page.evaluate(() => document.activeElement?.id), 'main')
    assert.match(await page.getByTestId('countdown').innerText(), /^还剩 (\d+ 天)?/, 'countdown')
    assert.match(await page.locator('.key-facts').innerText(), /¥800,000 – ¥1,500,000/, 'budget in yuan')
    await page.getByTestId('timeline').getByText(zh.publishedEvent).waitFor()
    await page.getByRole('heading', { level: 2, name: zh.questions }).waitFor()
    await inspectPage(page, { outDir, name: 'opportunity' })

    // Back returns to the same search.
    await page.goBack()
    await page.waitForURL(searchURL)
    await waitForResult(page, 'Smart elderly-care')

    // Provider directory with a capability filter.
    await page.getByRole('navigation', { name: zh.navLabel }).getByRole('link', { name: zh.providers }).click()
    await waitForHeading(page, zh.providers)
    await page.locator('[data-testid="provider"]').first().waitFor()
    await page.getByRole('checkbox', { name: new RegExp(`^${zh.digitalTwin}`) }).check()
    await page.waitForURL((url) => url.searchParams.getAll('capability').join() === 'digital_twin')
    await waitForValue(
      'providers with digital twins include the demo enterprise',
      async () => (await page.locator('[data-testid="provider"] h2').allInnerTexts()).includes('上海数智城市科技有限公司'),
      true,
    )
    await inspectPage(page, { outDir, name: 'providers' })
    await page.getByRole('link', { name: '上海数智城市科技有限公司' }).click()
    await waitForHeading(page, '上海数智城市科技有限公司')
    await inspectPage(page, { outDir, name: 'organization' })
    assertNoProblems()
  } finally {
    await context.close()
  }

  // The rest answers 422 and 401 on purpose, which Chromium logs as console
  // errors ("Failed to load resource"): a fresh page that allows exactly those.
  const second = await openPage(browser, { baseURL, locale: 'zh-CN' })
  const problems = []
  second.page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  second.page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    if (/^Failed to load resource: the server responded with a status of (401|422)\b/.test(msg.text())) return
    problems.push(`console error: ${msg.text()}`)
  })
  try {
    const page = second.page
    await page.goto('/providers')
    await waitForHeading(page, zh.providers)

    // Registration: the client checks first, then the server's field error
    // (a wrong check character) shows next to its field.
    await page.getByRole('navigation', { name: zh.navLabel }).getByRole('link', { name: zh.register }).click()
    await waitForHeading(page, zh.registerTitle)
    await inspectPage(page, { outDir, name: 'register' })
    const stamp = Date.now().toString(36)
    await page.getByLabel(zh.email, { exact: true }).fill(`e2e-${stamp}@example.com`)
    await page.getByLabel(zh.password, { exact: true }).fill('short')
    await page.getByLabel(zh.displayName, { exact: true }).fill('测试员')
    await page.getByLabel(zh.orgName, { exact: true }).fill(`浦东测试科技有限公司 ${stamp}`)
    await page.getByLabel(zh.orgKind, { exact: true }).selectOption('enterprise')
    const first17 = `91310115MA1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`
    const good = creditCode(first17)
    const bad = first17 + (good.endsWith('0') ? '1' : '0')
    await page.getByLabel(zh.creditCode, { exact: true }).fill(bad)
    await page.getByLabel(zh.sme, { exact: true }).check()
    await page.getByLabel(zh.district, { exact: true }).selectOption('pudong')
    await page.getByRole('button', { name: zh.registerButton, exact: true }).click()
    await page.locator('#reg-password-error').waitFor()
    assert.equal(await page.getByLabel(zh.password, { exact: true }).getAttribute('aria-invalid'), 'true')
    await page.getByLabel(zh.password, { exact: true }).fill('a-long-enough-password')
    await page.getByRole('button', { name: zh.registerButton, exact: true }).click()
    await page.locator('#reg-creditCode-error').waitFor()
    await page.getByTestId('form-error').waitFor()
    await inspectPage(page, { outDir, name: 'register-errors' })
    await page.getByLabel(zh.creditCode, { exact: true }).fill(good)
    await page.getByRole('button', { name: zh.registerButton, exact: true }).click()
    await waitForHeading(page, zh.title)
    const account = page.getByTestId('account')
    await account.getByText('测试员').waitFor()
    await account.getByText(zh.unverified).waitFor()
    await inspectPage(page, { outDir, name: 'home-signed-in' })

    // Sign out, then a wrong password, then sign in and come back to `next`.
    await page.getByRole('button', { name: zh.signOut, exact: true }).click()
    await page.getByRole('navigation', { name: zh.navLabel }).getByRole('link', { name: zh.signIn }).waitFor()
    await page.goto('/signin?next=%2Fproviders%3Fsme%3D1')
    await waitForHeading(page, zh.signInTitle)
    await page.getByLabel(zh.email, { exact: true }).fill('buyer@demo.example')
    await page.getByLabel(zh.password, { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: zh.signIn, exact: true }).click()
    await page.getByTestId('form-error').getByText(zh.invalidCredentials).waitFor()
    await inspectPage(page, { outDir, name: 'signin-error' })
    await page.getByLabel(zh.password, { exact: true }).fill('demo-password-2026')
    await page.getByRole('button', { name: zh.signIn, exact: true }).click()
    await page.waitForURL((url) => url.pathname === '/providers' && url.searchParams.get('sme') === '1')
    await waitForHeading(page, zh.providers)
    await page.getByTestId('account').getByText(zh.verified).waitFor()
    await page.getByRole('button', { name: zh.signOut, exact: true }).click()
    await page.getByRole('navigation', { name: zh.navLabel }).getByRole('link', { name: zh.signIn }).waitFor()
    assert.equal(await page.evaluate(() => localStorage.getItem('market.session')), null, 'session forgotten')
    if (problems.length) throw new Error(`browser reported problems:\n  ${problems.join('\n  ')}`)
  } finally {
    await second.context.close()
  }
}
