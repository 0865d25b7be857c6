// The browser's url shim must make httpsnippet write what it writes under
// Node (where the Go test runs every snippet for real). The expectations
// are Node 20's own url.parse/url.format answers for the same input.
import { describe, expect, it } from 'vitest'
import { format, parse } from './nodeUrlShim'

const cases = [
  {
    "url": "http://127.0.0.1:8787/api/v1/emails/send",
    "pick": {
      "protocol": "http:",
      "host": "127.0.0.1:8787",
      "port": "8787",
      "hostname": "127.0.0.1",
      "pathname": "/api/v1/emails/send",
      "path": "/api/v1/emails/send",
      "search": null,
      "hash": null
    },
    "query": {},
    "bare": "http://127.0.0.1:8787/api/v1/emails/send",
    "withSearch": "http://127.0.0.1:8787/api/v1/emails/send?x=1&y=2"
  },
  {
    "url": "https://api.penguinmails.example/api/v1/contacts?limit=10&tag=a&tag=b",
    "pick": {
      "protocol": "https:",
      "host": "api.penguinmails.example",
      "port": null,
      "hostname": "api.penguinmails.example",
      "pathname": "/api/v1/contacts",
      "path": "/api/v1/contacts?limit=10&tag=a&tag=b",
      "search": "?limit=10&tag=a&tag=b",
      "hash": null
    },
    "query": {
      "limit": "10",
      "tag": [
        "a",
        "b"
      ]
    },
    "bare": "https://api.penguinmails.example/api/v1/contacts",
    "withSearch": "https://api.penguinmails.example/api/v1/contacts?x=1&y=2"
  },
  {
    "url": "http://localhost:1/api/v1/contacts/a%40b.c?q=hello%20world#frag",
    "pick": {
      "protocol": "http:",
      "host": "localhost:1",
      "port": "1",
      "hostname": "localhost",
      "pathname": "/api/v1/contacts/a%40b.c",
      "path": "/api/v1/contacts/a%40b.c?q=hello%20world",
      "search": "?q=hello%20world",
      "hash": "#frag"
    },
    "query": {
      "q": "hello world"
    },
    "bare": "http://localhost:1/api/v1/contacts/a%40b.c#frag",
    "withSearch": "http://localhost:1/api/v1/contacts/a%40b.c?x=1&y=2#frag"
  }
]

describe('nodeUrlShim', () => {
  for (const c of cases) {
    it(`parses and formats ${c.url} like Node`, () => {
      const ours = parse(c.url, true)
      for (const [k, v] of Object.entries(c.pick)) expect(ours[k as keyof typeof ours], k).toBe(v)
      expect(ours.query).toEqual(c.query)
      expect(format({ ...ours, query: null, search: null })).toBe(c.bare)
      expect(format({ ...ours, search: 'x=1&y=2', path: `${ours.pathname}?x=1&y=2` })).toBe(c.withSearch)
    })
  }
})
