package dev.provisioner.server.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Every error body of the API: {@code {"code": 422, "message": "...", "details": [{"field": ..., "reason": ...}]}}. */
public record ApiError(int code, String message, List<Detail> details) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String field, String reason, String file, Integer line, Integer column) {

        public static Detail of(String field, String reason) {
            return new Detail(field, reason, null, null, null);
        }
    }
}
