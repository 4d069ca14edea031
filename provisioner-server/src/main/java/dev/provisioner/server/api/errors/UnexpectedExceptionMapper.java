package dev.provisioner.server.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bug: the stack trace goes to the log under an id, the caller gets the id and no internals. */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
        LOG.error("unexpected error {}", id, exception);
        return ErrorResponses.of(new ApiError(500, "internal error " + id + " (see the server log)", List.of()));
    }
}
