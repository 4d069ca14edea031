package dev.provisioner.server.auth;

import dev.provisioner.server.api.errors.ApiError;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** 401 in the API's error shape, with the challenge clients need. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, "a valid operator token is required: Authorization: Bearer <token>",
                        List.of(ApiError.Detail.of("Authorization", "missing or wrong token"))))
                .build();
    }
}
