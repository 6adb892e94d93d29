import type core from '../zh-CN/core'

const en: typeof core = {
  app: {
    name: 'City Digital Transformation Opportunity List',
    skipToContent: 'Skip to main content',
  },
  errors: {
    unknown: 'Something went wrong. Please try again later.',
    network: 'Cannot reach the server. Check your connection and try again.',
    malformed_request: 'The request was not understood.',
    validation_failed: 'Some fields need attention; see the marked fields.',
    unauthenticated: 'Please sign in first.',
    invalid_credentials: 'Wrong email or password.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'Not found.',
    conflict: 'Someone else changed this, or it already exists. Reload and try again.',
    invalid_state: 'This is not possible in the current status.',
    deadline_passed: 'The bid deadline has passed.',
    sealed: 'Bids stay sealed until the deadline.',
    payload_too_large: 'What you sent is too large.',
    rate_limited: 'Too many attempts. Please wait and try again.',
    unavailable: 'The service is temporarily unavailable. Please try again later.',
    internal: 'Internal server error.',
  },
  status: {
    draft: 'Draft',
    pending_review: 'Pending review',
    rejected: 'Returned',
    published: 'Published',
    closed: 'Closed',
    awarded: 'Awarded',
    completed: 'Completed',
    cancelled: 'Cancelled',
    unsuccessful: 'Unsuccessful',
  },
  bidStatus: {
    submitted: 'Submitted',
    withdrawn: 'Withdrawn',
    valid: 'Valid',
    disqualified: 'Disqualified',
    awarded: 'Awarded',
    not_awarded: 'Not awarded',
  },
  verification: {
    unverified: 'Unverified',
    verified: 'Verified',
    rejected: 'Rejected',
  },
  kind: {
    government_need: 'Government need',
    sme_help: 'SME help request',
  },
  orgKind: {
    government: 'Government body',
    enterprise: 'Enterprise',
  },
}

export default en
