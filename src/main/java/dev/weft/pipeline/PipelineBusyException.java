package dev.weft.pipeline;

import dev.weft.WeftException;

/** A pipeline run was asked for while one is in progress in this process. */
public class PipelineBusyException extends WeftException {

    public PipelineBusyException() {
        super("a pipeline run is in progress; wait for it to end (weft pipeline runs)");
    }
}
