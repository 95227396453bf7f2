import { Type, type Static } from '@sinclair/typebox'
import { Enum, Nullable, RequiredStr, Str } from '../../../http/schemas.ts'
import { CUSTOM_FIELD_TYPES } from './custom-field.model.ts'

const FieldName = (description: string) => RequiredStr(64, { description })
const DataType = Enum(CUSTOM_FIELD_TYPES, { description: 'value type of the field' })
const ListValue = Str(255)

export const CustomFieldParams = Type.Object({
  field: Str(64, { description: 'COL1 … COL100 (case-insensitive), not the label' }),
})

export const CustomFieldSchema = Type.Object({
  label: Nullable(Type.String({ description: 'label; null when the field is not configured' })),
  field: Type.String({ description: 'COL1 … COL100' }),
  dataType: DataType,
  listValues: Type.Optional(Type.Array(Type.String(), { description: 'only for LIST fields: the allowed values' })),
}, {
  title: 'CustomField',
  examples: [{ listValues: ['blue', 'green', 'red'], field: 'COL30', label: 'Test', dataType: 'LIST' }],
})
export type CustomField = Static<typeof CustomFieldSchema>

export const CustomFieldList = Type.Object({
  customFields: Type.Array(CustomFieldSchema),
}, {
  examples: [{
    customFields: [
      { field: 'COL8', label: 'Phone 1 Status Description', dataType: 'STRING' },
      { field: 'COL9', label: 'Company', dataType: 'STRING' },
      { field: 'COL24', label: 'Score Type', dataType: 'NUMBER' },
      { field: 'COL25', label: 'Last Agent Routing', dataType: 'STRING' },
    ],
  }],
})

export const UpdateCustomFieldBody = Type.Object({
  customFields: Type.Array(Type.Object({
    field: FieldName('COL1 … COL100 (case-insensitive)'),
    label: Type.Optional(Str(255, { description: 'new label; "" removes it (the field is then unconfigured)' })),
    dataType: Type.Optional(DataType),
    listValues: Type.Optional(Type.Array(ListValue, {
      maxItems: 1000, description: 'LIST only: full replacement of the allowed values',
    })),
  }), { minItems: 1, maxItems: 100, description: 'definitions to change; values stored in contacts are never touched' }),
}, {
  examples: [{ customFields: [{ field: 'COL11', label: 'Balance Due After Date' }] }],
})
export type UpdateCustomFieldBodyType = Static<typeof UpdateCustomFieldBody>
