package dev.controlplane.domain.replication;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source listing and a target listing matched by key: each key is visited once, with its object on the source
 * side, the target side or both.
 *
 * <p>Listings in strictly increasing key order (as {@code S3ObjectListing} returns them) are merged in one pass, in
 * key order, allocating nothing: a plan of a no-op run over tens of thousands of keys is this join and little else,
 * in a cold JVM, on the path of every run. Any other order (or a key listed twice) is matched through a hash map:
 * the source's keys in their order, then the target's keys absent from the source in theirs; a key listed twice on
 * a side counts by its last entry.
 */
public final class ListingJoin {

    /** Sees one key's objects; at most one of them is null. */
    @FunctionalInterface
    public interface Visitor {
        void visit(ListedObject source, ListedObject target);
    }

    private ListingJoin() {
    }

    public static void forEachKey(List<ListedObject> source, List<ListedObject> target, Visitor visitor) {
        if (strictlyIncreasing(source) && strictlyIncreasing(target)) {
            merge(source, target, visitor);
        } else {
            hashed(source, target, visitor);
        }
    }

    private static void merge(List<ListedObject> source, List<ListedObject> target, Visitor visitor) {
        int s = 0;
        int t = 0;
        int sources = source.size();
        int targets = target.size();
        while (s < sources || t < targets) {
            ListedObject inSource = s < sources ? source.get(s) : null;
            ListedObject inTarget = t < targets ? target.get(t) : null;
            int order = inSource == null ? 1 : inTarget == null ? -1 : inSource.key().compareTo(inTarget.key());
            if (order < 0) {
                visitor.visit(inSource, null);
                s++;
            } else if (order > 0) {
                visitor.visit(null, inTarget);
                t++;
            } else {
                visitor.visit(inSource, inTarget);
                s++;
                t++;
            }
        }
    }

    private static void hashed(List<ListedObject> source, List<ListedObject> target, Visitor visitor) {
        Map<String, ListedObject> targetByKey = new HashMap<>(target.size() * 2);
        for (ListedObject object : target) {
            targetByKey.put(object.key(), object);
        }
        Map<String, ListedObject> sourceByKey = new HashMap<>(source.size() * 2);
        for (ListedObject object : source) {
            sourceByKey.put(object.key(), object);
        }
        Set<String> visited = new HashSet<>(source.size() * 2);
        for (ListedObject object : source) {
            if (visited.add(object.key())) {
                visitor.visit(sourceByKey.get(object.key()), targetByKey.get(object.key()));
            }
        }
        for (ListedObject object : target) {
            if (!sourceByKey.containsKey(object.key()) && visited.add(object.key())) {
                visitor.visit(null, targetByKey.get(object.key()));
            }
        }
    }

    private static boolean strictlyIncreasing(List<ListedObject> objects) {
        String previous = null;
        for (ListedObject object : objects) {
            if (previous != null && previous.compareTo(object.key()) >= 0) {
                return false;
            }
            previous = object.key();
        }
        return true;
    }
}
