// Every failure of a Go call arrives as an ApiError: the platform's code and
// its words (SPEC §2.1), which the UI shows as they are.
export interface ApiErrorShape {
  status?: number
  code: string
  message: string
  fields?: Record<string, string>
  retry_after?: number
  required?: string[]
  upgrade_url?: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string>
  readonly retryAfter: number
  readonly required: string[]
  readonly upgradeUrl: string

  constructor(shape: ApiErrorShape) {
    super(shape.message)
    this.name = 'ApiError'
    this.status = shape.status ?? 0
    this.code = shape.code
    this.fields = shape.fields ?? {}
    this.retryAfter = shape.retry_after ?? 0
    this.required = shape.required ?? []
    this.upgradeUrl = shape.upgrade_url ?? ''
  }

  /** Parses whatever the transport rejected with: the JSON of a Go UIError,
   * an {error:{…}} bridge body, or a plain string. */
  static from(raw: unknown): ApiError {
    if (raw instanceof ApiError) return raw
    if (raw && typeof raw === 'object' && 'code' in raw && 'message' in raw) {
      return new ApiError(raw as ApiErrorShape)
    }
    const text = raw instanceof Error ? raw.message : String(raw)
    try {
      const parsed = JSON.parse(text) as Partial<ApiErrorShape>
      if (parsed && typeof parsed.code === 'string' && typeof parsed.message === 'string') {
        return new ApiError(parsed as ApiErrorShape)
      }
    } catch {
      /* not JSON: fall through */
    }
    return new ApiError({ code: 'internal', message: text || 'Something went wrong. Try again.' })
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError

/** The one error message to show for e, in the product's words. */
export function errorMessage(e: unknown): string {
  return ApiError.from(e).message
}
