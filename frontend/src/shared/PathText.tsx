// An API path that may wrap in a narrow column: it breaks before a slash
// ("/api/v1/emails" then "/{id}"), never inside a segment unless that one
// segment is wider than the column on its own.
import { Fragment } from 'react'

export default function PathText({ path }: { path: string }) {
  const parts = path.split('/')
  return (
    <span style={{ overflowWrap: 'anywhere' }} data-testid="path-text">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && '/'}
          {i > 0 && i < parts.length - 1 ? (
            <>
              {p}
              <wbr />
            </>
          ) : (
            p
          )}
        </Fragment>
      ))}
    </span>
  )
}
