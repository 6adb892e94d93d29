// Journey: a newly registered enterprise waits in the operator's verification
// queue; the operator verifies it there; its member then sees the
// organisation as verified and fills in the provider profile. The operator
// also checks the audit trail.
import assert from 'node:assert/strict'
import { inspectPage, waitForHeading } from '../lib/page.mjs'
import { apiCall, DEMO_PASSWORD, freshCreditCode, openSignedIn } from '../lib/roles.mjs'

export default async function operatorVerify({ browser, baseURL, outDir }) {
  const people = []
  try {
    const suffix = Date.now().toString(36).slice(-5)
    const name = `闵行数链科技有限公司 ${suffix}`
    const email = `new-${suffix}@verify.example`
    const registered = await apiCall(baseURL, 'POST', '/auth/register', {
      body: {
        email,
        password: DEMO_PASSWORD,
        displayName: '孙悦',
        organization: { name, kind: 'enterprise', creditCode: freshCreditCode(), sme: true, district: 'minhang' },
      },
    })
    assert.equal(registered.organization.verification, 'unverified')
    const doubtful = `Fake Cloud Partners ${suffix}`
    await apiCall(baseURL, 'POST', '/auth/register', {
      body: {
        email: `doubtful-${suffix}@verify.example`,
        password: DEMO_PASSWORD,
        displayName: 'Alex Doe',
        organization: { name: doubtful, kind: 'enterprise', creditCode: freshCreditCode(), sme: false, district: 'pudong' },
      },
    })

    // The operator verifies it from the queue.
    const operator = await openSignedIn(browser, { baseURL, email: 'operator@demo.example' })
    people.push(operator)
    const op = operator.page
    await op.goto('/operator')
    await waitForHeading(op, '运营管理')
    await op.getByRole('heading', { name, level: 3 }).waitFor()
    await inspectPage(op, { outDir, name: 'operator-org-queue' })
    const card = op.getByRole('listitem').filter({ has: op.getByRole('heading', { name, level: 3 }) })
    await card.getByRole('button', { name: /^通过认证/ }).click()
    await op.getByText(`已认证：${name}`).waitFor()
    assert.equal(await op.getByRole('heading', { name, level: 3 }).count(), 0, 'verified organisation leaves the queue')

    // Another is rejected with the keyboard alone: the inline form takes focus,
    // Tab reaches its confirm button, Enter sends it.
    const other = op.getByRole('listitem').filter({ has: op.getByRole('heading', { name: doubtful, level: 3 }) })
    await other.getByRole('button', { name: '驳回', exact: true }).focus()
    await op.keyboard.press('Enter')
    const reasonBox = other.getByLabel(`驳回 ${doubtful} 的原因`)
    await reasonBox.waitFor()
    assert.ok(await reasonBox.evaluate((el) => el === document.activeElement), 'the reason field has focus')
    await op.keyboard.type('信用代码与营业执照不符。')
    await op.keyboard.press('Tab')
    assert.equal(await op.evaluate(() => document.activeElement?.textContent?.trim()), '确认驳回', 'Tab reaches the confirm button')
    await op.keyboard.press('Enter')
    await op.getByText(`已驳回：${doubtful}`).waitFor()

    // The audit trail is intact.
    await op.getByRole('link', { name: '审计校验' }).click()
    await op.getByRole('button', { name: '校验审计链' }).click()
    await op.getByText('审计链完整：没有发现篡改。').waitFor()
    await inspectPage(op, { outDir, name: 'operator-audit' })

    // Its member sees the organisation verified and edits the profile.
    const member = await openSignedIn(browser, { baseURL, email })
    people.push(member)
    const mp = member.page
    await mp.goto('/my/profile')
    await waitForHeading(mp, '机构资料')
    await mp.getByText('已认证', { exact: true }).waitFor()
    await mp.getByLabel('机构简介').fill('数据治理与低代码平台实施。Data governance and low-code delivery.')
    await mp.getByRole('group', { name: '服务能力' }).getByRole('checkbox', { name: '数据治理' }).check()
    await mp.getByRole('group', { name: '服务能力' }).getByRole('checkbox', { name: '低代码' }).check()
    await mp.getByRole('group', { name: '服务区域' }).getByRole('checkbox', { name: '闵行区' }).check()
    await mp.getByRole('button', { name: '添加案例' }).click()
    await mp.getByLabel('案例 1 标题').fill('街镇数据中台')
    await mp.getByLabel('案例 1 年份').fill('2025')
    await mp.getByLabel('案例 1 简介').fill('为街镇搭建数据中台。')
    await mp.getByRole('button', { name: '保存资料' }).click()
    await mp.getByText('资料已保存。').waitFor()
    await inspectPage(mp, { outDir, name: 'profile' })
    const org = await apiCall(baseURL, 'GET', `/organizations/${registered.organization.id}`)
    assert.equal(org.verification, 'verified')
    assert.deepEqual([...org.profile.capabilities].sort(), ['data_governance', 'low_code'])

    for (const p of people) p.assertNoProblems()
  } finally {
    for (const p of people) await p.context.close().catch(() => {})
  }
}
