// Journey: the whole life of one opportunity, through the UI, one browser
// context per person. The buyer drafts and submits a listing with a deadline
// a few minutes ahead → the operator approves it → an enterprise finds it with
// a Chinese query and a misspelt English one → asks a question → the buyer
// answers → three enterprises bid and each sees its receipt (one attaches a
// file to its bid and amends it, each time getting a new receipt) → the buyer
// sees only a count → the deadline passes → the buyer sees the bids with their
// files (and downloads one) → scores two bids, disqualifies the third and awards one →
// an anonymous visitor sees the award notice → the winner sees its bid
// awarded in "my bids", the loser reads its notification.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { downloadOf, minimalPDF } from './documents.mjs'
import { inspectPage, openPage, waitForHeading } from '../lib/page.mjs'
import { cityInputIn, cityInputInstant, openSignedIn } from '../lib/roles.mjs'

/** Run time: most of it is waiting for the bid deadline. */
export const TIMEOUT_MS = 7 * 60_000

const BIDDER1 = '上海数智城市科技有限公司'
const BIDDER2 = 'Huangpu River AI Labs Co., Ltd.'
const BIDDER3 = '浦江云安信息技术有限公司'

/** Waits until the owner panel says the listing is in `status` (reloading as it goes). */
async function waitForStatus(page, statusText, timeoutMs) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const panel = page.getByRole('region', { name: '需求管理' })
    if (await panel.getByText(`状态： ${statusText}`).or(panel.getByText(`状态：${statusText}`)).count()) return
    if (Date.now() > until) throw new Error(`listing did not become ${statusText} within ${timeoutMs / 1000} s`)
    await page.waitForTimeout(2_000)
    await page.reload()
    await page.getByRole('region', { name: '需求管理' }).waitFor()
  }
}

/**
 * Searches for `query` until a result links to `title`. A listing is found
 * at once on the embedded engine; Meilisearch may take some seconds to index
 * it, so the search is submitted again, as a person would, for up to 30 s.
 */
async function findByQuery(page, query, title) {
  const box = page.getByRole('searchbox', { name: '搜索机会' })
  const link = page.getByRole('link', { name: title })
  const until = Date.now() + 30_000
  for (;;) {
    await box.fill(query)
    await page.getByRole('search').getByRole('button', { name: '搜索', exact: true }).click()
    await page.waitForURL((u) => new URL(u).searchParams.get('q') === query)
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
    try {
      await link.first().waitFor({ timeout: 3_000 })
      return
    } catch (err) {
      if (Date.now() > until) throw err
    }
    await box.fill('')
    await page.getByRole('search').getByRole('button', { name: '搜索', exact: true }).click()
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  }
}

