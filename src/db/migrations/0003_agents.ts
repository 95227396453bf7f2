import { addIdColumn, bytewiseText, flagType, idType, millisType, type AnyKysely } from '../dialect.ts'

/** Agents, agent skills and their assignments (agents.md). */
export async function up(db: AnyKysely): Promise<void> {
  await addIdColumn(db, db.schema.createTable('agents'))
    .addColumn('client_id', idType, (c) => c.notNull().references('clients.id'))
    // "loginId ascending" (List Agents, Find Matching Agents) is code-point order on both dialects,
    // as in the seed's page AGENT!, AGENT#.?, AGENT-ANINDITA, AGENT-ONE.
    .addColumn('login_id', bytewiseText(db), (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    // Find Matching Agents compares phone numbers digits-only (agents.md): kept ready for an index.
    // The default only serves inserts that bypass the agent service (test fixtures); the service
    // always writes it.
    .addColumn('phone_digits', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('wrap_up_time', 'integer', (c) => c.notNull())
    .addColumn('home_agent', flagType, (c) => c.notNull())
    .addColumn('active', flagType, (c) => c.notNull())
    .addColumn('locked', flagType, (c) => c.notNull())
    .addColumn('failed_login_attempts', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_history', 'text', (c) => c.notNull())
    .addColumn('password_last_modified', millisType, (c) => c.notNull())
    .addColumn('last_login', millisType)
    .addColumn('last_login_ip', 'text')
    .addColumn('created_at', millisType, (c) => c.notNull())
    .addColumn('modified_at', millisType, (c) => c.notNull())
    .addUniqueConstraint('agents_client_id_id_key', ['client_id', 'id'])
    .addUniqueConstraint('agents_client_id_login_id_key', ['client_id', 'login_id'])
    .execute()
  // List Agents and Find Matching Agents answer in loginId order. This index holds every column
  // they answer with (id is SQLite's rowid), so both walk it in answer order, test a partial
  // loginId/lastName on the index entry and stop after one page, without reading the table.
  await db.schema.createIndex('agents_client_id_login_id_list_idx').on('agents')
    .columns(['client_id', 'login_id', 'last_name', 'first_name', 'phone', 'active', 'last_login', 'last_login_ip']).execute()
  // Phone search: an equality on the digits, already in answer order.
  await db.schema.createIndex('agents_client_id_phone_digits_idx').on('agents').columns(['client_id', 'phone_digits', 'login_id']).execute()

  await db.schema.createTable('agent_services')
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('agent_id', idType, (c) => c.notNull())
    .addColumn('service_id', idType, (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_services_pk', ['client_id', 'agent_id', 'service_id'])
    .addForeignKeyConstraint('agent_services_agent_fk', ['client_id', 'agent_id'], 'agents', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('agent_services_service_fk', ['client_id', 'service_id'], 'services', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute()
  await db.schema.createIndex('agent_services_service_idx').on('agent_services').columns(['client_id', 'service_id']).execute()

  await addIdColumn(db, db.schema.createTable('agent_skills'))
    .addColumn('client_id', idType, (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', millisType, (c) => c.notNull())
    .addColumn('modified_at', millisType, (c) => c.notNull())
    .addUniqueConstraint('agent_skills_client_id_id_key', ['client_id', 'id'])
    .execute()

  await db.schema.createTable('agent_skill_assignments')
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('agent_id', idType, (c) => c.notNull())
    .addColumn('agent_skill_id', idType, (c) => c.notNull())
    .addColumn('proficiency', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_skill_assignments_pk', ['client_id', 'agent_id', 'agent_skill_id'])
    .addForeignKeyConstraint('agent_skill_assignments_agent_fk', ['client_id', 'agent_id'], 'agents', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('agent_skill_assignments_skill_fk', ['client_id', 'agent_skill_id'], 'agent_skills', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute()
  // Read Agent Skill lists the skill's agents; Delete Agent Skill removes its assignments.
  await db.schema.createIndex('agent_skill_assignments_skill_idx').on('agent_skill_assignments').columns(['client_id', 'agent_skill_id', 'agent_id']).execute()
}
