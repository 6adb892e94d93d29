import core from './en/core'
import pub from './en/public'
import roles from './en/roles'
import documents from './en/documents'
import type { MessageSchema } from './zh-CN'

const en: MessageSchema = { ...core, ...pub, ...roles, ...documents }

export default en
