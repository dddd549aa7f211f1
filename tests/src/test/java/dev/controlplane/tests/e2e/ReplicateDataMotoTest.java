package dev.controlplane.tests.e2e;

import dev.controlplane.aws.MotoEndpoint;
import dev.testsupport.EndToEndTest;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** replicate-data against moto's server (skipped, with the reason, where moto is not installed). */
@EndToEndTest
class ReplicateDataMotoTest extends ReplicateDataScenarios {

    private static MotoEndpoint moto;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoEndpoint.startOrSkip();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    URI endpoint() {
        return moto.endpoint();
    }
}
