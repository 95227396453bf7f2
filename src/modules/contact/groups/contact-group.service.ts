import type { Db } from '../../../db/database.ts'
import type { Principal } from '../../../http/auth.ts'
import { ApiError, Errors } from '../../../http/errors.ts'
import { pageSize } from '../../../http/paging.ts'
import type { Paging } from '../../../http/schemas.ts'
import type { RequestContext } from '../../access/context.ts'
import type { ContactGroupRow } from '../contacts/contact.table.ts'
import {
  findContactGroup, findUserLabelParts, insertContactGroup, listContactGroupRows, renameContactGroup,
} from './contact-group.repository.ts'
import type { ContactGroupType } from './contact-group.schemas.ts'

/** Seed 004: `Contact group with <id> not found` (the requested id, inconsistencies.md F22). */
const groupNotFound = (id: number): ApiError => new ApiError(Errors.NotFound, `Contact group with ${id} not found`)

/**
 * createdBy / modifiedBy as the vendor prints them, `<business unit>\<lastName>, <firstName>`
 * (e.g. `LiveVox\Park, Peter`); the client's display name stands for the business unit
 * (contacts.md §4 [decision]). Contact API sessions are users' (agents get 403).
 */
export async function actingUserLabel(db: Db, principal: Principal): Promise<string> {
  const parts = await findUserLabelParts(db, principal.clientId, principal.id)
  return parts ? `${parts.businessUnit}\\${parts.lastName}, ${parts.firstName}` : principal.userName
}

function toContactGroup(row: ContactGroupRow): ContactGroupType {
  return {
    id: row.id, name: row.name, createdBy: row.created_by, modifiedBy: row.modified_by,
    createdAt: row.created_at, modifiedAt: row.modified_at,
  }
}

export async function createContactGroup({ db, clock, principal }: RequestContext, name: string): Promise<{ id: number }> {
  const by = await actingUserLabel(db, principal)
  const now = clock.now()
  const id = await insertContactGroup(db, {
    client_id: principal.clientId, name, created_by: by, modified_by: by, created_at: now, modified_at: now,
  })
  return { id }
}

export async function listContactGroups({ db, principal }: RequestContext, paging: Paging): Promise<ContactGroupType[]> {
  const rows = await listContactGroupRows(db, principal.clientId, pageSize(paging) + 1, paging.offset)
  return rows.map(toContactGroup)
}

export async function readContactGroup({ db, principal }: RequestContext, id: number): Promise<ContactGroupType> {
  const row = await findContactGroup(db, principal.clientId, id)
  if (!row) throw groupNotFound(id)
  return toContactGroup(row)
}

export async function updateContactGroup({ db, clock, principal }: RequestContext, id: number, name: string): Promise<void> {
  const by = await actingUserLabel(db, principal)
  if (!(await renameContactGroup(db, principal.clientId, id, name, by, clock.now()))) throw groupNotFound(id)
}
