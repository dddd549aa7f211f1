package dev.controlplane.local.packaged;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A handler that FunctionPackagesTest packs into a jar: it reports which class loaders it sees. */
public final class PackagedHandler implements RequestStreamHandler {
    public PackagedHandler(Map<String, String> environment) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        String answer = PackagedGreeting.text() + " loader=" + getClass().getClassLoader().getName()
                + " context=" + Thread.currentThread().getContextClassLoader().getName()
                + " sees-runtime=" + visible("dev.controlplane.local.LocalRuntime");
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean visible(String name) {
        try {
            Class.forName(name, false, PackagedHandler.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
