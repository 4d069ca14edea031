package dev.provisioner.server.api.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.stream.Collectors;

/** A body that is not JSON, or JSON of the wrong shape: 400 naming the field and where it is. */
public class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return ErrorResponses.of(describe(exception));
    }

    public static ApiError describe(JsonProcessingException exception) {
        JsonLocation location = exception.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping);
            String reason;
            if (mapping instanceof UnrecognizedPropertyException) {
                reason = "unknown field";
            } else if (mapping instanceof InvalidFormatException || mapping instanceof MismatchedInputException) {
                reason = "wrong type: expected " + expected(mapping);
            } else {
                reason = "invalid value";
            }
            return new ApiError(400, "the request body does not match the expected document" + where,
                    List.of(ApiError.Detail.of(field, reason)));
        }
        return new ApiError(400, "the request body is not valid JSON" + where,
                List.of(ApiError.Detail.of("body", exception.getOriginalMessage())));
    }

    private static String field(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(JsonMappingException mapping) {
        if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            Class<?> type = mismatched.getTargetType();
            if (java.util.Map.class.isAssignableFrom(type)) {
                return "an object";
            }
            if (java.util.Collection.class.isAssignableFrom(type)) {
                return "an array";
            }
            return type == String.class ? "a string" : type.getSimpleName();
        }
        return "another type";
    }
}
