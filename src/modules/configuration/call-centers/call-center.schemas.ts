import { Type, type Static } from '@sinclair/typebox'
import { ClientQuery, Id, NextLink, Nullable, PagingQuery } from '../../../http/schemas.ts'
import { OptionalOrNull, RequiredText, Text } from '../services/schema-types.ts'

const NAME_MAX = 255
const TEXT_MAX = 255

/** `defaultInputFilterId` (the examples' spelling) and `defaultInputFilter` (the tables'), inconsistencies.md B2. */
const inputFilterKeys = {
  defaultInputFilterId: OptionalOrNull(Id({ description: 'default input filter (alias defaultInputFilter)' })),
  defaultInputFilter: OptionalOrNull(Id({ description: 'alias of defaultInputFilterId' })),
}

export const CallCenterParams = Type.Object({ id: Id({ description: 'Call Center id' }) })

export const CallCenterServiceParams = Type.Object({
  id: Id({ description: 'destination Call Center id' }),
  service: Id({ description: 'Service to move' }),
})

export const CreateCallCenterQuery = ClientQuery
export type CreateCallCenterQueryType = Static<typeof CreateCallCenterQuery>

export const CreateCallCenterBody = Type.Object({
  name: RequiredText(NAME_MAX, { description: 'unique within the client (case-insensitive)' }),
  managerName: OptionalOrNull(Text(TEXT_MAX)),
  billingSystem: OptionalOrNull(Text(TEXT_MAX)),
  ...inputFilterKeys,
  open: OptionalOrNull(Type.Boolean({ description: 'default true' })),
  service: OptionalOrNull(Type.Array(Type.Object({ id: Id() }), {
    maxItems: 1000, description: 'Services to move into the new Call Center',
  })),
}, {
  examples: [{ service: [{ id: 46595 }], name: 'Doors', managerName: 'Mr. Manager', billingSystem: 'Mail', defaultInputFilterId: 21572 }],
})
export type CreateCallCenterBodyType = Static<typeof CreateCallCenterBody>

export const CreatedCallCenter = Type.Object({ id: Id() }, { examples: [{ id: 3619 }] })

export const UpdateCallCenterBody = Type.Object({
  name: OptionalOrNull(RequiredText(NAME_MAX, { description: 'new name; unique within the client' })),
  managerName: OptionalOrNull(Text(TEXT_MAX)),
  billingSystem: OptionalOrNull(Text(TEXT_MAX)),
  ...inputFilterKeys,
  open: OptionalOrNull(Type.Boolean()),
}, {
  examples: [{ name: 'Documentation', managerName: 'Jim', billingSystem: 'Super', defaultInputFilterId: 40229 }],
})
export type UpdateCallCenterBodyType = Static<typeof UpdateCallCenterBody>

export const CallCenterSchema = Type.Object({
  name: Type.String(),
  managerName: Nullable(Type.String()),
  billingSystem: Nullable(Type.String()),
  defaultInputFilterId: Nullable(Id()),
  defaultInputFilter: Nullable(Id({ description: 'same value as defaultInputFilterId (README §10)' })),
  open: Type.Boolean(),
}, {
  title: 'CallCenter',
  examples: [{
    name: 'Atlanta - Financial Services', managerName: 'Sam Snead', billingSystem: null,
    defaultInputFilterId: null, defaultInputFilter: null, open: true,
  }],
})
export type CallCenter = Static<typeof CallCenterSchema>

export const ListCallCentersQuery = Type.Object({ ...ClientQuery.properties, ...PagingQuery.properties })
export type ListCallCentersQueryType = Static<typeof ListCallCentersQuery>

export const CallCenterListItem = Type.Object({
  callCenterId: Id(),
  name: Type.String(),
  clientId: Id(),
}, { title: 'CallCenterListItem' })
export type CallCenterListItemType = Static<typeof CallCenterListItem>

export const CallCenterList = Type.Object({
  callCenter: Type.Array(CallCenterListItem),
  next: NextLink,
}, {
  examples: [{
    callCenter: [
      { callCenterId: 15, name: 'Los Angeles', clientId: 4199 },
      { callCenterId: 428, name: 'New York - Medical', clientId: 4199 },
      { callCenterId: 429, name: 'Atlanta - First Party', clientId: 4199 },
    ],
    next: 'configuration/callCenters?count=5&client=4199&offset=5',
  }],
})

export const CallCenterListInfo = Type.Object({
  size: Type.Integer({ minimum: 0 }),
  lastModified: Type.Optional(Type.Integer({ minimum: 0 })),
}, { examples: [{ size: 9, lastModified: 1369249675000 }] })

const IdRef = Type.Object({ id: Id() })

export const CallCenterRelated = Type.Object({
  service: Type.Array(IdRef, { description: 'Services of the Call Center the session can see, ascending id' }),
  agent: Type.Array(IdRef, { description: 'Agents assigned to at least one of those Services, ascending id' }),
}, {
  examples: [{
    service: [{ id: 5607 }, { id: 17797 }, { id: 20180 }, { id: 45497 }],
    agent: [{ id: 56472 }, { id: 117721 }, { id: 153235 }, { id: 183712 }],
  }],
})
export type CallCenterRelatedType = Static<typeof CallCenterRelated>
