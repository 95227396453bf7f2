import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { ApiError, Errors, invalidInput } from '../../../http/errors.ts'
import {
  customFieldName, customFieldNumber, definitionOf, toDefinition,
  type CustomFieldDefinition, type CustomFieldDefinitions,
} from './custom-field.model.ts'
import { findCustomFieldRow, listCustomFieldRows, upsertCustomFieldRow } from './custom-field.repository.ts'
import type { RequestContext } from '../../access/context.ts'
import type { CustomField, UpdateCustomFieldBodyType } from './custom-field.schemas.ts'

/** Every stored definition of a client, read once per write batch to validate contact values. */
export async function loadCustomFieldDefinitions(db: Db, clientId: number): Promise<CustomFieldDefinitions> {
  const rows = await listCustomFieldRows(db, clientId)
  return new Map(rows.map((row) => [row.field, toDefinition(row)]))
}

function toCustomField(def: CustomFieldDefinition): CustomField {
  const out: CustomField = { label: def.label, field: customFieldName(def.field), dataType: def.dataType }
  if (def.dataType === 'LIST') out.listValues = def.listValues ?? []
  return out
}

/** List Custom Field: the configured (labelled) fields, by column number (contacts.md §6). */
export async function listCustomFields({ db, principal }: RequestContext): Promise<CustomField[]> {
  const rows = await listCustomFieldRows(db, principal.clientId)
  return rows.filter((row) => row.label !== null).map((row) => toCustomField(toDefinition(row)))
}

export async function readCustomField({ db, principal }: RequestContext, name: string): Promise<CustomField> {
  const field = customFieldNumber(name)
  if (field === null) throw new ApiError(Errors.NotFound, `Custom field not found [${name}]`)
  const row = await findCustomFieldRow(db, principal.clientId, field)
  return toCustomField(row ? toDefinition(row) : definitionOf(new Map(), field))
}

/** Update Custom Field, for the session's client. */
export async function updateCustomFields({ db, clock, principal }: RequestContext, body: UpdateCustomFieldBodyType): Promise<void> {
  await writeCustomFields(db, principal.clientId, body, clock.now())
}

/**
 * Update Custom Field's rule, also the sandbox fixture loader's: labels, types and list values
 * only; contact values are neither rewritten nor removed (seed 004). All items are checked before
 * anything is written.
 */
export async function writeCustomFields(db: Db, clientId: number, body: UpdateCustomFieldBodyType, now: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const defs = new Map(await loadCustomFieldDefinitions(trx, clientId))
    const changed = new Set<number>()
    body.customFields.forEach((item, i) => {
      const field = customFieldNumber(item.field)
      if (field === null) throw invalidInput(`customFields[${i}].field: ${item.field}`)
      const current = definitionOf(defs, field)
      const dataType = item.dataType ?? current.dataType
      const label = item.label === undefined ? current.label : (item.label.trim() === '' ? null : item.label)
      let listValues: string[] | null = null
      if (dataType === 'LIST') {
        listValues = item.listValues ?? current.listValues
        if (!listValues || listValues.length === 0) throw invalidInput('listValues required for LIST')
        listValues = [...new Set(listValues)]
      } else if (item.listValues && item.listValues.length > 0) {
        throw invalidInput(`customFields[${i}].listValues only apply to LIST fields`)
      }
      defs.set(field, { field, label, dataType, listValues })
      changed.add(field)
    })
    for (const field of changed) {
      const def = defs.get(field)!
      await upsertCustomFieldRow(trx, {
        client_id: clientId, field, label: def.label, data_type: def.dataType,
        list_values: def.listValues === null ? null : JSON.stringify(def.listValues), modified_at: now,
      })
    }
  })
}
