package dev.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that drives whole workflows through the wired template, or {@code controlplane up} as a process:
 * tag {@value #TAG}. Run only these with {@code mvn test -Dgroups=e2e}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(EndToEndTest.TAG)
public @interface EndToEndTest {
    String TAG = "e2e";
}
