import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { AnyKysely } from './dialect.ts'
import * as platform from './migrations/0001_platform.ts'
import * as callCentersServices from './migrations/0002_call_centers_services.ts'
import * as agents from './migrations/0003_agents.ts'
import * as contacts from './migrations/0004_contacts.ts'
import * as contactSearch from './migrations/0006_contact_search.ts'
import * as contactAccountCovering from './migrations/0007_contact_account_covering.ts'
import * as sessionSecurity from './migrations/0008_session_security.ts'
import * as sandboxSnapshots from './migrations/0010_sandbox_snapshots.ts'
import * as sandboxShadowSnapshots from './migrations/0011_sandbox_shadow_snapshots.ts'
import * as sandboxLazyChangeTriggers from './migrations/0012_sandbox_lazy_change_triggers.ts'

/** Migrations are listed, not globbed: they ship inside the package and run in this order. */
const migrations: Record<string, Migration> = {
  '0001_platform': platform,
  '0002_call_centers_services': callCentersServices,
  '0003_agents': agents,
  '0004_contacts': contacts,
  '0006_contact_search': contactSearch,
  '0007_contact_account_covering': contactAccountCovering,
  '0008_session_security': sessionSecurity,
  '0010_sandbox_snapshots': sandboxSnapshots,
  '0011_sandbox_shadow_snapshots': sandboxShadowSnapshots,
  '0012_sandbox_lazy_change_triggers': sandboxLazyChangeTriggers,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: AnyKysely): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error })
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
