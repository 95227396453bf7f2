import { flag } from '../../../db/dialect.ts'
import { DEMO_AGENT, type DemoContext } from '../../../demo/demo-context.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { firstPassword } from '../../../lib/password-policy.ts'
import { insertClientVoice } from '../clients/client.repository.ts'
import { ACD_SERVICE_FEATURE_CODES } from '../services/service.enums.ts'
import { digitsOf } from '../../identity/find-criterion.ts'
import type { NewAgentRow } from './agent.table.ts'

/** The seed's Messaging example (clients.md Read Client Messaging Settings). */
const MESSAGING_PROPERTIES: Record<string, string> = {
  exclusion_fields: 'ACCOUNT', exclusion_range: '1', requeue_limit: '15', sequential_loading: '0',
  store_wireless: 'DAYS_DUE_6', template_id: '11601',
}
/** The seed's Voice Pool example, in its order. */
const VOICE_POOL = [1, 5, 2, 3]

const SKILLS: [string, string][] = [
  ['SILVER', 'Silver tier accounts'],
  ['GOLD', 'Gold tier accounts'],
  ['PLATINUM', 'Platinum tier accounts'],
  ['SPANISH', 'Spanish Speaking Agents'],
  ['FRENCH', 'French Speaking Agents'],
  ['COLLECTIONS', 'Early-stage collections'],
]

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Isabella', 'Mateo', 'Mia', 'Ethan',
  'Amelia', 'Mason', 'Harper', 'Logan', 'Evelyn', 'Diego', 'Abigail', 'Jackson', 'Camila', 'Aiden', 'Priya',
  'Wei', 'Fatima', 'Omar', 'Grace', 'Samuel', 'Chloe', 'Andre',
]
// Jamison, James and Rajam make the seed's `jam` lastName search meaningful on the demo tenant.
const LAST_NAMES = [
  'Johnson', 'Jamison', 'James', 'Rajam', 'Smith', 'Garcia', 'Martinez', 'Nguyen', 'Patel', 'Kim', 'Brown',
  'Williams', 'Davis', 'Lopez', 'Hernandez', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Torres', 'Hill', 'Green', 'Adams', 'Baker', 'Rivera',
]
const WRAP_UP_TIMES = [-1, 15, 30, 30, 60, 120]
const DEMO_AGENT_COUNT = 60
const DAY_MS = 86_400_000

/**
 * The Clients and Agents part of the demo tenant: the seed examples' client settings, messaging
 * properties and voice pool; six skills; sixty agents with ACD Service and skill assignments; and
 * DEMO_AGENT, who can log in. One password hash serves every agent (scrypt costs ~40 ms a hash and
 * start-up with all demo data must stay fast); rows go in with a few multi-row inserts.
 */
