package dev.provisioner.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A configured public URL wins over the Host header; without a token the API is closed; a default profile boots strays. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PublicUrlWithoutTokenTest {

    static final Path DATA = TestData.directory();

    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("publicUrl", "https://boot.example.net/pxe"),
            ConfigOverride.config("defaultProfile", "manager"));

    @Test
    void scriptsUseThePublicUrl() {
        String script = TestHttp.rawGet(APP.getLocalPort(), "/ipxe?mac=52-54-00-01-02-03", "internal-name:9999");
        assertThat(script).contains("with profile manager",
                "kernel --name vmlinuz https://boot.example.net/pxe/assets/flatcar/vmlinuz?mac=52-54-00-01-02-03")
                .doesNotContain("internal-name");
        assertThat(TestHttp.rawGet(APP.getLocalPort(), "/boot.ipxe", "internal-name:9999"))
                .contains("https://boot.example.net/pxe/ipxe?mac=${mac:hexhyp}");
    }

    @Test
    void withoutAConfiguredTokenTheApiRefusesEveryone() {
        for (Optional<String> token : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("null"))) {
            TestHttp client = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), token);
            assertThat(client.get("/api/v1/machines").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theAdminPortReportsHealth() {
        TestHttp admin = new TestHttp("http://127.0.0.1:" + APP.getAdminPort(), Optional.empty());
        var health = admin.get("/healthcheck");
        assertThat(health.body()).contains("\"data-directory\"", "2 profiles", "files with problems", "profiles/broken.yaml");
        assertThat(admin.get("/metrics").body()).contains("dev.provisioner.server.http.IpxeServlet.ipxe");
    }
}
