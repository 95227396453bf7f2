import type { Kysely } from 'kysely'
import { addIdColumn, flagType, idType, millisType } from '../dialect.ts'

/** Call centers, services and their satellites (callcenters.md, services.md); user service grants. */
export async function up(db: Kysely<any>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('call_centers'))
    .addColumn('client_id', idType, (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('manager_name', 'text')
    .addColumn('billing_system', 'text')
    .addColumn('default_input_filter_id', idType)
    .addColumn('open', flagType, (c) => c.notNull())
    .addColumn('created_at', millisType, (c) => c.notNull())
    .addColumn('modified_at', millisType, (c) => c.notNull())
    .addUniqueConstraint('call_centers_client_id_id_key', ['client_id', 'id'])
    .addUniqueConstraint('call_centers_client_id_name_key_key', ['client_id', 'name_key'])
    .execute()

  await addIdColumn(db, db.schema.createTable('services'))
    .addColumn('client_id', idType, (c) => c.notNull().references('clients.id'))
    .addColumn('call_center_id', idType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('call_direction', 'text', (c) => c.notNull())
    .addColumn('acd_feature_code', 'text', (c) => c.notNull())
    .addColumn('created_at', millisType, (c) => c.notNull())
    .addColumn('modified_at', millisType, (c) => c.notNull())
    .addUniqueConstraint('services_client_id_id_key', ['client_id', 'id'])
    .addForeignKeyConstraint('services_call_center_fk', ['client_id', 'call_center_id'], 'call_centers', ['client_id', 'id'])
    .execute()
  await db.schema.createIndex('services_client_id_call_center_id_idx').on('services').columns(['client_id', 'call_center_id']).execute()

  await db.schema.createTable('user_services')
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('user_id', idType, (c) => c.notNull())
    .addColumn('service_id', idType, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_services_pk', ['client_id', 'user_id', 'service_id'])
    .addForeignKeyConstraint('user_services_user_fk', ['client_id', 'user_id'], 'users', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('user_services_service_fk', ['client_id', 'service_id'], 'services', ['client_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute()
}
