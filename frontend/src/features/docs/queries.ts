// The platform's OpenAPI document (app/docs.go): fetched live, cached by
// info.version in Badger, served from the cache (offline: true) when the
// platform cannot be reached.
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { call } from '../../api/transport'
import type { ChangelogEntry, DocsDocument as GoDocsDocument } from '../../api/types.gen'

/** The document as Go sends it, with the spec typed as the parts of OpenAPI
 *  the docs browser reads (Go passes the JSON through untyped). */
export type DocsDocument = Omit<GoDocsDocument, 'spec'> & { spec: OpenAPIDoc }

// The parts of OpenAPI 3.1 the docs browser reads.
export type SchemaObject = {
  $ref?: string
  type?: string | string[]
  format?: string
  description?: string
  enum?: unknown[]
  const?: unknown
  items?: SchemaObject
  properties?: Record<string, SchemaObject>
  additionalProperties?: boolean | SchemaObject
  required?: string[]
  oneOf?: SchemaObject[]
  anyOf?: SchemaObject[]
  allOf?: SchemaObject[]
  example?: unknown
  examples?: unknown[]
  default?: unknown
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  [k: string]: unknown
}

export interface MediaType {
  schema?: SchemaObject
  example?: unknown
  examples?: Record<string, { summary?: string; value?: unknown; $ref?: string }>
}

export interface ParameterObject {
  $ref?: string
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  description?: string
  schema?: SchemaObject
  example?: unknown
}

export interface ResponseObject {
  $ref?: string
  description?: string
  headers?: Record<string, { description?: string; schema?: SchemaObject; $ref?: string }>
  content?: Record<string, MediaType>
}

export interface OperationObject {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  parameters?: ParameterObject[]
  requestBody?: { $ref?: string; description?: string; required?: boolean; content?: Record<string, MediaType> }
  responses?: Record<string, ResponseObject>
  security?: Record<string, string[]>[]
  deprecated?: boolean
  'x-required-permission'?: string
  'x-rate-limit'?: unknown
  [k: string]: unknown
}

export interface OpenAPIDoc {
  openapi: string
  info: { title?: string; version?: string; description?: string; [k: string]: unknown }
  servers?: { url: string; description?: string }[]
  tags?: { name: string; description?: string }[]
  paths?: Record<string, Record<string, OperationObject | ParameterObject[] | string>>
  components?: {
    schemas?: Record<string, SchemaObject>
    responses?: Record<string, ResponseObject>
    parameters?: Record<string, ParameterObject>
    securitySchemes?: Record<string, { type?: string; scheme?: string; description?: string; bearerFormat?: string }>
    [k: string]: unknown
  }
  [k: string]: unknown
}

export const getDocs = () => call('Docs', 'Get') as Promise<DocsDocument>

/** What changed between the document versions this console has seen (computed by the Go side). */
export const getChangelog = () => call('Docs', 'Changelog')
export const CHANGELOG_KEY = ['docs-changelog'] as const
export const useChangelog = () => useSWR<ChangelogEntry[], ApiError>(CHANGELOG_KEY, getChangelog)

/** The document, read once per session (Go serves it from its cache, by version, offline too). */
export const DOCS_KEY = 'docs'
export const useDocs = () => useSWR<DocsDocument, ApiError>(DOCS_KEY, getDocs, { revalidateOnFocus: false, shouldRetryOnError: false })
