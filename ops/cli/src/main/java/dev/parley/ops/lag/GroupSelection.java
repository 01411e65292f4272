package dev.parley.ops.lag;

import java.util.List;

/**
 * Which consumer groups {@code parley lag} reports: the named ones when any are named, else every group whose id
 * starts with the deployment's topic prefix (the streams apps' groups), or every group at all.
 *
 * @param named     group ids given with {@code --group}; when not empty, only these
 * @param prefix    the deployment's topic prefix, e.g. {@code parley.}
 * @param allGroups {@code --all}: every group of the cluster, prefixed or not
 */
record GroupSelection(List<String> named, String prefix, boolean allGroups) {

    GroupSelection {
        named = List.copyOf(named);
    }

    /** Whether a group found on the cluster belongs in the report; named groups are reported without listing. */
    boolean includes(String groupId) {
        if (!named.isEmpty()) return named.contains(groupId);
        return allGroups || groupId.startsWith(prefix);
    }
}
