import type { Readable } from 'node:stream'
import type { Principal } from '../../http/auth.ts'
import { maskSessionIds } from '../../http/log-masking.ts'
import type { JournalEntryOf } from '../sandbox.types.ts'
import { matchesTenant, type TenantRef } from '../tenant-ref.ts'

/** A recorded request as kept: bodies by reference, masked and parsed only when read. */
export interface JournalRecord {
  seq: number
  time: number
  method: string
  url: string
  operationId: string | null
  status: number
  durationMs: number
  /** The session's principal (a reference to the session cache's object), null without a session. */
  principal: Principal | null
  /** Without a session (Login): the clientName the body names, upper case. */
  clientCode: string | null
  /** The request body as JSON text, or a note why it is absent. */
  requestBody: unknown
  /** The payload as sent: a string for JSON answers; anything else is described, not kept. */
  responsePayload: unknown
  fault: number | null
  dropped: boolean
}

export type JournalEntry = JournalEntryOf<unknown>

export interface JournalFilter {
  tenant?: TenantRef
  operationId?: string
  method?: string
  path?: string
  status?: string
  since?: number
  until?: number
  fault?: boolean
}

/** Bodies larger than this are noted by size, not kept: a bulk upload must not pin 50 MB a slot. */
export const JOURNAL_BODY_LIMIT = 64 * 1024

/** Keys whose values are secrets wherever they appear (not passwordLastModified and the like). */
const SECRET_KEY = /^(password|oldpassword|newpassword|currentpassword|confirmpassword|sessionid|token|accesstoken|access_token|ssn)$/i
const MASK = '***'

/** Deeper than any vendor body; deeper still is cut, as a recursive copy would overflow the stack. */
const MAX_DEPTH = 64

/** A deep copy with every secret-named key's value replaced; the original is never touched. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return '[nested too deeply]'
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined ? MASK : maskSecrets(v, depth + 1)
  }
  return out
}

/**
 * What a slot keeps of an answer, decided when it is sent: JSON text within the limit, by
 * reference; a larger string, a buffer or a stream (a download) only as a note. A slot lives until
 * LV_JOURNAL_SIZE later requests replace it, so a kept download stream (and the cursor, rows and
 * compressor it reaches) or a 50 MB list would stay in memory that long.
 */
export function keptPayload(payload: unknown): unknown {
  if (typeof payload === 'string') return payload.length > JOURNAL_BODY_LIMIT ? `[${payload.length} characters not kept]` : payload
  if (Buffer.isBuffer(payload)) return `[${payload.length} bytes not kept]`
  if (payload !== null && typeof payload === 'object' && typeof (payload as Readable).pipe === 'function') return '[streamed body not kept]'
  return payload
}

function viewPayload(payload: unknown): unknown {
  if (payload === null || payload === undefined || payload === '') return null
  if (typeof payload === 'string') {
    if (payload.length > JOURNAL_BODY_LIMIT) return `[${payload.length} characters not kept]`
    try {
      return maskSecrets(JSON.parse(payload))
    } catch {
      return payload
    }
  }
  if (Buffer.isBuffer(payload)) return `[${payload.length} bytes not kept]`
  if (typeof (payload as Readable).pipe === 'function') return '[streamed body not kept]'
  return maskSecrets(payload)
}

function statusMatches(status: number, filter: string): boolean {
  return /^\d{3}$/.test(filter) ? status === Number(filter) : String(status)[0] === filter[0]
}

function pathPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')
  return new RegExp(`^${escaped}$`, 'i')
}

/** `/contact/*` matches one segment, `/contact/**` any depth; case-insensitive like the router. */
export function compilePathPattern(glob: string): (path: string) => boolean {
  const re = pathPattern(glob)
  return (path) => re.test(path)
}

/**
 * The request journal: a ring buffer of the last `size` requests. Recording is one object
 * written into a preallocated slot; masking, JSON parsing and filtering happen only on query.
 */
export class Journal {
  private readonly slots: (JournalRecord | undefined)[]
  private next = 0
  private seq = 0

  constructor(readonly size: number) {
    this.slots = new Array<JournalRecord | undefined>(size)
  }

  record(entry: Omit<JournalRecord, 'seq'>): void {
    if (this.size === 0) return
    const record = entry as JournalRecord
    record.seq = ++this.seq
    this.slots[this.next] = record
    this.next = (this.next + 1) % this.size
  }

  clear(): void {
    this.slots.fill(undefined)
    this.next = 0
  }

  /** Matching records, newest first. */
  private *matching(filter: JournalFilter): Generator<JournalRecord> {
    const path = filter.path ? compilePathPattern(filter.path) : null
    const method = filter.method?.toUpperCase()
    for (let i = 1; i <= this.size; i++) {
      const r = this.slots[(this.next - i + this.size) % this.size]
      if (!r) break
      if (filter.tenant && !matchesTenant(filter.tenant, tenantOf(r))) continue
      if (filter.operationId && r.operationId?.toLowerCase() !== filter.operationId.toLowerCase()) continue
      if (method && r.method !== method) continue
      if (path && !path(r.url.split('?')[0])) continue
      if (filter.status && !statusMatches(r.status, filter.status)) continue
      if (filter.since !== undefined && r.time < filter.since) continue
      if (filter.until !== undefined && r.time > filter.until) continue
      if (filter.fault !== undefined && (r.fault !== null) !== filter.fault) continue
      yield r
    }
  }

  count(filter: JournalFilter): number {
    let n = 0
    for (const _ of this.matching(filter)) n++
    return n
  }

  query(filter: JournalFilter, limit: number): JournalEntry[] {
    const out: JournalEntry[] = []
    for (const r of this.matching(filter)) {
      if (out.length >= limit) break
      out.push(toEntry(r))
    }
    return out
  }
}

const tenantOf = (r: JournalRecord) => ({ clientId: r.principal?.clientId ?? null, code: r.clientCode })

function toEntry(r: JournalRecord): JournalEntry {
  const tenant = tenantOf(r)
  const p = r.principal
  return {
    id: r.seq,
    time: new Date(r.time).toISOString(),
    epochMillis: r.time,
    method: r.method,
    // The request log's masking (one rule): it decodes what the router decodes, so an encoded
    // `?%73essionId=` or `/session/%76alidate/<id>` is masked too, and shows the path as routed.
    path: maskSessionIds(r.url),
    operationId: r.operationId,
    status: r.status,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
    tenant: tenant.clientId === null && tenant.code === null ? null : { clientId: tenant.clientId, clientCode: tenant.code },
    principal: p ? { type: p.type, id: p.id, userName: p.userName } : null,
    request: viewPayload(r.requestBody),
    response: viewPayload(r.responsePayload),
    fault: r.fault,
    dropped: r.dropped,
  }
}
