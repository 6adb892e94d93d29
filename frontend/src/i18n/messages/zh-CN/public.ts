// Strings of the public pages: home and search, opportunity page, provider
// directory, sign-in and registration, not-found.
const pub = {
  home: {
    title: '城市数字化转型机会清单',
    intro:
      '政府部门在这里发布数字化转型需求，企业参与申报与竞标，中小企业寻找合适的服务商，运营方负责审核把关。',
    apiDocs: 'API 文档',
  },
  notFound: {
    title: '页面未找到',
    body: '您访问的页面不存在或已被移动。',
    backHome: '返回首页',
  },
}

export default pub
