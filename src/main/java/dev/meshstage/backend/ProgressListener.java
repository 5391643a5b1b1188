package dev.meshstage.backend;

/** Receives per-cluster progress of a long step; the shell renders it live on a terminal, as lines when piped. */
@FunctionalInterface
public interface ProgressListener {

    void progress(String cluster, String message);

    ProgressListener NONE = (cluster, message) -> { };
}
