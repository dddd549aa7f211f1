package dev.controlplane.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aslengine.integration.lambda.LambdaFunctions;
import dev.controlplane.local.iam.LocalIam;
import dev.controlplane.local.template.LocalTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's functions in this JVM: each handler class loaded from its built package ({@link FunctionPackages})
 * and instantiated on its first invocation (as a Lambda cold start would) through its {@code (Map<String, String>
 * environment)} constructor, with its environment: the template's Environment Variables and the local endpoints.
 * A handler without that constructor, or a package that is not built, is refused at start-up.
 */
public final class FunctionHost implements FunctionInvoker {
    private final LambdaFunctions lambdas;

    private FunctionHost(LambdaFunctions lambdas) {
        this.lambdas = lambdas;
    }

    /**
     * @param local the variables every function gets on top of its own (AWS_ENDPOINT_URL, AWS_REGION, ...)
     * @param iam   gives each function the credentials of its role, as Lambda does
     * @throws IllegalArgumentException naming each function whose handler class cannot be served
     */
    static FunctionHost of(LocalTemplate template, FunctionPackages packages, Map<String, String> local, LocalIam iam, PrintStream log) {
        List<String> problems = problems(template, packages);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
        LambdaFunctions lambdas = new LambdaFunctions(template.stack().region(), template.stack().accountId(), log);
        for (LocalTemplate.Function f : template.functions()) {
            lambdas.register(f.name(), f.memoryMb(), f.timeoutSeconds(),
                    new ColdStart(packages.handlerClass(f), packages.loaderOf(f), environment(f, local, iam)));
        }
        return new FunctionHost(lambdas);
    }

    /**
     * The environment a function runs with, as Lambda gives it: its template variables, {@code local} (the endpoint,
     * region, ...), its name, memory and version, and its role's credentials.
     */
    static Map<String, String> environment(LocalTemplate.Function f, Map<String, String> local, LocalIam iam) {
        Map<String, String> environment = new LinkedHashMap<>(environment(f, local));
        String key = iam.accessKeyOf(f.logicalId());
        if (key != null) {
            environment.put("AWS_ACCESS_KEY_ID", key);
            environment.put("AWS_SECRET_ACCESS_KEY", LocalIam.SECRET_KEY);
        }
        return Map.copyOf(environment);
    }

    /** The environment a function runs with, without a role's credentials: its template variables, {@code local}, Lambda's. */
    private static Map<String, String> environment(LocalTemplate.Function f, Map<String, String> local) {
        Map<String, String> environment = new LinkedHashMap<>(f.environment());
        environment.putAll(local);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        return Map.copyOf(environment);
    }

    /**
     * A function of the template made now, as up makes it on its first invocation, but from this process's class path
     * and with the caller's credentials: for a command that runs one workflow of the template in its own process
     * ({@code controlplane replicate}).
     *
     * @param local the variables the function gets on top of its template's (the caller's endpoint, region, ...)
     * @throws IllegalArgumentException when the handler class is not on this process's class path
     */
    public static RequestStreamHandler onClassPath(LocalTemplate.Function f, Map<String, String> local) {
        Class<?> type;
        try {
            type = Class.forName(f.handlerClass(), false, FunctionHost.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(f.logicalId() + ": handler class " + f.handlerClass() + " is not on this"
                    + " process's class path");
        }
        return create(type, environment(f, local));
    }

    /** Why each function that cannot be served in-process cannot be (checked before anything starts). */
    static List<String> problems(LocalTemplate template, FunctionPackages packages) {
        List<String> problems = new ArrayList<>();
        for (LocalTemplate.Function f : template.functions()) {
            String unloadable = packages.unloadable(f);
            Class<?> type = packages.handlerClass(f);
            if (unloadable != null) {
                problems.add(f.logicalId() + ": " + unloadable);
            } else if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
                problems.add(f.logicalId() + ": " + f.handlerClass() + " is neither a RequestHandler nor a RequestStreamHandler");
            } else if (!hasEnvironmentConstructor(type)) {
                problems.add(f.logicalId() + ": " + f.handlerClass() + " has no public (Map<String, String> environment) constructor,"
                        + " so the local runtime cannot give it its template environment (it would read this process's)");
            } else if (!f.handlerMethod().equals("handleRequest")) {
                problems.add(f.logicalId() + ": handler method " + f.handlerMethod() + " is not handleRequest, the method the local runtime calls");
            }
        }
        return problems;
    }

    /** The functions that cannot be loaded: logical id to why (for a checkout without them yet). */
    static Map<String, String> missingHandlers(LocalTemplate template, FunctionPackages packages) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (LocalTemplate.Function f : template.functions()) {
            String unloadable = packages.unloadable(f);
            if (unloadable != null) missing.put(f.logicalId(), unloadable);
        }
        return missing;
    }

    private static boolean hasEnvironmentConstructor(Class<?> type) {
        try {
            type.getConstructor(Map.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The functions as the engine's Lambda integration. */
    LambdaFunctions lambdas() {
        return lambdas;
    }

    @Override
    public JsonNode invoke(String functionName, JsonNode payload) {
        return lambdas.invoke(functionName, payload);
    }

    /**
     * A handler created on first use, with its environment. Its code runs with its package's class loader as the
     * thread's context class loader, as in Lambda (the SDKs look service implementations up through it).
     */
    private static final class ColdStart implements RequestStreamHandler {
        private final Class<?> type;
        private final ClassLoader loader;
        private final Map<String, String> environment;
        private volatile RequestStreamHandler handler;

        ColdStart(Class<?> type, ClassLoader loader, Map<String, String> environment) {
            this.type = type;
            this.loader = loader;
            this.environment = environment;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                handler().handleRequest(input, output, context);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        private RequestStreamHandler handler() {
            RequestStreamHandler h = handler;
            if (h != null) return h;
            synchronized (this) {
                if (handler == null) handler = create(type, environment);
                return handler;
            }
        }
    }

    /** A handler made through its {@code (Map<String, String> environment)} constructor, as a stream handler. */
    private static RequestStreamHandler create(Class<?> type, Map<String, String> environment) {
        Object instance;
        try {
            instance = type.getConstructor(Map.class).newInstance(environment);
        } catch (InvocationTargetException e) {
            // the handler's own initialisation failed: report it as Lambda reports an init error
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(type.getName() + " failed to initialise: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " cannot be created: " + e, e);
        }
        if (instance instanceof RequestStreamHandler s) return s;
        return LambdaFunctions.adapt((RequestHandler<?, ?>) instance);
    }
}
