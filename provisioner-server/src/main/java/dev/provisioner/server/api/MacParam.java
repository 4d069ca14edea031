package dev.provisioner.server.api;

import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.core.MacAddress;
import java.util.List;

/** A MAC address taken from a URL path, in any common spelling. */
final class MacParam {

    private MacParam() {
    }

    static MacAddress parse(String text) {
        return MacAddress.parse(text).orElseThrow(() -> new ApiException(400, "not a MAC address: '" + text + "'",
                List.of(ApiError.Detail.of("mac", "use 52:54:00:12:34:56, 52-54-00-12-34-56, 5254.0012.3456 or 525400123456"))));
    }
}
