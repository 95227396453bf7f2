export {
  LvApiClient,
  type ContactDownloadRequest, type LoginResult, type LvApiClientOptions, type NewContact, type PageItem,
  type ResultOf, type RetryOptions,
} from './client.ts'
export { LvApiError } from './errors.ts'
export type { components, operations, paths } from './schema.d.ts'
