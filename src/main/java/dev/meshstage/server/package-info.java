/**
 * The background sim server of a meshstage home and its clients: one process serves the home's simulated
 * clusters and runs the command lines meshstage processes send it over a socket private to the home.
 * Everything here but {@link dev.meshstage.server.SimServer} is plain Java, so a one-shot command starts
 * without Spring.
 */
package dev.meshstage.server;
