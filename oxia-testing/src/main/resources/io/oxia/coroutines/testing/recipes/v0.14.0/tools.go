//go:build tools

// Package tools makes the Oxia command a dependency of this throwaway module, so that `go mod tidy` resolves it.
package tools

import _ "github.com/oxia-db/oxia/cmd"
