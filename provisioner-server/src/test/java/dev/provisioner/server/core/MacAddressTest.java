package dev.provisioner.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd:ef", "52-54-00-AB-CD-EF", "5254.00ab.cdef", "525400ABCDEF", " 52:54:00:Ab:cD:eF "})
    void acceptsEveryCommonSpellingAndNormalisesIt(String text) {
        MacAddress mac = MacAddress.parse(text).orElseThrow();
        assertThat(mac.value()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(mac.hyphenated()).isEqualTo("52-54-00-ab-cd-ef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "52:54:00:ab:cd", "52:54:00:ab:cd:ef:01", "52:54-00:ab:cd:ef", "5254.00ab.cdeg",
            "52545400abcdef", "../../etc", "52:54:00:ab:cd:e"})
    void refusesAnythingElse(String text) {
        assertThat(MacAddress.parse(text)).isEmpty();
    }

    @Test
    void readsTheSixOctetsOfAHardwareAddress() {
        assertThat(MacAddress.of(new byte[] {0x52, 0x54, 0, (byte) 0xab, (byte) 0xcd, (byte) 0xef}).value())
                .isEqualTo("52:54:00:ab:cd:ef");
        assertThatThrownBy(() -> MacAddress.of(new byte[16])).hasMessageContaining("6 octets, not 16");
    }
}
