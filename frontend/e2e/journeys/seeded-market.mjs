// Journey: the seeded market is alive. Within a few clicks each, an
// anonymous visitor reaches an award notice (status facet → a listing) and
// an answered question; the demo buyer (buyer@demo.example) reaches the
// evaluation of a closed listing's bids, some scored, and the providers
// matched to its published listing. Each page is screenshot and checked
// with axe at desktop and phone widths.
import assert from 'node:assert/strict'
import { inspectPage, openPage, waitForHeading } from '../lib/page.mjs'
import { openSignedIn } from '../lib/roles.mjs'

const ELDERLY = 'Smart elderly-care service platform for Xuhui communities'
const CLOSED = '徐汇区“一网通办”智能预审系统'
const TWIN = '徐汇区城市运行“一网统管”数字孪生底座建设'

export default async function seededMarket({ browser, baseURL, outDir }) {
  const people = []
  try {
    const visitor = await openPage(browser, { baseURL, locale: 'zh-CN' })
    people.push(visitor)
    const vp = visitor.page

    // 1. The home page lists many published listings; the status facet leads to awarded ones.
    await vp.goto('/')
    await vp.locator('[data-testid="result"]').first().waitFor()
    assert.ok((await vp.locator('[data-testid="result"]').count()) >= 10, 'the home page lists the seeded market')
    await inspectPage(vp, { outDir, name: 'seeded-home' })
    await vp.getByRole('checkbox', { name: /^已授标/ }).check()
    await vp.waitForURL((url) => url.searchParams.getAll('status').join() === 'awarded')
    const awardedLink = vp.locator('[data-testid="result"] h2 a').first()
    await awardedLink.waitFor()
    await inspectPage(vp, { outDir, name: 'seeded-awarded-list' })
    const awardedTitle = (await awardedLink.innerText()).trim()
    await awardedLink.click()
    await waitForHeading(vp, awardedTitle)
    const notice = vp.getByTestId('award-notice')
    await notice.getByRole('heading', { name: /中标公告/ }).waitFor()
    assert.ok((await notice.getByRole('link').first().innerText()).trim().length > 2, 'the award notice names the winner')
    await inspectPage(vp, { outDir, name: 'seeded-award-notice' })

    // 2. An answered question on a published listing, from the home page.
    await vp.goto('/')
    await vp.getByRole('link', { name: ELDERLY }).first().click()
    await waitForHeading(vp, ELDERLY)
    const qa = vp.getByTestId('questions')
    await qa.locator('.qa__a').first().waitFor()
    assert.ok((await qa.locator('.qa__a').count()) >= 1, 'an answered question')
    await inspectPage(vp, { outDir, name: 'seeded-answered-question' })

    // 3. The buyer opens its closed listing from the dashboard: the bids, some scored.
    const buyer = await openSignedIn(browser, { baseURL, email: 'buyer@demo.example' })
    people.push(buyer)
    const bp = buyer.page
    await bp.goto('/dashboard')
    await waitForHeading(bp, '我的需求')
    await inspectPage(bp, { outDir, name: 'seeded-buyer-dashboard' })
    await bp.getByRole('link', { name: CLOSED }).click()
    await waitForHeading(bp, CLOSED)
    const ownerPanel = bp.getByRole('region', { name: '需求管理' })
    await ownerPanel.getByText(/状态：\s*已截止/).waitFor()
    await bp.getByRole('heading', { name: /^投标比较（\d+ 份）$/ }).waitFor()
    const bids = bp.locator('li.bid')
    assert.ok((await bids.count()) >= 3, 'the closed listing has several bids')
    await bp.getByText('未评分').first().waitFor()
    await inspectPage(bp, { outDir, name: 'seeded-evaluation' })

    // 4. Its published listing: the providers matched to it.
    await bp.goto('/dashboard')
    await waitForHeading(bp, '我的需求')
    await bp.getByRole('link', { name: TWIN }).click()
    await waitForHeading(bp, TWIN)
    await ownerPanel.getByRole('button', { name: '查看匹配的服务商' }).click()
    const matches = ownerPanel.getByRole('region', { name: '匹配的服务商' })
    await matches.getByRole('link', { name: '上海数智城市科技有限公司' }).waitFor()
    assert.ok((await matches.getByRole('listitem').count()) >= 3, 'several providers match')
    await inspectPage(bp, { outDir, name: 'seeded-provider-matches' })

    for (const p of people) p.assertNoProblems()
  } finally {
    for (const p of people) await p.context.close().catch(() => {})
  }
}
