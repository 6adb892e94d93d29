// Journey: tender documents and sealed bid documents, through the UI.
// The buyer drafts a listing and uploads a real PDF, a Chinese-named .txt and
// a CSV through the file input (progress, then the list with size and hash),
// downloads the draft's PDF (with its token), and sees an .html file refused
// (415) → submits it, the operator approves → the buyer replaces the .txt
// with a new version and removes the CSV, each with an amendment reason, and
// sees the superseded and removed versions listed apart → an anonymous
// visitor downloads the current and the superseded .txt (bytes' SHA-256 as
// uploaded, Chinese file name kept) → a bidder bids, attaches a file, sees it
// with its SHA-256 in the receipt and downloads it again.
// Bid files after the deadline (the buyer's evaluation) are covered in
// opportunity-life, which waits for a real deadline.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inspectPage, openPage, waitForHeading } from '../lib/page.mjs'
import { cityInputIn, openSignedIn } from '../lib/roles.mjs'

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** A small but well-formed one-page PDF (correct xref offsets) saying `text`. */
export function minimalPDF(text) {
  const stream = `BT /F1 18 Tf 20 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/** What the app shows for a size below 1 KB. */
const bytesText = (buf) => {
  assert.ok(buf.length < 1024, 'test files stay below 1 KB')
  return `${buf.length} B`
}

/** Clicks `trigger` and returns the download it starts: its suggested name and bytes. */
export async function downloadOf(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()])
  const file = await download.path()
  return { name: download.suggestedFilename(), bytes: await readFile(file) }
}

/** The document entry (an <li>) titled `title` in a list. */
const entry = (scope, title) =>
  scope.getByTestId('document').filter({ has: scope.page().locator('.doc__title').getByText(title, { exact: true }) })

export default async function documents({ browser, baseURL, outDir }) {
  const people = []
  const dir = await mkdtemp(path.join(os.tmpdir(), 'market-e2e-docs-'))
  try {
    const suffix = Date.now().toString(36).slice(-4)
    const title = `电子证照共享平台 e-licence sharing ${suffix}`

    // The files, written as a person would have them on disk.
    const files = {
      pdf: { name: 'e-licence-spec.pdf', bytes: minimalPDF(`e-licence spec ${suffix}`) },
      txt: { name: '需求说明-附件.txt', bytes: Buffer.from(`电子证照共享平台需求说明（第一版）\n接口清单见附件。${suffix}\n`, 'utf8') },
      txt2: { name: '需求说明-附件.txt', bytes: Buffer.from(`电子证照共享平台需求说明（第二版）\n新增：证照核验接口。${suffix}\n`, 'utf8') },
      csv: { name: 'budget-lines.csv', bytes: Buffer.from(`item,amount\nplatform,300000\nintegration,150000\n# ${suffix}\n`, 'utf8') },
      html: { name: 'notice.html', bytes: Buffer.from('<!DOCTYPE html><html><head><title>x</title></head><body><p>not allowed</p></body></html>\n') },
      bid: { name: '技术方案-投标.pdf', bytes: minimalPDF(`technical proposal ${suffix}`) },
    }
    for (const [key, f] of Object.entries(files)) {
      f.path = path.join(dir, key, f.name)
      await mkdir(path.dirname(f.path), { recursive: true })
      await writeFile(f.path, f.bytes)
      f.sha = sha256(f.bytes)
    }

    // 1. The buyer drafts a listing (bids close in 20 days: amendments need 3).
    const buyer = await openSignedIn(browser, { baseURL, email: 'buyer@demo.example', allowConsoleErrors: [/status of 415/] })
    people.push(buyer)
    const bp = buyer.page
    await bp.goto('/dashboard')
    await waitForHeading(bp, '我的需求')
    await bp.getByRole('link', { name: '起草新需求' }).click()
    await waitForHeading(bp, '起草需求')
    await bp.getByLabel('标题').fill(title)
    await bp.getByLabel('需求描述').fill('建设全市电子证照共享平台，对接各委办局证照库。A city-wide e-licence sharing platform.')
    await bp.getByLabel('领域').selectOption({ label: '治理数字化转型' })
    await bp.getByLabel('所在区').selectOption({ label: '徐汇区' })
    await bp.getByRole('checkbox', { name: '智慧交通' }).check()
    await bp.getByRole('checkbox', { name: '物联网' }).check()
    await bp.getByLabel('预算下限（元）').fill('300000')
    await bp.getByLabel('预算上限（元）').fill('600000')
    await bp.getByLabel('投标截止时间').fill(cityInputIn(20 * 24 * 3600_000))
    await bp.getByLabel('交付开始日期').fill('2027-03-01')
    await bp.getByLabel('交付结束日期').fill('2027-09-30')
    await bp.getByLabel('标准 1 名称').fill('技术方案')
    await bp.getByLabel('标准 1 权重（%）').fill('100')
    await bp.getByRole('button', { name: '保存草稿' }).click()
    await bp.waitForURL(/\/opportunities\/[^/]+\?done=saved$/)
    const id = new URL(bp.url()).pathname.split('/').pop()
    await waitForHeading(bp, title)

    // 2. It uploads a PDF, a Chinese-named text file and a CSV through the file input.
    const manage = bp.getByRole('region', { name: '管理招标文件', exact: true })
    const mainUpload = manage.getByTestId('document-upload').last()
    await mainUpload.getByLabel('选择文件', { exact: true }).setInputFiles([files.pdf.path, files.txt.path, files.csv.path])
    const items = mainUpload.getByTestId('upload-item')
    await waitCount(items, 3)
    await mainUpload.getByLabel(`“${files.pdf.name}”的标题`).fill('电子证照平台技术规范')
    await mainUpload.getByLabel(`“${files.pdf.name}”的类型`).selectOption('technicalSpecifications')
    await mainUpload.getByLabel(`“${files.pdf.name}”的语言`).selectOption('en')
    assert.equal(await mainUpload.getByLabel(`“${files.txt.name}”的标题`).inputValue(), files.txt.name, 'a title defaults to the file name')
    assert.equal(await mainUpload.getByLabel(`“${files.txt.name}”的语言`).inputValue(), 'zh', 'a Chinese name suggests Chinese')
    await mainUpload.getByLabel(`“${files.csv.name}”的类型`).selectOption('billOfQuantity')
    await mainUpload.getByRole('button', { name: '上传 3 个文件' }).click()
    await mainUpload.getByTestId('upload-summary').getByText('已上传 3 个文件。').waitFor()
    for (const f of [files.pdf, files.txt, files.csv]) {
      const item = mainUpload.locator(`[data-testid="upload-item"][data-file-name="${f.name}"]`)
      await item.getByTestId('upload-state').getByText('已上传').waitFor()
      const progress = item.getByRole('progressbar', { name: `“${f.name}”的上传进度` })
      const [value, max] = await progress.evaluate((el) => [el.value, el.max])
      assert.ok(max > 0 && value === max, `${f.name}: the progress bar is full (${value}/${max})`)
    }

    // The listing's documents, with size, format and hash, for everyone to see.
    const listed = bp.getByRole('region', { name: '招标文件', exact: true })
    const pdfEntry = entry(listed, '电子证照平台技术规范')
    await pdfEntry.waitFor()
    await pdfEntry.getByTestId('document-size').getByText(bytesText(files.pdf.bytes), { exact: true }).waitFor()
    await pdfEntry.getByTestId('document-format').getByText('PDF', { exact: true }).waitFor()
    await pdfEntry.getByText('技术规范', { exact: true }).waitFor()
    await pdfEntry.getByText('英文', { exact: true }).waitFor()
    assert.equal(await pdfEntry.getByTestId('sha256-short').getAttribute('title'), files.pdf.sha, 'the PDF hash as uploaded')
    const txtEntry = entry(listed, files.txt.name)
    await txtEntry.getByTestId('document-size').getByText(bytesText(files.txt.bytes), { exact: true }).waitFor()
    assert.equal(await txtEntry.getByTestId('sha256-short').getAttribute('title'), files.txt.sha, 'the text file hash as uploaded')
    // The full hash opens from the short one.
    await txtEntry.getByTestId('sha256-short').click()
    assert.equal((await txtEntry.getByTestId('sha256').textContent()).trim(), files.txt.sha)

    // A draft's document downloads with the owner's token.
    const draftPDF = await downloadOf(bp, pdfEntry.getByRole('link', { name: `下载 ${files.pdf.name}` }))
    assert.equal(draftPDF.name, files.pdf.name)
    assert.equal(sha256(draftPDF.bytes), files.pdf.sha, 'the draft PDF downloads as uploaded')

    // 3. An .html file is refused by the server (415), with a clear message.
    await mainUpload.getByLabel('选择文件', { exact: true }).setInputFiles(files.html.path)
    await mainUpload.getByRole('button', { name: '上传 1 个文件' }).click()
    const refused = mainUpload.locator(`[data-testid="upload-item"][data-file-name="${files.html.name}"]`)
    await refused.getByTestId('upload-error').getByText(/^不支持此文件类型。/).waitFor()
    await refused.getByTestId('upload-state').getByText('上传失败').waitFor()
    await inspectPage(bp, { outDir, name: 'documents-unsupported' })
    await refused.getByRole('button', { name: /^移出/ }).click()
    await waitCount(listed.getByTestId('document'), 3)

    // 4. Submitted, and approved by the operator.
    const ownerPanel = bp.getByRole('region', { name: '需求管理' })
    await ownerPanel.getByRole('button', { name: '提交审核' }).click()
    await ownerPanel.getByText('状态： 待审核').waitFor()
    const operator = await openSignedIn(browser, { baseURL, email: 'operator@demo.example' })
    people.push(operator)
    const op = operator.page
    await op.goto('/operator?tab=listings')
    await waitForHeading(op, '运营管理')
    const queued = op.getByRole('listitem').filter({ has: op.getByRole('link', { name: title }) })
    await queued.getByRole('button', { name: /^审核通过并发布/ }).click()
    await op.getByText(`已发布：${title}`).waitFor()
    await operator.context.close()

    // 5. Published: replacing the text file and removing the CSV are amendments, with a reason.
    await bp.reload()
    await ownerPanel.getByText('状态： 已发布').waitFor()
    const ownedTxt = entry(manage, files.txt.name)
    await ownedTxt.getByRole('button', { name: `替换 ${files.txt.name}` }).click()
    const replaceUpload = ownedTxt.getByTestId('document-upload')
    await replaceUpload.getByRole('heading', { name: `上传“${files.txt.name}”的新版本` }).waitFor()
    await replaceUpload.getByLabel('选择新版本文件').setInputFiles(files.txt2.path)
    // No reason, no upload.
    await replaceUpload.getByRole('button', { name: '上传新版本' }).click()
    await replaceUpload.getByText('请填写变更原因。').waitFor()
    await replaceUpload.getByLabel('变更原因').fill('补充证照核验接口要求。')
    await inspectPage(bp, { outDir, name: 'documents-replace' })
    await replaceUpload.getByRole('button', { name: '上传新版本' }).click()
    const past = listed.getByTestId('documents-past')
    const oldTxt = entry(past, files.txt.name)
    await oldTxt.getByText('已被替换', { exact: true }).waitFor()
    assert.equal(await oldTxt.getByTestId('sha256-short').getAttribute('title'), files.txt.sha, 'the superseded version keeps its hash')
    const newTxt = entry(listed.getByTestId('documents-current'), files.txt.name)
    assert.equal(await newTxt.getByTestId('sha256-short').getAttribute('title'), files.txt2.sha, 'the new version has the new hash')

    const ownedCsv = entry(manage, files.csv.name)
    await ownedCsv.getByRole('button', { name: `移除“${files.csv.name}”` }).click()
    await ownedCsv.getByLabel(`移除“${files.csv.name}”的变更原因`).fill('预算明细改在技术规范中给出。')
    await ownedCsv.getByRole('button', { name: `确认移除“${files.csv.name}”` }).click()
    await manage.getByText(`已移除“${files.csv.name}”，该文件仍作为历史记录保留。`).waitFor()
    await entry(past, files.csv.name).getByText('已移除', { exact: true }).waitFor()
    await waitCount(listed.getByTestId('documents-current').getByTestId('document'), 2)
    await inspectPage(bp, { outDir, name: 'documents-published-owner' })

    // 6. An anonymous visitor downloads the documents with plain links.
    const visitor = await openPage(browser, { baseURL, locale: 'zh-CN' })
    people.push(visitor)
    const vp = visitor.page
    await vp.goto(`/opportunities/${id}`)
    await waitForHeading(vp, title)
    const publicList = vp.getByRole('region', { name: '招标文件', exact: true })
    const currentTxt = entry(publicList.getByTestId('documents-current'), files.txt.name)
    const got = await downloadOf(vp, currentTxt.getByRole('link', { name: `下载 ${files.txt.name}` }))
    assert.equal(got.name, files.txt.name, 'the suggested file name keeps its Chinese characters')
    assert.equal(sha256(got.bytes), files.txt2.sha, 'the current version downloads as uploaded')
    const gotOld = await downloadOf(vp, entry(publicList.getByTestId('documents-past'), files.txt.name).getByRole('link', { name: `下载 ${files.txt.name}` }))
    assert.equal(sha256(gotOld.bytes), files.txt.sha, 'the superseded version stays downloadable')
    const gotPDF = await downloadOf(vp, entry(publicList, '电子证照平台技术规范').getByRole('link', { name: `下载 ${files.pdf.name}` }))
    assert.equal(gotPDF.name, files.pdf.name)
    assert.equal(sha256(gotPDF.bytes), files.pdf.sha, 'the PDF downloads as uploaded')
    await inspectPage(vp, { outDir, name: 'documents-public' })

    // 7. A bidder bids, attaches a file and sees it in its receipt.
    const bidder = await openSignedIn(browser, { baseURL, email: 'bidder1@demo.example' })
    people.push(bidder)
    const b = bidder.page
    await b.goto(`/opportunities/${id}`)
    await waitForHeading(b, title)
    const panel = b.getByRole('region', { name: '投标' })
    await panel.getByRole('button', { name: '我要投标' }).click()
    await panel.getByLabel('报价（元）').fill('480000')
    await panel.getByLabel('工期（天）').fill('120')
    await panel.getByLabel('技术方案', { exact: true }).fill('基于国家电子证照标准建设共享平台，分两期实施。')
    await panel.getByRole('button', { name: '提交投标' }).click()
    await panel.getByText('投标已提交，回执如下。').waitFor()
    const receipt = b.getByRole('group', { name: '投标回执' })
    const before = (await receipt.getByTestId('receipt-sha256').textContent()).trim()
    await receipt.getByText('无附件').waitFor()
    const bidFiles = panel.getByRole('region', { name: '投标文件', exact: true })
    const bidUpload = bidFiles.getByTestId('document-upload')
    await bidUpload.getByLabel('选择文件', { exact: true }).setInputFiles(files.bid.path)
    assert.equal(await bidUpload.getByLabel(`“${files.bid.name}”的类型`).inputValue(), 'technicalProposal')
    await bidUpload.getByRole('button', { name: '上传 1 个文件' }).click()
    await bidFiles.getByText('文件已附加，已签发新回执。').waitFor()
    const receiptFile = receipt.getByTestId('receipt-file').filter({ hasText: files.bid.name })
    await receiptFile.waitFor()
    assert.equal((await receiptFile.getByTestId('receipt-file-sha256').textContent()).trim(), files.bid.sha, 'the receipt names the file and its hash')
    const after = (await receipt.getByTestId('receipt-sha256').textContent()).trim()
    assert.match(after, /^[0-9a-f]{64}$/)
    assert.notEqual(after, before, 'attaching a file issues a new receipt')
    await inspectPage(b, { outDir, name: 'documents-bid-receipt' })
    // The bidder's own file downloads with its token (a bid is sealed).
    const own = await downloadOf(b, entry(bidFiles, files.bid.name).getByRole('link', { name: `下载 ${files.bid.name}` }))
    assert.equal(own.name, files.bid.name)
    assert.equal(sha256(own.bytes), files.bid.sha, 'the bid file downloads as uploaded')

    for (const p of people) p.assertNoProblems()
  } finally {
    for (const p of people) await p.context.close().catch(() => {})
    await rm(dir, { recursive: true, force: true })
  }
}

/** Waits until `locator` matches exactly n elements. */
async function waitCount(locator, n, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const count = await locator.count()
    if (count === n) return
    if (Date.now() > until) throw new Error(`expected ${n} elements, found ${count}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
