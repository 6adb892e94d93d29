import type pub from '../zh-CN/public'

const en: typeof pub = {
  home: {
    title: 'City Digital Transformation Opportunity List',
    intro:
      'Government departments post their digital-transformation needs here, enterprises apply and bid, small and medium-sized enterprises find the right providers, and operators verify every listing.',
    apiDocs: 'API reference',
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you are looking for does not exist or has moved.',
    backHome: 'Back to home',
  },
}

export default en
