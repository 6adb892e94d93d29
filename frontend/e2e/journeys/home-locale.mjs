// Journey: the home page opens in Chinese, switches to English by keyboard,
// remembers the choice across a reload, and switches back by mouse.
import assert from 'node:assert/strict'
import { inspectPage, openPage, waitForHeading, waitForValue } from '../lib/page.mjs'
import { LOCALE_STORAGE_KEY, TEXT } from '../lib/text.mjs'

const zh = TEXT['zh-CN']
const en = TEXT.en

async function expectLocale(page, locale) {
  const text = TEXT[locale]
  await waitForHeading(page, text.title)
  await waitForValue('<html lang>', () => page.getAttribute('html', 'lang'), locale)
  await waitForValue('document.title', () => page.title(), text.title)
  const docs = page.getByRole('link', { name: text.apiDocs, exact: true })
  assert.equal(await docs.getAttribute('href'), '/api/docs', 'API docs link target')
  await page.getByRole('button', { name: text.switchTo, exact: true }).waitFor()
}

export default async function homeLocale({ browser, baseURL, outDir }) {
  const { context, page, assertNoProblems } = await openPage(browser, { baseURL, locale: 'zh-CN' })
  try {
    await page.goto('/')
    await expectLocale(page, 'zh-CN')
    assert.equal(await page.getByRole('banner').count(), 1, 'one <header> landmark')
    assert.equal(await page.getByRole('main').count(), 1, 'one <main> landmark')
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), LOCALE_STORAGE_KEY), null, 'nothing stored yet')
    await inspectPage(page, { outDir, name: 'home-zh' })

    // Keyboard: the first Tab reaches the skip link; keep tabbing to the switch.
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), zh.skip, 'first Tab stop')
    let onSwitch = false
    for (let i = 0; i < 5 && !onSwitch; i++) {
      await page.keyboard.press('Tab')
      onSwitch = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'locale-switch')
    }
    assert.ok(onSwitch, 'language switch is reachable with Tab')
    await page.keyboard.press('Enter')

    await expectLocale(page, 'en')
    await waitForValue('stored locale', () => page.evaluate((k) => localStorage.getItem(k), LOCALE_STORAGE_KEY), 'en')
    await inspectPage(page, { outDir, name: 'home-en' })

    // Remembered across a reload.
    await page.reload()
    await expectLocale(page, 'en')

    // The skip link moves keyboard focus to <main>.
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), en.skip, 'first Tab stop')
    await page.keyboard.press('Enter')
    await waitForValue('focused element', () => page.evaluate(() => document.activeElement?.id), 'main')

    // And back by mouse.
    await page.getByRole('button', { name: en.switchTo, exact: true }).click()
    await expectLocale(page, 'zh-CN')
    await waitForValue('stored locale', () => page.evaluate((k) => localStorage.getItem(k), LOCALE_STORAGE_KEY), 'zh-CN')
    assertNoProblems()
  } finally {
    await context.close()
  }

  // Without a stored choice the browser language decides; unsupported ones get Chinese.
  for (const [browserLocale, expected] of [
    ['en-US', 'en'],
    ['fr-FR', 'zh-CN'],
  ]) {
    const other = await openPage(browser, { baseURL, locale: browserLocale })
    try {
      await other.page.goto('/')
      await expectLocale(other.page, expected)
      other.assertNoProblems()
    } catch (err) {
      err.message = `browser language ${browserLocale}: ${err.message}`
      throw err
    } finally {
      await other.context.close()
    }
  }
}
