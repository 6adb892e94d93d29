// Journey: a verified SME posts a help request (published straight away on
// submission) and finds a provider in the directory by capability.
import assert from 'node:assert/strict'
import { inspectPage, waitForHeading } from '../lib/page.mjs'
import { cityInputIn, openSignedIn } from '../lib/roles.mjs'

export default async function smeHelp({ browser, baseURL, outDir }) {
  // The amendment below is refused once on purpose (422).
  const sme = await openSignedIn(browser, {
    baseURL,
    email: 'sme1@demo.example',
    allowConsoleErrors: [/status of 422/],
  })
  const { page, context } = sme
  try {
    const suffix = Date.now().toString(36).slice(-4)
    const title = `ERP 上云求助 cloud ERP migration ${suffix}`
    await page.goto('/dashboard')
    await waitForHeading(page, '我的需求')
    await page.getByRole('link', { name: '发布求助' }).click()
    await waitForHeading(page, '起草需求')
    await page.getByText('中小企业求助').first().waitFor()
    await page.getByLabel('标题').fill(title)
    await page.getByLabel('需求描述').fill('把本地部署的 ERP 迁移到云上，并培训 5 名员工。Move our on-premises ERP to the cloud.')
    await page.getByLabel('领域').selectOption({ label: '经济数字化转型' })
    await page.getByLabel('所在区').selectOption({ label: '松江区' })
    await page.getByRole('checkbox', { name: '智能制造' }).check()
    await page.getByRole('checkbox', { name: '云计算' }).check()
    await page.getByLabel('预算下限（元）').fill('30000')
    await page.getByLabel('预算上限（元）').fill('80000')
    await page.getByLabel('投标截止时间').fill(cityInputIn(14 * 24 * 3600_000))
    await page.getByLabel('标准 1 名称').fill('实施经验')
    await page.getByLabel('标准 1 权重（%）').fill('100')
    await page.getByText('权重合计：100 / 100').waitFor()
    await inspectPage(page, { outDir, name: 'sme-help-form' })
    await page.getByRole('button', { name: '保存并发布' }).click()
    await page.waitForURL(/\/opportunities\/[^/]+\?done=published$/)
    const panel = page.getByRole('region', { name: '需求管理' })
    await panel.getByText('已发布。').waitFor()
    await panel.getByText('状态： 已发布').waitFor()
    await waitForHeading(page, title)
    await inspectPage(page, { outDir, name: 'sme-help-published' })
    const listingURL = new URL(page.url()).pathname

    // Amending needs the deadline 3 days away: the API's refusal shows at the field.
    await panel.getByRole('link', { name: '变更需求' }).click()
    await waitForHeading(page, '变更已发布的需求')
    await page.getByLabel('投标截止时间').fill(cityInputIn(24 * 3600_000))
    await page.getByLabel('变更原因').fill('提前截止。')
    await page.getByRole('button', { name: '保存变更' }).click()
    await page.getByText('变更后投标截止时间必须至少在 3 天之后；请先延长截止时间。').waitFor()
    await inspectPage(page, { outDir, name: 'opportunity-amend-error' })
    await page.getByLabel('投标截止时间').fill(cityInputIn(20 * 24 * 3600_000))
    await page.getByLabel('预算上限（元）').fill('90000')
    await page.getByRole('button', { name: '保存变更' }).click()
    await page.waitForURL(/\?done=amended$/)
    await panel.getByText('变更已保存并发布。').waitFor()

    // Extending the deadline, confirmed inline with a reason.
    await panel.getByRole('button', { name: '延长截止时间' }).click()
    await panel.getByLabel('新的投标截止时间').fill(cityInputIn(30 * 24 * 3600_000))
    await panel.getByLabel('延期原因').fill('给服务商更多准备时间。')
    await panel.getByRole('button', { name: '确认延长截止时间' }).click()
    await panel.getByText('截止时间已延长。').waitFor()
    assert.equal(new URL(page.url()).pathname, listingURL)

    // The provider directory, filtered by a capability.
    await page.goto('/providers')
    await page.getByRole('group', { name: '所需能力' }).getByRole('checkbox', { name: /^云计算/ }).check()
    await page.getByRole('link', { name: '浦江云安信息技术有限公司' }).first().waitFor({ timeout: 15_000 })
    await inspectPage(page, { outDir, name: 'sme-provider-search' })
    sme.assertNoProblems()
  } finally {
    await context.close()
  }
}
