package dev.controlplane.domain.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.controlplane.domain.config.DatasetLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Matching two listings by key: the one-pass merge of ordered listings and the hashed match of any others agree. */
class ListingJoinTest {

    private record Visit(String key, ListedObject source, ListedObject target) {
    }

    private static List<Visit> visits(List<ListedObject> source, List<ListedObject> target) {
        List<Visit> visits = new ArrayList<>();
        ListingJoin.forEachKey(source, target, (inSource, inTarget) -> visits.add(
                new Visit(inSource != null ? inSource.key() : inTarget.key(), inSource, inTarget)));
        return visits;
    }

    private static ListedObject object(String key, long size) {
        return new ListedObject(key, size, "\"e" + size + "\"");
    }

    @Test
    void orderedListingsAreMergedInKeyOrderEachKeyOnceWithWhatEachSideHas() {
        List<ListedObject> source = List.of(object("a", 1), object("b/1", 2), object("b/2", 3), object("d", 4));
        List<ListedObject> target = List.of(object("b/1", 2), object("c", 9), object("d", 5), object("e", 6));

        assertThat(visits(source, target)).containsExactly(
                new Visit("a", source.get(0), null),
                new Visit("b/1", source.get(1), target.get(0)),
                new Visit("b/2", source.get(2), null),
                new Visit("c", null, target.get(1)),
                new Visit("d", source.get(3), target.get(2)),
                new Visit("e", null, target.get(3)));
        assertThat(visits(List.of(), target)).extracting(Visit::key).containsExactly("b/1", "c", "d", "e");
        assertThat(visits(source, List.of())).extracting(Visit::key).containsExactly("a", "b/1", "b/2", "d");
        assertThat(visits(List.of(), List.of())).isEmpty();
    }

    @Test
    void listingsInAnyOrderGiveTheSamePairsAsOrderedOnes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<ListedObject> source = new ArrayList<>();
            List<ListedObject> target = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String key = "k" + Integer.toString(random.nextInt(40), 36) + (random.nextBoolean() ? "/x" : "");
                if (random.nextInt(3) > 0 && source.stream().noneMatch(o -> o.key().equals(key))) {
                    source.add(object(key, random.nextInt(3)));
                }
                if (random.nextInt(3) > 0 && target.stream().noneMatch(o -> o.key().equals(key))) {
                    target.add(object(key, random.nextInt(3)));
                }
            }
            List<ListedObject> sortedSource = sorted(source);
            List<ListedObject> sortedTarget = sorted(target);
            Collections.shuffle(source, random);
            Collections.shuffle(target, random);

            List<Visit> merged = visits(sortedSource, sortedTarget);
            assertThat(visits(source, target)).containsExactlyInAnyOrderElementsOf(merged);
            assertThat(visits(sortedSource, target)).containsExactlyInAnyOrderElementsOf(merged);
        }
    }

    @Test
    void aKeyListedTwiceIsVisitedOnceByItsLastEntry() {
        List<ListedObject> source = List.of(object("a", 1), object("a", 2), object("b", 3));
        List<ListedObject> target = List.of(object("b", 3), object("c", 1), object("c", 4));

        assertThat(visits(source, target)).containsExactly(
                new Visit("a", source.get(1), null),
                new Visit("b", source.get(2), target.get(0)),
                new Visit("c", null, target.get(2)));
    }

    @Test
    void locationsAreEqualByBucketAndPrefix() {
        DatasetLocation location = new DatasetLocation("prod", "sales/");

        assertThat(location).isEqualTo(new DatasetLocation("prod", "sales/"))
                .hasSameHashCodeAs(new DatasetLocation("prod", "sales/"))
                .isNotEqualTo(new DatasetLocation("prod", "sales-eu/"))
                .isNotEqualTo(new DatasetLocation("staging", "sales/"))
                .isNotEqualTo("s3://prod/sales/");
        assertThat(new DatasetLocation("prod", null)).isEqualTo(new DatasetLocation("prod", ""));
    }

    private static List<ListedObject> sorted(List<ListedObject> objects) {
        List<ListedObject> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparing(ListedObject::key));
        return sorted;
    }
}
