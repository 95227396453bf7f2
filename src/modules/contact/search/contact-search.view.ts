import { CUSTOM_FIELD_COUNT } from '../contacts/contact.fields.ts'
import { scalarView } from '../contacts/contact.view.ts'
import { customFieldName } from '../custom-fields/custom-field.model.ts'
import { isDailyOn } from '../dnd/dnd-state.ts'
import { PHONE_SLOT_SUFFIXES, type SearchRow } from './contact-search.repository.ts'
import type { SearchContactType } from './contact-search.schemas.ts'
import { unpackValues } from './search.dialect.ts'

const SLOT = PHONE_SLOT_SUFFIXES.length

/** contacts.md §2.4 search view of one `contacts` row, DND evaluated at `now`: sparse, all ten phone slots. */
export function toSearchContact(row: SearchRow, now: number): SearchContactType {
  const phones = unpackValues(row.phones)
  const custom = unpackValues(row.custom_fields)
  const out = scalarView('search', row, now)
  const phone = []
  for (let n = 1; n <= 10; n++) {
    // PHONE_SLOT_SUFFIXES order: number, dnd, dnd_daily_until, sms, cell, attempts today, total.
    const at = (n - 1) * SLOT
    const number = phones[at] as string | null
    phone.push({
      smsConsent: phones[at + 3] === 1,
      cellConsent: phones[at + 4] === 1,
      // An empty slot has no `phone` key: the serializer leaves out an undefined property, and
      // one object shape for every slot keeps this loop monomorphic.
      phone: number ?? undefined,
      ordinal: n,
      position: n,
      dnd: phones[at + 1] === 1,
      dndDaily: isDailyOn(phones[at + 2] as number | null, now),
      callAttemptsTotal: phones[at + 6] as number,
      callAttemptsToday: phones[at + 5] as number,
    })
  }
  out.phone = phone
  const customFields: { field: string; value: string }[] = []
  for (let n = 1; n <= CUSTOM_FIELD_COUNT; n++) {
    const value = custom[n - 1] as string | null
    if (value !== null && value !== undefined) customFields.push({ field: customFieldName(n), value })
  }
  if (customFields.length > 0) out.customFields = customFields
  return out
}
