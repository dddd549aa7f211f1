package dev.controlplane.domain.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One environment of the promotion chain: its own AWS account, artifact bucket and control plane stack.
 *
 * @param artifactsBucket  null means the name template.yaml derives, {@link #derivedArtifactsBucket}
 * @param approvalRequired whether promoting INTO this environment waits for a manual approval
 * @param dataBuckets      the environment's data buckets (what replication reads in prod and writes in staging)
 * @param production       whether the environment is production: replication never writes to its buckets
 * @param catalogs         the Unity Catalog catalogs of the environment's tables (null: the catalog named after the
 *                         environment); replication never clones into a production environment's catalog
 * @param smokeRun         whether a version pulled into this environment runs once on a job cluster here (the
 *                         team's smoke parameters) before it counts as here and its latest can move
 */
public record EnvironmentConfig(String name, String account, String region, String artifactsBucket,
        boolean approvalRequired, List<String> dataBuckets, boolean production, List<String> catalogs, boolean smokeRun) {

    /** Environment names that are production without saying {@code "production": true}. */
    public static final Set<String> PRODUCTION_NAMES = Set.of("prod", "production");

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        if (artifactsBucket == null) {
            artifactsBucket = derivedArtifactsBucket(name, account, region);
        }
        dataBuckets = dataBuckets == null ? List.of() : List.copyOf(dataBuckets);
        catalogs = catalogs == null ? List.of(name) : List.copyOf(catalogs);
    }

    /** No smoke run. */
    public EnvironmentConfig(String name, String account, String region, String artifactsBucket,
            boolean approvalRequired, List<String> dataBuckets, boolean production, List<String> catalogs) {
        this(name, account, region, artifactsBucket, approvalRequired, dataBuckets, production, catalogs, false);
    }

    /** Its catalogs default to the one named after the environment. */
    public EnvironmentConfig(String name, String account, String region, String artifactsBucket,
            boolean approvalRequired, List<String> dataBuckets, boolean production) {
        this(name, account, region, artifactsBucket, approvalRequired, dataBuckets, production, null);
    }

    /** No data buckets; production when the name is one of {@link #PRODUCTION_NAMES}. */
    public EnvironmentConfig(String name, String account, String region, String artifactsBucket,
            boolean approvalRequired) {
        this(name, account, region, artifactsBucket, approvalRequired, List.of(), isProductionName(name));
    }

    public static boolean isProductionName(String name) {
        return PRODUCTION_NAMES.contains(name);
    }

    /** {@code controlplane-artifacts-{name}-{account}-{region}}, as template.yaml names the bucket. */
    public static String derivedArtifactsBucket(String name, String account, String region) {
        return "controlplane-artifacts-" + name + "-" + account + "-" + region;
    }

    /**
     * {@code arn:aws:events:{region}:{account}:event-bus/controlplane-promotions-{name}}, as template.yaml names the
     * environment's promotion bus: the one thing the environment before it may write to (one kind of event).
     */
    public String promotionBus() {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/controlplane-promotions-" + name;
    }

    /** Whether a catalog is one of the environment's; Unity Catalog names are case-insensitive. */
    public boolean ownsCatalog(String catalog) {
        return catalogs.stream().anyMatch(own -> own.equalsIgnoreCase(catalog));
    }

    /** Every bucket that belongs to the environment: its artifact bucket, then its data buckets. */
    public List<String> buckets() {
        List<String> buckets = new ArrayList<>();
        buckets.add(artifactsBucket);
        buckets.addAll(dataBuckets);
        return List.copyOf(buckets);
    }
}
