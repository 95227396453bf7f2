import { Type, type Static } from '@sinclair/typebox'
import { CreatedId, Id, Millis, NextLink, PagingQuery, RequiredStr } from '../../../http/schemas.ts'

export const ContactGroupBody = Type.Object({
  name: RequiredStr(255, { description: 'group name; need not be unique' }),
}, { examples: [{ name: 'Client BOA' }] })
export type ContactGroupBodyType = Static<typeof ContactGroupBody>

export const ContactGroupParams = Type.Object({ id: Id({ description: 'contact group id' }) })

export const ContactGroupCreated = Type.Object(CreatedId.properties, { examples: [{ id: 2200 }] })

const groupProperties = {
  id: Id(),
  name: Type.String(),
  createdBy: Type.String({ description: 'acting user as <business unit>\\<lastName>, <firstName>' }),
  modifiedBy: Type.String(),
  createdAt: Millis(),
  modifiedAt: Millis(),
}

export const ContactGroup = Type.Object(groupProperties, {
  title: 'ContactGroup',
  examples: [{
    id: 2200, name: 'Client BOA', createdBy: 'Product Management\\Simpson, Homer', modifiedBy: 'Product Management\\Strong, Man',
    createdAt: 1509551523000, modifiedAt: 1509551523000,
  }],
})
export type ContactGroupType = Static<typeof ContactGroup>

export const ContactGroupList = Type.Object({
  contactGroup: Type.Array(Type.Object(groupProperties)),
  next: NextLink,
}, {
  examples: [{
    contactGroup: [
      { id: 1120, name: 'Old Group', createdBy: 'LiveVox\\Park, Peter', modifiedBy: 'LiveVox\\Park, Peter', createdAt: 1427119248000, modifiedAt: 1427119264000 },
      { id: 2201, name: 'Client BOA', createdBy: 'Product Management\\Tokugawa, Arlan', modifiedBy: 'Product Management\\Tokugawa, Arlan', createdAt: 1509551568000, modifiedAt: 1509551568000 },
      { id: 2202, name: 'Client BOA', createdBy: 'Product Management\\Tokugawa, Arlan', modifiedBy: 'Product Management\\Tokugawa, Arlan', createdAt: 1509551747000, modifiedAt: 1509551747000 },
    ],
    next: 'contact/contactGroups?count=10&offset=10',
  }],
})

export const ListContactGroupQuery = PagingQuery
