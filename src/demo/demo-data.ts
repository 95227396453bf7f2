import type { Db } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { createUser } from '../modules/configuration/users/user.service.ts'
import { insertUserService } from '../modules/configuration/users/user.repository.ts'
import { seedCallCentersAndServicesDemo } from '../modules/configuration/services/service.demo.ts'
import { seedAgentsDemo } from '../modules/configuration/agents/agent.demo.ts'
import { seedContactsDemo } from '../modules/contact/contacts/contact.demo.ts'
import { DEMO_MANAGER, seededRandom, type DemoContext } from './demo-context.ts'

// Shared with the modules' *.demo.ts, which import them from demo-context.ts (importing them
// from here made a loop: this file imports every *.demo.ts).
export { DEMO_AGENT, DEMO_MANAGER, seededRandom, type DemoContext } from './demo-context.ts'

/**
 * The demo tenant (DEVELOPERS.md run contract; platform issue item 7), built module by module
 * in dependency order inside one transaction: a half-seeded tenant never survives a crash.
 */
export async function seedDemoData(db: Db, clientId: number, now: number): Promise<void> {
  // Joins the caller's transaction: a sandbox tenant is created with its demo data in one.
  await inTransaction(db, async (trx) => {
    const ctx: DemoContext = { db: trx, clientId, now, random: seededRandom(4199) }
    await seedCallCentersAndServicesDemo(ctx)
    await seedAgentsDemo(ctx)
    await seedDemoManager(ctx)
    await seedContactsDemo(ctx)
  })
}

/** A Manager who may administer agents and sees only some of the Services (README §7.3). */
async function seedDemoManager(ctx: DemoContext): Promise<void> {
  const managerId = await createUser(ctx.db, ctx.clientId, {
    loginId: DEMO_MANAGER.loginId, firstName: 'Morgan', lastName: 'Reyes', password: DEMO_MANAGER.password,
    role: 'MANAGER', optionalManagerPowers: ['Administer Agents'],
  }, ctx.now)
  const services = await ctx.db.selectFrom('services').select('id').where('client_id', '=', ctx.clientId).orderBy('id').execute()
  for (const { id } of services.filter((_, i) => i % 3 === 0)) await insertUserService(ctx.db, ctx.clientId, managerId, id)
}
