package dev.meshstage.backend.kind;

/**
 * One tool as {@code tools check} found it. Pure data: empty strings stand for "none".
 *
 * @param tool        executable name, e.g. {@code kind}
 * @param found       whether it is on the PATH meshstage uses
 * @param location    its path when found
 * @param version     the version it reports, e.g. {@code v0.31.0}; empty when it could not tell
 * @param wanted      the version the workshop pins, if any
 * @param installHint one line on how to get it
 * @param problem     what went wrong asking it for its version (e.g. the docker daemon is not running)
 */
public record ToolsReport(String tool, boolean found, String location, String version, String wanted,
                          String installHint, String problem) {
}
