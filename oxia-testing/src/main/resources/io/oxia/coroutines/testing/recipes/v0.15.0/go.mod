module oxia-server-build

go 1.25

require (
	github.com/oxia-db/oxia/common v0.15.0
	github.com/oxia-db/oxia/oxiad v0.0.0-20251125232015-a9521079bd70
	github.com/spf13/cobra v1.10.1
	sigs.k8s.io/yaml v1.6.0
)

// pebble v2.1.0 (used by oxiad v0.15.0) selects a swiss version whose runtime hooks are limited to Go < 1.26 by a build
// tag, so it does not compile with Go 1.26. This newer swiss differs only in that build tag (Go 1.20 to 1.27).
require github.com/cockroachdb/swiss v0.0.0-20260820225851-333444432258 // indirect

// Replace directives of dependencies are ignored, so this module pins the split Oxia modules of the v0.15.0 release
// itself: oxiad has no version tag (pseudo-version of the v0.15.0 commit a9521079bd70), common and oxia are tagged
// v0.15.0, and cmd is only a test dependency of oxiad (main.go takes the place of Oxia's command).
replace (
	github.com/oxia-db/oxia/cmd => github.com/oxia-db/oxia/cmd v0.0.0-20251121170122-7c84f6e6bbc3
	github.com/oxia-db/oxia/common => github.com/oxia-db/oxia/common v0.15.0
	github.com/oxia-db/oxia/oxia => github.com/oxia-db/oxia/oxia v0.15.0
	github.com/oxia-db/oxia/oxiad => github.com/oxia-db/oxia/oxiad v0.0.0-20251125232015-a9521079bd70
)
