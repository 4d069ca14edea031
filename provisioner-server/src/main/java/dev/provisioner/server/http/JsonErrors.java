package dev.provisioner.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.api.errors.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The API's error shape, written by the plain servlets and filters that answer outside Jersey. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static void write(HttpServletResponse response, ObjectMapper json, int status, String message,
                             List<ApiError.Detail> details) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), new ApiError(status, message, details));
    }
}
