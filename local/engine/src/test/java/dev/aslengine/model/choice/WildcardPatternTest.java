package dev.aslengine.model.choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WildcardPatternTest {
    private static boolean matches(String pattern, String text) {
        return WildcardPattern.compile(pattern).matches(text);
    }

    @Test
    void theSpecExamplesMatch() {
        assertThat(matches("foo*.log", "foo23.log")).isTrue();
        assertThat(matches("*.log", "zebra.log")).isTrue();
        assertThat(matches("foo*.*", "foobar.zebra")).isTrue();
    }

    @Test
    void withoutWildcardsTheWholeTextMustBeEqual() {
        assertThat(matches("abc", "abc")).isTrue();
        assertThat(matches("abc", "abcd")).isFalse();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "a")).isFalse();
    }

    @Test
    void wildcardsMatchEmptyRunsAndBacktrackAcrossRepeats() {
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("**", "x")).isTrue();
        assertThat(matches("a*a", "a")).isFalse();
        assertThat(matches("a*a", "aa")).isTrue();
        assertThat(matches("*ab*ab", "xabyab")).isTrue();
        assertThat(matches("*ab*ab", "xab")).isFalse();
        assertThat(matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(matches("a*b*c", "acb")).isFalse();
        assertThat(matches("*aa", "aaa")).isTrue();
    }

    @Test
    void escapesMakeAsteriskAndBackslashLiteral() {
        assertThat(matches("a\\*", "a*")).isTrue();
        assertThat(matches("a\\*", "ab")).isFalse();
        assertThat(matches("a\\\\*", "a\\anything")).isTrue();
        assertThat(matches("a\\\\*", "aanything")).isFalse();
        assertThat(matches("\\*\\\\", "*\\")).isTrue();
    }

    @Test
    void anEscapedOrdinaryCharacterStandsForItself() {
        assertThat(matches("a\\bc", "abc")).isTrue();
    }

    @Test
    void anOpenEscapeAtTheEndIsRefused() {
        assertThatThrownBy(() -> WildcardPattern.compile("abc\\"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("open escape");
    }
}
