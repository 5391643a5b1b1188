/** Files of a home written whole or not at all (the sim's saved state, attached.json, attached clusters' Istio files). */
package dev.meshstage.files;
