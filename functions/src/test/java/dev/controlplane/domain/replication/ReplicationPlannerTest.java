package dev.controlplane.domain.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.config.DatasetLocation;
import dev.controlplane.domain.config.KeyGlob;
import dev.controlplane.domain.config.ReplicationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationPlannerTest {

    private static final DatasetLocation SOURCE = new DatasetLocation("prod", "sales/");
    private static final DatasetLocation TARGET = new DatasetLocation("staging", "copy/sales/");
    private static final String MD5_A = "0cc175b9c0f1b6a831c399e269772661";
    private static final String MD5_B = "92eb5ffee6ae2fec3ad71c777531578f";

    private static ReplicationPlanner planner(ReplicationMode mode, KeySelection selection, ChecksumLookup checksums) {
        return new ReplicationPlanner(SOURCE, TARGET, mode, selection, checksums);
    }

    private static ReplicationPlanner planner(ReplicationMode mode) {
        return planner(mode, KeySelection.everything(), ChecksumLookup.NONE);
    }

    private static List<String> keys(List<ListedObject> objects) {
        return objects.stream().map(ListedObject::key).toList();
    }

    @Test
    void emptyTargetGetsEveryObjectInKeyOrder() {
        ReplicationPlan plan = planner(ReplicationMode.MIRROR).plan(List.of(
                new ListedObject("b.csv", 2, MD5_B), new ListedObject("a.csv", 1, MD5_A)), List.of());

        assertThat(keys(plan.copies())).containsExactly("a.csv", "b.csv");
        assertThat(plan.copyBytes()).isEqualTo(3);
        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.skippedObjects()).isZero();
    }

    @Test
    void sameSizeAndEtagIsSkippedEvenWhenListedWithQuotes() {
        ReplicationPlan plan = planner(ReplicationMode.MIRROR).plan(
                List.of(new ListedObject("a.csv", 1, "\"" + MD5_A + "\"")), List.of(new ListedObject("a.csv", 1, MD5_A)));

        assertThat(plan.inSync()).isTrue();
        assertThat(plan.skippedObjects()).isEqualTo(1);
        assertThat(plan.skippedBytes()).isEqualTo(1);
    }

    @Test
    void otherSizeOrOtherMd5IsCopied() {
        ReplicationPlan plan = planner(ReplicationMode.MIRROR).plan(
                List.of(new ListedObject("size.csv", 5, MD5_A), new ListedObject("md5.csv", 1, MD5_B)),
                List.of(new ListedObject("size.csv", 4, MD5_A), new ListedObject("md5.csv", 1, MD5_A)));

        assertThat(keys(plan.copies())).containsExactly("md5.csv", "size.csv");
    }

    @Test
    void mirrorDeletesTargetKeysTheSourceLacksAndAdditiveKeepsThem() {
        List<ListedObject> source = List.of(new ListedObject("a.csv", 1, MD5_A));
        List<ListedObject> target = List.of(new ListedObject("a.csv", 1, MD5_A), new ListedObject("old.csv", 1, MD5_B));

        assertThat(planner(ReplicationMode.MIRROR).plan(source, target).deletes()).containsExactly("old.csv");
        assertThat(planner(ReplicationMode.ADDITIVE).plan(source, target).deletes()).isEmpty();
    }

    @Test
    void excludedKeysAreNeitherCopiedNorDeleted() {
        KeySelection selection = new KeySelection(List.of(KeyGlob.of("**")), List.of(KeyGlob.of("**/_temporary/**")));
        ReplicationPlan plan = planner(ReplicationMode.MIRROR, selection, ChecksumLookup.NONE).plan(
                List.of(new ListedObject("a.csv", 1, MD5_A), new ListedObject("x/_temporary/0", 1, MD5_A)),
                List.of(new ListedObject("y/_temporary/1", 1, MD5_B)));

        assertThat(keys(plan.copies())).containsExactly("a.csv");
        assertThat(plan.deletes()).as("a target key outside the globs is not the dataset's to delete").isEmpty();
        assertThat(plan.excludedObjects()).isEqualTo(1);
    }

    @Test
    void includeGlobsLimitWhatIsCopied() {
        KeySelection selection = new KeySelection(List.of(KeyGlob.of("**/*.parquet")), List.of());
        ReplicationPlan plan = planner(ReplicationMode.MIRROR, selection, ChecksumLookup.NONE).plan(
                List.of(new ListedObject("d/p.parquet", 1, MD5_A), new ListedObject("d/readme.txt", 1, MD5_A)),
                List.of());

        assertThat(keys(plan.copies())).containsExactly("d/p.parquet");
    }

    @Test
    void multipartEtagAgainstSinglePartEtagOfSameSizeIsSettledByFullObjectChecksums() {
        List<String> asked = new ArrayList<>();
        Map<String, String> checksums = Map.of(
                "prod/sales/same.bin", "CRC64NVME:AAAA", "staging/copy/sales/same.bin", "CRC64NVME:AAAA",
                "prod/sales/changed.bin", "CRC64NVME:AAAA", "staging/copy/sales/changed.bin", "CRC64NVME:BBBB");
        ChecksumLookup lookup = (bucket, key) -> {
            asked.add(bucket + "/" + key);
            return Optional.ofNullable(checksums.get(bucket + "/" + key));
        };
        ReplicationPlan plan = planner(ReplicationMode.MIRROR, KeySelection.everything(), lookup).plan(
                List.of(new ListedObject("same.bin", 10, "abc-2"), new ListedObject("changed.bin", 10, "abc-2"),
                        new ListedObject("plain.bin", 10, MD5_A)),
                List.of(new ListedObject("same.bin", 10, MD5_A), new ListedObject("changed.bin", 10, MD5_A),
                        new ListedObject("plain.bin", 10, MD5_A)));

        assertThat(keys(plan.copies())).containsExactly("changed.bin");
        assertThat(plan.skippedObjects()).isEqualTo(2);
        assertThat(asked).as("equal ETags need no checksum").doesNotContain("prod/sales/plain.bin");
    }

    @Test
    void undecidedPairWithoutChecksumsIsCopied() {
        ReplicationPlan plan = planner(ReplicationMode.MIRROR).plan(List.of(new ListedObject("a.bin", 10, "abc-2")),
                List.of(new ListedObject("a.bin", 10, MD5_A)));

        assertThat(keys(plan.copies())).containsExactly("a.bin");
    }

    @Test
    void multipartEtagsThatAreEqualNeedNoChecksum() {
        ChecksumLookup refusing = (bucket, key) -> {
            throw new AssertionError("no checksum needed for " + key);
        };
        ReplicationPlan plan = planner(ReplicationMode.MIRROR, KeySelection.everything(), refusing)
                .plan(List.of(new ListedObject("a.bin", 10, "abc-2")), List.of(new ListedObject("a.bin", 10, "abc-2")));

        assertThat(plan.inSync()).isTrue();
    }

    @Test
    void replanningAfterAPartialCopyCopiesOnlyWhatIsMissing() {
        List<ListedObject> source = List.of(new ListedObject("a", 1, MD5_A), new ListedObject("b", 1, MD5_B),
                new ListedObject("c", 1, MD5_A));
        ReplicationPlan first = planner(ReplicationMode.MIRROR).plan(source, List.of());
        List<ListedObject> afterCrash = List.of(first.copies().get(0));

        ReplicationPlan again = planner(ReplicationMode.MIRROR).plan(source, afterCrash);

        assertThat(keys(again.copies())).containsExactly("b", "c");
        assertThat(again.skippedObjects()).isEqualTo(1);
    }

    @Test
    void batchesAreCutByCountAndByBytesAndAnOversizedObjectGoesAlone() {
        ReplicationBatching batching = new ReplicationBatching(2, 100);
        List<CopyBatch> batches = batching.batches(List.of(new ListedObject("a", 10, MD5_A),
                new ListedObject("b", 10, MD5_A), new ListedObject("c", 10, MD5_A), new ListedObject("d", 95, MD5_A),
                new ListedObject("e", 500, MD5_A), new ListedObject("f", 1, MD5_A)));

        assertThat(batches).extracting(batch -> keys(batch.objects())).containsExactly(
                List.of("a", "b"), List.of("c"), List.of("d"), List.of("e"), List.of("f"));
        assertThat(batches).extracting(CopyBatch::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(batches.get(3).bytes()).isEqualTo(500);
    }

    @Test
    void deletesAreSlicedInThousands() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_001; i++) {
            keys.add("k" + i);
        }

        assertThat(ReplicationBatching.deleteBatches(keys)).extracting(List::size).containsExactly(1_000, 1_000, 1);
    }
}
