//go:build tools

// Package tools pins helm in its own module, so its Kubernetes libraries do not
// change the control plane's build. The render tests run `helm template` with it.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
