package dev.provisioner.server.api.errors;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/** The container's own refusals (no such path, wrong method or content type) in the API's error shape. */
public class WebExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        String message;
        List<ApiError.Detail> details = List.of();
        if (exception instanceof NotSupportedException) {
            message = "unsupported Content-Type";
            details = List.of(ApiError.Detail.of("Content-Type", "send application/json"
                    + " (PATCH also takes application/merge-patch+json)"));
        } else if (exception instanceof NotFoundException) {
            message = "no such resource";
        } else if (exception instanceof NotAllowedException) {
            message = "method not allowed";
        } else {
            message = Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase() : "request refused";
        }
        // keep the container's headers (Allow, WWW-Authenticate), replace only the body
        return Response.fromResponse(exception.getResponse()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, message, details)).build();
    }
}
