package dev.provisioner.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A swarm machine's config over HTTP, bound to the boot attempt its script opened: from the attempt's address with
 * the signed URL only. 127.0.0.2 plays a second machine on the network (the kernel answers loopback for all 127/8).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BootAttemptHttpTest {

    private static final String TOKEN = "attempt-test-admin-token";
    private static final String WORKER_TOKEN = "SWMTKN-1-" + "a".repeat(50) + "-" + "w".repeat(25);
    private static final String MAC = "52-54-00-5e-00-01";
    static final Path DATA = data();
    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", TOKEN),
            ConfigOverride.config("swarm.workerToken", WORKER_TOKEN),
            ConfigOverride.config("swarm.managers", "10.0.0.1:2377"));

    private static Path data() {
        Path data = TestData.directory();
        try {
            Files.createDirectories(data.resolve("configs"));
            Files.writeString(data.resolve("configs/node.yaml"), "passwd: {}\n");
            Files.writeString(data.resolve("profiles/swarmed.yaml"),
                    "boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\nswarm:\n  role: worker\n");
            Files.writeString(data.resolve("machines/" + MAC + ".yaml"), "hostname: signed-1\nprofile: swarmed\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    private static String[] from(String address, String path) {
        return TestHttp.getFrom(address, APP.getLocalPort(), path);
    }

    private static String signedOemPath(String script) {
        Matcher oem = Pattern.compile("http://[^/]+(/oem/\\S+) \\|\\| goto failed").matcher(script);
        assertThat(oem.find()).as(script).isTrue();
        return oem.group(1);
    }

    @Test
    void theConfigGoesToTheAttemptsAddressOnlyAndASecondAskerIsAConflictUntilCleared() {
        // unsigned: refused, whoever asks
        assertThat(from("127.0.0.1", "/ignition?mac=" + MAC)[0]).isEqualTo("403");

        String oem = signedOemPath(from("127.0.0.1", "/ipxe?mac=" + MAC)[1]);
        assertThat(oem).startsWith("/oem/" + MAC + ".cpio.gz?attempt=");
        assertThat(from("127.0.0.1", oem)[0]).isEqualTo("200");
        String query = oem.substring(oem.indexOf('?') + 1);
        String[] ignition = from("127.0.0.1", "/ignition?mac=" + MAC + "&" + query);
        assertThat(ignition[0]).isEqualTo("200");
        // the config carries a one-time enrollment instead of the token; the token comes once, for it
        assertThat(ignition[1]).doesNotContain(WORKER_TOKEN);
        java.util.regex.Matcher credential = Pattern.compile("credential=([A-Za-z0-9._-]+)").matcher(ignition[1]);
        assertThat(credential.find()).isTrue();
        TestHttp machine = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.empty());
        String form = "credential=" + credential.group(1);
        var granted = machine.send("POST", "/enroll", "application/x-www-form-urlencoded", form);
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.body()).isEqualTo(WORKER_TOKEN + " 10.0.0.1:2377\n");
        var replayed = machine.send("POST", "/enroll", "application/x-www-form-urlencoded", form);
        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.body()).contains("already used").doesNotContain(WORKER_TOKEN);
        assertThat(machine.send("POST", "/enroll", "application/x-www-form-urlencoded", "credential=made-up").statusCode())
                .isEqualTo(403);

        // the same URL from another address: refused, and no token in the answer
        String[] stolen = from("127.0.0.2", oem);
        assertThat(stolen[0]).isEqualTo("403");
        assertThat(stolen[1]).contains("bound to another address").doesNotContain(WORKER_TOKEN);
        assertThat(from("127.0.0.2", "/ignition?mac=" + MAC + "&" + query)[0]).isEqualTo("403");
        // a tampered signature
        assertThat(from("127.0.0.1", oem.substring(0, oem.length() - 2) + "xx")[0]).isEqualTo("403");

        // a second boot from elsewhere: told why, no signed URL
        String conflict = from("127.0.0.2", "/ipxe?mac=" + MAC)[1];
        assertThat(conflict).contains("is booting from another address").doesNotContain("attempt=", "booted from");

        // the operator clears it; the next boot may come from the new address, and the old URL is dead
        TestHttp admin = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of(TOKEN));
        var cleared = admin.send("DELETE", "/api/v1/machines/" + MAC + "/attempt", null, null);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.body()).contains("\"cleared\":true");
        String moved = signedOemPath(from("127.0.0.2", "/ipxe?mac=" + MAC)[1]);
        assertThat(from("127.0.0.2", moved)[0]).isEqualTo("200");
        assertThat(from("127.0.0.1", oem)[0]).isEqualTo("403");

        assertThat(admin.get("/api/v1/machines/" + MAC + "/events").body())
                .contains("\"outcome\":\"forbidden\"", "\"outcome\":\"conflict\"", "\"kind\":\"enrollment\"")
                .doesNotContain(WORKER_TOKEN);
        assertThat(admin.get("/api/v1/audit").body()).contains("\"action\":\"clear-attempt\"");
        String metrics = new TestHttp("http://127.0.0.1:" + APP.getAdminPort(), Optional.empty()).get("/metrics").body();
        assertThat(metrics).contains("\"boot.events.ipxe_script.conflict\":{\"count\":1", "\"boot.events.oem_archive.forbidden\"")
                .doesNotContain(MAC, "127.0.0.2");
    }
}
