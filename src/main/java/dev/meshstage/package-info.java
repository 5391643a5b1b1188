/** meshstage: a shell that builds, explains and troubleshoots a multi-cluster Istio mesh (the workshop's two clusters, or more). */
package dev.meshstage;
