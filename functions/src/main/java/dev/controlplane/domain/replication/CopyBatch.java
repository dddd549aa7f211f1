package dev.controlplane.domain.replication;

import java.util.List;

/**
 * A slice of a plan's copies that one function invocation copies: the unit a Distributed Map hands out.
 *
 * @param index from 0, in key order
 */
public record CopyBatch(int index, List<ListedObject> objects) {

    public CopyBatch {
        objects = List.copyOf(objects);
    }

    public long bytes() {
        return objects.stream().mapToLong(ListedObject::size).sum();
    }
}
