package dev.provisioner.server.api;

import dev.provisioner.server.api.errors.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Refuses request bodies over the configured size with 413 before anything parses them. Bodies of the
 * operator API are small documents, so reading one into memory is cheaper than streaming it. It runs before
 * resource matching so that a body is read even when the request is refused (415, 404): a client that sent
 * its body in a separate packet can then keep using the connection.
 */
@PreMatching
public class BodyLimit implements ContainerRequestFilter {

    private final int maxBytes;

    public BodyLimit(long maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxBytes);
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        if (request.getLength() > maxBytes) {
            tooLarge(request);
            return;
        }
        InputStream body = request.getEntityStream();
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            tooLarge(request);
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(bytes));
    }

    private void tooLarge(ContainerRequestContext request) {
        request.abortWith(Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(413, "the request body is larger than " + maxBytes + " bytes",
                        List.of(ApiError.Detail.of("body", "too large")))).build());
    }
}
