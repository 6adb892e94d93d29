import core from './en/core'
import pub from './en/public'
import roles from './en/roles'
import type { MessageSchema } from './zh-CN'

const en: MessageSchema = { ...core, ...pub, ...roles }

export default en
