import type { Db } from '../../../db/database.ts'
import type { ContactRow } from '../contacts/contact.table.ts'
import type { CustomFieldType } from '../custom-fields/custom-field.model.ts'
import { nullsClause } from './search.dialect.ts'
import type { Predicate } from './search-compiler.ts'
import type { SortTerm } from './search-sort.ts'

/** Configured types of the given custom fields (unconfigured ones are absent: STRING). */
export async function findCustomFieldTypes(db: Db, clientId: number, fields: readonly number[]): Promise<Map<number, CustomFieldType>> {
  if (fields.length === 0) return new Map()
  const rows = await db.selectFrom('contact_custom_fields').select(['field', 'data_type'])
    .where('client_id', '=', clientId).where('field', 'in', [...fields])
    .execute()
  return new Map(rows.map((r) => [r.field, r.data_type]))
}

/** One page of matches (fetch `limit` = page size + 1, paging.ts). */
export async function findMatchingContactRows(
  db: Db, clientId: number, where: Predicate, sort: readonly SortTerm[], limit: number, offset: number,
): Promise<ContactRow[]> {
  let query = db.selectFrom('contacts').selectAll('contacts')
    .where('contacts.client_id', '=', clientId)
    .where(where)
  for (const term of sort) {
    const nulls = nullsClause(db, term.order, term.nullable)
    query = query.orderBy(term.expression, (ob) => {
      const ordered = term.order === 'asc' ? ob.asc() : ob.desc()
      return nulls === 'nulls first' ? ordered.nullsFirst() : nulls === 'nulls last' ? ordered.nullsLast() : ordered
    })
  }
  return query.limit(limit).offset(offset).execute()
}
