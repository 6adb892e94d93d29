// Shared strings: the app frame, navigation, statuses and API errors.
const core = {
  app: {
    name: '城市数字化转型机会清单',
    skipToContent: '跳到主要内容',
  },
  errors: {
    unknown: '出现了意外错误，请稍后再试。',
    network: '无法连接服务器，请检查网络后重试。',
    malformed_request: '请求格式不正确。',
    validation_failed: '有字段未通过校验，请检查标出的内容。',
    unauthenticated: '请先登录。',
    invalid_credentials: '邮箱或密码不正确。',
    forbidden: '您无权执行此操作。',
    not_found: '未找到该内容。',
    conflict: '内容已被他人修改或已存在，请刷新后重试。',
    invalid_state: '当前状态下不能执行此操作。',
    deadline_passed: '已过投标截止时间。',
    sealed: '投标在截止前保持密封。',
    payload_too_large: '提交的内容过大。',
    rate_limited: '尝试次数过多，请稍后再试。',
    unavailable: '服务暂时不可用，请稍后再试。',
    internal: '服务器内部错误。',
  },
  status: {
    draft: '草稿',
    pending_review: '待审核',
    rejected: '已退回',
    published: '已发布',
    closed: '已截止',
    awarded: '已授标',
    completed: '已完成',
    cancelled: '已取消',
    unsuccessful: '流标',
  },
  bidStatus: {
    submitted: '已提交',
    withdrawn: '已撤回',
    valid: '有效',
    disqualified: '已取消资格',
    awarded: '中标',
    not_awarded: '未中标',
  },
  verification: {
    unverified: '未认证',
    verified: '已认证',
    rejected: '认证被拒',
  },
  kind: {
    government_need: '政府需求',
    sme_help: '中小企业求助',
  },
  orgKind: {
    government: '政府机构',
    enterprise: '企业',
  },
}

export default core
