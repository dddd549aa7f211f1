package dev.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access control lists of jobs (a submitted run's job), clusters and cluster policies, served by
 * /api/2.0/permissions/{type}/{id}. Lists are stored and returned; calls are not checked against them.
 */
final class Permissions {

    /** One permission of one principal. */
    record Grant(String principalField, String principal, String level) {}

    private record ObjectType(String singular, List<String> levels, String adminLevel) {}

    private static final Map<String, ObjectType> TYPES = Map.of(
            "jobs", new ObjectType("job", List.of("CAN_VIEW", "CAN_MANAGE_RUN", "IS_OWNER", "CAN_MANAGE"),
                    "CAN_MANAGE"),
            "clusters", new ObjectType("cluster", List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"),
                    "CAN_MANAGE"),
            "cluster-policies", new ObjectType("cluster-policy", List.of("CAN_USE"), "CAN_USE"));

    private static final List<String> PRINCIPAL_FIELDS = List.of("user_name", "group_name", "service_principal_name");

    private static final String PERMISSIONS = "permissions";

    private final Map<String, List<Grant>> lists = new ConcurrentHashMap<>();
    private final WorkspaceJournal journal;

    Permissions(WorkspaceJournal journal) {
        this.journal = journal;
    }

    /** Takes up the lists the journal kept. */
    void restore() {
        journal.restored(PERMISSIONS, Grant[].class).forEach((key, grants) -> lists.put(key, List.of(grants)));
    }

    /** Makes an object known, with the grants it is created with. */
    void register(String type, String id, List<Grant> grants) {
        put(key(type, id), List.copyOf(grants));
    }

    void forget(String type, String id) {
        String key = key(type, id);
        lists.remove(key);
        keep(key);
    }

    private void put(String key, List<Grant> grants) {
        lists.put(key, grants);
        keep(key);
    }

    private void keep(String key) {
        journal.keep(PERMISSIONS, key, () -> lists.get(key));
    }

    /** Parses and checks an access_control_list for an object of {@code type}. */
    static List<Grant> parse(String type, JsonNode acl) {
        ObjectType objectType = objectType(type);
        List<Grant> grants = new ArrayList<>();
        if (acl == null || acl.isNull() || acl.isMissingNode()) {
            return grants;
        }
        if (!acl.isArray()) {
            throw ApiException.invalidParameter("access_control_list must be an array");
        }
        for (int i = 0; i < acl.size(); i++) {
            JsonNode entry = acl.get(i);
            List<String> named = PRINCIPAL_FIELDS.stream().filter(f -> Json.text(entry, f).isPresent()).toList();
            if (named.size() != 1) {
                throw ApiException.invalidParameter("access_control_list[" + i + "] must name exactly one of "
                        + String.join(", ", PRINCIPAL_FIELDS));
            }
            String where = "access_control_list[" + i + "]";
            String level = Json.text(entry, "permission_level").orElseThrow(
                    () -> ApiException.missingField(where + ".permission_level"));
            if (!objectType.levels().contains(level)) {
                throw ApiException.invalidParameter("Permission level " + level + " in " + where
                        + " is not supported for " + type + "; expected one of " + objectType.levels());
            }
            grants.add(new Grant(named.get(0), entry.get(named.get(0)).asText(), level));
        }
        if (grants.stream().filter(g -> g.level().equals("IS_OWNER")).count() > 1) {
            throw ApiException.invalidParameter("access_control_list can name only one IS_OWNER");
        }
        return grants;
    }

    ObjectNode get(ApiRequest request) {
        String type = request.pathIds().get(0);
        String id = request.pathIds().get(1);
        return render(type, id, existing(type, id));
    }

    /** PUT: the new list replaces the old one; a job keeps its owner unless the list names another. */
    ObjectNode set(ApiRequest request) {
        String type = request.pathIds().get(0);
        String id = request.pathIds().get(1);
        List<Grant> old = existing(type, id);
        List<Grant> grants = parse(type, request.body().get("access_control_list"));
        if (grants.stream().noneMatch(g -> g.level().equals("IS_OWNER"))) {
            old.stream().filter(g -> g.level().equals("IS_OWNER")).findFirst().ifPresent(owner -> grants.add(0, owner));
        }
        put(key(type, id), List.copyOf(grants));
        return render(type, id, grants);
    }

    /** PATCH: each principal named gets the given level in place of the one it had. */
    ObjectNode update(ApiRequest request) {
        String type = request.pathIds().get(0);
        String id = request.pathIds().get(1);
        List<Grant> grants = new ArrayList<>(existing(type, id));
        for (Grant added : parse(type, request.body().get("access_control_list"))) {
            grants.removeIf(g -> g.principal().equals(added.principal())
                    && g.principalField().equals(added.principalField()));
            grants.add(added);
        }
        put(key(type, id), List.copyOf(grants));
        return render(type, id, grants);
    }

    ObjectNode levels(ApiRequest request) {
        String type = request.pathIds().get(0);
        existing(type, request.pathIds().get(1));
        ArrayNode levels = Json.array();
        objectType(type).levels().forEach(l -> levels.addObject().put("permission_level", l));
        ObjectNode answer = Json.object();
        answer.set("permission_levels", levels);
        return answer;
    }

    private List<Grant> existing(String type, String id) {
        objectType(type);
        List<Grant> grants = lists.get(key(type, id));
        if (grants == null) {
            throw ApiException.notFound(capitalised(objectType(type).singular()) + " " + id + " does not exist.");
        }
        return new ArrayList<>(grants);
    }

    private static ObjectNode render(String type, String id, List<Grant> grants) {
        ObjectType objectType = objectType(type);
        Map<String, ObjectNode> byPrincipal = new LinkedHashMap<>();
        for (Grant g : grants) {
            ObjectNode entry = byPrincipal.computeIfAbsent(g.principalField() + ":" + g.principal(), k -> {
                ObjectNode e = Json.object();
                e.put(g.principalField(), g.principal());
                e.putArray("all_permissions");
                return e;
            });
            ((ArrayNode) entry.get("all_permissions")).addObject()
                    .put("permission_level", g.level())
                    .put("inherited", false);
        }
        ObjectNode admins = Json.object().put("group_name", "admins");
        ObjectNode inherited = admins.putArray("all_permissions").addObject()
                .put("permission_level", objectType.adminLevel())
                .put("inherited", true);
        inherited.putArray("inherited_from_object").add("/" + type + "/");
        ObjectNode answer = Json.object();
        answer.put("object_id", "/" + type + "/" + id);
        answer.put("object_type", objectType.singular());
        ArrayNode list = answer.putArray("access_control_list");
        byPrincipal.values().forEach(list::add);
        list.add(admins);
        return answer;
    }

    private static ObjectType objectType(String type) {
        ObjectType objectType = TYPES.get(type);
        if (objectType == null) {
            throw ApiException.invalidParameter("Permissions of " + type + " are not served by the local workspace;"
                    + " expected one of " + TYPES.keySet());
        }
        return objectType;
    }

    private static String key(String type, String id) {
        return type + "/" + id;
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
