// Live validation of the JSON body against the endpoint's request schema
// (OpenAPI 3.1 schemas are JSON Schema 2020-12, hence ajv's 2020 build).
// Problems carry text offsets so the editor can underline them.
import Ajv2020 from 'ajv/dist/2020'
import type { ErrorObject } from 'ajv'
import type { SchemaObject } from '../docs/queries'

export interface Problem {
  from: number
  to: number
  message: string
}

export type BodyValidator = (text: string) => Problem[]

// OpenAPI adds keywords JSON Schema does not know (example, xml, x-…);
// strict:false lets them through, and formats are hints, not rules, here.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })

/** Returns null when there is no schema to check against. */
export function makeValidator(schema: SchemaObject | undefined): BodyValidator | null {
  if (!schema || Object.keys(schema).length === 0) return null
  let validate: ReturnType<typeof ajv.compile>
  try {
    validate = ajv.compile(schema as object)
  } catch {
    return null // a schema ajv cannot read is not the user's problem
  }
  return (text: string) => {
    if (text.trim() === '') return []
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return [] // syntax errors are the JSON linter's
    }
    if (validate(value)) return []
    return (validate.errors ?? []).map((e) => toProblem(text, e))
  }
}

function toProblem(text: string, e: ErrorObject): Problem {
  const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  let at = locate(text, segs)
  let field = segs.join('.')
  let message = e.message ?? 'is not valid'
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty
    field = field ? `${field}.${missing}` : missing
    message = 'is required'
  } else if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty
    const segsExtra = [...segs, extra]
    at = locate(text, segsExtra)
    field = segsExtra.join('.')
    message = 'is not a known field'
  } else if (e.keyword === 'enum') {
    message = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`
  }
  return { from: at.from, to: at.to, message: field ? `${field} ${message}` : `Body ${message}` }
}

/** Finds the text range of the value at a JSON path, approximately: each
 * object key is searched for after the previous match. Good enough to put
 * an underline near the problem. */
function locate(text: string, segs: string[]): { from: number; to: number } {
  let pos = 0
  let last = { from: 0, to: Math.min(1, text.length) }
  for (const s of segs) {
    if (/^\d+$/.test(s)) continue // array index: stay on the array's key
    const i = text.indexOf(JSON.stringify(s), pos)
    if (i < 0) break
    last = { from: i, to: i + JSON.stringify(s).length }
    pos = last.to
  }
  return last
}
