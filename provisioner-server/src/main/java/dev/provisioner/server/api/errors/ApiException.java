package dev.provisioner.server.api.errors;

import java.util.List;

/** A refusal with its HTTP status, for the mapper to turn into an {@link ApiError}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient List<ApiError.Detail> details;

    public ApiException(int status, String message, List<ApiError.Detail> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public ApiException(ApiError error) {
        this(error.code(), error.message(), error.details());
    }

    public ApiError toError() {
        return new ApiError(status, getMessage(), details);
    }
}
