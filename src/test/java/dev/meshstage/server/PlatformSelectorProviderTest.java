package dev.meshstage.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.spi.SelectorProvider;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformSelectorProviderTest {

    private static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
    private String before;

    @BeforeEach
    void save() {
        before = System.getProperty(PROPERTY);
        System.clearProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void namesTheProviderTheJdkWouldHaveTakenAnyway() {
        PlatformSelectorProvider.use();
        String named = System.getProperty(PROPERTY);
        if (System.getProperty("os.name").startsWith("Linux") || System.getProperty("os.name").startsWith("Mac")) {
            assertThat(named).isNotNull();
        }
        if (named != null) {
            // this JVM's provider was chosen without the property (or with the same one): the same class
            assertThat(SelectorProvider.provider().getClass().getName()).isEqualTo(named);
        }
    }

    @Test
    void leavesANamedProviderAlone() {
        System.setProperty(PROPERTY, "example.Provider");
        PlatformSelectorProvider.use();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("example.Provider");
    }
}
