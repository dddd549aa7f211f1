package dev.controlplane.local;

import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The functions' built packages, each in a class loader of its own, as Lambda gives each function a runtime of its
 * own: a handler sees its package's jars and the JDK, nothing of this process's class path, so a class or resource
 * missing from a package fails here as it would in AWS. Only the Lambda runtime interfaces ({@code
 * com.amazonaws.services.lambda.runtime}: the handler and context types through which the runtime calls a handler)
 * are this process's, as they are the Lambda runtime's. A function whose template does not say how it is built is
 * served from this process's class path.
 */
final class FunctionPackages implements AutoCloseable {
    private static final ClassLoader HOST = FunctionPackages.class.getClassLoader();
    private static final String RUNTIME_PACKAGE = "com.amazonaws.services.lambda.runtime.";

    private final Map<Path, PackageClassLoader> loaders = new ConcurrentHashMap<>();

    /**
     * Why the function cannot be loaded (its package not built, or its handler class not in it or not on up's class
     * path), or null when it can.
     */
    String unloadable(LocalTemplate.Function f) {
        if (f.packageDirectory() != null && ((URLClassLoader) loaderOf(f)).getURLs().length == 0) {
            return "its package " + f.packageDirectory().resolve("lib") + " is not built (sam build's makefile builds it; so do "
                    + "./controlplane up and functions/packages/build " + packageName(f) + ")";
        }
        if (handlerClass(f) == null) {
            return "handler class " + f.handlerClass() + " is not " + (f.packageDirectory() == null
                    ? "on the class path of controlplane up" : "in its package " + f.packageDirectory().resolve("lib"));
        }
        return null;
    }

    /** The handler class, loaded (not initialised) from the function's package; null when it is not there. */
    Class<?> handlerClass(LocalTemplate.Function f) {
        try {
            return Class.forName(f.handlerClass(), false, loaderOf(f));
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The function's package by name, for the start-up summary. */
    String describe(LocalTemplate.Function f) {
        return f.packageDirectory() == null ? "up's class path" : packageName(f);
    }

    /** The class loader a function's code runs in: its package's, or this process's without one. */
    ClassLoader loaderOf(LocalTemplate.Function f) {
        if (f.packageDirectory() == null) return HOST;
        return loaders.computeIfAbsent(f.packageDirectory(), dir -> new PackageClassLoader(packageName(f), jars(dir.resolve("lib"))));
    }

    private static String packageName(LocalTemplate.Function f) {
        return f.packageDirectory().getParent().getParent().getFileName().toString();
    }

    private static URL[] jars(Path lib) {
        if (!Files.isDirectory(lib)) return new URL[0];
        try (Stream<Path> files = Files.list(lib)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(lib.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (PackageClassLoader loader : loaders.values()) {
            try {
                loader.close();
            } catch (IOException e) {
                // the jars stay open until exit: nothing is lost
            }
        }
        loaders.clear();
    }

    /** A package's jars over the JDK, with the Lambda runtime interfaces shared with this process. */
    static final class PackageClassLoader extends URLClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        PackageClassLoader(String name, URL[] jars) {
            super("package " + name, jars, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (isRuntimeInterface(name)) return HOST.loadClass(name);
            return super.loadClass(name, resolve);
        }

        /** The types the Lambda runtime hands a handler: the runtime package and its logging package, not events. */
        static boolean isRuntimeInterface(String name) {
            if (!name.startsWith(RUNTIME_PACKAGE)) return false;
            String rest = name.substring(RUNTIME_PACKAGE.length());
            return rest.indexOf('.') < 0 || rest.startsWith("logging.") && rest.indexOf('.', "logging.".length()) < 0;
        }
    }
}
