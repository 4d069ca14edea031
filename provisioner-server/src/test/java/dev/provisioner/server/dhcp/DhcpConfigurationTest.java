package dev.provisioner.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.links.ServerUrls;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each PROVISIONER_DHCP_* combination gives, and the one-line errors of those that cannot work. */
class DhcpConfigurationTest {

    private static final ServerUrls URLS = new ServerUrls(Optional.empty(), 8080);

    private static DhcpConfiguration config(String mode, String bind, String address) {
        DhcpConfiguration config = new DhcpConfiguration();
        config.setMode(mode);
        config.setBind(bind);
        config.setAddress(address);
        return config;
    }

    @Test
    void offByDefaultAndWhenBlank() {
        assertThat(new DhcpConfiguration().build(null, URLS, new MetricRegistry())).isEmpty();
        assertThat(config("", "10.0.0.1", null).build(null, URLS, new MetricRegistry())).isEmpty();
        assertThat(config("proxy", "10.0.0.1", null).build(null, URLS, new MetricRegistry())).isPresent();
    }

    @Test
    void settingsThatCannotWorkAreRefusedByName() {
        assertThatThrownBy(() -> config("false", "10.0.0.1", null).build(null, URLS, new MetricRegistry()))
                .hasMessage("PROVISIONER_DHCP_MODE is off, proxy or reservation, not 'false'");
        assertThatThrownBy(() -> config("proxy", "0.0.0.0", null).build(null, URLS, new MetricRegistry()))
                .hasMessageContaining("set PROVISIONER_BIND to the provisioning interface's address");
        assertThatThrownBy(() -> config("proxy", "0.0.0.0", "999.1.1.1").build(null, URLS, new MetricRegistry()))
                .hasMessageContaining("PROVISIONER_DHCP_ADDRESS must be an IPv4 address");
        assertThatThrownBy(() -> config("proxy", "boot.example", null).build(null, URLS, new MetricRegistry()))
                .hasMessageContaining("PROVISIONER_BIND must be an IPv4 address");
        DhcpConfiguration samePorts = config("proxy", "10.0.0.1", null);
        samePorts.setPxePort(67);
        assertThatThrownBy(() -> samePorts.build(null, URLS, new MetricRegistry())).hasMessageContaining("must differ");
        DhcpConfiguration noPort = config("proxy", "10.0.0.1", null);
        noPort.setPort(0);
        assertThatThrownBy(() -> noPort.build(null, URLS, new MetricRegistry())).hasMessageContaining("1 to 65535");
        DhcpConfiguration answer = config("proxy", "10.0.0.1", null);
        answer.setAnswer("some");
        assertThatThrownBy(() -> answer.build(null, URLS, new MetricRegistry()))
                .hasMessage("PROVISIONER_DHCP_ANSWER is registered or any, not 'some'");
    }
}
