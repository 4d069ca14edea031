package dev.provisioner.server.api.errors;

import dev.provisioner.server.core.InvalidMachineException;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.MachineNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/** The core's refusals as API errors: broken rules are 422, a taken MAC is 409, an unknown one 404. */
public final class DomainExceptionMappers {

    private DomainExceptionMappers() {
    }

    public static class InvalidMachine implements ExceptionMapper<InvalidMachineException> {
        @Override
        public Response toResponse(InvalidMachineException exception) {
            List<ApiError.Detail> details = exception.violations().stream()
                    .map(v -> ApiError.Detail.of(v.field(), v.reason())).toList();
            return ErrorResponses.of(new ApiError(422, "the machine is not valid", details));
        }
    }

    public static class MachineExists implements ExceptionMapper<MachineExistsException> {
        @Override
        public Response toResponse(MachineExistsException exception) {
            return ErrorResponses.of(new ApiError(409, exception.getMessage(),
                    List.of(ApiError.Detail.of("mac", "already registered; use PUT or PATCH to change it"))));
        }
    }

    public static class MachineNotFound implements ExceptionMapper<MachineNotFoundException> {
        @Override
        public Response toResponse(MachineNotFoundException exception) {
            return ErrorResponses.of(new ApiError(404, exception.getMessage(), List.of()));
        }
    }
}
