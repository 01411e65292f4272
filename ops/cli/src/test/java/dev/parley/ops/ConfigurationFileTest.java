package dev.parley.ops;

import dev.parley.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationFileTest {
    private static final Path SHIPPED = Path.of("../parley.properties");

    @Test
    void shouldDocumentEverySettingInTheShippedConfigurationFile() throws Exception {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(SHIPPED)) {
            file.load(reader);
        }
        Set<String> declared = AllSettings.ALL.stream().map(Setting::key).collect(Collectors.toSet());
        assertEquals(declared, file.stringPropertyNames(), "ops/parley.properties lists exactly the declared settings;"
                + " regenerate it with: ops/parley config");
        String text = Files.readString(SHIPPED);
        for (Setting<?> setting : AllSettings.ALL) {
            assertTrue(text.contains("# " + setting.doc() + "\n"), "documentation of " + setting.key());
        }
    }
}
