package dev.controlplane.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyGlobTest {

    @Test
    void doubleStarCrossesFoldersAndAlsoMatchesNoFolder() {
        KeyGlob glob = KeyGlob.of("**/*.parquet");

        assertThat(glob.matches("part-0.parquet")).isTrue();
        assertThat(glob.matches("2025/05/part-0.parquet")).isTrue();
        assertThat(glob.matches("2025/05/part-0.parquet.crc")).isFalse();
    }

    @Test
    void aLoneDoubleStarMatchesEveryKeyAsItsRegexWould() {
        KeyGlob everything = KeyGlob.of("**");
        KeyGlob almost = KeyGlob.of("**/*");

        assertThat(everything.matchesEverything()).isTrue();
        assertThat(almost.matchesEverything()).isFalse();
        for (String key : new String[] {"a", "a/b/c.parquet", "", "line\nbreak", "é/ü ?*.json", "/lead"}) {
            assertThat(everything.matches(key)).as(key).isTrue();
        }
        assertThat(almost.matches("a/b")).isTrue();
    }

    @Test
    void singleStarStaysWithinOneFolder() {
        KeyGlob glob = KeyGlob.of("dt=*/data.csv");

        assertThat(glob.matches("dt=2025-05-01/data.csv")).isTrue();
        assertThat(glob.matches("dt=2025-05-01/hour=1/data.csv")).isFalse();
    }

    @Test
    void questionMarkIsOneCharacterOtherThanSlash() {
        KeyGlob glob = KeyGlob.of("v?/x");

        assertThat(glob.matches("v1/x")).isTrue();
        assertThat(glob.matches("v10/x")).isFalse();
        assertThat(glob.matches("v//x")).isFalse();
    }

    @Test
    void folderGlobMatchesEverythingUnderItAndRegexCharactersAreLiteral() {
        assertThat(KeyGlob.of("_tmp/**").matches("_tmp/a/b.json")).isTrue();
        assertThat(KeyGlob.of("_tmp/**").matches("x/_tmp/a")).isFalse();
        assertThat(KeyGlob.of("**/_temporary/**").matches("a/_temporary/0/part")).isTrue();
        assertThat(KeyGlob.of("a+b(1).json").matches("a+b(1).json")).isTrue();
        assertThat(KeyGlob.of("a+b(1).json").matches("aab(1)xjson")).isFalse();
    }

    @Test
    void emptyOrAbsoluteGlobIsRefused() {
        assertThat(KeyGlob.problem("")).isPresent();
        assertThat(KeyGlob.problem("/data/**")).contains("starts with '/' (keys are relative to the prefix)");
        assertThatThrownBy(() -> KeyGlob.of("***")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'***'");
    }
}
