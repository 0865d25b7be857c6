// Command openapidoc prints the platform's OpenAPI document (what the sandbox
// serves at /api/v1/openapi.json) for scripts/check-openapi-client.sh.
package main

import (
	"os"

	"github.com/penguinmails/console/backend/sandbox/openapi"
)

func main() {
	if _, err := os.Stdout.Write(openapi.JSON()); err != nil {
		os.Exit(1)
	}
}
