package dev.aslengine.integration.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsEndpointsTest {

    @Test
    void environmentGivesRegionEndpointAndCredentials() {
        AwsEndpoints e = AwsEndpoints.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "secret"));

        assertThat(e).isEqualTo(new AwsEndpoints("eu-west-1", URI.create("http://127.0.0.1:4566"), "id", "secret"));
    }

    @Test
    void emptyEnvironmentMeansRealAwsInUsEast1WithTheDefaultCredentialChain() {
        assertThat(AwsEndpoints.fromEnvironment(Map.of())).isEqualTo(new AwsEndpoints("us-east-1", null, null, null));
    }

    @Test
    void awsRegionWinsOverAwsDefaultRegion() {
        assertThat(AwsEndpoints.fromEnvironment(Map.of("AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "eu-west-1")).region())
                .isEqualTo("eu-central-1");
    }

    @Test
    void aRelativeEndpointIsRefusedNamingTheField() {
        assertThatThrownBy(() -> AwsEndpoints.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "localhost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpointOverride").hasMessageContaining("localhost");
    }

    @Test
    void anAccessKeyWithoutItsSecretIsRefused() {
        assertThatThrownBy(() -> new AwsEndpoints("us-east-1", null, "id", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretAccessKey");
    }

    @Test
    void buildingTheIntegrationAndAskingWhatItSupportsLoadsNoSdkClass() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) urls.add(new File(entry).toURI().toURL());
        try (IsolatedLoader loader = new IsolatedLoader(urls.toArray(URL[]::new))) {
            Class<?> endpoints = loader.loadClass(AwsEndpoints.class.getName());
            Class<?> integration = loader.loadClass(AwsServiceIntegration.class.getName());
            Class<?> arn = loader.loadClass("dev.aslengine.integration.ResourceArn");
            Object local = endpoints.getMethod("local", URI.class).invoke(null, URI.create("http://127.0.0.1:1"));
            Object aws = integration.getConstructor(endpoints).newInstance(local);
            Method supports = integration.getMethod("supports", arn);
            Object resource = arn.getMethod("parse", String.class).invoke(null, "arn:aws:states:::aws-sdk:s3:getObject");

            assertThat(supports.invoke(aws, resource)).isEqualTo(true);
            assertThat(loader.loaded("software.amazon.awssdk.core.SdkClient")).isFalse();
            assertThat(loader.loaded("software.amazon.awssdk.services.s3.S3Client")).isFalse();
            assertThat(loader.loaded(AwsServiceIntegration.class.getPackageName() + ".SdkCaller")).isFalse();
            assertThat(loader.loaded(AwsServiceIntegration.class.getPackageName() + ".AwsService")).as("the integration itself came from this loader").isTrue();
        }
    }

    /** Loads the test class path afresh, so what the integration loads is visible. */
    private static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }
}
