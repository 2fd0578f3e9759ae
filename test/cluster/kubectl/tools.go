//go:build tools

// Package tools pins kubectl in its own module, at the control plane's
// Kubernetes version, so adding it does not change the control plane's build.
package tools

import _ "k8s.io/kubernetes/cmd/kubectl"
