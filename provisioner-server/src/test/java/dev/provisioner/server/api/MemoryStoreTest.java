package dev.provisioner.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisioner.server.ProvisionerConfiguration;
import dev.provisioner.server.TestHttp;
import dev.provisioner.server.store.FilesStoreFactory;
import dev.provisioner.server.store.MemoryStoreFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code store: {type: memory}}: the whole application on the in-memory store, and the block's parsing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MemoryStoreTest {

    static final Path DATA = TestData.directory();
    static final DropwizardAppExtension<ProvisionerConfiguration> APP = TestData.app(DATA,
            ConfigOverride.config("apiToken", "memory-token"), ConfigOverride.config("store.type", "memory"));

    @Test
    void machinesRegisteredThroughTheApiBootAndNothingIsWritten() throws Exception {
        TestHttp http = new TestHttp("http://127.0.0.1:" + APP.getLocalPort(), Optional.of("memory-token"));
        assertThat(http.json("POST", "/api/v1/machines",
                "{\"mac\":\"52:54:00:aa:00:01\",\"hostname\":\"mem-1\",\"profile\":\"worker\"}").statusCode()).isEqualTo(201);
        assertThat(http.get("/ipxe?mac=52-54-00-aa-00-01").body()).contains("(mem-1) with profile worker");
        try (Stream<Path> files = Files.list(DATA.resolve("machines"))) {
            assertThat(files).isEmpty();
        }
    }

    private static ProvisionerConfiguration parse(String yaml) throws Exception {
        YamlConfigurationFactory<ProvisionerConfiguration> factory = new YamlConfigurationFactory<>(
                ProvisionerConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "memory-store-test");
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }

    @Test
    void theStoreBlockIsChosenByItsTypeAndFilesIsTheDefault() throws Exception {
        assertThat(parse("dataDir: x\n").getStore()).isInstanceOf(FilesStoreFactory.class);
        assertThat(parse("store:\n  type: memory\n").getStore()).isInstanceOf(MemoryStoreFactory.class);
        assertThatThrownBy(() -> parse("store:\n  type: etc\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("store").hasMessageContaining("files").hasMessageContaining("memory");
    }
}
