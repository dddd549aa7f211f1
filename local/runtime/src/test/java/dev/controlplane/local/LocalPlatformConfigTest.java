package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config copy up makes under its data folder never deletes the config it copies. */
class LocalPlatformConfigTest {

    @TempDir
    Path dir;

    @Test
    void aDataFolderWhoseConfigCopyIsTheConfigItselfIsRefusedAndNothingIsDeleted() throws IOException {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (Stream<Path> files = Files.walk(Path.of("../../config").toAbsolutePath().normalize())) {
            Path root = Path.of("../../config").toAbsolutePath().normalize();
            for (Path f : files.toList()) {
                Path to = project.resolve("config").resolve(root.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        LocalPlatformConfig config = LocalPlatformConfig.load(project.resolve("config"));
        long before = count(project.resolve("config"));

        // --data naming the project folder (or --data= meaning the working directory there): DATA/config is config/
        assertThatThrownBy(() -> config.localCopy(project.resolve("config"), "http://127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would be the config folder");
        assertThatThrownBy(() -> config.localCopy(project, "http://127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("or hold it");
        assertThat(count(project.resolve("config"))).isEqualTo(before).isGreaterThan(3);

        Path copy = config.localCopy(dir.resolve("data/config"), "http://127.0.0.1:1");
        assertThat(Files.readString(copy.resolve("teams/data-eng.json"))).contains("http://127.0.0.1:1");
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
