//go:build tools

// Package tools pins the standalone kustomize in its own module, at the release
// kubectl's module brings, so the render tests run `kustomize build` as well as
// `kubectl kustomize`.
package tools

import _ "sigs.k8s.io/kustomize/kustomize/v5"