export async function seedAgentsDemo(ctx: DemoContext): Promise<void> {
  const { db, clientId, now, random } = ctx
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0])
    return out
  }

  await db.updateTable('clients').set({
    max_daily_attempts: 0, call_recording_days: 30, encrypt_ccs_password: flag(true), max_failed_ccs_login_attempts: 5,
    encrypt_acd_password: flag(true), max_failed_acd_login_attempts: 0, password_expiration_days: 0,
    default_screen_pop_id: 3063, default_dialing_profile_id: 0, service_level_seconds: 20,
    restrict_strategies_scope: flag(true), default_strategy_id: 468, requeue_strategy_id: 469, default_contact_timing_id: 1,
    default_voice_id: 1, answering_machine_option: null, scrub_wireless: flag(false), acd_resource_group_enabled: flag(true),
    acd_agent_skill_enabled: flag(true), acct_realtime_dnc: flag(true), lcid_package_id: 1256,
    report_only_after_all_retries: flag(false), default_input_filter_id: 21572,
  }).where('id', '=', clientId).execute()
  await db.insertInto('client_messaging_properties')
    .values(Object.entries(MESSAGING_PROPERTIES).map(([key, value]) => ({ client_id: clientId, key, value })))
    .onConflict((oc) => oc.columns(['client_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute()
  for (const voiceId of VOICE_POOL) await insertClientVoice(db, clientId, voiceId)

  await db.insertInto('agent_skills')
    .values(SKILLS.map(([name, description]) => ({ client_id: clientId, name, description, created_at: now, modified_at: now })))
    .execute()
  const skillIds = (await db.selectFrom('agent_skills').select('id').where('client_id', '=', clientId).orderBy('id').execute()).map((r) => Number(r.id))
  const serviceIds = (await db.selectFrom('services').select('id')
    .where('client_id', '=', clientId).where('acd_feature_code', 'in', [...ACD_SERVICE_FEATURE_CODES]).orderBy('id').execute())
    .map((r) => Number(r.id))

  const { hash, history } = await firstPassword(DEMO_AGENT.password)
  const usedLoginIds = new Set<string>([DEMO_AGENT.loginId.toUpperCase()])
  const rows: NewAgentRow[] = []
  const row = (loginId: string, firstName: string, lastName: string, phone: string, active: boolean): NewAgentRow => {
    const loggedIn = active && random() < 0.75
    return {
      client_id: clientId, login_id: loginId, first_name: firstName, last_name: lastName, phone, phone_digits: digitsOf(phone),
      wrap_up_time: pick(WRAP_UP_TIMES), home_agent: flag(random() < 0.3), active: flag(active), locked: flag(false),
      failed_login_attempts: 0, password_hash: hash, password_history: history, password_last_modified: now - 30 * DAY_MS,
      last_login: loggedIn ? now - Math.floor(random() * 14 * DAY_MS) : null,
      last_login_ip: loggedIn ? `${pick(['198.51.100', '203.0.113', '192.0.2'])}.${1 + Math.floor(random() * 254)}` : null,
      created_at: now - 30 * DAY_MS, modified_at: now,
    }
  }
  rows.push({ ...row(DEMO_AGENT.loginId.toUpperCase(), 'Alex', 'Morgan', '4045550101', true), last_login: null, last_login_ip: null })
  while (rows.length < DEMO_AGENT_COUNT) {
    const firstName = pick(FIRST_NAMES)
    const lastName = pick(LAST_NAMES)
    const base = `${firstName[0]}${lastName}`.toUpperCase()
    let loginId = base
    for (let n = 2; usedLoginIds.has(loginId); n++) loginId = `${base}${n}`
    usedLoginIds.add(loginId)
    const digits = `${pick(['404', '678', '770', '202', '312'])}555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`
    // A few phones as people type them: Find Matching Agents compares digits only.
    const phone = random() < 0.2 ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : digits
    rows.push(row(loginId, firstName, lastName, phone, random() < 0.9))
  }
  await db.insertInto('agents').values(rows).execute()
  const agents = await db.selectFrom('agents').select(['id', 'login_id']).where('client_id', '=', clientId).orderBy('id').execute()

  const assignedServices: { client_id: number; agent_id: number; service_id: number }[] = []
  const assignedSkills: { client_id: number; agent_id: number; agent_skill_id: number; proficiency: number }[] = []
  for (const agent of agents) {
    const isDemoAgent = agent.login_id === DEMO_AGENT.loginId.toUpperCase()
    const services = isDemoAgent ? serviceIds.slice(0, 2) : sample(serviceIds, 1 + Math.floor(random() * 3))
    for (const serviceId of services) assignedServices.push({ client_id: clientId, agent_id: Number(agent.id), service_id: serviceId })
    const skills = isDemoAgent ? skillIds.slice(0, 2) : sample(skillIds, Math.floor(random() * 4))
    for (const skillId of skills) {
      assignedSkills.push({ client_id: clientId, agent_id: Number(agent.id), agent_skill_id: skillId, proficiency: 1 + Math.floor(random() * 5) })
    }
  }
  if (assignedServices.length > 0) await db.insertInto('agent_services').values(assignedServices).execute()
  if (assignedSkills.length > 0) await db.insertInto('agent_skill_assignments').values(assignedSkills).execute()
  await touchList(db, clientId, 'agents', now)
  await touchList(db, clientId, 'agentSkills', now)
}
