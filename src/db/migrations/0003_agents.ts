import type { Kysely } from 'kysely'
import { addIdColumn, flagType, idType, millisType } from '../dialect.ts'

/** Agents, agent skills and their assignments (agents.md). */
export async function up(db: Kysely<any>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('agents'))
    .addColumn('client_id', idType, (c) => c.notNull().references('clients.id'))
    .addColumn('login_id', 'text', (c) => c.notNull())
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
  // List Agents and Find Matching Agents page in loginId order. With last_name beside login_id a
  // partial lastName search walks this index in answer order, tests the name on the index entry
  // and stops after one page; the table is read only for the rows it returns.
  await db.schema.createIndex('agents_client_id_login_id_last_name_idx').on('agents').columns(['client_id', 'login_id', 'last_name']).execute()
  await db.schema.createIndex('agents_client_id_phone_digits_idx').on('agents').columns(['client_id', 'phone_digits']).execute()

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
