package dev.aslengine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Workflow variables of one scope. A Parallel branch or Map iteration gets a child scope: it reads the outer
 * variables but its assignments stay inside it, as in AWS.
 */
public final class Variables {
    private final Variables parent;
    private final Map<String, JsonNode> values = new HashMap<>();

    public Variables(Variables parent) {
        this.parent = parent;
    }

    public JsonNode get(String name) {
        for (Variables v = this; v != null; v = v.parent) {
            JsonNode value = v.values.get(name);
            if (value != null) return value;
        }
        return null;
    }

    /** Applies a whole Assign block at once: every expression saw the values from before the state. */
    public void assign(ObjectNode assigned) {
        for (var it = assigned.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            values.put(e.getKey(), e.getValue());
        }
    }

    /** This scope's own values as a JSON object, to keep a redrive point across a restart. */
    public ObjectNode toJson() {
        ObjectNode out = dev.aslengine.Json.object();
        values.forEach(out::set);
        return out;
    }

    /** A top-level scope holding the values of {@link #toJson()}. */
    public static Variables fromJson(ObjectNode values) {
        Variables v = new Variables(null);
        if (values != null) v.assign(values);
        return v;
    }

    /** A copy of this scope's own values (redrive restarts with the variables as they were). */
    public Variables snapshot() {
        Variables copy = new Variables(parent);
        copy.values.putAll(values);
        return copy;
    }
}
