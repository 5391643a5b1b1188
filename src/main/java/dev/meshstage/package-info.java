/** meshstage: a shell that builds, explains and troubleshoots a two-cluster Istio mesh. */
package dev.meshstage;
