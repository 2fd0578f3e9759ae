//go:build tools

// Package tools pins kwok in its own module: kwok is released against its own
// Kubernetes client libraries, which need not match the control plane's.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
