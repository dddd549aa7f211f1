package dev.controlplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.controlplane.local.packaged.PackagedHandler;
import dev.controlplane.local.template.LocalTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions run from their own packages: what a package lacks is missing, what up has is not seen. */
class FunctionPackagesTest {
    static final String HANDLER = "dev.controlplane.local.packaged.PackagedHandler";
    static final String GREETING = "dev.controlplane.local.packaged.PackagedGreeting";

    @TempDir
    Path dir;

    /** A package folder as sam build leaves it: {@code lib/*.jar}, here one jar of the given classes. */
    Path packageOf(String name, String... classes) throws Exception {
        Path lib = dir.resolve(name).resolve("target/package/lib");
        Files.createDirectories(lib);
        try (OutputStream file = Files.newOutputStream(lib.resolve("code.jar")); JarOutputStream jar = new JarOutputStream(file)) {
            for (String c : classes) {
                String entry = c.replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return lib.getParent();
    }

    static LocalTemplate.Function function(Path packageDirectory) {
        return new LocalTemplate.Function("PackagedFunction", "packaged", "arn:aws:lambda:eu-west-1:111111111111:function:packaged",
                "java21", HANDLER, "handleRequest", 512, 30, Map.of(), null, packageDirectory);
    }

    static String invoke(Class<?> type, ClassLoader loader) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) type.getConstructor(Map.class).newInstance(Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            handler.handleRequest(new ByteArrayInputStream(new byte[0]), out, null);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHandlerRunsFromItsPackageAndSeesNothingOfUpsClassPath() throws Exception {
        try (FunctionPackages packages = new FunctionPackages()) {
            LocalTemplate.Function f = function(packageOf("whole", HANDLER, GREETING));
            assertThat(packages.unloadable(f)).isNull();
            Class<?> type = packages.handlerClass(f);
            assertThat(type).isNotNull().isNotSameAs(PackagedHandler.class);
            assertThat(type.getClassLoader()).isSameAs(packages.loaderOf(f));
            assertThat(RequestStreamHandler.class.isAssignableFrom(type)).as("the runtime interfaces are shared").isTrue();
            assertThat(invoke(type, packages.loaderOf(f)))
                    .isEqualTo("hello from the package loader=package whole context=package whole sees-runtime=false");
        }
    }

    @Test
    void aClassMissingFromThePackageFailsAsInLambdaThoughUpHasIt() throws Exception {
        try (FunctionPackages packages = new FunctionPackages()) {
            LocalTemplate.Function f = function(packageOf("partial", HANDLER));
            Class<?> type = packages.handlerClass(f);
            assertThat(type).as("the handler class itself is there").isNotNull();
            assertThatThrownBy(() -> invoke(type, packages.loaderOf(f)))
                    .isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("dev/controlplane/local/packaged/PackagedGreeting");
        }
    }

    @Test
    void anUnbuiltPackageOrAHandlerNotInItIsNamed() throws Exception {
        try (FunctionPackages packages = new FunctionPackages()) {
            LocalTemplate.Function unbuilt = function(dir.resolve("never-built/target/package"));
            assertThat(packages.unloadable(unbuilt)).contains("its package " + dir.resolve("never-built/target/package/lib") + " is not built")
                    .contains("functions/packages/build never-built");
            LocalTemplate.Function other = function(packageOf("other", GREETING));
            assertThat(packages.handlerClass(other)).isNull();
            assertThat(packages.unloadable(other))
                    .isEqualTo("handler class " + HANDLER + " is not in its package " + dir.resolve("other/target/package/lib"));
        }
    }

    @Test
    void onlyTheLambdaRuntimeInterfacesAreShared() {
        assertThat(List.of("com.amazonaws.services.lambda.runtime.Context", "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
                "com.amazonaws.services.lambda.runtime.logging.LogLevel"))
                .allMatch(FunctionPackages.PackageClassLoader::isRuntimeInterface);
        assertThat(List.of("com.amazonaws.services.lambda.runtime.events.S3Event", "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
                "dev.controlplane.handlers.SubmitRunHandler", "com.fasterxml.jackson.databind.ObjectMapper"))
                .noneMatch(FunctionPackages.PackageClassLoader::isRuntimeInterface);
    }
}
