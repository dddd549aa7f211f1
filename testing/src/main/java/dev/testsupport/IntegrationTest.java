package dev.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts a server or an emulator on loopback (moto, S3Proxy, DynamoDB Local, the local workspace,
 * the engine's or the console's HTTP server, a stub socket, headless chromium): tag {@value #TAG}.
 * Leave it out with {@code mvn test -DexcludedGroups=integration,e2e}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {
    String TAG = "integration";
}
