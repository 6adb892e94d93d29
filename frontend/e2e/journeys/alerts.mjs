// Journey: a signed-in provider (bidder2) searches, saves the search with a
// daily digest, finds it under "保存的搜索" and opens it again, follows a
// listing and unfollows it, then deletes the saved search. Each new page is
// screenshot and checked with axe at desktop and phone widths.
import assert from 'node:assert/strict'
import { inspectPage, waitForHeading } from '../lib/page.mjs'
import { openSignedIn } from '../lib/roles.mjs'

const QUERY = '数字孪生'
const LISTING = '徐汇区城市运行“一网统管”数字孪生底座建设'

export default async function alerts({ browser, baseURL, outDir }) {
  const bidder = await openSignedIn(browser, { baseURL, email: 'bidder2@demo.example' })
  const { page, context } = bidder
  try {
    const name = `数字孪生提醒 ${Date.now().toString(36).slice(-4)}`
    const nav = page.getByRole('navigation', { name: '主导航' })

    // Search, then save the search (the form loads when the box opens).
    await page.goto('/')
    await nav.getByRole('link', { name: /^消息通知/ }).waitFor()
    const box = page.getByLabel('搜索机会', { exact: true })
    await box.fill(QUERY)
    await box.press('Enter')
    await page.waitForURL((url) => url.searchParams.get('q') === QUERY)
    await page.locator('[data-testid="result"] h2', { hasText: LISTING }).first().waitFor()
    await page.getByText('保存此搜索', { exact: true }).click()
    const form = page.getByTestId('save-search-form')
    await form.getByLabel('名称', { exact: true }).fill('')
    await form.getByRole('button', { name: '保存搜索' }).click()
    await form.getByText('请填写名称（1–100 字）。').waitFor()
    await form.getByLabel('名称', { exact: true }).fill(name)
    await form.getByRole('radio', { name: /^每日汇总/ }).check()
    await form.getByRole('button', { name: '保存搜索' }).click()
    await form.getByTestId('save-search-done').getByText(`已保存搜索“${name}”。`).waitFor()
    await inspectPage(page, { outDir, name: 'alerts-save-search' })

    // The saved search is listed and opens the same search again.
    await form.getByRole('link', { name: '查看保存的搜索' }).click()
    await waitForHeading(page, '保存的搜索')
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) })
    await item.getByText(`关键词“${QUERY}”`).waitFor()
    await item.getByText('邮件：每日汇总').waitFor()
    await inspectPage(page, { outDir, name: 'alerts-saved-searches' })
    await item.getByRole('link', { name: new RegExp(`^打开搜索\\s*: ${name}$`) }).click()
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === QUERY)
    assert.equal(await box.inputValue(), QUERY, 'the saved search fills the search box')

    // Follow the listing, then unfollow it.
    await page.getByRole('link', { name: LISTING }).first().click()
    await waitForHeading(page, LISTING)
    await page.getByRole('button', { name: /^关注此需求/ }).click()
    await page.getByTestId('follow-state').getByText(/^已关注/).waitFor()
    await inspectPage(page, { outDir, name: 'alerts-following' })
    await page.reload()
    await waitForHeading(page, LISTING)
    await page.getByRole('button', { name: /^取消关注/ }).click()
    await page.getByRole('button', { name: /^关注此需求/ }).waitFor()
    await page.getByTestId('follow-state').getByText(/^关注后/).waitFor()

    // Delete the saved search from the page the navigation links to.
    await nav.getByRole('link', { name: '保存的搜索' }).click()
    await waitForHeading(page, '保存的搜索')
    await page.getByRole('button', { name: new RegExp(`^删除\\s*: ${name}$`) }).click()
    await page.getByTestId('saved-search-deleted').getByText(`已删除“${name}”。`).waitFor()
    await page.getByTestId('saved-searches-empty').waitFor()
    await inspectPage(page, { outDir, name: 'alerts-saved-searches-empty' })
    bidder.assertNoProblems()
  } finally {
    await context.close()
  }
}