export default async function opportunityLife({ browser, baseURL, outDir }) {
  const people = []
  const dir = await mkdtemp(path.join(os.tmpdir(), 'market-e2e-life-'))
  const open = async (opts) => {
    const p = await openSignedIn(browser, { baseURL, ...opts })
    people.push(p)
    return p
  }
  try {
    const suffix = Date.now().toString(36).slice(-4)
    const title = `智慧停车诱导系统 smart parking guidance ${suffix}`
    const bidFileBytes = minimalPDF(`parking guidance proposal ${suffix}`)
    const bidFile = {
      name: '停车诱导-技术方案.pdf',
      path: path.join(dir, '停车诱导-技术方案.pdf'),
      bytes: bidFileBytes,
      sha: createHash('sha256').update(bidFileBytes).digest('hex'),
    }

    // 1. The buyer drafts and submits the listing.
    const buyer = await open({ email: 'buyer@demo.example', outDir, inspectName: 'signin' })
    const bp = buyer.page
    await bp.goto('/dashboard')
    await waitForHeading(bp, '我的需求')
    await inspectPage(bp, { outDir, name: 'buyer-dashboard' })
    await bp.getByRole('link', { name: '起草新需求' }).click()
    await waitForHeading(bp, '起草需求')
    await bp.getByLabel('标题').fill(title)
    await bp.getByLabel('需求描述').fill('在徐汇区试点停车诱导：实时车位数据接入、诱导屏与移动端发布。Real-time parking guidance for Xuhui.')
    await bp.getByLabel('领域').selectOption({ label: '治理数字化转型' })
    await bp.getByLabel('所在区').selectOption({ label: '徐汇区' })
    await bp.getByRole('checkbox', { name: '智慧交通' }).check()
    await bp.getByRole('checkbox', { name: '物联网' }).check()
    await bp.getByLabel('预算下限（元）').fill('500000')
    await bp.getByLabel('预算上限（元）').fill('800,000')
    // The deadline: whole minutes, at least 150 s ahead, so the steps before it fit.
    const deadlineInput = cityInputIn(210_000)
    await bp.getByLabel('投标截止时间').fill(deadlineInput)
    await bp.getByLabel('交付开始日期').fill('2027-03-01')
    await bp.getByLabel('交付结束日期').fill('2027-09-30')
    await bp.getByLabel('标准 1 名称').fill('技术方案')
    await bp.getByLabel('标准 1 权重（%）').fill('60')
    await bp.getByRole('button', { name: '添加评分标准' }).click()
    await bp.getByLabel('标准 2 名称').fill('价格')
    await bp.getByLabel('标准 2 权重（%）').fill('30')
    await bp.getByText('权重合计：90 / 100').waitFor()
    await bp.getByLabel('标准 2 权重（%）').fill('40')
    await bp.getByText('权重合计：100 / 100').waitFor()
    await inspectPage(bp, { outDir, name: 'opportunity-form' })
    await bp.getByRole('button', { name: '保存并提交审核' }).click()
    await bp.waitForURL(/\/opportunities\/[^/]+\?done=submitted$/)
    const id = new URL(bp.url()).pathname.split('/').pop()
    const ownerPanel = bp.getByRole('region', { name: '需求管理' })
    await ownerPanel.getByText('已提交审核。').waitFor()
    await ownerPanel.getByText('状态： 待审核').waitFor()
    await inspectPage(bp, { outDir, name: 'opportunity-owner-pending' })
    const deadline = cityInputInstant(deadlineInput)

    // 2. The operator approves it from the review queue.
    const operator = await open({ email: 'operator@demo.example' })
    const op = operator.page
    await op.goto('/operator?tab=listings')
    await waitForHeading(op, '运营管理')
    await op.getByRole('link', { name: title }).waitFor()
    await inspectPage(op, { outDir, name: 'operator-listing-queue' })
    const queued = op.getByRole('listitem').filter({ has: op.getByRole('link', { name: title }) })
    await queued.getByRole('button', { name: /^审核通过并发布/ }).click()
    await op.getByText(`已发布：${title}`).waitFor()
    await operator.context.close()

    // 3. An enterprise finds it in Chinese and with a typo, and asks a question.
    const bidder1 = await open({ email: 'bidder1@demo.example' })
    const b1 = bidder1.page
    await b1.goto('/')
    await findByQuery(b1, '停车', title)
    await inspectPage(b1, { outDir, name: 'search-zh' })
    await findByQuery(b1, 'parkng', title)
    await b1.getByRole('link', { name: title }).first().click()
    await waitForHeading(b1, title)
    const question = `诱导屏数量是否已确定？${suffix}`
    await b1.getByLabel('您的问题').fill(question)
    await b1.getByRole('button', { name: '提交问题' }).click()
    await b1.getByText(question).waitFor()

    // 4. The buyer answers it.
    await bp.goto(`/opportunities/${id}`)
    await waitForHeading(bp, title)
    const answer = `首期 12 块诱导屏。${suffix}`
    await bp.getByLabel('您的答复（将公开给所有人）').first().fill(answer)
    await bp.getByRole('button', { name: '发布答复' }).first().click()
    await bp.getByText(answer).waitFor()

    // 5. Two enterprises bid; each sees its receipt.
    const bidders = []
    for (const [who, email, price, days] of [
      [BIDDER1, null, '650000', '90'],
      [BIDDER2, 'bidder2@demo.example', '720000.50', '75'],
      [BIDDER3, 'bidder3@demo.example', '990000', '120'],
    ]) {
      const p = email ? (await open({ email })).page : b1
      await p.goto(`/opportunities/${id}`)
      await waitForHeading(p, title)
      const panel = p.getByRole('region', { name: '投标' })
      await panel.getByRole('button', { name: '我要投标' }).click()
      await panel.getByLabel('报价（元）').fill(price)
      await panel.getByLabel('工期（天）').fill(days)
      await panel.getByLabel('技术方案', { exact: true }).fill(`${who}：车位传感器 + 诱导屏 + 小程序，分三期实施。`)
      await panel.getByLabel('成员 1 姓名').fill('张伟')
      await panel.getByLabel('成员 1 角色').fill('项目经理')
      if (who === BIDDER1) await inspectPage(p, { outDir, name: 'bid-form' })
      await panel.getByRole('button', { name: '提交投标' }).click()
      await panel.getByText('投标已提交，回执如下。').waitFor()
      const receipt = p.getByRole('group', { name: '投标回执' })
      const sha = (await receipt.getByTestId('receipt-sha256').textContent()).trim()
      assert.match(sha, /^[0-9a-f]{64}$/, `${who}: receipt hash`)
      assert.ok((await receipt.getByTestId('receipt-issued-at').textContent()).trim().length > 5, `${who}: receipt time`)
      if (who === BIDDER1) {
        await inspectPage(p, { outDir, name: 'bid-receipt' })
        // A file attached to the bid is sealed with it: a new receipt names it.
        await writeFile(bidFile.path, bidFile.bytes)
        const files = panel.getByRole('region', { name: '投标文件', exact: true })
        await files.getByLabel('选择文件', { exact: true }).setInputFiles(bidFile.path)
        await files.getByRole('button', { name: '上传 1 个文件' }).click()
        await files.getByText('文件已附加，已签发新回执。').waitFor()
        const listed = receipt.getByTestId('receipt-file').filter({ hasText: bidFile.name })
        assert.equal((await listed.getByTestId('receipt-file-sha256').textContent()).trim(), bidFile.sha, 'the receipt names the file')
        const withFile = (await receipt.getByTestId('receipt-sha256').textContent()).trim()
        assert.notEqual(withFile, sha, 'attaching a file issues a new receipt')
        // Amending the bid issues a new receipt.
        await panel.getByRole('button', { name: '修改投标' }).click()
        await panel.getByLabel('报价（元）').fill('640000')
        await panel.getByRole('button', { name: '保存修改' }).click()
        await panel.getByText('投标已修改，已签发新回执。').waitFor()
        const amended = (await receipt.getByTestId('receipt-sha256').textContent()).trim()
        assert.match(amended, /^[0-9a-f]{64}$/, 'amended receipt hash')
        assert.notEqual(amended, withFile, 'an amendment gets a new receipt')
      }
      bidders.push(p)
    }
    assert.ok(Date.now() < deadline.getTime(), 'the bids went in before the deadline')

    // 6. Before the deadline the buyer sees only a count.
    await bp.reload()
    await ownerPanel.getByText('已收到 3 份投标').waitFor()
    assert.equal(await bp.getByText('投标比较').count(), 0, 'no bids shown before the deadline')
    assert.equal(await bp.getByText(BIDDER2).count(), 0, 'no bidder named before the deadline')
    await inspectPage(bp, { outDir, name: 'opportunity-owner-sealed' })
    // Matching providers (not bidders) on request.
    await ownerPanel.getByRole('button', { name: '查看匹配的服务商' }).click()
    await ownerPanel.getByRole('region', { name: '匹配的服务商' }).getByRole('link', { name: BIDDER1 }).waitFor()

    // 7. The deadline passes; the clock job closes the listing.
    const wait = deadline.getTime() - Date.now()
    if (wait > 0) await bp.waitForTimeout(wait + 1_000)
    await waitForStatus(bp, '已截止', 60_000)

    // 8. The buyer scores both bids and awards the first.
    const card = (name) => bp.locator('li.bid').filter({ has: bp.getByRole('heading', { name }) })
    await card(BIDDER1).waitFor()
    // The bids' files are open now: the buyer downloads BIDDER1's.
    const got = await downloadOf(bp, card(BIDDER1).getByRole('link', { name: `下载 ${bidFile.name}` }))
    assert.equal(got.name, bidFile.name, 'the bid file keeps its name')
    assert.equal(createHash('sha256').update(got.bytes).digest('hex'), bidFile.sha, 'the bid file downloads as attached')
    assert.equal(await card(BIDDER2).getByText('此投标没有附件。').count(), 1, 'a bid without files says so')
    for (const [name, tech, price] of [
      [BIDDER1, '90', '85'],
      [BIDDER2, '70', '75'],
    ]) {
      const c = card(name)
      await c.getByLabel('技术方案（权重 60%）得分').fill(tech)
      await c.getByLabel('价格（权重 40%）得分').fill(price)
      await c.getByRole('button', { name: /^保存评分/ }).click()
      await c.getByText('评分已保存。').waitFor()
    }
    await card(BIDDER1).getByText('88', { exact: true }).waitFor()
    // The third bid is disqualified, with a reason.
    const c3 = card(BIDDER3)
    await c3.getByRole('button', { name: '取消资格', exact: true }).click()
    await c3.getByLabel(`取消 ${BIDDER3} 资格的原因`).fill('报价超出预算上限。')
    await c3.getByRole('button', { name: '确认取消资格' }).click()
    await c3.getByText('已取消该投标的资格。').waitFor()
    await c3.getByText('状态： 已取消资格').waitFor()
    await inspectPage(bp, { outDir, name: 'bids-evaluation' })
    const c1 = card(BIDDER1)
    await c1.getByRole('button', { name: '授标', exact: true }).click()
    await c1.getByLabel(`授予 ${BIDDER1} 的理由`).fill('综合得分最高，方案完整。')
    await c1.getByRole('button', { name: '确认授标' }).click()
    await ownerPanel.getByText('状态： 已授标').waitFor({ timeout: 15_000 })
    await inspectPage(bp, { outDir, name: 'opportunity-owner-awarded' })

    // 9. An anonymous visitor sees the award notice.
    const visitor = await openPage(browser, { baseURL, locale: 'zh-CN' })
    people.push(visitor)
    await visitor.page.goto(`/opportunities/${id}`)
    await waitForHeading(visitor.page, title)
    await visitor.page.getByText(BIDDER1).first().waitFor()
    await inspectPage(visitor.page, { outDir, name: 'award-notice' })

    // 10. The winner sees its bid awarded; the other is told by a notification.
    const [w, l] = bidders // bidder1 won, bidder2 did not
    await w.goto('/my/bids')
    await waitForHeading(w, '我的投标')
    const mine = w.getByRole('listitem').filter({ has: w.getByRole('link', { name: title }) })
    await mine.getByText('状态： 中标').waitFor()
    await w.getByRole('heading', { name: '为您推荐', level: 2 }).waitFor()
    await inspectPage(w, { outDir, name: 'my-bids' })
    await l.goto('/my/notifications')
    await waitForHeading(l, '通知')
    const notice = l.getByRole('listitem').filter({ hasText: '未中标通知' }).filter({ has: l.getByRole('link', { name: title }) })
    await notice.waitFor()
    const unreadBefore = Number(/(\d+)/.exec(await l.getByText(/^\d+ 条未读$/).textContent())[1])
    await inspectPage(l, { outDir, name: 'notifications' })
    await notice.getByRole('button', { name: /^标为已读/ }).click()
    await notice.getByText('已读', { exact: true }).waitFor()
    await l.getByText(`${unreadBefore - 1} 条未读`).waitFor()

    for (const p of people) p.assertNoProblems()
  } finally {
    for (const p of people) await p.context.close().catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
}
