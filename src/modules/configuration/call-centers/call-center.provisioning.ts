import type { Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import { findCallCenterIdByNameKey, insertCallCenter } from './call-center.repository.ts'
import { callCenterNameKey, duplicateName } from './call-center.service.ts'

export interface ProvisionCallCenterInput {
  name: string
  managerName?: string | null
  billingSystem?: string | null
  defaultInputFilterId?: number | null
  open?: boolean
}

/**
 * Creates a Call Center without a session (demo data, fixtures, CLI). Not listed until a Service
 * is added, so the list's lastModified is left to the Service that lands in it.
 */
export async function provisionCallCenter(db: Db, clientId: number, input: ProvisionCallCenterInput, now: number): Promise<number> {
  const nameKey = callCenterNameKey(input.name)
  if (await findCallCenterIdByNameKey(db, clientId, nameKey)) throw duplicateName()
  return insertCallCenter(db, {
    client_id: clientId,
    name: input.name,
    name_key: nameKey,
    manager_name: input.managerName ?? null,
    billing_system: input.billingSystem ?? null,
    default_input_filter_id: input.defaultInputFilterId ?? null,
    open: flag(input.open ?? true),
    created_at: now,
    modified_at: now,
  })
}
